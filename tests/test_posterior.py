"""Posterior draws: the sample format and loader, selection, and compare --posterior."""

from __future__ import annotations

from concurrent.futures import Executor, Future

import numpy as np
import pandas as pd
import pytest

import vsvsim.posterior as post
from vsvsim.analysis.uncertainty import split_variance
from vsvsim.cli import main
from vsvsim.compare import compare
from vsvsim.params import PARAMETERS
from vsvsim.posterior import load_posterior, records, resolve_posterior, select
from vsvsim.scenario import ScenarioError

SCENARIOS = ["baseline", "preventive_screening"]
STUDENTS, YEARS, REPS, SEED = 200, 1, 3, 5
#: A strong parameter: the weekly chance of leaving at the lowest readiness.
STRONG = "leave_hazard_max"


def _write(tmp_path, frame: pd.DataFrame, name: str = "posterior.csv"):
    path = tmp_path / name
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path, index=False)
    return path


# --- the loader ---------------------------------------------------------------------------


def test_loads_csv_and_parquet_alike(tmp_path):
    frame = pd.DataFrame({STRONG: [0.1, 0.3], "coaches": [5, 7], "weight": [1.0, 3.0]})
    a = load_posterior(_write(tmp_path, frame, "p.csv"))
    b = load_posterior(_write(tmp_path, frame, "p.parquet"))
    pd.testing.assert_frame_equal(a.draws, b.draws)
    assert a.parameters == [STRONG, "coaches"]
    # Values come in the parameter's own type; weights are normalised.
    assert records(select(a, 2, 0))[0] in ({STRONG: 0.1, "coaches": 5}, {STRONG: 0.3, "coaches": 7})
    assert all(isinstance(r["coaches"], int) for r in records(select(a, 2, 0)))
    np.testing.assert_allclose(a.weights, [0.25, 0.75])


def test_equal_weights_without_a_weight_column(tmp_path):
    sample = load_posterior(_write(tmp_path, pd.DataFrame({STRONG: [0.1, 0.2, 0.3, 0.4]})))
    np.testing.assert_allclose(sample.weights, 0.25)


@pytest.mark.parametrize(
    ("frame", "words"),
    [
        (pd.DataFrame({"leave_hazard": [0.1]}), ["unknown column 'leave_hazard'", "vsvsim params"]),
        (
            pd.DataFrame({STRONG: [0.2, 1.5]}),
            [f"column '{STRONG}', draw 1", "1.5", "a number from 0 to 1"],
        ),
        (
            pd.DataFrame({STRONG: ["high"]}),
            [f"column '{STRONG}', draw 0", "'high'", "a number from 0 to 1"],
        ),
        (
            pd.DataFrame({"coaches": [2.5]}),
            ["column 'coaches', draw 0", "2.5", "an integer from"],
        ),
        (pd.DataFrame({STRONG: [0.2], "weight": [-1.0]}), ["column 'weight', draw 0", ">= 0"]),
        (pd.DataFrame({"students": [300]}), ["column 'students'", "sets the run"]),
        (pd.DataFrame({"weight": [1.0]}), ["no parameter columns"]),
        (pd.DataFrame({STRONG: []}, dtype=float), ["holds no draws"]),
    ],
)
def test_bad_sample_gets_one_clear_message(tmp_path, frame, words):
    path = _write(tmp_path, frame)
    with pytest.raises(ScenarioError) as err:
        load_posterior(path)
    message = str(err.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_missing_default_says_where_it_looks_and_what_to_pass(tmp_path, monkeypatch):
    missing = tmp_path / "docs" / "calibration" / "posterior.parquet"
    monkeypatch.setattr(post, "DEFAULT_POSTERIOR", missing)
    with pytest.raises(ScenarioError) as err:
        resolve_posterior(None)
    assert str(missing) in str(err.value) and "--posterior-file" in str(err.value)


def test_the_default_path_is_the_calibrations():
    assert post.DEFAULT_POSTERIOR.parts[-4:] == (
        "docs",
        "calibration",
        "inference",
        "posterior.parquet",
    )


# --- selection ----------------------------------------------------------------------------


def _sample(weights) -> post.Posterior:
    n = len(weights)
    draws = pd.DataFrame({STRONG: np.linspace(0.1, 0.4, n)}, index=pd.RangeIndex(n, name="draw"))
    w = np.asarray(weights, float)
    return post.Posterior(draws=draws, weights=w / w.sum(), source="test")


def test_selection_is_reproducible_and_seeded():
    sample = _sample(np.random.default_rng(0).uniform(size=50))
    a, b = select(sample, 8, seed=3), select(sample, 8, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert list(a.index) == list(range(8)) and a.index.name == "draw"
    others = [tuple(select(sample, 8, seed=s)["row"]) for s in range(10)]
    assert len(set(others)) > 1  # the seed moves the offset


def test_systematic_resampling_follows_the_weights():
    weights = np.array([0.5, 0.0, 0.25, 0.125, 0.125])
    for seed in range(20):
        counts = np.bincount(select(_sample(weights), 8, seed)["row"], minlength=5)
        # Systematic resampling: each row floor or ceil of k x its weight times.
        expected = 8 * weights
        assert (counts >= np.floor(expected)).all() and (counts <= np.ceil(expected)).all()
        assert counts[1] == 0
    # Equal weights and k = n: every row once.
    assert sorted(select(_sample(np.ones(6)), 6, 1)["row"]) == list(range(6))
    assert list(select(_sample([0, 0, 1]), 3, 0)["row"]) == [2, 2, 2]


def test_selection_wants_a_whole_number_of_draws():
    with pytest.raises(ScenarioError, match="whole number >= 1"):
        select(_sample([1, 1]), 0, 0)


# --- the variance split -------------------------------------------------------------------


def test_split_of_an_additive_table():
    draw_effect = np.array([0.0, 1.0, 3.0])
    seed_effect = np.array([0.0, 0.5, -0.5, 2.0])
    # No interaction: the parameter variance is the draws' variance, the stochastic the seeds'.
    param, stoch = split_variance(draw_effect[:, None] + seed_effect[None, :])
    assert param == pytest.approx(np.var(draw_effect, ddof=1))
    assert stoch == pytest.approx(np.var(seed_effect, ddof=1))
    # Identical draws: no parameter variance at all.
    param, stoch = split_variance(np.tile(seed_effect, (3, 1)))
    assert param == 0.0 and stoch == pytest.approx(np.var(seed_effect, ddof=1))


def test_split_removes_the_replication_noise_from_the_draw_means():
    # No parameter effect, only noise: the draw means still differ by noise / R, which the
    # correction takes out (on average; the estimate is truncated at 0).
    rng = np.random.default_rng(1)
    params = [split_variance(rng.normal(size=(8, 4)))[0] for _ in range(400)]
    naive = [np.var(rng.normal(size=(8, 4)).mean(axis=1), ddof=1) for _ in range(400)]
    assert np.mean(params) < 0.1 < np.mean(naive)
    stoch = [split_variance(rng.normal(size=(8, 4)))[1] for _ in range(400)]
    assert np.mean(stoch) == pytest.approx(1.0, abs=0.05)


# --- compare --posterior ------------------------------------------------------------------


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    out = tmp_path_factory.mktemp("plain")
    return compare(
        SCENARIOS,
        replications=REPS,
        students=STUDENTS,
        years=YEARS,
        seed=SEED,
        out=out,
        echo=False,
    )


def _posterior_compare(tmp_path, values, **kwargs):
    path = _write(tmp_path, pd.DataFrame({STRONG: values}))
    return compare(
        SCENARIOS,
        replications=REPS,
        students=STUDENTS,
        years=YEARS,
        seed=SEED,
        out=tmp_path / "out",
        echo=False,
        posterior=len(values),
        posterior_file=path,
        **kwargs,
    )


@pytest.mark.slow  # the quick subset keeps a lighter test of the same part
def test_identical_draws_give_the_plain_comparison(plain, tmp_path):
    value = PARAMETERS[STRONG].default
    comp = _posterior_compare(tmp_path, [value] * 3)
    assert comp.n_draws == 3 and comp.n_replications == REPS
    reps = comp.replications
    # Every draw's runs are the plain comparison's runs (same seeds, same parameters).
    skip = [c for c in reps.columns if c != "draw"]
    for d in range(3):
        mine = reps.loc[reps["draw"] == d, skip].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, plain.replications[skip], check_dtype=False)
    for metric in ("dropout_rate", "diploma_rate", "coach_hours", "prevented_dropouts"):
        for name in SCENARIOS:
            assert comp.table.at[name, metric] == pytest.approx(plain.table.at[name, metric])
            assert comp.table.at[name, f"{metric}_var_param"] == pytest.approx(0.0, abs=1e-12)
            per_rep = plain.replications.loc[plain.replications["scenario"] == name, metric]
            assert comp.table.at[name, f"{metric}_var_stoch"] == pytest.approx(
                np.var(per_rep.to_numpy(float), ddof=1)
            )
    # The difference from the reference is the plain comparison's, its split all stochastic.
    base = plain.replications.set_index(["scenario", "replication"])["dropout_rate"]
    plain_diff = (base["preventive_screening"] - base["baseline"]).to_numpy()
    diff = comp.difference.loc["preventive_screening"]
    assert diff["dropout_rate"] == pytest.approx(plain_diff.mean())
    assert diff["dropout_rate_var_param"] == pytest.approx(0.0, abs=1e-12)
    assert diff["dropout_rate_var_stoch"] == pytest.approx(np.var(plain_diff, ddof=1))


@pytest.fixture(scope="module")
def spread(tmp_path_factory):
    # Two very different leaving hazards: the answer should depend on which is true.
    tmp = tmp_path_factory.mktemp("spread")
    return _posterior_compare(tmp, [0.05, 0.5, 0.05, 0.5]), tmp


@pytest.mark.slow  # a few seconds: the quick subset keeps its cheaper siblings
def test_different_draws_give_parameter_variance_and_wider_intervals(plain, spread):
    comp, _ = spread
    for name in SCENARIOS:
        row = comp.table.loc[name]
        param, stoch = row["dropout_rate_var_param"], row["dropout_rate_var_stoch"]
        assert param > 0 and param > stoch
        width = row["dropout_rate_p95"] - row["dropout_rate_p5"]
        plain_width = (
            plain.table.at[name, "dropout_rate_p95"] - plain.table.at[name, "dropout_rate_p5"]
        )
        assert width > 2 * plain_width
    # The same seeds in every draw and scenario, the same draws in every scenario.
    reps = comp.replications
    assert (reps["seed"] == SEED + reps["replication"]).all()
    assert set(map(tuple, reps[["scenario", "draw", "replication"]].to_numpy())) == {
        (s, d, r) for s in SCENARIOS for d in range(4) for r in range(REPS)
    }
    pd.testing.assert_series_equal(
        comp.draws[STRONG], pd.Series([0.05, 0.5, 0.05, 0.5], name=STRONG, index=comp.draws.index)
    )
    # Draws 0 and 2 (and 1 and 3) have the same parameters and seeds: the same runs.
    for a, b in ((0, 2), (1, 3)):
        pd.testing.assert_series_equal(
            reps.loc[reps["draw"] == a, "dropouts"].reset_index(drop=True),
            reps.loc[reps["draw"] == b, "dropouts"].reset_index(drop=True),
        )


def test_gains_pair_runs_of_the_same_draw_and_seed(spread):
    comp, _ = spread
    reps = comp.replications.set_index(["scenario", "draw", "replication"]).sort_index()
    prevented = reps.loc["preventive_screening", "prevented_dropouts"]
    by_hand = reps.loc["baseline", "dropouts"] - reps.loc["preventive_screening", "dropouts"]
    pd.testing.assert_series_equal(prevented, by_hand.astype(float), check_names=False)


def test_posterior_files_written(spread):
    comp, tmp = spread
    out = tmp / "out"
    table = pd.read_csv(out / "comparison.csv", index_col="scenario")
    assert {"draws", "dropout_rate_var_param", "dropout_rate_var_stoch"} <= set(table.columns)
    assert (table["draws"] == 4).all() and (table["replications"] == REPS).all()
    difference = pd.read_parquet(out / "difference.parquet")
    pd.testing.assert_frame_equal(difference, comp.difference)
    assert list(difference.index) == ["preventive_screening"]
    assert pd.read_parquet(out / "draws.parquet")[STRONG].tolist() == [0.05, 0.5, 0.05, 0.5]
    assert "draw" in pd.read_parquet(out / "replications.parquet").columns


def test_bad_posterior_requests(tmp_path):
    path = _write(tmp_path, pd.DataFrame({STRONG: [0.1, 0.2]}))
    common = dict(students=STUDENTS, years=YEARS, out=tmp_path / "out", echo=False)
    with pytest.raises(ScenarioError, match="--posterior-file needs --posterior"):
        compare(SCENARIOS, posterior_file=path, **common)
    with pytest.raises(ScenarioError, match=">= 2"):
        compare(SCENARIOS, posterior=1, posterior_file=path, **common)
    with pytest.raises(ScenarioError, match="--replications 1"):
        compare(SCENARIOS, replications=1, posterior=2, posterior_file=path, **common)
    with pytest.raises(ScenarioError, match=f"{STRONG}: set with --set and also varied"):
        compare(SCENARIOS, posterior=2, posterior_file=path, overrides={STRONG: 0.3}, **common)
    assert not (tmp_path / "out").exists()  # nothing ran, nothing written


def test_cli_end_to_end(tmp_path, capsys, monkeypatch):
    path = _write(tmp_path, pd.DataFrame({STRONG: [0.1, 0.4], "weight": [1, 1]}), "p.parquet")
    out = tmp_path / "out"
    args = ["compare", *SCENARIOS, "--students", str(STUDENTS), "--years", str(YEARS)]
    args += ["--replications", "2", "--out", str(out)]
    assert main([*args, "--posterior", "2", "--posterior-file", str(path)]) == 0
    shown = capsys.readouterr().out
    assert "2 posterior draws x 2 replications" in shown
    assert "difference from baseline" in shown and " par " in shown
    for name in ("comparison.csv", "difference.csv", "draws.parquet", "comparison.png"):
        assert (out / name).is_file()
    # Without the default file: one message saying where it looks, exit status 2.
    monkeypatch.setattr(post, "DEFAULT_POSTERIOR", tmp_path / "none" / "posterior.parquet")
    assert main([*args, "--posterior", "2"]) == 2
    err = capsys.readouterr().err
    assert "none/posterior.parquet" in err and "--posterior-file" in err


# --- experiment files ---------------------------------------------------------------------

EXPERIMENT = """
name = "posterior_small"
scenarios = ["preventive_screening"]
posterior = 2
posterior_file = "p.csv"
[fixed]
students = 40
years = 1
[levers]
coaches = [4, 12]
[replications]
count = 2
seed = 3
[outcomes]
keep = ["dropout_rate", "dropouts", "prevented_dropouts"]
reference = "baseline"
"""


class InlineExecutor(Executor):
    """Runs each task at submit, in this process (no worker processes to start)."""

    def submit(self, fn, /, *args, **kwargs):
        fut: Future = Future()
        fut.set_result(fn(*args, **kwargs))
        return fut


def _experiment(tmp_path, text=EXPERIMENT, values=(0.05, 0.5)):
    _write(tmp_path, pd.DataFrame({STRONG: list(values)}), "p.csv")
    path = tmp_path / "exp.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow  # a few seconds: the quick subset keeps its cheaper siblings
def test_experiment_runs_every_point_over_the_draws(tmp_path):
    from vsvsim.experiments.designs import build_plan
    from vsvsim.experiments.spec import load_experiment

    exp = load_experiment(_experiment(tmp_path))
    assert exp.posterior == 2 and exp.draws == ({STRONG: 0.05}, {STRONG: 0.5})
    assert exp.posterior_file == str(tmp_path / "p.csv")  # relative to the experiment file
    design = build_plan(exp).design
    # 2 lever values x 2 draws x 2 replications; the same seeds in every draw and point.
    assert len(design) == 8
    assert design.groupby("point").size().tolist() == [4, 4]
    assert (design["seed"] == 3 + design["replication"]).all()
    assert design.groupby("draw")[STRONG].unique().map(list).tolist() == [[0.05], [0.5]]
    assert design["run_id"].is_unique
    tasks = build_plan(exp).tasks.values()
    # The draw is context: the reference run gets it too.
    assert {t["reference"]["overrides"][STRONG] for t in tasks} == {0.05, 0.5}
    assert all(t["overrides"][STRONG] == t["reference"]["overrides"][STRONG] for t in tasks)
    # Other draws, another experiment (a results folder of one is not the other's).
    (tmp_path / "other").mkdir()
    other = load_experiment(_experiment(tmp_path / "other", values=(0.05, 0.4)))
    assert other.fingerprint() != exp.fingerprint()


@pytest.mark.slow  # a few seconds: the quick subset keeps its cheaper siblings
def test_experiment_sweep_with_draws(tmp_path):
    from vsvsim.experiments.sweep import sweep

    report = sweep(
        _experiment(tmp_path), tmp_path / "out", executor=InlineExecutor(), progress=False
    )
    res = report.results
    assert report.failed == 0 and len(res) == 8
    # A high leaving hazard loses more students, at every point and seed.
    by_draw = res.pivot_table(index=["point", "replication"], columns="draw", values="dropouts")
    assert (by_draw[1] > by_draw[0]).all()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("posterior = 2\n", "posterior = 0\n"), ["posterior = 0", "whole number >= 1"]),
        (("posterior = 2\n", ""), ["posterior_file needs posterior = K"]),
        (("coaches = [4, 12]", f"{STRONG} = [0.1, 0.2]"), [STRONG, "varied by the posterior"]),
        (('"p.csv"', '"nowhere.csv"'), ["nowhere.csv", "does not exist"]),
    ],
)
def test_experiment_posterior_checked_on_load(tmp_path, change, words):
    from vsvsim.experiments.spec import ExperimentError, load_experiment

    path = _experiment(tmp_path, EXPERIMENT.replace(*change))
    with pytest.raises(ExperimentError) as err:
        load_experiment(path)
    for word in words:
        assert word in str(err.value)


def test_experiment_without_the_default_file(tmp_path, monkeypatch):
    from vsvsim.experiments.spec import ExperimentError, load_experiment

    monkeypatch.setattr(post, "DEFAULT_POSTERIOR", tmp_path / "none" / "posterior.parquet")
    path = _experiment(tmp_path, EXPERIMENT.replace('posterior_file = "p.csv"\n', ""))
    with pytest.raises(ExperimentError) as err:
        load_experiment(path)
    assert "none/posterior.parquet" in str(err.value) and "posterior_file = FILE" in str(err.value)


def test_status_reads_the_inference_beside_the_sample(tmp_path):
    sample = tmp_path / "posterior.parquet"
    pd.DataFrame({"leave_hazard_max": [0.2], "weight": [1.0]}).to_parquet(sample)
    assert post.status(sample) is None  # a sample from elsewhere: nothing to say

    def diagnostics(*eps):
        rows = [{"t": -1, "epsilon": float("nan")}]
        rows += [{"t": t, "epsilon": e} for t, e in enumerate(eps)]
        pd.DataFrame(rows).to_csv(tmp_path / "inference_diagnostics.csv", index=False)

    diagnostics(16.0, 9.5, 8.1)  # still falling by 15%
    assert post.status(sample) == post.FIRST_PASS
    diagnostics(16.0, 9.5, 9.5 * (1 - post.CONVERGED_DROP / 2))
    assert post.status(sample) == "converged"
    diagnostics(16.0)  # one generation: nothing to judge convergence by
    assert post.status(sample) == post.FIRST_PASS


def test_status_calls_a_run_at_its_noise_floor_converged(tmp_path):
    sample = tmp_path / "posterior.parquet"
    pd.DataFrame({"leave_hazard_max": [0.2], "weight": [1.0]}).to_parquet(sample)
    rows = [{"t": -1, "epsilon": float("nan")}, {"t": 0, "epsilon": 6.0}, {"t": 1, "epsilon": 4.5}]
    pd.DataFrame(rows).to_csv(tmp_path / "inference_diagnostics.csv", index=False)
    assert post.status(sample) == post.FIRST_PASS  # fell by 25%, no floor measured

    def floor(median):
        pd.DataFrame({"distance": [median - 1, median, median + 1]}).to_csv(
            tmp_path / post.FLOOR_FILE, index=False
        )

    floor(4.5 / (1 + post.CONVERGED_DROP) + 0.01)  # epsilon just within the floor's reach
    assert post.status(sample) == "converged"
    floor(4.5 / (1 + post.CONVERGED_DROP) - 0.01)  # just beyond it
    assert post.status(sample) == post.FIRST_PASS
