"""Output tables of a run: students, summary (outcomes only), parameters, mentors.

- ``students``: one row per student who entered, with the two outcome definitions kept
  apart: ``outcome`` is the *first exit* (a re-entrant who later earns a diploma still
  counts as a switcher or school leaver there), ``final_status`` the status at the end of
  the run.
- ``summary``: one row of outcomes (rates, timing, re-entry, status a year on, coaching
  hours and cost); each module adds its own columns (:meth:`Module.outputs`).
- ``parameters``: the run's parameters as a long table (name, value, unit, source, module).
- ``mentors``: one row per project coach and per study-career mentor, each role with its
  own id.

docs/ODD.md ("Output") lists the columns.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from vsvsim.core.params import PARAMETERS
from vsvsim.core.state import Status
from vsvsim.interventions.school_exits import SCHOOL_EXITS
from vsvsim.mechanisms.life_domains import ABRUPT_TYPES
from vsvsim.population.age import year_fraction
from vsvsim.population.tracks import TRACKS
from vsvsim.registration.reasons import REASONS

if TYPE_CHECKING:
    from vsvsim.mesa_model import DropoutModel

__all__ = [
    "OUTCOMES",
    "mentors_table",
    "parameters_table",
    "students_table",
    "summary_frame",
    "summary_row",
    "summary_table",
]

OUTCOMES = ("stayer", "switcher", "school_leaver", "diploma")
COLOURS = ("green", "orange", "red")
ROUTES = ("none", "gradual", "abrupt")
COACHING = ("none", "preventive", "curative")


@functools.cache
def _dtype(names: tuple[str, ...]) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(list(names))


def _categorical(codes: np.ndarray, names: tuple[str, ...]) -> pd.Categorical:
    # Codes come from the model's own code tables, so pandas' range check is skipped.
    return pd.Categorical.from_codes(codes.astype(np.int8), dtype=_dtype(names), validate=False)


def _nullable(values: np.ndarray, valid: np.ndarray, dtype: str) -> pd.arrays.IntegerArray:
    """Integer column with missing values where ``valid`` is false."""
    return pd.arrays.IntegerArray(values.astype(dtype.lower()), ~valid)


def _is(column: pd.Series):
    """``is_(value)``: the numpy mask of rows where ``column`` equals ``value``."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        categories = list(column.cat.categories)
        return lambda value: (
            codes == categories.index(value) if value in categories else np.zeros(codes.size, bool)
        )
    values = column.to_numpy()
    return lambda value: values == value


def outcome_codes(model: DropoutModel) -> np.ndarray:
    """Outcome code per row (index into :data:`OUTCOMES`)."""
    s = model.state
    code = np.zeros(s.n, dtype=np.int8)
    code[s.status == Status.DIPLOMA] = 3
    code[s.first_exit == Status.SWITCHED] = 1
    code[s.first_exit == Status.LEFT] = 2
    return code


def students_table(model: DropoutModel) -> pd.DataFrame:
    """One row per student who entered during the run."""
    s = model.state
    rows = np.flatnonzero(s.status != Status.PENDING)
    left = s.left_week[rows]
    months = np.array([w.month for w in model.calendar.weeks], dtype=np.int8)
    # Age at (first) exit: the birth date against the exit week's Monday (NaN if none).
    dates = np.array([year_fraction(w.date) for w in model.calendar.weeks])
    exited = ~np.isnan(left)
    age_at_exit = np.where(exited, dates[np.nan_to_num(left).astype(int)] - s.birth[rows], np.nan)
    return pd.DataFrame(
        {
            "student_id": rows.astype(np.int32),
            "mbo_level": s.level[rows],
            "age_at_intake": s.intake_age[rows],
            "risk_colour": _categorical(s.colour[rows], COLOURS),
            "group": _categorical(s.at_risk[rows].astype(np.int8), ("comparison", "at_risk")),
            "school_id": s.school[rows],
            "programme_id": s.programme[rows],
            "true_colour": _categorical(s.true_colour[rows], COLOURS),
            "intake_colour": _categorical(s.intake_colour[rows], COLOURS),
            "mentor_id": s.mentor[rows],
            "coach_id": _nullable(s.last_coach[rows], s.last_coach[rows] >= 0, "Int32"),
            "entered_coaching": _categorical(s.entered_coaching[rows], COACHING),
            "context_id": s.context[rows],
            "entry_week": s.entry_week[rows],
            "coached": s.coached[rows],
            "weeks_coached": s.weeks_coached[rows],
            "coach_hours": s.project_minutes[rows] / np.float32(60.0),
            "outcome": _categorical(outcome_codes(model)[rows], OUTCOMES),
            "left_week": s.left_week[rows],
            "left_month": _nullable(
                months[np.nan_to_num(left).astype(int)], ~np.isnan(left), "Int8"
            ),
            "exit_route": _categorical(s.exit_route[rows], ROUTES),
            "abrupt_type": _categorical(s.abrupt_type[rows], ABRUPT_TYPES),
            "problems_at_entry": s.problems_at_entry[rows],
            "problems_peak": s.problems_peak[rows],
            "registered_reason": _categorical(s.registered_reason[rows], REASONS),
            "track": _categorical(s.track[rows], TRACKS),
            "school_exit": _categorical(s.school_exit[rows], SCHOOL_EXITS),
            "absence_at_exit": s.absence_at_exit[rows],
            "age_at_exit": age_at_exit.astype(np.float32),
            "reentered": s.reentered[rows],
            "status_after_year": pd.Categorical.from_codes(
                s.status_after_year[rows], ["neither", "work", "education"]
            ),
            "wellbeing_after": s.wellbeing_after[rows],
            "signalled": s.signalled[rows],
            "signal_week": s.signal_week[rows],
            "final_status": _categorical(s.status[rows], Status.NAMES),
            "vsv_year": _nullable(s.vsv_year[rows], s.vsv_year[rows] >= 0, "Int8"),
        }
    )


def summary_table(model: DropoutModel, students: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row of outcomes for the run: scenario, seed, rates, timing, re-entry, hours, cost.

    The parameters are in :func:`parameters_table`, not here.
    """
    return summary_frame(summary_row(model, students))


def summary_frame(row: dict[str, Any]) -> pd.DataFrame:
    """The summary table of one run from its :func:`summary_row`."""
    # A dict of one-element columns: the same frame as pd.DataFrame([row]), built faster.
    return pd.DataFrame({k: [v] for k, v in row.items()})


def summary_row(model: DropoutModel, students: pd.DataFrame | None = None) -> dict[str, Any]:
    """The summary's values as a dict, column name to value (see :func:`summary_table`).

    A sweep reads a run's outcomes from this dict directly: for a 2,000-student run,
    building the one-row frame and reading it back cost about as much as computing it.
    """
    st = students if students is not None else students_table(model)
    n = len(st)
    # Masks as numpy arrays (comparisons on the categorical codes): a run's summary is
    # computed thousands of times in a sweep, and pandas' per-call cost dominated it.
    outcome = _is(st["outcome"])
    dropped = outcome("switcher") | outcome("school_leaver")
    row: dict[str, Any] = {
        "scenario": model.scenario_name,
        "seed": model.seed,
        "weeks": len(model.calendar),
        "students_entered": n,
    }
    for name in OUTCOMES:
        row[f"{name}_rate"] = float(outcome(name).mean()) if n else np.nan
    row["dropout_rate"] = float(dropped.mean()) if n else np.nan
    group = _is(st["group"])
    for name in ("at_risk", "comparison"):
        sel = group(name)
        row[f"dropout_rate_{name}"] = float(dropped[sel].mean()) if sel.any() else np.nan
    level = st["mbo_level"].to_numpy()
    for k in (1, 2, 3, 4):
        sel = level == k
        row[f"dropout_rate_level_{k}"] = float(dropped[sel].mean()) if sel.any() else np.nan
    # The dropouts' columns as arrays (a boolean selection of the whole frame is slow).
    weeks = st["left_week"].to_numpy()[dropped]
    row["dropouts"] = int(dropped.sum())
    row["median_left_week"] = float(np.median(weeks)) if weeks.size else np.nan
    months = np.array([model.calendar[int(w)].month for w in weeks], dtype=int)
    row["left_semester_1_share"] = (
        float(np.isin(months, (8, 9, 10, 11, 12, 1)).mean()) if weeks.size else np.nan
    )
    n_left = weeks.size
    abrupt = _is(st["exit_route"])("abrupt")[dropped]
    row["abrupt_exit_share"] = float(abrupt.mean()) if n_left else np.nan
    absent = st["absence_at_exit"].to_numpy()[dropped] > 0.25
    row["absent_before_leaving_share"] = float(absent.mean()) if n_left else np.nan
    reentered = st["reentered"].to_numpy()[dropped]
    row["reentry_rate"] = float(reentered.mean()) if n_left else np.nan
    after_codes = st["status_after_year"].cat.codes.to_numpy()[dropped]
    after_names = list(st["status_after_year"].cat.categories)
    after = after_codes[after_codes >= 0]  # observed a year on (NaN is code -1)
    for status in ("education", "work", "neither"):
        row[f"status_after_year_{status}"] = (
            float((after == after_names.index(status)).mean()) if after.size else np.nan
        )
    row["status_after_year_observed"] = int(after.size)
    # Early school leavers in the national sense (left education, not switchers): REG's T6.
    sl_codes = after_codes[outcome("school_leaver")[dropped]]
    after_sl = sl_codes[sl_codes >= 0]
    for status in ("education", "work", "neither"):
        row[f"school_leavers_after_year_{status}"] = (
            float((after_sl == after_names.index(status)).mean()) if after_sl.size else np.nan
        )
    row["wellbeing_after_leaving"] = (
        float(st["wellbeing_after"][dropped].mean()) if n_left else np.nan
    )
    entered = _is(st["entered_coaching"])
    final = _is(st["final_status"])
    diploma, in_school = final("diploma"), final("enrolled")
    dropped_out = final("switcher") | final("school_leaver")
    for kind in ("preventive", "curative"):
        # KvJ's outcome of coached youngsters (T5): diploma, still in school, dropped out,
        # three states at the end of the project's run (KvJ's shares add up to 97%). A
        # student who left and came back is in school; one out of education is dropped out.
        sel = entered(kind)
        count = int(sel.sum())
        row[f"{kind}_entrants"] = count
        n_e = max(count, 1)
        row[f"{kind}_entrants_diploma"] = (diploma & sel).sum() / n_e if count else np.nan
        row[f"{kind}_entrants_in_school"] = (in_school & sel).sum() / n_e if count else np.nan
        row[f"{kind}_entrants_dropped_out"] = (dropped_out & sel).sum() / n_e if count else np.nan
    row.update(model.sim.outputs())
    return row


MENTOR_COLUMNS = (
    "mentor_uid",
    "role",
    "coach_id",
    "type",
    "programme",
    "experience",
    "caseload_cap",
    "caseload_per_week",
    "student_weeks",
    "max_caseload",
    "hours",
    "max_hours_week",
    "hours_budget",
    "students_served",
    "students_taken_over",
    "matches",
    "hired_week",
    "left_week",
    "turnover",
    "hours_cost",
    "start_cost",
    "coordination_hours",
    "checkin_hours",
    "coordination_cost",
    "cost",
)


def mentors_table(model: DropoutModel) -> pd.DataFrame:
    """One row per coach: project coaches, then the study-career mentors (one per class).

    Every role has its own id: ``mentor_uid`` is unique over the table (``coach-3``,
    ``mentor-12``); ``role`` is ``project_coach`` or ``study_mentor``; ``coach_id`` is the
    index within the role (the students table's ``coach_id`` and ``mentor_id``).

    Columns: mentor_uid, role, coach_id, type (professional, intern, volunteer,
    study_mentor), programme,
    experience, caseload cap, mean caseload per active week, student-weeks on the caseload
    (waiting and matching weeks included, aftercare not), largest caseload, hours,
    largest weekly hours, weekly hours budget, students served, students taken over from
    a coach who left, matches (the two together), hired and left week, turnover (none,
    year_end, quit), and the cost in parts: contact hours, the coach's start, the
    coordinator's hours (one-off hours per match plus, for volunteers, check-ins per
    student-week, ``checkin_hours``) and their cost, and the total ``cost`` (project
    coaches only; the study mentors' time is regular school work, not priced).
    """
    s = model.state
    frames = []
    if model.coaching.active:
        coaches = model.coaching.table(model)
        coaches.insert(0, "role", "project_coach")
        coaches.insert(0, "mentor_uid", [f"coach-{i}" for i in coaches["coach_id"]])
        frames.append(coaches)
    n = model.population.n_classes
    entered = s.status != Status.PENDING
    served = np.bincount(s.mentor[entered], minlength=n)
    frames.append(
        pd.DataFrame(
            {
                "mentor_uid": [f"mentor-{i}" for i in range(n)],
                "role": "study_mentor",
                "coach_id": np.arange(n, dtype=np.int32),
                "type": "study_mentor",
                "programme": "regular",
                "caseload_per_week": served.astype(float),
                "hours": model.mentoring.minutes / 60.0,
                "students_served": served,
                "hired_week": 0,
                "left_week": np.nan,
                "turnover": "none",
                "hours_budget": np.nan,
                "max_caseload": served,
            }
        )
    )
    table = pd.concat(frames, ignore_index=True).reindex(columns=MENTOR_COLUMNS)
    for col in ("role", "type", "programme", "turnover"):
        table[col] = table[col].astype(str).astype("category")
    return table


def parameters_table(model: DropoutModel) -> pd.DataFrame:
    """The run's parameters as a long table: name, value, unit, source, group, module."""
    rows = []
    for name, value in model.params.items():
        p = PARAMETERS.get(name)
        rows.append(
            {
                "name": name,
                "value": str(value).lower() if isinstance(value, bool) else str(value),
                "value_number": float(value) if isinstance(value, int | float) else np.nan,
                "unit": p.unit if p else "",
                "source": p.source if p else "",
                "group": p.group if p else "",
                "module": p.module if p else "",
            }
        )
    return pd.DataFrame(rows)
