"""Fused kernels of :mod:`vsvsim.mechanisms.realisation` (strain and mechanism 5)."""

from __future__ import annotations

from vsvsim.mechanisms._kernels.common import F0, F1, HALF, at, f32, fp_all, njit
from vsvsim.population.cohort import TYPICAL_COMMITMENT

__all__ = ["accumulate_strain", "delayed_realisation", "immediate_setbacks"]

_TYPICAL = f32(TYPICAL_COMMITMENT)


@njit(inline="always")
def setbacks(base_commitment, success, event_school, failure_weight):
    """:func:`vsvsim.mechanisms.realisation.setbacks` for one row (scalars)."""
    expected = HALF + (base_commitment - _TYPICAL)
    failure = max(HALF - success, F0)
    return max(expected - event_school, F0) + failure_weight * failure


@njit
def _accumulate_strain(
    n, school_week, enrolled, base_commitment, success, event_school, strain,
    failure_weight, memory,
):  # fmt: skip
    week = F1 if school_week else F0
    for i in range(n):
        if enrolled[i]:
            decay = F1 - F1 / at(memory, i)
            neg = setbacks(base_commitment[i], success[i], event_school[i], at(failure_weight, i))
            strain[i] = decay * strain[i] + neg * week


def accumulate_strain(s, p, w, d) -> None:
    """Fused :func:`vsvsim.mechanisms.realisation.accumulate_strain`."""
    n = s.n
    _accumulate_strain(
        n, bool(w.week.school_week), w.enrolled, s.base_commitment, s.success, s.event_school,
        s.strain, *fp_all(p, n, "failure_setback_weight", "strain_memory"),
    )  # fmt: skip


@njit
def _delayed_realisation(
    n, school_week, enrolled, base_commitment, success, event_school, commitment, strain,
    tolerance, realised, confidence, d_commit, d_time, d_confidence_fall,
    failure_weight, threshold, try_harder, effort_gain, shield, drop, cost, recovery,
):  # fmt: skip
    for i in range(n):
        neg = setbacks(base_commitment[i], success[i], event_school[i], at(failure_weight, i))
        absorbing = not realised[i] and commitment[i] > at(threshold, i)
        if absorbing:
            d_commit[i] += at(try_harder, i) * neg
            # float32 division, as numpy divides two float32 arrays.
            d_time[i] += at(effort_gain, i) * min(strain[i] / tolerance[i], F1)
            if enrolled[i] and school_week:
                confidence[i] = confidence[i] + at(shield, i) * d_confidence_fall[i]
        else:
            d_commit[i] += -at(cost, i) * neg
        realises = enrolled[i] and absorbing and strain[i] > tolerance[i]
        now = (realised[i] or realises) and not (strain[i] < at(recovery, i) * tolerance[i])
        realised[i] = now
        if now:
            d_commit[i] -= at(drop, i)


def delayed_realisation(s, p, w, d) -> None:
    """Fused :func:`vsvsim.mechanisms.realisation.delayed_realisation`."""
    n = s.n
    _delayed_realisation(
        n, bool(w.week.school_week), w.enrolled, s.base_commitment, s.success, s.event_school,
        s.commitment, s.strain, s.tolerance, s.realised, s.confidence, d.commit, d.time,
        d.confidence_fall,
        *fp_all(p, n, "failure_setback_weight", "realisation_absorb_threshold",
                "realisation_try_harder", "realisation_effort",
                "realisation_confidence_shield", "realisation_drop",
                "setback_commitment_cost", "realisation_recovery_share"),
    )  # fmt: skip


@njit
def _immediate_setbacks(n, base_commitment, success, event_school, d_commit, failure_weight, cost):
    for i in range(n):
        neg = setbacks(base_commitment[i], success[i], event_school[i], at(failure_weight, i))
        d_commit[i] -= at(cost, i) * neg


def immediate_setbacks(s, p, w, d) -> None:
    """Fused :func:`vsvsim.mechanisms.realisation.immediate_setbacks`."""
    n = s.n
    _immediate_setbacks(
        n, s.base_commitment, s.success, s.event_school, d.commit,
        *fp_all(p, n, "failure_setback_weight", "setback_commitment_cost"),
    )  # fmt: skip
