"""Posterior predictive checks: every target under the posterior, fit and validation apart.

Issue 14 asks for a predictive check of every target, and for validation performance to
be reported separately from fit. :func:`predictive` runs the targets' scenarios over K
posterior draws (:func:`vsvsim.posterior.select`) x R replications, on seeds from
:data:`vsvsim.analysis.seeds.CHOOSE` (never used by the fit or the guard), with the
same seeds for every draw (common random numbers, so the spread between draws is the
parameters', not the seeds'). :func:`check` reduces the values per target: the
predictive mean, a 90% predictive interval over all draws and replications, the
interval of the draw means (parameter uncertainty alone), the band and the observed
value, whether the band and the interval overlap (``consistent``, lenient while the
posterior is wide) and, stricter, the share of draws whose mean over its replications
lies inside the band (``draws_in_band``: how sure the posterior is of the target). The
table carries each target's role, so fit targets (a check of the fit) and validation
targets (a prediction nothing fitted) are never pooled; targets of role ``neither`` are
listed but not counted.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

from vsvsim.analysis.seeds import CHOOSE
from vsvsim.analysis.targets import ALL_TARGETS, Target, measure, target_group
from vsvsim.posterior import Posterior, records, select

__all__ = ["LEFT_OUT", "PREDICTIVE_SEED", "check", "predictive", "summary"]

#: Role of a fit target whose group the posterior's fit left out (predicted, not fitted).
LEFT_OUT = "left_out"
#: First seed of the predictive runs (in the range for choosing and predictive checks).
PREDICTIVE_SEED = CHOOSE.start


def predictive(
    posterior: Posterior,
    draws: int,
    replications: int,
    students: int = 3000,
    seed: int = 0,
    targets: Sequence[Target] = ALL_TARGETS,
) -> pd.DataFrame:
    """Every target's value per posterior draw and replication.

    Args:
        posterior: The posterior sample.
        draws: How many draws (picked by weight, seeded with ``seed``).
        replications: Replications per draw (the same seeds for every draw).
        students: Cohort size of every target scenario.
        seed: Seed of the draws' selection.
        targets: Which targets.

    Returns:
        One row per draw, target and replication: ``draw``, ``target``, ``replication``,
        ``value``.
    """
    picked = records(select(posterior, draws, seed))
    frames = []
    for j, overrides in enumerate(picked):
        values = measure(
            students=students,
            replications=replications,
            seed=PREDICTIVE_SEED,
            overrides=overrides,
            targets=tuple(targets),
        )
        frames.append(values.assign(draw=j))
    return pd.concat(frames, ignore_index=True)[["draw", "target", "replication", "value"]]


def check(
    values: pd.DataFrame,
    targets: Sequence[Target] = ALL_TARGETS,
    left_out: Collection[str] = (),
) -> pd.DataFrame:
    """The predictive check per target (see the module docstring).

    Args:
        values: :func:`predictive`'s table.
        targets: The targets, for band, observed value and role.
        left_out: Target groups the posterior's fit left out (a leave-one-group-out
            fit): their fit-role targets get the role ``left_out``, a prediction, counted
            apart from the fit and from the validation targets.

    Returns:
        One row per target: role, mean, p5/p95 over all runs, p5/p95 of the draw means,
        low/high of the band, observed, ``consistent`` (the 90% predictive interval
        meets the band) and ``draws_in_band`` (the share of draws whose mean lies inside
        the band; NaN when never measured).
    """
    rows = []
    for t in targets:
        v = values[values["target"] == t.id]
        x = v["value"].to_numpy(dtype=float)
        ok = np.isfinite(x)
        draw_means = v.groupby("draw")["value"].mean().to_numpy(dtype=float)
        draw_means = draw_means[np.isfinite(draw_means)]
        if ok.any():
            p5, p95 = np.percentile(x[ok], [5, 95])
            mean = float(x[ok].mean())
        else:
            p5 = p95 = mean = np.nan
        d5, d95 = np.percentile(draw_means, [5, 95]) if draw_means.size else (np.nan, np.nan)
        rows.append(
            {
                "target": t.id,
                "role": (
                    LEFT_OUT if t.role == "fit" and target_group(t.id) in set(left_out) else t.role
                ),
                "description": t.description,
                "mean": mean,
                "p5": float(p5),
                "p95": float(p95),
                "draw_mean_p5": float(d5),
                "draw_mean_p95": float(d95),
                "low": t.low,
                "high": t.high,
                "observed": t.observed,
                # NaN bounds compare False: a target never measured is not consistent.
                "consistent": bool(p5 <= t.high and p95 >= t.low),
                "draws_in_band": (
                    float(np.mean((draw_means >= t.low) & (draw_means <= t.high)))
                    if draw_means.size
                    else np.nan
                ),
            }
        )
    return pd.DataFrame(rows)


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Targets consistent with the posterior, by role (``neither`` shown, not a result)."""
    out = table.groupby("role")["consistent"].agg(targets="size", consistent="sum")
    out["share"] = out["consistent"] / out["targets"]
    return out.reset_index()
