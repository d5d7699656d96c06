"""experiments/calibrate.py: writing a fit into the parameter table, and its scoring."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "experiments" / "calibrate.py"


@pytest.fixture(scope="module")
def calibrate():
    spec = importlib.util.spec_from_file_location("calibrate", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["calibrate"] = module
    spec.loader.exec_module(module)
    return module


def _fit(tmp_path, rows):
    path = tmp_path / "fit.csv"
    pd.DataFrame(rows, columns=["parameter", "fitted"]).to_csv(path, index=False)
    return path


def test_apply_writes_defaults_and_provenance(calibrate, tmp_path):
    package = tmp_path / "vsvsim"
    shutil.copytree(calibrate.PACKAGE_DIR, package)
    fit = _fit(tmp_path, [("leave_threshold", 0.31234), ("climate_autonomy", 0.6)])
    calibrate.apply_fit(fit, package)
    # Each value goes into the module that declares it.
    exits = (package / "mechanisms" / "leaving.py").read_text()
    assert 'Param("leave_threshold", "strengths", 0.312,' in exits
    text = (package / "population" / "cohort.py").read_text()
    block = text[text.index('Param("climate_autonomy"') :]
    block = block[: block.index("Param(", 6)]
    assert 'Param("climate_autonomy", "school", 0.6,' in block
    assert "ch. 3); value fitted (docs/calibration.md)" in block  # was "value assumption"
    assert max(len(line) for line in text.splitlines()) <= 100


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("no_such_parameter", 1.0)], "unknown parameter"),
        ([("leave_threshold", 7.0)], "leave_threshold = 7.0 is not a number from 0 to 1"),
    ],
)
def test_apply_rejects_bad_input_and_writes_nothing(calibrate, tmp_path, rows, message):
    package = tmp_path / "vsvsim"
    shutil.copytree(calibrate.PACKAGE_DIR, package)
    before = {p: p.read_text() for p in package.rglob("*.py")}
    with pytest.raises(SystemExit, match=message):
        calibrate.apply_fit(_fit(tmp_path, rows), package)
    assert {p: p.read_text() for p in package.rglob("*.py")} == before


def test_margin_narrows_bands_but_never_past_the_cap(calibrate):
    from vsvsim.analysis.targets import TARGETS

    # Every target exactly on its lower edge: inside the band, outside a narrowed one.
    values = pd.DataFrame([{"target": t.id, "value": t.low} for t in TARGETS])
    assert calibrate.total_score(values) == 0.0
    wide = calibrate.total_score(values, margin=0.15)
    capped = calibrate.total_score(values, margin=0.15, cap=0.02)
    assert wide > capped > 0.0


def test_sign_targets_count_a_wrong_sign_in_units_of_the_sign_scale():
    """A 'dropouts above stayers' target missed by 0.03 is one unit of implausibility, not
    a fifth of one as the nominal far edge of its band (0.3) would make it."""
    from vsvsim.analysis.targets import SIGN_SCALE, TARGETS, implausibility, score

    t2a = next(t for t in TARGETS if t.id == "T2a")
    t4a = next(t for t in TARGETS if t.id == "T4a")
    assert t2a.scale == SIGN_SCALE and t4a.scale is None
    values = pd.DataFrame(
        [{"target": "T2a", "value": -SIGN_SCALE}, {"target": "T4a", "value": t4a.low - 0.075}]
    )
    table = score(values, (t2a, t4a)).set_index("target")["implausibility"]
    assert table["T2a"] == pytest.approx(1.0)
    assert table["T4a"] == pytest.approx(1.0)  # 0.075 is half of T4a's band
    assert implausibility(-SIGN_SCALE, t2a.low, t2a.high) == pytest.approx(0.2)
