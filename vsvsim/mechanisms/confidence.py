"""Mechanism 3, the confidence loop: confidence from small successes, self-reinforcing."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from vsvsim.core.module import Channel
from vsvsim.core.params import Param
from vsvsim.core.state import UNIT, StateVar, StudentArrays
from vsvsim.mechanisms import _kernels
from vsvsim.mechanisms.base import Drivers, Mechanism, WeekInputs, put, relax
from vsvsim.mechanisms.needs import NEUTRAL

#: Typical confidence (its starting default), around which its effects are measured (centring).
TYPICAL_CONFIDENCE = 0.6

# fmt: off
PARAMS = (
    Param("confidence_rate", "dynamics", 0.10, 0.01, 1.0, unit="per week",
          doc="Speed at which confidence follows perceived success"),
    Param("confidence_bias", "strengths", 0.4, 0.0, 1.0, unit="0-1 per 0-1",
          doc="How strongly current confidence colours perceived success"),
    Param("success_competence_weight", "dynamics", 0.6, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Weight of competence at school in this week's success on small goals"),
    Param("success_effort_weight", "dynamics", 0.6, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Weight of time investment (effort) in success, before the locus of control"),
    Param("success_event_weight", "dynamics", 0.3, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Weight of this week's school events in success on small goals"),
)
# fmt: on

# fmt: off
STATES = (
    StateVar("confidence", "float32", 0.6, *UNIT, "confidence to pass this school year"),
    StateVar("success", "float32", 0.5, *UNIT, "success on this week's small goals"),
)
# fmt: on


def confidence_loop(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Mechanism 3: confidence in a successful year from small successes, self-reinforcing.

    This week's success on small goals comes from competence, effort and events; an
    external locus of control weakens the link between effort and success as the student
    sees it. Perception is biased towards the current belief (a student with low
    confidence mainly notices failure). Off: success is perceived as it is and effort
    counts fully. Success itself is computed either way (it feeds delayed realisation).
    """
    _confidence_update(s, p, w, d, biased=True)


def _confidence_update(
    s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers, biased: bool
) -> None:
    school = w.enrolled & w.week.school_week
    effort_weight = (1.0 - s.locus) if biased else 1.0
    success = (
        NEUTRAL
        + p.success_competence_weight * (s.comp_school - NEUTRAL)
        + p.success_effort_weight * effort_weight * (s.time_investment - NEUTRAL)
        + p.success_event_weight * (s.event_school - NEUTRAL)
    )
    put(s.success, np.clip(success, 0, 1), school)
    perceived = s.success + (p.confidence_bias * (s.confidence - NEUTRAL) if biased else 0.0)
    old = s.confidence.copy()
    relax(s.confidence, np.clip(perceived, 0, 1), p.confidence_rate, school)
    d.confidence_fall = np.maximum(old - s.confidence, 0)


def unbiased_confidence(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Neutral replacement of mechanism 3: success perceived as it is, effort counts fully."""
    _confidence_update(s, p, w, d, biased=False)


class UnbiasedConfidence(Mechanism):
    """Success perceived as it is, effort counts fully (mechanism 3 off)."""

    name = "unbiased_confidence"
    kind = "mechanism"
    switchable = False
    title = "Success perceived as it is, effort counts fully (mechanism 3 off)"
    source = ""
    update = staticmethod(unbiased_confidence)
    fused = _kernels.Fused("confidence", "unbiased_confidence")


class ConfidenceLoop(Mechanism):
    """Confidence from success, biased perception, locus of control."""

    name = "confidence_loop"
    number = 3
    kind = "mechanism"
    switchable = True
    title = "Confidence from success, biased perception, locus of control"
    source = "UCA ch. 3"
    params = PARAMS
    states = STATES
    neutral = UnbiasedConfidence
    channels = (
        Channel("confidence_fall", 0.0, "float32", 0.0, 1.0, "this week's fall in confidence"),
    )
    update = staticmethod(confidence_loop)
    fused = _kernels.Fused("confidence", "confidence_loop")
