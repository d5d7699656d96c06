"""Coach tiers: who coaches whom by severity, how well a tier fits a case, debts first.

Issue 11, item 1. The project coaching module (:mod:`vsvsim.interventions.coaching`)
hires, assigns and contacts; this module adds three things on top of it, each through a
hook, so that with its defaults every packaged scenario runs exactly as before.

1. **Tiers and their reach.** Coach types are intern, volunteer, professional coach and
   behavioural specialist (Het Buro's behavioural scientist; its experience, matching
   weeks and hourly cost are parameters here). Each type has a *reach*
   (``tier_reach_<type>``): the severity of case it can handle. A student's *severity*
   is on 0-1, ``w * colour / 2 + (1 - w) * stress`` (``w`` = ``tier_severity_colour_weight``;
   stress is this week's outside stress, with the life domains on the sum of the domain
   problems). The fit uses the student's true risk tier (``true_colour``: what the case
   is); routing uses the screened colour (what the school sees), so screening errors
   misroute.
2. **Routing as scenario data** (``coach_routing``; staffing only with
   ``coach_type = "routed"``, any single ``coach_type`` staffs the whole programme with
   that type and overrides the routing's staffing):

   - ``single``: every preventive coach is ``coach_type`` (the behaviour before tiers).
   - ``buro`` (Het Buro / S-Team, brief section 9): interns for students screened green
     and orange, a behavioural specialist for red; ``buro_specialist_share`` of the
     ``coaches`` are specialists. (The team captain, a senior intern who coordinates, is
     not a separate coach here.)
   - ``plusgroep`` (brief sections 4 and 9): a professional Pluscoach for complex or
     heavy problems (seen severity above a volunteer's reach), a volunteer
     Plusmaatje for lighter problems or a youngster who rejects professional help (drawn
     at set-up with chance ``reject_professional_share``, stream ``coach_tiers_attitude``);
     ``plusgroep_volunteer_share`` of the coaches are volunteers (600 Pluscoach and 200
     Plusmaatje places a year). Trajectories end after ``pluscoach_weeks`` (4-6 months)
     with a professional and ``plusmaatje_weeks`` (about a year; within the overall
     ``trajectory_weeks``) with a volunteer. Matching takes 3 and 6 weeks (the coach
     types' ``matching_weeks_*``).

   Students are placed in their tier first (heavier tier first, in the referral's
   priority order); a light case that finds no place in its tier may take a free place
   with the heavier tier (a professional with a light case: it costs more), a heavy
   case never goes down to the lighter tier, and a youngster who rejects professional
   help never goes to a professional.
3. **Fit between tier and case** (``tier_fit_strength``; 0 switches it off). With
   ``gap = max(severity - reach, 0)`` the fit is ``clip(1 - tier_fit_strength * gap, 0, 1)``.
   In every project-coach contact what lands of the coach's support
   (``support_reception``, mechanism 7) is multiplied by the fit (a volunteer cannot work
   on what is beyond it), and the bond loses
   ``tier_bond_loss * (1 - fit)`` (the youngster feels the coach does not get it); a
   weak bond then makes a poor match and a volunteer may quit (the coaching module's
   turnover rule). A coach whose case lies far beyond its reach (fit below
   ``care_referral_fit``) refers the student to specialised second-line care with weekly
   chance ``care_referral_rate`` (stream ``coach_care``): the student leaves the caseload
   (the place frees up). What care does is not modelled: the model counts the referrals
   (by coach type) and the student goes on as an uncoached student (it is not referred
   to a project again). The professional's and the specialist's reach default to 1, so
   they fit every case and the default scenarios (professional coaches) are unchanged;
   the mechanism is on by default.
4. **Debts first** (``debts_first``, with the life domains on; off by default). While a
   coached student's money-and-debts problem is untackled, the coach's work on the rest
   is damped: what lands of the support times ``1 - debt_block``. Each project-coach contact
   resolves the debt problem with chance ``debt_coach_resolution`` (budget coaching, debt
   counselling; stream ``coach_debts``) on top of the domain's own resolution rate. Once
   the debt is resolved the block lifts.

Values of reach, fit strength, bond loss, referral and the debt parameters are
assumptions (the sources give the direction, not sizes); nothing is fitted. Not batched
(coach arrays per run), like the coaching module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from vsvsim.core.params import Param
from vsvsim.core.state import StateVar
from vsvsim.interventions.base import Intervention
from vsvsim.interventions.coaching import PREVENTIVE, TYPE_NAMES

if TYPE_CHECKING:
    from collections.abc import Iterator

    from vsvsim.core.sim import Simulation

__all__ = ["ROUTINGS", "CoachTiers", "severity", "staffing"]

#: Routing rules (``coach_routing``): name -> (light tier, heavy tier); single: none.
ROUTINGS = {
    "single": None,
    "buro": ("intern", "specialist"),
    "plusgroep": ("volunteer", "professional"),
}
#: Professional coach types (a youngster who rejects professional help rejects these).
PROFESSIONAL_TYPES = ("professional", "specialist")
#: Highest colour code (red); severity uses colour / RED.
RED = 2

_FIT = "assumption (UCA ch. 4; brief section 9: Plusmaatje for lighter problems, complex "
_FIT += "and heavy problems to a Pluscoach, Het Buro's behavioural scientist for red)"

# fmt: off
PARAMS = (
    Param("coach_routing", "coaching", "single", choices=tuple(ROUTINGS), unit="choice",
          source="brief section 9 (Het Buro's tiers by colour; Plusgroep's choice by "
                 "severity and attitude)",
          doc="Routing of preventive students to coach tiers: single (one type), buro "
              "(interns for green and orange, a behavioural specialist for red) or "
              "plusgroep (Pluscoach for complex problems, Plusmaatje for lighter ones or "
              "a youngster who rejects professional help); staffs by tier with "
              "coach_type = routed"),
    Param("buro_specialist_share", "coaching", 0.2, 0.0, 1.0, unit="share",
          source="assumption (red is 5% of intake, a quarter of those screened orange or "
                 "red; Het Buro gives no staffing ratio)",
          doc="Het Buro routing: share of the preventive coaches that are behavioural "
              "specialists"),
    Param("plusgroep_volunteer_share", "coaching", 0.25, 0.0, 1.0, unit="share",
          source="brief section 9 (Plusgroep: about 600 places with a Pluscoach and 200 "
                 "with a Plusmaatje a year)",
          doc="Plusgroep routing: share of the preventive coaches that are volunteers "
              "(Plusmaatjes)"),
    Param("reject_professional_share", "coaching", 0.1, 0.0, 1.0, unit="share",
          source="assumption (brief section 9: a Plusmaatje where a youngster rejects "
                 "professional help)",
          doc="Plusgroep routing: share of students who reject professional help (they "
              "get a volunteer)"),
    Param("reject_professional_fit", "coaching", 0.5, 0.0, 1.0, unit="x",
          source="assumption (brief section 9: a youngster who rejects professional help "
                 "gets a Plusmaatje; no size given)",
          doc="Plusgroep routing: how well a professional coach's contact works with a "
              "youngster who rejects professional help (multiplies the tier fit; the "
              "routing gives such a youngster a volunteer, a single-type staffing does not)"),
    Param("pluscoach_weeks", "coaching", 22, 4, 104, unit="weeks",
          source="brief section 4 (Pluscoach 4-6 months)",
          doc="Plusgroep routing: length of a trajectory with a professional coach"),
    Param("plusmaatje_weeks", "coaching", 52, 4, 104, unit="weeks",
          source="brief section 4 (Plusmaatje about a year); capped by trajectory_weeks",
          doc="Plusgroep routing: length of a trajectory with a volunteer coach"),
    Param("coach_experience_specialist", "coaching", 0.85, 0.0, 1.0, unit="0-1",
          source="assumption (Het Buro's behavioural scientist: trained for heavy cases)",
          doc="Mean experience of a behavioural specialist"),
    Param("matching_weeks_specialist", "coaching", 2, 0, 26, unit="weeks",
          source="assumption (part of Het Buro's team in school)",
          doc="Weeks to match a new student with a behavioural specialist"),
    Param("cost_specialist", "coaching", 95.0, 0.0, 500.0, unit="EUR per hour",
          source="assumption (full hourly cost of a behavioural scientist with overhead; the "
                 "brief gives no prices)",
          doc="Cost of one behavioural-specialist hour"),
    Param("cost_start_specialist", "coaching", 3000.0, 0.0, 20_000.0, unit="EUR per coach",
          source="assumption (as cost_start_professional, a little more for recruiting a "
                 "scarce behavioural scientist; the brief gives no prices)",
          doc="Cost of starting a behavioural specialist (recruitment, selection, "
              "induction), once per specialist hired"),
    Param("coordination_hours_specialist", "coaching", 2.0, 0.0, 100.0,
          unit="hours per match",
          source="assumption (as coordination_hours_professional: intake and matching by a "
                 "team lead, once per match; no check-ins by a coordinator)",
          doc="Coordinator hours, once per match, for a student a behavioural specialist "
              "takes on (intake, matching)"),
    Param("tier_reach_intern", "coaching", 0.5, 0.0, 1.0, unit="0-1",
          source=_FIT + "; Het Buro's interns, supervised, take green and orange: 0.5 is "
                 "about the heaviest orange case",
          doc="Severity of case an intern coach can handle"),
    Param("tier_reach_volunteer", "coaching", 0.4, 0.0, 1.0, unit="0-1",
          source=_FIT + "; Plusmaatje for lighter problems: 0.4 is a typical orange case; "
                 "Plusgroep routing sends heavier cases (as seen) to a Pluscoach",
          doc="Severity of case a volunteer coach can handle"),
    Param("tier_reach_professional", "coaching", 1.0, 0.0, 1.0, unit="0-1",
          source=_FIT + "; 1 so that professionals fit every case and the default "
                 "scenarios are unchanged",
          doc="Severity of case a professional coach can handle"),
    Param("tier_reach_specialist", "coaching", 1.0, 0.0, 1.0, unit="0-1",
          source=_FIT, doc="Severity of case a behavioural specialist can handle"),
    Param("tier_severity_colour_weight", "coaching", 0.5, 0.0, 1.0, unit="weight",
          source="assumption (severity from the risk colour and outside stress)",
          doc="Weight of the risk colour (against outside stress) in a student's severity"),
    Param("tier_fit_strength", "coaching", 2.0, 0.0, 10.0, unit="per 0-1",
          source="assumption (direction from UCA ch. 4 and brief section 9: volunteers "
                 "suit lighter problems); size not from the sources, not fitted",
          doc="Loss of fit per unit of severity beyond the coach's reach (0: the tier "
              "does not matter)"),
    Param("tier_bond_loss", "coaching", 0.05, 0.0, 0.5, unit="0-1 per contact",
          source="assumption (volunteers leave after poor matches, UCA ch. 4)",
          doc="Bond lost in a contact with a coach who does not fit the case at all"),
    Param("care_referral_fit", "coaching", 0.5, 0.0, 1.0, unit="0-1",
          source="brief section 9 (Plusgroep refers to specialised care when problems "
                 "are too heavy); value assumption",
          doc="Fit below which a coach refers the student to specialised care"),
    Param("care_referral_rate", "coaching", 0.1, 0.0, 1.0, unit="per week",
          source="brief section 9; value assumption",
          doc="Weekly chance that a coach refers a student beyond its reach to care"),
    Param("debts_first", "domains", False, unit="switch",
          source="brief sections 4 and 9 (KvJ: debts are best tackled first)",
          doc="With the life domains: an untackled money problem damps the coach's work "
              "on the rest, and coaching helps resolve it"),
    Param("debt_block", "domains", 0.5, 0.0, 1.0, unit="share",
          source="assumption (KvJ: debts are best tackled first)",
          doc="With debts first: share of the coach's support lost while the "
              "student's money problem is unresolved"),
    Param("debt_coach_resolution", "domains", 0.05, 0.0, 1.0, unit="per contact",
          source="assumption (budget coaching and debt counselling)",
          doc="With debts first: chance that a project-coach contact resolves the "
              "student's money problem"),
)
STATES = (
    StateVar("rejects_professional", "bool", False, None, None,
             "rejects professional help (Plusgroep routing: gets a volunteer)", "attribute"),
    StateVar("care_referred_week", "float64", np.nan, 0, None,
             "week a coach referred the student to specialised care, NaN if never",
             "attribute"),
    StateVar("tier_fit", "float32", 1.0, 0.0, 1.0,
             "fit between the project coach's reach and the student's severity in this "
             "week's contact (1 without a contact)", "event"),
)
# fmt: on


def staffing(p: Any) -> list[tuple[str, int]]:
    """The preventive programme's coaches by type: ``[(type, number), ...]``.

    A single ``coach_type`` staffs the whole programme (overriding the routing's
    staffing); ``coach_type = "routed"`` splits ``coaches`` by the routing's shares
    (with ``coach_routing = "single"`` there are no tiers: professionals, the default
    type, so that the app's lever cannot produce an empty programme).
    """
    tiers = ROUTINGS[p.coach_routing]
    if p.coach_type != "routed" or tiers is None:
        kind = "professional" if p.coach_type == "routed" else p.coach_type
        return [(kind, p.coaches)]
    light, heavy = tiers
    share = (
        p.buro_specialist_share
        if p.coach_routing == "buro"
        else 1.0 - (p.plusgroep_volunteer_share)
    )
    n_heavy = round(p.coaches * share)
    return [(light, p.coaches - n_heavy), (heavy, n_heavy)]


def severity(s, p: Any, rows: np.ndarray, colour: np.ndarray) -> np.ndarray:
    """Severity on 0-1 of students ``rows`` from a colour array and this week's stress."""
    w = p.tier_severity_colour_weight
    sev = w * colour[rows] / RED + (1.0 - w) * s.stress[rows]
    return np.clip(sev, 0.0, 1.0).astype(np.float32)


class CoachTiers(Intervention):
    """Coach tiers with a reach, routing by severity, the fit's effects, debts first."""

    name = "coach_tiers"
    title = "Coach tiers: routing by severity, fit of tier and case, referral to care, debts"
    source = "UCA ch. 4; brief sections 4 and 9"
    params = PARAMS
    states = STATES

    def init(self, sim: Simulation) -> None:
        """Reach per coach type; attitudes under Plusgroep routing; counters."""
        p, s = sim.p, sim.state
        self.reach = np.array([getattr(p, f"tier_reach_{t}") for t in TYPE_NAMES], np.float32)
        self.routed = (
            p.preventive != "none" and p.coach_type == "routed" and p.coach_routing != "single"
        )
        self.plusgroep = p.preventive != "none" and p.coach_routing == "plusgroep"
        if self.plusgroep:
            u = sim.streams("coach_tiers_attitude").random(s.n)
            s.rejects_professional = u < p.reject_professional_share
        self.care = dict.fromkeys(TYPE_NAMES, 0)
        self.fit_sum = dict.fromkeys(TYPE_NAMES, 0.0)
        self.contacts = dict.fromkeys(TYPE_NAMES, 0)
        self.debts_resolved = 0

    # --- routing (called by the coaching module's assignment) ----------------------------

    def route(
        self, sim: Simulation, rows: np.ndarray, ids: np.ndarray
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(students, coaches)`` groups to place, in order; see the module docstring.

        A generator: the coaching module places each group before the next is made, so
        the overflow group holds only the students still without a place.
        """
        s, p = sim.state, sim.p
        c = sim.module("project_coaching").coaches
        light, heavy = ROUTINGS[p.coach_routing]
        if p.coach_routing == "buro":
            wants_heavy = s.colour[rows] == RED
        else:
            # A Pluscoach when the problems as seen exceed what a Plusmaatje can handle.
            seen = severity(s, p, rows, s.colour)
            wants_heavy = (seen > p.tier_reach_volunteer) & ~s.rejects_professional[rows]
        type_of = c.type[ids]
        heavy_ids = ids[type_of == TYPE_NAMES.index(heavy)]
        light_ids = ids[type_of == TYPE_NAMES.index(light)]
        other_ids = ids[(type_of != TYPE_NAMES.index(heavy)) & (type_of != TYPE_NAMES.index(light))]
        yield rows[wants_heavy], heavy_ids
        yield rows[~wants_heavy], light_ids
        # Light cases without a place may go up to the heavier tier (not a rejecter to a
        # professional); coaches of any other type (a single-type override) take anyone.
        up = rows[~wants_heavy & (s.coach[rows] < 0)]
        if heavy in PROFESSIONAL_TYPES:
            up = up[~s.rejects_professional[up]]
        yield up, heavy_ids
        yield rows[s.coach[rows] < 0], other_ids

    # --- weekly step ----------------------------------------------------------------------

    def step(self, sim: Simulation) -> None:
        """Plusgroep trajectory lengths; the fit in this week's contacts; debts; care."""
        coaching = sim.module("project_coaching")
        if coaching is None or not coaching.active:
            return
        s, p = sim.state, sim.p
        c = coaching.coaches
        s.tier_fit[:] = 1.0
        if self.plusgroep:
            self._plusgroep_lengths(sim, coaching)
        rows = np.flatnonzero(s.contact & (s.coach_action >= 0))  # project-coach contacts
        if rows.size == 0:
            return
        who = np.where(s.coach[rows] >= 0, s.coach[rows], s.last_coach[rows])
        types = c.type[who]
        factor = np.ones(rows.size, np.float32)
        fit = np.ones(rows.size, np.float32)
        if p.tier_fit_strength > 0:
            gap = np.maximum(severity(s, p, rows, s.true_colour) - self.reach[types], 0.0)
            if (gap > 0).any():  # nothing changes while every case is within reach
                fit = np.clip(1.0 - p.tier_fit_strength * gap, 0.0, 1.0).astype(np.float32)
        if self.plusgroep:
            # Help from a professional reaches a youngster who rejects it less well (the
            # routing avoids this; staffing with professionals only does not).
            professional = np.isin(types, [TYPE_NAMES.index(t) for t in PROFESSIONAL_TYPES])
            rejected = professional & s.rejects_professional[rows]
            fit = np.where(rejected, fit * np.float32(p.reject_professional_fit), fit)
        if (fit < 1).any():
            s.tier_fit[rows] = fit
            factor *= fit
            s.bond[rows] = np.maximum(s.bond[rows] - p.tier_bond_loss * (1.0 - fit), 0.0)
            self._refer_to_care(sim, coaching, rows, fit, types)
        for k, t in enumerate(TYPE_NAMES):
            sel = types == k
            self.contacts[t] += int(sel.sum())
            self.fit_sum[t] += float(s.tier_fit[rows[sel]].sum())
        if p.debts_first and p.life_domains:
            debt = s.problem_money_debts[rows] > 0
            factor = np.where(debt, factor * (1.0 - p.debt_block), factor)
            u = sim.streams("coach_debts").random(rows.size)
            solved = rows[debt & (u < p.debt_coach_resolution)]
            s.problem_money_debts[solved] = 0.0
            self.debts_resolved += solved.size
        if (factor < 1).any():
            # What lands, not what the coach intends (mechanism 7; the diaries' intention).
            s.support_reception[rows] *= factor

    def _plusgroep_lengths(self, sim: Simulation, coaching) -> None:
        """End Plusgroep trajectories at the tier's length (Pluscoach 4-6 months, a year)."""
        s, p = sim.state, sim.p
        c = coaching.coaches
        has = (s.coach >= 0) & (s.coaching_kind == PREVENTIVE)
        if not has.any():
            return
        weeks = np.array(
            [p.plusmaatje_weeks if t == "volunteer" else p.pluscoach_weeks for t in TYPE_NAMES]
        )
        limit = np.full(s.n, np.iinfo(np.int32).max)
        limit[has] = weeks[c.type[s.coach[has]]]
        coaching._end(sim, has & (s.trajectory_weeks >= limit), sim.week, aftercare=True)

    def _refer_to_care(self, sim, coaching, rows, fit, types) -> None:
        """Students far beyond their coach's reach may be referred to second-line care."""
        s, p = sim.state, sim.p
        beyond = (fit < p.care_referral_fit) & (s.coach[rows] >= 0)
        if not beyond.any() or p.care_referral_rate <= 0:
            return
        u = sim.streams("coach_care").random(rows.size)
        go = beyond & (u < p.care_referral_rate)
        if not go.any():
            return
        for k, t in enumerate(TYPE_NAMES):
            self.care[t] += int((go & (types == k)).sum())
        mask = np.zeros(s.n, bool)
        mask[rows[go]] = True
        s.care_referred_week[mask] = sim.week.index
        coaching._end(sim, mask, sim.week, aftercare=False)

    def outputs(self, sim: Simulation) -> dict[str, Any]:
        """Referrals to care by coach type, mean fit of contacts by type, debts resolved."""
        row: dict[str, Any] = {"care_referrals": sum(self.care.values())}
        for t in TYPE_NAMES:
            row[f"care_referrals_{t}"] = self.care[t]
            n = self.contacts[t]
            row[f"tier_fit_{t}"] = self.fit_sum[t] / n if n else np.nan
        row["debts_resolved_by_coach"] = self.debts_resolved
        return row
