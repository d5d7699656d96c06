"""The output tables' public names (the code is in :mod:`vsvsim.outputs`)."""

from vsvsim.outputs.recorder import CATEGORIES, WEEKLY_STATE_COLUMNS, Recorder
from vsvsim.outputs.tables import (
    OUTCOMES,
    mentors_table,
    outcome_codes,
    parameters_table,
    students_table,
    summary_table,
)

__all__ = [
    "CATEGORIES",
    "OUTCOMES",
    "WEEKLY_STATE_COLUMNS",
    "Recorder",
    "mentors_table",
    "outcome_codes",
    "parameters_table",
    "students_table",
    "summary_table",
]
