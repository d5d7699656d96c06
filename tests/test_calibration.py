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

from vsvsim.targets import TARGETS, measure, score

#: First seed of the guard's replications (out of sample for experiments/calibrate.py).
GUARD_SEED = 300
GUARD_REPLICATIONS = 16

#: Targets the current model misses, and why (see docs/calibration.md).
KNOWN_GAPS: dict[str, str] = {
    "T2f": "eventual dropouts invest a little less time than at-risk stayers in Dec-Feb "
    "(-0.03), not more: they carry more outside stress (+0.02) and their school needs are "
    "already less fulfilled (-0.03; the misfit shows partly in the first semester)",
    "T2g": "eventual dropouts' wellbeing a little below at-risk stayers' in Dec-Feb (-0.026), "
    "not above: as T2f",
    "T2i": "wellbeing Apr-Jul: eventual dropouts 0.051 below stayers, just past the band "
    "(about equal, +-0.05)",
    "T3a": "school leavers' wellbeing about level (-0.000) in the 8 weeks before leaving "
    "(band: a decline of at least 0.005); it falls after leaving (T3b)",
    "T6b": "working a year after leaving 46.2%, on the band's upper edge (26-46%)",
}


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
