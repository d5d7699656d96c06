"""A vsvsim sweep on a SLURM cluster through dask-jobqueue (run it on the login node).

Each SLURM job is one Dask worker with one core; the sweep submits chunks of runs to them
through Dask's ``concurrent.futures`` executor. Workers that the scheduler loses (a job
killed at its time limit) have their chunks resubmitted by Dask; if this script itself is
stopped, run it again with the same arguments: finished runs are kept.

    uv run python experiments/slurm/sweep_dask.py experiments/sensitivity_all.toml \
        results/sens --jobs 64 --walltime 02:00:00

The results folder must be on a filesystem the compute nodes share with the login node.
"""

from __future__ import annotations

import argparse

from dask_jobqueue import SLURMCluster
from distributed import Client

from vsvsim.experiments.sweep import sweep


def main() -> None:
    """Start the SLURM-backed Dask cluster, sweep, shut the cluster down."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("experiment")
    parser.add_argument("out")
    parser.add_argument("--jobs", type=int, default=16, help="SLURM jobs (= workers)")
    parser.add_argument("--walltime", default="02:00:00")
    parser.add_argument("--memory", default="2GB")
    parser.add_argument("--queue", default=None, help="SLURM partition")
    args = parser.parse_args()
    cluster = SLURMCluster(
        cores=1,
        processes=1,
        memory=args.memory,
        walltime=args.walltime,
        queue=args.queue,
        job_script_prologue=["export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1"],
    )
    cluster.scale(jobs=args.jobs)
    with Client(cluster) as client:
        client.wait_for_workers(1)
        report = sweep(
            args.experiment,
            args.out,
            executor=client.get_executor(pure=False),
            workers=args.jobs,
        )
    cluster.close()
    print(f"{report.computed} runs computed, {report.skipped} resumed, {report.failed} failed")


if __name__ == "__main__":
    main()
