"""Posterior predictive checks of every target (issue 14), fit and validation apart.

Runs the targets' scenarios over K posterior draws x R replications on seeds from the
range reserved for choosing and predictive checks (``vsvsim.analysis.seeds.CHOOSE``),
and writes ``docs/calibration/predictive.csv`` (one row per target: role, predictive
mean, 90% predictive interval, interval of the draw means, band, observed value,
consistent) and ``predictive_values.parquet`` (every run's value)::

    uv run python experiments/predictive.py --draws 20 --replications 4 --students 3000

A target is *consistent* when its 90% predictive interval meets its band; the summary
counts fit targets (a check of the fit) and validation targets (a prediction: nothing
fitted them) separately, and lists the ``neither`` targets without counting them.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from vsvsim.analysis.predictive import check, predictive, summary
from vsvsim.posterior import DEFAULT_POSTERIOR, load_posterior

OUT = Path(__file__).resolve().parent.parent / "docs" / "calibration"


def main(argv: list[str] | None = None) -> None:
    """Run the check and write its tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posterior-file", type=Path, default=Path(DEFAULT_POSTERIOR))
    ap.add_argument("--draws", type=int, default=20)
    ap.add_argument("--replications", type=int, default=4)
    ap.add_argument("--students", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=0, help="seed of the draws' selection")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument(
        "--left-out",
        nargs="+",
        default=[],
        metavar="GROUP",
        help="target groups the posterior's fit left out (infer.py --leave-out): "
        "counted as predictions (role left_out)",
    )
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    posterior = load_posterior(a.posterior_file)
    values = predictive(posterior, a.draws, a.replications, a.students, a.seed)
    table = check(values, left_out=a.left_out)
    a.out.mkdir(parents=True, exist_ok=True)
    values.to_parquet(a.out / "predictive_values.parquet", index=False)
    table.to_csv(a.out / "predictive.csv", index=False)
    cols = ["target", "role", "mean", "p5", "p95", "low", "high", "consistent"]
    print(table[cols].to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print(summary(table).to_string(index=False))
    print(
        f"{a.draws} draws x {a.replications} replications, {a.students} students: "
        f"{time.perf_counter() - t0:.0f} s; tables in {a.out}"
    )


if __name__ == "__main__":
    main()
