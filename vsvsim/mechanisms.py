"""The weekly dynamics: the core update and the nine mechanisms of the brief (section 3).

Every function here is vectorized over all students and works on the arrays of a
:class:`~vsvsim.state.StudentArrays`. Mechanisms do not set outcomes: each one adds its
terms to the week's :class:`Drivers` (shifts of the set points towards which commitment,
time investment and wellbeing relax) or updates its own state variables. The core
functions (:func:`events`, :func:`need_fulfilment`, :func:`integrate`) run every week;
each mechanism runs only when its switch in the scenario is on. Switching a mechanism off
removes its feedback and leaves a neutral term, which is what an ablation means here.

Order within a week (see :meth:`vsvsim.model.DropoutModel.step`): events, teacher
control, outside pull and push, peers, need fulfilment, coach relationship, confidence,
delayed realisation, participation-identification spiral, gradual vs abrupt routes,
integrate, leaving and after.

Notation: ``E`` is the mask of enrolled students, ``sw`` is true in a school (non-holiday)
week. Set points are written ``X*``; ``X += rate * (X* - X)`` is a weekly relaxation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
from scipy import sparse

from vsvsim.calendar import Week
from vsvsim.cohort import TYPICAL_COMMITMENT
from vsvsim.state import Status, StudentArrays

__all__ = [
    "MECHANISMS",
    "Drivers",
    "WeekInputs",
    "coach_relationship",
    "confidence_loop",
    "delayed_realisation",
    "discover_fit",
    "events",
    "general_state",
    "gradual_abrupt_routes",
    "integrate",
    "leaving_and_after",
    "need_fulfilment",
    "outside_pull_push",
    "participation_identification_spiral",
    "peer_influence",
    "teacher_control_loop",
]

F = np.float32
_ALL = slice(None)
#: Commitment at which participation collapses, and how steeply (mechanism 1; assumption).
SPIRAL_CENTRE, SPIRAL_SLOPE = 0.38, 9.0
#: Weekly rate of the general state's running mean (a memory of about ten weeks; assumption).
GENERAL_MEMORY_RATE = 0.1


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def need_index(aut: np.ndarray, comp: np.ndarray, rel: np.ndarray) -> np.ndarray:
    """Combined need fulfilment from one source, on 0-1.

    Autonomy amplifies the other two needs (brief section 2: support for competence and
    relatedness works best when autonomy is supported too): competence and relatedness
    count with weight ``g = 0.5 + 0.5 * autonomy``.
    """
    g = 0.5 + 0.5 * aut
    return (aut + g * (comp + rel)) / (1.0 + 2.0 * g)


@dataclass
class WeekInputs:
    """What one week brings in from outside the student arrays.

    Attributes:
        week: The calendar week.
        draws: This week's random numbers (one array per named draw, all rows).
        enrolled: Mask of enrolled students at the start of the week.
        out: Mask of students who have left (switchers and school leavers).
        friends: Friendship adjacency matrix (sparse CSR, ties counted with multiplicity).
        friend_degree: Number of friendship ties per student (fixed for a run).
    """

    week: Week
    draws: SimpleNamespace
    enrolled: np.ndarray
    out: np.ndarray
    friends: sparse.csr_array
    friend_degree: np.ndarray


@dataclass
class Drivers:
    """Set-point shifts and flags that mechanisms contribute to this week's update.

    Attributes:
        commit: Shift of the commitment set point.
        time: Shift of the time-investment set point.
        wellbeing: Shift of the wellbeing set point.
        pull: Effective outside pull (0 when the mechanism is off).
        stress: Effective outside stress (0 when the mechanism is off).
        peer_relatedness: Shift of the relatedness-at-school set point from peers.
        noise: Multiplier of commitment and time noise (flickering).
        abrupt: Life events that end enrolment at once this week.
        crisis: Life events outside school this week.
        confidence_fall: This week's fall in confidence (set by mechanism 3's update).
        abrupt_exits: Whether abrupt exits happen (mechanism 6).
        leaver_chance: Function of the rows of students who stop, giving the chance that
            each leaves education rather than switching (set by mechanism 9 or its
            neutral replacement).
    """

    n: int
    commit: np.ndarray = field(init=False)
    time: np.ndarray = field(init=False)
    wellbeing: np.ndarray = field(init=False)
    pull: np.ndarray = field(init=False)
    stress: np.ndarray = field(init=False)
    peer_relatedness: np.ndarray = field(init=False)
    noise: np.ndarray = field(init=False)
    abrupt: np.ndarray = field(init=False)
    crisis: np.ndarray = field(init=False)
    confidence_fall: np.ndarray = field(init=False)
    abrupt_exits: bool = False
    leaver_chance: Callable[[np.ndarray], np.ndarray] | None = None

    def __post_init__(self) -> None:
        for name in (
            "commit",
            "time",
            "wellbeing",
            "pull",
            "stress",
            "peer_relatedness",
            "confidence_fall",
        ):
            setattr(self, name, np.zeros(self.n, dtype=F))
        self.noise = np.ones(self.n, dtype=F)
        self.abrupt = np.zeros(self.n, dtype=bool)
        self.crisis = np.zeros(self.n, dtype=bool)


def _put(x: np.ndarray, value: np.ndarray, mask: np.ndarray) -> None:
    """In place: ``x = value`` where ``mask``.

    ``np.where`` and one full write is several times faster than ``np.copyto(where=)``
    when the mask is scattered, as enrolment and contact masks are.
    """
    x[...] = np.where(mask, value, x)


def _relax(x: np.ndarray, target: np.ndarray, rate: float, mask: np.ndarray) -> None:
    """In place: ``x += rate * (target - x)`` where ``mask``."""
    _put(x, x + rate * (target - x), mask)


# --------------------------------------------------------------------------------------
# Core (always on)
# --------------------------------------------------------------------------------------


def events(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Draw this week's events at school and outside school, and abrupt life events.

    School events (valence 0-1, 0.5 neutral) are better for students who fit their
    programme and feel competent; there are none in holiday weeks. Outside events are
    worse under stress. An abrupt life event (chance ``life_event_rate``, higher for
    vulnerable students) is a crisis outside school (a very bad outside event and a stress
    shock); finding no internship place (decided by the school, :mod:`vsvsim.school`) is a
    very bad school event. Both can end enrolment at once (mechanism 6). Outside stress
    relaxes towards the student's usual level.
    """
    r = w.draws
    E = w.enrolled
    school = E & w.week.school_week
    # Experiences follow the fit as the student has come to see it (see discover_fit).
    e_s = 0.5 + 0.5 * (s.fit_seen - 0.5) + 0.3 * (s.comp_school - 0.5) + p.event_noise * r.z_school
    s.event_school = np.where(school, np.clip(e_s, 0, 1), 0.5)
    n_out = need_index(s.aut_outside, s.comp_outside, s.rel_outside)
    e_o = 0.5 + 0.3 * (n_out - 0.5) - 0.4 * (s.stress - 0.2) + p.event_noise * r.z_outside
    s.event_outside = np.clip(e_o, 0, 1)

    crisis = E & (r.u_life < p.life_event_rate * (0.3 + 1.4 * s.vulnerability))
    no_place = E & s.internship_failed
    s.life_event = crisis
    s.event_school[no_place] = 0.05
    s.event_outside[crisis] = 0.05
    # Outside life drifts: stress wanders around the student's usual level (a slowly
    # building home problem or debt, or relief), besides the shocks of crises below.
    around = E | w.out
    _relax(s.stress, s.stress_base, 0.1, around)
    _put(s.stress, np.clip(s.stress + p.stress_volatility * r.z_stress, 0, 1), around)
    s.stress[crisis] += 0.35
    d.abrupt = (crisis | no_place) & (r.u_abrupt < p.abrupt_exit_probability)
    d.crisis = crisis


def discover_fit(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Experience shows a student how well the programme fits (core, before events).

    A student starts from the fit it expects (keen students expect a good fit) and in
    school weeks moves towards the true fit: slowly in lessons (``fit_discovery_rate``),
    faster once practical work and internships start in the second semester
    (``practice_discovery_rate``). A keen student in a programme that does not suit it
    therefore has good experiences at first and setbacks later: the raw material of
    delayed realisation (mechanism 5).
    """
    rate = p.practice_discovery_rate if w.week.semester == 2 else p.fit_discovery_rate
    _relax(s.fit_seen, s.fit, rate, w.enrolled & w.week.school_week)


def need_fulfilment(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Update the three needs from school and from outside school (SDT, brief section 2).

    School needs follow the climate, the teacher's control (which frustrates autonomy
    most), the student's fit and effort, the week's events and peers; they hold still in
    holidays. Outside needs follow outside events, are raised by an attractive outside
    alternative (pull) and lowered by stress (push). Coach needs are set by
    :func:`coach_relationship`. Students who have left are handled by
    :func:`leaving_and_after`.
    """
    E = w.enrolled
    school = E & w.week.school_week
    fr = p.control_need_frustration * s.teacher_control
    ev = s.event_school - 0.5
    aut = 0.3 + 0.45 * s.climate - fr + 0.3 * ev
    comp = 0.15 + 0.55 * s.fit_seen + 0.2 * (s.time_investment - 0.5) + 0.35 * ev - 0.5 * fr
    rel = 0.5 + d.peer_relatedness + 0.3 * ev - 0.3 * fr
    for name, target in (("aut_school", aut), ("comp_school", comp), ("rel_school", rel)):
        _relax(s[name], np.clip(target, 0, 1), p.need_rate, school)

    eo = s.event_outside - 0.5
    aut = 0.55 + 0.25 * d.pull + 0.3 * eo - 0.3 * d.stress
    comp = 0.5 + 0.2 * d.pull + 0.3 * eo - 0.3 * d.stress
    rel = 0.6 + 0.3 * eo - 0.4 * d.stress
    for name, target in (("aut_outside", aut), ("comp_outside", comp), ("rel_outside", rel)):
        _relax(s[name], np.clip(target, 0, 1), p.need_rate, E)


def wellbeing_target(
    s: StudentArrays, p: SimpleNamespace, d: Drivers, rows: np.ndarray | slice = _ALL
) -> np.ndarray:
    """Wellbeing set point: need fulfilment and a personal set point.

    Need fulfilment from school, outside (equal weight) and coach, plus
    ``wellbeing_set_point`` times the student's disposition (its starting deviation).
    """

    def index(source: str) -> np.ndarray:
        return need_index(
            s[f"aut_{source}"][rows], s[f"comp_{source}"][rows], s[f"rel_{source}"][rows]
        )

    n_school, n_out, n_coach = index("school"), index("outside"), index("coach")
    needs = 0.1 + 0.85 * (0.45 * n_school + 0.45 * n_out + 0.1 * n_coach)
    # A personal set point: part of how well a student felt at the start stays.
    personal = p.wellbeing_set_point * s.wellbeing_disposition[rows]
    return np.clip(needs + personal + d.wellbeing[rows], 0, 1)


def integrate(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Move commitment, time investment and wellbeing towards their set points.

    Commitment's set point is the commitment the student brought, shifted by school need
    fulfilment, confidence and the mechanisms' drivers; time investment's by school
    autonomy (intrinsic motivation), confidence and drivers. Both change only in school
    weeks. Wellbeing follows need fulfilment from school, outside and the coach (outside
    counts as much as school). Attendance is drawn from time investment; absence and
    instability are running averages.
    """
    r = w.draws
    E = w.enrolled
    school = E & w.week.school_week
    n_school = need_index(s.aut_school, s.comp_school, s.rel_school)
    c_star = s.base_commitment + 0.3 * (n_school - 0.5) + 0.15 * (s.confidence - 0.6) + d.commit
    t_star = (
        0.68
        + 0.25 * (s.aut_school - 0.5)
        + 0.15 * (s.confidence - 0.6)
        + 0.2 * (s.base_commitment - 0.6)
        + d.time
    )
    c_old, t_old = s.commitment.copy(), s.time_investment.copy()
    sd = p.state_noise * d.noise
    c_new = c_old + p.commitment_rate * (np.clip(c_star, 0, 1) - c_old) + sd * r.z_commit
    t_new = t_old + p.time_rate * (np.clip(t_star, 0, 1) - t_old) + 2.0 * sd * r.z_time
    _put(s.commitment, np.clip(c_new, 0, 1), school)
    _put(s.time_investment, np.clip(t_new, 0, 1), school)

    wb_new = s.wellbeing + p.wellbeing_rate * (wellbeing_target(s, p, d) - s.wellbeing)
    _put(s.wellbeing, np.clip(wb_new, 0, 1), E)

    attend = school & (r.u_attend < np.clip(0.25 + 0.8 * s.time_investment, 0, 1))
    s.attended = attend | (E & (not w.week.school_week))
    if w.week.school_week:
        _relax(s.absence, (~attend).astype(F), 0.15, E)
    change = 5.0 * (np.abs(s.commitment - c_old) + np.abs(s.time_investment - t_old))
    _relax(s.instability, np.clip(change, 0, 1), 0.2, school)


# --------------------------------------------------------------------------------------
# The nine mechanisms
# --------------------------------------------------------------------------------------


def participation_identification_spiral(
    s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers
) -> None:
    """Mechanism 1: participation and commitment reinforce each other (Finn 1989).

    Commitment drives time investment through a steep sigmoid around 0.38 (committed
    students participate; far below that participation collapses), and time investment feeds
    back into commitment. The loop is a positive feedback with a tipping point: it can
    spiral down towards dropout or up towards success. Off: the two are decoupled.
    """
    ref = _sigmoid(SPIRAL_SLOPE * (0.62 - SPIRAL_CENTRE))
    response = _sigmoid(SPIRAL_SLOPE * (s.commitment - SPIRAL_CENTRE))
    d.time += p.spiral_commitment_to_time * (response - ref)
    d.commit += p.spiral_time_to_commitment * (s.time_investment - 0.6)


def teacher_control_loop(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Mechanism 2: low engagement provokes teacher control (Jang, Kim & Reeve 2016).

    Teachers answer last week's low time investment with control, the more so in a
    controlling climate; in an autonomy-supportive climate engaged students meet less
    control, which starts the need-satisfying loop. Control frustrates school needs in
    :func:`need_fulfilment`. Off: control stays at the climate's baseline, whatever the
    student does.
    """
    engagement_gap = 0.6 - s.time_investment
    target = (1.0 - s.climate) * (0.3 + p.control_responsiveness * engagement_gap)
    _relax(s.teacher_control, np.clip(target, 0, 1), 0.3, w.enrolled & w.week.school_week)


def confidence_loop(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Mechanism 3: confidence in a successful year from small successes, self-reinforcing.

    This week's success on small goals comes from competence, effort and events; an
    external locus of control weakens the link between effort and success as the student
    sees it. Perception is biased towards the current belief (a student with low
    confidence mainly notices failure). Off: success is perceived as it is and effort
    counts fully. Success itself is computed either way (it feeds delayed realisation).
    """
    _confidence_update(s, p, w, d, biased=True)


def _confidence_update(
    s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers, biased: bool
) -> None:
    school = w.enrolled & w.week.school_week
    effort_weight = (1.0 - s.locus) if biased else 1.0
    success = (
        0.5
        + 0.6 * (s.comp_school - 0.5)
        + 0.6 * effort_weight * (s.time_investment - 0.5)
        + 0.3 * (s.event_school - 0.5)
    )
    _put(s.success, np.clip(success, 0, 1), school)
    perceived = s.success + (p.confidence_bias * (s.confidence - 0.5) if biased else 0.0)
    old = s.confidence.copy()
    _relax(s.confidence, np.clip(perceived, 0, 1), p.confidence_rate, school)
    d.confidence_fall = np.maximum(old - s.confidence, 0)


def outside_pull_push(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Mechanism 4: need fulfilment outside school pulls or pushes energy away from school.

    Pull: an attractive alternative (paid work; stronger in a tight labour market and in
    some neighbourhoods) fulfils needs outside school and costs time at school. Push:
    outside stress (home crisis, debts) drains wellbeing and time investment. Off: outside
    life neither pulls nor pushes.
    """
    d.pull = (s.pull * p.labour_market_pull * s.context_pull).astype(F)
    d.stress = s.stress
    d.time -= p.pull_time_cost * d.pull + 0.5 * p.stress_drain * s.stress
    d.wellbeing -= p.stress_drain * (s.stress - 0.2)


def delayed_realisation(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Mechanism 5: committed students absorb setbacks until strain accumulates.

    Negative experiences (bad school events, failure) add to a slowly decaying strain.
    A student whose commitment is above the absorb threshold and who has not yet
    realised anything is spurred by a setback (tries harder after a failed test); once
    the strain passes the student's tolerance, the student realises the programme may not
    work out and the commitment set point drops by ``realisation_drop``. Without the
    mechanism every setback lowers commitment at once, for everyone. This is what lets
    eventual dropouts start the year more positive than stayers.
    """
    neg = _setbacks(s)
    absorbing = ~s.realised & (s.commitment > p.realisation_absorb_threshold)
    d.commit += np.where(absorbing, p.realisation_try_harder * neg, -0.2 * neg).astype(F)
    # Trying harder is effort too: as setbacks pile up an absorbing student invests more
    # time, the more the closer its strain is to what it can tolerate.
    effort = np.minimum(s.strain / s.tolerance, 1.0)
    d.time += np.where(absorbing, p.realisation_effort * effort, 0.0).astype(F)
    # Absorbing students put a failure down to too little effort, so it costs them less
    # confidence: give back a share of this week's fall (confidence_loop ran before).
    shield = w.enrolled & absorbing & w.week.school_week
    s.confidence = np.where(
        shield, s.confidence + p.realisation_confidence_shield * d.confidence_fall, s.confidence
    )
    # Only a student who was absorbing can have the sudden realisation; for the others
    # setbacks already count at once.
    realises = w.enrolled & absorbing & (s.strain > s.tolerance)
    s.realised = (s.realised | realises) & ~(s.strain < 0.4 * s.tolerance)
    d.commit -= p.realisation_drop * s.realised


def _setbacks(s: StudentArrays) -> np.ndarray:
    """This week's negative experience on 0-0.8.

    School experiences that fall short of what the student expected (a keen student
    expects more), and failure.
    """
    expected = 0.5 + (s.base_commitment - TYPICAL_COMMITMENT)
    return np.maximum(expected - s.event_school, 0) + 0.5 * np.maximum(0.5 - s.success, 0)


def accumulate_strain(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Strain: decaying sum of setbacks with a memory of ``strain_memory`` weeks (always on)."""
    decay = 1.0 - 1.0 / p.strain_memory
    s.strain = np.where(w.enrolled, decay * s.strain + _setbacks(s) * w.week.school_week, s.strain)


def immediate_setbacks(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Neutral replacement of mechanism 5: every setback lowers commitment at once."""
    d.commit -= 0.2 * _setbacks(s)


def gradual_abrupt_routes(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Mechanism 6: two routes out. Gradual decline flickers; life events cut abruptly.

    Near the tipping point of readiness the week-to-week noise on commitment and time
    investment rises (flickering before a transition, brief section 3.6), which shows as
    rising instability before a gradual exit. Abrupt life events (failed internship,
    family crisis) end enrolment at once with chance ``abrupt_exit_probability`` whatever
    the student's attendance. Off: constant noise, and life events only act through
    stress and events.
    """
    readiness = _readiness(s)
    bump = np.exp(-(((readiness - p.leave_threshold - 0.08) / 0.1) ** 2))
    d.noise = (1.0 + p.flicker_gain * bump).astype(F)
    d.abrupt_exits = True


def _readiness(s: StudentArrays) -> np.ndarray:
    """Programme-specific readiness to continue: commitment, time investment, confidence."""
    return 0.4 * s.commitment + 0.35 * s.time_investment + 0.25 * s.confidence


def action_needs(
    time: np.ndarray,
    wellbeing: np.ndarray,
    stress: np.ndarray,
    bond: np.ndarray,
    competence: np.ndarray,
    commitment: np.ndarray,
    confidence: np.ndarray,
) -> np.ndarray:
    """How much a student needs each coach action now, on 0-1 (columns as coaching.ACTIONS).

    Confronting fits low participation, emotional support low wellbeing or stress,
    low-threshold contact a weak bond, involving the environment outside stress,
    schoolwork support low competence, motivating low commitment, exercises (self-insight)
    low confidence. The coach uses it on what it perceives; the student's experience
    uses it on the true state (the action's *fit*).
    """
    c = lambda x: np.clip(x, 0.0, 1.0)  # noqa: E731
    return np.column_stack(
        [
            c(2.0 * (0.62 - time)),
            c(2.0 * (0.58 - wellbeing) + 0.5 * stress),
            c(1.2 * (0.6 - bond)),
            c(1.5 * stress),
            c(2.0 * (0.6 - competence)),
            c(2.0 * (0.62 - commitment)),
            c(2.0 * (0.6 - confidence)),
        ]
    ).astype(F)


def coach_relationship(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Mechanism 7: the bond with the coach and need support as the student experiences it.

    The coaching module has set who had contact, the coach's action and the support it
    intended per need. Experienced support depends on the intention, the bond, the
    student's openness and the *fit* between the action and what the student needs at
    that moment, with an explicit intention-experience mismatch (noise of
    ``support_mismatch_sd``), so intended and experienced support are only loosely related.
    Confronting without a bond is felt as control (little autonomy support). Experienced
    autonomy support builds the bond (trust first; low-threshold contact builds it
    faster) and wellbeing; openness follows the bond; feeling related to the coach
    strengthens commitment; competence support helps participation; involving the
    environment eases outside stress. Between contacts felt support fades and the bond
    erodes slowly. Off: contacts have no effect on the student.
    """
    # Between contacts felt support fades and the bond erodes (everyone); contacts below.
    for name in ("aut_coach", "comp_coach", "rel_coach"):
        arr = s[name]
        arr *= 0.95
    s.bond = np.maximum(s.bond - 0.005, 0)
    s.experienced_support[:] = 0.0
    rows = np.flatnonzero(s.contact)
    if rows.size:
        action = s.coach_action[rows]
        bond = s.bond[rows] + 0.005  # undo this week's erosion for those seen
        fit = np.full(rows.size, 0.5, dtype=F)  # a mentor's contact: no specific action
        acted = action >= 0
        if acted.any():
            r = rows[acted]
            needs = action_needs(
                s.time_investment[r],
                s.wellbeing[r],
                s.stress[r],
                bond[acted],
                s.comp_school[r],
                s.commitment[r],
                s.confidence[r],
            )
            fit[acted] = needs[np.arange(r.size), action[acted]]
        gain = (0.6 + 0.4 * bond) * (0.7 + 0.3 * s.openness[rows]) * (0.7 + 0.6 * fit)
        noise = p.support_mismatch_sd * w.draws.z_mismatch[rows]
        control = np.where(action == 0, 0.3 + 0.7 * bond, 1.0)  # confronting without a bond
        felt = []
        for name, factor in (("aut", control), ("comp", 1.0), ("rel", 1.0)):
            x = np.clip(s[f"intended_{name}"][rows] * gain * factor + noise, 0, 1)
            felt.append(x)
            old = s[f"{name}_coach"][rows] / 0.95
            s[f"{name}_coach"][rows] = old + p.need_rate * (x - old)
        s.experienced_support[rows] = (felt[0] + felt[1] + felt[2]) / 3.0
        rate = np.where(action == 2, 1.5 * p.bond_growth, p.bond_growth)
        target = np.clip(0.3 + 1.2 * s.aut_coach[rows], 0, 1)
        s.bond[rows] = np.clip(bond + rate * (target - bond), 0, 1)
        openness = s.openness[rows]
        s.openness[rows] = openness + 0.05 * (s.bond[rows] - openness)
        s.stress[rows] -= np.where(action == 3, 0.05 * felt[0], 0.0)  # environment eases stress
    d.commit += p.coach_commitment_effect * s.rel_coach
    # A coach can also break the spiral from the participation side (get the student to come).
    d.time += 0.5 * p.coach_commitment_effect * s.comp_coach
    d.wellbeing += 0.15 * s.aut_coach


def peer_influence(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Mechanism 8: friends' attendance, commitment and leaving; popularity.

    Friends (classmates) pull a student's time investment towards their attendance (a
    friend who left counts as absent) and commitment towards theirs; a friend leaving is a
    shock to commitment that fades over weeks. Popular students feel more related at
    school but invest less time. Off: students are not influenced by peers.
    """
    if w.friends.nnz:
        E = w.enrolled.astype(F)
        # One sparse product gives, per student, the sums over friends of attendance,
        # enrolment and commitment.
        sums = w.friends @ np.column_stack((s.time_investment * E, E, s.commitment * E))
        deg = w.friend_degree
        n_enr = sums[:, 1]
        att = sums[:, 0] / np.maximum(deg, 1)
        com = sums[:, 2] / np.maximum(n_enr, 1)
        k = p.peer_influence_strength
        d.time += np.where(deg > 0, 0.5 * k * (att - s.time_investment), 0).astype(F)
        d.commit += np.where(n_enr > 0, 0.3 * k * (com - s.commitment), 0).astype(F)
        d.commit -= p.friend_leaving_shock * s.friends_left
    d.time -= p.popularity_time_cost * (s.popularity - 0.5)
    d.peer_relatedness += 0.2 * (s.popularity - 0.5)


def friends_who_left(s: StudentArrays, w: WeekInputs, left_now: np.ndarray) -> None:
    """Decaying count of friends who left (input to :func:`peer_influence`)."""
    s.friends_left *= 0.8
    if left_now.any() and w.friends.nnz:
        s.friends_left += w.friends @ left_now.astype(F)


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
    d.leaver_chance = lambda rows: _leaver_chance_by_state(s, p, d, rows)
    _relax(s.general_slow, general_state(s), GENERAL_MEMORY_RATE, w.enrolled)

    rows = np.flatnonzero(w.out)  # a small minority: work on their rows only
    if rows.size == 0:
        return
    status, after = s.status[rows], s.after_status[rows]
    # Work: young people out of education find work (more in a tight labour market, more
    # with competence outside school and with a coach's competence support) or lose it.
    find = p.job_finding_rate * 2.0 * p.labour_market_pull * (0.5 + s.comp_outside[rows])
    find = find * (1.0 + s.comp_coach[rows])
    u = w.draws.u_job[rows]
    working = after == 1
    after = np.where(working, np.where(u < p.job_loss_rate, 0, 1), np.where(u < find, 1, 0))
    s.after_status[rows] = after
    working = after == 1
    left = status == Status.LEFT
    leavers = ~working & left
    switchers = ~working & (status == Status.SWITCHED)
    for name in ("aut_school", "comp_school", "rel_school"):
        x = s[name][rows]
        x = np.where(left, x - p.post_leave_decline - 0.05 * x, x)
        s[name][rows] = np.where(switchers, x + 0.1 * (0.6 - x), x)
    for name in ("aut_outside", "comp_outside", "rel_outside"):
        x = s[name][rows]
        x = np.where(leavers, x - p.post_leave_decline, x)
        x = np.where(switchers, x + 0.1 * (0.6 - x), x)
        s[name][rows] = np.where(working, x + 0.1 * (0.65 - x), x)  # work fulfils needs
    s.stress[rows] += 0.005 * leavers
    wb = s.wellbeing[rows]
    s.wellbeing[rows] = wb + p.wellbeing_rate * (wellbeing_target(s, p, d, rows) - wb)


def general_state(s: StudentArrays, rows: np.ndarray | slice = _ALL) -> np.ndarray:
    """General state on 0-1: wellbeing and need fulfilment in and out of school, averaged."""
    return (
        s.wellbeing[rows]
        + need_index(s.aut_outside[rows], s.comp_outside[rows], s.rel_outside[rows])
        + need_index(s.aut_school[rows], s.comp_school[rows], s.rel_school[rows])
    ) / 3.0


def _leaver_chance_by_state(
    s: StudentArrays, p: SimpleNamespace, d: Drivers, rows: np.ndarray
) -> np.ndarray:
    """Chance that a stopping student leaves education: a low or declining general state.

    The general state is judged by its level and, with weight ``leaver_decline_weight``,
    by how far it fell below its running mean (a rise counts the other way); a crisis
    outside school tips towards leaving.
    """
    general = general_state(s, rows)
    judged = general - p.leaver_decline_weight * (s.general_slow[rows] - general)
    return _sigmoid(12.0 * (p.leaver_threshold - judged)) + 0.25 * d.crisis[rows]


def undifferentiated_leaving(
    s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers
) -> None:
    """Neutral replacement of mechanism 9: one leaving process, states frozen after."""
    share = 1.0 - p.undifferentiated_switch_share
    d.leaver_chance = lambda rows: np.full(rows.size, share)


def unbiased_confidence(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Neutral replacement of mechanism 3: success perceived as it is, effort counts fully."""
    _confidence_update(s, p, w, d, biased=False)


def exits(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> np.ndarray:
    """Decide who leaves this week; return the mask of new leavers.

    Gradual route: a weekly hazard that rises steeply as readiness (commitment, time
    investment, confidence), measured against what the student expected
    (``leave_relative_weight``), falls below ``leave_threshold`` (lower in holidays). Abrupt
    route: life events flagged in :func:`events`, when mechanism 6 is on. The route out
    (switch or leave education) uses ``d.leaver_chance`` from mechanism 9, or the fixed
    share when it is off.
    """
    r = w.draws
    E = w.enrolled
    # A student weighs readiness partly against what it expected (base commitment): those
    # who never expected much get used to it; a fall from high expectations weighs more.
    expected = p.leave_relative_weight * 0.4 * (s.base_commitment - 0.65)
    gap = p.leave_threshold - (_readiness(s) - expected)
    hazard = p.leave_hazard_max * _sigmoid(p.leave_steepness * gap)
    if not w.week.school_week:
        hazard = hazard * p.holiday_hazard_factor
    gradual = E & (r.u_leave < hazard)
    abrupt = E & d.abrupt & d.abrupt_exits & ~gradual
    leaving = gradual | abrupt
    leaver = np.zeros(s.n, dtype=bool)
    rows = np.flatnonzero(leaving)
    leaver[rows] = r.u_route[rows] < d.leaver_chance(rows)
    s.status[leaving] = np.where(leaver[leaving], Status.LEFT, Status.SWITCHED)
    first = leaving & (s.first_exit == 0)
    s.first_exit[first] = s.status[first]
    s.left_week[first] = w.week.index
    s.absence_at_exit[first] = s.absence[first]
    s.exit_route[first & gradual] = 1
    s.exit_route[first & abrupt] = 2
    return leaving


#: The nine mechanisms: switch name -> (function, neutral replacement or None).
MECHANISMS = {
    "participation_identification_spiral": (participation_identification_spiral, None),
    "teacher_control_loop": (teacher_control_loop, None),
    "confidence_loop": (confidence_loop, unbiased_confidence),
    "outside_pull_push": (outside_pull_push, None),
    "delayed_realisation": (delayed_realisation, immediate_setbacks),
    "gradual_abrupt_routes": (gradual_abrupt_routes, None),
    "coach_relationship": (coach_relationship, None),
    "peer_influence": (peer_influence, None),
    "leaving_and_after": (leaving_and_after, undifferentiated_leaving),
}
