"""The calibration report script: one quick run writes every figure, table and the markdown."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from vsvsim.analysis.targets import TARGETS
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
    out = tmp_path_factory.mktemp("report")
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
    files = report.main(
        ["--quick", "--students", "300", "--seed", "3", "--out", str(out), "--fit", str(fit)]
    )
    return out, files


def _first_cells(table: str) -> list[str]:
    """First cell of every body row of the markdown tables in ``table``."""
    cells = re.findall(r"^\| ([^|]+?) \|", table, flags=re.MULTILINE)
    return [c for c in cells if c not in ("target", "parameter")]


def _section(md: str, heading: str) -> str:
    start = md.index(heading)
    nxt = md.find("\n## ", start + len(heading))
    return md[start : nxt if nxt >= 0 else None]


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


def test_markdown_has_one_target_row_per_target_and_embeds_figures(quick):
    out, _ = quick
    md = (out / "calibration.md").read_text()
    table = _section(md, "## Targets")
    assert _first_cells(table) == [t.id for t in TARGETS]
    for name in FIGURES:
        assert f"](calibration/{name}.png)" in md
    assert "--quick" in md and "--seed 3" in md  # the command that regenerates it
    assert "`programme_fit`" in _section(md, "## What is calibrated")


def test_ablation_covers_every_mechanism_and_target(quick):
    out, _ = quick
    abl = pd.read_csv(out / "calibration" / "ablation.csv")
    assert set(abl["mechanism"]) == {"none", *MECHANISMS}
    assert len(abl) == (len(MECHANISMS) + 1) * len(TARGETS)
    md = (out / "calibration.md").read_text()
    assert _first_cells(_section(md, "## Ablation")) == [t.id for t in TARGETS]


def test_order_agreement_counts_pairs(report):
    t = pd.DataFrame(
        {"category": ["a", "b", "c"], "share": [0.4, 0.5, 0.3], "brief_rank": [1, 2, 2]}
    )
    agree, pairs, wrong = report.order_agreement(t)
    assert (agree, pairs) == (1, 2)  # b and c share a rank: only a-b and a-c are ordered
    assert wrong == [("a", "b")]


def test_missing_fit_table_is_reported_not_fatal(report, tmp_path):
    assert report.read_fit(tmp_path / "absent.csv") is None


def test_bad_settings_are_refused(report):
    with pytest.raises(SystemExit):
        report.main(["--replications", "2", "--ablation-replications", "3"])
