"""Curative coaching as a process: RMC registration, outreach, trust, an intake moment.

Issue 11, item 4. On by default since the refit with the modules on (issue 11, item 7;
docs/calibration.md); ``curative_process = false`` in a scenario file (table
``[coaching]``) switches it off. With it off curative coaching is what
:mod:`vsvsim.interventions.coaching` does alone: every school leaver gets a curative
coach while places last, and a coach raises the re-entry chance by the multiplier
``coach_reentry_effect`` (:mod:`vsvsim.mechanisms.reentry`; fitted without the curative
process, no longer fitted). With it on, that multiplier is not used; a coach's part in
re-entry is this process (UCA ch. 4; brief sections 4 and 9), one step per week, before
the week's draws:

1. *Registration.* The RMC registers a school leaver ``rmc_registration_weeks`` after
   leaving; a leaver handed over by a preventive project after ``handover_weeks`` (the
   school reports the leaver at the handover). With ``qualification_duty`` on, only
   leavers under ``rmc_age_limit`` (as the coaching module's curative intake). With
   ``after_leaving = "continue"`` the preventive coach carries on: the youngster is in
   contact from the first week out, with the bond built in school (integrated coaching:
   no outreach gap, kept trust).
2. *Outreach.* A round of attempts, one a week: ``outreach_letters`` letters, then
   ``outreach_calls`` calls, then ``outreach_home_visits`` home visits, each of which
   reaches the youngster with its own chance and costs its minutes of professional
   time. A round that fails is tried again ``outreach_retry_weeks`` later. A youngster
   who works is not chased while the job lasts.
3. *Trust from zero.* Only a reached youngster is given a curative coach (the coaching
   module's capacity, waiting and matching apply; a full programme is a waiting list).
   The new coach starts at zero trust (``handover_trust`` times the bond at leaving
   with a handed-over youngster; 0 by default, as the RMC starts from zero) and builds
   the bond through contacts (mechanism 7): heavier problems (low wellbeing, high
   stress, what made these youngsters leave) are in the states, not in a factor here.
4. *Towards re-entry.* Once the bond and the youngster's wellbeing are high enough
   (``reentry_ready_bond``, ``reentry_ready_wellbeing``) the coach plans re-entry at the
   next intake moment (the school-year start, and February with
   ``curative_intake_moments = 2``) at least ``intake_lead_weeks`` ahead (application
   and intake interview: a waiting time). At that moment the youngster starts a new
   programme with chance ``intake_show_rate``. Towards work: the coach's competence
   support raises the job-finding chance (mechanism 9, ``coach_job_finding_effect``);
   a trajectory ends on work as before. Only with mechanism 9 (``leaving_and_after``)
   on, as all re-entry: without it states are frozen after leaving and nobody returns.
5. *Relapse.* A reached youngster may break off contact, each week with chance
   ``contact_loss_rate x (1 - bond)``: contacts stop, the plan lapses, and the coach
   has to reach the youngster again (a new outreach round). A youngster back in a
   programme may leave again; that emerges from the leaving hazard and is reported as
   ``process_relapses``.

Each youngster goes through the process once (as curative coaching in the coaching
module: once). The random decisions draw from their own streams (``rmc_outreach``,
``rmc_contact``, ``rmc_intake``), made only when the process runs, so switching it on
shifts no other draw. Not batched: per-run bookkeeping and capacity, so a batch steps it
once per member.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from vsvsim.core.calendar import SEMESTER_2_START
from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, Status
from vsvsim.interventions.base import Intervention
from vsvsim.interventions.coaching import (
    AFTER_WORKING,
    CURATIVE,
    MINUTES_PER_HOUR,
    PREVENTIVE,
)
from vsvsim.mechanisms.reentry import start_new_programme

if TYPE_CHECKING:
    from vsvsim.core.sim import Simulation

__all__ = ["ATTEMPTS", "STAGES", "RmcOutreach"]

#: Stages of the process (state ``rmc_stage``).
STAGES = ("none", "outreach", "reached", "unreached", "done")
NONE, OUTREACH, REACHED, UNREACHED, DONE = range(len(STAGES))
#: Outreach attempt kinds, in the order a round makes them: (count parameter, chance
#: parameter, minutes parameter).
ATTEMPTS = {
    "letter": ("outreach_letters", "letter_reply_rate", "letter_minutes"),
    "call": ("outreach_calls", "call_reach_rate", "call_minutes"),
    "home_visit": ("outreach_home_visits", "home_visit_reach_rate", "home_visit_minutes"),
}

_OUTREACH_SOURCE = "brief section 9 (RMC: registration, a letter, calls and home visits)"

# fmt: off
PARAMS = (
    Param("curative_process", "coaching", True, unit="switch",
          source="UCA ch. 4; brief sections 4 and 9 (RMC outreach, trust from zero, intake "
                 "moments); issue 11",
          doc="Curative coaching as a process (registration, outreach, trust, an intake "
              "moment, relapse) instead of the fitted re-entry multiplier"),
    Param("rmc_registration_weeks", "coaching", 4, 0, 26, unit="weeks",
          source="assumption (the RMC learns of a leaver from the school's deregistration)",
          doc="Weeks between leaving and the RMC's registration of a leaver who had no "
              "preventive coach"),
    Param("outreach_letters", "coaching", 1, 0, 5, unit="attempts",
          source=_OUTREACH_SOURCE, doc="Letters in an outreach round (the first attempts)"),
    Param("outreach_calls", "coaching", 3, 0, 10, unit="attempts",
          source=_OUTREACH_SOURCE, doc="Calls in an outreach round, after the letters"),
    Param("outreach_home_visits", "coaching", 1, 0, 5, unit="attempts",
          source=_OUTREACH_SOURCE, doc="Home visits in an outreach round, after the calls"),
    Param("letter_reply_rate", "coaching", 0.1, 0.0, 1.0, unit="probability",
          source="assumption (a letter alone seldom gets a reply)",
          doc="Chance that a letter reaches the youngster (a reply, an appointment kept)"),
    Param("call_reach_rate", "coaching", 0.3, 0.0, 1.0, unit="probability",
          source="assumption", doc="Chance that a call reaches the youngster"),
    Param("home_visit_reach_rate", "coaching", 0.6, 0.0, 1.0, unit="probability",
          source="assumption (a home visit is the strongest attempt)",
          doc="Chance that a home visit reaches the youngster"),
    Param("letter_minutes", "coaching", 15.0, 0.0, 240.0, unit="minutes per attempt",
          source="assumption", doc="Professional time a letter takes"),
    Param("call_minutes", "coaching", 20.0, 0.0, 240.0, unit="minutes per attempt",
          source="assumption", doc="Professional time a call takes (tries included)"),
    Param("home_visit_minutes", "coaching", 120.0, 0.0, 480.0, unit="minutes per attempt",
          source="assumption", doc="Professional time a home visit takes (travel included)"),
    Param("outreach_retry_weeks", "coaching", 13, 1, 52, unit="weeks",
          source="assumption (the RMC follows registered leavers up during the year)",
          doc="Weeks after a failed outreach round before the next round starts"),
    Param("handover_trust", "coaching", 0.0, 0.0, 1.0, unit="x bond at leaving",
          source="UCA ch. 4 (with a handover the RMC starts from zero trust); 1 = trust "
                 "carries over fully",
          doc="Share of the bond with the preventive coach that a curative coach starts "
              "with after a handover"),
    Param("reentry_ready_bond", "coaching", 0.2, 0.0, 1.0, unit="0-1",
          source="UCA ch. 5.3 (trust first, care later); value assumption",
          doc="Bond from which coach and youngster plan re-entry (with wellbeing)"),
    Param("reentry_ready_wellbeing", "coaching", 0.1, 0.0, 1.0, unit="0-1",
          source="brief section 4 (curative entrants carry heavier problems); value "
                 "assumption",
          doc="Wellbeing from which coach and youngster plan re-entry (with the bond)"),
    Param("curative_intake_moments", "coaching", 2, 1, 2, unit="per year",
          source="UCA ch. 4 (fixed intake moments, 1-2 a year); brief section 3.9",
          doc="Intake moments a year for planned re-entry: 1 (school-year start) or 2 "
              "(also February)"),
    Param("intake_lead_weeks", "coaching", 6, 0, 26, unit="weeks",
          source="UCA ch. 4 (waiting time, fixed intake moments); value assumption",
          doc="Weeks a re-entry plan needs before an intake moment (application, intake "
              "interview)"),
    Param("intake_show_rate", "coaching", 0.8, 0.0, 1.0, unit="probability",
          source="assumption",
          doc="Chance that a youngster with a plan starts at the intake moment"),
    Param("contact_loss_rate", "coaching", 0.02, 0.0, 1.0, unit="per week",
          source="brief section 4 (curative entrants drop out again more than twice as "
                 "often); value assumption",
          doc="Weekly chance that a reached youngster without a bond breaks off contact "
              "(times 1 - bond)"),
)
STATES = (
    StateVar("rmc_stage", "int8", 0, 0, 4,
             "curative process stage: 0 none, 1 outreach, 2 reached, 3 unreached (retry "
             "waits), 4 done", "attribute"),
    StateVar("rmc_reached", "bool", False, None, None,
             "reached by the RMC's outreach and in contact", "attribute"),
    StateVar("rmc_since", "float64", np.nan, 0, None,
             "week the current outreach round started or the retry wait began",
             "attribute"),
    StateVar("outreach_attempt", "int8", 0, 0, None,
             "outreach attempts made in the current round", "attribute"),
    StateVar("bond_at_leaving", "float32", np.nan, 0, 1,
             "bond with the coach in the first week out of education, NaN before",
             "attribute"),
    StateVar("rmc_coach", "int32", -1, -1, None,
             "project coach in the previous week (to see a new curative coach)",
             "attribute"),
    StateVar("planned_intake", "float64", np.nan, 0, None,
             "week of the intake moment a re-entry plan aims at, NaN if none", "attribute"),
    StateVar("process_reentered", "bool", False, None, None,
             "re-entered at an intake moment through the curative process", "attribute"),
)
# fmt: on


class RmcOutreach(Intervention):
    """Curative coaching as a process (see the module docstring); on by default."""

    name = "rmc_outreach"
    title = "Curative process: RMC registration, outreach, trust, intake moments, relapse"
    source = "UCA ch. 4; brief sections 4 and 9"
    params = PARAMS
    states = STATES

    def init(self, sim: Simulation) -> None:
        """The intake moments of the run and empty counters."""
        p = sim.p
        self.on = bool(p.curative_process and p.curative)
        weeks = sim.calendar.weeks
        self.intakes = np.array(
            [
                w.index
                for w in weeks
                if (w.year_start and w.index > 0)
                or (
                    p.curative_intake_moments == 2
                    and w.iso_week == SEMESTER_2_START
                    and w.school_week
                )
            ],
            dtype=float,
        )
        self.attempts = dict.fromkeys(ATTEMPTS, 0)
        self.minutes = 0.0
        self.counts = dict.fromkeys(
            ("registered", "reached", "failed_rounds", "contact_losses", "plans", "reentries"),
            0,
        )

    def step(self, sim: Simulation) -> None:
        """One week of the process (nothing when it is off)."""
        if not self.on:
            return
        s, t = sim.state, sim.week.index
        left = s.status == Status.LEFT
        first_out = left & np.isnan(s.bond_at_leaving)
        s.bond_at_leaving[first_out] = s.bond[first_out]
        done = (s.rmc_stage > NONE) & (s.rmc_stage < DONE) & ~left
        s.rmc_stage[done] = DONE  # back in education (on their own, or a diploma)
        s.rmc_reached[done] = False
        self._register(sim, left, t)
        self._outreach(sim, left, t)
        self._new_coaches(sim)
        self._contact_loss(sim, left, t)
        self._plan_and_intake(sim, left, t)
        # A trajectory that ended (time limit, work) ends the youngster's process too.
        ended = (s.rmc_stage == REACHED) & (s.coach < 0) & s.curative_seen
        s.rmc_stage[ended] = DONE
        s.rmc_reached[ended] = False
        s.planned_intake[s.rmc_stage == DONE] = np.nan
        s.rmc_coach[:] = s.coach

    def _register(self, sim: Simulation, left: np.ndarray, t: int) -> None:
        """The RMC registers leavers; an integrated coach simply carries on."""
        s, p = sim.state, sim.p
        new = left & (s.rmc_stage == NONE)
        if p.after_leaving == "continue":
            # The preventive coach stays (coaching module): in contact, trust kept.
            kept = new & (s.coach >= 0)
            s.rmc_stage[kept] = REACHED
            s.rmc_reached[kept] = True
            new &= ~kept
        if p.qualification_duty:  # the RMC's responsibility ends at its age limit
            new &= s.age < p.rmc_age_limit
        handed = s.entered_coaching == PREVENTIVE
        delay = np.where(handed, p.handover_weeks, p.rmc_registration_weeks)
        due = new & (s.coach < 0) & (s.left_week + delay <= t)
        s.rmc_stage[due] = OUTREACH
        s.rmc_since[due] = t
        s.outreach_attempt[due] = 0
        self.counts["registered"] += int(due.sum())

    def _outreach(self, sim: Simulation, left: np.ndarray, t: int) -> None:
        """One outreach attempt a week per youngster being sought; a failed round waits."""
        s, p = sim.state, sim.p
        retry = (s.rmc_stage == UNREACHED) & (s.rmc_since + p.outreach_retry_weeks <= t)
        s.rmc_stage[retry] = OUTREACH
        s.rmc_since[retry] = t
        s.outreach_attempt[retry] = 0
        u = sim.streams("rmc_outreach").random(s.n)
        sought = left & (s.rmc_stage == OUTREACH) & (s.after_status != AFTER_WORKING)
        attempt = s.outreach_attempt.astype(np.int64)
        first = 0
        reached = np.zeros(s.n, bool)
        for kind, (count, chance, minutes) in ATTEMPTS.items():
            last = first + getattr(p, count)
            rows = sought & (attempt >= first) & (attempt < last)
            self.attempts[kind] += int(rows.sum())
            self.minutes += float(rows.sum()) * getattr(p, minutes)
            reached |= rows & (u < getattr(p, chance))
            first = last
        s.outreach_attempt[sought] += 1
        failed = sought & ~reached & (s.outreach_attempt >= first)
        s.rmc_stage[failed] = UNREACHED
        s.rmc_since[failed] = t
        self.counts["failed_rounds"] += int(failed.sum())
        s.rmc_stage[reached] = REACHED
        s.rmc_reached[reached] = True
        self.counts["reached"] += int(reached.sum())
        # A coach who lost contact resumes contacts from this week (its start was paused).
        again = reached & (s.coach >= 0)
        s.coach_start[again] = t

    def _new_coaches(self, sim: Simulation) -> None:
        """A curative coach new to a handed-over youngster starts from (a share of) trust."""
        s, p = sim.state, sim.p
        new = (s.coach >= 0) & (s.rmc_coach < 0) & (s.coaching_kind == CURATIVE)
        handed = new & (s.entered_coaching == PREVENTIVE) & ~np.isnan(s.bond_at_leaving)
        if p.handover_trust > 0 and handed.any():
            s.bond[handed] = p.handover_trust * s.bond_at_leaving[handed]

    def _contact_loss(self, sim: Simulation, left: np.ndarray, t: int) -> None:
        """A reached youngster may break off contact: contacts pause, outreach again."""
        s, p = sim.state, sim.p
        u = sim.streams("rmc_contact").random(s.n)
        running = (s.coach >= 0) & (s.coaching_kind == CURATIVE) & (s.coach_start <= t)
        lost = left & (s.rmc_stage == REACHED) & running
        lost &= u < p.contact_loss_rate * (1.0 - s.bond)
        s.rmc_stage[lost] = OUTREACH
        s.rmc_reached[lost] = False
        s.rmc_since[lost] = t
        s.outreach_attempt[lost] = 0
        s.coach_start[lost] = np.inf  # no contacts until the youngster is reached again
        s.planned_intake[lost] = np.nan
        self.counts["contact_losses"] += int(lost.sum())

    def _plan_and_intake(self, sim: Simulation, left: np.ndarray, t: int) -> None:
        """Plan re-entry when trust and wellbeing allow; start at the intake moment."""
        s, p = sim.state, sim.p
        u = sim.streams("rmc_intake").random(s.n)
        z = sim.streams("rmc_intake").standard_normal(s.n)
        if not p.leaving_and_after:
            return  # mechanism 9 off: states frozen after leaving, nobody re-enters
        in_contact = left & (s.rmc_stage == REACHED) & (s.coach >= 0)
        in_contact &= (s.coaching_kind == CURATIVE) & (s.coach_start <= t)
        at = in_contact & (s.planned_intake == t)
        show = at & (u < p.intake_show_rate)
        start_new_programme(s, p, show, z)
        s.process_reentered[show] = True
        s.rmc_stage[show] = DONE
        s.rmc_reached[show] = False
        s.planned_intake[at] = np.nan  # those who did not show can plan again
        self.counts["reentries"] += int(show.sum())
        ready = in_contact & ~at & np.isnan(s.planned_intake)
        ready &= (s.bond >= p.reentry_ready_bond) & (s.wellbeing >= p.reentry_ready_wellbeing)
        later = self.intakes[self.intakes >= t + p.intake_lead_weeks]
        if later.size and ready.any():
            s.planned_intake[ready] = later[0]
            self.counts["plans"] += int(ready.sum())

    def outputs(self, sim: Simulation) -> dict[str, Any]:
        """Outreach attempts, reach, plans, re-entries, relapses, outreach hours and cost."""
        s, p = sim.state, sim.p
        back = s.process_reentered
        relapsed = back & ((s.status == Status.LEFT) | (s.status == Status.SWITCHED))
        hours = self.minutes / MINUTES_PER_HOUR
        row: dict[str, Any] = {f"rmc_{k}": v for k, v in self.counts.items()}
        row.update({f"outreach_{k}s": v for k, v in self.attempts.items()})
        row["process_relapses"] = int(relapsed.sum())
        row["process_relapse_rate"] = float(relapsed.sum() / back.sum()) if back.any() else np.nan
        row["outreach_hours"] = hours
        # The RMC's outreach is professional time (the curative coaches are professionals).
        row["outreach_cost"] = hours * p.cost_professional
        return row
