"""The early-warning signal, computed every week from the state the school can see.

Commitment or confidence falling more than ``ew_drop`` below its running mean, rising
instability, or absence above a threshold; by default only in the second semester. Hits
(signalled, later left), false alarms (signalled, did not leave) and misses (left without
a signal) are reported in the run summary.
"""

from __future__ import annotations

import numpy as np

from vsvsim.core.params import Param
from vsvsim.core.state import UNIT, StateVar, Status, StudentArrays
from vsvsim.interventions.base import Intervention
from vsvsim.mechanisms import _kernels

__all__ = ["EarlyWarning", "early_warning", "warning_report"]

# fmt: off
PARAMS = (
    Param("ew_drop", "school", 0.15, 0.01, 0.5, unit="0-1",
          source="brief section 5 (early-warning trigger); value assumption",
          doc="Fall of commitment or confidence below its running mean that raises a signal"),
    Param("ew_memory_rate", "school", 0.1, 0.01, 1.0, unit="per week",
          doc="Weekly rate of the running means of commitment and confidence the signal "
              "compares with (0.1: a memory of about ten weeks)"),
    Param("ew_instability", "school", 0.6, 0.0, 1.0, unit="0-1",
          doc="Instability above which the early-warning signal is raised"),
    Param("ew_absence", "school", 0.6, 0.0, 1.0, unit="share of recent weeks absent",
          doc="Recent absence above which the early-warning signal is raised"),
    Param("ew_second_semester_only", "school", True, unit="switch",
          source="UCA ch. 5.2.2 (decline from February)",
          doc="Early-warning signal only in the second semester"),
)
STATES = (
    StateVar("signalled", "bool", False, None, None, "early-warning signal ever raised",
             "attribute"),
    StateVar("signal_week", "float64", np.nan, 0, None,
             "week of the first early-warning signal", "attribute"),
    StateVar("commitment_slow", "float32", 0.6, *UNIT,
             "running mean of commitment (early-warning baseline)"),
    StateVar("confidence_slow", "float32", 0.6, *UNIT,
             "running mean of confidence (early-warning baseline)"),
)
# fmt: on


def early_warning(sim, week) -> None:
    """Update running means and raise the early-warning signal (first signal is kept)."""
    s, p = sim.state, sim.pb
    enrolled = s.status == Status.ENROLLED
    if not week.school_week:
        return
    falling = (s.commitment_slow - s.commitment > p.ew_drop) | (
        s.confidence_slow - s.confidence > p.ew_drop
    )
    signal = enrolled & (falling | (s.instability > p.ew_instability) | (s.absence > p.ew_absence))
    if p.ew_second_semester_only:
        signal &= week.semester == 2
    new = signal & ~s.signalled
    s.signalled |= new
    s.signal_week[new] = week.index
    for name in ("commitment", "confidence"):
        slow = s[f"{name}_slow"]
        slow[...] = np.where(enrolled, slow + p.ew_memory_rate * (s[name] - slow), slow)


def warning_report(s: StudentArrays) -> dict[str, float]:
    """Hits, false alarms and misses of the early-warning signal among entered students."""
    entered = s.status != Status.PENDING
    left = entered & (s.first_exit > 0)
    signalled_before = s.signalled & (~left | (s.signal_week <= s.left_week))
    hits = int((left & signalled_before).sum())
    false_alarms = int((entered & s.signalled & ~left).sum())
    misses = int((left & ~signalled_before).sum())
    return {
        "ew_signalled": int((entered & s.signalled).sum()),
        "ew_hits": hits,
        "ew_false_alarms": false_alarms,
        "ew_misses": misses,
        "ew_precision": hits / (hits + false_alarms) if hits + false_alarms else np.nan,
        "ew_recall": hits / (hits + misses) if hits + misses else np.nan,
    }


class EarlyWarning(Intervention):
    """The early-warning signal (an instrument of the school)."""

    name = "early_warning"
    batched = True
    kind = "instrument"
    title = "Early-warning signal: falling commitment or confidence, instability, absence"
    source = "brief section 5 (early-warning trigger)"
    params = PARAMS
    states = STATES

    def step(self, sim) -> None:
        """Raise this week's signals."""
        if _kernels.enabled() and sim.week.school_week:
            self._fused(sim, sim.week)
        else:
            early_warning(sim, sim.week)

    #: The same step as one fused pass (:func:`early_warning` is the reference).
    _fused = _kernels.Fused("interventions", "early_warning")

    def outputs(self, sim) -> dict:
        """Hits, false alarms and misses."""
        return warning_report(sim.state)
