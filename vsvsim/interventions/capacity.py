"""Capacity as the sources give it: referral routes, a waiting list, places per year.

Issue 11, item 5. With ``waiting_list`` off (the default) preventive coaching places
students as :mod:`vsvsim.interventions.coaching` does alone: at each screening intake
moment (or each week, by early warning) while caseload places last; a screened student
who finds no place at the intake moment is not coached. With it on, this module takes
over the preventive referral (the coaching module then skips its own) and keeps a
waiting list, each week after the coaching module's step (so that places freed this week
can be given):

1. *Referral routes* (brief section 9: Het Buro's routes in are teacher referral, the
   team's own signalling and self-referral):

   - the team's own signalling: the coaching module's rule (``preventive``: screened
     orange or red at an intake moment, or signalled by the early warning);
   - teacher referral (``teacher_referral_rate``): each week a chance that the mentor
     refers a student whose recent absence is above the conversation threshold;
   - self-referral (``self_referral_rate``): each week a chance times (1 - wellbeing)
     that a student asks for a coach. Self-referral does not pass through the school,
     so the school's reluctance to refer (``referral_ok``) does not hold it back.

   Only students who never had coaching and are not on the list are referred.
2. *The waiting list.* Referred students wait in order of referral (red before orange
   before green within a week). A student who leaves education or earns a diploma while
   waiting leaves the list (``queue_left_waiting``: what a waiting list costs).
3. *Places.* Each week the list is served while caseload places are free in the
   preventive programme and, with ``places_per_year`` above 0, while the school year's
   funded places last (the sources give places per year by profile: Plusgroep about 600
   with a Pluscoach and 200 with a Plusmaatje, Het Buro about 300 students a year).
   A placed student starts after ``waiting_weeks`` plus the coach type's matching, as
   with any referral.

No random draw is made unless a referral route with a chance is on (their own streams,
``teacher_referral`` and ``self_referral``), so the default run is unchanged. Not
batched (queues and capacity per run).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from vsvsim.core.calendar import SEMESTER_2_START
from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, Status
from vsvsim.interventions.base import Intervention
from vsvsim.interventions.coaching import PREVENTIVE

if TYPE_CHECKING:
    from vsvsim.core.sim import Simulation

__all__ = ["ROUTES", "CoachingCapacity"]

#: Referral routes (state ``referral_route``; 0 is none).
ROUTES = ("none", "team", "teacher", "self")
TEAM, TEACHER, SELF = 1, 2, 3

# fmt: off
PARAMS = (
    Param("waiting_list", "coaching", False, unit="switch",
          source="UCA ch. 4 (limited capacity vs demand, waiting time); issue 11",
          doc="Preventive referrals wait on a list for a free place (referral routes, "
              "places per year) instead of being placed only at the intake moment"),
    Param("teacher_referral_rate", "coaching", 0.0, 0.0, 1.0, unit="per week",
          source="brief section 9 (Het Buro: teacher referral is a route in); value "
                 "assumption",
          doc="With the waiting list: weekly chance that the mentor refers a student whose "
              "absence is above the conversation threshold"),
    Param("self_referral_rate", "coaching", 0.0, 0.0, 0.1, unit="per week",
          source="brief section 9 (Het Buro: self-referral is a route in); value assumption",
          doc="With the waiting list: weekly chance, times 1 - wellbeing, that a student "
              "asks for a coach"),
    Param("places_per_year", "coaching", 0, 0, 100_000, unit="students per year",
          source="brief section 9 (Plusgroep about 600 + 200 a year, Het Buro about 300)",
          doc="With the waiting list: funded preventive trajectories a school year can "
              "start (0: only caseload places limit)"),
)
STATES = (
    StateVar("queued_week", "float64", np.nan, 0, None,
             "week the student joined the coaching waiting list, NaN if not waiting",
             "attribute"),
    StateVar("referral_route", "int8", 0, 0, 3,
             "route of the (last) referral: 0 none, 1 team, 2 teacher, 3 self",
             "attribute"),
)
# fmt: on


class CoachingCapacity(Intervention):
    """Referral routes, a waiting list and places per year (off by default)."""

    name = "coaching_capacity"
    title = "Coaching capacity: referral routes, a waiting list, places per year"
    source = "UCA ch. 4; brief section 9"
    params = PARAMS
    states = STATES

    def init(self, sim: Simulation) -> None:
        """Counters; whether the list runs."""
        p = sim.p
        self.on = bool(p.waiting_list and p.preventive != "none")
        self.referred = dict.fromkeys(ROUTES[1:], 0)
        self.placed = self.left_waiting = self.peak = 0
        self.waited: list[float] = []
        self.started_this_year = 0

    def step(self, sim: Simulation) -> None:
        """Refer by every route, drop those gone, fill free places from the list."""
        if not self.on:
            return
        s, p, week = sim.state, sim.p, sim.week
        if week.year_start:
            self.started_this_year = 0
        enrolled = s.status == Status.ENROLLED
        waiting = ~np.isnan(s.queued_week)
        gone = waiting & ~enrolled
        s.queued_week[gone] = np.nan
        self.left_waiting += int(gone.sum())
        free = enrolled & (s.coach < 0) & (s.entered_coaching == 0) & ~(waiting & enrolled)
        self._refer(sim, free, TEAM, free & s.referral_ok & self._team_signal(sim))
        if p.teacher_referral_rate > 0:
            u = sim.streams("teacher_referral").random(s.n)
            asked = s.referral_ok & (s.absence > p.absence_conversation_threshold)
            self._refer(sim, free, TEACHER, asked & (u < p.teacher_referral_rate))
        if p.self_referral_rate > 0:
            u = sim.streams("self_referral").random(s.n)
            self._refer(sim, free, SELF, u < p.self_referral_rate * (1.0 - s.wellbeing))
        waiting = ~np.isnan(s.queued_week)
        self.peak = max(self.peak, int(waiting.sum()))
        self._place(sim, np.flatnonzero(waiting), week)

    def _team_signal(self, sim: Simulation) -> np.ndarray:
        """The team's own signalling: the coaching module's screening or early-warning rule."""
        s, p, week = sim.state, sim.p, sim.week
        if p.preventive == "screening":
            moment = week.week_of_year == p.intake_week or (
                p.intake_moments == 2 and week.iso_week == SEMESTER_2_START
            )
            return (s.colour > 0) if moment else np.zeros(s.n, bool)
        return s.signalled.copy()

    def _refer(self, sim: Simulation, free: np.ndarray, route: int, asked: np.ndarray) -> None:
        s = sim.state
        new = free & asked & np.isnan(s.queued_week)
        s.queued_week[new] = sim.week.index
        s.referral_route[new] = route
        self.referred[ROUTES[route]] += int(new.sum())

    def _place(self, sim: Simulation, rows: np.ndarray, week) -> None:
        """Give free places to the list in order: referral week, then colour (red first)."""
        s, p = sim.state, sim.p
        coaching = sim.module("project_coaching")
        if rows.size == 0 or coaching is None or not coaching.active:
            return
        rows = rows[np.lexsort((-s.colour[rows], s.queued_week[rows]))]
        if p.places_per_year > 0:
            rows = rows[: max(p.places_per_year - self.started_this_year, 0)]
        before = s.coach[rows] >= 0
        # The coaching module places (capacity per coach, waiting and matching weeks).
        coaching._assign(sim, rows, PREVENTIVE, week)
        placed = rows[(s.coach[rows] >= 0) & ~before]
        self.waited.extend((week.index - s.queued_week[placed]).tolist())
        s.queued_week[placed] = np.nan
        self.placed += placed.size
        self.started_this_year += placed.size

    def outputs(self, sim: Simulation) -> dict[str, Any]:
        """Referrals by route, placed, left while waiting, still waiting, peak, mean wait."""
        row: dict[str, Any] = {f"queue_referred_{k}": v for k, v in self.referred.items()}
        row["queue_placed"] = self.placed
        row["queue_left_waiting"] = self.left_waiting
        row["queue_at_end"] = int((~np.isnan(sim.state.queued_week)).sum())
        row["queue_peak"] = self.peak
        row["queue_mean_wait_weeks"] = float(np.mean(self.waited)) if self.waited else np.nan
        return row
