"""The weekly per-student table, kept in memory or streamed to Parquet week by week.

National scale (500,000 students x 52 weeks) never sits in memory at once: with a path,
each week is written as a row group and the file is renamed into place only when the run
ends, so no half-written table is left behind. docs/ODD.md ("Output") lists the columns.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from vsvsim.core.state import Status
from vsvsim.interventions.coaching import ACTIONS, GOALS
from vsvsim.interventions.intensity import PHASES

__all__ = ["CATEGORIES", "WEEKLY_STATE_COLUMNS", "Recorder"]

#: State variables written as they are into the weekly table (0-1 scales, flags, counts).
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
    "problems",  # active life-domain problems (0 with the domains off)
)


def _weekly_columns(model, week) -> dict[str, np.ndarray]:
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
    # Intensity (vsvsim.interventions.intensity): contacts, second labels, phase.
    cols["coach_contacts"] = s.coach_contacts[rows]
    cols["coach_action2"] = s.coach_action2[rows] + np.int8(1)
    cols["coach_goal2"] = s.coach_goal2[rows] + np.int8(1)
    cols["coach_phase"] = s.coach_phase[rows]
    return cols


#: Columns written as categories (dictionary-encoded): name -> category names by code.
CATEGORIES = {
    "status": Status.NAMES,
    "coach_action": ("none", *ACTIONS),
    "coach_goal": ("none", *GOALS),
    "coach_action2": ("none", *ACTIONS),
    "coach_goal2": ("none", *GOALS),
    "coach_phase": PHASES,
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

    def __init__(self, model, path: str | Path | None = None):
        self.path = Path(path) if path is not None else None
        self._tmp = self.path.with_name(self.path.name + ".partial") if self.path else None
        self._writer: pq.ParquetWriter | None = None
        self._chunks: list[pa.Table] = []

    def record(self, model, week) -> None:
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
