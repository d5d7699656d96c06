"""Mechanism 6, gradual vs abrupt routes out: flickering before a gradual exit."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from vsvsim.core.module import Channel
from vsvsim.core.params import Param
from vsvsim.core.state import StudentArrays
from vsvsim.mechanisms import _kernels
from vsvsim.mechanisms.base import Drivers, F, Mechanism, WeekInputs

# fmt: off
PARAMS = (
    Param("flicker_gain", "strengths", 2.5, 0.0, 10.0, unit="x noise",
          source="UCA ch. 3 (flickering before transitions); value assumption",
          doc="Extra noise near the tipping point (flickering)"),
    Param("abrupt_exit_probability", "strengths", 0.123, 0.0, 1.0, unit="probability",
          source="FS; fitted (docs/calibration.md)",
          doc="Chance that an abrupt life event ends enrolment at once",
          fit=(0.1, 0.8)),
    Param("flicker_offset", "strengths", 0.08, -0.2, 0.3, unit="0-1",
          source="UCA ch. 3 (flickering before transitions); value assumption",
          doc="Readiness above leave_threshold at which flickering is strongest"),
    Param("flicker_width", "strengths", 0.1, 0.01, 0.3, unit="0-1",
          source="UCA ch. 3 (flickering before transitions); value assumption",
          doc="Width of the band of readiness in which flickering rises"),
)
# fmt: on


def readiness(s: StudentArrays, p: SimpleNamespace) -> np.ndarray:
    """Programme-specific readiness to continue: commitment, time investment, confidence."""
    return (
        p.readiness_commitment_weight * s.commitment
        + p.readiness_time_weight * s.time_investment
        + p.readiness_confidence_weight * s.confidence
    )


def gradual_abrupt_routes(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Mechanism 6: two routes out. Gradual decline flickers; life events cut abruptly.

    Near the tipping point of readiness the week-to-week noise on commitment and time
    investment rises (flickering before a transition, brief section 3.6), which shows as
    rising instability before a gradual exit. Abrupt life events (failed internship,
    family crisis) end enrolment at once with chance ``abrupt_exit_probability`` whatever
    the student's attendance. Off: constant noise, and life events only act through
    stress and events.
    """
    ready = readiness(s, p)
    bump = np.exp(-(((ready - p.leave_threshold - p.flicker_offset) / p.flicker_width) ** 2))
    d.noise = (1.0 + p.flicker_gain * bump).astype(F)
    d.abrupt_exits = True


class GradualAbruptRoutes(Mechanism):
    """Flickering before gradual exits; abrupt exits after life events."""

    name = "gradual_abrupt_routes"
    number = 6
    kind = "mechanism"
    switchable = True
    title = "Flickering before gradual exits; abrupt exits after life events"
    source = "UCA ch. 3; FS"
    params = PARAMS
    channels = (
        Channel("noise", 1.0, "float32", 0.0, None, "multiplier of commitment and time noise"),
    )
    update = staticmethod(gradual_abrupt_routes)
    fused = _kernels.Fused("small", "gradual_abrupt_routes")
