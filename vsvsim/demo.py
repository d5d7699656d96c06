"""The demo: baseline vs preventive screening vs curative coaching, a thin wrapper over compare.

All scenarios run with the same seed, so they share the cohort and every draw the policy
does not change (common random numbers); differences are the policies' effects, not luck.
One replication by default, to stay quick; ``replications`` > 1 adds 90% intervals. Writes
what :func:`vsvsim.compare.compare` writes (``comparison.csv`` and ``.parquet``,
``replications.parquet``, ``timing.parquet``, ``comparison.png``) plus, from replication 0,
each scenario's students and summary tables and three single figures: ``dropout.png``,
``timing.png`` and ``commitment.png``.

Those intervals are stochastic only. With ``posterior`` = K > 0 (default 8) and the
calibration's posterior sample adopted (:data:`vsvsim.posterior.DEFAULT_POSTERIOR` exists,
or ``posterior_file`` is given), the three scenarios are also compared over K of its draws
x max(``replications``, 2) replications (:func:`vsvsim.compare.compare`'s rules: two or
more of each, and no kept runs, hence a comparison of its own), written to
``posterior/`` in ``out`` (with ``difference.csv`` and ``draws.parquet``) and printed after
the main table with the parameter share of the variance (``par NN%``). Without the file
one line says so: the intervals are then stochastic only.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only; no screen needed
import matplotlib.pyplot as plt
import pandas as pd

import vsvsim.posterior as posterior_sample
from vsvsim.compare import (
    Comparison,
    panel_dropout,
    panel_timing,
    prepare,
    prepare_draws,
    report,
    run_comparison,
    staged,
    write_comparison,
)
from vsvsim.scenario import ScenarioError

__all__ = ["DEFAULT_DRAWS", "SCENARIOS", "demo"]

SCENARIOS = ("baseline", "preventive_screening", "curative")
#: Posterior draws of the demo's comparison with parameter uncertainty (0: none).
DEFAULT_DRAWS = 8


def _single(panel, comp: Comparison, path: Path, size: tuple[float, float]) -> Path:
    fig, ax = plt.subplots(figsize=size)
    panel(ax, comp)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def _commitment(comp: Comparison, path: Path) -> Path:
    """Mean commitment of enrolled students per week, by group, in replication 0."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for ax, group in zip(axes, ("at_risk", "comparison"), strict=True):
        for name in comp.scenarios:
            res = comp.results[name, 0]
            ids = res.students.loc[res.students["group"] == group, "student_id"]
            w = res.weekly[res.weekly["student_id"].isin(ids) & res.weekly["enrolled"]]
            ax.plot(w.groupby("week")["commitment"].mean(), label=name)
        ax.set_title(f"Mean commitment, enrolled, {group.replace('_', '-')} group")
        ax.set_xlabel("week")
    axes[0].set_ylabel("commitment (0-1)")
    axes[0].legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def demo(
    students: int = 2000,
    seed: int = 0,
    years: int = 2,
    out: Path = Path("results/demo"),
    overrides: dict[str, Any] | None = None,
    replications: int = 1,
    posterior: int = DEFAULT_DRAWS,
    posterior_file: str | Path | None = None,
) -> pd.DataFrame:
    """Run the three demo scenarios, print the comparison, write tables and figures.

    Args:
        students: Initial cohort size.
        seed: Seed of replication 0 (replication i uses seed + i in every scenario).
        years: School years (two, so curative re-entry at the next year shows).
        out: Output folder.
        overrides: Extra parameter values applied to every scenario.
        replications: Replications per scenario.
        posterior: Also compare over this many posterior draws (0: not; else >= 2), when
            the posterior sample exists; written to ``out/posterior/``.
        posterior_file: The posterior sample (default
            :data:`vsvsim.posterior.DEFAULT_POSTERIOR`, skipped with a note when absent;
            a file given here must exist).

    Returns:
        The comparison table (see :class:`vsvsim.compare.Comparison`).

    Raises:
        vsvsim.scenario.ScenarioError: On invalid input (before anything runs).
    """
    specs = prepare(
        SCENARIOS, replications=replications, students=students, years=years, overrides=overrides
    )
    # Everything about the posterior comparison is checked before anything runs as well.
    draws, source, missing = None, None, None
    draw_replications = max(replications, 2)
    if posterior:
        default = posterior_sample.DEFAULT_POSTERIOR  # read here: tests point it elsewhere
        if posterior_file is None and not default.is_file():
            missing = default
        else:
            try:
                draws, source = prepare_draws(
                    specs,
                    posterior,
                    posterior_file,
                    seed=seed,
                    replications=draw_replications,
                    overrides=overrides,
                )
            except ScenarioError as err:
                raise ScenarioError(f"{err} (--posterior 0: the demo without it)") from None
    # Replication 0's runs are kept with trajectories for the per-run tables and commitment.
    comp = run_comparison(specs, replications=replications, seed=seed, keep=1, trajectories=True)
    out = Path(out)
    with staged(out) as scratch:
        files = write_comparison(comp, scratch)
        for name in comp.scenarios:
            res = comp.results[name, 0]
            res.students.to_parquet(scratch / f"{name}_students.parquet", index=False)
            res.summary.to_parquet(scratch / f"{name}_summary.parquet", index=False)
        files.append(_single(panel_dropout, comp, scratch / "dropout.png", (6, 4)))
        files.append(_single(panel_timing, comp, scratch / "timing.png", (7, 4)))
        files.append(_commitment(comp, scratch / "commitment.png"))
    report(comp, out, [f for f in files if f.suffix in (".csv", ".png")], command="demo")
    if missing is not None:
        print(f"\nno posterior sample at {missing}: intervals are stochastic only")
    stale = out / "posterior"
    if draws is None and stale.is_dir():
        # An earlier run's comparison with draws would read as this run's.
        shutil.rmtree(stale)
        print(f"removed {stale}, an earlier run's comparison with posterior draws")
    if draws is not None:
        with_draws = run_comparison(specs, replications=draw_replications, seed=seed, draws=draws)
        with_draws.posterior = source
        folder = out / "posterior"
        with staged(folder) as scratch:
            files = write_comparison(with_draws, scratch)
        print(
            f"\n--- including parameter uncertainty: the same scenarios over "
            f"{with_draws.n_draws} posterior draws from "
            f"{source['file']} ---\n"
        )
        report(with_draws, folder, [f for f in files if f.suffix in (".csv", ".png")], "demo")
    return comp.table
