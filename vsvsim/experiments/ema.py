"""vsvsim as an ordinary EMA workbench model function.

An EMA workbench user can call ``perform_experiments`` on vsvsim directly::

    from ema_workbench import perform_experiments
    from vsvsim.experiments.ema import ema_model

    model = ema_model(
        "preventive_screening",
        uncertainties=["labour_market_pull", "screening_accuracy"],  # full allowed range
        levers={"coaches": (5, 40)},
        outcomes=["dropout_rate", "net_dropout_rate"],
        constants={"students": 500},
        replications=3,  # seeds 0, 1, 2: common random numbers across experiments
    )
    experiments, outcomes = perform_experiments(model, scenarios=20, policies=2)

:func:`vsvsim_function` is the model function itself (keyword arguments: a scenario name,
a seed and any parameters of the table; returns a dict of summary outcomes), so it also
fits a hand-built ``ema_workbench.Model``.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from vsvsim import PARAMETERS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # the optional ipyparallel is missing: not needed here
    from ema_workbench import (
        BooleanParameter,
        CategoricalParameter,
        Constant,
        IntegerParameter,
        Model,
        RealParameter,
        ReplicatorModel,
        ScalarOutcome,
    )

__all__ = ["ema_model", "vsvsim_function"]

#: Outcomes returned when none are named.
DEFAULT_EMA_OUTCOMES = ("dropout_rate", "net_dropout_rate", "reentry_rate", "coach_cost")


def vsvsim_function(scenario: str = "baseline", seed: int = 0, **params: Any) -> dict[str, float]:
    """Run vsvsim once and return its summary outcomes (an EMA workbench model function).

    Args:
        scenario: Scenario name or TOML path.
        seed: Seed of the run.
        **params: Parameter values (names from ``vsvsim params``), validated as in a
            scenario file.

    Returns:
        Every numeric summary column, plus ``net_dropout_rate`` (left and not come back).
    """
    import vsvsim

    clean = {k: v.item() if isinstance(v, np.generic) else v for k, v in params.items()}
    summary = vsvsim.run(scenario, seed=int(seed), overrides=clean).summary.iloc[0]
    out = {k: v for k, v in summary.items() if isinstance(v, int | float | np.number)}
    rate, reentry = out.get("dropout_rate", np.nan), out.get("reentry_rate", np.nan)
    out["net_dropout_rate"] = rate * (1 - reentry) if not np.isnan(reentry) else rate
    return out


def _parameter(name: str, bounds: Any):
    p = PARAMETERS.get(name)
    if p is None:
        raise ValueError(f"unknown parameter {name!r}; see `vsvsim params` for the names")
    if p.kind is bool:
        return BooleanParameter(name)
    if p.choices is not None:
        return CategoricalParameter(name, list(bounds or p.choices))
    low, high = bounds if bounds is not None else (p.low, p.high)
    if p.kind is int:
        return IntegerParameter(name, int(low), int(high))
    return RealParameter(name, float(low), float(high))


def _parameters(spec: Any) -> list:
    if spec is None:
        return []
    if isinstance(spec, dict):
        return [_parameter(n, b) for n, b in spec.items()]
    return [_parameter(n, None) for n in spec]


def ema_model(
    scenario: str = "baseline",
    *,
    uncertainties: list[str] | dict[str, Any] | None = None,
    levers: list[str] | dict[str, Any] | None = None,
    outcomes: list[str] | None = None,
    constants: dict[str, Any] | None = None,
    replications: int | None = None,
    name: str = "vsvsim",
):
    """An EMA workbench model running vsvsim.

    Args:
        scenario: The scenario every experiment starts from.
        uncertainties: Parameter names (their full allowed range) or ``{name: (low,
            high)}`` (``{name: [choices]}`` for a choice).
        levers: Likewise, for the policy levers.
        outcomes: Summary outcomes to collect (default :data:`DEFAULT_EMA_OUTCOMES`).
        constants: Fixed parameter values (``students``, ``years``, ...).
        replications: Replications per experiment, replication i with seed i (a
            ``ReplicatorModel``: each outcome is then the mean over the replications); None
            for one run with seed 0.
        name: The model's name in EMA's tables.

    Returns:
        An ``ema_workbench.Model`` (or ``ReplicatorModel``) for ``perform_experiments``.
    """
    if replications is None:
        model = Model(name, function=vsvsim_function)
        base_constants = [Constant("scenario", scenario), Constant("seed", 0)]
    else:
        model = ReplicatorModel(name, function=vsvsim_function)
        model.replications = [{"seed": i} for i in range(replications)]
        base_constants = [Constant("scenario", scenario)]
    model.uncertainties = _parameters(uncertainties)
    model.levers = _parameters(levers)
    # With replications EMA hands each outcome over as one value per replication; the
    # outcome's function reduces them to their mean (one scalar per experiment).
    reduce = None if replications is None else np.mean
    model.outcomes = [ScalarOutcome(o, function=reduce) for o in outcomes or DEFAULT_EMA_OUTCOMES]
    model.constants = base_constants + [Constant(k, v) for k, v in (constants or {}).items()]
    return model
