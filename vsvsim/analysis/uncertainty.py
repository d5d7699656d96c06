"""Parameter and stochastic uncertainty of a comparison run over posterior draws.

With ``vsvsim compare --posterior K`` every scenario runs over K posterior draws x R
replications, and replication ``j`` has seed ``seed + j`` in every draw and scenario: a
two-way crossed design, draws x seeds, one run per cell. An outcome ``y[i, j]`` (draw
``i``, seed ``j``) is read through the two-way random-effects model without replication
(the method-of-moments, or ANOVA, estimators of its variance components; Searle,
Casella & McCulloch, *Variance Components*, 1992)::

    y[i, j] = mu + a[i] + b[j] + e[i, j]

``a`` the draw's effect (parameter uncertainty, variance ``var_draw``), ``b`` the seed's
effect (the cohort and its events, shared by every draw through common random numbers,
variance ``var_seed``) and ``e`` the draw-by-seed interaction with the remaining noise
(``var_e``). From the mean squares of draws, seeds and the residual (``MS_A``, ``MS_B``,
``MS_E``, with expectations ``var_e + R var_draw``, ``var_e + K var_seed`` and ``var_e``):

- **parameter variance** ``var_param = max(0, (MS_A - MS_E) / R)``: the variance between
  draws of the per-draw mean over replications (``MS_A / R``) less the replication noise
  left in that mean (``MS_E / R``; the seeds' own effect is the same in every draw's mean
  and cancels);
- **stochastic variance** ``var_stoch = max(0, (MS_B - MS_E) / K) + MS_E``: the variance
  within a draw, over seeds (seed effect plus interaction).

Negative estimates are set to 0 (the usual truncation). Their sum estimates the variance
of one run at a random draw and seed. The 90% interval that includes parameter
uncertainty is the 5th-95th percentile of the K x R runs pooled (an empirical predictive
interval: draws are equally weighted after resampling, :func:`vsvsim.posterior.select`).
A metric with a missing value in any cell (a cost per prevented dropout where nothing was
prevented) has no split (NaN).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["SPLIT", "decompose", "differences", "split_variance"]

#: Columns :func:`decompose` adds per metric (``<metric>_<suffix>``).
SPLIT = ("var_param", "var_stoch")


def split_variance(values: np.ndarray) -> tuple[float, float]:
    """Parameter and stochastic variance of a draws x seeds table (see the module doc).

    Args:
        values: Shape (K draws, R seeds), K >= 2 and R >= 2, one run per cell.

    Returns:
        ``(var_param, var_stoch)``; NaN for both when a cell is missing.

    Raises:
        ValueError: If there are fewer than two draws or two seeds.
    """
    y = np.asarray(values, dtype=float)
    k, r = y.shape
    if k < 2 or r < 2:
        raise ValueError(f"split_variance: {k} draws x {r} seeds; need at least 2 x 2")
    if not np.isfinite(y).all():
        return np.nan, np.nan
    grand = y.mean()
    draw_means, seed_means = y.mean(axis=1), y.mean(axis=0)
    ms_draws = r * np.sum((draw_means - grand) ** 2) / (k - 1)
    ms_seeds = k * np.sum((seed_means - grand) ** 2) / (r - 1)
    residual = y - draw_means[:, None] - seed_means[None, :] + grand
    ms_error = np.sum(residual**2) / ((k - 1) * (r - 1))
    var_param = max(0.0, (ms_draws - ms_error) / r)
    var_stoch = max(0.0, (ms_seeds - ms_error) / k) + ms_error
    return float(var_param), float(var_stoch)


def decompose(reps: pd.DataFrame, metrics: Sequence[str], by: str = "scenario") -> pd.DataFrame:
    """The variance split of every metric, per group (scenario).

    Args:
        reps: One row per group, ``draw`` and ``replication``.
        metrics: Columns to split (missing ones are skipped).
        by: The grouping column.

    Returns:
        One row per group (index ``by``, order of first appearance) with
        ``<metric>_var_param`` and ``<metric>_var_stoch``.
    """
    metrics = [m for m in metrics if m in reps.columns]
    out: dict[str, dict[str, float]] = {}
    for name, group in reps.groupby(by, sort=False):
        row: dict[str, float] = {}
        for m in metrics:
            grid = group.pivot(index="draw", columns="replication", values=m)
            row[f"{m}_var_param"], row[f"{m}_var_stoch"] = split_variance(grid.to_numpy(float))
        out[name] = row
    frame = pd.DataFrame.from_dict(out, orient="index")
    frame.index.name = by
    return frame


def differences(reps: pd.DataFrame, reference: str, metrics: Sequence[str]) -> pd.DataFrame:
    """Every run's difference from the reference run with the same draw and seed.

    Args:
        reps: One row per scenario, ``draw`` and ``replication``.
        reference: The scenario subtracted.
        metrics: Columns to difference (missing ones are skipped).

    Returns:
        One row per other scenario, draw and replication: ``scenario``, ``draw``,
        ``replication`` and ``metric - reference's metric`` per metric.
    """
    metrics = [m for m in metrics if m in reps.columns]
    keys = ["draw", "replication"]
    ref = reps.loc[reps["scenario"] == reference].set_index(keys)[metrics]
    others = reps.loc[reps["scenario"] != reference, ["scenario", *keys, *metrics]]
    paired = ref.reindex(pd.MultiIndex.from_frame(others[keys])).to_numpy(float)
    out = others[["scenario", *keys]].reset_index(drop=True)
    values = others[metrics].to_numpy(float) - paired
    return pd.concat([out, pd.DataFrame(values, columns=metrics)], axis=1)
