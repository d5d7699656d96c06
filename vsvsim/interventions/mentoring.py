"""Regular mentoring: every class's study-career mentor (slb'er).

Brief, infrequent contacts; absence brings a letter, and above a threshold a
conversation (the baseline policy of the brief, section 5).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from vsvsim.core.module import Draw
from vsvsim.core.params import Param
from vsvsim.core.state import Status
from vsvsim.interventions.base import Intervention
from vsvsim.mechanisms import _kernels
from vsvsim.mechanisms.base import put

if TYPE_CHECKING:
    from vsvsim.core.sim import Simulation

__all__ = ["RegularMentoring"]

#: Unit conversion.
MINUTES_PER_HOUR = 60.0

# fmt: off
PARAMS = (
    Param("absence_conversation_threshold", "school", 0.35, 0.0, 1.0,
          unit="share of recent weeks absent", source="UCA ch. 6 (absence registration)",
          doc="Recent absence above which the mentor holds a conversation (below: a letter)"),
    Param("absence_letter_share", "school", 0.5, 0.0, 1.0,
          unit="share of absence_conversation_threshold",
          source="UCA ch. 6 (absence registration); value assumption",
          doc="Recent absence, as a share of the conversation threshold, above which the "
              "mentor sends a letter"),
    Param("mentor_contact_rate", "mentoring", 0.25, 0.0, 1.0, unit="per week",
          doc="Weekly chance that the study-career mentor speaks with a student"),
    Param("mentor_minutes", "mentoring", 15.0, 0.0, 240.0, unit="minutes per contact",
          doc="Time of a regular mentor contact"),
    Param("mentor_support", "mentoring", 0.25, 0.0, 1.0, unit="0-1",
          doc="Need support the regular mentor intends in a contact"),
)
# fmt: on


class RegularMentoring(Intervention):
    """The study-career mentor (slb'er) of each class: brief, infrequent contacts.

    In school weeks the mentor speaks with a student with chance ``mentor_contact_rate``;
    a student whose recent absence is above ``absence_conversation_threshold`` is always
    called in (the conversation of the baseline policy); lesser absence gets a letter,
    which is counted but changes nothing. Students in a project-coaching trajectory have
    their main relationship with that coach, so the mentor adds minutes but not support.
    """

    name = "regular_mentoring"
    title = "Regular mentoring: brief mentor contacts; absence brings a letter or a conversation"
    source = "UCA ch. 6 (absence registration); mentoring article"
    params = PARAMS
    draws = (Draw("mentoring", "u_mentor"),)

    def init(self, sim: Simulation) -> None:
        """Set the counters."""
        self.letters = 0
        self.conversations = 0
        self.minutes = np.zeros(sim.population.n_classes)

    def step(self, sim: Simulation) -> None:
        """Decide this week's mentor contacts."""
        if not sim.week.school_week:
            return
        if _kernels.enabled():
            self._fused(self, sim)
            return
        self._count(*mentor_week(sim.state, sim.pb, sim.draws, sim.week), sim.state.mentor)

    def step_batch(self, batch, instances: list[RegularMentoring]) -> None:
        """The week of every member of a batch (counters kept per member)."""
        if not batch.week.school_week:
            return
        if _kernels.enabled():
            # The kernel is one pass over a member's rows; per member, it counts for it.
            for module, sim in zip(instances, batch.members, strict=True):
                module._fused(module, sim)
            return
        letter, conversation, minutes = mentor_week(batch.state, batch.pb, batch.draws, batch.week)
        for module, sl in zip(instances, batch.slices, strict=True):
            module._count(letter[sl], conversation[sl], minutes[sl], batch.state.mentor[sl])

    def _count(self, letter, conversation, minutes, mentor) -> None:
        self.letters += int(letter.sum())
        self.conversations += int(conversation.sum())
        self.minutes += np.bincount(mentor, weights=minutes, minlength=self.minutes.size)

    #: The same step as one fused pass (:func:`mentor_week` is the reference).
    _fused = _kernels.Fused("interventions", "regular_mentoring")

    def outputs(self, sim: Simulation) -> dict[str, Any]:
        """Letters, conversations and mentor hours."""
        return {
            "absence_letters": self.letters,
            "absence_conversations": self.conversations,
            "mentor_hours": float(self.minutes.sum() / MINUTES_PER_HOUR),
        }


def mentor_week(s, p, r, week) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A school week's mentor contacts (row-wise); returns letters, conversations, minutes."""
    active = s.status == Status.ENROLLED
    conversation = active & (s.absence > p.absence_conversation_threshold)
    letter = (
        active
        & ~conversation
        & (s.absence > p.absence_letter_share * p.absence_conversation_threshold)
    )
    contact = active & ((r.u_mentor < p.mentor_contact_rate) | conversation)
    minutes = np.where(contact, p.mentor_minutes, 0.0).astype(np.float32)
    s.coach_minutes += minutes
    # Students still waiting for their project coach keep the mentor as main contact.
    own = contact & ((s.coach < 0) | ~(s.coach_start <= week.index))
    s.contact |= own
    for name in ("intended_aut", "intended_comp", "intended_rel"):
        put(s[name], p.mentor_support, own)
    return letter, conversation, minutes
