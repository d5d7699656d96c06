"""Regression baseline: the outcomes of every packaged scenario at fixed seeds.

A refactoring must not change what the model does without saying so. This module runs
every scenario in ``scenarios/`` at fixed seeds and a small cohort, and keeps the summary
outcomes plus a digest of each students table in ``tests/data/regression_baseline.json``.
``tests/test_regression.py`` reruns them and compares; a deliberate change of behaviour
is recorded with ``vsvsim regression --update`` and explained in its commit message.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["BASELINE_PATH", "SEEDS", "STUDENTS", "compare", "compute", "write"]

BASELINE_PATH = (
    Path(__file__).resolve().parent.parent / "tests" / "data" / "regression_baseline.json"
)
#: Seeds and cohort size of the baseline runs (small, so the check is quick).
SEEDS = (0, 1)
STUDENTS = 800
#: Students-table columns whose exact values are digested (who left, when, how, and where
#: they ended up).
DIGEST_COLUMNS = (
    "student_id",
    "outcome",
    "left_week",
    "exit_route",
    "final_status",
    "coach_id",
    "weeks_coached",
)


def _digest(students: pd.DataFrame) -> str:
    cols = [c for c in DIGEST_COLUMNS if c in students.columns]
    text = students[cols].astype(str).to_csv(index=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _outcomes(result) -> dict[str, float]:
    """Numeric outcome columns of a run's summary (parameters excluded)."""
    from vsvsim.params import PARAMETERS

    row = result.summary.iloc[0]
    out = {}
    for key, value in row.items():
        if key in PARAMETERS or key in ("scenario", "seed"):
            continue
        if isinstance(value, bool | np.bool_ | int | float | np.integer | np.floating):
            out[key] = float(value)
    return out


def compute() -> dict[str, Any]:
    """Run every packaged scenario at :data:`SEEDS` and return the baseline record."""
    from vsvsim.run import run
    from vsvsim.scenario import available

    runs: dict[str, Any] = {}
    for name in available():
        for seed in SEEDS:
            result = run(name, students=STUDENTS, seed=seed)
            runs[f"{name}/{seed}"] = {
                "outcomes": _outcomes(result),
                "students_digest": _digest(result.students),
            }
    return {"students": STUDENTS, "seeds": list(SEEDS), "runs": runs}


def write(path: Path = BASELINE_PATH) -> Path:
    """Recompute the baseline and write it to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(compute(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def _close(a: float, b: float, rel: float) -> bool:
    if math.isnan(a) and math.isnan(b):
        return True
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def compare(current: dict[str, Any], baseline: dict[str, Any], rel: float = 1e-9) -> list[str]:
    """Differences between two baseline records, one line each (empty when they agree).

    Outcomes the current run has and the baseline lacks (a new output) are not
    differences; outcomes that disappeared are.
    """
    diffs = []
    for key, old in baseline["runs"].items():
        new = current["runs"].get(key)
        if new is None:
            diffs.append(f"{key}: run missing")
            continue
        for name, value in old["outcomes"].items():
            if name not in new["outcomes"]:
                diffs.append(f"{key}: outcome {name} missing")
            elif not _close(new["outcomes"][name], value, rel):
                diffs.append(f"{key}: {name} {value!r} -> {new['outcomes'][name]!r}")
        if new["students_digest"] != old["students_digest"]:
            diffs.append(f"{key}: students table changed")
    return diffs
