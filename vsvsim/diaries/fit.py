"""Fitting the model to diaries: diary statistics as calibration targets, and a small fit.

- :func:`diary_targets` turns observed diary statistics (real or simulated) into
  :class:`vsvsim.analysis.targets.Target` objects on the ``process_study`` run, so the
  calibration machinery (:func:`vsvsim.analysis.targets.measure`,
  :func:`vsvsim.analysis.targets.score`) scores any
  candidate against diaries: each target simulates the candidate's diaries and computes
  the same statistic the observed diaries gave.
- :func:`jackknife_se` gives the sampling error of the observed statistics (delete-a-fold
  jackknife over respondents), which sets the targets' bands and the fit's weights.
- :func:`fit_parameters` fits a few parameters (model parameters from
  :data:`vsvsim.PARAMETERS` and diary parameters from
  :data:`~vsvsim.diaries.response.DIARY_PARAMETERS` alike) from diary statistics alone:
  a Latin-hypercube design of runs, a quadratic emulator of every statistic, weighted
  least squares, and 95% intervals from the emulator's Jacobian (Gauss-Newton), with
  emulator error added to the statistics' sampling error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import least_squares
from scipy.stats import qmc

from vsvsim.diaries.export import diaries_from_result
from vsvsim.diaries.load import LoadedDiary
from vsvsim.diaries.response import DIARY_PARAMETERS
from vsvsim.diaries.stats import as_loaded, summary_statistics

__all__ = [
    "FIT_STATISTICS",
    "FitResult",
    "diary_statistics_of_run",
    "diary_targets",
    "fit_parameters",
    "jackknife_se",
]

#: Default statistics for fitting: response, contact and coach-time statistics.
FIT_STATISTICS = (
    "response_rate_at_risk",
    "response_rate_coach",
    "spoke_to_coach_share",
    "coach_acted_share",
    "coach_minutes_action_week",
)


def _split(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Model overrides and diary overrides."""
    diary = {k: v for k, v in values.items() if k in DIARY_PARAMETERS}
    model = {k: v for k, v in values.items() if k not in DIARY_PARAMETERS}
    return model, diary


def diary_statistics_of_run(
    *,
    values: dict[str, Any] | None = None,
    students: int = 600,
    seed: int = 0,
    scenario: str = "process_study",
) -> dict[str, float]:
    """Run ``scenario`` with ``values`` (model and diary parameters) and compute the stats."""
    from vsvsim.run import run

    model, diary = _split(values or {})
    res = run(scenario, students=students, seed=seed, trajectories=True, overrides=model)
    return summary_statistics(as_loaded(diaries_from_result(res, params=diary)))


def _subset(loaded: dict[str, LoadedDiary], keep: Callable[[pd.Series], pd.Series]):
    out = {}
    for key, d in loaded.items():
        who = d.table["filled_out_for_id"] if key == "mentor_diary" else d.table["person_id"]
        sel = keep(who.fillna(d.table["person_id"]).astype(str))
        out[key] = LoadedDiary(d.questionnaire, d.version, d.table[sel], d.reasons[sel], d.items)
    return out


def jackknife_se(
    loaded: dict[str, LoadedDiary], folds: int = 10, seed: int = 0
) -> dict[str, float]:
    """Sampling error of every diary statistic: delete-a-fold jackknife over students.

    A student's own diaries and its coach's diaries leave together, so the error
    reflects that weekly diaries of one person are not independent.
    """
    ids = pd.concat([d.table["person_id"] for d in loaded.values()]).dropna().astype(str)
    people = np.sort(ids.unique())
    fold_of = dict(
        zip(people, np.random.default_rng(seed).permutation(people.size) % folds, strict=True)
    )
    reps = []
    for f in range(folds):
        sub = _subset(loaded, lambda s, f=f: s.map(fold_of).fillna(-1).to_numpy() != f)
        reps.append(summary_statistics(sub))
    table = pd.DataFrame(reps)
    se = np.sqrt((folds - 1) / folds * ((table - table.mean()) ** 2).sum())
    return {k: float(v) for k, v in se.items()}


def diary_targets(
    observed: dict[str, float],
    se: dict[str, float],
    *,
    names: tuple[str, ...] = FIT_STATISTICS,
    width: float = 2.0,
    diary: dict[str, Any] | None = None,
    source: str = "diary export",
):
    """Observed diary statistics as calibration targets (band: value +- width x se).

    Args:
        observed: Statistics of the observed diaries (:func:`summary_statistics`).
        se: Their sampling errors (:func:`jackknife_se`).
        names: Which statistics become targets.
        width: Half-width of each band in standard errors.
        diary: Diary parameters used when simulating a candidate's diaries.
        source: Where the observed diaries come from (shown in the report).

    Returns:
        A tuple of :class:`vsvsim.analysis.targets.Target` on the ``process_study`` run; pass it to
        :func:`vsvsim.analysis.targets.measure` and :func:`vsvsim.analysis.targets.score`.
    """
    from vsvsim.analysis.targets import Target

    cache: dict[int, dict[str, float]] = {}

    def stats_of(res) -> dict[str, float]:
        # One diary simulation per run, shared by all diary targets of that run.
        key = id(res)
        if key not in cache:
            cache.clear()
            cache[key] = summary_statistics(as_loaded(diaries_from_result(res, params=diary)))
        return cache[key]

    out = []
    for name in names:
        s = max(se.get(name, 0.0), 1e-6)
        out.append(
            Target(
                id=f"D-{name}",
                description=f"diary statistic {name}",
                source=source,
                run="process_study",
                low=observed[name] - width * s,
                high=observed[name] + width * s,
                confidence=f"sampling error {s:.3g} (jackknife)",
                statistic=lambda res, name=name: stats_of(res)[name],
            )
        )
    return tuple(out)


@dataclass
class FitResult:
    """What :func:`fit_parameters` found.

    Attributes:
        estimates: One row per parameter: estimate, 95% interval, search range.
        design: The design runs: parameter values and statistics.
    """

    estimates: pd.DataFrame
    design: pd.DataFrame


def _features(x: np.ndarray) -> np.ndarray:
    """Quadratic features (1, x, x^2, cross products) of unit-scaled parameters."""
    x = np.atleast_2d(x)
    cols = [np.ones(len(x)), *x.T, *(x**2).T]
    k = x.shape[1]
    cols += [x[:, i] * x[:, j] for i in range(k) for j in range(i + 1, k)]
    return np.column_stack(cols)


def fit_parameters(
    observed: dict[str, float],
    se: dict[str, float],
    ranges: dict[str, tuple[float, float]],
    *,
    statistics: tuple[str, ...] = FIT_STATISTICS,
    design_points: int = 24,
    students: int = 600,
    seed: int = 0,
    fixed: dict[str, Any] | None = None,
    evaluate: Callable[[dict[str, Any], int], dict[str, float]] | None = None,
) -> FitResult:
    """Fit parameters to diary statistics with a design of runs and a quadratic emulator.

    Args:
        observed: Observed diary statistics.
        se: Their sampling errors.
        ranges: Parameter -> (low, high) search range (model or diary parameters).
        statistics: Statistics to fit.
        design_points: Runs in the Latin-hypercube design.
        students: Cohort size of each design run.
        seed: Seed of the design and of every design run (common random numbers).
        fixed: Further parameter values held fixed in every run.
        evaluate: ``(values, seed) -> statistics``; default runs ``process_study``.

    Returns:
        The :class:`FitResult`.
    """
    names = list(ranges)
    lo = np.array([ranges[n][0] for n in names], dtype=float)
    hi = np.array([ranges[n][1] for n in names], dtype=float)
    unit = qmc.LatinHypercube(d=len(names), seed=seed).random(design_points)
    evaluate = evaluate or (
        lambda values, s: diary_statistics_of_run(values=values, students=students, seed=s)
    )
    rows = []
    for u in unit:
        values = {**(fixed or {}), **dict(zip(names, lo + u * (hi - lo), strict=True))}
        stats = evaluate(values, seed)
        rows.append({**{n: values[n] for n in names}, **{s: stats[s] for s in statistics}})
    design = pd.DataFrame(rows)
    y = design[list(statistics)].to_numpy(float)
    ok = np.isfinite(y).all(axis=1)
    feats = _features(unit[ok])
    coef, *_ = np.linalg.lstsq(feats, y[ok], rcond=None)
    resid = y[ok] - feats @ coef
    dof = max(ok.sum() - feats.shape[1], 1)
    emulator_var = (resid**2).sum(axis=0) / dof
    obs = np.array([observed[s] for s in statistics], dtype=float)
    sd = np.sqrt(np.array([se.get(s, 0.0) for s in statistics]) ** 2 + emulator_var)
    sd = np.maximum(sd, 1e-9)

    def residual(x: np.ndarray) -> np.ndarray:
        return ((_features(x[None, :]) @ coef)[0] - obs) / sd

    best = None
    for start in (np.full(len(names), 0.5), *unit[:5]):
        sol = least_squares(residual, start, bounds=(0.0, 1.0))
        if best is None or sol.cost < best.cost:
            best = sol
    jac = best.jac
    cov = np.linalg.pinv(jac.T @ jac)
    half = 1.96 * np.sqrt(np.clip(np.diag(cov), 0, None))
    est = lo + best.x * (hi - lo)
    width = hi - lo
    estimates = pd.DataFrame(
        {
            "parameter": names,
            "estimate": est,
            "low95": np.maximum(lo, est - half * width),
            "high95": np.minimum(hi, est + half * width),
            "range_low": lo,
            "range_high": hi,
        }
    )
    return FitResult(estimates=estimates, design=design)
