"""Whole-cohort indicators of one week: the Mesa DataCollector's columns.

Kept apart from :mod:`vsvsim.mesa_model` so that the batch path (:func:`vsvsim.run_batch`,
which the sweeps use) reads them without importing Mesa.
"""

from __future__ import annotations

import numpy as np

from vsvsim.core.state import Status

__all__ = ["INDICATORS", "weekly_indicators"]

#: The whole-cohort indicators collected every week (the DataCollector's columns).
INDICATORS = (
    "week",
    "enrolled",
    "switchers",
    "school_leavers",
    "diplomas",
    "dropout_rate",
    "mean_commitment",
    "mean_time_investment",
    "mean_confidence",
    "mean_wellbeing",
)


def weekly_indicators(state, week) -> tuple:
    """This week's whole-cohort indicators, in the order of :data:`INDICATORS`.

    One function for the Mesa DataCollector's reporters and for the members of a batch
    (:func:`vsvsim.run.run_batch`), so both tables are the same.
    """
    status = state.status
    counts = np.bincount(status, minlength=len(Status.NAMES))
    entered = status != Status.PENDING
    e = status == Status.ENROLLED
    any_e = bool(counts[Status.ENROLLED])
    rate = float((state.first_exit[entered] > 0).mean()) if entered.any() else 0.0
    means = tuple(
        float(state[name][e].mean()) if any_e else float("nan")
        for name in ("commitment", "time_investment", "confidence", "wellbeing")
    )
    return (
        week.index,
        int(counts[Status.ENROLLED]),
        int(counts[Status.SWITCHED]),
        int(counts[Status.LEFT]),
        int(counts[Status.DIPLOMA]),
        rate,
        *means,
    )
