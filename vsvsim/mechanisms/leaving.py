"""Mechanism 9, leaving and after, and the exits themselves.

- :class:`LeavingAndAfter` (mechanism 9): who switches and who leaves education, and
  what happens after leaving (work, declining or recovering needs); its neutral
  replacement :class:`UndifferentiatedLeaving`.
- :class:`Exits` (core): the weekly leaving hazard and abrupt exits.
- :class:`FollowUp` (core): the measures a year after leaving (T6).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from vsvsim.core.module import Draw, Module
from vsvsim.core.params import Param, rows_of
from vsvsim.core.state import UNIT, StateVar, Status, StudentArrays
from vsvsim.mechanisms import _kernels
from vsvsim.mechanisms.base import Drivers, Mechanism, WeekInputs, relax, sigmoid
from vsvsim.mechanisms.needs import need_index, wellbeing_target
from vsvsim.mechanisms.routes import readiness

_ALL = slice(None)
#: Weeks after leaving at which wellbeing and status are followed up (brief 6, T6).
FOLLOW_UP_WELLBEING_WEEKS, FOLLOW_UP_STATUS_WEEKS = 12, 52
#: Codes of ``after_status``: neither in education nor work, working, back in education.
AFTER_NEITHER, AFTER_WORK, AFTER_EDUCATION = 0, 1, 2
#: Codes of ``exit_route``: gradual, abrupt (0: none).
ROUTE_GRADUAL, ROUTE_ABRUPT = 1, 2
#: Job-finding chance per unit of ``job_finding_rate x labour_market_pull``: 1 / the
#: default pull (0.5), so that ``job_finding_rate`` is the chance at average pull.
PULL_NORMALISER = 2.0
#: Base commitment around which the leaving hazard weighs readiness against expectations
#: (centring: a student who brought this much commitment is judged on the absolute scale).
EXPECTED_BASE_COMMITMENT = 0.65

# fmt: off
PARAMS = (
    Param("job_finding_rate", "outside", 0.0298, 0.0, 1.0, unit="per week",
          source="REG (36% working a year after leaving); fitted (docs/calibration.md)",
          doc="Weekly chance that a young person out of education finds work (average pull)",
          fit=(0.01, 0.06)),
    Param("job_loss_rate", "outside", 0.01, 0.0, 1.0, unit="per week",
          doc="Weekly chance of losing that work"),
    Param("leaver_threshold", "strengths", 0.396, 0.0, 1.0, unit="0-1",
          source="UCA ch. 5.2.3; fitted (docs/calibration.md)",
          doc="General wellbeing/need level below which a leaver leaves education",
          fit=(0.35, 0.65)),
    Param("leaver_decline_weight", "strengths", 6.6, 0.0, 10.0, unit="x decline",
          source="UCA ch. 5.2.3 (school leavers' general state declined before leaving); "
                 "value fitted (docs/calibration.md)",
          doc="How much a recent decline of the general state (against its running mean over "
              "about ten weeks) counts, next to its level, towards leaving education",
          fit=(0.0, 10.0)),
    Param("undifferentiated_switch_share", "strengths", 0.38, 0.0, 1.0, unit="share",
          source="UCA ch. 5.1.1 (5 of 13 in 100 stoppers switch)",
          doc="Switcher share when leaving is one undifferentiated process (mechanism off)"),
    Param("post_leave_decline", "strengths", 0.01, 0.0, 0.1, unit="per week",
          source="UCA ch. 5.2.3",
          doc="Weekly decline of a school leaver's need fulfilment after leaving"),
    Param("general_memory_rate", "strengths", 0.1, 0.01, 1.0, unit="per week",
          source="UCA ch. 5.2.3; value assumption",
          doc="Rate of the general state's running mean (0.1: a memory of about ten weeks)"),
    Param("leaver_chance_steepness", "strengths", 12.0, 0.0, 36.0, unit="1/0-1",
          doc="Steepness of the chance of leaving education (rather than switching) around "
              "leaver_threshold"),
    Param("crisis_leaver_shift", "strengths", 0.25, 0.0, 1.0, unit="probability",
          source="UCA ch. 5.2.3; FS; value assumption",
          doc="Added chance of leaving education (rather than switching) after a crisis "
              "outside school"),
    Param("job_finding_base_factor", "outside", 0.5, 0.0, 1.5, unit="x job_finding_rate",
          doc="Job-finding factor at zero competence outside school (it rises one for one "
              "with that competence)"),
    Param("school_need_decay_after_leaving", "strengths", 0.05, 0.0, 0.2, unit="share per week",
          source="UCA ch. 5.2.3; value assumption",
          doc="Share of a school leaver's need fulfilment at school lost each week after "
              "leaving (besides post_leave_decline)"),
    Param("switcher_recovery_rate", "strengths", 0.1, 0.0, 1.0, unit="per week",
          source="UCA ch. 5.2.3 (switchers: no decline after leaving); value assumption",
          doc="Speed at which a switcher's need fulfilment recovers after leaving"),
    Param("switcher_need_level", "strengths", 0.6, 0.0, 1.0, unit="0-1",
          source="UCA ch. 5.2.3; value assumption",
          doc="Level towards which a switcher's need fulfilment recovers after leaving"),
    Param("coach_job_finding_effect", "coaching", 1.0, 0.0, 3.0, unit="x per unit support",
          source="KvJ (curative coaching aims at work); value assumption",
          doc="Job-finding chance multiplied by 1 + effect x competence support felt from "
              "the coach"),
    Param("work_need_rate", "outside", 0.1, 0.0, 1.0, unit="per week",
          doc="Speed at which work moves need fulfilment outside school towards its level"),
    Param("work_need_level", "outside", 0.65, 0.0, 1.0, unit="0-1",
          doc="Need fulfilment outside school that work brings a young person out of "
              "education"),
    Param("leaver_stress_creep", "strengths", 0.005, 0.0, 0.05, unit="0-1 per week",
          source="UCA ch. 5.2.3; value assumption",
          doc="Weekly rise of outside stress of a school leaver without work"),
)
# fmt: on

# fmt: off
STATES = (
    StateVar("after_status", "int8", 0, 0, 2,
             "after leaving: 0 neither in education nor work, 1 work, 2 education",
             "attribute"),
    StateVar("general_slow", "float32", 0.55, *UNIT,
             "running mean of the general state (wellbeing, needs in and out of school)"),
)
# fmt: on


def general_state(
    s: StudentArrays, p: SimpleNamespace, rows: np.ndarray | slice = _ALL
) -> np.ndarray:
    """General state on 0-1: wellbeing and need fulfilment in and out of school, averaged."""
    return (
        s.wellbeing[rows]
        + need_index(p, s.aut_outside[rows], s.comp_outside[rows], s.rel_outside[rows])
        + need_index(p, s.aut_school[rows], s.comp_school[rows], s.rel_school[rows])
    ) / 3.0


def leaving_and_after(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Mechanism 9: switchers and school leavers as distinct processes, before and after.

    Who switches and who leaves education is decided by the student's general state:
    a student whose wellbeing and need fulfilment (in and out of school) have held up
    leaves for another programme (switcher); one whose general state declined leaves
    education (school leaver); a crisis outside school tips towards leaving. After
    leaving, a school leaver's need fulfilment keeps declining and stress creeps up;
    a switcher looks forward to a new programme, so school needs recover and wellbeing
    holds. Out of education, young people find work (``job_finding_rate``, scaled by the
    labour market, their competence and a coach's support) and may lose it; work fulfils
    needs outside school and stops the decline. Off: one undifferentiated process, the
    route drawn at the observed share (``undifferentiated_switch_share``), and states
    frozen after leaving.
    """
    d.leaver_chance = lambda rows, p=p: leaver_chance_by_state(s, p, d, rows)
    relax(s.general_slow, general_state(s, p), p.general_memory_rate, w.enrolled)

    rows = np.flatnonzero(w.out)  # a small minority: work on their rows only
    if rows.size == 0:
        return
    p = rows_of(p, rows)
    status, after = s.status[rows], s.after_status[rows]
    # Work: young people out of education find work (more in a tight labour market, more
    # with competence outside school and with a coach's competence support) or lose it.
    find = p.job_finding_rate * PULL_NORMALISER * p.labour_market_pull
    find = find * (p.job_finding_base_factor + s.comp_outside[rows])
    find = find * (1.0 + p.coach_job_finding_effect * s.comp_coach[rows])
    u = w.draws.u_job[rows]
    working = after == AFTER_WORK
    after = np.where(
        working,
        np.where(u < p.job_loss_rate, AFTER_NEITHER, AFTER_WORK),
        np.where(u < find, AFTER_WORK, AFTER_NEITHER),
    )
    s.after_status[rows] = after
    working = after == AFTER_WORK
    left = status == Status.LEFT
    leavers = ~working & left
    switchers = ~working & (status == Status.SWITCHED)
    for name in ("aut_school", "comp_school", "rel_school"):
        x = s[name][rows]
        x = np.where(left, x - p.post_leave_decline - p.school_need_decay_after_leaving * x, x)
        recovered = x + p.switcher_recovery_rate * (p.switcher_need_level - x)
        s[name][rows] = np.where(switchers, recovered, x)
    for name in ("aut_outside", "comp_outside", "rel_outside"):
        x = s[name][rows]
        x = np.where(leavers, x - p.post_leave_decline, x)
        x = np.where(switchers, x + p.switcher_recovery_rate * (p.switcher_need_level - x), x)
        worked = x + p.work_need_rate * (p.work_need_level - x)  # work fulfils needs
        s[name][rows] = np.where(working, worked, x)
    s.stress[rows] += p.leaver_stress_creep * leavers
    wb = s.wellbeing[rows]
    s.wellbeing[rows] = wb + p.wellbeing_rate * (wellbeing_target(s, p, d, rows) - wb)


def leaver_chance_by_state(
    s: StudentArrays, p: SimpleNamespace, d: Drivers, rows: np.ndarray
) -> np.ndarray:
    """Chance that a stopping student leaves education: a low or declining general state.

    The general state is judged by its level and, with weight ``leaver_decline_weight``,
    by how far it fell below its running mean (a rise counts the other way); a crisis
    outside school tips towards leaving.
    """
    p = rows_of(p, rows)
    general = general_state(s, p, rows)
    judged = general - p.leaver_decline_weight * (s.general_slow[rows] - general)
    chance = sigmoid(p.leaver_chance_steepness * (p.leaver_threshold - judged))
    return chance + p.crisis_leaver_shift * d.crisis[rows]


def undifferentiated_leaving(
    s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers
) -> None:
    """Neutral replacement of mechanism 9: one leaving process, states frozen after."""
    share = 1.0 - p.undifferentiated_switch_share
    d.leaver_chance = lambda rows: np.full(rows.size, share)


def exits(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> np.ndarray:
    """Decide who leaves this week; return the mask of new leavers.

    Gradual route: a weekly hazard that rises steeply as readiness (commitment, time
    investment, confidence), measured against what the student expected
    (``leave_relative_weight``), falls below ``leave_threshold`` (lower in holidays). Abrupt
    route: life events flagged in :func:`events`, when mechanism 6 is on. A rule set in
    ``d.exit_filter`` (the qualification duty) may hold some back. The route out
    (switch or leave education) uses ``d.leaver_chance`` from mechanism 9, or the fixed
    share when it is off.
    """
    r = w.draws
    E = w.enrolled
    # A student weighs readiness partly against what it expected (base commitment): those
    # who never expected much get used to it; a fall from high expectations weighs more.
    expected = (
        p.leave_relative_weight
        * p.readiness_commitment_weight
        * (s.base_commitment - EXPECTED_BASE_COMMITMENT)
    )
    gap = p.leave_threshold - (readiness(s, p) - expected)
    hazard = p.leave_hazard_max * sigmoid(p.leave_steepness * gap)
    if not w.week.school_week:
        hazard = hazard * p.holiday_hazard_factor
    gradual = E & (r.u_leave < hazard)
    abrupt = E & d.abrupt & d.abrupt_exits & ~gradual
    if d.exit_filter is not None:
        # A rule between wanting to stop and leaving (the qualification duty) holds some
        # back and lets others go whose procedure ended.
        gradual, abrupt = d.exit_filter(gradual, abrupt)
    leaving = gradual | abrupt
    leaver = np.zeros(s.n, dtype=bool)
    rows = np.flatnonzero(leaving)
    leaver[rows] = r.u_route[rows] < d.leaver_chance(rows)
    s.status[leaving] = np.where(leaver[leaving], Status.LEFT, Status.SWITCHED)
    first = leaving & (s.first_exit == 0)
    s.first_exit[first] = s.status[first]
    s.left_week[first] = w.week.index
    s.absence_at_exit[first] = s.absence[first]
    s.exit_route[first & gradual] = ROUTE_GRADUAL
    s.exit_route[first & abrupt] = ROUTE_ABRUPT
    return leaving


# fmt: off
EXIT_PARAMS = (
    Param("leave_hazard_max", "strengths", 0.222, 0.0, 1.0, unit="per week",
          source="fitted (docs/calibration.md)",
          doc="Weekly chance of leaving at the very lowest readiness",
          fit=(0.05, 0.5)),
    Param("leave_threshold", "strengths", 0.337, 0.0, 1.0, unit="0-1",
          source="fitted (docs/calibration.md)",
          doc="Readiness (commitment, time, confidence) at which the hazard is half its maximum",
          fit=(0.2, 0.4)),
    Param("leave_relative_weight", "strengths", 3.72, 0.0, 5.0, unit="0-1 per 0-1",
          source="UCA ch. 5.2.2 (realising the programme may not work out); "
                 "fitted (docs/calibration.md)",
          doc="How much readiness is judged against the student's own expectations "
              "(base commitment) rather than on an absolute scale",
          fit=(0.0, 5.0)),
    Param("leave_steepness", "strengths", 36.5, 1.0, 50.0, unit="1/0-1",
          source="fitted (docs/calibration.md)",
          doc="Steepness of the leaving hazard around the threshold",
          fit=(10.0, 40.0)),
    Param("holiday_hazard_factor", "strengths", 0.3, 0.0, 1.0, unit="x hazard",
          doc="Leaving hazard in holiday weeks relative to school weeks"),
    Param("readiness_commitment_weight", "strengths", 0.4, 0.0, 1.0, unit="weight",
          doc="Weight of commitment in readiness to continue (also in the expectation term "
              "of the leaving hazard)"),
    Param("readiness_time_weight", "strengths", 0.35, 0.0, 1.0, unit="weight",
          doc="Weight of time investment in readiness to continue"),
    Param("readiness_confidence_weight", "strengths", 0.25, 0.0, 1.0, unit="weight",
          doc="Weight of confidence in readiness to continue"),
)
EXIT_STATES = (
    StateVar("left_week", "float64", np.nan, 0, None, "week of (first) leaving, NaN if none",
             "attribute"),
    StateVar("exit_route", "int8", 0, 0, 2, "0 none, 1 gradual, 2 abrupt (life event)",
             "attribute"),
    StateVar("absence_at_exit", "float32", np.nan, 0, 1,
             "recent absence in the week of (first) leaving, NaN if none", "attribute"),
    StateVar("first_exit", "int8", 0, 0, 4, "status at first exit (Status code), 0 if none",
             "attribute"),
)
FOLLOW_UP_STATES = (
    StateVar("status_after_year", "int8", -1, -1, 2,
             "status 52 weeks after (first) leaving: -1 not observed in the run, "
             "0 neither, 1 work, 2 education", "attribute"),
    StateVar("wellbeing_after", "float32", np.nan, 0, 1,
             "wellbeing 12 weeks after (first) leaving, NaN if not observed", "attribute"),
)
# fmt: on


class UndifferentiatedLeaving(Mechanism):
    """One leaving process, the route drawn at a fixed share; states frozen after leaving."""

    name = "undifferentiated_leaving"
    switchable = False
    title = "One leaving process, states frozen after (mechanism 9 off)"
    update = staticmethod(undifferentiated_leaving)


class LeavingAndAfter(Mechanism):
    """Mechanism 9: switchers and school leavers as distinct processes, before and after."""

    name = "leaving_and_after"
    number = 9
    title = "Switchers and school leavers as distinct processes; re-entry"
    source = "UCA ch. 5.2.3"
    params = PARAMS
    states = STATES
    draws = (Draw("labour", "u_job"),)
    neutral = UndifferentiatedLeaving
    update = staticmethod(leaving_and_after)
    fused = _kernels.Fused("leaving", "leaving_and_after")

    def init(self, sim) -> None:
        """Start the general state's running mean at the starting general state."""
        sim.state.general_slow[:] = general_state(sim.state, sim.p)


class Exits(Mechanism):
    """Who leaves this week: the gradual hazard and abrupt life events (core)."""

    name = "exits"
    kind = "core"
    switchable = False
    title = "Exits: the gradual leaving hazard and abrupt life events; switch or leave"
    source = "UCA ch. 5.2.3; FS"
    params = EXIT_PARAMS
    states = EXIT_STATES
    draws = (Draw("leaving", "u_leave"), Draw("leaving", "u_route"))

    def step(self, sim) -> None:
        """Decide this week's leavers (``sim.left_now``, read by friends_who_left)."""
        fn = self._fused if _kernels.enabled() else exits
        sim.left_now = fn(sim.state, sim.pb, sim.w, sim.d)

    _fused = _kernels.Fused("leaving", "exits")


class FollowUp(Module):
    """Wellbeing 12 weeks and status 52 weeks after (first) leaving (core)."""

    name = "follow_up"
    batched = True
    title = "Follow-up of leavers: wellbeing 12 weeks and status 52 weeks after leaving"
    source = "REG (status a year after leaving)"
    states = FOLLOW_UP_STATES

    def step(self, sim) -> None:
        """Record the follow-up measures of those who left 12 or 52 weeks ago."""
        s = sim.state
        since = sim.week.index - s.left_week  # NaN for students who never left
        at12 = since == FOLLOW_UP_WELLBEING_WEEKS
        s.wellbeing_after[at12] = s.wellbeing[at12]
        at52 = since == FOLLOW_UP_STATUS_WEEKS
        back = (s.status == Status.ENROLLED) | (s.status == Status.DIPLOMA)
        s.status_after_year[at52] = np.where(back[at52], AFTER_EDUCATION, s.after_status[at52])
