"""The calibration report script: one quick run writes every figure, table and the markdown."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from vsvsim.analysis.calibration import (
    StudyRuns,
    aligned_changes,
    coach_shares,
    order_agreement,
    read_fit,
)
from vsvsim.analysis.calibration_plots import plot_coach_shares
from vsvsim.analysis.calibration_text import text_coach
from vsvsim.analysis.targets import TARGETS
from vsvsim.coaching import ACTIONS, GOALS
from vsvsim.week import mechanism_names

MECHANISMS = mechanism_names()

SCRIPT = Path(__file__).resolve().parent.parent / "experiments" / "calibration_report.py"
FIGURES = ("group_means", "aligned_leaving", "leaving_by_month", "coach_actions")
TABLES = ("targets.csv", "target_values.csv", "ablation.csv")


def _load():
    # experiments/ is not a package; load the script as a module.
    spec = importlib.util.spec_from_file_location("calibration_report", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report():
    return _load()


@pytest.fixture(scope="module")
def quick(report, tmp_path_factory):
    from conftest import write_inference_folder

    out = tmp_path_factory.mktemp("report")
    inference = write_inference_folder(out / "inference")
    # A fit table of our own, so the test never depends on (or touches) the real one.
    fit = out / "fit.csv"
    pd.DataFrame(
        {
            "parameter": ["programme_fit"],
            "fitted": [0.72],
            "top_p5": [0.7],
            "top_p95": [0.75],
            "range_low": [0.6],
            "range_high": [0.8],
            "previous_default": [0.7],
        }
    ).to_csv(fit, index=False)
    argv = ["--quick", "--students", "300", "--seed", "3", "--out", str(out), "--fit", str(fit)]
    files = report.main([*argv, "--inference", str(inference)])
    return out, files


def _first_cells(table: str) -> list[str]:
    """First cell of every body row of the markdown tables in ``table``."""
    cells = re.findall(r"^\| ([^|]+?) \|", table, flags=re.MULTILINE)
    return [c for c in cells if c not in ("target", "parameter")]


def _section(md: str, heading: str) -> str:
    start = md.index(heading)
    nxt = md.find("\n## ", start + len(heading))
    return md[start : nxt if nxt >= 0 else None]


@pytest.mark.slow  # shares a 15 s report run
def test_quick_run_writes_every_figure_and_table(quick):
    out, files = quick
    fig = out / "calibration"
    for name in FIGURES:
        png = fig / f"{name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
        assert len(pd.read_csv(fig / f"{name}.csv")) > 0, name
    for name in TABLES:
        assert len(pd.read_csv(fig / name)) > 0, name
    assert (out / "calibration.md").stat().st_size > 0
    assert all(p.exists() for p in files.values())
    assert not (fig / "fit_samples.parquet").exists()


@pytest.mark.slow  # shares a 15 s report run
def test_markdown_has_one_target_row_per_target_and_embeds_figures(quick):
    out, _ = quick
    md = (out / "calibration.md").read_text()
    table = _section(md, "## Targets")
    assert _first_cells(table) == [t.id for t in TARGETS]
    for name in FIGURES:
        assert f"](calibration/{name}.png)" in md
    assert "--quick" in md and "--seed 3" in md  # the command that regenerates it
    assert "`programme_fit`" in _section(md, "## What is calibrated")


@pytest.mark.slow  # shares a 15 s report run
def test_the_posterior_section_comes_from_the_inference_folder(quick):
    out, files = quick
    md = (out / "calibration.md").read_text()
    post = _section(md, "## The posterior: calibration as inference")
    assert "first pass, not converged" in post and "`leave_threshold`" in post
    assert "](calibration/posterior_pairs.png)" in post
    assert files["posterior_pairs.png"].read_bytes()[:4] == b"\x89PNG"
    pairs = pd.read_csv(out / "calibration" / "posterior_pairs.csv")
    assert set(pairs["parameter"]) == {"programme_fit", "leave_threshold", "strain_memory"}
    assert "--inference" in md  # a folder other than the default is in the command


@pytest.mark.slow  # shares a 15 s report run
def test_ablation_covers_every_mechanism_and_target(quick):
    out, _ = quick
    abl = pd.read_csv(out / "calibration" / "ablation.csv")
    assert set(abl["mechanism"]) == {"none", *MECHANISMS}
    assert len(abl) == (len(MECHANISMS) + 1) * len(TARGETS)
    md = (out / "calibration.md").read_text()
    assert _first_cells(_section(md, "## Ablation")) == [t.id for t in TARGETS]


def test_order_agreement_counts_pairs():
    t = pd.DataFrame(
        {"category": ["a", "b", "c"], "share": [0.4, 0.5, 0.3], "brief_rank": [1, 2, 2]}
    )
    agree, pairs, wrong = order_agreement(t)
    assert (agree, pairs) == (1, 2)  # b and c share a rank: only a-b and a-c are ordered
    assert wrong == [("a", "b")]


def test_missing_fit_table_is_reported_not_fatal(tmp_path):
    assert read_fit(tmp_path / "absent.csv") is None


def _coach_study() -> StudyRuns:
    """Two replications of hand-made contacts: 3 of 4 and 1 of 2 are the first action."""
    a, b = ACTIONS[0], ACTIONS[1]
    g = GOALS[0]
    weekly = pd.DataFrame(
        {
            "replication": [0, 0, 0, 0, 0, 1, 1, 1],
            "coach_action": [a, a, a, b, "none", a, b, "none"],
            "coach_goal": [g, g, g, g, "none", g, g, "none"],
        }
    )
    return StudyRuns(pd.DataFrame(), weekly, 2025, "generic", 0)


def test_coach_shares_pool_contacts_and_take_the_interval_over_replications():
    t = coach_shares(_coach_study()).set_index(["kind", "category"])
    first = t.loc[("action", ACTIONS[0])]
    assert first["contacts"] == 4
    assert first["share"] == pytest.approx(4 / 6)  # pooled over both runs
    # The interval is over the per-replication shares 3/4 and 1/2 (numpy's linear rule).
    assert first["share_p5"] == pytest.approx(np.percentile([0.75, 0.5], 5))
    assert first["share_p95"] == pytest.approx(np.percentile([0.75, 0.5], 95))
    unused = t.loc[("action", ACTIONS[-1])]
    assert unused["contacts"] == 0 and unused["share"] == 0 and unused["share_p95"] == 0
    assert t.loc[("goal", GOALS[0]), "share"] == 1


def test_coach_figure_and_text_come_from_the_computed_table(tmp_path):
    t = coach_shares(_coach_study())
    png = plot_coach_shares(t, tmp_path / "coach.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = text_coach(t)
    assert "Actions over 6 contacts" in text and "Goals over 6 contacts" in text


def test_aligned_changes_need_both_ends_of_a_window():
    weeks = range(-9, 4)  # the "after" window (0 to 8) has no week 8
    table = pd.DataFrame(
        {
            "outcome": "switcher",
            "variable": "wellbeing",
            "rel_week": list(weeks),
            "mean": [0.5 + 0.01 * w for w in weeks],
        }
    )
    c = aligned_changes(table).set_index("window")["change"]
    assert c["before"] == pytest.approx(0.08)  # week -1 minus week -9
    assert np.isnan(c["after"])


def test_bad_settings_are_refused(report):
    with pytest.raises(SystemExit):
        report.main(["--replications", "2", "--ablation-replications", "3"])
