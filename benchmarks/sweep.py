"""Sweep machinery: end-to-end sweep time, per-run overhead, resume after a kill.

Three measurements on one experiment (N runs of the baseline scenario, S students, one
school year, ``labour_market_pull`` drawn by a Latin hypercube so every run differs):

(a) the loop: ``vsvsim.run`` called N_loop times in one process (after a warm-up run),
    the cost of the simulation alone; per-run seconds;
(b) the sweep: ``vsvsim sweep EXPERIMENT --out DIR --workers W`` as a fresh command,
    timed end to end (interpreter start, imports, validation, the design, worker start,
    every run, the merge). Overhead per run = (sweep wall time - N x loop seconds / W) / N:
    what the machinery costs on top of perfectly parallel runs. On a shared machine whose
    load changes between (a) and (b) that difference is unreliable, so the sweep's own log
    gives a second figure: wall time - (sum of in-worker run seconds) / W, the time not
    spent inside runs;
(c) resume: the same command started again in a new folder, killed with SIGKILL (the
    whole process group) once half the runs are in part files, then run again; wall time
    of the resume, runs it computed, and a check that no run was computed twice and none
    lost.

Usage::

    uv run python benchmarks/sweep.py                 # 1,000 runs of 2,000 students
    uv run python benchmarks/sweep.py --quick         # 100 runs of 500 students
    uv run python benchmarks/sweep.py --json FILE     # also write the figures as JSON
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent

EXPERIMENT = """
name = "benchmark"
description = "Baseline, {students} students, one school year, {runs} runs."
scenarios = ["baseline"]
[fixed]
students = {students}
years = 1
[uncertainties]
labour_market_pull = {{ low = 0.3, high = 0.7 }}
[design]
kind = "latin_hypercube"
samples = {runs}
seed = 1
[outcomes]
keep = ["dropout_rate", "net_dropout_rate", "reentry_rate", "dropouts", "coach_cost"]
"""


def loop(runs: int, students: int) -> float:
    """Seconds per ``vsvsim.run`` call in a plain loop (after one warm-up run)."""
    import vsvsim

    vsvsim.run("baseline", students=students, seed=0)
    start = time.perf_counter()
    for i in range(runs):
        vsvsim.run("baseline", students=students, seed=0,
                   overrides={"labour_market_pull": 0.3 + 0.4 * i / max(runs - 1, 1)})  # fmt: skip
    return (time.perf_counter() - start) / runs


def sweep_cmd(experiment: Path, out: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "vsvsim", "sweep", str(experiment), "--out", str(out),
            "--workers", str(workers), "--no-progress"]  # fmt: skip


def parts_rows(out: Path) -> int:
    n = 0
    for p in (out / "parts").glob("part-*.parquet") if out.exists() else []:
        try:
            n += len(pd.read_parquet(p, columns=["run_id"]))
        except Exception:  # being renamed into place
            pass
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--loop-runs", type=int, default=50, help="runs of the plain loop")
    parser.add_argument("--quick", action="store_true", help="100 runs of 500 students")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.quick:
        args.runs, args.students, args.loop_runs = 100, 500, 20

    tmp = Path(tempfile.mkdtemp(prefix="vsvsim-bench-"))
    try:
        experiment = tmp / "benchmark.toml"
        experiment.write_text(EXPERIMENT.format(runs=args.runs, students=args.students))
        load = os.getloadavg()

        per_run = loop(args.loop_runs, args.students)
        print(f"(a) loop: {per_run:.4f} s per run ({args.students} students, one year), "
              f"{args.loop_runs} runs")  # fmt: skip

        out = tmp / "full"
        t0 = time.perf_counter()
        subprocess.run(sweep_cmd(experiment, out, args.workers), check=True, cwd=ROOT)
        wall = time.perf_counter() - t0
        log = pd.read_parquet(out / "runs.parquet")
        ideal = args.runs * per_run / args.workers
        overhead = (wall - ideal) / args.runs
        in_worker = float(log["seconds"].mean())
        # Less sensitive to a shared machine's changing load than the loop comparison:
        # wall time not spent inside runs (start-up, imports, design, scheduling, merge).
        machinery = wall - float(log["seconds"].sum()) / args.workers
        print(f"(b) sweep: {args.runs} runs, {args.workers} workers, {wall:.1f} s end to end "
              f"({args.runs / wall:.1f} runs/s); ideal {ideal:.1f} s; overhead "
              f"{overhead * 1000:.1f} ms per run; in-worker {in_worker:.4f} s per run; "
              f"wall time outside runs {machinery:.1f} s "
              f"({machinery / args.runs * 1000:.1f} ms per run)")  # fmt: skip

        out_k = tmp / "killed"
        cmd = sweep_cmd(experiment, out_k, args.workers)
        proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True)
        t0 = time.perf_counter()
        while parts_rows(out_k) < args.runs // 2 and proc.poll() is None:
            time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        killed_after = time.perf_counter() - t0
        done = parts_rows(out_k)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=ROOT)
        resume = time.perf_counter() - t0
        parts = pd.concat(pd.read_parquet(p) for p in (out_k / "parts").glob("part-*.parquet"))
        same = pd.read_parquet(out_k / "results.parquet").equals(
            pd.read_parquet(out / "results.parquet")
        )
        print(f"(c) resume: killed after {killed_after:.1f} s with {done} of {args.runs} runs "
              f"saved; resume {resume:.1f} s computing {args.runs - done}; run ids unique: "
              f"{parts['run_id'].is_unique}; all present: "
              f"{parts['run_id'].nunique() == args.runs}; "
              f"table equal to the uninterrupted sweep: {same}")  # fmt: skip
        print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
              f"after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
        figures = {
            "runs": args.runs,
            "students": args.students,
            "workers": args.workers,
            "loop_seconds_per_run": per_run,
            "sweep_wall_seconds": wall,
            "ideal_seconds": ideal,
            "overhead_ms_per_run": overhead * 1000,
            "in_worker_seconds_per_run": in_worker,
            "outside_runs_seconds": machinery,
            "killed_after_seconds": killed_after,
            "saved_before_kill": done,
            "resume_seconds": resume,
            "resume_unique": bool(parts["run_id"].is_unique),
            "resume_equal": bool(same),
            "load_before": load,
        }
        if args.json:
            args.json.write_text(json.dumps(figures, indent=1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
