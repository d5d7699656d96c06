"""Scenario comparison: replications with common random numbers, summaries, outputs, CLI."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import vsvsim.analysis.comparison as computing
import vsvsim.compare as cmp
from vsvsim.cli import main
from vsvsim.compare import compare, cost_per_prevented, format_table, summarise
from vsvsim.core.calendar import SchoolCalendar

SCENARIOS = ["baseline", "preventive_screening", "curative"]
STUDENTS, REPS, SEED = 300, 2, 11
CORE = [
    "dropout_rate",
    "switcher_rate",
    "school_leaver_rate",
    "diploma_rate",
    "reentry_rate",
    "coach_hours",
    "coach_cost",
    "cost_per_prevented_dropout",
]
# The intake colour: the colour at the end (risk_colour) follows a coach's re-scoring of the
# self-sufficiency matrix (life domains), which only coached students get.
CRN_COLUMNS = ["student_id", "mbo_level", "intake_colour", "group", "track"]


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    out = tmp_path_factory.mktemp("compare")
    comp = compare(
        SCENARIOS,
        replications=REPS,
        students=STUDENTS,
        seed=SEED,
        out=out,
        keep=REPS,
        echo=False,
    )
    return comp, out


def test_table_shape_and_columns(comparison):
    comp, out = comparison
    table = pd.read_csv(out / "comparison.csv", index_col="scenario")
    assert list(table.index) == SCENARIOS
    assert (table["replications"] == REPS).all()
    for metric in CORE:
        assert {metric, f"{metric}_p5", f"{metric}_p95"} <= set(table.columns)
    pd.testing.assert_frame_equal(pd.read_parquet(out / "comparison.parquet"), comp.table)

    reps = pd.read_parquet(out / "replications.parquet")
    assert len(reps) == len(SCENARIOS) * REPS
    assert {"scenario", "replication", "seed", "students_entered", "dropouts"} <= set(reps.columns)
    assert {"prevented_dropouts", "extra_coach_cost", "cost_per_prevented_dropout"} <= set(
        reps.columns
    )
    # Replication i uses seed + i in every scenario.
    assert (reps["seed"] == SEED + reps["replication"]).all()
    assert reps.groupby("replication")["seed"].nunique().eq(1).all()

    timing = pd.read_parquet(out / "timing.parquet")
    assert len(timing) == len(SCENARIOS) * 12
    first = timing[timing["scenario"] == "baseline"]
    assert list(first["month"]) == [8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7]
    # Monthly shares of students add up to the dropout rate (first exits) in each run.
    total = first["left_share"].sum()
    assert total == pytest.approx(comp.table.loc["baseline", "dropout_rate"])
    assert first["leaver_share"].sum() == pytest.approx(1.0)

    assert (out / "comparison.png").stat().st_size > 10_000
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no scratch left


def test_reference_and_derived_values(comparison):
    comp, _ = comparison
    table = comp.table
    assert comp.reference == "baseline"
    assert table.loc["baseline", "coach_hours"] == 0
    assert table.loc["preventive_screening", "coach_hours"] > 0
    assert np.isnan(table.loc["baseline", "cost_per_prevented_dropout"])
    assert table.loc["baseline", "prevented_dropouts"] == 0


def test_interval_contains_mean(comparison):
    comp, _ = comparison
    for frame, metrics in (
        (comp.table, [m for m in cmp.METRICS if m in comp.table.columns]),
        (comp.timing, ["left_share", "leaver_share"]),
    ):
        for m in metrics:
            mean, lo, hi = (frame[c].to_numpy(float) for c in (m, f"{m}_p5", f"{m}_p95"))
            ok = np.isnan(mean) | ((lo <= mean + 1e-9) & (mean <= hi + 1e-9))
            assert ok.all(), m


def test_common_random_numbers(comparison):
    comp, _ = comparison
    for i in range(REPS):
        base = comp.results["baseline", i].students[CRN_COLUMNS]
        for name in SCENARIOS[1:]:
            pd.testing.assert_frame_equal(comp.results[name, i].students[CRN_COLUMNS], base)
    # Different replications are different cohorts.
    a = comp.results["baseline", 0].students[CRN_COLUMNS]
    b = comp.results["baseline", 1].students[CRN_COLUMNS]
    assert not a.equals(b)


def test_same_seed_same_tables(comparison, tmp_path, capsys):
    _, out = comparison
    args = ["compare", *SCENARIOS, "--replications", str(REPS), "--students", str(STUDENTS)]
    assert main([*args, "--seed", str(SEED), "--out", str(tmp_path)]) == 0
    for name in ("comparison.parquet", "replications.parquet", "timing.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / name), pd.read_parquet(out / name))
    shown = capsys.readouterr().out
    assert "preventive_screening" in shown and "EUR per prevented dropout" in shown
    assert "%" in shown
    # The reference's cost per prevented dropout is missing and shows as "-".
    row = next(line for line in shown.splitlines() if line.startswith("EUR per prevented"))
    assert row.split()[4] == "-"


def test_cost_per_prevented_dropout_by_hand():
    df = pd.DataFrame(
        {
            "scenario": ["base", "a", "b"] * 3,
            "replication": [0, 0, 0, 1, 1, 1, 2, 2, 2],
            "dropouts": [10, 6, 10, 20, 18, 25, 8, 7, 8],
            "coach_cost": [0.0, 4000.0, 900.0, 100.0, 2100.0, 600.0, 0.0, 3000.0, 0.0],
        }
    )
    out = cost_per_prevented(df, "base")
    got = out.set_index(["scenario", "replication"])["cost_per_prevented_dropout"]
    assert got["a", 0] == pytest.approx(4000 / 4)
    assert got["a", 1] == pytest.approx(2000 / 2)
    assert got["a", 2] == pytest.approx(3000 / 1)
    assert np.isnan(got["b", 0])  # nothing prevented
    assert np.isnan(got["b", 1])  # more dropouts than the reference
    assert got[["base"]].isna().all()
    prevented = out.set_index(["scenario", "replication"])["prevented_dropouts"]
    assert prevented["a", 0] == 4 and prevented["b", 1] == -5

    table = summarise(out, metrics=["cost_per_prevented_dropout", "prevented_dropouts"])
    assert list(table.index) == ["base", "a", "b"]  # order of first appearance
    assert table.loc["a", "cost_per_prevented_dropout"] == pytest.approx((1000 + 1000 + 3000) / 3)
    assert np.isnan(table.loc["b", "cost_per_prevented_dropout"])  # NaN-aware, all NaN
    assert table.loc["b", "prevented_dropouts"] == pytest.approx(-5 / 3)


def test_summarise_mean_and_percentiles():
    df = pd.DataFrame({"scenario": ["x"] * 5 + ["y"] * 2, "v": [1, 2, 3, 4, 5, 2, np.nan]})
    table = summarise(df, metrics=["v", "not_there"])
    assert list(table.columns) == ["replications", "v", "v_p5", "v_p95"]
    assert table.loc["x", "v"] == 3 and table.loc["x", "replications"] == 5
    assert table.loc["x", "v_p5"] == pytest.approx(1.2)
    assert table.loc["x", "v_p95"] == pytest.approx(4.8)
    assert table.loc["y", "v"] == table.loc["y", "v_p5"] == table.loc["y", "v_p95"] == 2


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["compare", "baseline", "nope"], "'nope' not found"),
        (["compare", "baseline", "curative", "--replications", "0"], "replications"),
        (["compare", "baseline", "curative", "--set", "coaches=-3"], "coaches"),
        (["compare", "baseline", "baseline"], "given twice"),
    ],
)
def test_bad_input_one_message_nothing_written(tmp_path, capsys, args, fragment):
    out = tmp_path / "out"
    code = main([*args, "--students", "100", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 2
    assert fragment in captured.err and "Traceback" not in captured.err
    assert captured.err.count("\n") == 1
    assert captured.out == ""
    assert not out.exists()


@pytest.mark.slow
def test_newer_summary_columns_are_used(monkeypatch, tmp_path):
    """Status a year on, wellbeing after leaving, early warning and left_month, when present."""
    real_run_batch = computing.run_batch

    def each(change):
        def run_batch(spec, **kwargs):
            return [change(res) for res in real_run_batch(spec, **kwargs)]

        return run_batch

    def without_left_month(res):
        res.students = res.students.drop(columns="left_month", errors="ignore")
        return res

    def with_more_columns(res):
        s = res.summary
        seed = int(s.loc[0, "seed"])
        s["status_after_year_education"] = 0.5
        s["status_after_year_work"] = 0.2 + 0.01 * seed
        s["status_after_year_neither"] = 0.3 - 0.01 * seed
        s["wellbeing_after_leaving"] = 0.4
        s["ew_hits"], s["ew_false_alarms"], s["ew_misses"] = 6, 2, 4
        cal = SchoolCalendar(res.scenario.params["start_year"], res.scenario.params["years"])
        months = [cal[int(w)].month if w == w else np.nan for w in res.students["left_week"]]
        res.students["left_month"] = pd.array(months, dtype="Int8")
        return res

    settings = {"replications": 2, "students": 200, "echo": False}
    monkeypatch.setattr(computing, "run_batch", each(without_left_month))
    derived = compare(["baseline", "curative"], out=tmp_path / "a", **settings)
    monkeypatch.setattr(computing, "run_batch", each(with_more_columns))
    comp = compare(["baseline", "curative"], out=tmp_path / "b", **settings)
    # left_month gives the same timing as deriving the month from the calendar.
    pd.testing.assert_frame_equal(comp.timing, derived.timing)

    table = comp.table
    assert table.loc["curative", "status_after_year_work"] == pytest.approx(0.205)
    assert table.loc["curative", "ew_precision"] == pytest.approx(0.75)
    assert table.loc["curative", "ew_recall"] == pytest.approx(0.6)
    assert len(cmp._panels(comp)) == 7
    text = format_table(comp)
    assert "a year on: work" in text and "wellbeing after leaving" in text
    assert (tmp_path / "b" / "comparison.png").stat().st_size > 10_000

    # Without those columns (an older model) their rows and panels are skipped.
    older = [c for c in table.columns if c.startswith(("status_after", "wellbeing_after", "ew_"))]
    bare = dataclasses.replace(comp, table=table.drop(columns=older))
    assert len(cmp._panels(bare)) == 5
    assert "a year on" not in format_table(bare)
    assert cmp.plot_comparison(bare, tmp_path / "bare.png").stat().st_size > 10_000
