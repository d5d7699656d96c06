"""The representative point (vsvsim.analysis.choose): candidates, seeds, the choice."""

from __future__ import annotations

import numpy as np
import pandas as pd

from vsvsim.analysis.choose import CHOOSING_SEEDS, MEDIAN, REFERENCE, candidates, choose
from vsvsim.analysis.predictive import PREDICTIVE_SEED
from vsvsim.analysis.seeds import CHOOSE, FIT, GUARD
from vsvsim.analysis.targets import fit_targets
from vsvsim.posterior import Posterior

TARGETS = fit_targets()


def _posterior(values: list[float], weights: list[float]) -> Posterior:
    w = np.asarray(weights, dtype=float)
    return Posterior(pd.DataFrame({"a": values, "b": [2 * v for v in values]}), w / w.sum(), "t")


def _pilot() -> pd.DataFrame:
    return pd.DataFrame({"target": [t.id for t in TARGETS], "mc_sd": 0.01, "obs_sd": 0.02})


def _measure(best: float, seen: list):
    """A stand-in model: every target is off its reference by |a - best| scaled."""

    def fn(students, replications, seed, overrides, targets):
        seen.append((seed, replications, dict(overrides)))
        gap = abs(overrides["a"] - best)
        rows = [
            {"target": t.id, "replication": i,
             "value": (t.reference if np.isfinite(t.reference) else 0.0) + 0.05 * gap}
            for t in targets for i in range(replications)
        ]  # fmt: skip
        return pd.DataFrame(rows)

    return fn


def test_candidates_are_the_median_then_distinct_draws_by_weight():
    post = _posterior([0.1, 0.2, 0.3, 0.4], [0.1, 0.1, 0.7, 0.1])
    cands = candidates(post, 8, seed=1)
    assert cands["candidate"].iloc[0] == MEDIAN
    # The weighted median lies at the heavy draw, not at the unweighted middle (0.25).
    assert abs(cands["a"].iloc[0] - 0.3) < 0.05
    assert abs(cands["b"].iloc[0] - 0.6) < 0.1
    draws = cands.iloc[1:]
    assert draws["row"].is_unique  # repeats of one particle are scored once
    assert 2 in set(draws["row"])  # the heavy particle is always picked


def test_choose_picks_the_candidate_nearest_the_truth_on_the_choosing_seeds():
    post = _posterior([0.1, 0.2, 0.3, 0.4, 0.5], [1, 1, 1, 1, 1])
    cands = candidates(post, 5, seed=0)
    seen: list = []
    result = choose(cands, TARGETS, _pilot(), students=10, replications=3,
                    fixed={"x": 1}, measure_fn=_measure(0.4, seen))  # fmt: skip
    assert result.point["a"] == 0.4
    assert result.label == "draw 3"
    assert result.scores["distance"].is_monotonic_increasing
    assert result.scores["distance"].iloc[0] < result.scores["distance"].iloc[1]
    # Every candidate on the same seeds (common random numbers), with the fixed values.
    assert {s for s, _, _ in seen} == {CHOOSING_SEEDS.start}
    assert all(r == 3 and o["x"] == 1 for _, r, o in seen)
    assert len(seen) == len(cands)
    assert set(result.values["target"]) == {t.id for t in TARGETS}


def test_the_defaults_are_scored_beside_the_candidates_but_never_chosen():
    # The defaults sit at the truth, so they score best; the choice is still a draw.
    post = _posterior([0.1, 0.2, 0.3], [1, 1, 1])
    cands = candidates(post, 3, seed=0)
    seen: list = []
    result = choose(cands, TARGETS, _pilot(), students=10, replications=2,
                    measure_fn=_measure(0.45, seen), reference={"a": 0.45, "b": 0.9})  # fmt: skip
    scores = result.scores.set_index("candidate")
    assert result.scores["candidate"].iloc[0] == REFERENCE  # best by distance ...
    assert result.label != REFERENCE and result.point["a"] == 0.3  # ... yet not chosen
    assert scores.loc[REFERENCE, "row"] == -2
    assert scores.loc[REFERENCE, "distance"] < scores.loc[result.label, "distance"]
    assert len(seen) == len(cands) + 1  # on the same seeds as the candidates
    assert {s for s, _, _ in seen} == {CHOOSING_SEEDS.start}


def test_choosing_seeds_are_clear_of_the_checks_the_fit_and_the_guard():
    assert CHOOSING_SEEDS.start in CHOOSE and CHOOSING_SEEDS.stop <= CHOOSE.stop
    # the predictive checks start at CHOOSE.start and run far fewer than 50,000 seeds
    assert CHOOSING_SEEDS.start - PREDICTIVE_SEED >= 50_000
    for other in (FIT, GUARD):
        assert CHOOSING_SEEDS.stop <= other.start or other.stop <= CHOOSING_SEEDS.start
