r"""The posterior's representative point (issue 14): the point the defaults become.

Scores the weighted marginal medians and ``--candidates`` draws picked by weight on the
choosing seeds (``vsvsim.analysis.choose.CHOOSING_SEEDS``, never used by the fit, the
predictive checks or the guard), by the inference's distance over its fit targets, and
writes, in the inference's folder:

- ``representative.csv``: per inferred parameter its declared default, the chosen value,
  the posterior's 90% interval and whether the default already is the chosen value;
- ``choose_scores.csv``: every candidate's distance and fit targets in band, and the
  current defaults' on the same seeds (``defaults``), with each one's depth in the
  posterior and whether it may be chosen (a draw always; the medians and the defaults
  only inside the posterior's central 90%); for the ``--finalists`` best eligible ones
  also their distance on the confirming block, which decides, and their bootstrap chance
  of being best there (``p_best``: how firm the choice is);
- ``choose_values.csv``: the chosen point's target means on the deciding runs::

    uv run python experiments/choose.py --inference docs/calibration/inference \
        --settings docs/calibration/inference/abc.db.settings.json --seed 5

The cohort size is the inference's (``--settings``) unless ``--students`` is given; the
distance's Monte Carlo scales follow the cohort size either way.

Applying the point is a reviewed edit of the declared defaults (``Param(..., default)``
in the declaring module), followed by the guard (``experiments/guard.py``) and the
regression baseline; this script never edits code.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pandas as pd

from vsvsim.analysis.choose import REFERENCE, candidates, choose
from vsvsim.analysis.inference import calibrated, weighted_quantile
from vsvsim.analysis.targets import fit_targets
from vsvsim.posterior import load_posterior

REPO = Path(__file__).resolve().parent.parent


def _at_least(low: int):
    """An argparse type: an integer of at least ``low`` (else one message naming it)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{value} is below {low}; allowed: {low} or more")
        return value

    return parse


def main(argv: list[str] | None = None) -> pd.DataFrame:
    """Choose the point and write its tables; returns ``representative.csv``'s table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--inference",
        type=Path,
        default=REPO / "docs" / "calibration",
        help="folder of the inference's tables (posterior.parquet, "
        "inference_pilot.csv); the tables are written there",
    )
    ap.add_argument(
        "--settings",
        type=Path,
        required=True,
        help="the run's <db>.settings.json (which targets it fitted)",
    )
    ap.add_argument("--candidates", type=_at_least(1), default=20, help="draws picked by weight")
    ap.add_argument(
        "--students",
        type=_at_least(1),
        help="cohort size of the choosing runs (default: the inference's, from --settings)",
    )
    ap.add_argument("--replications", type=_at_least(1), default=8, help="runs per candidate")
    ap.add_argument(
        "--finalists",
        type=_at_least(0),
        default=4,
        help="best eligible candidates scored again on the confirming block (0: none)",
    )
    ap.add_argument(
        "--confirm-replications", type=_at_least(1), default=32, help="runs per finalist"
    )
    ap.add_argument("--seed", type=int, default=0, help="seed of the pick and the bootstrap")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    settings = json.loads(a.settings.read_text())
    students = a.students or int(settings["students"])
    posterior = load_posterior(a.inference / "posterior.parquet")
    pilot_table = pd.read_csv(a.inference / "inference_pilot.csv")
    targets = fit_targets(settings.get("left_out", []))
    cands = candidates(posterior, a.candidates, a.seed)
    params = calibrated(list(posterior.draws.columns))
    defaults = {name: float(p.default) for name, p in params.items()}
    log = [name for name, p in params.items() if p.prior == "log-uniform"]
    result = choose(
        cands,
        targets,
        pilot_table,
        students,
        a.replications,
        reference=defaults,
        posterior=posterior,
        log=log,
        finalists=a.finalists,
        confirm_replications=a.confirm_replications,
        seed=a.seed,
    )
    w = posterior.weights
    rows = []
    for name, p in params.items():
        x = posterior.draws[name].to_numpy(dtype=float)
        chosen = result.point[name]
        span = p.fit[1] - p.fit[0]
        rows.append(
            {
                "parameter": name,
                "default": p.default,
                "chosen": chosen,
                "posterior_p5": weighted_quantile(x, w, 0.05),
                "posterior_p95": weighted_quantile(x, w, 0.95),
                "fit_low": p.fit[0],
                "fit_high": p.fit[1],
                # the same 2%-of-range rule the history-matching fit table used for "applied"
                "applied": abs(float(p.default) - chosen) <= 0.02 * span,
            }
        )
    table = pd.DataFrame(rows)
    table.to_csv(a.inference / "representative.csv", index=False)
    result.scores.to_csv(a.inference / "choose_scores.csv", index=False)
    result.values.to_csv(a.inference / "choose_values.csv", index=False)
    shown = ["candidate", "distance", "in_band", "depth", "eligible"]
    decided = "confirm_distance" if a.finalists > 0 else "distance"
    if a.finalists > 0:
        shown += ["confirm_distance", "confirm_in_band", "p_best"]
    print(result.scores[shown].head(10).to_string(index=False))
    by = result.scores.set_index("candidate")[decided]
    print(
        f"\nrepresentative point: {result.label} ({decided} {by[result.label]:.3f}; "
        f"the defaults {by[REFERENCE]:.3f})"
    )
    print(table.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
    print(
        f"{len(cands)} candidates x {a.replications} replications"
        f"{f', {a.finalists} finalists x {a.confirm_replications}' if a.finalists else ''}, "
        f"{students} students: "
        f"{time.perf_counter() - t0:.0f} s"
    )
    return table


if __name__ == "__main__":
    main()
