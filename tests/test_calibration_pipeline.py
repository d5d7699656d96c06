"""experiments/calibration_pipeline.py: one command runs the calibration, and resumes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "experiments" / "calibration_pipeline.py"

TINY = [
    "--params", "leave_threshold", "leave_steepness",
    "--students", "150", "--replications", "1", "--population", "6",
    "--generations", "2", "--pilot-replications", "2", "--workers", "1",
    "--draws", "2", "--check-replications", "1", "--check-students", "150",
    "--candidates", "2", "--choose-replications", "1", "--finalists", "2",
    "--confirm-replications", "2", "--seed", "4",
]  # fmt: skip


def _load():
    spec = importlib.util.spec_from_file_location("calibration_pipeline", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_pipeline_runs_every_step_then_resumes_without_rerunning(tmp_path):
    pipeline = _load()
    out = tmp_path / "cal"
    first = pipeline.main(["--out", str(out), *TINY])
    assert list(first["step"]) == ["infer", "predictive", "choose"]
    assert not first["skipped"].any()
    for name in ("posterior.parquet", "predictive.csv", "representative.csv", "abc.db"):
        assert (out / name).exists(), name
    post = pd.read_parquet(out / "posterior.parquet")
    chosen = pd.read_csv(out / "representative.csv")
    assert set(chosen["parameter"]) == {"leave_threshold", "leave_steepness"}
    # Two finalists went on to the confirming block, which decided.
    scores = pd.read_csv(out / "choose_scores.csv")
    assert scores["p_best"].notna().sum() == 2
    # The second call resumes from the folder alone, as a fresh clone of a committed folder
    # has it (the packed database, not the SQLite file; the run's settings are the stored
    # ones): the database is complete, the later steps are up to date.
    assert (out / "abc.db.gz").exists()
    (out / "abc.db").unlink()
    second = pipeline.main(["--out", str(out), "--generations", "2", "--workers", "1"])
    assert list(second["skipped"]) == [False, True, True]
    pd.testing.assert_frame_equal(pd.read_parquet(out / "posterior.parquet"), post)
    log = pd.read_csv(out / "pipeline.csv")
    assert len(log) == 6 and (log["seconds"] >= 0).all()
    # One more generation, paused at once (--max-minutes 0): its particles are in the
    # checkpoint and the later steps wait; the next call completes it and they rerun.
    third = pipeline.main(["--out", str(out), "--generations", "3", "--max-minutes", "0"])
    assert list(third["step"]) == ["infer"]
    assert (out / "abc.db.generation.pkl.gz").exists()
    pd.testing.assert_frame_equal(pd.read_parquet(out / "posterior.parquet"), post)
    fourth = pipeline.main(["--out", str(out), "--generations", "3"])
    assert list(fourth["skipped"]) == [False, False, False]
    assert not (out / "abc.db.generation.pkl.gz").exists()
    assert pd.read_csv(out / "inference_diagnostics.csv")["t"].max() == 2


def test_the_epsilon_floor_option_reads_the_noise_floor(tmp_path):
    """``--epsilon-floor floor``: the at-floor threshold of the folder's measured floor;
    a number is taken as given; anything else, or no floor, is one clear message."""
    from vsvsim.posterior import CONVERGED_DROP

    pipeline = _load()
    with pytest.raises(SystemExit, match=r"convergence_check\.py first"):
        pipeline._epsilon_floor("floor", tmp_path)
    pd.DataFrame({"evaluation": range(3), "distance": [4.0, 4.4, 5.0]}).to_csv(
        tmp_path / "convergence_floor.csv", index=False
    )
    assert pipeline._epsilon_floor("floor", tmp_path) == pytest.approx(4.4 * (1 + CONVERGED_DROP))
    assert pipeline._epsilon_floor("4.2", tmp_path) == 4.2
    with pytest.raises(SystemExit, match="give a number or 'floor'"):
        pipeline._epsilon_floor("low", tmp_path)
