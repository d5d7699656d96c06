"""The command line: tables written, bad input refused with one message and nothing written."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from vsvsim.cli import main


def test_run_writes_three_tables(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(
        ["run", "baseline", "--students", "200", "--seed", "3", "--out", str(out), "--trajectories"]
    )
    assert code == 0
    students = pd.read_parquet(out / "students.parquet")
    weekly = pd.read_parquet(out / "weekly.parquet")
    summary = pd.read_parquet(out / "summary.parquet")
    assert {
        "student_id",
        "mbo_level",
        "risk_colour",
        "group",
        "coached",
        "outcome",
        "left_week",
        "coach_id",
        "entered_coaching",
        "weeks_coached",
        "reentered",
        "status_after_year",
    } <= set(students.columns)
    assert {
        "student_id",
        "week",
        "month",
        "enrolled",
        "commitment",
        "time_investment",
        "confidence",
        "wellbeing",
        "need_school",
        "need_outside",
        "need_coach",
        "event_school",
        "event_outside",
        "coach_minutes",
        "coach_action",
        "coach_goal",
        "bond",
        "openness",
        "intended_support",
        "experienced_support",
    } <= set(weekly.columns)
    assert set(students["entered_coaching"]) <= {"none", "preventive", "curative"}
    assert set(students["status_after_year"].dropna()) <= {"education", "work", "neither"}
    assert {"scenario", "seed", "dropout_rate", "median_left_week"} <= set(summary.columns)
    assert set(students["outcome"]) <= {"stayer", "switcher", "school_leaver", "diploma"}
    assert set(students["risk_colour"]) <= {"green", "orange", "red"}
    assert summary.loc[0, "seed"] == 3 and summary.loc[0, "students_entered"] == 200
    # The summary holds outcomes only; the parameters are a long table of their own.
    assert "students" not in summary.columns and "coach_caseload" not in summary.columns
    params = pd.read_parquet(out / "parameters.parquet").set_index("name")
    assert params.loc["students", "value_number"] == 200
    assert {"value", "unit", "source", "module"} <= set(params.columns)
    assert params.loc["participation_identification_spiral", "module"] == (
        "participation_identification_spiral"
    )
    mentors = pd.read_parquet(out / "mentors.parquet")
    assert {"type", "caseload_per_week", "hours", "turnover"} <= set(mentors.columns)
    assert sorted(p.name for p in out.iterdir()) == [
        "mentors.parquet",
        "parameters.parquet",
        "students.parquet",
        "summary.parquet",
        "weekly.parquet",
    ]
    assert "dropout" in capsys.readouterr().out


def test_same_seed_same_files(tmp_path):
    for name in ("a", "b"):
        assert (
            main(
                [
                    "run",
                    "baseline",
                    "--students",
                    "150",
                    "--seed",
                    "9",
                    "--out",
                    str(tmp_path / name),
                    "--trajectories",
                ]
            )
            == 0
        )
    for table in ("students", "weekly", "summary"):
        pd.testing.assert_frame_equal(
            pd.read_parquet(tmp_path / "a" / f"{table}.parquet"),
            pd.read_parquet(tmp_path / "b" / f"{table}.parquet"),
        )


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["run", "nope"], "not found"),
        (["run", "baseline", "--set", "coaches=-3"], "coaches"),
        (["run", "baseline", "--set", "colour=red"], "unknown parameter 'colour'"),
        (["run", "baseline", "--set", "preventive=magic"], "'magic'"),
        (["run", "baseline", "--set", "novalue"], "KEY=VALUE"),
    ],
)
def test_bad_input_one_message_nothing_written(tmp_path, capsys, args, fragment):
    out = tmp_path / "out"
    code = main([*args, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert fragment in err and "Traceback" not in err
    assert err.count("\n") == 1
    assert not out.exists() or not any(out.rglob("*.parquet"))


@pytest.mark.slow  # a fresh interpreter each; the same messages are checked in-process above
@pytest.mark.parametrize("args", [["--students", "-5"], ["--seed", "abc"], ["--years", "0"]])
def test_bad_numbers_in_a_real_process(tmp_path, args):
    proc = subprocess.run(
        [sys.executable, "-m", "vsvsim", "run", "baseline", "--out", str(tmp_path), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "error" in proc.stderr
    assert not any(tmp_path.rglob("*.parquet"))


def test_scenarios_and_params_listings(capsys):
    assert main(["scenarios"]) == 0
    assert "baseline" in capsys.readouterr().out
    assert main(["params"]) == 0
    assert "labour_market_pull" in capsys.readouterr().out


@pytest.mark.slow
def test_demo_writes_table_and_figures(tmp_path, capsys):
    assert main(["demo", "--students", "300", "--out", str(tmp_path)]) == 0
    table = pd.read_csv(tmp_path / "comparison.csv", index_col=0)
    assert list(table.index) == ["baseline", "preventive_screening", "curative"]
    assert (table["replications"] == 1).all()
    assert table.loc["baseline", "coach_hours"] == 0
    assert table.loc["preventive_screening", "coach_hours"] > 0
    for fig in ("comparison.png", "dropout.png", "timing.png", "commitment.png"):
        assert (tmp_path / fig).stat().st_size > 1000
    for name in ("baseline", "preventive_screening", "curative"):
        assert len(pd.read_parquet(tmp_path / f"{name}_students.parquet")) > 0
    shown = capsys.readouterr().out
    assert "preventive_screening" in shown and "EUR per prevented dropout" in shown


def test_demo_bad_input_nothing_written(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["demo", "--replications", "0", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "replications" in err and err.count("\n") == 1
    assert not out.exists()
