r"""Leave-one-target-group-out validation (issue 14, item 4).

For each group of fit targets (T1, T2, ... FS1, T7: :func:`vsvsim.analysis.targets.
target_group`), an ABC-SMC fit without that group (``run_inference(leave_out=[G])``,
its own database, resumable), then a posterior predictive check of every target under
that posterior (:mod:`vsvsim.analysis.predictive`) in which the group's fit targets are
predictions (role ``left_out``). Writes ``OUT/<G>/`` (the fit's tables, ``posterior.
parquet``, ``predictive.csv``) and ``OUT/logo.csv``: one row per left-out target with
its prediction, 90% predictive interval, band, observed value and whether the two meet.

Each group's fit is a full inference (the production settings cost what the main fit
costs, see docs/calibration-inference.md), so this is a cluster job::

    mpiexec -n 65 python -m mpi4py.futures experiments/logo.py --executor mpi
    uv run python experiments/logo.py --groups T2 T6 --population 300 --students 1000 \
        --replications 2 --generations 6 --params ... # a smaller run, two groups

Give it the main fit's ``--params`` and ``--transition`` (the pipeline's ``--logo``
does): with another parameter set a group's prediction would differ from the full fit
by more than the targets left out.

A group already done (its ``predictive.csv`` exists) is skipped, and ``OUT/logo.csv`` holds
every group done in ``OUT`` (a call with ``--groups T1`` adds T1's rows to those before);
one interrupted resumes,
within a generation too (its checkpoint). Each group's database is packed beside it
(``OUT/<G>/abc.db.gz``) and unpacked when only that is there, so with ``--out`` inside
the repository a fit can span sessions: ``--max-minutes M`` pauses after M minutes in
all, and the same command goes on.

With ``--reference DIR`` (the main fit's folder; the pipeline passes its own) each
group's targets are also predicted from the main fit *at the same generation* as the
group's fit (``OUT/<G>/reference.csv``, the same draws, seeds and cohort), so the table
shows what leaving the group out changes, not how much further the main fit ran:
``logo.csv`` gains ``with_mean``, ``with_p5``, ``with_p95``, ``with_draws_in_band`` and
``generation``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from vsvsim.analysis.inference import (
    DEFAULT_SHARE,
    DEFAULT_TRANSITION,
    TRANSITIONS,
    generation_posterior,
    pack_db,
    readable_db,
    restore_db,
    run_inference,
)
from vsvsim.analysis.predictive import LEFT_OUT, check, predictive
from vsvsim.analysis.targets import target_group, targets_with_role
from vsvsim.posterior import load_posterior


def reference(main: Path, t: int, group: str, a: argparse.Namespace) -> pd.DataFrame:
    """The group's fit targets predicted from the main fit's generation ``t``.

    The main folder's ``abc.db`` is read, or its packed ``abc.db.gz`` (a committed folder)
    unpacked into a temporary copy.
    """
    targets = [t_ for t_ in targets_with_role("fit") if target_group(t_.id) == group]
    with readable_db(main) as db:
        posterior = generation_posterior(db, t)
    values = predictive(
        posterior, a.draws, a.check_replications, a.check_students, seed=a.seed, targets=targets
    )
    return check(values, targets).assign(generation=t)


def _group_table(out: Path) -> pd.DataFrame:
    """One done group's left-out targets, with the main fit's reference when there."""
    table = pd.read_csv(out / "predictive.csv")
    table = table[table["role"] == LEFT_OUT].assign(left_out=out.name)
    if (out / "reference.csv").exists():
        ref = pd.read_csv(out / "reference.csv").set_index("target")
        cols = ["mean", "p5", "p95", "draws_in_band"]
        with_g = ref[cols].add_prefix("with_").assign(generation=ref["generation"])
        table = table.join(with_g, on="target")
    return table


def main(argv: list[str] | None = None) -> pd.DataFrame:
    """Fit without each group, predict it, collect the predictions."""
    groups = sorted({target_group(t.id) for t in targets_with_role("fit")})
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--groups", nargs="+", default=groups, choices=groups)
    ap.add_argument(
        "--params",
        nargs="+",
        help="parameters to infer: the main fit's, so a group's prediction differs from "
        "the fit only by the left-out targets (default: all calibrated ones not fixed)",
    )
    ap.add_argument("--transition", choices=TRANSITIONS, default=DEFAULT_TRANSITION)
    ap.add_argument(
        "--share", type=float, default=DEFAULT_SHARE, help="infer.py --share (the main fit's)"
    )
    ap.add_argument("--students", type=int, default=2000)
    ap.add_argument("--replications", type=int, default=4)
    ap.add_argument("--population", type=int, default=500)
    ap.add_argument("--generations", type=int, default=8)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--executor", choices=("local", "mpi", "dask"), default="local")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--address")
    ap.add_argument("--draws", type=int, default=20, help="posterior draws of the check")
    ap.add_argument("--check-replications", type=int, default=4)
    ap.add_argument("--check-students", type=int, default=3000, help="cohort size of the check")
    ap.add_argument("--out", type=Path, default=Path("results/logo"))
    ap.add_argument(
        "--reference",
        type=Path,
        help="the main fit's folder: its prediction of each group at the same generation",
    )
    ap.add_argument(
        "--max-minutes",
        type=float,
        help="pause after this many minutes in all (the generation under way checkpointed, "
        "the database packed): the same command goes on, in a later session too",
    )
    a = ap.parse_args(argv)
    started = time.monotonic()
    for g in a.groups:
        out = a.out / g
        if not (out / "predictive.csv").exists():
            db = out / "abc.db"
            restore_db(db)  # a committed folder, on a fresh clone
            left = None
            if a.max_minutes is not None:
                left = max(0.0, a.max_minutes - (time.monotonic() - started) / 60)
            files = run_inference(
                names=a.params, transition_kind=a.transition, students=a.students,
                replications=a.replications, population=a.population,
                generations=a.generations, db=db, out=out, seed=a.seed,
                executor_kind=a.executor, workers=a.workers, address=a.address,
                resume=db.exists(), leave_out=[g], share=a.share, max_minutes=left,
            )  # fmt: skip
            pack_db(db)
            if "checkpoint" in files:
                print(f"logo: {g} paused; the same command goes on from its checkpoint")
                break
            posterior = load_posterior(files["posterior"])
            values = predictive(
                posterior, a.draws, a.check_replications, a.check_students, seed=a.seed
            )
            values.to_parquet(out / "predictive_values.parquet", index=False)
            check(values, left_out=[g]).to_csv(out / "predictive.csv", index=False)
        if a.reference is not None and not (out / "reference.csv").exists():
            t = int(pd.read_csv(out / "inference_diagnostics.csv")["t"].max())
            reference(a.reference, t, g, a).to_csv(out / "reference.csv", index=False)
    # Every group done in the folder, not only this call's: a session that fits one more
    # group adds its rows to the table instead of replacing the others'.
    rows = [
        _group_table(d)
        for d in sorted(a.out.glob("*"))
        if d.is_dir() and (d / "predictive.csv").exists()
    ]
    if not rows:
        return pd.DataFrame()
    logo = pd.concat(rows, ignore_index=True)
    a.out.mkdir(parents=True, exist_ok=True)
    logo.to_csv(a.out / "logo.csv", index=False)
    cols = ["left_out", "target", "mean", "p5", "p95", "low", "high", "consistent"]
    cols += [c for c in ("with_mean", "with_p5", "with_p95", "generation") if c in logo]
    print(logo[cols].to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    return logo


if __name__ == "__main__":
    main()
