"""Fused kernel of the registered reason's comparison with the enrolled students.

:class:`~vsvsim.registration.reasons.RegisteredReason` compares each week's leavers with
the students enrolled that week: the mean and standard deviation of each driver of an
exit (:func:`~vsvsim.registration.reasons.driver_values`) over every enrolled row. The
numpy reference gathers the enrolled rows of five arrays into a float64 matrix first;
this kernel reads the rows in place (two passes: the means, then the deviations, in
float64 as the reference computes them).
"""

from __future__ import annotations

import numpy as np

from vsvsim.mechanisms._kernels.common import F1, njit

__all__ = ["driver_stats", "driver_stats_segments"]


@njit(inline="always")
def _drivers(i, fit_seen, confidence, stress, pull, context_pull, control, market, out):
    # In float32 as the reference's array expressions, then as float64 (its .astype).
    out[0] = np.float64(F1 - fit_seen[i])
    out[1] = np.float64(F1 - confidence[i])
    out[2] = np.float64(stress[i])
    out[3] = np.float64(pull[i] * market * context_pull[i])
    out[4] = np.float64(control[i])


@njit
def _driver_stats(enrolled, fit_seen, confidence, stress, pull, context_pull, control, market):
    k = 5
    count = 0
    total = np.zeros(k)
    v = np.zeros(k)
    for i in range(enrolled.size):
        if enrolled[i]:
            _drivers(i, fit_seen, confidence, stress, pull, context_pull, control, market, v)
            for j in range(k):
                total[j] += v[j]
            count += 1
    mean = total / count
    squares = np.zeros(k)
    for i in range(enrolled.size):
        if enrolled[i]:
            _drivers(i, fit_seen, confidence, stress, pull, context_pull, control, market, v)
            for j in range(k):
                squares[j] += (v[j] - mean[j]) ** 2
    return mean, np.sqrt(squares / count)


def driver_stats(s, p, enrolled: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation of each driver over the enrolled rows, shape (5, 1)."""
    mean, sd = _driver_stats(
        enrolled, s.fit_seen, s.confidence, s.stress, s.pull, s.context_pull,
        s.teacher_control, np.float32(p.labour_market_pull),
    )  # fmt: skip
    return mean[:, None], sd[:, None]


@njit
def _driver_stats_segments(
    enrolled, fit_seen, confidence, stress, pull, context_pull, control, market, size, members
):
    # Each member's rows [k*size, (k+1)*size) in the order _driver_stats reads them, so the
    # sums, and with them the statistics, are bit for bit a separate run's.
    k = 5
    means = np.zeros((members.size, k))
    sds = np.zeros((members.size, k))
    v = np.zeros(k)
    for m in range(members.size):
        lo = members[m] * size
        count = 0
        total = np.zeros(k)
        for i in range(lo, lo + size):
            if enrolled[i]:
                _drivers(i, fit_seen, confidence, stress, pull, context_pull, control, market[m], v)
                for j in range(k):
                    total[j] += v[j]
                count += 1
        mean = total / count
        squares = np.zeros(k)
        for i in range(lo, lo + size):
            if enrolled[i]:
                _drivers(i, fit_seen, confidence, stress, pull, context_pull, control, market[m], v)
                for j in range(k):
                    squares[j] += (v[j] - mean[j]) ** 2
        means[m] = mean
        sds[m] = np.sqrt(squares / count)
    return means, sds


def driver_stats_segments(
    s, market: np.ndarray, enrolled: np.ndarray, size: int, members: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`driver_stats` of several batch members at once, shape (members, 5) each.

    Args:
        s: The batch's stacked arrays (member k owns rows ``k*size`` to ``(k+1)*size``).
        market: Each listed member's ``labour_market_pull`` as float32.
        enrolled: The stacked enrolment mask (every listed member has someone enrolled).
        size: Rows per member.
        members: The members to compute, in order.
    """
    return _driver_stats_segments(
        enrolled, s.fit_seen, s.confidence, s.stress, s.pull, s.context_pull,
        s.teacher_control, market, size, members,
    )  # fmt: skip
