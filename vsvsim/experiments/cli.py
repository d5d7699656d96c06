"""Command line of the experiment layer: ``vsvsim sweep`` and ``vsvsim analyse``.

``vsvsim/cli.py`` registers these through :func:`register`; the parsing and the executor
choice live here. Executors:

* local (default): a pool of ``--workers`` processes;
* ``--executor mpi``: ``mpi4py.futures.MPIPoolExecutor``; start under MPI with
  ``mpiexec -n K python -m mpi4py.futures -m vsvsim sweep ... --executor mpi`` (K - 1
  workers), or without ``mpiexec`` to let MPI spawn ``--workers`` processes;
* ``--executor dask``: Dask distributed, the scheduler at ``--scheduler ADDRESS`` (for
  instance one started by ``dask-jobqueue``'s ``SLURMCluster``), or a local cluster of
  ``--workers`` processes without an address.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Executor
from pathlib import Path

from vsvsim.experiments.spec import ExperimentError, load_experiment

__all__ = ["executor_for", "register"]

EXECUTORS = ("local", "mpi", "dask")


@contextlib.contextmanager
def executor_for(
    kind: str, workers: int | None, scheduler: str | None
) -> Iterator[tuple[Executor, int]]:
    """Start an executor; yield it with its number of workers; shut it down after.

    Raises:
        ExperimentError: When the executor cannot start (one message, nothing written).
    """
    if kind == "local":
        from vsvsim.experiments.sweep import local_executor

        n = workers or os.cpu_count() or 1
        ex = local_executor(n)
        try:
            yield ex, n
        finally:
            ex.shutdown(wait=True, cancel_futures=True)
        return
    if kind == "mpi":
        try:
            from mpi4py import MPI
            from mpi4py.futures import MPIPoolExecutor
        except Exception as err:  # ImportError, or an MPI library that will not load
            raise ExperimentError(f"--executor mpi: mpi4py cannot start: {err}") from None
        under_mpiexec = MPI.COMM_WORLD.Get_size() > 1
        if not under_mpiexec and workers is None:
            raise ExperimentError(
                "--executor mpi: start under mpiexec (`mpiexec -n 3 python -m mpi4py.futures "
                "-m vsvsim sweep ...`) or give --workers N to let MPI spawn N workers"
            )
        try:
            ex = MPIPoolExecutor(max_workers=None if under_mpiexec else workers)
            ex.bootup(wait=True)
            n = ex.num_workers
        except Exception as err:
            raise ExperimentError(f"--executor mpi: the MPI pool did not start: {err}") from None
        try:
            yield ex, n
        finally:
            ex.shutdown(wait=True, cancel_futures=True)
        return
    if kind == "dask":
        try:
            from distributed import Client, LocalCluster
        except ImportError as err:
            raise ExperimentError(f"--executor dask: dask.distributed missing: {err}") from None
        cluster = None
        try:
            if scheduler is None:
                cluster = LocalCluster(
                    n_workers=workers or os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
                client = Client(cluster)
            else:
                client = Client(scheduler, timeout="10s")
        except Exception as err:
            if cluster is not None:
                cluster.close()
            where = f"at {scheduler}" if scheduler else "(local cluster)"
            raise ExperimentError(
                f"--executor dask: no Dask scheduler {where}: {type(err).__name__}: {err}"
            ) from None
        try:
            n = max(1, len(client.scheduler_info().get("workers", {})))
            # pure=False: two chunks with equal arguments are still two tasks.
            yield client.get_executor(pure=False), n
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        return
    raise ExperimentError(f"--executor {kind!r}; allowed: {', '.join(EXECUTORS)}")


def cmd_sweep(args: argparse.Namespace) -> int:
    """Run or resume an experiment; write results.parquet in --out."""
    from vsvsim.experiments.sweep import SweepInterrupted, sweep

    if args.scheduler and args.executor != "dask":
        raise ExperimentError("--scheduler goes with --executor dask")
    exp = load_experiment(args.experiment)  # validated before any executor starts
    source = Path(args.experiment)
    try:
        with executor_for(args.executor, args.workers, args.scheduler) as (ex, n):
            report = sweep(
                source if source.is_file() else exp,
                Path(args.out),
                executor=ex,
                workers=n,
                progress=not args.no_progress,
                retry_failed=args.retry_failed,
            )
    except SweepInterrupted as err:
        print(f"vsvsim: {err}", file=sys.stderr)
        return 130
    done = "resumed: " if report.skipped else ""
    print(
        f"{exp.name}: {done}{report.computed} runs computed, {report.skipped} already done, "
        f"{report.total} in all ({len(report.results)} design rows) in {report.seconds:.1f} s"
    )
    if report.failed:
        errors = report.results.loc[report.results["status"] != "ok", "error"]
        print(
            f"{report.failed} runs failed (status and error in results.parquet); "
            f"first: {errors.iloc[0]}"
        )
    print(f"results in {report.out}/results.parquet")
    return 0


def cmd_analyse(args: argparse.Namespace) -> int:
    """Sobol, Morris, PRIM or a factorial grid from a sweep's results."""
    from vsvsim.experiments import analyse

    out = Path(args.out) if args.out else None
    outcomes = args.outcome or None
    if args.method == "sobol":
        report = analyse.sobol(args.results, out=out, outcomes=outcomes)
    elif args.method == "morris":
        report = analyse.morris(args.results, out=out, outcomes=outcomes)
    elif args.method == "prim":
        report = analyse.prim(
            args.results,
            out=out,
            outcome=outcomes[0] if outcomes else None,
            lever=args.lever,
            candidate=args.candidate,
            baseline=args.baseline,
        )
    else:
        report = analyse.grid(args.results, out=out, outcomes=outcomes, x=args.x, y=args.y)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{args.method}: report {report.markdown}; figures {', '.join(map(str, report.figures))}")
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not allowed; use a whole number >= 1")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``sweep`` and ``analyse`` to the ``vsvsim`` command's subparsers."""
    p = sub.add_parser(
        "sweep",
        help="run an experiment file (levers x uncertainties x replications), resumable",
        description="Run every run of an experiment and merge the results into "
        "OUT/results.parquet. Interrupted (Ctrl-C, kill, a lost worker)? Run the same "
        "command again: finished runs are kept, the rest is computed.",
    )
    p.add_argument("experiment", help="experiment name (see experiments/) or TOML path")
    p.add_argument("--out", required=True, help="results folder (new, or the one to resume)")
    p.add_argument("--workers", type=_positive, help="worker processes (default: all cores)")
    p.add_argument(
        "--executor", choices=EXECUTORS, default="local", help="where runs go (default local)"
    )
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://host:8786)")
    p.add_argument("--retry-failed", action="store_true", help="compute failed runs again")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_sweep)

    a = sub.add_parser(
        "analyse",
        help="Sobol, Morris, PRIM or grid report from a sweep's results",
        description="Figures, the table behind each figure and a short markdown report, "
        "written to RESULTS/analysis/ (or --out).",
    )
    a.add_argument("method", choices=("sobol", "morris", "prim", "grid"))
    a.add_argument("results", help="a sweep's results folder")
    a.add_argument("--out", help="report folder (default RESULTS/analysis)")
    a.add_argument(
        "--outcome", action="append", help="outcome column (repeatable; default: the main ones)"
    )
    a.add_argument("--lever", help="prim: the column that tells the two policies apart")
    a.add_argument("--candidate", help="prim: the policy that should win (e.g. preventive)")
    a.add_argument("--baseline", help="prim: the policy it is compared with (e.g. curative)")
    a.add_argument("--x", help="grid: factor on the x axis")
    a.add_argument("--y", help="grid: factor on the y axis (or lines)")
    a.set_defaults(func=cmd_analyse)
