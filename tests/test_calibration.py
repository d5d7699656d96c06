"""Guard: the default parameters keep the calibration targets T1-T7 within their bands.

Runs every target scenario with the committed defaults (seeded, 3000 students, two
replications) and checks each target's mean against its band. Targets the model does not
yet reproduce are listed in KNOWN_GAPS with the reason; they are strict expected failures,
so the day one starts to pass the suite says so and the entry must go.
"""

from __future__ import annotations

import pytest

from vsvsim.targets import TARGETS, measure, score

#: Targets the current model misses, and why (see docs/calibration.md).
KNOWN_GAPS: dict[str, str] = {
    "T1a": "coached at-risk stop rate about 7% vs 8-20%: fit trades it against T4 and FS1",
    "T1b": "coached at-risk school leavers about 3% vs 4-13%: as T1a",
    "T2a": "structural: eventual dropouts start below at-risk stayers in Dec-Feb; most "
    "dropouts follow the gradual spiral, too few follow delayed realisation",
    "T2b": "structural: as T2a, for confidence",
    "T3a": "school leavers' wellbeing flat (not falling) in the 8 weeks before leaving",
    "T4b": "level-2 dropout about 5% vs 6-13%",
    "T5b": "curative entrants back in education about 24% vs 35-70%",
    "T6c": "back in education a year after leaving about 9% vs 14-34%",
    "FS1": "leavers absent a lot before leaving 54% vs 55-85% (on the edge)",
}


@pytest.fixture(scope="module")
def table():
    return score(measure(students=3000, replications=2, seed=0)).set_index("target")


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
