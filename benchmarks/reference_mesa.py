"""A per-agent reference of vsvsim's weekly core dynamics, written the usual Mesa way.

Each student is a plain :class:`mesa.Agent` with its state as Python attributes and a
``step()`` that does the week's scalar arithmetic; the model calls
``self.agents.shuffle_do("step")`` once a week and draws every random number from its own
seeded :class:`random.Random` (``model.random``). This is what the vectorized engine
(:mod:`vsvsim.mechanisms`, :class:`vsvsim.model.DropoutModel`) replaces; the throughput
benchmark (``benchmarks/throughput.py``) runs both side by side.

The equations mirror :mod:`vsvsim.mechanisms` term by term, with the same constants and
the parameters of :func:`vsvsim.params.defaults` (all mechanism switches on): events and
life events, teacher control (mechanism 2), outside pull and push (4), the popularity
part of peers (8), need fulfilment, confidence (3), strain and delayed realisation (5),
the participation-identification spiral (1), flickering and abrupt routes (6),
integration of commitment, time investment and wellbeing with attendance, absence and
instability, the switch-or-leave route and the after-leaving drift (9), and the leaving
hazard. Left out, as the brief allows: friendship ties (peer averages, friends who left),
mentoring and coaching contacts with the coach relationship (7), the weekly
DataCollector, and year closing/opening (the benchmark stays inside one term). So the
reference does somewhat *less* work per student-week than the engine, which makes the
measured speed-up a conservative one.

The students are the engine's: construction builds the population with
:func:`vsvsim.cohort.build_population` for the same seed and copies each row's traits
and initial states into one agent's attributes (construction is not timed by the
benchmark). The weekly random numbers come from ``model.random``, so a run is not
bit-identical to the engine's, only statistically alike (compare it with the engine run
with ``peer_influence=False, coach_relationship=False``).
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import mesa

from vsvsim import PARAMETERS
from vsvsim.core.calendar import SchoolCalendar
from vsvsim.core.state import Status
from vsvsim.core.streams import Streams
from vsvsim.params import defaults
from vsvsim.population.cohort import TYPICAL_COMMITMENT, build_population

__all__ = ["ReferenceModel", "ReferenceStudent"]

#: The spiral's sigmoid (mechanism 1), at the engine's defaults.
SPIRAL_CENTRE = PARAMETERS["spiral_tipping_commitment"].default
SPIRAL_SLOPE = PARAMETERS["spiral_steepness"].default

#: Per-student values taken over from the engine's population at construction.
TRAITS = (
    "vulnerability",
    "climate",
    "context_pull",
    "fit",
    "fit_seen",
    "base_commitment",
    "locus",
    "tolerance",
    "pull",
    "stress_base",
    "popularity",
    "wellbeing_disposition",
    "commitment",
    "time_investment",
    "confidence",
    "wellbeing",
    "stress",
    "teacher_control",
)


def clip01(x: float) -> float:
    """Clip a number to the 0-1 range."""
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def sigmoid(x: float) -> float:
    """The logistic function."""
    return 1.0 / (1.0 + math.exp(-x))


def need_index(aut: float, comp: float, rel: float) -> float:
    """Combined need fulfilment from one source (as ``vsvsim.mechanisms.need_index``)."""
    g = 0.5 + 0.5 * aut
    return (aut + g * (comp + rel)) / (1.0 + 2.0 * g)


class ReferenceStudent(mesa.Agent):
    """One student: every state a Python float, one scalar ``step()`` per week.

    Args:
        model: The reference model.
        climate: Autonomy-supportive climate of the student's school.
        context_pull: Labour-market pull multiplier of the student's outside context.
        context_stress: Stress shift of the student's outside context.
    """

    def __init__(self, model: ReferenceModel, traits: dict[str, float]):
        super().__init__(model)
        # Attributes and latent traits (fixed).
        self.status = Status.ENROLLED
        self.vulnerability = traits["vulnerability"]
        self.climate = traits["climate"]
        self.context_pull = traits["context_pull"]
        self.fit = traits["fit"]
        self.fit_seen = traits["fit_seen"]
        self.base_commitment = traits["base_commitment"]
        self.locus = traits["locus"]
        self.tolerance = traits["tolerance"]
        self.pull = traits["pull"]
        self.stress_base = traits["stress_base"]
        self.popularity = traits["popularity"]
        self.wellbeing_disposition = traits["wellbeing_disposition"]
        # Weekly states.
        self.commitment = traits["commitment"]
        self.time_investment = traits["time_investment"]
        self.confidence = traits["confidence"]
        self.wellbeing = traits["wellbeing"]
        self.stress = traits["stress"]
        self.teacher_control = traits["teacher_control"]
        self.aut_school = self.comp_school = self.rel_school = 0.55
        self.aut_outside = self.comp_outside = self.rel_outside = 0.6
        self.aut_coach = self.comp_coach = self.rel_coach = 0.0
        self.strain = 0.0
        self.realised = False
        self.instability = 0.0
        self.absence = 0.0
        self.success = 0.5
        self.event_school = 0.5
        self.event_outside = 0.5
        self.life_event = False
        self.attended = True
        self.first_exit = 0
        self.left_week = math.nan
        self.exit_route = 0
        self.general_slow = (
            self.wellbeing
            + need_index(self.aut_outside, self.comp_outside, self.rel_outside)
            + need_index(self.aut_school, self.comp_school, self.rel_school)
        ) / 3.0

    def readiness(self) -> float:
        """Readiness to continue: commitment, time investment, confidence."""
        return 0.4 * self.commitment + 0.35 * self.time_investment + 0.25 * self.confidence

    def step(self) -> None:
        """One week of the core dynamics for this student (order as the engine's pipeline)."""
        m = self.model
        p, week, rnd = m.p, m.week, m.random
        school_week = week.school_week
        enrolled = self.status == Status.ENROLLED
        out = self.status == Status.SWITCHED or self.status == Status.LEFT
        school = enrolled and school_week

        # This week's random numbers (the engine draws these for every row, too).
        gauss, uniform = rnd.gauss, rnd.random
        z_school, z_outside = gauss(0.0, 1.0), gauss(0.0, 1.0)
        u_life, u_life_kind, u_abrupt = uniform(), uniform(), uniform()
        z_commit, z_time, z_wellbeing = gauss(0.0, 1.0), gauss(0.0, 1.0), gauss(0.0, 1.0)
        u_attend, u_leave, u_route = uniform(), uniform(), uniform()
        z_stress = gauss(0.0, 1.0)

        # Drivers: set-point shifts contributed by the mechanisms this week.
        d_commit = d_time = d_wellbeing = d_peer_rel = 0.0

        # --- fit discovery; events at school and outside, life events -------------------
        if school:
            rate = p.practice_discovery_rate if week.semester == 2 else p.fit_discovery_rate
            self.fit_seen += rate * (self.fit - self.fit_seen)
            e_s = (
                0.5
                + 0.5 * (self.fit_seen - 0.5)
                + 0.3 * (self.comp_school - 0.5)
                + p.event_noise * z_school
            )
            self.event_school = clip01(e_s)
        else:
            self.event_school = 0.5
        n_out = need_index(self.aut_outside, self.comp_outside, self.rel_outside)
        e_o = 0.5 + 0.3 * (n_out - 0.5) - 0.4 * (self.stress - 0.2) + p.event_noise * z_outside
        self.event_outside = clip01(e_o)
        life = enrolled and u_life < p.life_event_rate * (0.3 + 1.4 * self.vulnerability)
        internship = life and week.semester == 2 and school and u_life_kind < 0.4
        crisis = life and not internship
        self.life_event = life
        if internship:
            self.event_school = 0.05
        if crisis:
            self.event_outside = 0.05
        if enrolled or out:
            self.stress += 0.1 * (self.stress_base - self.stress)
            self.stress = clip01(self.stress + p.stress_volatility * z_stress)
        if crisis:
            self.stress += 0.35
        abrupt = life and u_abrupt < p.abrupt_exit_probability

        # --- mechanism 2: teacher control ----------------------------------------------
        if school:
            gap = 0.6 - self.time_investment
            target = clip01((1.0 - self.climate) * (0.3 + p.control_responsiveness * gap))
            self.teacher_control += 0.3 * (target - self.teacher_control)

        # --- mechanism 4: outside pull and push ----------------------------------------
        d_pull = self.pull * p.labour_market_pull * self.context_pull
        d_stress = self.stress
        d_time -= p.pull_time_cost * d_pull + 0.5 * p.stress_drain * self.stress
        d_wellbeing -= p.stress_drain * (self.stress - 0.2)

        # --- mechanism 8 (popularity part only; no friendship ties here) -----------------
        d_time -= p.popularity_time_cost * (self.popularity - 0.5)
        d_peer_rel += 0.2 * (self.popularity - 0.5)

        # --- need fulfilment ------------------------------------------------------------
        if school:
            fr = p.control_need_frustration * self.teacher_control
            ev = self.event_school - 0.5
            aut = clip01(0.3 + 0.45 * self.climate - fr + 0.3 * ev)
            comp = clip01(
                0.15
                + 0.55 * self.fit_seen
                + 0.2 * (self.time_investment - 0.5)
                + 0.35 * ev
                - 0.5 * fr
            )
            rel = clip01(0.5 + d_peer_rel + 0.3 * ev - 0.3 * fr)
            self.aut_school += p.need_rate * (aut - self.aut_school)
            self.comp_school += p.need_rate * (comp - self.comp_school)
            self.rel_school += p.need_rate * (rel - self.rel_school)
        if enrolled:
            eo = self.event_outside - 0.5
            aut = clip01(0.55 + 0.25 * d_pull + 0.3 * eo - 0.3 * d_stress)
            comp = clip01(0.5 + 0.2 * d_pull + 0.3 * eo - 0.3 * d_stress)
            rel = clip01(0.6 + 0.3 * eo - 0.4 * d_stress)
            self.aut_outside += p.need_rate * (aut - self.aut_outside)
            self.comp_outside += p.need_rate * (comp - self.comp_outside)
            self.rel_outside += p.need_rate * (rel - self.rel_outside)

        # --- mechanism 3: confidence from (biased) perceived success ---------------------
        if school:
            success = (
                0.5
                + 0.6 * (self.comp_school - 0.5)
                + 0.6 * (1.0 - self.locus) * (self.time_investment - 0.5)
                + 0.3 * (self.event_school - 0.5)
            )
            self.success = clip01(success)
            perceived = clip01(self.success + p.confidence_bias * (self.confidence - 0.5))
            confidence_fall = max(p.confidence_rate * (self.confidence - perceived), 0.0)
            self.confidence += p.confidence_rate * (perceived - self.confidence)
        else:
            confidence_fall = 0.0

        # --- strain and mechanism 5: delayed realisation --------------------------------
        expected = 0.5 + (self.base_commitment - TYPICAL_COMMITMENT)
        setbacks = max(expected - self.event_school, 0.0) + 0.5 * max(0.5 - self.success, 0.0)
        if enrolled:
            decay = 1.0 - 1.0 / p.strain_memory
            self.strain = decay * self.strain + setbacks * school_week
        absorbing = not self.realised and self.commitment > p.realisation_absorb_threshold
        d_commit += p.realisation_try_harder * setbacks if absorbing else -0.2 * setbacks
        if absorbing:
            d_time += p.realisation_effort * min(self.strain / self.tolerance, 1.0)
        if absorbing and school:
            self.confidence += p.realisation_confidence_shield * confidence_fall
        realised = self.realised or (enrolled and absorbing and self.strain > self.tolerance)
        self.realised = realised and not self.strain < 0.4 * self.tolerance
        d_commit -= p.realisation_drop * self.realised

        # --- mechanism 1: participation-identification spiral --------------------------
        response = sigmoid(SPIRAL_SLOPE * (self.commitment - SPIRAL_CENTRE))
        d_time += p.spiral_commitment_to_time * (response - m.spiral_ref)
        d_commit += p.spiral_time_to_commitment * (self.time_investment - 0.6)

        # --- mechanism 6: flickering near the tipping point -----------------------------
        bump = math.exp(-(((self.readiness() - p.leave_threshold - 0.08) / 0.1) ** 2))
        noise = 1.0 + p.flicker_gain * bump

        # --- integrate commitment, time investment, wellbeing; attendance -------------
        n_school = need_index(self.aut_school, self.comp_school, self.rel_school)
        c_star = (
            self.base_commitment
            + 0.5 * (n_school - 0.5)
            + 0.15 * (self.confidence - 0.6)
            + d_commit
        )
        t_star = (
            0.68
            + 0.25 * (self.aut_school - 0.5)
            + 0.15 * (self.confidence - 0.6)
            + 0.2 * (self.base_commitment - 0.6)
            + d_time
        )
        c_old, t_old = self.commitment, self.time_investment
        sd = p.state_noise * noise
        if school:
            c_new = c_old + p.commitment_rate * (clip01(c_star) - c_old) + sd * z_commit
            t_new = t_old + p.time_rate * (clip01(t_star) - t_old) + 2.0 * sd * z_time
            self.commitment, self.time_investment = clip01(c_new), clip01(t_new)
        wb_target = self.wellbeing_target(d_wellbeing)
        if enrolled:
            wb = self.wellbeing + p.wellbeing_rate * (wb_target - self.wellbeing)
            self.wellbeing = clip01(wb + 0.01 * z_wellbeing)
        attend = school and u_attend < clip01(0.25 + 0.8 * self.time_investment)
        self.attended = attend or (enrolled and not school_week)
        if school_week and enrolled:
            self.absence += 0.15 * ((not attend) - self.absence)
        if school:
            change = 5.0 * (abs(self.commitment - c_old) + abs(self.time_investment - t_old))
            self.instability += 0.2 * (clip01(change) - self.instability)

        # --- mechanism 9: route out (switch or leave education), and after leaving -------
        n_school = need_index(self.aut_school, self.comp_school, self.rel_school)
        n_out = need_index(self.aut_outside, self.comp_outside, self.rel_outside)
        general = (self.wellbeing + n_out + n_school) / 3.0
        if enrolled:
            self.general_slow += 0.1 * (general - self.general_slow)
        judged = general - p.leaver_decline_weight * (self.general_slow - general)
        leaver_chance = sigmoid(12.0 * (p.leaver_threshold - judged)) + 0.25 * crisis
        if out:
            decline = p.post_leave_decline
            if self.status == Status.LEFT:
                self.aut_school -= decline + 0.05 * self.aut_school
                self.comp_school -= decline + 0.05 * self.comp_school
                self.rel_school -= decline + 0.05 * self.rel_school
                self.aut_outside -= decline
                self.comp_outside -= decline
                self.rel_outside -= decline
                self.stress += 0.005
            else:
                self.aut_school += 0.1 * (0.6 - self.aut_school)
                self.comp_school += 0.1 * (0.6 - self.comp_school)
                self.rel_school += 0.1 * (0.6 - self.rel_school)
                self.aut_outside += 0.1 * (0.6 - self.aut_outside)
                self.comp_outside += 0.1 * (0.6 - self.comp_outside)
                self.rel_outside += 0.1 * (0.6 - self.rel_outside)
            target = self.wellbeing_target(d_wellbeing)
            self.wellbeing += p.wellbeing_rate * (target - self.wellbeing)

        # --- leaving: gradual hazard and abrupt life events ------------------------------
        if enrolled:
            expected = p.leave_relative_weight * 0.4 * (self.base_commitment - 0.65)
            hazard = p.leave_hazard_max * sigmoid(
                p.leave_steepness * (p.leave_threshold - (self.readiness() - expected))
            )
            if not school_week:
                hazard *= p.holiday_hazard_factor
            gradual = u_leave < hazard
            if gradual or abrupt:
                self.status = Status.LEFT if u_route < leaver_chance else Status.SWITCHED
                if self.first_exit == 0:
                    self.first_exit = self.status
                    self.left_week = week.index
                    self.exit_route = 1 if gradual else 2

        # Keep states in range (the engine's end-of-week ``StudentArrays.clip``).
        self.aut_school = clip01(self.aut_school)
        self.comp_school = clip01(self.comp_school)
        self.rel_school = clip01(self.rel_school)
        self.aut_outside = clip01(self.aut_outside)
        self.comp_outside = clip01(self.comp_outside)
        self.rel_outside = clip01(self.rel_outside)
        self.stress = clip01(self.stress)

    def wellbeing_target(self, d_wellbeing: float) -> float:
        """Wellbeing set point: need fulfilment plus the student's personal set point."""
        n_school = need_index(self.aut_school, self.comp_school, self.rel_school)
        n_out = need_index(self.aut_outside, self.comp_outside, self.rel_outside)
        n_coach = need_index(self.aut_coach, self.comp_coach, self.rel_coach)
        target = 0.1 + 0.85 * (0.45 * n_school + 0.45 * n_out + 0.1 * n_coach) + d_wellbeing
        personal = self.model.p.wellbeing_set_point * self.wellbeing_disposition
        return clip01(target + personal)


class ReferenceModel(mesa.Model):
    """A cohort of :class:`ReferenceStudent` agents stepped one by one each week.

    Args:
        students: Number of students (all enrolled at the start).
        seed: Seed of the model's ``random.Random`` (every draw comes from it).
        **params: Parameter overrides on top of :func:`vsvsim.params.defaults`.
    """

    def __init__(self, students: int = 2000, seed: int = 0, **params):
        super().__init__(rng=seed)
        values = defaults()
        values.update(params, students=students, years=1)
        self.p = SimpleNamespace(**values)
        self.calendar = SchoolCalendar(self.p.start_year, self.p.years)
        self.week_index = 0
        self.week = self.calendar[0]
        self.spiral_ref = sigmoid(SPIRAL_SLOPE * (0.62 - SPIRAL_CENTRE))
        # Same students as the engine with this seed: one Python dict of floats per row.
        state = build_population(values, Streams(seed)).state
        columns = {name: state[name].tolist() for name in TRAITS}
        for row in range(students):
            ReferenceStudent(self, {name: col[row] for name, col in columns.items()})

    def step(self) -> None:
        """Advance one week: every student steps once, in random order."""
        self.week = self.calendar[self.week_index]
        self.agents.shuffle_do("step")
        self.week_index += 1
        if self.week_index >= len(self.calendar):
            self.running = False

    def mean_enrolled(self, name: str) -> float:
        """Mean of one state over the enrolled students."""
        values = [getattr(a, name) for a in self.agents if a.status == Status.ENROLLED]
        return sum(values) / len(values) if values else math.nan
