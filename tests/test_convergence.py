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


class _Normal:
    """A fixed proposal: independent normals of scale ``sd`` (a pyabc-like ``pdf``)."""

    def __init__(self, sd: float) -> None:
        self.sd = sd

    def pdf(self, z: pd.DataFrame) -> np.ndarray:
        x = z.to_numpy(dtype=float)
        return np.prod(np.exp(-0.5 * (x / self.sd) ** 2) / (self.sd * np.sqrt(2 * np.pi)), axis=1)

    def rvs(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.normal(0.0, self.sd, (size, 2))


def _distance(theta: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A noisy distance to the point (0.5, 0): the model's output is theta plus noise."""
    return np.hypot(theta[:, 0] - 0.5 + rng.normal(0, 0.2, len(theta)), theta[:, 1])


def test_the_importance_forecast_matches_running_the_generation():
    """From one population alone the forecast gives each proposal's ESS fraction and its
    acceptance relative to another, as sampling the next generation by brute force does
    (a 2-D prior N(0, 1), a noisy distance, two proposals of different width)."""
    rng = np.random.default_rng(7)
    # The last generation: 4,000 particles from the prior (weights 1) with their distances.
    population = rng.normal(0.0, 1.0, (4000, 2))
    distances = _distance(population, rng)
    frame = pd.DataFrame(population, columns=["a", "b"])
    eps = 0.6
    kernels = {"narrow": _Normal(0.6), "wide": _Normal(1.4)}
    table = cv.importance_forecast(
        frame, np.ones(len(frame)), distances, eps, kernels, "wide"
    ).set_index("proposal")
    assert table.loc["wide", "relative_acceptance"] == 1.0
    brute = {}
    for label, k in kernels.items():
        theta = k.rvs(rng, 200_000)
        ok = _distance(theta, rng) <= eps
        z = pd.DataFrame(theta[ok], columns=["a", "b"])
        w = np.prod(np.exp(-0.5 * theta[ok] ** 2), axis=1) / k.pdf(z)  # prior / proposal
        brute[label] = (ok.mean(), w.sum() ** 2 / (w**2).sum() / len(w))
    for label in kernels:
        assert table.loc[label, "ess_fraction"] == pytest.approx(brute[label][1], abs=0.03)
    assert table.loc["narrow", "relative_acceptance"] == pytest.approx(
        brute["narrow"][0] / brute["wide"][0], rel=0.05
    )
    # The narrow proposal accepts more but weighs its draws less evenly: a real trade-off.
    assert table.loc["narrow", "relative_acceptance"] > 1.2
    assert table.loc["narrow", "ess_fraction"] < table.loc["wide", "ess_fraction"] - 0.05
    with pytest.raises(ValueError, match="reference proposal"):
        cv.importance_forecast(frame, np.ones(len(frame)), distances, eps, kernels, "other")


def test_the_forecast_history_pairs_each_generation_with_the_one_before():
    """Generation t is forecast from t - 1 with t's proposal and epsilon, beside what it
    realised; generation 0 (drawn from the prior) and a missing t - 1 have no row."""
    rng = np.random.default_rng(3)
    gens = {}
    for t in (0, 1, 3):
        theta = rng.normal(0.0, 1.0, (500, 2))
        gens[t] = (pd.DataFrame(theta, columns=["a", "b"]), np.ones(500), _distance(theta, rng))

    class Fitted(_Normal):
        def fit(self, X, w):
            self.fitted = len(X)

    past = cv.forecast_history(
        gens,
        {0: 2.0, 1: 1.0, 2: 0.8, 3: 0.6, 4: 0.5},
        lambda t: Fitted(1.0 + t / 10),
        pd.DataFrame({"t": [0, 1, 2, 4], "ess_fraction": [1.0, 0.7, 0.6, 0.5]}),
    )
    assert list(past["t"]) == [1, 2, 4]  # not 0 (from the prior), not 3 (no generation 2)
    row = past.set_index("t").loc[1]
    direct = cv.importance_forecast(*gens[0], 1.0, {"k": _Normal(1.1)}, "k").iloc[0]
    assert row["forecast"] == pytest.approx(direct["ess_fraction"])
    assert row["realised"] == 0.7 and row["points"] == direct["points"]


def test_the_check_forecasts_the_committed_run_without_simulating(tmp_path, monkeypatch):
    """``convergence_check.py --forecast-only`` on a copy of the committed folder: the run's
    proposal is the reference, every past generation after the first is forecast, and
    nothing is simulated (the model is never called)."""
    import importlib.util
    import shutil
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    folder = tmp_path / "inference"
    shutil.copytree(
        repo / "docs/calibration/inference", folder, ignore=shutil.ignore_patterns("logo", "abc.db")
    )
    monkeypatch.setattr(TargetModel, "simulate", lambda *a, **k: pytest.fail("simulated"))
    spec = importlib.util.spec_from_file_location("cc", repo / "experiments/convergence_check.py")
    cc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cc)
    table = cc.main(["--inference", str(folder), "--forecast-only"])
    ref = table.set_index("proposal").loc[table["reference"].iloc[0]]
    assert ref["relative_acceptance"] == 1.0 and 0 < ref["ess_fraction"] <= 1
    past = pd.read_csv(folder / "convergence_forecast_history.csv")
    diag = pd.read_csv(folder / "inference_diagnostics.csv")
    assert list(past["t"]) == list(range(1, int(diag["t"].max()) + 1))
    assert past["forecast"].between(0, 1).all() and past["realised"].notna().all()
