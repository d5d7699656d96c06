"""Mechanism 5, delayed realisation, and the strain it works on."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, StudentArrays
from vsvsim.mechanisms import _kernels
from vsvsim.mechanisms.base import Drivers, F, Mechanism, WeekInputs
from vsvsim.mechanisms.needs import NEUTRAL
from vsvsim.population.cohort import TYPICAL_COMMITMENT

# fmt: off
PARAMS = (
    Param("realisation_absorb_threshold", "strengths", 0.588, 0.0, 1.0, unit="0-1",
          source="UCA ch. 5.2.2; fitted (docs/calibration.md)",
          doc="Commitment above which setbacks are absorbed (or spur more effort)",
          fit=(0.45, 0.75)),
    Param("realisation_try_harder", "strengths", 0.213, 0.0, 0.5, unit="0-1 per setback",
          source="fitted (docs/calibration.md)",
          doc="Commitment gained per setback while absorbing",
          fit=(0.0, 0.5),
          fixed="Morris screening: moves no fit target by a scale unit (mu* 0.40)"),
    Param("realisation_effort", "strengths", 0.0381, 0.0, 0.5, unit="0-1 at tolerance",
          source="UCA ch. 5.2.2 (try harder after a failed test); value "
                 "fitted (docs/calibration.md)",
          doc="Time investment a committed student adds as setbacks accumulate, at full "
              "strain (tolerance reached), until it realises the programme may not work out",
          fit=(0.0, 0.4)),
    Param("strain_memory", "strengths", 20.6, 2.0, 100.0, unit="weeks",
          source="UCA ch. 5.2.2 (an accumulation of negative experiences); "
                 "fitted (docs/calibration.md)",
          doc="Memory of accumulated strain: setbacks fade with this time constant",
          fit=(4.0, 40.0), prior="log-uniform",
          prior_reason="a time scale over an order of magnitude, from a month to most of a year: "
                       "each factor of 2 as likely"),
    Param("realisation_confidence_shield", "strengths", 0.721, 0.0, 1.0, unit="share",
          source="UCA ch. 5.2.2 (try harder after a failed test); fitted (docs/calibration.md)",
          doc="Share of a setback's confidence cost that a committed student absorbs until "
              "it realises the programme may not work out",
          fit=(0.0, 1.0),
          fixed="Morris screening at 2,000 x 4: moves no fit target by a scale unit (mu* 0.26)"),
    Param("realisation_drop", "strengths", 0.644, 0.0, 1.0, unit="0-1",
          source="fitted (docs/calibration.md)",
          doc="Fall in the commitment set point after realisation",
          fit=(0.2, 0.9)),
    Param("setback_commitment_cost", "strengths", 0.2, 0.0, 1.0, unit="0-1 per setback",
          source="UCA ch. 5.2.2; value assumption",
          doc="Commitment lost per setback by a student who does not absorb it (and by "
              "everyone with the mechanism off)"),
    Param("realisation_recovery_share", "strengths", 0.4, 0.0, 1.0, unit="x tolerance",
          doc="Strain, as a share of tolerance, below which a student who realised regains "
              "its commitment set point"),
)
STRAIN_PARAMS = (
    Param("failure_setback_weight", "strengths", 0.5, 0.0, 1.0, unit="0-1 per 0-1",
          source="UCA ch. 5.2.2 (an accumulation of negative experiences); value assumption",
          doc="Setback per unit of failure on this week's small goals (success below the "
              "midpoint)"),
)
# fmt: on

# fmt: off
STATES = (
    StateVar("strain", "float32", 0.0, 0.0, None, "accumulated negative experience"),
    StateVar("realised", "bool", False, None, None,
             "has realised the programme may not work out"),
)
# fmt: on


def setbacks(s: StudentArrays, p: SimpleNamespace) -> np.ndarray:
    """This week's negative experience (non-negative).

    School experiences that fall short of what the student expected (a keen student
    expects more than a neutral week), and failure (``failure_setback_weight``).
    """
    expected = NEUTRAL + (s.base_commitment - TYPICAL_COMMITMENT)
    failure = np.maximum(NEUTRAL - s.success, 0)
    return np.maximum(expected - s.event_school, 0) + p.failure_setback_weight * failure


def accumulate_strain(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Strain: decaying sum of setbacks with a memory of ``strain_memory`` weeks (always on)."""
    decay = 1.0 - 1.0 / p.strain_memory
    s.strain = np.where(
        w.enrolled, decay * s.strain + setbacks(s, p) * w.week.school_week, s.strain
    )


def delayed_realisation(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Mechanism 5: committed students absorb setbacks until strain accumulates.

    Negative experiences (bad school events, failure) add to a slowly decaying strain.
    A student whose commitment is above the absorb threshold and who has not yet
    realised anything is spurred by a setback (tries harder after a failed test); once
    the strain passes the student's tolerance, the student realises the programme may not
    work out and the commitment set point drops by ``realisation_drop``. Without the
    mechanism every setback lowers commitment at once, for everyone. This is what lets
    eventual dropouts start the year more positive than stayers.
    """
    neg = setbacks(s, p)
    absorbing = ~s.realised & (s.commitment > p.realisation_absorb_threshold)
    cost = -p.setback_commitment_cost * neg
    d.commit += np.where(absorbing, p.realisation_try_harder * neg, cost).astype(F)
    # Trying harder is effort too: as setbacks pile up an absorbing student invests more
    # time, the more the closer its strain is to what it can tolerate.
    effort = np.minimum(s.strain / s.tolerance, 1.0)
    d.time += np.where(absorbing, p.realisation_effort * effort, 0.0).astype(F)
    # Absorbing students put a failure down to too little effort, so it costs them less
    # confidence: give back a share of this week's fall (confidence_loop ran before).
    shield = w.enrolled & absorbing & w.week.school_week
    s.confidence = np.where(
        shield, s.confidence + p.realisation_confidence_shield * d.confidence_fall, s.confidence
    )
    # Only a student who was absorbing can have the sudden realisation; for the others
    # setbacks already count at once.
    realises = w.enrolled & absorbing & (s.strain > s.tolerance)
    s.realised = (s.realised | realises) & ~(s.strain < p.realisation_recovery_share * s.tolerance)
    d.commit -= p.realisation_drop * s.realised


def immediate_setbacks(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Neutral replacement of mechanism 5: every setback lowers commitment at once."""
    d.commit -= p.setback_commitment_cost * setbacks(s, p)


class AccumulateStrain(Mechanism):
    """Strain: a decaying sum of setbacks."""

    name = "accumulate_strain"
    kind = "core"
    switchable = False
    title = "Strain: a decaying sum of setbacks"
    source = "UCA ch. 5.2.2"
    params = STRAIN_PARAMS
    states = STATES
    update = staticmethod(accumulate_strain)
    fused = _kernels.Fused("realisation", "accumulate_strain")


class ImmediateSetbacks(Mechanism):
    """Every setback lowers commitment at once (mechanism 5 off)."""

    name = "immediate_setbacks"
    kind = "mechanism"
    switchable = False
    title = "Every setback lowers commitment at once (mechanism 5 off)"
    source = ""
    update = staticmethod(immediate_setbacks)
    fused = _kernels.Fused("realisation", "immediate_setbacks")


class DelayedRealisation(Mechanism):
    """Committed students absorb setbacks until strain accumulates."""

    name = "delayed_realisation"
    number = 5
    kind = "mechanism"
    switchable = True
    title = "Committed students absorb setbacks until strain accumulates"
    source = "UCA ch. 5.2"
    params = PARAMS
    neutral = ImmediateSetbacks
    update = staticmethod(delayed_realisation)
    fused = _kernels.Fused("realisation", "delayed_realisation")
