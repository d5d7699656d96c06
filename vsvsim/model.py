"""DropoutModel: the Mesa model that owns the student arrays and runs the weekly step.

The model's keyword arguments are generated from the parameter table: every parameter
in :data:`vsvsim.params.PARAMETERS` is a keyword (default ``None``: take the scenario's
value), so ``mesa.batch_run`` and ``SolaraViz`` ``model_params`` work with the same names
as the scenario files.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import mesa
import numpy as np
from scipy import sparse

from vsvsim import mechanisms as mech
from vsvsim import school
from vsvsim.agents import Mentor, OutsideSchool, School, Student
from vsvsim.calendar import SEMESTER_2_START, SchoolCalendar, Week
from vsvsim.coaching import Intervention, ProjectCoaching, RegularMentoring
from vsvsim.cohort import build_population, expected_fit
from vsvsim.output import Recorder
from vsvsim.params import PARAMETERS
from vsvsim.scenario import Scenario, load_scenario
from vsvsim.state import Status
from vsvsim.streams import Streams

__all__ = ["STEP_ORDER", "DropoutModel", "resolve_seed"]

#: The weekly sub-steps after the interventions, in order: (switch name or "core", function).
STEP_ORDER: tuple[tuple[str, Any], ...] = (
    ("core", mech.discover_fit),
    ("core", mech.events),
    ("teacher_control_loop", mech.teacher_control_loop),
    ("outside_pull_push", mech.outside_pull_push),
    ("peer_influence", mech.peer_influence),
    ("core", mech.need_fulfilment),
    ("coach_relationship", mech.coach_relationship),
    ("confidence_loop", mech.confidence_loop),
    ("core", mech.accumulate_strain),
    ("delayed_realisation", mech.delayed_realisation),
    ("participation_identification_spiral", mech.participation_identification_spiral),
    ("gradual_abrupt_routes", mech.gradual_abrupt_routes),
    ("core", mech.integrate),
    ("leaving_and_after", mech.leaving_and_after),
)

#: Named draws made every week for every row: stream -> (draw name, kind) pairs.
WEEKLY_DRAWS: dict[str, tuple[tuple[str, str], ...]] = {
    "events": (("z_school", "normal"), ("z_outside", "normal")),
    "life_events": (("u_life", "uniform"), ("u_abrupt", "uniform")),
    "noise": (("z_commit", "normal"), ("z_time", "normal")),
    "attendance": (("u_attend", "uniform"),),
    "leaving": (("u_leave", "uniform"), ("u_route", "uniform")),
    "mentoring": (("u_mentor", "uniform"),),
    "coaching": (("u_coach", "uniform"), ("u_priority", "uniform")),
    "labour": (("u_job", "uniform"),),
    "support": (("z_mismatch", "normal"),),
    "stress": (("z_stress", "normal"),),
}


def resolve_seed(rng: Any) -> int:
    """Turn what Mesa and its tools pass as ``rng`` into an integer seed.

    Args:
        rng: An int, a numeric string (SolaraViz text inputs arrive as strings), a numpy
            Generator (an integer is drawn from it) or None (fresh entropy, recorded so
            the run can be repeated).

    Returns:
        A non-negative integer seed.

    Raises:
        ValueError: If ``rng`` cannot be read as a seed.
    """
    if rng is None:
        return int(np.random.SeedSequence().entropy % (2**63))
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(2**63))
    if isinstance(rng, str):
        rng = rng.strip()
        if not rng.lstrip("-").isdigit():
            raise ValueError(f"seed {rng!r} is not allowed; use a whole number >= 0")
        rng = int(rng)
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer) or rng < 0:
        raise ValueError(f"seed {rng!r} is not allowed; use a whole number >= 0")
    return int(rng)


class DropoutModel(mesa.Model):
    """Weekly student, mentor, school and outside-school dynamics of one cohort.

    Args:
        scenario_name: A scenario name from ``scenarios/``, a path to a TOML file, or a
            loaded :class:`~vsvsim.scenario.Scenario`.
        rng: Seed (int or numeric string), numpy Generator, or None for a fresh seed.
        record_weekly: Keep the weekly per-student table in memory.
        weekly_path: Stream the weekly per-student table to this Parquet file instead.
        **params: Any parameter of the parameter table; None keeps the scenario's value.

    Attributes:
        state: The student arrays (:class:`~vsvsim.state.StudentArrays`).
        p: The run's parameters as attributes.
        calendar: The school calendar; ``len(calendar)`` steps make a run.
        seed: The integer seed every random stream derives from.
    """

    def __init__(
        self,
        scenario_name: str | Path | Scenario = "baseline",
        rng: Any = None,
        record_weekly: bool = False,
        weekly_path: str | Path | None = None,
        **params: Any,
    ):
        scenario = load_scenario(scenario_name)
        overrides = {k: v for k, v in params.items() if v is not None}
        if overrides:
            scenario = scenario.with_params(where="model argument", **overrides)
        self.seed = resolve_seed(rng)
        super().__init__(rng=self.seed)
        self.scenario_spec = scenario
        self.params = dict(scenario.params)
        self.p = SimpleNamespace(**self.params)
        self.streams = Streams(self.seed)
        self.calendar = SchoolCalendar(self.p.start_year, self.p.years)
        self.week_index = 0
        self.week: Week = self.calendar[0]

        self.population = build_population(self.params, self.streams)
        self.state = self.population.state
        self.state.general_slow[:] = mech.general_state(self.state)
        self.friends = (self.population.friends_src, self.population.friends_dst)
        src, dst = self.friends
        self.friend_matrix = sparse.csr_array(
            (np.ones(src.size, dtype=np.float32), (src, dst)), shape=(self.state.n,) * 2
        )
        self.friend_degree = self.friend_matrix.sum(axis=1)
        n = self.state.n
        self.students = Student.create_agents(self, n, np.arange(n))
        pop = self.population
        self.mentors = Mentor.create_agents(self, pop.n_classes, np.arange(pop.n_classes))
        self.coaches = Mentor.create_agents(
            self, self.p.coaches, np.arange(self.p.coaches), "coach"
        )
        self.schools = School.create_agents(self, pop.n_schools, np.arange(pop.n_schools))
        self.contexts = OutsideSchool.create_agents(self, pop.n_contexts, np.arange(pop.n_contexts))

        self.mentoring = RegularMentoring()
        self.coaching = ProjectCoaching()
        self.interventions: list[Intervention] = [self.mentoring, self.coaching]
        for iv in self.interventions:
            iv.init(self)
        n_coaches = self.coaching.coaches.n
        self.coach_agents = Mentor.create_agents(self, n_coaches, np.arange(n_coaches), "coach")
        self.pipeline = self._build_pipeline()

        self.recorder = Recorder(self, path=weekly_path) if (record_weekly or weekly_path) else None
        self.datacollector = mesa.DataCollector(model_reporters=_model_reporters())

    @property
    def scenario_name(self) -> str:
        """Name of the scenario this model runs."""
        return self.scenario_spec.name

    def _build_pipeline(self) -> list[tuple[str, Any]]:
        pipeline = []
        for switch, fn in STEP_ORDER:
            if switch == "core":
                pipeline.append((fn.__name__, fn))
                continue
            on, off = mech.MECHANISMS[switch]
            if self.params[switch]:
                pipeline.append((switch, on))
            elif off is not None:
                pipeline.append((off.__name__, off))
        return pipeline

    def _draw_week(self) -> SimpleNamespace:
        """Every random number the week needs, for every row, from the named streams."""
        n = self.state.n
        out = {}
        for stream, draws in WEEKLY_DRAWS.items():
            gen = self.streams(stream)
            for name, kind in draws:
                if kind == "normal":
                    out[name] = gen.standard_normal(n, dtype=np.float32)
                else:
                    out[name] = gen.random(n, dtype=np.float32)
        return SimpleNamespace(**out)

    def step(self) -> None:
        """Advance one week.

        Order:
            1. Year opening (first week of a later school year): new intake, re-entry;
               a smaller re-entry moment at the start of semester 2.
            2. Draw the week's random numbers (all rows, named streams).
            3. School instruments: internship placement (semester 2), early-warning
               signal. Interventions: regular mentoring, then project coaching
               (turnover, trajectory ends, referral and assignment, contacts, actions).
            4. Fit discovery; events at school and outside, life events.
            5. Mechanisms and core updates in :data:`STEP_ORDER`: teacher control,
               outside pull and push, peers, need fulfilment, coach relationship,
               confidence, strain, delayed realisation, participation-identification
               spiral, gradual vs abrupt routes, integrate (commitment, time investment,
               wellbeing, attendance), leaving and after.
            6. Exits (gradual hazard, abrupt events); friends notice who left; follow-up
               of leavers (wellbeing 12 weeks and status 52 weeks after leaving).
            7. Year closing (last school week before summer): diplomas and progression.
            8. Clip states to their ranges; record the week.
        """
        week = self.calendar[self.week_index]
        self.week = week
        s = self.state
        if week.year_start and week.index > 0:
            self._open_year(week)
        elif week.iso_week == SEMESTER_2_START and week.school_week and self.p.midyear_reentry > 0:
            # Many programmes also take students in February (a smaller intake moment).
            self._reenter("reentry_midyear", self.p.midyear_reentry)
        self.draws = self._draw_week()
        enrolled = s.status == Status.ENROLLED
        out = (s.status == Status.SWITCHED) | (s.status == Status.LEFT)
        w = mech.WeekInputs(week, self.draws, enrolled, out, self.friend_matrix, self.friend_degree)
        d = mech.Drivers(s.n)

        school.internships(self, week)
        school.early_warning(self, week)
        s.contact[:] = False
        s.coach_minutes[:] = 0.0
        s.coach_action[:] = -1
        s.coach_goal[:] = -1
        for name in ("intended_aut", "intended_comp", "intended_rel"):
            s[name][:] = 0.0
        for iv in self.interventions:
            iv.step(self, week)
        hired = self.coaching.coaches.n if self.coaching.active else 0
        if hired > len(self.coach_agents):  # turnover brought new coaches: give them agents
            new = np.arange(len(self.coach_agents), hired)
            for agent in Mentor.create_agents(self, new.size, new, "coach"):
                self.coach_agents.add(agent)
        s.intended_support = (s.intended_aut + s.intended_comp + s.intended_rel) / 3.0

        for _, fn in self.pipeline:
            fn(s, self.p, w, d)
        left_now = mech.exits(s, self.p, w, d)
        mech.friends_who_left(s, w, left_now)
        self._follow_up(week)
        if week.year_end:
            self._close_year()
        s.clip()

        if self.recorder is not None:
            self.recorder.record(self, week)
        self.datacollector.collect(self)
        self.week_index += 1
        if self.week_index >= len(self.calendar):
            self.running = False
            if self.recorder is not None:
                self.recorder.close()

    def _follow_up(self, week: Week) -> None:
        """Record wellbeing 12 weeks and status 52 weeks after (first) leaving."""
        s = self.state
        since = week.index - s.left_week  # NaN for students who never left
        at12 = since == 12
        s.wellbeing_after[at12] = s.wellbeing[at12]
        at52 = since == 52
        back = (s.status == Status.ENROLLED) | (s.status == Status.DIPLOMA)
        s.status_after_year[at52] = np.where(back[at52], 2, s.after_status[at52])

    def _close_year(self) -> None:
        """Diplomas for final-year students who pass; others move up a year or repeat."""
        s = self.state
        u = self.streams("progression").random(s.n)
        enrolled = s.status == Status.ENROLLED
        passed = enrolled & (
            u < mech._sigmoid(10.0 * ((s.time_investment + s.confidence) / 2 - 0.4))
        )
        final = s.programme_year >= s.programme_length
        s.status[passed & final] = Status.DIPLOMA
        up = passed & ~final
        s.programme_year[up] += 1

    def _open_year(self, week: Week) -> None:
        """New intake; leavers and switchers who return start a new programme."""
        s = self.state
        intake = (s.status == Status.PENDING) & (s.entry_year == week.school_year)
        s.status[intake] = Status.ENROLLED
        s.entry_week[intake] = week.index
        self._reenter("reentry", 1.0)

    def _reenter(self, stream: str, factor: float) -> None:
        """Leavers and switchers who return start a new programme (chances times ``factor``).

        Only with mechanism 9 on (without it states are frozen after leaving).
        """
        s, p = self.state, self.p
        u = self.streams(stream).random(s.n)
        z = self.streams(stream).standard_normal(s.n)
        if not self.params["leaving_and_after"]:
            return
        support = 1.0 + p.coach_reentry_effect * s.bond * (s.coach >= 0)
        leaver_chance = factor * p.reentry_leaver * (0.5 + s.wellbeing) * support
        back = ((s.status == Status.LEFT) & (u < leaver_chance)) | (
            (s.status == Status.SWITCHED) & (u < factor * p.reentry_switcher)
        )
        s.status[back] = Status.ENROLLED
        s.reentered[back] = True
        s.after_status[back] = 2
        s.programme_year[back] = 1
        s.fit[back] = np.clip(p.programme_fit + 0.15 * z[back], 0, 1)
        s.fit_seen[back] = expected_fit(s.base_commitment[back], p.programme_fit)
        s.commitment[back] = s.base_commitment[back]
        s.time_investment[back] = 0.55
        s.confidence[back] = 0.55
        s.strain[back] = 0.0
        s.realised[back] = False
        s.absence[back] = 0.0
        for name in ("aut_school", "comp_school", "rel_school"):
            s[name][back] = 0.55
        s.commitment_slow[back] = s.commitment[back]
        s.confidence_slow[back] = s.confidence[back]
        s.general_slow[back] = mech.general_state(s, back)


def _enrolled(m: DropoutModel) -> np.ndarray:
    return m.state.status == Status.ENROLLED


def _mean_enrolled(name: str):
    def report(m: DropoutModel) -> float:
        e = _enrolled(m)
        return float(m.state[name][e].mean()) if e.any() else float("nan")

    return report


def _model_reporters() -> dict[str, Any]:
    """Cheap whole-cohort indicators collected every week (the DataCollector's table)."""

    def count(code: int):
        return lambda m: int((m.state.status == code).sum())

    def dropout_rate(m: DropoutModel) -> float:
        entered = m.state.status != Status.PENDING
        return float((m.state.first_exit[entered] > 0).mean()) if entered.any() else 0.0

    reporters: dict[str, Any] = {
        "week": lambda m: m.week.index,
        "enrolled": count(Status.ENROLLED),
        "switchers": count(Status.SWITCHED),
        "school_leavers": count(Status.LEFT),
        "diplomas": count(Status.DIPLOMA),
        "dropout_rate": dropout_rate,
    }
    for name in ("commitment", "time_investment", "confidence", "wellbeing"):
        reporters[f"mean_{name}"] = _mean_enrolled(name)
    return reporters


def _signature() -> inspect.Signature:
    """Keyword-only signature generated from the parameter table (for Mesa's tools)."""
    kw = inspect.Parameter.KEYWORD_ONLY
    head = [
        inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter("scenario_name", kw, default="baseline"),
        inspect.Parameter("rng", kw, default=None),
        inspect.Parameter("record_weekly", kw, default=False),
        inspect.Parameter("weekly_path", kw, default=None),
    ]
    tail = [inspect.Parameter(name, kw, default=None) for name in PARAMETERS]
    return inspect.Signature(head + tail)


DropoutModel.__init__.__signature__ = _signature()
