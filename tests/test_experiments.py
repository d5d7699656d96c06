"""Experiment layer: files validated, designs built, sweeps resumable, failures recorded."""

from __future__ import annotations

import textwrap
from concurrent.futures import Executor, Future
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from vsvsim.cli import main
from vsvsim.experiments import analyse
from vsvsim.experiments.designs import build_plan
from vsvsim.experiments.spec import (
    ExperimentError,
    available_experiments,
    load_experiment,
)
from vsvsim.experiments.sweep import SweepInterrupted, sweep

SMALL = """
name = "small"
scenarios = ["preventive_screening", "curative"]
[fixed]
students = 40
[levers]
coaches = [4, 12]
[uncertainties]
screening_accuracy = { low = 0.4, high = 0.9, levels = 2 }
[replications]
count = 2
seed = 5
[outcomes]
keep = ["dropout_rate", "net_dropout_rate", "dropouts", "coach_cost"]
"""


def write(tmp_path: Path, text: str, name: str = "exp.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


class InlineExecutor(Executor):
    """Runs each task at submit, in this process; optionally breaks after some tasks.

    Stands in for a pool whose worker dies: after ``fail_after`` tasks every further
    task fails as a lost worker's would (BrokenProcessPool).
    """

    def __init__(self, fail_after: int | None = None):
        self.fail_after = fail_after
        self.calls = 0

    def submit(self, fn, /, *args, **kwargs):
        fut: Future = Future()
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            fut.set_exception(RuntimeError("worker lost"))
        else:
            fut.set_result(fn(*args, **kwargs))
        return fut


def part_run_ids(out: Path) -> pd.Series:
    return pd.concat(pd.read_parquet(p) for p in (out / "parts").glob("part-*.parquet"))["run_id"]


# ------------------------------------------------------------------------------ files


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("bogus = 1\n", "unknown key 'bogus'"),
        ("[design]\nkind = 'sobl'\n", "design.kind = 'sobl' is not a known design; allowed"),
        (
            "[uncertainties]\nlabour_market_pull = { low = 0.8, high = 0.2 }\n",
            "low = 0.8 is more than high = 0.2",
        ),
        ("[uncertainties]\nnot_a_param = { low = 0, high = 1 }\n", "unknown parameter"),
        (
            "[uncertainties]\nlabour_market_pull = { low = 0.1, high = 3.0 }\n",
            "labour_market_pull",
        ),
        ("[levers]\ncoaches = { vals = [1, 2] }\n", "unknown key 'levers.coaches.vals'"),
        ("[outcomes]\nkeep = ['dropout_rat']\n", "unknown outcome 'dropout_rat'"),
        (
            "[outcomes]\nkeep = ['cost_per_prevented_dropout']\n",
            "set outcomes.reference",
        ),
        ("scenarios = ['nope']\n", "scenario 'nope' not found"),
        (
            "[uncertainties]\nstress_level = { low = 0.1, high = 0.3 }\n"
            "labour_market_pull = { low = 0.1, high = 0.3 }\n[design]\nkind = 'sobol'\n"
            "samples = 100\n",
            "power of 2",
        ),
        ("[fixed]\ncoaches = 5\n[levers]\ncoaches = [1, 2]\n", "in [fixed] and also varied"),
        ("[replications]\ncount = 0\n", "replications.count = 0"),
    ],
)
def test_bad_experiment_one_message(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ExperimentError) as err:
        load_experiment(path)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_bad_experiment_cli_exit_2_nothing_written(tmp_path, capsys):
    path = write(tmp_path, "[design]\nkind = 'sobl'\n")
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("vsvsim: error: exp.toml: design.kind = 'sobl'")
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.slow
def test_unreachable_dask_scheduler_is_one_message(tmp_path, capsys):
    path = write(tmp_path, SMALL)
    out = tmp_path / "out"
    # Port 9 (discard) on loopback: nothing listens, the connection is refused.
    code = main(
        [
            "sweep",
            str(path),
            "--out",
            str(out),
            "--executor",
            "dask",
            "--scheduler",
            "tcp://127.0.0.1:9",
        ]
    )
    assert code == 2
    assert "no Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
    assert not out.exists()


def test_mpi_without_mpiexec_is_one_message(tmp_path, capsys):
    path = write(tmp_path, SMALL)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--executor", "mpi"]) == 2
    assert "start under mpiexec" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.slow
def test_ready_experiments_load():
    names = available_experiments()
    for name in (
        "coach_capacity_x_screening",
        "preventive_vs_curative_under_pull",
        "start_timing",
        "sensitivity_all",
    ):
        assert name in names
        exp = load_experiment(name)
        assert build_plan(exp).tasks


def test_all_parameters_covers_ranged_parameters():
    exp = load_experiment("sensitivity_all")
    names = {f.name for f in exp.uncertainties}
    assert {"labour_market_pull", "leave_threshold", "coach_caseload"} <= names
    # Run length and the level shares (which must add up to 1) never vary.
    assert not names & {"students", "years", "share_level_1"}
    for f in exp.uncertainties:
        assert f.low < f.high


# ---------------------------------------------------------------------------- designs


def test_factorial_plan_crosses_levers_uncertainties_replications(tmp_path):
    plan = build_plan(load_experiment(write(tmp_path, SMALL)))
    d = plan.design
    assert len(d) == 2 * 2 * 2 * 2  # scenarios x coaches x accuracy levels x replications
    assert set(d["seed"]) == {5, 6}
    assert set(d["screening_accuracy"]) == {0.4, 0.9}
    # Same uncertainty sample across policies, and every run id distinct here.
    assert d.groupby("sample")["screening_accuracy"].nunique().eq(1).all()
    assert d["run_id"].is_unique


def test_run_ids_follow_inputs(tmp_path):
    a = build_plan(load_experiment(write(tmp_path, SMALL))).design
    b = build_plan(load_experiment(write(tmp_path, SMALL))).design
    assert a["run_id"].tolist() == b["run_id"].tolist()
    c = build_plan(load_experiment(write(tmp_path, SMALL.replace("seed = 5", "seed = 6")))).design
    # seeds 6,7 instead of 5,6: the seed-6 runs keep their ids, the others change.
    assert set(a["run_id"]) & set(c["run_id"])
    assert set(a["run_id"]) != set(c["run_id"])


def test_morris_whole_number_factor_stays_in_range(tmp_path):
    path = write(
        tmp_path,
        """
        [uncertainties]
        waiting_weeks = { low = 0, high = 6 }
        labour_market_pull = { low = 0.1, high = 0.9 }
        preventive = ["screening", "early_warning"]
        [design]
        kind = "morris"
        samples = 4
        """,
    )
    plan = build_plan(load_experiment(path))
    d = plan.design
    assert d["waiting_weeks"].between(0, 6).all()
    assert {0, 6} <= set(d["waiting_weeks"])
    assert set(d["preventive"]) == {"screening", "early_warning"}
    assert plan.unit.shape == (4 * 4, 3)
    # unit 0 is the first category, 1 the last (EMA's own rescaling wraps 0 to the last).
    first = d.loc[plan.unit["preventive"].to_numpy() == 0, "preventive"]
    assert (first == "screening").all()


# ----------------------------------------------------------------------------- sweeps


def test_sweep_table_and_resume_is_a_no_op(tmp_path):
    path = write(tmp_path, SMALL)
    out = tmp_path / "out"
    first = sweep(path, out, executor=InlineExecutor(), progress=False)
    assert first.computed == first.total == 16
    res = first.results
    assert res["status"].eq("ok").all()
    assert res["row"].tolist() == list(range(16))
    assert {"scenario", "coaches", "screening_accuracy", "dropout_rate"} <= set(res.columns)
    # Timing and worker identity stay out of the results (they differ between runs).
    assert not {"_seconds", "_pid", "seconds"} & set(res.columns)
    again = sweep(path, out, executor=InlineExecutor(), progress=False)
    assert again.computed == 0 and again.skipped == 16
    pd.testing.assert_frame_equal(first.results, again.results)


@pytest.mark.slow  # a few seconds: the quick subset keeps its cheaper siblings
def test_lost_worker_then_resume_computes_nothing_twice(tmp_path):
    path = write(tmp_path, SMALL)
    clean = sweep(path, tmp_path / "clean", executor=InlineExecutor(), progress=False).results
    out = tmp_path / "out"
    with pytest.raises(SweepInterrupted, match="run the same command to resume"):
        sweep(path, out, executor=InlineExecutor(fail_after=3), workers=4, progress=False)
    assert not (out / "results.parquet").exists()
    done_before = set(part_run_ids(out))
    assert 0 < len(done_before) < 16
    # What a worker killed while writing leaves: a temporary file, and a damaged part.
    (out / "parts" / ".part-dead.parquet.1234.tmp").write_bytes(b"PAR1 half")
    (out / "parts" / "part-damaged.parquet").write_bytes(b"not parquet")
    report = sweep(path, out, executor=InlineExecutor(), progress=False)
    assert report.skipped == len(done_before)
    assert report.computed == 16 - len(done_before)
    ids = part_run_ids(out)
    assert ids.is_unique  # no run computed twice
    assert set(ids) == set(clean["run_id"])  # none lost
    pd.testing.assert_frame_equal(report.results, clean)
    assert not list((out / "parts").glob(".*.tmp"))


def test_failing_run_recorded_and_sweep_goes_on(tmp_path):
    # share_orange + share_red above 1 is inconsistent: those runs fail, the others run.
    path = write(
        tmp_path,
        """
        [fixed]
        students = 50
        [uncertainties]
        share_orange = { values = [0.2, 0.8] }
        share_red = { values = [0.1, 0.5] }
        [outcomes]
        keep = ["dropout_rate"]
        """,
    )
    report = sweep(path, tmp_path / "out", executor=InlineExecutor(), progress=False)
    res = report.results
    bad = res["share_orange"] + res["share_red"] > 1
    assert bad.sum() == 1 and report.failed == 1
    row = res[bad].iloc[0]
    assert row["status"] == "error"
    assert "share_orange" in row["error"] and "ScenarioError" in row["error"]
    assert np.isnan(row["dropout_rate"])
    assert res.loc[~bad, "status"].eq("ok").all()
    assert res.loc[~bad, "dropout_rate"].notna().all()


def test_per_student_tables_on_request(tmp_path):
    path = write(
        tmp_path,
        """
        [fixed]
        students = 30
        [levers]
        climate_autonomy = [0.4, 0.6]
        [outcomes]
        keep = ["dropout_rate"]
        per_student = true
        """,
    )
    out = tmp_path / "out"
    report = sweep(path, out, executor=InlineExecutor(), progress=False)
    students = pd.read_parquet(out / "students")
    assert set(students["run_id"]) == set(report.results["run_id"])
    assert students.groupby("run_id").size().min() >= 30
    # Per-student detail stays out of the results table.
    assert len(report.results) == 2


def test_other_experiment_in_folder_refused(tmp_path):
    out = tmp_path / "out"
    sweep(write(tmp_path, SMALL), out, executor=InlineExecutor(), progress=False)
    other = write(tmp_path, SMALL.replace("count = 2", "count = 3"), "other.toml")
    with pytest.raises(ExperimentError, match="holds the results of another experiment"):
        sweep(other, out, executor=InlineExecutor(), progress=False)


def test_reference_outcomes(tmp_path):
    path = write(
        tmp_path,
        """
        scenarios = ["preventive_screening"]
        [fixed]
        students = 80
        [levers]
        coaches = [0, 10]
        [outcomes]
        keep = ["dropouts", "coach_cost", "prevented_dropouts", "cost_per_prevented_dropout",
                "reference_dropout_rate"]
        reference = "baseline"
        """,
    )
    res = sweep(path, tmp_path / "out", executor=InlineExecutor(), progress=False).results
    no_coaches = res[res["coaches"] == 0].iloc[0]
    # Without coaches the programme is the reference: nothing prevented, no cost.
    assert no_coaches["prevented_dropouts"] == 0
    assert no_coaches["coach_cost"] == 0
    assert np.isnan(no_coaches["cost_per_prevented_dropout"])


@pytest.mark.slow
def test_grid_and_prim_reports(tmp_path):
    path = write(
        tmp_path,
        """
        scenarios = ["preventive_screening", "curative"]
        [fixed]
        students = 60
        [uncertainties]
        labour_market_pull = { low = 0.1, high = 0.9 }
        stress_level = { low = 0.05, high = 0.45 }
        [design]
        kind = "latin_hypercube"
        samples = 12
        [outcomes]
        keep = ["dropout_rate", "net_dropout_rate"]
        """,
    )
    out = tmp_path / "out"
    sweep(path, out, executor=InlineExecutor(), progress=False)
    rep = analyse.prim(out)
    assert rep.markdown.is_file() and rep.figures
    assert "fails to beat" in rep.markdown.read_text()
    points = pd.read_csv(out / "analysis" / "prim_points.csv")
    assert len(points) == 12
    g = analyse.grid(out, x="labour_market_pull", y="scenario")
    assert g.figures[0].is_file() and (out / "analysis" / "grid.csv").is_file()


@pytest.mark.slow
def test_prim_with_a_lever_besides_the_scenario(tmp_path):
    """Cases are per uncertainty sample and setting of the other lever (it was dropped)."""
    path = write(
        tmp_path,
        """
        scenarios = ["preventive_screening", "curative"]
        [fixed]
        students = 60
        [levers]
        coaches = [2, 6]
        [uncertainties]
        labour_market_pull = { low = 0.1, high = 0.9 }
        [design]
        kind = "latin_hypercube"
        samples = 6
        [outcomes]
        keep = ["dropout_rate"]
        """,
    )
    out = tmp_path / "out"
    sweep(path, out, executor=InlineExecutor(), progress=False)
    analyse.prim(out)
    points = pd.read_csv(out / "analysis" / "prim_points.csv")
    assert len(points) == 12
    assert sorted(points["coaches"].unique()) == [2, 6]


@pytest.mark.slow  # the quick subset keeps a lighter test of the same part
def test_morris_and_sobol_reports(tmp_path):
    morris_path = write(
        tmp_path,
        """
        [fixed]
        students = 40
        [uncertainties]
        labour_market_pull = { low = 0.1, high = 0.9 }
        leave_threshold = { low = 0.3, high = 0.45 }
        [design]
        kind = "morris"
        samples = 3
        [outcomes]
        keep = ["dropout_rate"]
        """,
        "m.toml",
    )
    out = tmp_path / "m"
    sweep(morris_path, out, executor=InlineExecutor(), progress=False)
    rep = analyse.morris(out)
    table = pd.read_csv(out / "analysis" / "morris.csv")
    assert set(table["parameter"]) == {"labour_market_pull", "leave_threshold"}
    assert {"mu_star", "sigma", "mu_star_conf"} <= set(table.columns)
    assert rep.figures and all(f.is_file() for f in rep.figures)
    with pytest.raises(ExperimentError, match="needs a sobol design"):
        analyse.sobol(out)

    sobol_path = write(
        tmp_path,
        open(morris_path)
        .read()
        .replace('"morris"', '"sobol"')
        .replace("samples = 3", "samples = 4"),
        "s.toml",
    )
    out_s = tmp_path / "s"
    sweep(sobol_path, out_s, executor=InlineExecutor(), progress=False)
    rep = analyse.sobol(out_s)
    assert any("too small" in w or "is small" in w for w in rep.warnings)
    table = pd.read_csv(out_s / "analysis" / "sobol.csv")
    assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(table.columns)


def test_analyse_cli_on_unfinished_sweep(tmp_path, capsys):
    path = write(tmp_path, SMALL)
    out = tmp_path / "out"
    with pytest.raises(SweepInterrupted):
        sweep(path, out, executor=InlineExecutor(fail_after=1), workers=4, progress=False)
    assert main(["analyse", "prim", str(out)]) == 2
    assert "has not finished" in capsys.readouterr().err


def test_ema_workbench_perform_experiments():
    from ema_workbench import perform_experiments

    from vsvsim.experiments.ema import ema_model

    model = ema_model(
        "preventive_screening",
        uncertainties={"labour_market_pull": (0.2, 0.8)},
        levers={"coaches": (5, 20)},
        constants={"students": 40},
        outcomes=["dropout_rate", "net_dropout_rate"],
    )
    experiments, outcomes = perform_experiments(model, scenarios=2, policies=1)
    assert len(experiments) == 2
    assert outcomes["dropout_rate"].shape == (2,)
    assert np.all((outcomes["dropout_rate"] >= 0) & (outcomes["dropout_rate"] <= 1))
