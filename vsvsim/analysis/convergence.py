"""How far an ABC-SMC run is from converging, and what its next generation would cost.

Two measurements on a stored run (issue 14; ``experiments/convergence_check.py``):

- **The noise floor** (:func:`noise_floor`): the distance of one point (the defaults, the
  representative point) simulated many times at the fit's own settings (cohort,
  replications). A stochastic model does not give the same distance twice; once a
  generation's epsilon is near the floor's median, a further generation mostly rejects
  the best point's own noise. Epsilon above the floor's median is a distance still to
  go; the acceptance of the point at each generation's epsilon says how far.
- **A proposal trial** (:func:`proposal_trial`): draws from each candidate proposal
  (:func:`~vsvsim.analysis.inference.transition`) fitted to the last population, each
  simulated once at the fit's settings with common seeds across proposals, and the
  importance weight each would get. The share of draws within the next epsilon is the
  next generation's acceptance under that proposal (its cost), the effective sample size
  of their weights its quality. This is how a resume picks its proposal
  (:func:`~vsvsim.analysis.inference.resumed_settings`) on evidence.

Both use seeds of the fit's range (:data:`~vsvsim.analysis.inference.SIMULATION_SEEDS`),
far from the sampler's: :data:`FLOOR_SEEDS` and :data:`TRIAL_SEEDS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import cloudpickle
import numpy as np
import pandas as pd
from scipy import stats

from vsvsim.analysis.inference import (
    SIMULATION_SEEDS,
    Discrepancy,
    ParameterSpace,
    TargetModel,
    transition,
    weighted_quantile,
)

__all__ = [
    "FLOOR_SEEDS",
    "TRIAL_SEEDS",
    "acceptance",
    "forecast_history",
    "importance_forecast",
    "next_epsilon",
    "noise_floor",
    "proposal_trial",
]

#: First seeds of the floor's and the trial's simulations (evaluation i starts at
#: ``start + R * i``); inside the fit's range, so no choosing or guard seed is used.
FLOOR_SEEDS = range(SIMULATION_SEEDS.start + 1_000_000, SIMULATION_SEEDS.start + 2_000_000)
TRIAL_SEEDS = range(SIMULATION_SEEDS.start + 2_000_000, SIMULATION_SEEDS.start + 3_000_000)


def _distances(
    model: TargetModel,
    distance: Discrepancy,
    points: Sequence[Mapping[str, float]],
    start: int,
    ex: Any = None,
) -> np.ndarray:
    """The distance of each point, point ``i`` simulated on seeds ``start + R * i``."""
    args = [(model, distance, p, start + model.replications * i) for i, p in enumerate(points)]
    if ex is None:
        return np.array([_distance_of(*a) for a in args])
    # cloudpickle: the targets' statistics are lambdas, which pickle cannot send.
    futures = [ex.submit(_distance_of_packed, cloudpickle.dumps(a)) for a in args]
    return np.array([f.result() for f in futures])


def _distance_of_packed(payload: bytes) -> float:
    return _distance_of(*cloudpickle.loads(payload))


def _distance_of(model: TargetModel, distance: Discrepancy, point, seed: int) -> float:
    return distance(model.simulate(point, seed))


def noise_floor(
    model: TargetModel,
    distance: Discrepancy,
    point: Mapping[str, float],
    evaluations: int,
    ex: Any = None,
) -> np.ndarray:
    """The distance of ``point`` in ``evaluations`` simulations at the fit's settings.

    Args:
        model: The fit's model (its targets, cohort size and replications).
        distance: The fit's distance.
        point: Parameter values (natural scale; {} for the defaults).
        evaluations: Simulations (each of the model's replications).
        ex: An executor with ``submit`` (None: in this process).
    """
    return _distances(model, distance, [dict(point)] * evaluations, FLOOR_SEEDS.start, ex)


def proposal_trial(
    model: TargetModel,
    distance: Discrepancy,
    population: pd.DataFrame,
    weights: np.ndarray,
    proposals: Mapping[str, Mapping[str, Any]],
    draws: int,
    space: ParameterSpace,
    seed: int = 0,
    ex: Any = None,
) -> pd.DataFrame:
    """Draw from each proposal fitted to a population, simulate each draw once.

    Common random numbers: every proposal's draws come from numpy's stream seeded with
    ``seed``, and draw ``i`` of every proposal is simulated on the same seeds, so the
    proposals differ by their kernels, not by their luck.

    Args:
        model: The fit's model (its targets, cohort size and replications).
        distance: The fit's distance.
        population: The last generation's particles on the sampler's scale (one column
            per parameter).
        weights: Their weights.
        proposals: Per label the keyword arguments of
            :func:`~vsvsim.analysis.inference.transition` (``kind``, ``share``, ...).
        draws: Draws per proposal.
        space: The sampler's scale (maps a particle to its parameters).
        seed: Seed of the draws.
        ex: An executor with ``submit`` (None: in this process).

    Returns:
        One row per proposal and draw: ``proposal``, ``draw``, ``distance`` and
        ``weight`` (prior density over proposal density, unnormalised; on the scores
        scale the prior is a standard normal per parameter).
    """
    if space.kind != "scores":
        raise ValueError("the proposal trial needs a run on the 'scores' scale")
    names = list(population.columns)
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    frames = []
    for label, kw in proposals.items():
        kw = dict(kw)
        kernel = transition(kw.pop("kind"), names, **kw)
        kernel.fit(population, w)
        state = np.random.get_state()  # noqa: NPY002
        np.random.seed(seed)  # noqa: NPY002  (pyabc's kernels draw from the global stream)
        try:
            z = pd.DataFrame([dict(kernel.rvs()) for _ in range(draws)])[names]
        finally:
            np.random.set_state(state)  # noqa: NPY002
        q = np.asarray(kernel.pdf(z), dtype=float)
        prior = np.prod(stats.norm.pdf(z.to_numpy(dtype=float)), axis=1)
        points = [space.natural(dict(r)) for _, r in z.iterrows()]
        d = _distances(model, distance, points, TRIAL_SEEDS.start, ex)
        frames.append(
            pd.DataFrame(
                {"proposal": label, "draw": range(draws), "distance": d, "weight": prior / q}
            )
        )
    return pd.concat(frames, ignore_index=True)


def importance_forecast(
    population: pd.DataFrame,
    weights: np.ndarray,
    distances: np.ndarray,
    epsilon: float,
    kernels: Mapping[str, Any],
    reference: str,
) -> pd.DataFrame:
    """Each proposal's next generation forecast from the last one, without simulating.

    The next population is the proposal's draws accepted at ``epsilon``, weighted prior
    over proposal density. Let pi be the next posterior (prior times acceptance
    probability, normalised). Draws accepted have density proportional to ``q a``, so their
    weights ``p / q`` have (E w)^2 / E w^2 = 1 / (E_pi[q / p] E_pi[p / q]): the
    expected ESS fraction. And the acceptance of ``q`` is proportional to E_pi[q / p], so
    proposals' costs compare by that ratio. pi is estimated by the last population's
    particles whose distance is within ``epsilon``, with their weights (the indicator of
    one simulation is an unbiased estimate of the acceptance probability): about half of
    the population at the median epsilon, against the handful of accepted draws a
    simulated trial of the same cost gives (:func:`proposal_trial`). Two biases, both
    measured by :func:`forecast_history`: the kept particles' distances were selected
    small (their noise favoured them), so pi is a little too narrow; and its support is
    the last population's, so a proposal far narrower or wider than it is judged on
    few points.

    Args:
        population: The last population on the sampler's scale (scores: the prior is
            a standard normal per parameter), one column per parameter.
        weights: Their weights.
        distances: Their distances (in the population's order).
        epsilon: The next generation's epsilon.
        kernels: Per label a pyabc transition fitted to the population.
        reference: The label whose acceptance the others are compared with (the run's).

    Returns:
        One row per kernel: ``proposal``, ``epsilon``, ``points`` (particles within
        epsilon), ``ess_fraction`` and ``relative_acceptance`` (to ``reference``).
    """
    inside = np.asarray(distances, dtype=float) <= epsilon
    z = population[inside]
    v = np.asarray(weights, dtype=float)[inside]
    v = v / v.sum()
    prior = np.prod(stats.norm.pdf(z.to_numpy(dtype=float)), axis=1)
    rows = []
    for label, kernel in kernels.items():
        ratio = np.asarray(kernel.pdf(z), dtype=float) / prior  # q / p
        rows.append(
            {
                "proposal": label,
                "epsilon": float(epsilon),
                "points": int(inside.sum()),
                "ess_fraction": float(1.0 / (np.sum(v * ratio) * np.sum(v / ratio))),
                "mean_ratio": float(np.sum(v * ratio)),
            }
        )
    table = pd.DataFrame(rows)
    base = table.loc[table["proposal"] == reference, "mean_ratio"]
    if base.empty:
        raise ValueError(f"reference proposal {reference!r} is not among {list(kernels)}")
    table["relative_acceptance"] = table["mean_ratio"] / float(base.iloc[0])
    return table.drop(columns="mean_ratio")


def forecast_history(
    generations: Mapping[int, tuple[pd.DataFrame, np.ndarray, np.ndarray]],
    epsilons: Mapping[int, float],
    kernel_at: Any,
    realised: pd.DataFrame,
) -> pd.DataFrame:
    """:func:`importance_forecast` of every past generation against what it gave.

    Args:
        generations: Per t the population (sampler's scale), weights and distances.
        epsilons: Per t its epsilon.
        kernel_at: ``kernel_at(t)``: generation t's proposal, unfitted.
        realised: The run's diagnostics (``t``, ``ess_fraction``).

    Returns:
        One row per generation t >= 1 whose previous one is given: ``t``, ``forecast``
        (the ESS fraction from generation t - 1 with t's proposal and epsilon),
        ``realised`` and ``points``.
    """
    real = realised.set_index("t")["ess_fraction"]
    rows = []
    for t in sorted(epsilons):
        if t < 1 or t - 1 not in generations:
            continue
        population, weights, distances = generations[t - 1]
        kernel = kernel_at(t)
        kernel.fit(population, np.asarray(weights, dtype=float) / np.sum(weights))
        f = importance_forecast(
            population, weights, distances, epsilons[t], {"run": kernel}, "run"
        ).iloc[0]
        rows.append(
            {
                "t": t,
                "forecast": f["ess_fraction"],
                "realised": float(real.get(t, np.nan)),
                "points": int(f["points"]),
            }
        )
    return pd.DataFrame(rows, columns=["t", "forecast", "realised", "points"])


def next_epsilon(distances: np.ndarray, weights: np.ndarray) -> float:
    """Pyabc's default next epsilon: the weighted median of the last accepted distances."""
    return weighted_quantile(np.asarray(distances, float), np.asarray(weights, float), 0.5)


def acceptance(trial: pd.DataFrame, epsilons: Mapping[str, float]) -> pd.DataFrame:
    """Per proposal and epsilon: acceptance and the ESS fraction of the accepted weights.

    Args:
        trial: :func:`proposal_trial`'s table.
        epsilons: Per label (say "last", "next") an epsilon.

    Returns:
        One row per proposal and epsilon: ``accepted``, ``draws``, ``acceptance``, its
        95% Wilson interval (``low``, ``high``), ``ess_fraction`` and the expected
        simulations per accepted particle (``cost``, 1 / acceptance).
    """
    rows = []
    for label, g in trial.groupby("proposal", sort=False):
        for name, eps in epsilons.items():
            ok = g[g["distance"] <= eps]
            k, n = len(ok), len(g)
            low, high = _wilson(k, n)
            w = ok["weight"].to_numpy(dtype=float)
            ess = (w.sum() ** 2 / (w**2).sum()) / k if k else np.nan
            rows.append(
                {
                    "proposal": label,
                    "epsilon_of": name,
                    "epsilon": float(eps),
                    "accepted": k,
                    "draws": n,
                    "acceptance": k / n,
                    "low": low,
                    "high": high,
                    "ess_fraction": ess,
                    "cost": n / k if k else np.inf,
                }
            )
    return pd.DataFrame(rows)


def _wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion k / n."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(centre - half), float(centre + half)
