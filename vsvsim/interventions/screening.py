"""Intake screening: the green/orange/red colour the school works with.

Intake screening sorts students into green, orange and red in the configured mix
(default 80/15/5, Het Buro's colour code). With ``screening_accuracy`` 1 the colours
follow the true (latent) risk; with 0 they are random; in between, the screening score
mixes the two. Screening happens once, at set-up, for every row (later intakes too).
"""

from __future__ import annotations

import numpy as np

from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, StudentArrays
from vsvsim.interventions.base import Intervention
from vsvsim.population.cohort import risk_tiers

__all__ = ["Screening", "screen"]

# fmt: off
PARAMS = (
    Param("share_orange", "cohort", 0.15, 0.0, 1.0, unit="share",
          source="UCA ch. 4 (Het Buro intake colour code 80/15/5)",
          doc="Share of students screened orange (elevated risk)"),
    Param("share_red", "cohort", 0.05, 0.0, 1.0, unit="share",
          source="UCA ch. 4 (Het Buro intake colour code 80/15/5)",
          doc="Share of students screened red (high risk)"),
    Param("screening_accuracy", "school", 0.7, 0.0, 1.0, unit="0-1",
          source="UCA ch. 4 (intake colour code); value assumption",
          doc="Accuracy of intake screening: 1 colours follow true risk, 0 colours are random"),
)
STATES = (
    StateVar("colour", "int8", 0, 0, 2, "intake risk colour: 0 green, 1 orange, 2 red",
             "attribute"),
    StateVar("at_risk", "bool", False, None, None, "in the at-risk group (orange or red)",
             "attribute"),
    StateVar("true_colour", "int8", 0, 0, 2,
             "true risk tier (0 green, 1 orange, 2 red); `colour` is what screening saw",
             "attribute"),
)
# fmt: on


def screen(
    s: StudentArrays,
    accuracy: float,
    share_orange: float,
    share_red: float,
    rng: np.random.Generator,
) -> None:
    """Intake screening: set ``colour`` (what the school sees) from ``true_colour``'s risk.

    The screening score is ``accuracy * rank(vulnerability) + (1 - accuracy) * noise``,
    so the colour mix is exactly the configured one whatever the accuracy.
    """
    n = s.n
    risk_rank = np.argsort(np.argsort(s.vulnerability, kind="stable"), kind="stable") / max(
        n - 1, 1
    )
    score = accuracy * risk_rank + (1.0 - accuracy) * rng.random(n)
    s.colour = risk_tiers(score, share_orange, share_red)
    s.at_risk = s.colour > 0


class Screening(Intervention):
    """Intake screening at set-up (stream ``screening``)."""

    name = "screening"
    kind = "instrument"
    weekly = False
    title = "Intake screening: green, orange and red at the configured accuracy"
    source = "UCA ch. 4 (Het Buro's intake colour code)"
    params = PARAMS
    states = STATES

    def init(self, sim) -> None:
        """Screen every row once."""
        p = sim.p
        screen(
            sim.state, p.screening_accuracy, p.share_orange, p.share_red, sim.streams("screening")
        )
