"""The ``compare`` command: run scenarios over replications, write, report.

The computing is :mod:`vsvsim.analysis.comparison`, the tables and text
:mod:`vsvsim.analysis.reporting`, the figures :mod:`vsvsim.analysis.plots`; their public
names are re-exported here.


Replication ``i`` runs every scenario with seed ``seed + i``, so within a replication all
scenarios share the cohort and every draw the policy does not change; differences between
scenarios are the policies' effects, and the spread over replications shows how much of a
difference luck (a different cohort, different events) could make. Every reduction over
replications goes through :func:`summarise` (mean and a 90% interval: the 5th and 95th
percentile), here and in the demo.

Outputs (:func:`write_comparison`): ``replications.parquet`` (one row per scenario and
replication), ``comparison.csv`` / ``comparison.parquet`` (the summarised table),
``timing.parquet`` (share of students leaving per calendar month) and ``comparison.png``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vsvsim.analysis.comparison import (
    COST_PER,
    DEFAULT_REPLICATIONS,
    DEFAULT_STUDENTS,
    DEFAULT_YEARS,
    METRICS,
    MONTH_NAMES,
    MONTH_ORDER,
    STATUS_AFTER_YEAR,
    Comparison,
    cost_per_prevented,
    leaving_by_month,
    prepare,
    run_comparison,
    summarise,
)
from vsvsim.analysis.plots import _panels, panel_dropout, panel_timing, plot_comparison
from vsvsim.analysis.reporting import (
    describe,
    footnote,
    format_table,
    report,
    staged,
    write_comparison,
)
from vsvsim.scenario import Scenario

__all__ = [
    "COST_PER",
    "DEFAULT_REPLICATIONS",
    "DEFAULT_STUDENTS",
    "DEFAULT_YEARS",
    "METRICS",
    "MONTH_NAMES",
    "MONTH_ORDER",
    "STATUS_AFTER_YEAR",
    "Comparison",
    "_panels",
    "compare",
    "cost_per_prevented",
    "describe",
    "footnote",
    "format_table",
    "leaving_by_month",
    "panel_dropout",
    "panel_timing",
    "plot_comparison",
    "prepare",
    "report",
    "run_comparison",
    "staged",
    "summarise",
    "write_comparison",
]


def compare(
    scenarios: Sequence[str | Path | Scenario],
    *,
    replications: int = DEFAULT_REPLICATIONS,
    students: int | None = None,
    seed: int = 0,
    years: int | None = None,
    out: str | Path = Path("results/compare"),
    overrides: dict[str, Any] | None = None,
    keep: int = 0,
    echo: bool = True,
) -> Comparison:
    """Validate, run, write and (optionally) print a comparison of scenarios.

    Every scenario is validated before anything runs; on invalid input nothing is
    written. Files are written to a scratch folder and moved into ``out`` at the end.

    Args:
        scenarios: Names, paths or loaded scenarios; the first is the reference for the
            cost per prevented dropout.
        replications: Replications per scenario (replication ``i`` uses ``seed + i``).
        students: Cohort size (default 2000).
        seed: Seed of replication 0.
        years: School years (default 2).
        out: Output folder.
        overrides: Parameter values applied to every scenario.
        keep: Keep the runs of the first ``keep`` replications in ``results``.
        echo: Print the table.

    Returns:
        The :class:`Comparison`.

    Raises:
        vsvsim.scenario.ScenarioError: On invalid input (before anything runs).
    """
    specs = prepare(
        scenarios, replications=replications, students=students, years=years, overrides=overrides
    )
    comp = run_comparison(specs, replications=replications, seed=seed, keep=keep)
    out = Path(out)
    with staged(out) as scratch:
        files = write_comparison(comp, scratch)
    if echo:
        report(comp, out, files)
    return comp
