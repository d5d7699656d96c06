"""The inference machinery (issue 14): recovery of a known answer, reproducibility, resume,
the real model's path and the files the posterior loader reads."""

from __future__ import annotations

import gzip
import json
import logging
import multiprocessing
import warnings
from concurrent.futures import ProcessPoolExecutor

import cloudpickle
import numpy as np
import pandas as pd
import pytest

from vsvsim.analysis import inference as inf
from vsvsim.analysis.seeds import FIT
from vsvsim.analysis.targets import ALL_TARGETS, TARGETS, targets_with_role
from vsvsim.core.params import PARAMETERS, Param

logging.getLogger("ABC").setLevel(logging.WARNING)

# --- a stand-in model whose answer is known ------------------------------------------------

TRUTH = {"a": 0.3, "b": 0.6}
NOISE = 0.02
TOY_PARAMS = {
    "a": Param("a", "strengths", 0.5, 0.0, 1.0, fit=(0.0, 1.0)),
    "b": Param("b", "strengths", 0.5, 0.0, 1.0, fit=(0.05, 1.0), prior="log-uniform"),
}


def toy_model(point):
    """Two parameters, three noisy statistics; the noise from numpy's global stream, as
    the real model's seed draw (the sampler seeds it per particle)."""
    e = np.random.normal(0.0, NOISE, 3)  # noqa: NPY002
    a, b = point["a"], point["b"]
    return {"sum": a + b + e[0], "diff": a - b + e[1], "a_above": a + e[2]}


def toy_distance():
    # "a_above" is a direction statistic (a must be above 0.2), as the sign targets.
    observed = {"sum": TRUTH["a"] + TRUTH["b"], "diff": TRUTH["a"] - TRUTH["b"], "a_above": 0.2}
    return inf.Discrepancy(observed, dict.fromkeys(observed, 0.05), {"a_above": 1})


def toy_run(
    db, generations=5, population=200, seed=3, executor=None, workers=1, resume=False, **kw
):
    """The stand-in on the default proposal and scale (the posterior on the parameters);
    ``kw`` goes to the sampler."""
    sampler = inf.SeededSampler(seed=seed, executor=executor, workers=workers, **kw)
    space = inf.ParameterSpace.of(TOY_PARAMS, inf.DEFAULT_SPACE)
    history = inf.run_abc(
        inf.InSpace(toy_model, space),
        space.prior(),
        toy_distance(),
        db,
        population,
        generations,
        sampler,
        resume=resume,
        proposal=inf.transition(inf.DEFAULT_TRANSITION, list(TOY_PARAMS)),
    )
    return history, space


def toy_posterior(db, **kwargs):
    history, space = toy_run(db, **kwargs)
    return inf.posterior_frame(history, names=list(TOY_PARAMS), space=space)


@pytest.mark.slow  # the quick subset keeps a lighter test of the same part
def test_recovers_known_parameters(tmp_path):
    """The posterior concentrates near the truth and is far narrower than the prior."""
    history, space = toy_run(tmp_path / "toy.db")
    post = inf.posterior_frame(history, space=space)
    ident = inf.identifiability(post, TOY_PARAMS).set_index("parameter")
    for name, truth in TRUTH.items():
        assert abs(ident.loc[name, "posterior_mean"] - truth) < 0.05, ident
        assert ident.loc[name, "posterior_p5"] < truth < ident.loc[name, "posterior_p95"]
        assert ident.loc[name, "width_ratio"] < 0.4, ident
        assert ident.loc[name, "constrained"] == "constrained"
    # a + b and a - b are both observed: the posterior correlation is weak.
    corr = inf.correlations(post, ["a", "b"])
    assert abs(corr["correlation"].iloc[0]) < 0.5
    diag = inf.diagnostics(history)
    assert list(diag["t"]) == [-1, 0, 1, 2, 3, 4]
    gens = diag[diag["t"] >= 0]
    assert gens["epsilon"].is_monotonic_decreasing
    assert (gens["acceptance_rate"] > 0).all() and (gens["acceptance_rate"] <= 1).all()
    assert (gens["ess"] > 1).all() and (gens["ess"] <= 200 + 1e-9).all()


@pytest.mark.slow  # a few seconds: the quick subset keeps its cheaper siblings
def test_unconstrained_parameter_is_flagged(tmp_path):
    """A parameter the statistics do not see keeps its prior width and is flagged."""
    # c on another scale than a and b: its width ratio is about 1 only if it is taken
    # against its own prior.
    params = {**TOY_PARAMS, "c": Param("c", "strengths", 5.0, 0.0, 10.0, fit=(0.0, 10.0))}
    sampler = inf.SeededSampler(seed=5)
    history = inf.run_abc(
        toy_model, inf.prior(params), toy_distance(), tmp_path / "c.db", 200, 4, sampler
    )
    ident = inf.identifiability(inf.posterior_frame(history), params).set_index("parameter")
    assert ident.loc["c", "constrained"] == "not constrained", ident
    assert 0.8 < ident.loc["c", "width_ratio"] < 1.2
    assert 0.8 < ident.loc["c", "sd_ratio"] < 1.2
    # A degenerate population (one particle with most of the weight) is not trusted.
    post = inf.posterior_frame(history)
    post["weight"] = np.where(post.index == 0, 0.99, 0.01 / (len(post) - 1))
    flags = inf.identifiability(post, params)["constrained"]
    assert flags.str.startswith("unreliable").all()
    assert ident.loc["a", "constrained"] == "constrained"


@pytest.mark.slow  # a few seconds: the quick subset keeps its cheaper siblings
def test_reproducible_serial_parallel_and_resumed(tmp_path):
    """One seed fixes the run: again, on two worker processes, and resumed halfway."""
    first = toy_posterior(tmp_path / "a.db", generations=3, population=60)
    again = toy_posterior(tmp_path / "b.db", generations=3, population=60)
    pd.testing.assert_frame_equal(first, again)
    # forkserver, as inference.executor: a fork of this threaded process could deadlock.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        par = toy_posterior(
            tmp_path / "c.db", generations=3, population=60, executor=pool, workers=2
        )
    pd.testing.assert_frame_equal(first, par)
    toy_run(tmp_path / "d.db", generations=1, population=60)
    resumed, space = toy_run(tmp_path / "d.db", generations=3, population=60, resume=True)
    assert resumed.max_t == 2
    pd.testing.assert_frame_equal(
        first, inf.posterior_frame(resumed, names=list(TOY_PARAMS), space=space)
    )
    other = toy_posterior(tmp_path / "e.db", generations=3, population=60, seed=4)
    assert not np.allclose(first["a"], other["a"])


def test_a_generation_paused_after_every_batch_ends_as_the_uninterrupted_run(tmp_path):
    """The checkpoint: a run stopped after each batch (a deadline already past) and
    resumed, again and again, stores the populations of one uninterrupted run, and the
    checkpoint is gone at the end. Without the restore no generation would ever end."""
    first, space = toy_run(tmp_path / "a.db", generations=3, population=60)
    db = tmp_path / "b.db"
    checkpoint = inf.checkpoint_file(db)
    pauses, resume = [], False
    while len(pauses) < 40:
        try:
            history, _ = toy_run(
                db, generations=3, population=60, resume=resume, checkpoint=checkpoint,
                deadline=0.0,
            )  # fmt: skip
            break
        except inf.GenerationPaused as pause:
            assert checkpoint.is_file() and 0 < pause.simulations
            assert pause.accepted < pause.n == 60
            pauses.append(pause.t)
            resume = True
    else:
        pytest.fail("the paused run never completed")
    assert len(set(pauses)) >= 2 and len(pauses) > len(set(pauses))  # several per generation
    assert not checkpoint.exists()
    pd.testing.assert_frame_equal(
        inf.posterior_frame(first, names=list(TOY_PARAMS), space=space),
        inf.posterior_frame(history, names=list(TOY_PARAMS), space=space),
    )
    # The stored sample counts (the acceptance rates) are the uninterrupted run's too.
    pd.testing.assert_series_equal(
        first.get_all_populations()["samples"], history.get_all_populations()["samples"]
    )


def test_an_epsilon_floor_stops_the_run_at_the_floor(tmp_path):
    """With a floor between two of the median schedule's epsilons the schedule is the
    same above it, the next generation runs at the floor itself and the run stops there;
    without it the schedule goes below."""

    def epsilons(db, floor):
        space = inf.ParameterSpace.of(TOY_PARAMS, inf.DEFAULT_SPACE)
        history = inf.run_abc(
            inf.InSpace(toy_model, space), space.prior(), toy_distance(), db, 100, 6,
            inf.SeededSampler(seed=3), proposal=inf.transition(inf.DEFAULT_TRANSITION,
            list(TOY_PARAMS)), epsilon_floor=floor,
        )  # fmt: skip
        pops = history.get_all_populations()
        return list(pops.loc[pops["t"] >= 0, "epsilon"])

    free = epsilons(tmp_path / "free.db", None)
    assert len(free) == 6 and free[3] < 6.5 < free[2]
    floored = epsilons(tmp_path / "floor.db", 6.5)
    assert floored[:3] == pytest.approx(free[:3])  # the same run down to the floor
    assert floored[3:] == [6.5]  # then one generation at it, and the run stops


def test_a_checkpoint_that_no_longer_matches_is_discarded(tmp_path):
    """A checkpoint whose first particle, simulated again, differs (the model changed) or
    of another seed is not used: the generation starts over, to the same result."""
    want = toy_posterior(tmp_path / "a.db", generations=2, population=60)
    for case in ("changed", "other seed"):
        db = tmp_path / f"{case}.db"
        checkpoint = inf.checkpoint_file(db)
        toy_run(db, generations=1, population=60)
        with pytest.raises(inf.GenerationPaused):
            toy_run(
                db, generations=2, population=60, resume=True, checkpoint=checkpoint,
                deadline=0.0,
            )  # fmt: skip
        with gzip.open(checkpoint, "rb") as f:
            state = cloudpickle.load(f)
        if case == "changed":
            state["particles"][0][1].distance += 0.01
        else:
            state["seed"] += 1
        with gzip.open(checkpoint, "wb") as f:
            cloudpickle.dump(state, f)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            history, space = toy_run(
                db, generations=2, population=60, resume=True, checkpoint=checkpoint
            )
        differs = [w for w in caught if "differs from the stored one" in str(w.message)]
        assert len(differs) == (case == "changed")
        assert not checkpoint.exists()
        pd.testing.assert_frame_equal(
            want, inf.posterior_frame(history, names=list(TOY_PARAMS), space=space)
        )


# --- the weights in many dimensions -----------------------------------------------------

#: Ten parameters, three of them seen (a sum, a difference, a level), the rest not: as in
#: the real problem, most of the dimensions keep (about) their prior.
WIDE_PARAMS = {
    **{f"p{i}": Param(f"p{i}", "strengths", 0.5, 0.0, 1.0, fit=(0.0, 1.0)) for i in range(9)},
    "rate": Param("rate", "strengths", 0.1, 0.01, 1.0, fit=(0.01, 1.0), prior="log-uniform"),
}


def wide_model(point):
    e = np.random.normal(0.0, NOISE, 3)  # noqa: NPY002
    return {
        "s0": point["p0"] + point["p1"] + e[0],
        "s1": point["p2"] + e[1],
        "s2": np.log10(point["rate"]) + e[2],
    }


def wide_run(db, transition, space_kind, scaling=inf.DEFAULT_SCALING, seed=1):
    """Five generations of 100 particles on the ten-parameter stand-in (a few seconds)."""
    space = inf.ParameterSpace.of(WIDE_PARAMS, space_kind)
    distance = inf.Discrepancy(
        {"s0": 0.9, "s1": 0.3, "s2": -1.0}, dict.fromkeys(("s0", "s1", "s2"), 0.05)
    )
    sampler = inf.SeededSampler(seed=seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", inf.LowESSWarning)
        history = inf.run_abc(
            inf.InSpace(wide_model, space),
            space.prior(),
            distance,
            db,
            100,
            5,
            sampler,
            proposal=inf.transition(transition, list(WIDE_PARAMS), scaling),
        )
    low = [w for w in caught if issubclass(w.category, inf.LowESSWarning)]
    return inf.diagnostics(history), low, sampler


@pytest.mark.slow  # a few seconds: the quick subset keeps its cheaper siblings
def test_ess_holds_in_ten_dimensions_with_the_default_proposal(tmp_path):
    """Per-parameter kernels on the normal scores keep the ESS above a third throughout."""
    diag, low, sampler = wide_run(tmp_path / "new.db", inf.DEFAULT_TRANSITION, inf.DEFAULT_SPACE)
    gens = diag[diag["t"] >= 0]
    assert (gens["ess"] >= inf.ESS_FLOOR * 100).all(), gens
    assert not gens["ess_low"].any() and not low
    assert gens["epsilon"].is_monotonic_decreasing
    # The sampler's record is the stored population's.
    for t, ess in sampler.ess.items():
        if t < 0:  # the prior sample that sets the first epsilon: no population stored
            continue
        assert ess == pytest.approx(float(gens.loc[gens["t"] == t, "ess"].iloc[0]))


@pytest.mark.slow  # a few seconds: the quick subset keeps its cheaper siblings
def test_ess_collapses_with_the_trial_proposal(tmp_path):
    """The trial's joint kernel density on the parameters: the guard must fire."""
    diag, low, _ = wide_run(tmp_path / "old.db", "mvn", "natural", scaling=1.0)
    gens = diag[diag["t"] >= 0]
    assert gens["ess_low"].any(), gens
    assert (gens.loc[gens["ess_low"], "ess"] < inf.ESS_FLOOR * 100).all()
    assert low and "effective sample size" in str(low[0].message)


def test_parameter_space_scores_map_to_the_prior():
    """On the scores the prior is standard normal and maps onto the declared prior."""
    space = inf.ParameterSpace.of(WIDE_PARAMS, "scores")
    z = pd.DataFrame({n: [-1.5, 0.0, 2.0] for n in WIDE_PARAMS})
    x = space.natural_frame(z)
    for name, p in WIDE_PARAMS.items():
        frozen = inf.prior_distribution(p)
        expect = frozen.ppf(inf.stats.norm.cdf(z[name]))
        np.testing.assert_allclose(x[name], expect, rtol=1e-9)
        assert space.natural(z.iloc[1])[name] == pytest.approx(frozen.median())
        assert space.prior()[name].pdf(0.0) == pytest.approx(inf.stats.norm.pdf(0.0))
    natural = inf.ParameterSpace.of(WIDE_PARAMS, "natural")
    pd.testing.assert_frame_equal(natural.natural_frame(x), x)
    assert natural.prior()["rate"].pdf(0.1) == pytest.approx(
        inf.prior(WIDE_PARAMS)["rate"].pdf(0.1)
    )
    with pytest.raises(ValueError, match="space"):
        inf.ParameterSpace.of(WIDE_PARAMS, "logit")
    with pytest.raises(ValueError, match="transition"):
        inf.transition("kde")


def test_new_run_refuses_existing_database(tmp_path):
    toy_run(tmp_path / "x.db", generations=1, population=20)
    with pytest.raises(FileExistsError):
        toy_run(tmp_path / "x.db", generations=1, population=20)
    with pytest.raises(FileNotFoundError):
        toy_run(tmp_path / "none.db", generations=1, population=20, resume=True)


# --- pieces --------------------------------------------------------------------------------


def test_discrepancy_point_direction_and_nan():
    d = inf.Discrepancy(
        {"p": 1.0, "up": 0.0, "down": 0.0},
        {"p": 0.5, "up": 0.1, "down": 0.1},
        {"up": 1, "down": -1},
    )
    assert d({"p": 1.0, "up": 0.3, "down": -0.3}) == 0.0  # right side of both edges
    assert d({"p": 2.0, "up": 0.3, "down": -0.3}) == pytest.approx(2.0)
    assert d({"p": 1.0, "up": -0.2, "down": 0.0}) == pytest.approx(2.0)
    assert d({"p": 1.0, "up": 0.0, "down": 0.1}) == pytest.approx(1.0)
    assert d({"p": np.nan, "up": 0.0, "down": 0.0}) == pytest.approx(inf.NAN_PENALTY)


def test_discrepancy_agrees_with_target_deviation():
    targets = targets_with_role("fit")
    scale = {t.id: 1.0 for t in targets}
    d = inf.Discrepancy.for_targets(targets, scale)
    x = {t.id: t.low - 0.01 for t in targets}
    scaled = d.scaled(x)
    for t in targets:
        assert scaled[t.id] == pytest.approx(t.deviation(x[t.id]))


def test_scales_combine_observation_and_monte_carlo():
    table = pd.DataFrame({"target": ["A", "B"], "mc_sd": [0.4, np.nan], "obs_sd": [0.3, 0.2]})
    s = inf.scales(table, replications=4)
    assert s["A"] == pytest.approx(np.sqrt(0.3**2 + 0.4**2 / 4))
    assert s["B"] == pytest.approx(0.2)


def test_priors_from_declarations():
    params = inf.calibrated()
    assert set(params) == {n for n, p in PARAMETERS.items() if p.fit is not None and not p.fixed}
    assert len(params) >= 2
    # The fixed ones are declared on the parameter, with a reason, and can still be named.
    fixed = [n for n, p in PARAMETERS.items() if p.fixed]
    assert fixed and all(PARAMETERS[n].calibrated and not PARAMETERS[n].inferred for n in fixed)
    assert list(inf.calibrated(fixed)) == fixed
    dist = inf.prior(params)
    for name, p in params.items():
        low, high = p.fit
        assert dist[name].pdf((low + high) / 2) > 0
        assert dist[name].pdf(low - 1e-6 * (high - low) - 1e-9) == 0
        frozen = inf.prior_distribution(p)
        assert frozen.ppf(0.0) == pytest.approx(low) and frozen.ppf(1.0) == pytest.approx(high)
    log = [p for p in params.values() if p.prior == "log-uniform"]
    assert log, "the wide-range parameters declare log-uniform priors"
    for p in log:
        frozen = inf.prior_distribution(p)
        # Log-uniform: the geometric midpoint is the median.
        assert frozen.median() == pytest.approx(np.sqrt(p.fit[0] * p.fit[1]))
    with pytest.raises(ValueError, match="not calibrated"):
        inf.calibrated(["students"])


def test_param_prior_declaration_checked():
    with pytest.raises(ValueError, match="prior"):
        Param("x", "strengths", 0.5, 0.0, 1.0, fit=(0.0, 1.0), prior="normal")
    with pytest.raises(ValueError, match="above 0"):
        Param("x", "strengths", 0.5, 0.0, 1.0, fit=(0.0, 1.0), prior="log-uniform")
    p = Param("x", "strengths", 0.5, 0.0, 1.0, fit=(0.1, 1.0))
    assert p.calibrated and p.prior_text() == "uniform 0.1 – 1" and p.prior_why()
    assert not Param("y", "strengths", 0.5, 0.0, 1.0).calibrated
    q = Param("z", "strengths", 0.5, 0.0, 1.0, fit=(0.1, 1.0), fixed="screened out")
    assert q.calibrated and not q.inferred and p.inferred
    with pytest.raises(ValueError, match="fixed"):
        Param("w", "strengths", 0.5, 0.0, 1.0, fixed="no range")


def test_sampler_seeds_and_simulation_seeds():
    s = inf.SeededSampler(seed=7)
    seeds = {s.particle_seed(t, j) for t in (-1, 0, 1) for j in range(50)}
    assert len(seeds) == 150  # distinct per generation and particle
    assert s.particle_seed(0, 3) == inf.SeededSampler(seed=7).particle_seed(0, 3)
    assert s.particle_seed(0, 3) != inf.SeededSampler(seed=8).particle_seed(0, 3)
    np.random.seed(1)  # noqa: NPY002
    drawn = [inf.draw_seed(4) for _ in range(200)]
    assert all(seed in FIT and seed + 3 in FIT for seed in drawn)
    assert not any(seed in inf.PILOT_SEEDS for seed in drawn)
    assert inf.PILOT_SEEDS.start in FIT and inf.PILOT_SEEDS.stop - 1 in FIT


def test_target_roles_and_observations():
    assert {t.role for t in ALL_TARGETS} <= set(("fit", "validate", "neither"))
    assert [t.id for t in TARGETS][:4] == ["T1a", "T1b", "T1c", "T1d"]
    for t in ALL_TARGETS:
        assert t.obs_sd > 0 and t.sd_basis, t.id
        if t.observed is not None:
            assert t.low <= t.observed <= t.high, t.id
    fit = {t.id for t in targets_with_role("fit")}
    held = {t.id for t in targets_with_role("validate")}
    assert fit and held and not fit & held
    # T1a: 13% of about 130 coached students.
    t1a = next(t for t in TARGETS if t.id == "T1a")
    assert t1a.obs_sd == pytest.approx(np.sqrt(0.13 * 0.87 / 130))


# --- the real model's path ------------------------------------------------------------------


@pytest.mark.slow
def test_real_model_smoke_writes_and_resumes(tmp_path):
    """Two parameters, 10 particles, 200 students: files written, a resume goes on."""
    names = ["leave_threshold", "leave_hazard_max"]
    kwargs = dict(
        names=names,
        students=200,
        replications=1,
        population=10,
        db=tmp_path / "abc.db",
        out=tmp_path / "out",
        workers=2,
        pilot_replications=3,
        log=lambda _: None,
    )
    files = inf.run_inference(generations=1, **kwargs)
    files = inf.run_inference(generations=2, resume=True, **kwargs)
    post = pd.read_parquet(files["posterior"])
    # What the posterior loader relies on: parameter columns and weights summing to 1.
    assert list(post.columns) == [*names, "weight"]
    assert all(n in PARAMETERS and PARAMETERS[n].calibrated for n in names)
    assert len(post) == 10 and post["weight"].sum() == pytest.approx(1.0)
    assert (post["weight"] >= 0).all()
    for n in names:
        low, high = PARAMETERS[n].fit
        assert post[n].between(low, high).all()
    diag = pd.read_csv(files["diagnostics"])
    assert list(diag["t"]) == [-1, 0, 1]
    assert diag.loc[diag["t"] == 1, "simulations"].notna().all()  # run after the resume
    # and those run before it are kept from the first session's table
    assert diag.loc[diag["t"] <= 0, "simulations"].notna().all()
    ident = pd.read_csv(files["identifiability"])
    assert list(ident["parameter"]) == names
    pilot = pd.read_csv(files["pilot"])
    assert set(pilot["target"]) == {t.id for t in targets_with_role("fit")}
    assert (pilot["scale"] > 0).all()
    with pytest.raises(ValueError, match="other settings"):
        inf.run_inference(generations=3, resume=True, **{**kwargs, "students": 300})
    # another proposal is allowed from the next generation, and recorded (no generation
    # is missing, so none runs)
    inf.run_inference(generations=2, resume=True, transition_kind="defensive", **kwargs)
    stored = json.loads((tmp_path / "abc.db.settings.json").read_text())
    assert [(p["from_generation"], p["transition"]) for p in stored["proposals"]] == [
        (0, inf.DEFAULT_TRANSITION),
        (2, "defensive"),
    ]


@pytest.mark.slow
def test_mpiexec_and_dask_give_the_serial_posterior(tmp_path):
    """The cluster paths (issue 14 item 2): the same seed gives the same posterior in this
    process, under ``mpiexec`` (mpi4py.futures, rank 0 submits) and on a Dask cluster."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    names = ["leave_threshold", "leave_hazard_max"]
    settings = dict(students=200, replications=1, population=8, pilot_replications=2, seed=5)

    def local(kind, sub):
        files = inf.run_inference(
            names=names, generations=2, db=tmp_path / sub / "abc.db", out=tmp_path / sub,
            executor_kind=kind, workers=1 if kind == "local" else 2, log=lambda _: None,
            **settings,
        )  # fmt: skip
        return pd.read_parquet(files["posterior"])

    serial = local("local", "serial")
    out = tmp_path / "mpi"
    cmd = [
        str(Path(sys.executable).parent / "mpiexec"), "-n", "3", sys.executable,
        "-m", "mpi4py.futures", "experiments/infer.py", "--params", *names,
        "--generations", "2", "--db", str(out / "abc.db"), "--out", str(out),
        "--executor", "mpi", *(f"--{k.replace('_', '-')}={v}" for k, v in settings.items()),
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, cwd=root)
    assert proc.returncode == 0, proc.stderr[-3000:]
    pd.testing.assert_frame_equal(pd.read_parquet(out / "posterior.parquet"), serial)
    pd.testing.assert_frame_equal(local("dask", "dask"), serial)


def test_gaussian_and_defensive_proposals_densities():
    """The two proposals' densities are what they draw from, and the defensive one's
    weight term prior / proposal is bounded by 1 / share."""
    import scipy.stats as st

    rng = np.random.default_rng(0)
    pop = pd.DataFrame(rng.multivariate_normal([0.5, -0.2], [[0.3, 0.1], [0.1, 0.2]], 400),
                       columns=["a", "b"])  # fmt: skip
    w = np.full(len(pop), 1 / len(pop))
    g = inf.GaussianTransition(scaling=1.5)
    g.fit(pop, w)
    np.random.seed(1)  # noqa: NPY002
    draws = pd.DataFrame([g.rvs_single() for _ in range(4000)])
    np.testing.assert_allclose(draws.mean(), pop.mean(), atol=0.04)
    np.testing.assert_allclose(draws.cov(), 1.5 * pop.cov(), rtol=0.1)
    x = draws.iloc[:5]
    want = st.multivariate_normal(pop.mean(), 1.5 * np.cov(pop.T, bias=True)).pdf(x)
    np.testing.assert_allclose(g.pdf(x), want, rtol=1e-2)
    assert g.pdf(x.iloc[0]) == pytest.approx(want[0], rel=1e-2)

    d = inf.transition("defensive", ["a", "b"])
    d.fit(pop, w)
    far = pd.DataFrame({"a": [-4.0, 0.0, 3.5], "b": [3.0, 0.0, -4.0]})
    prior = np.prod(st.norm.pdf(far.to_numpy()), axis=1)
    share = inf.DefensiveTransition().share
    assert (prior / d.pdf(far) <= (1 / share) ** 2 + 1e-9).all()  # a factor per parameter
    np.random.seed(2)  # noqa: NPY002
    drawn = pd.DataFrame([d.rvs_single() for _ in range(3000)])
    # About a fifth of each coordinate's draws come from the prior: visible in the tails.
    assert (drawn["a"] < -1.5).mean() > 0.2 * st.norm.cdf(-1.5) * 0.7


@pytest.mark.slow  # a few seconds
def test_defensive_proposal_keeps_the_ess_in_ten_dimensions(tmp_path):
    diag, low, _ = wide_run(tmp_path / "d.db", "defensive", inf.DEFAULT_SPACE)
    gens = diag[diag["t"] >= 0]
    assert (gens["ess"] >= inf.ESS_FLOOR * 100).all() and not low, gens


def test_a_cluster_pool_sets_the_chunks_not_the_workers_flag():
    """Under mpiexec -n 65 a batch is split into 64 chunks, not --workers' default 2."""

    class Mpi:
        num_workers = 64

    class Dask:
        def scheduler_info(self):
            return {"workers": {f"tcp://w{i}": {} for i in range(12)}}

    assert inf.pool_size(Mpi(), 2) == 64
    assert inf.pool_size(Dask(), 2) == 12
    assert inf.pool_size(None, 2) == 2  # one process
    assert inf.pool_size(object(), 3) == 3  # a local pool made with --workers


def test_a_resume_may_change_the_proposal_only_and_records_it():
    """The proposal is not part of what a run infers: a resume may change it (recorded
    with its first generation); any other setting is refused, naming it."""
    stored = {
        "parameters": ["a"],
        "students": 1000,
        "replications": 2,
        "population": 300,
        "seed": 5,
        "targets": ["T1a"],
        "transition": "defensive",
        "space": "scores",
        "scaling": 2.0,
        "left_out": [],
    }  # fmt: skip  (a run stored before the share was a setting)
    same = {**stored, "share": inf.DEFAULT_SHARE}
    kept = inf.resumed_settings(stored, same, next_t=7)
    assert kept["proposals"] == [
        {"from_generation": 0, "transition": "defensive", "scaling": 2.0, "share": 0.2}
    ]
    changed = inf.resumed_settings(kept, {**same, "transition": "marginal"}, next_t=7)
    assert changed["transition"] == "marginal"
    assert [p["from_generation"] for p in changed["proposals"]] == [0, 7]
    assert changed["proposals"][-1]["transition"] == "marginal"
    again = inf.resumed_settings(changed, {**same, "transition": "marginal"}, next_t=8)
    assert again["proposals"] == changed["proposals"]  # no change, nothing appended
    for key, value in (("students", 2000), ("seed", 6), ("space", "natural")):
        with pytest.raises(ValueError, match=key):
            inf.resumed_settings(kept, {**same, key: value}, next_t=7)
    # The epsilon floor is a schedule setting: set on a resume, recorded in "schedule",
    # kept by a resume that gives it again, and not a proposal change.
    assert "schedule" not in kept and kept["epsilon_floor"] is None
    floored = inf.resumed_settings(kept, {**same, "epsilon_floor": 4.5}, next_t=9)
    assert floored["epsilon_floor"] == 4.5 and floored["proposals"] == kept["proposals"]
    assert floored["schedule"] == [{"from_generation": 9, "epsilon_floor": 4.5}]
    later = inf.resumed_settings(floored, {**same, "epsilon_floor": 4.5}, next_t=10)
    assert later["schedule"] == floored["schedule"]


def test_a_packed_database_is_restored_only_where_it_is_missing(tmp_path):
    db = tmp_path / "abc.db"
    db.write_bytes(b"sqlite, as it were")
    inf.pack_db(db)
    packed = inf.packed_file(db)
    assert packed == tmp_path / "abc.db.gz"
    assert gzip.decompress(packed.read_bytes()) == b"sqlite, as it were"
    first = packed.read_bytes()
    inf.pack_db(db)
    assert packed.read_bytes() == first  # same bytes: git sees no change
    assert not inf.restore_db(db)  # the working database wins over its packed copy
    db.write_bytes(b"newer")
    assert not inf.restore_db(db) and db.read_bytes() == b"newer"
    db.unlink()
    assert inf.restore_db(db) and db.read_bytes() == b"sqlite, as it were"
    assert not inf.restore_db(tmp_path / "other.db")  # nothing to restore from
    assert not (tmp_path / "other.db").exists()


@pytest.mark.slow
def test_screening_is_the_same_serial_and_on_the_pool():
    names = ["leave_threshold", "programme_fit"]
    kw = dict(names=names, students=120, replications=1, trajectories=2, levels=4, seed=3)
    serial = inf.screen(workers=1, **kw)
    pooled = inf.screen(workers=2, **kw)
    assert set(serial["parameter"]) == set(names)
    pd.testing.assert_frame_equal(serial, pooled)
    # A screening that saw nothing would give zero effects for every parameter.
    assert serial["mu_star_max"].max() > 0
