"""Tables and text of a comparison: the formatted table, headings, files written.

Outputs (:func:`write_comparison`): ``replications.parquet`` (one row per scenario and
replication), ``comparison.csv`` / ``comparison.parquet`` (the summarised table),
``timing.parquet`` (share of students leaving per calendar month) and ``comparison.png``.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from vsvsim.analysis.comparison import COST_PER, METRICS, Comparison
from vsvsim.analysis.plots import plot_comparison

__all__ = ["describe", "footnote", "format_table", "report", "staged", "write_comparison"]


def _fmt(value: float, kind: str, unit: bool = True) -> str:
    if value is None or not np.isfinite(value):
        return "-"
    if kind == "pct":
        return f"{value:.1%}" if unit else f"{value * 100:.1f}"
    if kind == "score":
        return f"{value:.2f}"
    if kind == "week":
        return f"{value:.0f}"
    return f"{value:,.0f}"


def format_table(comp: Comparison) -> str:
    """The comparison as text: one row per metric, one column per scenario.

    Each cell is the mean over replications, with the 90% interval (5th-95th percentile)
    in brackets when there is more than one replication; "-" marks a missing value.
    """
    table = comp.table
    with_interval = comp.n_replications > 1
    lines = {}
    for metric, (heading, kind) in METRICS.items():
        if metric not in table.columns:
            continue
        cells = []
        for name in table.index:
            mean = table.at[name, metric]
            cell = _fmt(mean, kind)
            if with_interval and cell != "-":
                lo, hi = table.at[name, f"{metric}_p5"], table.at[name, f"{metric}_p95"]
                cell += f" ({_fmt(lo, kind, False)}-{_fmt(hi, kind, False)})"
            if metric in COST_PER and with_interval and cell != "-":
                cell += f" n={int(table.at[name, f'{metric}_n'])}"
            cells.append(cell)
        lines[heading] = cells
    shown = pd.DataFrame.from_dict(lines, orient="index", columns=list(table.index))
    return shown.to_string()


def describe(comp: Comparison, command: str = "compare") -> str:
    """Heading line(s) printed above the table."""
    r = comp.n_replications
    seeds = f"seed {comp.seed}" if r == 1 else f"seeds {comp.seed}-{comp.seed + r - 1}"
    text = (
        f"vsvsim {command}: {len(comp.scenarios)} scenarios x {r} replication(s), "
        f"{comp.students} students, {comp.years} school year(s), {seeds}\n"
        "(replication i uses seed + i in every scenario: same cohort and draws)"
    )
    if r > 1:
        text += "\nmean (5th-95th percentile over replications)"
    return text


def footnote(comp: Comparison) -> str:
    """How the costs per unit of a gain are computed, printed under the table."""
    ref = comp.reference
    text = (
        f"EUR per prevented dropout: (programme cost - {ref}'s) / "
        f"({ref}'s dropouts - dropouts) per replication; per extra basic qualification "
        f"and per youngster back in education or work a year on likewise, against {ref}'s "
        "count; '-' where nothing was gained (curative coaching prevents no dropout by "
        "definition: read its cost per youngster back)"
    )
    if comp.n_replications > 1:
        text += "; n = replications with a gain"
    return text


# --- figure -------------------------------------------------------------------------------


@contextlib.contextmanager
def staged(out: Path) -> Iterator[Path]:
    """Yield a scratch folder inside ``out``; move its files into ``out`` only on success.

    So a failed or interrupted run leaves no half-written set of files behind.
    """
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".vsvsim-", dir=out))
    try:
        yield scratch
        for f in scratch.iterdir():
            f.replace(out / f.name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def write_comparison(comp: Comparison, folder: Path, figure: bool = True) -> list[Path]:
    """Write the comparison's tables (and figure) into ``folder``.

    Returns:
        The files written.
    """
    paths = [folder / "replications.parquet"]
    comp.replications.to_parquet(paths[-1], index=False)
    paths.append(folder / "comparison.csv")
    comp.table.to_csv(paths[-1])
    paths.append(folder / "comparison.parquet")
    comp.table.to_parquet(paths[-1])
    paths.append(folder / "timing.parquet")
    comp.timing.to_parquet(paths[-1], index=False)
    if figure:
        paths.append(plot_comparison(comp, folder / "comparison.png"))
    return paths


def report(comp: Comparison, out: Path, files: Sequence[Path], command: str = "compare") -> None:
    """Print the heading, the table, the footnote and the files written."""
    print(describe(comp, command) + "\n")
    print(format_table(comp))
    print("\n" + footnote(comp))
    print(f"\nwritten to {out}/: " + ", ".join(p.name for p in files))
