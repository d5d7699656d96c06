"""Mentoring and coaching: who speaks with whom each week, for how long, with what intent.

Interventions have a tiny lifecycle: ``__init__`` stores arguments, ``init(model)``
resolves them against the population, ``step(model, week)`` acts (returning early when
inactive) and ``finalize(model)`` reports. They only decide contact, intended support and
minutes; what the student makes of a contact is mechanism 7
(:func:`vsvsim.mechanisms.coach_relationship`).

This module holds the minimal coaching of the core engine: every class has a
study-career mentor with a large caseload and little time, and a project coach can be
assigned preventively (at-risk students by intake colour) or curatively (school leavers
after they left). The full coaching behaviour (coach types, actions and goals, matching,
turnover, handover) plugs in here as further interventions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from vsvsim.calendar import Week
from vsvsim.state import Status

if TYPE_CHECKING:
    from vsvsim.model import DropoutModel

__all__ = ["HOLIDAY_CONTACT", "Intervention", "ProjectCoaching", "RegularMentoring"]

#: Coach contact in holiday weeks relative to school weeks (brief section 4: coach time
#: dips at Christmas and in May). Values are assumptions.
HOLIDAY_CONTACT = {
    "": 1.0,
    "autumn": 0.6,
    "christmas": 0.3,
    "spring": 0.6,
    "may": 0.3,
    "summer": 0.4,
}


class Intervention:
    """Base class of a weekly intervention."""

    def init(self, model: DropoutModel) -> None:
        """Resolve against the model (called once, after the population is built)."""

    def step(self, model: DropoutModel, week: Week) -> None:
        """Act in one week."""

    def finalize(self, model: DropoutModel) -> None:
        """Report at the end of the run."""


class RegularMentoring(Intervention):
    """The study-career mentor (slb'er) of each class: brief, infrequent contacts.

    In school weeks the mentor speaks with a student with chance ``mentor_contact_rate``;
    a student whose recent absence is above ``absence_conversation_threshold`` is always
    called in (the conversation of the baseline policy); lesser absence gets a letter,
    which is counted but changes nothing. Students with a project coach have their main
    relationship with that coach, so the mentor's contact adds minutes but not support.
    """

    def init(self, model: DropoutModel) -> None:
        """Set the counters."""
        self.letters = 0
        self.conversations = 0

    def step(self, model: DropoutModel, week: Week) -> None:
        """Decide this week's mentor contacts."""
        if not week.school_week:
            return
        s, p, r = model.state, model.p, model.draws
        active = s.status == Status.ENROLLED
        conversation = active & (s.absence > p.absence_conversation_threshold)
        letter = active & ~conversation & (s.absence > 0.5 * p.absence_conversation_threshold)
        self.letters += int(letter.sum())
        self.conversations += int(conversation.sum())
        contact = active & ((r.u_mentor < p.mentor_contact_rate) | conversation)
        s.coach_minutes += np.where(contact, p.mentor_minutes, 0.0).astype(np.float32)
        own = contact & (s.coach < 0)
        s.contact |= own
        s.intended_support[own] = p.mentor_support


class ProjectCoaching(Intervention):
    """Minimal project coaching: preventive (at risk, in school) or curative (after leaving).

    Preventive: at the start of each school year, enrolled at-risk students (red first,
    then orange) without a coach are assigned to coaches with a free place (capacity =
    ``coaches * coach_caseload``); coaching ends when the student leaves or graduates.
    Curative: school leavers are assigned as they leave, while places last; coaching ends
    when the student re-enters education. A coached student has a contact with chance
    ``coach_contact_rate`` (lower in holidays).

    Args:
        mode: ``"preventive"`` or ``"curative"``.
    """

    def __init__(self, mode: str):
        self.mode = mode

    def init(self, model: DropoutModel) -> None:
        """Create the coaches' load counters."""
        self.load = np.zeros(int(model.p.coaches), dtype=np.int64)
        self.caseload = int(model.p.coach_caseload)

    def _assign(self, model: DropoutModel, candidates: np.ndarray) -> None:
        """Give candidates (in priority order) free places, filling coaches in turn."""
        free = self.caseload - self.load
        slots = np.repeat(np.arange(self.load.size), np.maximum(free, 0))
        take = candidates[: slots.size]
        if take.size == 0:
            return
        s = model.state
        coach = slots[: take.size]
        s.coach[take] = coach
        s.coached[take] = True
        s.bond[take] = 0.0  # a new relationship starts from zero trust
        np.add.at(self.load, coach, 1)

    def _release(self, model: DropoutModel, mask: np.ndarray) -> None:
        s = model.state
        rows = np.flatnonzero(mask & (s.coach >= 0))
        np.subtract.at(self.load, s.coach[rows], 1)
        s.coach[rows] = -1

    def step(self, model: DropoutModel, week: Week) -> None:
        """End finished trajectories, assign new students, decide contacts."""
        s, p, r = model.state, model.p, model.draws
        if self.mode == "preventive":
            self._release(model, s.status != Status.ENROLLED)
            if week.year_start:
                eligible = (s.status == Status.ENROLLED) & s.at_risk & (s.coach < 0)
                rows = np.flatnonzero(eligible)
                rows = rows[np.argsort(-s.colour[rows], kind="stable")]
                self._assign(model, rows)
        else:
            self._release(model, s.status != Status.LEFT)
            eligible = (s.status == Status.LEFT) & (s.coach < 0) & ~s.coached
            self._assign(model, np.flatnonzero(eligible))
        has = s.coach >= 0
        s.weeks_coached += has
        rate = p.coach_contact_rate * HOLIDAY_CONTACT[week.holiday]
        contact = has & (r.u_coach < rate)
        s.contact |= contact
        s.intended_support[contact] = p.coach_support
        s.coach_minutes += np.where(contact, p.coach_minutes, 0.0).astype(np.float32)
