"""Run the ready experiments and write their figures to ``docs/experiments/``.

Usage::

    uv run python experiments/figures.py                     # all of them
    uv run python experiments/figures.py start_timing        # one
    uv run python experiments/figures.py --workers 2 --results results/experiments

Each experiment is swept into ``RESULTS/<name>/`` (resumable: run again after an
interruption) and analysed; the figure, the table behind it and the markdown report are
copied to ``docs/experiments/`` as ``<name>.png``, ``<name>.csv`` and ``<name>.md``.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from vsvsim.experiments import analyse
from vsvsim.experiments.sweep import sweep

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "experiments"

#: name -> (analysis, its keyword arguments, the figure and table to publish).
READY = {
    "coach_capacity_x_screening": (
        analyse.grid,
        {
            "x": "coaches",
            "y": "screening_accuracy",
            "outcomes": ["dropout_rate", "cost_per_prevented_dropout"],
        },
        "grid",
    ),
    "preventive_vs_curative_under_pull": (analyse.prim, {}, "prim"),
    "start_timing": (
        analyse.grid,
        {
            "x": "intake_week",
            "y": "waiting_weeks",
            "outcomes": ["dropout_rate", "cost_per_prevented_dropout"],
        },
        "grid",
    ),
    "sensitivity_all": (analyse.morris, {}, "morris_top"),
    "sobol_context": (analyse.sobol, {}, "sobol"),
}

# Second figures worth publishing next to the main one.
EXTRA = {
    "preventive_vs_curative_under_pull": (
        analyse.grid,
        {
            "x": "labour_market_pull",
            "y": "scenario",
            "outcomes": ["net_dropout_rate", "dropout_rate"],
        },
        "grid",
    ),
    "sensitivity_all": (analyse.morris, {}, "morris"),
}


def _publish(report: analyse.Report, stem: str, name: str, suffix: str = "") -> None:
    folder = report.markdown.parent
    DOCS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(folder / f"{stem}.png", DOCS / f"{name}{suffix}.png")
    table = folder / f"{stem}.csv"
    if not table.is_file():  # the PRIM figure's table is its cases
        table = folder / "prim_points.csv"
    shutil.copyfile(table, DOCS / f"{name}{suffix}.csv")
    shutil.copyfile(report.markdown, DOCS / f"{name}{suffix}.md")


def main() -> None:
    """Sweep and analyse the chosen experiments; publish their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"default all: {', '.join(READY)}")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--results", default=str(ROOT / "results" / "experiments"))
    args = parser.parse_args()
    unknown = [n for n in args.names if n not in READY]
    if unknown:
        parser.error(f"unknown experiment {unknown[0]!r}; ready: {', '.join(READY)}")
    for name in args.names or list(READY):
        t0 = time.perf_counter()
        out = Path(args.results) / name
        report = sweep(name, out, workers=args.workers)
        method, kwargs, stem = READY[name]
        _publish(method(out, **kwargs), stem, name)
        if name in EXTRA:
            method, kwargs, stem = EXTRA[name]
            sub = out / "analysis" / "extra"
            _publish(method(out, out=sub, **kwargs), stem, name, suffix=f"_{stem}")
        print(
            f"{name}: {report.total} runs ({report.computed} computed) and figures in "
            f"{time.perf_counter() - t0:.0f} s"
        )


if __name__ == "__main__":
    main()
