"""The pure run function every driver calls: CLI, app, batch tools, cluster workers.

``run`` takes only picklable inputs, keeps no module-level state and returns plain
DataFrames, so it can be shipped to another process as it is.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from vsvsim.core.batch import Batch, structure_key
from vsvsim.core.params import defaults
from vsvsim.outputs.indicators import INDICATORS, weekly_indicators
from vsvsim.outputs.recorder import Recorder
from vsvsim.outputs.tables import (
    mentors_table,
    parameters_table,
    students_table,
    summary_frame,
    summary_row,
)
from vsvsim.scenario import Scenario, load_scenario
from vsvsim.week import WEEK, channels

__all__ = ["TABLES", "Result", "run", "run_batch"]


@dataclass
class Result:
    """What one run produces.

    Attributes:
        scenario: The scenario as run (overrides applied).
        seed: The seed.
        students: One row per student (see :func:`vsvsim.outputs.tables.students_table`).
        summary_row: The summary's values as a dict (column name to value), or None.
        summary: One row of outcomes (see :func:`vsvsim.outputs.tables.summary_table`),
            built from ``summary_row`` when first read.
        parameters: The run's parameters, one row each: name, value, unit, source.
        weekly: One row per student per week, when trajectories were asked for in memory.
        model_data: Whole-cohort weekly indicators (the Mesa DataCollector's table).
        mentors: One row per project coach and study-career mentor.

    :func:`run` fills every table; :func:`run_batch` those asked for (None otherwise).
    """

    scenario: Scenario
    seed: int
    students: pd.DataFrame
    summary_row: dict[str, Any] | None
    parameters: pd.DataFrame | None
    weekly: pd.DataFrame | None
    model_data: pd.DataFrame | None
    mentors: pd.DataFrame | None
    _summary: pd.DataFrame | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def summary(self) -> pd.DataFrame | None:
        """One row of outcomes (None when the run's summary was not asked for)."""
        # Built on first use: a sweep reads summary_row and never needs the frame.
        if self._summary is None and self.summary_row is not None:
            self._summary = summary_frame(self.summary_row)
        return self._summary


def run(
    scenario: str | Path | Scenario = "baseline",
    *,
    students: int | None = None,
    seed: int = 0,
    trajectories: bool = False,
    overrides: dict[str, Any] | None = None,
    weekly_path: str | Path | None = None,
) -> Result:
    """Run one scenario to the end and return its tables.

    Args:
        scenario: Scenario name, path to a TOML file, or a loaded Scenario.
        students: Initial cohort size (overrides the scenario's ``students``).
        seed: Seed of every random stream; the same seed gives the same tables.
        trajectories: Also return the weekly per-student table (in memory).
        overrides: Further parameter values, validated like a scenario file.
        weekly_path: Stream the weekly table to this Parquet file instead of memory.

    Returns:
        The run's :class:`Result`.

    Raises:
        vsvsim.scenario.ScenarioError: On invalid scenario input (before anything runs).
    """
    spec = load_scenario(scenario)
    changes = dict(overrides or {})
    if students is not None:
        changes["students"] = students
    if changes:
        spec = spec.with_params(where="run argument", **changes)
    # Mesa is imported here, not at the top: the batch path (run_batch, the sweeps) does
    # not need it, and importing it costs a sweep worker about a second.
    from vsvsim.mesa_model import DropoutModel

    model = DropoutModel(
        scenario_name=spec,
        rng=seed,
        record_weekly=trajectories and weekly_path is None,
        weekly_path=weekly_path,
    )
    while model.running:
        model.step()
    table = students_table(model)
    return Result(
        scenario=spec,
        seed=model.seed,
        students=table,
        summary_row=summary_row(model, table),
        parameters=parameters_table(model),
        weekly=model.recorder.table() if model.recorder is not None else None,
        model_data=model.datacollector.get_model_vars_dataframe(),
        mentors=mentors_table(model),
    )


#: The tables a run returns (the fields of :class:`Result` that hold a table); the
#: weekly per-student table (``"weekly"``) only when asked for.
TABLES = ("students", "summary", "parameters", "model_data", "mentors")


class _MemberModel:
    """What the output tables read of a model, for one member of a batch (no Mesa agents)."""

    def __init__(self, sim, spec: Scenario):
        self.sim = sim
        self.scenario_spec = spec
        self.scenario_name = spec.name
        self.seed = sim.seed
        self.indicators: list[tuple] = []
        self.recorder: Recorder | None = None

    state = property(lambda self: self.sim.state)
    params = property(lambda self: self.sim.params)
    p = property(lambda self: self.sim.p)
    calendar = property(lambda self: self.sim.calendar)
    week = property(lambda self: self.sim.week)
    week_index = property(lambda self: self.sim.week_index)
    streams = property(lambda self: self.sim.streams)
    population = property(lambda self: self.sim.population)
    friends = property(lambda self: self.sim.friends)
    mentoring = property(lambda self: self.sim.module("regular_mentoring"))
    coaching = property(lambda self: self.sim.module("project_coaching"))

    def collect(self) -> None:
        """This week's whole-cohort indicators (what DropoutModel's DataCollector records)."""
        self.indicators.append(weekly_indicators(self.sim.state, self.sim.week))

    def _model_data(self) -> pd.DataFrame:
        # The frame Mesa's DataCollector.get_model_vars_dataframe builds: a dict of lists.
        columns = list(zip(*self.indicators, strict=True)) or [()] * len(INDICATORS)
        return pd.DataFrame(
            {name: list(col) for name, col in zip(INDICATORS, columns, strict=True)}
        )

    def result(self, tables: frozenset[str]) -> Result:
        students = students_table(self)
        return Result(
            scenario=self.scenario_spec,
            seed=self.seed,
            students=students,
            summary_row=summary_row(self, students) if "summary" in tables else None,
            parameters=parameters_table(self) if "parameters" in tables else None,
            weekly=self.recorder.table() if self.recorder is not None else None,
            model_data=self._model_data() if "model_data" in tables else None,
            mentors=mentors_table(self) if "mentors" in tables else None,
        )


def run_batch(
    scenario: str | Path | Scenario = "baseline",
    *,
    seeds: Sequence[int],
    params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    students: int | None = None,
    tables: Collection[str] = TABLES,
    max_rows: int = 400_000,
) -> list[Result]:
    """Run several replications and parameter points as batches of stacked rows.

    Member ``i`` has seed ``seeds[i]`` and the overrides ``params[i]`` (one dict for all
    members, or none). Members that agree on every non-float parameter (switches,
    integers such as the cohort size, choices) are stepped together as one population of
    stacked rows (:class:`vsvsim.core.batch.Batch`): row-wise mechanisms once for all, with
    a differing float parameter as one value per row; capacity-bound modules (coaching,
    mentoring, ...) once per member on its rows. Each member's tables are identical to
    ``run(scenario, seed=seeds[i], overrides=params[i], students=students)``.

    Args:
        scenario: Scenario name, path to a TOML file, or a loaded Scenario.
        seeds: One seed per member.
        params: Overrides: one dict per member, or one dict for all, or None.
        students: Initial cohort size for every member (overrides the scenario's).
        tables: The tables to build (of :data:`TABLES`, plus ``"weekly"`` for the weekly
            per-student table in memory, as ``run(trajectories=True)``; the students
            table is always built). A sweep that keeps summaries only skips the others
            and the weekly indicators; the fields of tables not asked for are None.
        max_rows: Largest number of rows stepped as one batch (a group larger than this
            is split, to bound memory).

    Returns:
        One :class:`Result` per member, in the order of ``seeds``.

    Raises:
        vsvsim.scenario.ScenarioError: On invalid input (before anything runs).
        ValueError: If ``params`` is a list of another length than ``seeds``, or a table
            is not one of :data:`TABLES`.
    """
    unknown = set(tables) - {*TABLES, "weekly"}
    if unknown:
        raise ValueError(
            f"run_batch: tables {sorted(unknown)} are not allowed; "
            f"use some of {[*TABLES, 'weekly']}"
        )
    seeds = [int(s) for s in seeds]
    if params is None or isinstance(params, Mapping):
        per_member = [dict(params or {}) for _ in seeds]
    else:
        per_member = [dict(p) for p in params]
        if len(per_member) != len(seeds):
            raise ValueError(
                f"run_batch: {len(per_member)} parameter dicts for {len(seeds)} seeds; "
                "give one dict per seed, or one dict for all"
            )
    base = load_scenario(scenario)
    specs = []
    for changes in per_member:
        if students is not None:
            changes["students"] = students
        specs.append(base.with_params(where="run_batch argument", **changes) if changes else base)
    values = [{**defaults(), **spec.params} for spec in specs]
    groups: dict[tuple, list[int]] = {}
    for i, v in enumerate(values):
        groups.setdefault(structure_key(v), []).append(i)
    results: list[Result | None] = [None] * len(seeds)
    wanted = frozenset(tables)
    for members in groups.values():
        per_batch = max(1, max_rows // max(1, values[members[0]]["students"]))
        for start in range(0, len(members), per_batch):
            chunk = members[start : start + per_batch]
            done = _run_one_batch(chunk, specs, values, seeds, wanted)
            for i, result in zip(chunk, done, strict=True):
                results[i] = result
    return results  # type: ignore[return-value]


def _run_one_batch(chunk, specs, values, seeds, tables: frozenset[str]) -> list[Result]:
    batch = Batch(
        [(values[i], seeds[i]) for i in chunk],
        WEEK,
        channels=channels(),
        scenario_name=specs[chunk[0]].name,
    )
    collect = "model_data" in tables
    views = [_MemberModel(sim, specs[i]) for sim, i in zip(batch.members, chunk, strict=True)]
    if "weekly" in tables:
        for view in views:
            view.recorder = Recorder(view)
    while batch.running:
        batch.step()
        for view in views:
            if view.recorder is not None:
                view.recorder.record(view, view.week)
            if collect:
                view.collect()
    batch.finalize()
    return [view.result(tables) for view in views]
