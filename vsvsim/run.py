"""The pure run function every driver calls: CLI, app, batch tools, cluster workers.

``run`` takes only picklable inputs, keeps no module-level state and returns plain
DataFrames, so it can be shipped to another process as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from vsvsim.mesa_model import DropoutModel
from vsvsim.outputs.tables import mentors_table, parameters_table, students_table, summary_table
from vsvsim.scenario import Scenario, load_scenario

__all__ = ["Result", "run"]


@dataclass
class Result:
    """What one run produces.

    Attributes:
        scenario: The scenario as run (overrides applied).
        seed: The seed.
        students: One row per student (see :func:`vsvsim.outputs.tables.students_table`).
        summary: One row of outcomes (see :func:`vsvsim.outputs.tables.summary_table`).
        parameters: The run's parameters, one row each: name, value, unit, source.
        weekly: One row per student per week, when trajectories were asked for in memory.
        model_data: Whole-cohort weekly indicators (the Mesa DataCollector's table).
        mentors: One row per project coach and study-career mentor.
    """

    scenario: Scenario
    seed: int
    students: pd.DataFrame
    summary: pd.DataFrame
    parameters: pd.DataFrame
    weekly: pd.DataFrame | None
    model_data: pd.DataFrame
    mentors: pd.DataFrame


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
        summary=summary_table(model, table),
        parameters=parameters_table(model),
        weekly=model.recorder.table() if model.recorder is not None else None,
        model_data=model.datacollector.get_model_vars_dataframe(),
        mentors=mentors_table(model),
    )
