"""The same sweep on every engine: local processes (1 and 2), mpiexec, Dask; kill -9 + resume.

Each engine must give the local table row for row. These start process pools, an MPI job
or a Dask cluster, so they are slow.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from vsvsim.experiments.sweep import sweep

pytestmark = pytest.mark.slow

EXPERIMENT = """
name = "engines"
scenarios = ["preventive_screening", "curative"]
[fixed]
students = 60
[levers]
coaches = [4, 12]
[uncertainties]
labour_market_pull = { low = 0.2, high = 0.8 }
screening_accuracy = { low = 0.4, high = 0.9 }
[design]
kind = "latin_hypercube"
samples = 3
seed = 2
[replications]
count = 2
[outcomes]
keep = ["dropout_rate", "net_dropout_rate", "dropouts", "coach_cost"]
"""

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def experiment(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("exp") / "engines.toml"
    path.write_text(textwrap.dedent(EXPERIMENT), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def local_one(experiment, tmp_path_factory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("one") / "out"
    return sweep(experiment, out, workers=1, progress=False).results


def test_two_local_workers_equal_one(experiment, local_one, tmp_path):
    two = sweep(experiment, tmp_path / "out", workers=2, progress=False)
    assert len(two.results) == 2 * 2 * 3 * 2
    pd.testing.assert_frame_equal(two.results, local_one)
    # Both workers did some of the work.
    assert pd.read_parquet(tmp_path / "out" / "runs.parquet")["pid"].nunique() == 2


def test_mpiexec_equals_local(experiment, local_one, tmp_path):
    out = tmp_path / "mpi"
    cmd = [
        str(BIN / "mpiexec"), "-n", "3", sys.executable, "-m", "mpi4py.futures",
        "-m", "vsvsim", "sweep", str(experiment), "--out", str(out),
        "--executor", "mpi", "--no-progress",
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    pd.testing.assert_frame_equal(pd.read_parquet(out / "results.parquet"), local_one)
    # Rank 0 submits; ranks 1 and 2 computed the runs.
    assert pd.read_parquet(out / "runs.parquet")["pid"].nunique() == 2


def test_dask_local_cluster_equals_local(experiment, local_one, tmp_path):
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        report = sweep(
            experiment, tmp_path / "dask", executor=client.get_executor(pure=False),
            workers=2, progress=False,
        )  # fmt: skip
        address = cluster.scheduler_address
        # The command line reaches the same cluster through --scheduler.
        proc = subprocess.run(
            [sys.executable, "-m", "vsvsim", "sweep", str(experiment), "--out",
             str(tmp_path / "cli"), "--executor", "dask", "--scheduler", address,
             "--no-progress"],
            capture_output=True, text=True, timeout=600, cwd=ROOT,
        )  # fmt: skip
    pd.testing.assert_frame_equal(report.results, local_one)
    assert proc.returncode == 0, proc.stderr
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "cli" / "results.parquet"), local_one)


def test_kill_9_then_resume(experiment, local_one, tmp_path):
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "vsvsim", "sweep", str(experiment), "--out", str(out),
           "--workers", "2", "--no-progress"]  # fmt: skip
    # Its own process group, so kill -9 takes the sweep and its workers at once, as a
    # scheduler ending a job or a machine going down would.
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        parts = list((out / "parts").glob("part-*.parquet")) if out.exists() else []
        if len(parts) >= 2:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (out / "results.parquet").exists()
    before = pd.concat(pd.read_parquet(p) for p in (out / "parts").glob("part-*.parquet"))
    assert 0 < len(before) < len(local_one)

    resumed = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert resumed.returncode == 0, resumed.stderr
    assert "resumed" in resumed.stdout
    parts = pd.concat(pd.read_parquet(p) for p in (out / "parts").glob("part-*.parquet"))
    assert parts["run_id"].is_unique  # nothing computed twice
    assert set(parts["run_id"]) == set(local_one["run_id"])  # nothing lost
    pd.testing.assert_frame_equal(pd.read_parquet(out / "results.parquet"), local_one)
