"""Exits the school decides: a binding study advice, deregistration, a failed BBL placement.

Each on by default since the refit with the modules on (issue 10, item 9;
docs/calibration.md): ``binding_study_advice`` and ``deregistration`` (scenario table
``[tracks]``) are switches, ``= false`` in a scenario file switches one off, and the BBL
placement exit happens only with the tracks on (:mod:`vsvsim.population.tracks`).

- **Binding study advice (BSA).** In the last school week before the summer, before the
  year closing, a student in programme year 1 whose study progress over the year is below
  ``bsa_threshold`` gets a negative binding study advice and must leave the programme.
  Study progress is a credits proxy: the mean, over the school weeks it was enrolled this
  school year, of what the year closing's pass decision reads (the mean of time investment
  and confidence, :mod:`vsvsim.population.progression`). A student enrolled fewer than
  ``bsa_min_weeks`` school weeks this year (a February entrant) gets no advice yet.
- **Deregistration after long absence.** A school week in which an enrolled student did
  not attend and its time investment is below ``dereg_time_investment`` (it has all but
  stopped: absence in this model is drawn weekly from time investment, so a run of missed
  weeks alone also hits students who are merely irregular) is a week of long absence;
  after ``dereg_weeks`` such school weeks in a row the school deregisters the student.
  Holidays neither count nor break the run. With the qualification duty on, a student the
  duty binds is not deregistered (the attendance officer acts instead; not modelled
  further).
- **A failed BBL placement.** A BBL student whose search for a new training company
  failed (``placement_failed``) leaves the programme (one who returns, returns with a
  training company: a BBL enrolment needs a contract).

The exit itself is the exits step's: the student switches or leaves education with
mechanism 9's chance (``d.leaver_chance``: a student whose general state held up looks
for another programme), drawn from this module's stream ``school_exits`` (every week
while one of its switches is on: ``Draw.when``). Its first exit is recorded as any first
exit (``first_exit``, ``left_week``, ``absence_at_exit``) with route gradual (the BSA
and deregistration formalise a decline) or abrupt (a failed placement, typed
``failed_placement``), and ``school_exit`` says which decision it was. The registered
reason (:mod:`vsvsim.registration.reasons`) maps the decisions: a BSA is
institution-related, or study and career choice when the misfit stood out (the advice
redirects the student); a failed placement is labour market and environment; a
deregistration gets the reason the drivers give (the school registers why the student
stopped coming).
"""

from __future__ import annotations

import numpy as np

from vsvsim.core.module import Draw, Module
from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, Status
from vsvsim.mechanisms.base import put
from vsvsim.mechanisms.leaving import ROUTE_ABRUPT, ROUTE_GRADUAL
from vsvsim.registration.indicator import basic_qualification

__all__ = ["SCHOOL_EXITS", "SchoolExits", "end_enrolment"]

#: Codes of ``school_exit`` (0: the first exit, if any, was not a school decision).
SCHOOL_EXITS = ("none", "bsa", "deregistration", "placement")
NO_SCHOOL_EXIT, BSA, DEREGISTRATION, PLACEMENT = range(len(SCHOOL_EXITS))

# fmt: off
PARAMS = (
    Param("binding_study_advice", "tracks", True, unit="switch",
          source="brief section 9 (a school decision: binding study advice)",
          doc="Binding study advice: at the end of year 1 a student far behind must leave "
              "the programme"),
    Param("bsa_threshold", "tracks", 0.3, 0.0, 1.0, unit="0-1",
          source="assumption (far behind: a quarter below the year closing's pass_threshold "
                 "of 0.4, on average over the whole year; at 0.4 itself a fifth of level-1 "
                 "students would get a negative advice)",
          doc="Study progress over year 1 (mean of time investment and confidence in its "
              "school weeks) below which a student gets a negative binding study advice"),
    Param("bsa_min_weeks", "tracks", 25, 0, 45, unit="weeks",
          source="assumption (a February entrant gets its advice a year later)",
          doc="School weeks enrolled in the school year a student needs before it gets a "
              "binding study advice"),
    Param("deregistration", "tracks", True, unit="switch",
          source="brief section 9 (a school decision: deregistration after long absence)",
          doc="Deregistration: the school deregisters a student after a long run of "
              "school weeks of absence"),
    Param("dereg_weeks", "tracks", 4, 1, 40, unit="weeks",
          source="assumption (mbo colleges may deregister after about four weeks of "
                 "unauthorised absence; not in the brief)",
          doc="School weeks of long absence in a row after which the school deregisters "
              "a student"),
    Param("dereg_time_investment", "tracks", 0.2, 0.0, 1.0, unit="0-1",
          source="assumption",
          doc="Time investment below which a missed school week counts as a week of long "
              "absence (the student has all but stopped)"),
)
STATES = (
    StateVar("study_progress", "float32", 0.0, 0.0, 1.0,
             "study progress this school year: mean of (time investment + confidence) / 2 "
             "over its school weeks enrolled (a credits proxy; with the BSA on)",
             "attribute"),
    StateVar("progress_weeks", "int16", 0, 0, None,
             "school weeks enrolled this school year (with the BSA on)", "attribute"),
    StateVar("absent_run", "int16", 0, 0, None,
             "school weeks of long absence in a row (with deregistration on)", "attribute"),
    StateVar("school_exit", "int8", 0, 0, len(SCHOOL_EXITS) - 1,
             "the school decision that made the first exit (index into SCHOOL_EXITS; 0 "
             "none)", "attribute"),
    StateVar("school_exits", "int8", 0, 0, None,
             "exits the school decided (every exit, not only the first)", "attribute"),
)
# fmt: on


def end_enrolment(sim, mask: np.ndarray, kind: int, route: int) -> None:
    """The rows ``mask`` leave their programme by a school decision ``kind``.

    They switch or leave education with mechanism 9's chance (``d.leaver_chance``) against
    this week's ``u_school_route``; a first exit is recorded as the exits step records
    one, with ``route`` and ``school_exit``; the rows join this week's leavers
    (``sim.left_now``, in place, so a batch's members see them).
    """
    s, week = sim.state, sim.week.index
    rows = np.flatnonzero(mask)
    if rows.size == 0:
        return
    leaver = sim.draws.u_school_route[rows] < sim.d.leaver_chance(rows)
    s.status[rows] = np.where(leaver, Status.LEFT, Status.SWITCHED)
    first = rows[s.first_exit[rows] == 0]
    s.first_exit[first] = s.status[first]
    s.left_week[first] = week
    s.absence_at_exit[first] = s.absence[first]
    s.exit_route[first] = route
    s.school_exit[first] = kind
    s.school_exits[rows] += 1
    sim.left_now[rows] = True


def update_progress(s, school_week: bool, year_start: bool, enrolled: np.ndarray) -> None:
    """This week's study progress (the year's running mean) and school weeks counted."""
    if year_start:
        s.progress_weeks[:] = 0
        s.study_progress[:] = 0.0
    put(s.progress_weeks, 0, ~enrolled)
    if not school_week:
        return
    weeks = s.progress_weeks + enrolled
    now = (s.time_investment + s.confidence) / 2
    mean = s.study_progress + (now - s.study_progress) / np.maximum(weeks, 1)
    put(s.study_progress, mean, enrolled)
    s.progress_weeks = weeks


def update_absence_run(s, p, school_week: bool, enrolled: np.ndarray) -> None:
    """Count school weeks of long absence in a row (holidays neither count nor break it)."""
    put(s.absent_run, 0, ~enrolled)
    if not school_week:
        return
    long_absent = enrolled & ~s.attended & (s.time_investment < p.dereg_time_investment)
    s.absent_run = np.where(long_absent, s.absent_run + 1, 0)


class SchoolExits(Module):
    """Binding study advice, deregistration after absence, a failed BBL placement (when on)."""

    name = "school_exits"
    kind = "intervention"
    batched = True  # row-wise; mechanism 9's leaver chance is the batch's
    title = "School exits: binding study advice after year 1, deregistration, failed BBL placement"
    source = "brief section 9 (exits the school decides; BBL); issue 10 item 6"
    params = PARAMS
    states = STATES
    draws = (
        Draw(
            "school_exits",
            "u_school_route",
            when=("binding_study_advice", "deregistration", "tracks"),
        ),
    )

    def step(self, sim) -> None:
        """This week's school decisions, after the students' own exits."""
        p, week, s = sim.pb, sim.week, sim.state
        if not (p.binding_study_advice or p.deregistration or p.tracks):
            return
        enrolled = s.status == Status.ENROLLED
        if p.tracks:
            failed = enrolled & s.placement_failed
            if failed.any():
                end_enrolment(sim, failed, PLACEMENT, ROUTE_ABRUPT)
                put(s.placement_search, 0, failed)
                enrolled &= ~failed
        if p.deregistration:
            update_absence_run(s, p, week.school_week, enrolled)
            gone = enrolled & (s.absent_run >= p.dereg_weeks)
            if p.qualification_duty:
                young = s.age < p.qualification_duty_age
                gone &= ~(young & ~basic_qualification(s.status, s.level))
            end_enrolment(sim, gone, DEREGISTRATION, ROUTE_GRADUAL)
            put(s.absent_run, 0, gone)
            enrolled &= ~gone
        if p.binding_study_advice:
            update_progress(s, week.school_week, week.year_start, enrolled)
            if week.year_end:
                advice = (
                    enrolled
                    & (s.programme_year == 1)
                    # A one-year programme (Entree) has no binding study advice: its
                    # first year is its final year, whose outcome is the diploma decision.
                    & (s.programme_length > 1)
                    & (s.progress_weeks >= p.bsa_min_weeks)
                    & (s.study_progress < p.bsa_threshold)
                )
                end_enrolment(sim, advice, BSA, ROUTE_GRADUAL)

    def outputs(self, sim) -> dict[str, float]:
        """First exits by school decision, and every school-decided exit."""
        s = sim.state
        entered = s.status != Status.PENDING
        out = {"school_exits": float(s.school_exits[entered].sum())}
        for code, name in enumerate(SCHOOL_EXITS[1:], start=1):
            out[f"first_exits_{name}"] = float(np.count_nonzero(s.school_exit[entered] == code))
        return out
