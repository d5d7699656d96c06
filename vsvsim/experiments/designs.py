"""Designs: an :class:`~vsvsim.experiments.spec.Experiment` in, the table of runs out.

The samplers are the EMA workbench's (full factorial, Latin hypercube, Monte Carlo) and, for
the sensitivity designs, the EMA workbench's wrappers around SALib (Sobol/Saltelli, Morris).
Levers are always crossed full-factorially with the uncertainty sample (EMA's
``combine="full_factorial"``), so every policy meets the same set of conditions; each
design point then runs ``replications`` times, replication i with seed ``seed + i`` at
every point (common random numbers: two points differ by their parameters, not their luck).

Every run gets an id hashed from its complete parameter set (scenario file values with the
overrides applied), its seed and its reference run: the id changes when anything that could
change the outcome changes, and two design rows that ask for the same run share one id.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.stats as st

from vsvsim import ScenarioError, load_scenario
from vsvsim.experiments.spec import Experiment, Factor

with warnings.catch_warnings():
    # ema_workbench warns on import that the optional ipyparallel is missing; not needed.
    warnings.simplefilter("ignore")
    from ema_workbench import (
        CategoricalParameter,
        IntegerParameter,
        RealParameter,
    )
    from ema_workbench.em_framework.points import SampleCollection
    from ema_workbench.em_framework.salib_samplers import (
        MorrisSampler,
        SobolSampler,
        get_SALib_problem,
    )
    from ema_workbench.em_framework.samplers import (
        FullFactorialSampler,
        LHSSampler,
        MonteCarloSampler,
    )

__all__ = ["Plan", "build_plan", "ema_parameter", "run_id", "salib_problem"]


@dataclass
class Plan:
    """The runs of an experiment.

    Attributes:
        design: One row per design point and replication, in design order: ``row``,
            ``point`` (design point), ``policy`` (lever combination), ``sample``
            (uncertainty sample, the same across policies), ``replication``, ``seed``,
            ``run_id``, ``scenario`` (its name), then one column per factor.
        unit: For Sobol and Morris designs, the sample on SALib's unit scale (one row
            per uncertainty sample, one column per uncertainty) that the analyses need;
            else None.
        tasks: One entry per distinct run id: what a worker needs to run it.
    """

    design: pd.DataFrame
    unit: pd.DataFrame | None
    tasks: dict[str, dict[str, Any]]


def _native(value: Any) -> Any:
    """Plain Python scalars (numpy ints and floats would hash and pickle differently)."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def ema_parameter(f: Factor):
    """The EMA workbench parameter for a factor (lever or uncertainty)."""
    if f.kind == "categorical":
        # values may be booleans or numbers; the EMA category carries them as they are.
        return CategoricalParameter(f.name, list(f.values))
    if f.distribution == "uniform":
        resolution = None
        if f.levels is not None:
            grid = np.linspace(f.low, f.high, f.levels)
            resolution = sorted({round(v) for v in grid}) if f.kind == "integer" else list(grid)
        if f.kind == "integer":
            return IntegerParameter(f.name, f.low, f.high, resolution=resolution)
        return RealParameter(f.name, f.low, f.high, resolution=resolution)
    if f.distribution == "triangular":
        scale = f.high - f.low
        dist = st.triang((f.mode - f.low) / scale, loc=f.low, scale=scale)
    else:  # normal, truncated to [low, high]
        a, b = (f.low - f.mean) / f.sd, (f.high - f.mean) / f.sd
        dist = st.truncnorm(a, b, loc=f.mean, scale=f.sd)
    if f.kind == "integer":
        raise ScenarioError(
            f"{f.role}s.{f.name}: a {f.distribution} distribution needs a real-valued "
            "parameter; use the uniform distribution for whole numbers"
        )
    param = RealParameter.from_dist(f.name, dist)
    param.lower_bound, param.upper_bound = f.low, f.high
    return param


def salib_problem(factors: tuple[Factor, ...]) -> dict[str, Any]:
    """SALib's problem for the uncertainties, on the unit scale the sample is drawn on."""
    return get_SALib_problem([ema_parameter(f) for f in factors])


def _factorial(params: list, size: int) -> SampleCollection:
    for p in params:
        if isinstance(p, CategoricalParameter):
            # Every category: without a resolution EMA takes ``size`` evenly spaced
            # category indices, which drops categories when size < their number.
            p.resolution = list(range(len(p.categories)))
    return FullFactorialSampler().generate_samples(params, size)


def _records(collection: SampleCollection) -> list[dict[str, Any]]:
    return [{k: _native(v) for k, v in s.items()} for s in collection]


def _uncertainty_sample(exp: Experiment) -> tuple[list[dict[str, Any]], pd.DataFrame | None]:
    """The uncertainty sample, in design order, and the unit-scale matrix (Sobol, Morris)."""
    factors = exp.uncertainties
    if not factors:
        return [{}], None
    params = [ema_parameter(f) for f in factors]
    d = exp.design
    rng = np.random.default_rng(d.seed)
    match d.kind:
        case "full_factorial":
            return _records(_factorial(params, d.levels)), None
        case "latin_hypercube":
            return _records(LHSSampler().generate_samples(params, d.samples, rng=rng)), None
        case "monte_carlo":
            return _records(MonteCarloSampler().generate_samples(params, d.samples, rng=rng)), None
        case "sobol":
            sampler = SobolSampler()
            problem = get_SALib_problem(params)
            unit = sampler.sample(problem, d.samples, rng=rng, calc_second_order=d.second_order)
        case "morris":
            sampler = MorrisSampler()
            problem = get_SALib_problem(params)
            unit = sampler.sample(problem, d.samples, rng=d.seed, num_levels=d.levels)
    # SALib draws on the unit cube; keep that sample (Morris analysis finds which factor
    # moved in each step from it: after rescaling, whole-number factors can tie).
    collection = SampleCollection(_rescale(params, unit), params)
    return _records(collection), pd.DataFrame(unit, columns=problem["names"])


def _rescale(params: list, unit: np.ndarray) -> np.ndarray:
    """Unit-cube sample to parameter values through each parameter's distribution.

    Like the EMA workbench's own rescaling, except that whole-number and categorical
    parameters are clipped to their range: a discrete distribution's ``ppf(0)`` is one
    below its lowest value, and Morris grids contain 0 exactly (EMA 3.0 would give
    ``waiting_weeks = -1`` or wrap to the last category there).
    """
    out = np.empty_like(unit, dtype=float)
    for j, p in enumerate(params):
        values = p.dist.ppf(unit[:, j])
        if isinstance(p, IntegerParameter):
            values = np.clip(np.floor(values), p.lower_bound, p.upper_bound)
        out[:, j] = values
    return out


def _policies(exp: Experiment) -> list[dict[str, Any]]:
    levers = list(exp.levers)
    params = [ema_parameter(f) for f in levers]
    if len(exp.scenarios) > 1:
        params.insert(0, CategoricalParameter("scenario", list(exp.scenarios)))
    if not params:
        return [{}]
    return _records(_factorial(params, exp.design.levels))


def run_id(scenario_params: dict[str, Any], scenario: str, seed: int, reference: Any) -> str:
    """The id of one run: a hash of its complete parameters, scenario, seed and reference."""
    payload = {
        "scenario": scenario,
        "params": {k: _native(v) for k, v in sorted(scenario_params.items())},
        "seed": int(seed),
        "reference": reference,
    }
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def build_plan(exp: Experiment) -> Plan:
    """Every run of an experiment, with its id.

    With posterior draws (``exp.draws``) every design point runs over every draw x
    replication, draw-major; a draw is context (model parameters), so the reference run
    gets it too, and the design table adds ``draw`` and the draw's parameter values.

    Args:
        exp: A validated experiment.

    Returns:
        The :class:`Plan`.
    """
    policies = _policies(exp)
    samples, unit = _uncertainty_sample(exp)
    base = {s: load_scenario(s) for s in exp.scenarios}
    lever_names = {f.name for f in exp.levers}
    labels = {s: spec.name for s, spec in base.items()}
    rows: list[dict[str, Any]] = []
    tasks: dict[str, dict[str, Any]] = {}
    point = 0
    for p_i, policy in enumerate(policies):
        scenario = policy.get("scenario", exp.scenarios[0])
        for s_i, sample in enumerate(samples):
            values = {k: v for k, v in policy.items() if k != "scenario"} | sample
            for d, draw in enumerate(exp.draws or ({},)):
                ident = {"point": point, "policy": p_i, "sample": s_i}
                if exp.draws:
                    ident["draw"] = d
                runs = _runs(exp, base[scenario], scenario, values, draw, lever_names)
                for r, (rid, task) in enumerate(runs):
                    tasks.setdefault(rid, task)
                    row = {**ident, "replication": r, "seed": task["seed"], "run_id": rid}
                    row["scenario"] = labels[scenario]
                    row.update(values)
                    row.update(draw)
                    rows.append(row)
            point += 1
    design = pd.DataFrame(rows)
    design.insert(0, "row", np.arange(len(design)))
    return Plan(design=design, unit=unit, tasks=tasks)


def _runs(
    exp: Experiment,
    spec: Any,
    scenario: str,
    values: dict[str, Any],
    draw: dict[str, Any],
    lever_names: set[str],
) -> list[tuple[str, dict[str, Any]]]:
    """The runs of one design point (and posterior draw): (run id, task) per replication."""
    overrides = dict(exp.fixed) | values | draw
    try:
        full = dict(spec.with_params(**overrides).params)
    except ScenarioError:
        # An inconsistent combination (say risk shares above 1) is recorded as a failed run
        # by the worker; its id still follows from its inputs.
        full = dict(spec.params) | overrides
    ref = ref_over = None
    if exp.reference is not None:
        # The reference shares the context (fixed values, uncertainties, the posterior
        # draw), not the policy: levers describe the programme it is compared against.
        context = {k: v for k, v in values.items() if k not in lever_names}
        ref_over = dict(exp.fixed) | context | draw
        ref = {"scenario": exp.reference, "overrides": ref_over}
    out = []
    for r in range(exp.replications):
        seed = exp.seed + r
        rid = run_id(full, scenario, seed, ref and {"s": exp.reference, **ref_over})
        task = {
            "run_id": rid,
            "scenario": scenario,
            "overrides": overrides,
            "seed": seed,
            "reference": ref,
        }
        out.append((rid, task))
    return out
