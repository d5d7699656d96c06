r"""How far a stored ABC-SMC run is from converging, and which proposal to go on with.

Measures, on a run's folder (``vsvsim.analysis.convergence``), and writes there:

- ``convergence_floor.csv``: the defaults' distance in ``--floor`` simulations at the
  fit's own cohort and replications (the noise floor of the fit's distance);
- ``convergence_trial.csv``: ``--draws`` draws from each ``--proposals`` kernel fitted to
  the last population, each simulated once at the fit's settings (common seeds across
  the proposals), with its importance weight;
- ``convergence_acceptance.csv``: per proposal its acceptance at the last generation's
  epsilon and at the next one (pyabc's rule: the weighted median of the last accepted
  distances), with a 95% interval, the ESS fraction of the accepted weights and the
  expected simulations per accepted particle::

    uv run python experiments/convergence_check.py --inference docs/calibration/inference

A proposal is ``KIND`` or ``defensive:SHARE`` (a key of
``vsvsim.analysis.inference.TRANSITIONS``; SHARE the prior's share per parameter). The
result says which proposal the next generation should resume with
(``calibration_pipeline.py --transition``/``--share``) and how many simulations it needs.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyabc

from vsvsim.analysis.convergence import (
    acceptance,
    forecast_history,
    importance_forecast,
    next_epsilon,
    noise_floor,
    proposal_trial,
)
from vsvsim.analysis.inference import (
    TRANSITIONS,
    Discrepancy,
    ParameterSpace,
    TargetModel,
    calibrated,
    executor,
    readable_db,
    scales,
    transition,
)
from vsvsim.analysis.targets import TARGETS
from vsvsim.posterior import FLOOR_FILE

REPO = Path(__file__).resolve().parent.parent


def _proposal(spec: str) -> dict:
    """``KIND`` or ``defensive:SHARE`` -> keyword arguments of ``transition``."""
    kind, _, share = spec.partition(":")
    if kind not in TRANSITIONS or (share and kind != "defensive"):
        raise SystemExit(
            f"convergence_check: proposal {spec!r}: use one of {', '.join(TRANSITIONS)}, "
            "or defensive:SHARE"
        )
    return {"kind": kind, **({"share": float(share)} if share else {})}


def main(argv: list[str] | None = None) -> pd.DataFrame:
    """Measure the floor and the proposals; return the acceptance table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inference", type=Path, default=REPO / "docs/calibration/inference")
    ap.add_argument("--floor", type=int, default=64, help="simulations of the defaults")
    ap.add_argument("--draws", type=int, default=160, help="draws per proposal")
    ap.add_argument(
        "--proposals", nargs="+", default=["defensive", "defensive:0.05", "marginal", "gaussian"]
    )
    ap.add_argument("--seed", type=int, default=100, help="seed of the proposals' draws")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--forecast-only",
        action="store_true",
        help="only the importance forecast (seconds, no simulation): no floor, no trial",
    )
    a = ap.parse_args(argv)
    proposals = {spec: _proposal(spec) for spec in a.proposals}
    folder: Path = a.inference
    settings = json.loads((folder / "abc.db.settings.json").read_text())
    ids = settings["targets"]
    targets = tuple(t for t in TARGETS if t.id in ids)
    pilot_table = pd.read_csv(folder / "abc.db.pilot.csv")
    distance = Discrepancy.for_targets(targets, scales(pilot_table, settings["replications"]))
    space = ParameterSpace.of(calibrated(settings["parameters"]), settings["space"])
    model = TargetModel(targets, settings["students"], settings["replications"])
    with readable_db(folder) as db:
        history = pyabc.History(f"sqlite:///{db.resolve()}")
        t = history.max_t
        population, weights = history.get_distribution(t=t)
        population = population[settings["parameters"]]
        last = history.get_weighted_distances(t=t)
        eps = {
            "last": float(history.get_all_populations().set_index("t").loc[t, "epsilon"]),
            "next": next_epsilon(last["distance"].to_numpy(), last["w"].to_numpy()),
        }
        generations = {g: _generation(history, g, settings["parameters"]) for g in range(t + 1)}
        epsilons = history.get_all_populations().set_index("t")["epsilon"].to_dict()
    forecast = _forecast(folder, settings, generations, epsilons, eps["next"], proposals)
    if a.forecast_only:
        return forecast
    t0 = time.perf_counter()
    with executor("local", a.workers) as ex:
        floor = noise_floor(model, distance, {}, a.floor, ex=ex)
        trial = proposal_trial(
            model, distance, population, weights, proposals, a.draws, space, seed=a.seed, ex=ex
        )
    seconds = time.perf_counter() - t0
    pd.DataFrame({"evaluation": range(len(floor)), "distance": floor}).to_csv(
        folder / FLOOR_FILE, index=False
    )
    trial.to_csv(folder / "convergence_trial.csv", index=False)
    table = acceptance(trial, eps).assign(generation=t)
    table.to_csv(folder / "convergence_acceptance.csv", index=False)
    print(
        f"generation {t}: epsilon {eps['last']:.3f}, next {eps['next']:.3f}; the defaults' "
        f"distance at {model.students} x {model.replications}: median {np.median(floor):.3f}"
        f" (5-95%: {np.quantile(floor, 0.05):.2f}-{np.quantile(floor, 0.95):.2f}), accepted at "
        f"the last epsilon {np.mean(floor <= eps['last']):.2f}, at the next "
        f"{np.mean(floor <= eps['next']):.2f}; {seconds:.0f} s"
    )
    print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    return table


def _generation(history: pyabc.History, t: int, names: list[str]) -> tuple:
    """Generation t's particles (sampler's scale), weights and distances, in one order."""
    population, weights = history.get_distribution(t=t)
    wd = history.get_weighted_distances(t=t)
    # pyabc reads both from the same query in the same order; checked, not assumed.
    if not np.allclose(np.asarray(weights, float), wd["w"].to_numpy(float)):
        raise RuntimeError(f"generation {t}: weights and distances come in different orders")
    return population[names], np.asarray(weights, float), wd["distance"].to_numpy(float)


def _label(p: dict) -> str:
    """A stored proposal as a ``--proposals`` spec."""
    return f"defensive:{p['share']:g}" if p["transition"] == "defensive" else p["transition"]


def _forecast(
    folder: Path,
    settings: dict,
    generations: dict,
    epsilons: dict,
    next_eps: float,
    proposals: dict,
) -> pd.DataFrame:
    """The importance forecast of the next generation and of every past one (written)."""
    names = settings["parameters"]
    stored = settings.get("proposals") or [{"from_generation": 0, **settings}]
    scaling = float(settings.get("scaling", 2.0))

    def kernel(p: dict):
        kw = {k: v for k, v in p.items() if k != "kind"}
        return transition(p["kind"], names, **{"scaling": scaling, **kw})

    def used_at(t: int):
        p = [q for q in stored if q["from_generation"] <= t][-1]
        return kernel({"kind": p["transition"], "share": p.get("share", 0.2)})

    past = forecast_history(generations, epsilons, used_at, pd.read_csv(
        folder / "inference_diagnostics.csv"
    ))  # fmt: skip
    past.to_csv(folder / "convergence_forecast_history.csv", index=False)
    run = _label(stored[-1])
    specs = {run: _proposal(run), **proposals}
    t = max(generations)
    population, weights, distances = generations[t]
    kernels = {}
    for label, spec in specs.items():
        k = kernel(spec)
        k.fit(population, weights / weights.sum())
        kernels[label] = k
    table = importance_forecast(population, weights, distances, next_eps, kernels, run)
    table = table.assign(generation=t + 1, reference=run)
    table.to_csv(folder / "convergence_forecast.csv", index=False)
    print(
        f"importance forecast of generation {t + 1} (epsilon {next_eps:.3f}, from "
        f"{table['points'].iloc[0]} particles of generation {t}; no simulation):"
    )
    print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print("past generations, forecast from the one before against what they gave:")
    print(past.to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    return table


if __name__ == "__main__":
    main()
