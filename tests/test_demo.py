"""The demo with and without the calibration's posterior sample (issue 14, item 5)."""

from __future__ import annotations

import pandas as pd
import pytest

import vsvsim.posterior as post
from vsvsim.cli import main
from vsvsim.demo import SCENARIOS, demo
from vsvsim.scenario import ScenarioError

STUDENTS, YEARS = 100, 1
#: A real parameter the sample varies, within its range (0-1).
VARIED = "leave_hazard_max"


@pytest.fixture
def sample(tmp_path, monkeypatch):
    """A tiny posterior sample as the adopted one (three draws, weighted)."""
    path = tmp_path / "inference" / "posterior.parquet"
    path.parent.mkdir()
    frame = pd.DataFrame({VARIED: [0.1, 0.3, 0.2], "weight": [1.0, 2.0, 1.0]})
    frame.to_parquet(path, index=False)
    monkeypatch.setattr(post, "DEFAULT_POSTERIOR", path)
    return path


@pytest.fixture
def no_sample(tmp_path, monkeypatch):
    """No posterior sample adopted."""
    path = tmp_path / "none" / "posterior.parquet"
    monkeypatch.setattr(post, "DEFAULT_POSTERIOR", path)
    return path


def _demo(out, **kwargs):
    return demo(students=STUDENTS, years=YEARS, out=out, **kwargs)


def test_demo_with_the_posterior_writes_a_second_comparison(sample, tmp_path, capsys):
    out = tmp_path / "out"
    table = _demo(out, posterior=2)
    shown = capsys.readouterr().out
    # The main comparison is as before: one replication, no split.
    main_table = pd.read_csv(out / "comparison.csv", index_col="scenario")
    assert (main_table["replications"] == 1).all()
    assert not any(c.endswith("_var_param") for c in main_table.columns)
    assert list(table.index) == list(SCENARIOS)
    # The posterior one: K draws x max(R, 2) replications, the variance split, its files.
    folder = out / "posterior"
    with_draws = pd.read_csv(folder / "comparison.csv", index_col="scenario")
    assert list(with_draws.index) == list(SCENARIOS)
    assert (with_draws["draws"] == 2).all() and (with_draws["replications"] == 2).all()
    assert {"dropout_rate_var_param", "dropout_rate_var_stoch"} <= set(with_draws.columns)
    for name in ("difference.csv", "draws.parquet", "replications.parquet", "comparison.png"):
        assert (folder / name).is_file(), name
    assert set(pd.read_parquet(folder / "draws.parquet")[VARIED]) <= {0.1, 0.3, 0.2}
    # Printed after the main table, with a heading naming K and the file, and the split.
    heading = (
        f"including parameter uncertainty: the same scenarios over 2 posterior draws from {sample}"
    )
    assert heading in shown
    assert shown.index("written to") < shown.index(heading)
    assert " par " in shown.split(heading)[1] and " par " not in shown.split(heading)[0]
    assert "stochastic only" not in shown


@pytest.mark.slow  # the quick subset keeps a lighter test of the same part
def test_demo_without_the_posterior_says_so_and_writes_no_folder(no_sample, tmp_path, capsys):
    out = tmp_path / "out"
    _demo(out)  # the default K = 8, but no file
    shown = capsys.readouterr().out
    assert f"no posterior sample at {no_sample}: intervals are stochastic only" in shown
    assert shown.count("stochastic only") == 1
    assert not (out / "posterior").exists()
    assert (out / "comparison.csv").is_file()


@pytest.mark.slow  # the quick subset keeps a lighter test of the same part
def test_demo_posterior_off(sample, tmp_path, capsys):
    out = tmp_path / "out"
    _demo(out, posterior=2)
    assert (out / "posterior" / "comparison.csv").is_file()
    capsys.readouterr()
    # A later run without draws into the same folder removes the earlier run's: it would
    # read as this run's comparison with parameter uncertainty.
    _demo(out, posterior=0)
    shown = capsys.readouterr().out
    assert not (out / "posterior").exists()
    assert "removed" in shown
    assert "including parameter uncertainty" not in shown and "no posterior sample" not in shown


def test_demo_bad_posterior_requests_run_nothing(sample, tmp_path, capsys):
    out = tmp_path / "out"
    with pytest.raises(ScenarioError, match=">= 2"):
        _demo(out, posterior=1)
    with pytest.raises(ScenarioError, match=f"{VARIED}: set with --set.*--posterior 0"):
        _demo(out, posterior=2, overrides={VARIED: 0.2})
    with pytest.raises(ScenarioError, match="does not exist"):
        _demo(out, posterior=2, posterior_file=tmp_path / "missing.parquet")
    assert not out.exists()
    # The command line: one message, exit status 2, nothing written.
    assert main(["demo", "--posterior", "1", "--students", "100", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--posterior 1" in err and err.count("\n") == 1
    assert not out.exists()


@pytest.mark.slow  # the quick subset keeps a lighter test of the same part
def test_demo_cli_posterior_file(no_sample, tmp_path, capsys):
    path = tmp_path / "p.csv"
    pd.DataFrame({VARIED: [0.15, 0.25]}).to_csv(path, index=False)
    out = tmp_path / "out"
    args = ["demo", "--students", "100", "--years", "1", "--out", str(out)]
    assert main([*args, "--posterior", "2", "--posterior-file", str(path)]) == 0
    assert f"2 posterior draws from {path}" in capsys.readouterr().out
    assert (out / "posterior" / "difference.csv").is_file()
