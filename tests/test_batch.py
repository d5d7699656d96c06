"""A batch's members are identical to separate runs (seeds, parameter points, switches)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import vsvsim
from vsvsim.core.batch import Batch, structure_key
from vsvsim.core.params import LEVEL_SHARES, PARAMETERS, defaults
from vsvsim.core.sim import Simulation
from vsvsim.scenario import load_scenario
from vsvsim.week import WEEK, channels

TABLES = ("students", "summary", "parameters", "model_data", "mentors")
#: Floats tied by a consistency check (shares that must add up) are left at their values.
TIED = {*LEVEL_SHARES, "share_orange", "share_red"}


def perturbed(seed: int) -> dict[str, float]:
    """Every free float parameter moved by up to 20 % (within its range)."""
    rng = np.random.default_rng(seed)
    out = {}
    for name, p in PARAMETERS.items():
        if p.kind is not float or name in TIED:
            continue
        if p.default:
            a, b = sorted((p.default * 0.8, p.default * 1.2))
            low, high = max(p.low, a), min(p.high, b)
        else:
            low, high = p.low, p.low + 0.1 * (p.high - p.low)
        out[name] = float(rng.uniform(low, high))
    return out


def assert_same(a: vsvsim.Result, b: vsvsim.Result) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)


@pytest.mark.slow  # the quick subset keeps a lighter test of the same part
def test_members_equal_separate_runs_across_seeds_points_and_switches():
    seeds = [3, 4, 3, 5, 6, 7]
    params = [
        {"qualification_duty": True, "labour_market_pull": 0.6},
        {},
        perturbed(1),  # every float parameter differs between members
        perturbed(2),
        {"peer_influence": False},  # a switch: stepped in a batch of its own
        {"confidence_loop": False, "labour_market_pull": 0.7},
    ]
    results = vsvsim.run_batch("integrated", seeds=seeds, params=params, students=300)
    for seed, overrides, result in zip(seeds, params, results, strict=True):
        alone = vsvsim.run("integrated", seed=seed, overrides=overrides, students=300)
        assert_same(alone, result)
    # The members really differ (a batch that ran one member five times would pass above
    # only if the separate runs did too).
    rates = [r.summary["dropout_rate"].iloc[0] for r in results]
    assert len(set(rates)) > 2


def test_one_dict_for_all_members_and_the_split_by_max_rows():
    seeds = [0, 1, 2]
    big = vsvsim.run_batch(
        "baseline", seeds=seeds, params={"labour_market_pull": 0.4}, students=200
    )
    small = vsvsim.run_batch(
        "baseline", seeds=seeds, params={"labour_market_pull": 0.4}, students=200, max_rows=400
    )
    for a, b in zip(big, small, strict=True):
        assert_same(a, b)


def test_structure_key_separates_what_must_agree():
    base = defaults()
    assert structure_key(base) == structure_key({**base, "labour_market_pull": 0.9})
    assert structure_key(base) != structure_key({**base, "peer_influence": False})
    assert structure_key(base) != structure_key({**base, "students": 17})
    with pytest.raises(ValueError, match="non-float"):
        Batch([(base, 0), ({**base, "peer_influence": False}, 1)], WEEK, channels=channels())


def test_bad_input_is_refused_before_anything_runs():
    with pytest.raises(ValueError, match="one dict per seed"):
        vsvsim.run_batch("baseline", seeds=[0, 1], params=[{}])
    with pytest.raises(vsvsim.ScenarioError, match="labour_market_pull"):
        vsvsim.run_batch("baseline", seeds=[0], params=[{"labour_market_pull": 7.0}])


def test_check_mode_records_the_same_excursions_per_member():
    values = {**defaults(), **load_scenario("integrated").params, "students": 200}
    batch = Batch([(values, 1), (values, 2)], WEEK, channels=channels(), check=True)
    for _ in range(8):
        batch.step()
    for k, seed in enumerate((1, 2)):
        alone = Simulation(values, seed, WEEK, channels=channels(), check=True)
        for _ in range(8):
            alone.step()
        assert batch.members[k].excursions == alone.excursions
        assert batch.members[k].clipped == alone.clipped


def test_tables_on_request():
    (full,) = vsvsim.run_batch("baseline", seeds=[2], students=200)
    (lean,) = vsvsim.run_batch("baseline", seeds=[2], students=200, tables=("summary",))
    pd.testing.assert_frame_equal(full.summary, lean.summary)
    pd.testing.assert_frame_equal(full.students, lean.students)
    assert lean.model_data is None and lean.mentors is None and lean.parameters is None
    with pytest.raises(ValueError, match="weekly"):
        vsvsim.run_batch("baseline", seeds=[2], tables=("daily",))


def test_weekly_table_equals_a_trajectories_run():
    seeds, params = [4, 5], [{}, {"peer_influence_strength": 0.5}]
    results = vsvsim.run_batch(
        "preventive_screening", seeds=seeds, params=params, students=200, tables=("weekly",)
    )
    for seed, overrides, result in zip(seeds, params, results, strict=True):
        alone = vsvsim.run(
            "preventive_screening", seed=seed, overrides=overrides, students=200, trajectories=True
        )
        pd.testing.assert_frame_equal(alone.weekly, result.weekly)
