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

With ``posterior=K`` (``--posterior K``) every scenario runs over K draws of the
calibration's posterior sample (:mod:`vsvsim.posterior`) x the replications, the same
draws and seeds in every scenario; intervals then include parameter uncertainty, and the
table, ``difference.csv`` / ``difference.parquet`` (each scenario less the reference) and
the printed text split the variance into parameter and stochastic parts
(:mod:`vsvsim.analysis.uncertainty`); ``draws.parquet`` holds the draws used.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

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
from vsvsim.posterior import records, resolve_posterior, select, status
from vsvsim.scenario import Scenario, ScenarioError

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
    "prepare_draws",
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
    posterior: int | None = None,
    posterior_file: str | Path | None = None,
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
        keep: Keep the runs of the first ``keep`` replications in ``results`` (not with
            ``posterior``).
        echo: Print the table.
        posterior: Run every scenario over this many posterior draws (>= 2; with
            ``replications`` >= 2), picked from ``posterior_file`` by
            :func:`vsvsim.posterior.select` with ``seed``; None: no parameter uncertainty.
        posterior_file: The posterior sample (default
            :data:`vsvsim.posterior.DEFAULT_POSTERIOR`); only with ``posterior``.

    Returns:
        The :class:`Comparison`.

    Raises:
        vsvsim.scenario.ScenarioError: On invalid input (before anything runs).
    """
    specs = prepare(
        scenarios, replications=replications, students=students, years=years, overrides=overrides
    )
    draws, source = None, None
    if posterior is not None or posterior_file is not None:
        draws, source = prepare_draws(
            specs,
            posterior,
            posterior_file,
            seed=seed,
            replications=replications,
            overrides=overrides,
            keep=keep,
        )
    comp = run_comparison(specs, replications=replications, seed=seed, keep=keep, draws=draws)
    comp.posterior = source
    out = Path(out)
    with staged(out) as scratch:
        files = write_comparison(comp, scratch)
    if echo:
        report(comp, out, files)
    return comp


def prepare_draws(
    specs: dict[str, Scenario],
    posterior: int | None,
    posterior_file: str | Path | None,
    *,
    seed: int,
    replications: int,
    overrides: dict[str, Any] | None = None,
    keep: int = 0,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Load the posterior, pick the draws and check them against every scenario.

    Everything is checked before anything runs: the number of draws and replications,
    the file, a parameter both the posterior and ``overrides`` set (which should win is
    not for the program to guess), and every draw applied to every scenario (relations
    such as level shares that add up).

    Returns:
        The picked draws (:func:`vsvsim.posterior.select`) and where they came from.

    Raises:
        vsvsim.scenario.ScenarioError: On any of these, with one message.
    """
    if posterior is None:
        raise ScenarioError("--posterior-file needs --posterior K (the number of draws)")
    if isinstance(posterior, bool) or not isinstance(posterior, int) or posterior < 2:
        raise ScenarioError(
            f"--posterior {posterior!r}: use a whole number >= 2 (the variance between "
            "draws needs two or more)"
        )
    if replications < 2:
        raise ScenarioError(
            f"--replications {replications} with --posterior: use 2 or more (the variance "
            "within draws needs two or more seeds)"
        )
    if keep:
        raise ScenarioError("keep is not available with posterior draws")
    sample = resolve_posterior(posterior_file)
    clash = sorted(set(overrides or {}) & set(sample.parameters))
    if clash:
        raise ScenarioError(
            f"{', '.join(clash)}: set with --set and also varied by the posterior sample "
            f"{sample.source}; drop one"
        )
    picked = select(sample, posterior, seed)
    for d, values in enumerate(records(picked)):
        where = f"{sample.source}, row {picked.at[d, 'row']}"
        for spec in specs.values():
            spec.with_params(where=where, **values)
    source = {"file": sample.source, "rows": len(sample), "seed": seed}
    return picked, {**source, "status": status(sample.source)}
