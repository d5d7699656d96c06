"""The calibration guard over its seed blocks: how often do the defaults pass?

Usage::

    uv run python experiments/guard.py                    # all guard blocks, 3000 students
    uv run python experiments/guard.py --blocks 0 3 --students 1000 --out /tmp/guard

Each block runs every target scenario on its sixteen seeds (``vsvsim.analysis.seeds``,
never used in fitting or choosing) and judges every target by the rule of
:mod:`vsvsim.analysis.guard` (mean within the band widened by two standard errors). The
command prints the per-block table, writes ``guard.csv`` (one row per block and target)
and ``guard_blocks.csv`` (one row per block) to ``docs/calibration/`` (or ``--out``) and
prints the fraction of blocks passing and the wall time; ``guard_blocks.csv`` also records
the commit and date it was measured on. ``experiments/calibration_report.py`` reads
``guard_blocks.csv`` for its guard section.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import pandas as pd

from vsvsim.analysis.guard import SE_WIDEN, run_guard
from vsvsim.analysis.seeds import GUARD_BLOCK, GUARD_BLOCKS
from vsvsim.provenance import git_commit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "calibration"


def _git() -> str:
    """The commit the guard runs on (``+dirty`` with uncommitted changes to tracked files)."""
    head, dirty = git_commit(ROOT)
    return head + ("+dirty" if dirty else "")


def _parse(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--blocks",
        type=int,
        nargs="+",
        default=list(range(GUARD_BLOCKS)),
        help=f"guard blocks to run (default all: 0 to {GUARD_BLOCKS - 1})",
    )
    ap.add_argument("--students", type=int, default=3000, help="cohort per run (default 3000)")
    ap.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="directory receiving guard.csv and guard_blocks.csv (default docs/calibration)",
    )
    a = ap.parse_args(argv)
    if a.students < 1:
        ap.error("--students must be at least 1")
    bad = [k for k in a.blocks if not 0 <= k < GUARD_BLOCKS]
    if bad:
        ap.error(f"guard blocks are 0 to {GUARD_BLOCKS - 1}, not {bad}")
    return a


def _near_edges(table: pd.DataFrame) -> pd.DataFrame:
    """Targets whose mean lies outside the band itself on a block, pooled over the blocks.

    A target the widening carries on some blocks sits at a band edge; the pooled mean
    (every block has the same replications, so the mean of the block means) with its SE
    says whether it is at the edge or across it.
    """
    near = table.loc[table["outside_se"] > 0, "target"].unique()
    rows = []
    for tid in near:
        t = table[table["target"] == tid]
        rows.append(
            {
                "target": tid,
                "blocks_outside": int((t["outside_se"] > 0).sum()),
                "blocks_failing": int((~t["pass"]).sum()),
                "pooled_mean": t["mean"].mean(),
                # Blocks are independent: the SE of the mean of K block means.
                "pooled_se": (t["se"] ** 2).sum() ** 0.5 / len(t),
                "low": t["low"].iloc[0],
                "high": t["high"].iloc[0],
            }
        )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> dict[str, Path]:
    """Run the guard and write its tables.

    Args:
        argv: Command-line arguments (default: ``sys.argv``).

    Returns:
        The files written, by name.
    """
    a = _parse(argv)
    # Taken before the runs, so a file edited meanwhile cannot be credited to this commit.
    commit = _git()
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    t0 = time.perf_counter()
    result = run_guard(a.blocks, students=a.students)
    wall = time.perf_counter() - t0
    a.out.mkdir(parents=True, exist_ok=True)
    files = {"guard.csv": a.out / "guard.csv", "guard_blocks.csv": a.out / "guard_blocks.csv"}
    result.table.to_csv(files["guard.csv"], index=False, float_format="%.6g")
    # The report states what the blocks were measured on; the per-block file carries it.
    blocks = result.blocks.assign(commit=commit, date=date)
    blocks.to_csv(files["guard_blocks.csv"], index=False, float_format="%.4g")

    fails = result.table[~result.table["pass"]]
    with pd.option_context("display.width", 120, "display.max_columns", 20):
        print(result.blocks.drop(columns=["students", "targets"]).to_string(index=False))
        if len(fails):
            print("\nfailing targets:")
            cols = ["block", "target", "mean", "se", "low", "high", "outside_se", "reason"]
            print(fails[cols].to_string(index=False, float_format="{:.4f}".format))
        near = _near_edges(result.table)
        if len(near):
            print(
                "\ntargets outside their band itself on some block (pooled: the mean of the "
                "block means, and its SE):"
            )
            print(near.to_string(index=False, float_format="{:.4f}".format))
    passing = int(result.blocks["pass"].sum())
    print(
        f"\n{passing} of {len(result.blocks)} blocks pass ({result.fraction:.0%}) at "
        f"{a.students} students, {GUARD_BLOCK} replications a block, rule: mean within "
        f"the band widened by {SE_WIDEN:g} SE"
    )
    print(
        f"wall time {wall:.0f} s ({wall / len(result.blocks):.0f} s a block); "
        f"wrote {files['guard.csv']} and {files['guard_blocks.csv']}"
    )
    return files


if __name__ == "__main__":
    main()
