"""Fused kernels of the small mechanisms, each a few array operations in numpy.

:mod:`~vsvsim.mechanisms.teacher_control` (mechanism 2), :mod:`~vsvsim.mechanisms.outside`
(4), :mod:`~vsvsim.mechanisms.spiral` (1), :mod:`~vsvsim.mechanisms.routes` (6) and
:mod:`~vsvsim.mechanisms.fit_discovery`. One file for the five: each kernel is a handful
of lines, and what they save is the temporaries, not arithmetic.
"""

from __future__ import annotations

import numpy as np

from vsvsim.mechanisms._kernels.common import F1, at, clip01, f32, fp_all, njit, sigmoid
from vsvsim.mechanisms.events import TYPICAL_STRESS
from vsvsim.mechanisms.fit_discovery import SECOND_SEMESTER
from vsvsim.mechanisms.integrate import TYPICAL_TIME_INVESTMENT
from vsvsim.mechanisms.spiral import SPIRAL_REFERENCE_COMMITMENT

__all__ = [
    "discover_fit",
    "gradual_abrupt_routes",
    "outside_pull_push",
    "participation_identification_spiral",
    "readiness",
    "teacher_control_loop",
]

_TIME = f32(TYPICAL_TIME_INVESTMENT)
_STRESS = f32(TYPICAL_STRESS)
_SPIRAL_REF = f32(SPIRAL_REFERENCE_COMMITMENT)


@njit
def _teacher_control(n, school_week, enrolled, time, climate, control, base, responsiveness, rate):
    if not school_week:
        return
    for i in range(n):
        if enrolled[i]:
            gap = _TIME - time[i]
            target = (F1 - climate[i]) * (at(base, i) + at(responsiveness, i) * gap)
            control[i] += at(rate, i) * (clip01(target) - control[i])


def teacher_control_loop(s, p, w, d) -> None:
    """Fused :func:`vsvsim.mechanisms.teacher_control.teacher_control_loop`."""
    n = s.n
    _teacher_control(
        n, bool(w.week.school_week), w.enrolled, s.time_investment, s.climate, s.teacher_control,
        *fp_all(p, n, "control_baseline", "control_responsiveness", "control_rate"),
    )  # fmt: skip


@njit
def _outside(
    n, pull, context_pull, stress, d_pull, d_time, d_wellbeing, market, cost, drain, share
):
    for i in range(n):
        x = pull[i] * at(market, i) * context_pull[i]
        d_pull[i] = x
        d_time[i] -= at(cost, i) * x + at(share, i) * at(drain, i) * stress[i]
        d_wellbeing[i] -= at(drain, i) * (stress[i] - _STRESS)


def outside_pull_push(s, p, w, d) -> None:
    """Fused :func:`vsvsim.mechanisms.outside.outside_pull_push`."""
    n = s.n
    _outside(
        n, s.pull, s.context_pull, s.stress, d.pull, d.time, d.wellbeing,
        *fp_all(p, n, "labour_market_pull", "pull_time_cost", "stress_drain",
                "stress_time_share"),
    )  # fmt: skip
    d.stress = s.stress  # the same array, as the reference sets it


@njit
def _spiral(n, commitment, time, d_time, d_commit, to_time, to_commitment, tipping, steepness):
    for i in range(n):
        ref = sigmoid(at(steepness, i) * (_SPIRAL_REF - at(tipping, i)))
        response = sigmoid(at(steepness, i) * (commitment[i] - at(tipping, i)))
        d_time[i] += at(to_time, i) * (response - ref)
        d_commit[i] += at(to_commitment, i) * (time[i] - _TIME)


def participation_identification_spiral(s, p, w, d) -> None:
    """Fused :func:`vsvsim.mechanisms.spiral.participation_identification_spiral`."""
    n = s.n
    _spiral(
        n, s.commitment, s.time_investment, d.time, d.commit,
        *fp_all(p, n, "spiral_commitment_to_time", "spiral_time_to_commitment",
                "spiral_tipping_commitment", "spiral_steepness"),
    )  # fmt: skip


@njit(inline="always")
def readiness(commitment, time, confidence, w_commitment, w_time, w_confidence):
    """:func:`vsvsim.mechanisms.routes.readiness` for one row (scalars)."""
    return w_commitment * commitment + w_time * time + w_confidence * confidence


@njit
def _routes(
    n, commitment, time, confidence, d_noise, w_commitment, w_time, w_confidence, threshold,
    offset, width, gain,
):  # fmt: skip
    for i in range(n):
        ready = readiness(
            commitment[i],
            time[i],
            confidence[i],
            at(w_commitment, i),
            at(w_time, i),
            at(w_confidence, i),
        )
        z = (ready - at(threshold, i) - at(offset, i)) / at(width, i)
        d_noise[i] = F1 + at(gain, i) * np.exp(-(z * z))


def gradual_abrupt_routes(s, p, w, d) -> None:
    """Fused :func:`vsvsim.mechanisms.routes.gradual_abrupt_routes`."""
    n = s.n
    _routes(
        n, s.commitment, s.time_investment, s.confidence, d.noise,
        *fp_all(p, n, "readiness_commitment_weight", "readiness_time_weight",
                "readiness_confidence_weight", "leave_threshold", "flicker_offset",
                "flicker_width", "flicker_gain"),
    )  # fmt: skip
    d.abrupt_exits = True


@njit
def _discover_fit(n, school_week, enrolled, fit, fit_seen, rate):
    if not school_week:
        return
    for i in range(n):
        if enrolled[i]:
            fit_seen[i] += at(rate, i) * (fit[i] - fit_seen[i])


def discover_fit(s, p, w, d) -> None:
    """Fused :func:`vsvsim.mechanisms.fit_discovery.discover_fit`."""
    name = "practice_discovery_rate" if w.week.semester == SECOND_SEMESTER else "fit_discovery_rate"
    n = s.n
    _discover_fit(n, bool(w.week.school_week), w.enrolled, s.fit, s.fit_seen, *fp_all(p, n, name))
