"""Output tables: weekly per-student records, the students table and the run summary.

The weekly table can be kept in memory or streamed to Parquet week by week (national
scale: 500,000 students x 52 weeks never sit in memory at once). Column sets are declared
here once; docs/ODD.md ("Output") lists them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from vsvsim.coaching import ACTIONS, GOALS
from vsvsim.school import warning_report
from vsvsim.state import Status

if TYPE_CHECKING:
    from vsvsim.model import DropoutModel

__all__ = [
    "OUTCOMES",
    "WEEKLY_STATE_COLUMNS",
    "Recorder",
    "mentors_table",
    "students_table",
    "summary_table",
]

OUTCOMES = ("stayer", "switcher", "school_leaver", "diploma")
COLOURS = ("green", "orange", "red")
ROUTES = ("none", "gradual", "abrupt")
COACHING = ("none", "preventive", "curative")

#: State variables written as they are into the weekly table (0-1 scales).
WEEKLY_STATE_COLUMNS = (
    "commitment",
    "time_investment",
    "confidence",
    "wellbeing",
    "event_school",
    "event_outside",
    "coach_minutes",
    "bond",
    "openness",
    "intended_support",
    "experienced_support",
    "teacher_control",
    "stress",
    "strain",
    "absence",
    "instability",
    "attended",
    "contact",
    "life_event",
)


def _weekly_columns(model: DropoutModel, week) -> dict[str, np.ndarray]:
    s = model.state
    rows = np.flatnonzero(s.status != Status.PENDING)
    cols: dict[str, np.ndarray] = {
        "student_id": rows.astype(np.int32),
        "week": np.full(rows.size, week.index, dtype=np.int16),
        "school_year": np.full(rows.size, week.school_year, dtype=np.int8),
        "month": np.full(rows.size, week.month, dtype=np.int8),
        "enrolled": s.status[rows] == Status.ENROLLED,
        "status": s.status[rows],
    }
    for name in WEEKLY_STATE_COLUMNS[:4]:
        cols[name] = s[name][rows]
    # Need fulfilment per source: the mean of the three needs (as the diary's items).
    for source in ("school", "outside", "coach"):
        cols[f"need_{source}"] = (
            s[f"aut_{source}"][rows] + s[f"comp_{source}"][rows] + s[f"rel_{source}"][rows]
        ) / np.float32(3.0)
    for name in WEEKLY_STATE_COLUMNS[4:]:
        cols[name] = s[name][rows]
    # -1 (no action this week) becomes code 0, "none".
    cols["coach_action"] = s.coach_action[rows] + np.int8(1)
    cols["coach_goal"] = s.coach_goal[rows] + np.int8(1)
    return cols


#: Columns written as categories (dictionary-encoded): name -> category names by code.
CATEGORIES = {
    "status": Status.NAMES,
    "coach_action": ("none", *ACTIONS),
    "coach_goal": ("none", *GOALS),
}
_DICTS = {k: pa.array(v) for k, v in CATEGORIES.items()}


def _to_arrow(cols: dict[str, np.ndarray]) -> pa.Table:
    arrays = [
        pa.DictionaryArray.from_arrays(pa.array(v), _DICTS[k]) if k in _DICTS else pa.array(v)
        for k, v in cols.items()
    ]
    return pa.table(arrays, names=list(cols))


class Recorder:
    """Collects the weekly per-student table, in memory or streamed to a Parquet file.

    Args:
        model: The model (used for nothing but the schema's first week).
        path: Parquet file to stream to; None keeps the table in memory.
    """

    def __init__(self, model: DropoutModel, path: str | Path | None = None):
        self.path = Path(path) if path is not None else None
        self._tmp = self.path.with_name(self.path.name + ".partial") if self.path else None
        self._writer: pq.ParquetWriter | None = None
        self._chunks: list[pa.Table] = []

    def record(self, model: DropoutModel, week) -> None:
        """Record this week's row for every student who has entered."""
        table = _to_arrow(_weekly_columns(model, week))
        if self._tmp is None:
            self._chunks.append(table)
            return
        if self._writer is None:
            self._tmp.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(self._tmp, table.schema, compression="zstd")
        self._writer.write_table(table)

    def close(self) -> None:
        """Finish the file (renamed into place only now, so no half-written table)."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
            self._tmp.replace(self.path)

    def table(self) -> pd.DataFrame | None:
        """The in-memory table as a DataFrame (None when streaming to a file)."""
        if self._tmp is not None:
            return None
        if not self._chunks:
            return pd.DataFrame()
        return pa.concat_tables(self._chunks).to_pandas()


def _categorical(codes: np.ndarray, names: tuple[str, ...]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes.astype(np.int8), categories=list(names))


def _nullable(values: np.ndarray, valid: np.ndarray, dtype: str) -> pd.arrays.IntegerArray:
    """Integer column with missing values where ``valid`` is false."""
    return pd.arrays.IntegerArray(values.astype(dtype.lower()), ~valid)


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
    return pd.DataFrame(
        {
            "student_id": rows.astype(np.int32),
            "mbo_level": s.level[rows],
            "risk_colour": _categorical(s.colour[rows], COLOURS),
            "group": _categorical(s.at_risk[rows].astype(np.int8), ("comparison", "at_risk")),
            "school_id": s.school[rows],
            "programme_id": s.programme[rows],
            "true_colour": _categorical(s.true_colour[rows], COLOURS),
            "mentor_id": s.mentor[rows],
            "coach_id": _nullable(s.last_coach[rows], s.last_coach[rows] >= 0, "Int32"),
            "entered_coaching": _categorical(s.entered_coaching[rows], COACHING),
            "context_id": s.context[rows],
            "entry_week": s.entry_week[rows],
            "coached": s.coached[rows],
            "weeks_coached": s.weeks_coached[rows],
            "outcome": _categorical(outcome_codes(model)[rows], OUTCOMES),
            "left_week": s.left_week[rows],
            "left_month": _nullable(
                months[np.nan_to_num(left).astype(int)], ~np.isnan(left), "Int8"
            ),
            "exit_route": _categorical(s.exit_route[rows], ROUTES),
            "absence_at_exit": s.absence_at_exit[rows],
            "reentered": s.reentered[rows],
            "status_after_year": pd.Categorical.from_codes(
                s.status_after_year[rows], ["neither", "work", "education"]
            ),
            "wellbeing_after": s.wellbeing_after[rows],
            "signalled": s.signalled[rows],
            "signal_week": s.signal_week[rows],
            "final_status": _categorical(s.status[rows], Status.NAMES),
        }
    )


def summary_table(model: DropoutModel, students: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row for the run: scenario, seed, parameters, outcome rates, timing, coach hours."""
    st = students if students is not None else students_table(model)
    n = len(st)
    out = st["outcome"]
    dropped = out.isin(["switcher", "school_leaver"])
    row: dict[str, Any] = {
        "scenario": model.scenario_name,
        "seed": model.seed,
        "weeks": len(model.calendar),
        "students_entered": n,
    }
    row.update(model.params)
    for name in OUTCOMES:
        row[f"{name}_rate"] = float((out == name).mean()) if n else np.nan
    row["dropout_rate"] = float(dropped.mean()) if n else np.nan
    for group in ("at_risk", "comparison"):
        sel = st["group"] == group
        row[f"dropout_rate_{group}"] = float(dropped[sel].mean()) if sel.any() else np.nan
    for level in (1, 2, 3, 4):
        sel = st["mbo_level"] == level
        row[f"dropout_rate_level_{level}"] = float(dropped[sel].mean()) if sel.any() else np.nan
    left = st.loc[dropped]
    weeks = left["left_week"].to_numpy()
    row["dropouts"] = int(dropped.sum())
    row["median_left_week"] = float(np.median(weeks)) if weeks.size else np.nan
    months = np.array([model.calendar[int(w)].month for w in weeks], dtype=int)
    row["left_semester_1_share"] = (
        float(np.isin(months, (8, 9, 10, 11, 12, 1)).mean()) if weeks.size else np.nan
    )
    row["abrupt_exit_share"] = (
        float((left["exit_route"] == "abrupt").mean()) if len(left) else np.nan
    )
    row["absent_before_leaving_share"] = (
        float((left["absence_at_exit"] > 0.25).mean()) if len(left) else np.nan
    )
    row["reentry_rate"] = float(left["reentered"].mean()) if len(left) else np.nan
    after = left["status_after_year"].dropna()
    for status in ("education", "work", "neither"):
        row[f"status_after_year_{status}"] = (
            float((after == status).mean()) if len(after) else np.nan
        )
    row["status_after_year_observed"] = len(after)
    # Early school leavers in the national sense (left education, not switchers): REG's T6.
    after_sl = left.loc[left["outcome"] == "school_leaver", "status_after_year"].dropna()
    for status in ("education", "work", "neither"):
        row[f"school_leavers_after_year_{status}"] = (
            float((after_sl == status).mean()) if len(after_sl) else np.nan
        )
    row["wellbeing_after_leaving"] = float(left["wellbeing_after"].mean()) if len(left) else np.nan
    for kind in ("preventive", "curative"):
        entrants = st[st["entered_coaching"] == kind]
        row[f"{kind}_entrants"] = len(entrants)
        # KvJ's outcome of coached youngsters (T5): diploma, still in school, dropped out,
        # three states at the end of the project's run (KvJ's shares add up to 97%). A
        # student who left and came back is in school; one out of education is dropped out.
        dropped_out = entrants["final_status"].isin(["switcher", "school_leaver"])
        diploma = entrants["final_status"] == "diploma"
        in_school = entrants["final_status"] == "enrolled"
        n_e = max(len(entrants), 1)
        row[f"{kind}_entrants_diploma"] = diploma.sum() / n_e if len(entrants) else np.nan
        row[f"{kind}_entrants_in_school"] = in_school.sum() / n_e if len(entrants) else np.nan
        row[f"{kind}_entrants_dropped_out"] = dropped_out.sum() / n_e if len(entrants) else np.nan
    row.update(warning_report(model.state))
    row["absence_letters"] = model.mentoring.letters
    row["absence_conversations"] = model.mentoring.conversations
    row["mentor_hours"] = float(model.mentoring.minutes.sum() / 60.0)
    coaches = model.coaching.table(model) if model.coaching.active else None
    row["coaches_hired"] = 0 if coaches is None else len(coaches)
    row["coach_turnover"] = 0 if coaches is None else int((coaches["turnover"] != "none").sum())
    row["handovers"] = model.coaching.handovers if model.coaching.active else 0
    for pool in ("preventive", "curative"):
        sel = None if coaches is None else coaches[coaches["programme"] == pool]
        row[f"{pool}_coach_hours"] = 0.0 if sel is None else float(sel["hours"].sum())
        row[f"{pool}_coach_cost"] = 0.0 if sel is None else float(sel["cost"].sum())
    row["coach_hours"] = row["preventive_coach_hours"] + row["curative_coach_hours"]
    row["coach_cost"] = row["preventive_coach_cost"] + row["curative_coach_cost"]
    return pd.DataFrame([row])


MENTOR_COLUMNS = (
    "coach_id",
    "type",
    "programme",
    "experience",
    "caseload_cap",
    "caseload_per_week",
    "max_caseload",
    "hours",
    "max_hours_week",
    "hours_budget",
    "students_served",
    "hired_week",
    "left_week",
    "turnover",
    "cost",
)


def mentors_table(model: DropoutModel) -> pd.DataFrame:
    """One row per coach: project coaches, then the study-career mentors (one per class).

    Columns: coach_id, type (professional, intern, volunteer, study_mentor), programme,
    experience, caseload cap, mean caseload per active week, largest caseload, hours,
    largest weekly hours, weekly hours budget, students served, hired and left week,
    turnover (none, year_end, quit) and cost.
    """
    s = model.state
    frames = []
    if model.coaching.active:
        frames.append(model.coaching.table(model))
    n = model.population.n_classes
    entered = s.status != Status.PENDING
    served = np.bincount(s.mentor[entered], minlength=n)
    frames.append(
        pd.DataFrame(
            {
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
    for col in ("type", "programme", "turnover"):
        table[col] = table[col].astype(str).astype("category")
    return table
