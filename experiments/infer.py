r"""Calibration as inference (issue 14): ABC-SMC over the calibrated parameters.

Runs :func:`vsvsim.analysis.inference.run_inference`: a pilot at the defaults (the Monte
Carlo SD of each fit target), then pyabc's ABC-SMC with the priors of the parameter
declarations, the model = the fit-role targets' means over ``--replications`` runs of
``--students`` students, each simulation on its own seeds of the FIT range, the distance
scaled per target by ``sqrt(obs_sd^2 + mc_sd^2 / R)``. The history goes into a pyabc
SQLite database (``--db``); ``--resume`` continues it from its last generation up to
``--generations``. Writes ``posterior.parquet`` (one row per particle: parameter columns
and ``weight``) and the diagnostics, identifiability, correlation and pilot tables
(``inference_*.csv``) into ``--out``. The proposal is ``--transition`` on ``--space``
with ``--scaling`` (default: one 1-D kernel density per parameter on the normal scores,
twice pyabc's bandwidth; a generation whose effective sample size falls below a third
of the population is warned about). docs/calibration-inference.md describes the method.

A smoke run (about a minute on 2 cores)::

    uv run python experiments/infer.py --params leave_threshold leave_hazard_max \
        --students 200 --replications 1 --population 10 --generations 2 \
        --db /tmp/abc.db --out /tmp/inference

A generation longer than a session: ``--max-minutes M`` pauses it after M minutes (its
particles so far checkpointed in ``<db>.generation.pkl.gz``), and the same command with
``--resume`` goes on from there; the result is that of an uninterrupted run.

The production run proposed in docs/calibration-inference.md (hours on 2 cores; on a
cluster with ``--executor mpi`` under ``mpiexec -n K python -m mpi4py.futures
experiments/infer.py ...``, or ``--executor dask --address tcp://scheduler:8786``)::

    uv run python experiments/infer.py --students 2000 --replications 4 \
        --population 500 --generations 8 --db results/inference/abc.db
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from vsvsim.analysis.inference import (
    DEFAULT_SCALING,
    DEFAULT_SHARE,
    DEFAULT_SPACE,
    DEFAULT_TRANSITION,
    EXECUTORS,
    SPACES,
    TRANSITIONS,
    pilot,
    run_inference,
    screen,
)
from vsvsim.analysis.targets import targets_with_role


def main(argv: list[str] | None = None) -> dict[str, Path]:
    """Parse the options, run (or resume) the inference, print the files written."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--params",
        nargs="+",
        help="parameters to infer (default: all calibrated ones not declared fixed)",
    )
    ap.add_argument("--students", type=int, default=2000, help="cohort size per scenario")
    ap.add_argument("--replications", type=int, default=4, help="runs per simulation (R)")
    ap.add_argument("--population", type=int, default=500, help="particles per generation")
    ap.add_argument("--generations", type=int, default=8, help="generations in all")
    ap.add_argument("--db", type=Path, default=Path("results/inference/abc.db"))
    ap.add_argument("--out", type=Path, default=Path("docs/calibration"))
    ap.add_argument("--posterior", type=Path, help="posterior file (default OUT/posterior.parquet)")
    ap.add_argument("--seed", type=int, default=0, help="sampler seed (fixes the whole run)")
    ap.add_argument("--executor", choices=EXECUTORS, default="local")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (local, dask)")
    ap.add_argument("--address", help="dask scheduler address (default: a local cluster)")
    ap.add_argument("--pilot-replications", type=int, default=8)
    ap.add_argument("--min-epsilon", type=float, default=0.0, help="stop below this epsilon")
    ap.add_argument("--resume", action="store_true", help="continue the run in --db")
    ap.add_argument(
        "--epsilon-floor",
        type=float,
        help="no generation's epsilon below this; the run stops after the first at it (the "
        "noise floor's threshold: calibration_pipeline.py --epsilon-floor floor); a resume "
        "may set it, recorded from its first generation",
    )
    ap.add_argument(
        "--max-minutes",
        type=float,
        help="pause the generation under way after this many minutes (its particles are "
        "checkpointed beside --db; rerun with --resume to go on, with the result of an "
        "uninterrupted run)",
    )
    ap.add_argument(
        "--transition",
        choices=TRANSITIONS,
        default=DEFAULT_TRANSITION,
        help="proposal kernel: 'marginal' (default) a 1-D kernel density per parameter, "
        "'mvn' pyabc's joint kernel density (the first trial's, whose weights collapse in "
        "30+ dimensions), 'local' pyabc's LocalTransition, 'gaussian' one multivariate "
        "normal fitted to the population (--scaling: factor on its covariance)",
    )
    ap.add_argument(
        "--space",
        choices=SPACES,
        default=DEFAULT_SPACE,
        help="scale of the proposal: 'scores' (default) each parameter's normal score "
        "under its prior, 'natural' the parameter values (the first trial's)",
    )
    ap.add_argument(
        "--scaling",
        type=float,
        default=DEFAULT_SCALING,
        help=f"factor on the proposal bandwidth (default {DEFAULT_SCALING:g})",
    )
    ap.add_argument(
        "--share",
        type=float,
        default=DEFAULT_SHARE,
        help="'defensive' only: per parameter the share of draws from the prior (default "
        f"{DEFAULT_SHARE:g}); a resume may change the proposal (--transition, --scaling, "
        "--share), recorded with its first generation in the run's settings",
    )
    ap.add_argument(
        "--leave-out",
        nargs="+",
        default=[],
        metavar="GROUP",
        help="target groups (T2, T6, ...) the fit leaves out, for a leave-one-group-out "
        "check: predict them with experiments/predictive.py --left-out GROUP",
    )
    ap.add_argument(
        "--screen",
        type=int,
        metavar="TRAJECTORIES",
        help="instead: Morris screening of the parameters with this many trajectories "
        "(writes OUT/inference_screening.csv)",
    )
    args = ap.parse_args(argv)
    logging.getLogger("ABC").setLevel(logging.INFO)
    if args.screen:
        targets = targets_with_role("fit")
        table = pilot(targets, args.students, args.pilot_replications)
        frame = screen(
            args.params,
            args.students,
            args.replications,
            trajectories=args.screen,
            seed=args.seed,
            workers=args.workers,
            pilot_table=table,
        )
        args.out.mkdir(parents=True, exist_ok=True)
        frame.to_csv(args.out / "inference_screening.csv", index=False)
        print(frame[["parameter", "mu_star_max", "moves_most", "mu_star_rms"]].to_string())
        return {"screening": args.out / "inference_screening.csv"}
    try:
        files = run_inference(
            names=args.params,
            students=args.students,
            replications=args.replications,
            population=args.population,
            generations=args.generations,
            db=args.db,
            out=args.out,
            posterior_path=args.posterior,
            seed=args.seed,
            executor_kind=args.executor,
            workers=args.workers,
            address=args.address,
            pilot_replications=args.pilot_replications,
            resume=args.resume,
            min_epsilon=args.min_epsilon,
            transition_kind=args.transition,
            space_kind=args.space,
            scaling=args.scaling,
            leave_out=args.leave_out,
            share=args.share,
            max_minutes=args.max_minutes,
            epsilon_floor=args.epsilon_floor,
        )
    except (ValueError, FileExistsError, FileNotFoundError) as exc:
        raise SystemExit(f"infer: {exc}") from None
    for kind, path in files.items():
        print(f"{kind}: {path}")
    return files


if __name__ == "__main__":
    main()
