"""Guard: the default parameters keep the calibration targets T1-T7 within their bands.

Runs every target scenario with the committed defaults (seeded, 3000 students, sixteen
replications) and checks each target's mean against its band. The seeds (from
:data:`GUARD_SEED`) are neither those the fit's waves scored points on (0, 1, ...) nor
those of its final check (100, ...), so the guard is an out-of-sample check of the fit,
not a restatement of it. Targets the model does not reproduce would be listed in
KNOWN_GAPS with the reason, as strict expected failures, so the day one starts to pass
the suite says so and the entry must go.
"""

from __future__ import annotations

import pytest

from vsvsim.analysis.targets import TARGETS, measure, score

#: The guard runs every target scenario 16 times: part of the full suite, not the quick one.
pytestmark = pytest.mark.slow

#: First seed of the guard's replications (out of sample for experiments/calibrate.py).
GUARD_SEED = 300
GUARD_REPLICATIONS = 16

#: Targets the current model misses, and why (see docs/calibration.md).
KNOWN_GAPS: dict[str, str] = {}


@pytest.fixture(scope="module")
def table():
    values = measure(students=3000, replications=GUARD_REPLICATIONS, seed=GUARD_SEED)
    return score(values).set_index("target")


@pytest.mark.parametrize(
    "target",
    [
        pytest.param(t.id, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[t.id]))
        if t.id in KNOWN_GAPS
        else t.id
        for t in TARGETS
    ],
)
def test_target_within_band(table, target):
    row = table.loc[target]
    assert row["low"] <= row["model"] <= row["high"], (
        f"{target} ({row['description']}): model {row['model']:.3f} outside "
        f"[{row['low']}, {row['high']}]"
    )


def test_every_target_is_scored(table):
    assert list(table.index) == [t.id for t in TARGETS]
    assert table["model"].notna().all()
