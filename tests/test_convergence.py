"""The convergence check (issue 14): the noise floor and the proposal trial."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import special

from vsvsim.analysis import convergence as cv
from vsvsim.analysis import inference as inf
from vsvsim.analysis.inference import Discrepancy, ParameterSpace, TargetModel

TARGETS = (SimpleNamespace(id="A"), SimpleNamespace(id="B"))
DISTANCE = Discrepancy(reference={"A": 0.8, "B": 0.3}, scale={"A": 0.05, "B": 0.05})
SPACE = ParameterSpace("scores", ("a", "b"), ("uniform", "uniform"), ((0.0, 1.0), (0.0, 1.0)))
MODEL = TargetModel(TARGETS, students=10, replications=2)


def fake_measure(students, replications, seed, overrides, targets, seen=None):
    """Target A is parameter a, B is b, each plus noise fixed by the seed."""
    if seen is not None:
        seen.append(seed)
    rng = np.random.default_rng(seed)
    rows = [
        {"target": t.id, "replication": r, "value": overrides.get(t.id.lower(), 0.5)
         + rng.normal(0, 0.02)}
        for r in range(replications)
        for t in targets
    ]  # fmt: skip
    return pd.DataFrame(rows)


def population(n=200, seed=0):
    """Particles on the scores scale around the point a = 0.8, b = 0.3."""
    rng = np.random.default_rng(seed)
    z = {
        "a": special.ndtri(0.8) + rng.normal(0, 0.1, n),
        "b": special.ndtri(0.3) + rng.normal(0, 0.1, n),
    }
    return pd.DataFrame(z), np.full(n, 1.0 / n)


def test_the_floor_simulates_one_point_on_its_own_seeds(monkeypatch):
    seen = []
    monkeypatch.setattr(inf, "measure", lambda **k: fake_measure(**k, seen=seen))
    d = cv.noise_floor(MODEL, DISTANCE, {"a": 0.8, "b": 0.3}, 5)
    assert seen == [cv.FLOOR_SEEDS.start + 2 * i for i in range(5)]
    assert len(set(np.round(d, 12))) == 5 and (d > 0).all()  # noise, not one value
    far = cv.noise_floor(MODEL, DISTANCE, {"a": 0.2, "b": 0.3}, 5)
    assert (far > d.max()).all()


def test_the_trial_shares_seeds_and_sees_a_kernel_beat_the_prior(monkeypatch):
    pop, w = population()
    seen = []
    monkeypatch.setattr(inf, "measure", lambda **k: fake_measure(**k, seen=seen))
    trial = cv.proposal_trial(
        MODEL, DISTANCE, pop, w,
        {"prior": {"kind": "defensive", "share": 1.0}, "kernel": {"kind": "marginal"}},
        60, SPACE, seed=3,
    )  # fmt: skip
    # common random numbers: draw i of each proposal on the same seeds
    assert seen[:60] == seen[60:] == [cv.TRIAL_SEEDS.start + 2 * i for i in range(60)]
    prior = trial[trial["proposal"] == "prior"]
    assert prior["weight"].to_numpy() == pytest.approx(1.0)  # prior / prior
    # a kernel far narrower than the prior: prior / proposal is small at its draws
    assert trial.loc[trial["proposal"] == "kernel", "weight"].median() < 0.2
    table = cv.acceptance(trial, {"tight": 1.5})
    acc = table.set_index("proposal")["acceptance"]
    assert acc["kernel"] > 0.5 > 0.1 > acc["prior"]
    row = table.set_index("proposal").loc["kernel"]
    assert row["low"] <= row["acceptance"] <= row["high"]
    assert row["cost"] == pytest.approx(row["draws"] / row["accepted"])
    assert 0 < row["ess_fraction"] <= 1
    # the same seed gives the same draws, whatever numpy's global stream was
    np.random.seed(12345)  # noqa: NPY002
    again = cv.proposal_trial(
        MODEL, DISTANCE, pop, w, {"kernel": {"kind": "marginal"}}, 60, SPACE, seed=3
    )
    assert again["distance"].tolist() == trial[trial["proposal"] == "kernel"]["distance"].tolist()


def test_next_epsilon_is_the_weighted_median():
    d = np.array([1.0, 2.0, 3.0, 10.0])
    assert cv.next_epsilon(d, np.ones(4)) == pytest.approx(2.5)
    assert cv.next_epsilon(d, np.array([0.0, 0.0, 1.0, 0.0])) == pytest.approx(3.0)
