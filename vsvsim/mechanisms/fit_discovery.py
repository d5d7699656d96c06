"""Fit discovery (core): experience shows a student how well the programme fits."""

from __future__ import annotations

from types import SimpleNamespace

from vsvsim.core.params import Param
from vsvsim.core.state import UNIT, StateVar, StudentArrays
from vsvsim.mechanisms import _kernels
from vsvsim.mechanisms.base import Drivers, Mechanism, WeekInputs, relax

#: Code of the second semester in ``Week.semester`` (practical work and internships).
SECOND_SEMESTER = 2

# fmt: off
PARAMS = (
    Param("fit_discovery_rate", "school", 0.0493, 0.0, 1.0, unit="per week",
          source="fitted (docs/calibration.md)",
          doc="How fast lessons in the first semester show a student the programme's true fit "
              "(1: at once)",
          fit=(0.0, 0.1)),
    Param("practice_discovery_rate", "school", 0.211, 0.0, 1.0, unit="per week",
          source="UCA ch. 5.2.2 (dropouts decline from February); fitted (docs/calibration.md)",
          doc="How fast practical work and internships in the second semester show the "
              "programme's true fit (1: at once)",
          fit=(0.02, 0.8), prior="log-uniform",
          prior_reason="a rate over 1.6 orders of magnitude, from a fit seen within a week to "
                       "within a school year: each factor of 2 as likely",
          fixed="Morris screening at 2,000 x 4: moves no fit target by a scale unit (mu* 0.91)"),
)
# fmt: on

# fmt: off
STATES = (
    StateVar("fit_seen", "float32", 0.6, *UNIT,
             "fit as the student has experienced it so far (expectation, then practice)",
             "state"),
)
# fmt: on


def discover_fit(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Experience shows a student how well the programme fits (core, before events).

    A student starts from the fit it expects (keen students expect a good fit) and in
    school weeks moves towards the true fit: slowly in lessons (``fit_discovery_rate``),
    faster once practical work and internships start in the second semester
    (``practice_discovery_rate``). A keen student in a programme that does not suit it
    therefore has good experiences at first and setbacks later: the raw material of
    delayed realisation (mechanism 5).
    """
    rate = p.practice_discovery_rate if w.week.semester == SECOND_SEMESTER else p.fit_discovery_rate
    relax(s.fit_seen, s.fit, rate, w.enrolled & w.week.school_week)


class FitDiscovery(Mechanism):
    """Experience shows a student how well the programme fits."""

    name = "fit_discovery"
    kind = "core"
    switchable = False
    title = "Experience shows a student how well the programme fits"
    source = "UCA ch. 5.2.2"
    params = PARAMS
    states = STATES
    update = staticmethod(discover_fit)
    fused = _kernels.Fused("small", "discover_fit")
