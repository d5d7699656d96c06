"""DropoutModel: the Mesa model, a thin adapter over :class:`vsvsim.core.sim.Simulation`.

The simulation owns the student arrays and steps the modules of :data:`vsvsim.week.WEEK`;
this class adds what Mesa users expect: agents as views onto rows (students, study-career
mentors, project coaches, schools, outside-school contexts), the DataCollector, the
optional weekly per-student table, and keyword arguments generated from the parameter
table (every parameter is a keyword, default ``None``: take the scenario's value), so
``mesa.batch_run`` and ``SolaraViz`` ``model_params`` work with the same names as the
scenario files.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import mesa
import numpy as np

from vsvsim.agents import Mentor, OutsideSchool, School, Student, refresh_student_properties
from vsvsim.core.params import PARAMETERS, defaults
from vsvsim.core.sim import Simulation
from vsvsim.outputs.indicators import INDICATORS, weekly_indicators
from vsvsim.outputs.recorder import Recorder
from vsvsim.scenario import Scenario, load_scenario
from vsvsim.week import WEEK, channels, step_order_table

__all__ = [
    "INDICATORS",
    "DropoutModel",
    "model_reporters",
    "refresh_signature",
    "resolve_seed",
    "weekly_indicators",
]


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
        check: Record range excursions before clipping (see :class:`Simulation`).
        **params: Any parameter of the parameter table; None keeps the scenario's value.

    Attributes:
        sim: The simulation (state arrays, modules, streams, calendar).
        state: The student arrays (:class:`~vsvsim.core.state.StudentArrays`).
        p: The run's parameters as attributes.
        calendar: The school calendar; ``len(calendar)`` steps make a run.
        seed: The integer seed every random stream derives from.
        students: One Student agent per row.
        mentors: One Mentor agent (kind ``"mentor"``) per class's study-career mentor.
        coach_agents: One Mentor agent (kind ``"coach"``) per project coach ever hired.
    """

    def __init__(
        self,
        scenario_name: str | Path | Scenario = "baseline",
        rng: Any = None,
        record_weekly: bool = False,
        weekly_path: str | Path | None = None,
        check: bool = False,
        **params: Any,
    ):
        scenario = load_scenario(scenario_name)
        overrides = {k: v for k, v in params.items() if v is not None}
        if overrides:
            scenario = scenario.with_params(where="model argument", **overrides)
        self.seed = resolve_seed(rng)
        super().__init__(rng=self.seed)
        self.scenario_spec = scenario
        # Modules registered after the scenario was loaded get their defaults.
        values = {**defaults(), **scenario.params}
        self.sim = Simulation(
            values, self.seed, WEEK, channels=channels(), scenario_name=scenario.name, check=check
        )
        n = self.state.n
        pop = self.sim.population
        self.students = Student.create_agents(self, n, np.arange(n))
        self.mentors = Mentor.create_agents(self, pop.n_classes, np.arange(pop.n_classes))
        self.coach_agents = Mentor.create_agents(self, 0, np.arange(0), "coach")
        self._add_coach_agents()
        self.schools = School.create_agents(self, pop.n_schools, np.arange(pop.n_schools))
        self.contexts = OutsideSchool.create_agents(self, pop.n_contexts, np.arange(pop.n_contexts))
        self.recorder = Recorder(self, path=weekly_path) if (record_weekly or weekly_path) else None
        self.datacollector = mesa.DataCollector(model_reporters=model_reporters())

    # --- views onto the simulation ------------------------------------------------------

    @property
    def state(self):
        """The student arrays."""
        return self.sim.state

    @property
    def params(self) -> dict[str, Any]:
        """The run's parameter values."""
        return self.sim.params

    @property
    def p(self):
        """The run's parameters as attributes."""
        return self.sim.p

    @property
    def calendar(self):
        """The school calendar."""
        return self.sim.calendar

    @property
    def week(self):
        """The current (last stepped) week."""
        return self.sim.week

    @property
    def week_index(self) -> int:
        """Weeks stepped so far."""
        return self.sim.week_index

    @property
    def streams(self):
        """The run's named random streams."""
        return self.sim.streams

    @property
    def population(self):
        """The built population (schools, classes, contexts, friendships)."""
        return self.sim.population

    @property
    def friends(self):
        """Friendship edges (sources, targets)."""
        return self.sim.friends

    @property
    def mentoring(self):
        """The regular-mentoring module."""
        return self.sim.module("regular_mentoring")

    @property
    def coaching(self):
        """The project-coaching module."""
        return self.sim.module("project_coaching")

    @property
    def scenario_name(self) -> str:
        """Name of the scenario this model runs."""
        return self.scenario_spec.name

    # --- stepping -----------------------------------------------------------------------

    def _add_coach_agents(self) -> None:
        """One Mentor agent for every project coach hired so far (turnover hires more)."""
        coaching = self.coaching
        hired = coaching.coaches.n if coaching is not None else 0
        have = len(self.coach_agents)
        if hired > have:
            new = np.arange(have, hired)
            for agent in Mentor.create_agents(self, new.size, new, "coach"):
                self.coach_agents.add(agent)

    def step(self) -> None:
        """Advance one week: the modules of :data:`vsvsim.week.WEEK` in order.

        Order:
        """
        self.sim.step()
        self._add_coach_agents()
        if self.recorder is not None:
            self.recorder.record(self, self.sim.week)
        self.datacollector.collect(self)
        if not self.sim.running:
            self.running = False
            self.sim.finalize()
            if self.recorder is not None:
                self.recorder.close()


def model_reporters() -> dict[str, Any]:
    """Cheap whole-cohort indicators collected every week (the DataCollector's table).

    Each reporter reads its column from :func:`weekly_indicators`, computed once a week.
    """

    def reporter(k: int):
        def report(m: DropoutModel) -> Any:
            cached = getattr(m, "_indicators", None)
            if cached is None or cached[0] != m.week_index:
                cached = (m.week_index, weekly_indicators(m.state, m.week))
                m._indicators = cached
            return cached[1][k]

        return report

    return {name: reporter(k) for k, name in enumerate(INDICATORS)}


def _signature() -> inspect.Signature:
    """Keyword-only signature generated from the parameter table (for Mesa's tools)."""
    kw = inspect.Parameter.KEYWORD_ONLY
    head = [
        inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter("scenario_name", kw, default="baseline"),
        inspect.Parameter("rng", kw, default=None),
        inspect.Parameter("record_weekly", kw, default=False),
        inspect.Parameter("weekly_path", kw, default=None),
        inspect.Parameter("check", kw, default=False),
    ]
    tail = [inspect.Parameter(name, kw, default=None) for name in PARAMETERS]
    return inspect.Signature(head + tail)


def refresh_signature() -> None:
    """Regenerate the keyword signature, the step docstring and the Student properties."""
    refresh_student_properties()
    DropoutModel.__init__.__signature__ = _signature()
    doc = DropoutModel.step.__doc__.split("Order")[0]
    table = "\n".join("            " + line for line in step_order_table().splitlines())
    DropoutModel.step.__doc__ = doc + "Order (generated from vsvsim.week.WEEK):\n\n" + table + "\n"


refresh_signature()
