"""This week's contacts: reset before the interventions, intended support after them.

The contact states (who spoke with a mentor or coach, minutes, the coach's action and goal,
the support intended per need, the share of it the student's circumstances let land) are
the interventions' common output for one week: they start empty every week and mechanism 7
reads them.
"""

from __future__ import annotations

from vsvsim.core.module import Module
from vsvsim.core.state import UNIT, StateVar

__all__ = ["Contacts", "IntendedSupport"]

INTENDED = ("intended_aut", "intended_comp", "intended_rel")

# fmt: off
STATES = (
    StateVar("contact", "bool", False, None, None, "spoke with mentor or coach this week",
             "event"),
    StateVar("coach_minutes", "float32", 0.0, 0.0, None, "mentor and coach minutes this week",
             "event"),
    StateVar("intended_aut", "float32", 0.0, *UNIT, "autonomy support intended this week",
             "event"),
    StateVar("intended_comp", "float32", 0.0, *UNIT, "competence support intended this week",
             "event"),
    StateVar("intended_rel", "float32", 0.0, *UNIT, "relatedness support intended this week",
             "event"),
    StateVar("intended_support", "float32", 0.0, *UNIT,
             "need support the mentor or coach intended this week", "event"),
    StateVar("support_reception", "float32", 1.0, 0.0, None,
             "share of the intended support this week's circumstances let land (the "
             "youngster's motivation, the coach tier's fit, debts, the project's ties; 1 "
             "without them)", "event"),
)
# fmt: on


class Contacts(Module):
    """Empty the week's contact states before the interventions act."""

    name = "contacts"
    batched = True
    title = "Contacts: this week's contact, minutes, action, goal and intended support start empty"
    states = STATES

    def step(self, sim) -> None:
        """Reset the week's contact states."""
        s = sim.state
        s.contact[:] = False
        s.coach_minutes[:] = 0.0
        s.coach_action[:] = -1
        s.coach_goal[:] = -1
        for name in INTENDED:
            s[name][:] = 0.0
        s.support_reception[:] = 1.0


class IntendedSupport(Module):
    """The need support the mentor or coach intended this week: the mean over the needs."""

    name = "intended_support"
    batched = True
    title = "Intended support: the mean of the support intended per need"

    def step(self, sim) -> None:
        """Average the three intended supports."""
        s = sim.state
        s.intended_support = (s.intended_aut + s.intended_comp + s.intended_rel) / 3.0
