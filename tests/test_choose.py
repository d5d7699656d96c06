"""The representative point (vsvsim.analysis.choose): candidates, seeds, the choice."""

from __future__ import annotations

import numpy as np
import pandas as pd

from vsvsim.analysis.choose import (
    CHOOSING_SEEDS,
    CONFIRMING_SEEDS,
    MEDIAN,
    REFERENCE,
    candidates,
    choose,
    depth,
)
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


def _cloud(n: int = 400, seed: int = 3) -> Posterior:
    """Two correlated parameters: b follows a closely, so (a high, b low) is off the cloud."""
    rng = np.random.default_rng(seed)
    a = rng.normal(0.3, 0.05, n)
    b = 2 * a + rng.normal(0, 0.01, n)
    return Posterior(pd.DataFrame({"a": a, "b": b}), np.full(n, 1 / n), "t")


def test_depth_is_the_weight_more_central_and_sees_the_correlations():
    post = _cloud()
    pts = pd.DataFrame({"a": [0.3, 0.36, 0.36], "b": [0.6, 0.72, 0.6]})
    d = depth(post, pts)
    assert d[0] < 0.05  # the centre
    assert 0.5 < d[1] < 0.95  # a 1.2-sd step along the cloud: an ordinary particle
    assert d[2] == 1.0  # the same step in a alone leaves the cloud: beyond every particle
    # a log-scaled parameter is measured in logs: a log-normal's median is central there
    c = pd.DataFrame({"c": np.exp(np.random.default_rng(4).normal(0, 1, 2000))})
    skewed = Posterior(c, np.full(2000, 1 / 2000), "t")
    at_median = pd.DataFrame({"c": [1.0]})
    assert depth(skewed, at_median, log=["c"])[0] < 0.05 < depth(skewed, at_median)[0]


def test_central_defaults_that_fit_best_are_the_representative_point():
    post = _cloud()
    cands = candidates(post, 3, seed=0)
    seen: list = []
    result = choose(cands, TARGETS, _pilot(), students=10, replications=2,
                    measure_fn=_measure(0.3, seen), reference={"a": 0.3, "b": 0.6},
                    posterior=post)  # fmt: skip
    scores = result.scores.set_index("candidate")
    assert result.label == REFERENCE and result.point == {"a": 0.3, "b": 0.6}
    assert scores.loc[REFERENCE, "row"] == -2 and scores.loc[REFERENCE, "eligible"]
    assert scores.loc[REFERENCE, "depth"] < 0.05
    assert scores.loc[[c for c in scores.index if c.startswith("draw")], "eligible"].all()
    assert len(seen) == len(cands) + 1  # on the same seeds as the candidates
    assert {s for s, _, _ in seen} == {CHOOSING_SEEDS.start}


def test_defaults_off_the_posterior_are_scored_but_not_chosen_however_well_they_fit():
    # The defaults sit at the truth (a = 0.36) but off the cloud's correlation (b = 0.6).
    post = _cloud()
    cands = candidates(post, 3, seed=0)
    result = choose(cands, TARGETS, _pilot(), students=10, replications=2,
                    measure_fn=_measure(0.36, []), reference={"a": 0.36, "b": 0.6},
                    posterior=post)  # fmt: skip
    scores = result.scores.set_index("candidate")
    assert result.scores["candidate"].iloc[0] == REFERENCE  # best by distance ...
    assert result.label != REFERENCE and result.label.startswith("draw")  # ... yet not chosen
    assert not scores.loc[REFERENCE, "eligible"] and scores.loc[REFERENCE, "depth"] == 1.0
    assert scores.loc[REFERENCE, "distance"] < scores.loc[result.label, "distance"]


def test_without_the_posterior_only_draws_are_chosen():
    post = _posterior([0.1, 0.2, 0.3], [1, 1, 1])
    cands = candidates(post, 3, seed=0)
    result = choose(cands, TARGETS, _pilot(), students=10, replications=2,
                    measure_fn=_measure(0.45, []), reference={"a": 0.45, "b": 0.9})  # fmt: skip
    assert result.scores["candidate"].iloc[0] == REFERENCE
    assert result.label != REFERENCE and result.point["a"] == 0.3


def _two_blocks(first: float, second: float, noise: float, seen: list):
    """A stand-in whose truth differs by block: the first block's best is a fluke of its
    seeds (``first``), the confirming block's (``second``) the real one; ``noise`` per
    replication (a fixed pattern per point, so a rerun gives the same values)."""

    def fn(students, replications, seed, overrides, targets):
        seen.append((seed, replications, overrides["a"]))
        best = first if seed == CHOOSING_SEEDS.start else second
        gap = abs(overrides["a"] - best)
        rows = [
            {"target": t.id, "replication": i,
             "value": (t.reference if np.isfinite(t.reference) else 0.0) + 0.05 * gap
             + noise * np.sin(7.0 * i + 3.0 * j + 11.0 * overrides["a"])}
            for j, t in enumerate(targets) for i in range(replications)
        ]  # fmt: skip
        return pd.DataFrame(rows)

    return fn


def test_finalists_go_on_to_a_confirming_block_which_decides():
    post = _posterior([0.1, 0.2, 0.3, 0.4, 0.5], [1, 1, 1, 1, 1])
    cands = candidates(post, 5, seed=0)
    seen: list = []
    result = choose(cands, TARGETS, _pilot(), students=10, replications=2,
                    measure_fn=_two_blocks(0.5, 0.4, 0.0, seen), finalists=3,
                    confirm_replications=5)  # fmt: skip
    scores = result.scores.set_index("candidate")
    # The first block ranks 0.5 first; the confirming block overturns it.
    assert result.scores["candidate"].iloc[0] == "draw 4"
    assert result.label == "draw 3" and result.point["a"] == 0.4
    # Only the first block's best three went on, on their own seeds and replications.
    confirmed = scores.dropna(subset=["confirm_distance"])
    assert len(confirmed) == 3 and set(confirmed["row"]) == {2, 3, 4}
    assert [(s, r) for s, r, _ in seen[-3:]] == [(CONFIRMING_SEEDS.start, 5)] * 3
    assert scores["p_best"].isna().sum() == len(scores) - 3
    # Without noise the confirming block's winner wins every resample.
    assert scores.loc["draw 3", "p_best"] == 1.0
    assert abs(confirmed["p_best"].sum() - 1.0) < 1e-12
    # The reported target means are the deciding block's (at the truth there), not the
    # first block's (off it).
    assert scores.loc["draw 3", "confirm_distance"] == 0.0 < scores.loc["draw 3", "distance"]
    truth = [t.reference if np.isfinite(t.reference) else 0.0 for t in TARGETS]
    assert np.allclose(result.values.set_index("target").loc[[t.id for t in TARGETS], "mean"],
                       truth)  # fmt: skip


def test_p_best_is_split_between_finalists_the_noise_cannot_tell_apart():
    # Two points equally far from the truth (0.3 +- 0.05) and noise much larger than
    # their gap: neither may be declared firm.
    post = _posterior([0.25, 0.35, 0.9], [1, 1, 1])
    cands = candidates(post, 3, seed=0)
    result = choose(cands, TARGETS, _pilot(), students=10, replications=2,
                    measure_fn=_two_blocks(0.3, 0.3, 0.0, []), finalists=2,
                    confirm_replications=8)  # fmt: skip
    firm = result.scores.dropna(subset=["p_best"])
    assert sorted(firm["a"].round(2)) == [0.25, 0.35]
    noisy = choose(cands, TARGETS, _pilot(), students=10, replications=2,
                   measure_fn=_two_blocks(0.3, 0.3, 0.05, []), finalists=2,
                   confirm_replications=8)  # fmt: skip
    p = noisy.scores.dropna(subset=["p_best"])["p_best"]
    assert 0.1 < p.min() <= p.max() < 0.9


def test_the_monte_carlo_scales_follow_the_cohort_size_the_pilot_was_run_at():
    # No observational noise: the scale is the pilot's MC SD for the choosing cohort.
    pilot = _pilot().assign(obs_sd=0.0, students=100)
    post = _posterior([0.1, 0.2], [1, 1])
    cands = candidates(post, 2, seed=0)

    def dist(students: int) -> float:
        result = choose(cands, TARGETS, pilot, students=students, replications=2,
                        measure_fn=_measure(0.3, []))  # fmt: skip
        return float(result.scores.set_index("candidate").loc["draw 0", "distance"])

    # Four times the cohort: half the MC SD, twice the distance of the same deviation.
    assert abs(dist(400) / dist(100) - 2.0) < 1e-9


def test_choosing_seeds_are_clear_of_the_checks_the_fit_and_the_guard():
    assert CHOOSING_SEEDS.start in CHOOSE and CHOOSING_SEEDS.stop <= CHOOSE.stop
    # the predictive checks start at CHOOSE.start and run far fewer than 50,000 seeds
    assert CHOOSING_SEEDS.start - PREDICTIVE_SEED >= 50_000
    for other in (FIT, GUARD):
        assert CHOOSING_SEEDS.stop <= other.start or other.stop <= CHOOSING_SEEDS.start
    # the confirming block lies inside the choosing range, beyond any first block
    assert CONFIRMING_SEEDS.start - CHOOSING_SEEDS.start >= 10_000
    assert CONFIRMING_SEEDS.stop <= CHOOSE.stop


def test_the_script_refuses_a_count_below_its_floor_naming_it(capsys):
    import importlib.util
    from pathlib import Path

    import pytest

    path = Path(__file__).resolve().parent.parent / "experiments" / "choose.py"
    spec = importlib.util.spec_from_file_location("experiments_choose_args", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    for flag, value, floor in (("--finalists", "-1", 0), ("--confirm-replications", "0", 1)):
        with pytest.raises(SystemExit):
            script.main(["--settings", "unused.json", flag, value])
        err = capsys.readouterr().err
        assert f"argument {flag}: {value} is below {floor}" in err
