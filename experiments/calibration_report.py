"""Calibration report: the model against targets T1-T7, the patterns behind them, ablations.

One command regenerates everything (about a minute at the defaults on 2 cores)::

    uv run python experiments/calibration_report.py

It writes ``docs/calibration.md`` and, in ``docs/calibration/``, four figures (PNG), each
with a CSV of the numbers drawn next to it, plus the target table, every replication's
target values and the ablation table as CSV:

1. ``group_means``: weekly means (95% band over students) of commitment, time investment,
   confidence and wellbeing, November-July, for the process study's three groups.
2. ``aligned_leaving``: trajectories aligned on the week of leaving, school leavers vs
   switchers.
3. ``leaving_by_month``: the share of leavers per month of the school year (baseline).
4. ``coach_actions``: coach action and goal shares next to the brief's ordering.
5. ``targets.csv``: every target from :func:`vsvsim.targets.score` (``target_values.csv``:
   the per-replication values it reduces).
6. ``ablation.csv``: every target with each of the nine mechanisms switched off in turn.

Replication i of every scenario uses seed ``seed + i``, as in
:func:`vsvsim.targets.measure`, so the figures come from the same runs as the target table,
and an ablation is compared with the default on the same seeds (common random numbers).
The computing is :mod:`vsvsim.analysis.calibration`, the figures
:mod:`vsvsim.analysis.calibration_plots` and the text
:mod:`vsvsim.analysis.calibration_text`; this script parses the arguments, calls the three
in that order and writes the files. It only reads ``docs/calibration/fit.csv`` (written
by ``experiments/calibrate.py``) and ``docs/calibration/guard_blocks.csv`` (written by
``experiments/guard.py``, for the guard section); it never writes ``fit.csv``,
``fit_samples.parquet`` or the guard's tables.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from vsvsim.analysis.calibration import (
    CalibrationTables,
    Settings,
    ablation,
    compute_figure_tables,
    read_fit,
    target_table,
)
from vsvsim.analysis.calibration_plots import (
    plot_aligned,
    plot_coach_shares,
    plot_group_trajectories,
    plot_leaving_months,
)
from vsvsim.analysis.calibration_text import SUBDIR, Provenance, markdown
from vsvsim.analysis.guard import read_guard
from vsvsim.analysis.posterior_report import (
    marks,
    pairs_parameters,
    plot_posterior_pairs,
    prior_bounds,
    read_inference,
    text_posterior,
    weighted_summary,
)
from vsvsim.provenance import git_commit

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "docs"
DEFAULT_FIT = REPO / "docs" / "calibration" / "fit.csv"
DEFAULT_GUARD = REPO / "docs" / "calibration" / "guard_blocks.csv"
DEFAULT_INFERENCE = REPO / "docs" / "calibration" / "inference"
COMMAND = "uv run python experiments/calibration_report.py"


@dataclass(frozen=True)
class Options:
    """The command line: what to run and where to write.

    Attributes:
        settings: What the report runs.
        out: Directory receiving ``calibration.md`` and ``calibration/``.
        fit: Path of the fit table of ``experiments/calibrate.py``.
        guard: Path of the per-block table of ``experiments/guard.py``.
        inference: Output folder of ``experiments/calibration_pipeline.py``.
    """

    settings: Settings
    out: Path
    fit: Path
    guard: Path = DEFAULT_GUARD
    inference: Path = DEFAULT_INFERENCE

    @property
    def figures(self) -> Path:
        """Directory of the figures and tables."""
        return self.out / SUBDIR

    def command(self) -> str:
        """The command line that reproduces this report."""
        s = self.settings
        parts = [COMMAND]
        if s.quick:
            parts.append("--quick")
        parts += [
            f"--students {s.students}",
            f"--replications {s.replications}",
            f"--ablation-replications {s.ablation_replications}",
            f"--seed {s.seed}",
        ]
        if self.out.resolve() != DEFAULT_OUT.resolve():
            parts.append(f"--out {self.out}")
        if self.inference.resolve() != DEFAULT_INFERENCE.resolve():
            parts.append(f"--inference {self.inference}")
        return " ".join(parts)


def _git() -> str:
    head, dirty = git_commit(REPO)
    if head == "unknown":
        return head
    return f"`{head}`" + (" plus uncommitted changes" if dirty else "")


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def _parse(argv: list[str] | None) -> Options:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--students",
        type=int,
        default=None,
        help="initial cohort of every run (default 3000; 400 with --quick)",
    )
    ap.add_argument(
        "--replications",
        type=int,
        default=None,
        help="replications of the target table and figures (default 5; 1 quick)",
    )
    ap.add_argument(
        "--ablation-replications",
        type=int,
        default=None,
        help="replications of each ablation (default: as --replications)",
    )
    ap.add_argument("--seed", type=int, default=0, help="seed of replication 0")
    ap.add_argument("--quick", action="store_true", help="fast smoke run (tiny cohort)")
    ap.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="directory receiving calibration.md and calibration/ (default docs)",
    )
    ap.add_argument(
        "--fit",
        type=Path,
        default=DEFAULT_FIT,
        help="fit table of experiments/calibrate.py (read only)",
    )
    ap.add_argument(
        "--guard",
        type=Path,
        default=DEFAULT_GUARD,
        help="per-block table of experiments/guard.py (read only)",
    )
    ap.add_argument(
        "--inference",
        type=Path,
        default=DEFAULT_INFERENCE,
        help="output folder of experiments/calibration_pipeline.py, for the posterior "
        "section (read only; default docs/calibration/inference)",
    )
    a = ap.parse_args(argv)
    students = a.students or (400 if a.quick else 3000)
    reps = a.replications or (1 if a.quick else 5)
    abl = a.ablation_replications or reps
    if min(students, reps, abl) < 1:
        ap.error("--students and the replications must be at least 1")
    if abl > reps:
        ap.error("--ablation-replications cannot exceed --replications (it reuses their runs)")
    return Options(
        Settings(students, reps, abl, a.seed, a.quick), a.out, a.fit, a.guard, a.inference
    )


def main(argv: list[str] | None = None) -> dict[str, Path]:
    """Run everything and write the report.

    Args:
        argv: Command-line arguments (default: ``sys.argv``).

    Returns:
        Every file written, by name.
    """
    opts = _parse(argv)
    settings = opts.settings
    fig = opts.figures
    fig.mkdir(parents=True, exist_ok=True)
    # Read before the runs load the machine: the page reports how busy it was to begin with.
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    seconds: dict[str, float] = {}
    files: dict[str, Path] = {}

    def save(name: str, df: pd.DataFrame) -> None:
        files[name] = fig / name
        df.to_csv(fig / name, index=False, float_format="%.5g")

    t0 = time.perf_counter()
    values, scores = target_table(settings)
    save("target_values.csv", values)
    save("targets.csv", scores)
    seconds["targets"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    f = compute_figure_tables(settings)
    save("group_means.csv", f.groups)
    save("group_means_windows.csv", f.windows)
    save("aligned_leaving.csv", f.aligned)
    save("aligned_leaving_changes.csv", f.changes)
    save("coach_actions.csv", f.coach)
    save("leaving_by_month.csv", f.months)
    files["group_means.png"] = plot_group_trajectories(
        f.groups, f.study.start_year, fig / "group_means.png"
    )
    files["aligned_leaving.png"] = plot_aligned(f.aligned, fig / "aligned_leaving.png")
    files["coach_actions.png"] = plot_coach_shares(f.coach, fig / "coach_actions.png")
    files["leaving_by_month.png"] = plot_leaving_months(
        f.months, settings.replications, fig / "leaving_by_month.png"
    )
    seconds["figures"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    abl = ablation(settings, values)
    save("ablation.csv", abl)
    seconds["ablation"] = time.perf_counter() - t0

    inf = read_inference(opts.inference, _rel(opts.inference))
    pairs = None
    if inf is not None:
        names = pairs_parameters(inf)
        files["posterior_pairs.png"] = plot_posterior_pairs(
            inf.posterior, names, fig / "posterior_pairs.png", prior_bounds(names), marks(inf)
        )
        save("posterior_pairs.csv", weighted_summary(inf))
        pairs = f"{SUBDIR}/posterior_pairs.png"
    posterior = text_posterior(inf, _rel(opts.inference), pairs)

    tables = CalibrationTables(values, scores, f, abl, read_fit(opts.fit))
    provenance = Provenance(
        command=opts.command(),
        date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        git=_git(),
        load=load,
        cores=os.cpu_count(),
        seconds=seconds,
        fit_path=_rel(opts.fit),
        guard_path=_rel(opts.guard),
    )
    path = opts.out / "calibration.md"
    path.write_text(markdown(settings, tables, provenance, read_guard(opts.guard), posterior))
    files["calibration.md"] = path
    passed = int(scores["pass"].sum())
    print(
        f"{passed} of {len(scores)} targets pass; failing: "
        f"{', '.join(scores.loc[~scores['pass'], 'target']) or 'none'}"
    )
    print(
        f"wrote {files['calibration.md']} and {len(files) - 1} files in {fig} "
        f"({sum(seconds.values()):.0f} s)"
    )
    return files


if __name__ == "__main__":
    main()
