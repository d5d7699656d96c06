"""The absence protocol: unauthorised absence reported, a letter, a conversation, the officer.

On by default since the refit with the modules on (issue 10, item 9; docs/calibration.md),
like the qualification duty it belongs with; ``absence_protocol = false`` in a scenario file
(table ``[law]``) switches it off.

The law (brief section 9): 16 hours of unauthorised absence within 4 weeks are reported
(verzuimmelding), followed by a letter, a conversation and the attendance officer
(leerplichtambtenaar) for a young person under the qualification duty; for an 18+ there
is a separate approach (the RMC's). The model counts a student's absent school weeks
over the last ``absence_report_weeks`` school weeks; an absent week stands for
``absent_week_hours`` hours of unauthorised absence (an assumption: the model's
attendance is weekly). When the hours reach ``absence_report_hours`` the school reports:
a case opens and the school sends its letter. ``officer_conversation_weeks`` later, if
the student is still enrolled, comes the conversation: with the attendance officer for an
under-18 without a basic qualification, or the lighter 18+ approach otherwise. The
conversation pushes the student's time investment up (``officer_time_effect`` on its set
point, for ``officer_effect_weeks`` weeks; the 18+ approach ``adult_approach_share`` of
that). It is enforcement, so it works on participation only: commitment follows only as
far as the participation-identification spiral carries it. When the effect ends the case
closes and the absence count starts afresh. No random draws: the protocol is a rule.
"""

from __future__ import annotations

import numpy as np

from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, Status
from vsvsim.interventions.base import Intervention
from vsvsim.registration.indicator import basic_qualification

__all__ = ["AbsenceProtocol"]

#: ``absence_stage`` codes: no case; reported (letter sent); conversation held.
NO_CASE, REPORTED, CONVERSATION = 0, 1, 2
#: Set bits in each byte value (a week-by-week absence history of up to 8 school weeks).
_POPCOUNT = np.array([bin(k).count("1") for k in range(256)], dtype=np.int8)

# fmt: off
PARAMS = (
    Param("absence_protocol", "law", True, unit="switch",
          source="brief section 9 (16 hours within 4 weeks reported; letter, conversation, "
                 "attendance officer; a separate 18+ approach)",
          doc="Absence protocol: unauthorised absence above the legal limit is reported, "
              "followed by a letter and a conversation with the attendance officer (18+: "
              "the RMC's approach)"),
    Param("absence_report_hours", "law", 16.0, 1.0, 80.0, unit="hours",
          source="brief section 9 (16 hours of unauthorised absence within 4 weeks)",
          doc="Hours of unauthorised absence within absence_report_weeks that the school "
              "must report"),
    Param("absence_report_weeks", "law", 4, 1, 8, unit="school weeks",
          source="brief section 9 (16 hours of unauthorised absence within 4 weeks)",
          doc="School weeks over which unauthorised absence is counted for a report"),
    Param("absent_week_hours", "law", 4.0, 1.0, 40.0, unit="hours per absent week",
          source="assumption (the model's attendance is weekly and an average student "
                 "misses about a quarter of its weeks; an absent week stands for about one "
                 "school day missed, so a report needs four absent weeks in four)",
          doc="Hours of unauthorised absence an absent school week stands for"),
    Param("officer_conversation_weeks", "law", 2, 0, 12, unit="weeks",
          source="assumption (brief section 9: a letter, then a conversation; no duration "
                 "given)",
          doc="Weeks from the report (and the school's letter) to the conversation with "
              "the attendance officer or the 18+ approach"),
    Param("officer_time_effect", "law", 0.1, 0.0, 1.0, unit="0-1 on the time set point",
          source="assumption (enforcement raises participation, not identification; no "
                 "effect size in the brief)",
          doc="Push on time investment's set point after the attendance officer's "
              "conversation"),
    Param("officer_effect_weeks", "law", 8, 1, 52, unit="weeks",
          source="assumption (no duration in the brief)",
          doc="Weeks the attendance officer's push on time investment lasts"),
    Param("adult_approach_share", "law", 0.5, 0.0, 1.0, unit="x",
          source="assumption (brief section 9: a separate, voluntary approach for 18+)",
          doc="Strength of the 18+ approach relative to the attendance officer's"),
)
STATES = (
    StateVar("absence_history", "uint8", 0, None, None,
             "absent school weeks of the last 8, one bit each (newest lowest)", "attribute"),
    StateVar("absence_stage", "int8", NO_CASE, 0, 2,
             "absence protocol: 0 no case, 1 reported (letter sent), 2 conversation held",
             "attribute"),
    StateVar("absence_reported_week", "int32", -1, -1, None,
             "week of the open absence report, -1 if none", "attribute"),
    StateVar("officer_push", "float32", 0.0, 0.0, 1.0,
             "current push on time investment from the protocol's conversation", "attribute"),
    StateVar("officer_until", "int32", -1, -1, None,
             "last week of the conversation's push, -1 if none", "attribute"),
    StateVar("absence_reports", "int8", 0, 0, None, "absence reports made for the student",
             "attribute"),
    StateVar("officer_conversations", "int8", 0, 0, None,
             "conversations with the attendance officer (under 18)", "attribute"),
    StateVar("adult_conversations", "int8", 0, 0, None,
             "conversations of the 18+ approach", "attribute"),
)
# fmt: on


class AbsenceProtocol(Intervention):
    """Report, letter, conversation and the attendance officer; on by default."""

    name = "absence_protocol"
    batched = True  # row-wise, no draws, counters in states: a batch is one pass
    title = "Absence protocol: 16 hours in 4 weeks reported; letter, conversation, officer"
    source = "brief section 9 (verzuimmelding, leerplichtambtenaar, 18+ approach)"
    params = PARAMS
    states = STATES

    def step(self, sim) -> None:
        """Count absence, report, hold the conversation; push time investment."""
        p = sim.pb
        if not p.absence_protocol:
            return
        s, week = sim.state, sim.week.index
        enrolled = s.status == Status.ENROLLED
        # A case of a student no longer enrolled is closed (no push out of school).
        gone = ~enrolled & (s.absence_stage != NO_CASE)
        s.absence_stage[gone] = NO_CASE
        s.officer_push[gone] = 0.0
        if sim.week.school_week:
            window = (1 << int(p.absence_report_weeks)) - 1
            absent = (enrolled & ~s.attended).astype(np.uint8)
            s.absence_history = ((s.absence_history << 1) | absent) & np.uint8(window)
            hours = _POPCOUNT[s.absence_history] * np.float32(p.absent_week_hours)
            report = enrolled & (s.absence_stage == NO_CASE) & (hours >= p.absence_report_hours)
            s.absence_stage[report] = REPORTED
            s.absence_reported_week[report] = week
            s.absence_reports[report] += 1
        due = (
            enrolled
            & (s.absence_stage == REPORTED)
            & (s.absence_reported_week + p.officer_conversation_weeks <= week)
        )
        if due.any():
            bound = (s.age < p.qualification_duty_age) & ~basic_qualification(s.status, s.level)
            officer = due & bound
            s.officer_conversations[officer] += 1
            s.adult_conversations[due & ~bound] += 1
            push = p.officer_time_effect * np.where(bound, 1.0, p.adult_approach_share)
            s.officer_push = np.where(due, push, s.officer_push).astype(np.float32)
            s.officer_until[due] = week + p.officer_effect_weeks
            s.absence_stage[due] = CONVERSATION
        ended = (s.absence_stage == CONVERSATION) & (s.officer_until < week)
        if ended.any():
            s.absence_stage[ended] = NO_CASE
            s.officer_push[ended] = 0.0
            s.absence_history[ended] = 0  # a new report needs new absence
        sim.d.time += s.officer_push

    def outputs(self, sim) -> dict[str, float]:
        """Reports, students reported, and conversations by kind."""
        s = sim.state
        return {
            "absence_reports": float(s.absence_reports.sum()),
            "absence_reported_students": float(np.count_nonzero(s.absence_reports)),
            "officer_conversations": float(s.officer_conversations.sum()),
            "adult_approach_conversations": float(s.adult_conversations.sum()),
        }
