"""Posterior predictive checks (issue 14): per target, fit and validation kept apart."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vsvsim.analysis import predictive as pp
from vsvsim.analysis.targets import ALL_TARGETS
from vsvsim.posterior import load_posterior

BY_ID = {t.id: t for t in ALL_TARGETS}


def _values(target: str, draw_means, spread: float, reps: int = 20) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = [
        {"draw": j, "target": target, "replication": i, "value": m + spread * rng.standard_normal()}
        for j, m in enumerate(draw_means)
        for i in range(reps)
    ]
    return pd.DataFrame(rows)


def test_a_prediction_inside_the_band_is_consistent_and_one_far_outside_is_not():
    t = BY_ID["T1a"]
    mid = (t.low + t.high) / 2
    inside = pp.check(_values("T1a", [mid - 0.01, mid + 0.01], 0.005), [t]).iloc[0]
    assert inside["consistent"] and inside["role"] == t.role
    far = pp.check(_values("T1a", [t.high + 0.2, t.high + 0.25], 0.005), [t]).iloc[0]
    assert not far["consistent"]
    assert far["p5"] > t.high


def test_draw_means_show_the_parameter_spread_alone():
    t = BY_ID["T1a"]
    row = pp.check(_values("T1a", [0.05, 0.15], 0.0), [t]).iloc[0]
    assert row["draw_mean_p5"] == pytest.approx(0.055)
    assert row["draw_mean_p95"] == pytest.approx(0.145)


def test_draws_in_band_is_stricter_than_consistent():
    # Three draws inside T1a's band, one far above it: the wide spread makes the interval
    # meet the band (consistent), while only three of four draw means lie in it.
    t = BY_ID["T1a"]
    mid = (t.low + t.high) / 2
    row = pp.check(_values("T1a", [mid, mid, mid, t.high + 0.3], 0.01), [t]).iloc[0]
    assert row["consistent"]
    assert row["draws_in_band"] == pytest.approx(0.75)
    below = pp.check(_values("T1a", [t.low - 0.02] * 4, 0.05, reps=200), [t]).iloc[0]
    assert below["consistent"] and below["draws_in_band"] == 0.0


def test_never_measured_is_not_consistent_and_summary_keeps_roles_apart():
    fit, val = BY_ID["T1a"], next(t for t in ALL_TARGETS if t.role == "validate")
    values = pd.concat(
        [
            _values(fit.id, [(fit.low + fit.high) / 2], 0.0),
            _values(val.id, [np.nan], 0.0),
        ]
    )
    table = pp.check(values, [fit, val])
    assert table.set_index("target").loc[val.id, "consistent"] == False  # noqa: E712
    s = pp.summary(table).set_index("role")
    assert s.loc["fit", "consistent"] == 1 and s.loc["validate", "consistent"] == 0


def test_predictive_runs_each_draw_on_the_same_seeds(tmp_path):
    path = tmp_path / "posterior.csv"
    pd.DataFrame({"leave_threshold": [0.30, 0.30], "weight": [0.5, 0.5]}).to_csv(path, index=False)
    posterior = load_posterior(path)
    targets = [BY_ID["T4a"]]
    values = pp.predictive(posterior, draws=2, replications=2, students=200, targets=targets)
    assert len(values) == 4 and set(values["draw"]) == {0, 1}
    # Identical draws on common seeds: identical values, replication by replication.
    a, b = (values[values["draw"] == j]["value"].to_numpy() for j in (0, 1))
    assert np.array_equal(a, b)


def test_leave_one_group_out_fit_and_its_prediction():
    """A leave-one-group-out fit drops the group from the distance; the check then counts
    the group's fit targets as predictions, apart from fit and validation."""
    from vsvsim.analysis.targets import fit_targets, target_group, targets_with_role

    every = {t.id for t in targets_with_role("fit")}
    kept = {t.id for t in fit_targets(["T2", "T6"])}
    assert kept == {i for i in every if target_group(i) not in {"T2", "T6"}}
    assert {"T2a", "T6a", "T6c"} <= every - kept and "T1a" in kept
    assert target_group("FS1") == "FS1" and target_group("T11b") == "T11"
    with pytest.raises(ValueError, match=r"T12: not a group of fit targets; use some of T1, "):
        fit_targets(["T12"])  # a validation-only group: nothing to leave out of the fit
    values = pd.concat([_values(i, [0.1, 0.12], 0.01) for i in ("T2a", "T1a", "T2c")])
    targets = [BY_ID[i] for i in ("T2a", "T1a", "T2c")]
    table = pp.check(values, targets, left_out=["T2"]).set_index("target")
    # T2a is a fit target of the left-out group; T2c was validation all along.
    assert table["role"].to_dict() == {"T2a": pp.LEFT_OUT, "T1a": "fit", "T2c": "validate"}
    assert set(pp.summary(table.reset_index())["role"]) == {pp.LEFT_OUT, "fit", "validate"}


@pytest.mark.slow
def test_logo_script_fits_without_a_group_and_predicts_it(tmp_path):
    import importlib.util
    import json
    import shutil
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "experiments" / "logo.py"
    spec = importlib.util.spec_from_file_location("logo", path)
    logo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(logo)
    args = ["--groups", "T6", "--students", "200", "--replications", "1", "--population",
            "6", "--generations", "1", "--workers", "1", "--draws", "2",
            "--check-replications", "1", "--check-students", "200", "--out", str(tmp_path),
            "--params", "leave_threshold", "job_finding_rate",
            "--transition", "defensive"]  # fmt: skip
    # Paused at once: nothing to report yet, the database packed and the generation
    # checkpointed; then, from the packed database alone (a fresh clone of a committed
    # folder), the same command completes it, as an uninterrupted run does.
    assert logo.main([*args, "--max-minutes", "0"]).empty
    assert (tmp_path / "T6" / "abc.db.generation.pkl.gz").exists()
    (tmp_path / "T6" / "abc.db").unlink()
    table = logo.main(args)
    assert not (tmp_path / "T6" / "abc.db.generation.pkl.gz").exists()
    whole = [*args[: args.index("--out")], "--out", str(tmp_path / "whole"),
             *args[args.index("--out") + 2 :]]  # fmt: skip
    pd.testing.assert_frame_equal(logo.main(whole), table)
    assert sorted(table["target"]) == ["T6a", "T6b", "T6c"]
    assert (table["left_out"] == "T6").all() and (table["role"] == pp.LEFT_OUT).all()
    settings = (tmp_path / "T6" / "abc.db.settings.json").read_text()
    assert '"left_out": [\n  "T6"\n ]' in settings and '"T6a"' not in settings
    # The main fit's parameters and proposal, not every calibrated one.
    stored = json.loads(settings)
    assert stored["parameters"] == ["leave_threshold", "job_finding_rate"]
    assert stored["transition"] == "defensive"
    # Done groups are read back, not refitted; and the table holds every group done in
    # the folder, not only this call's (a copy of T6's folder stands for a second group).
    pd.testing.assert_frame_equal(logo.main(args), table)
    shutil.copytree(tmp_path / "T6", tmp_path / "T2")
    both = logo.main(args)
    assert list(both["left_out"]) == ["T2"] * 3 + ["T6"] * 3
    pd.testing.assert_frame_equal(both[both["left_out"] == "T6"].reset_index(drop=True), table)
    shutil.rmtree(tmp_path / "T2")
    # The reference at the same generation: given the group's own fit as the "main" fit,
    # it must reproduce the group's prediction exactly (same generation, draws, seeds).
    ref = logo.main([*args, "--reference", str(tmp_path / "T6")])
    assert (ref["generation"] == 0).all()
    assert ref["with_mean"].to_numpy() == pytest.approx(ref["mean"].to_numpy())
    assert ref["with_p95"].to_numpy() == pytest.approx(ref["p95"].to_numpy())


def test_kvj_entrants_are_t5s_groups_a_late_curative_leaver_is_not_followed():
    from types import SimpleNamespace

    from vsvsim.analysis.targets import FIRST_YEAR_WEEKS

    by = {t.id: t for t in ALL_TARGETS}
    late = FIRST_YEAR_WEEKS + 10
    students = pd.DataFrame(
        {
            "entered_coaching": ["preventive", "preventive", "curative", "curative", "none"],
            "left_week": [float("nan"), 20.0, 30.0, late, 5.0],
            "final_status": ["diploma", "school_leaver", "enrolled", "school_leaver", "none"],
        }
    ).replace({"final_status": {"none": "school_leaver"}})
    res = SimpleNamespace(students=students)
    # Followed: both preventive entrants and the curative one who left in year 1; the
    # year-2 curative leaver (no re-entry moment left) and the uncoached one are not.
    assert by["T8a"].statistic(res) == pytest.approx(1 / 3)
    assert by["T8b"].statistic(res) == pytest.approx(1 / 3)


@pytest.mark.slow
def test_a_stored_generation_is_the_posterior_the_run_wrote(tmp_path):
    import shutil
    from pathlib import Path

    from vsvsim.analysis.inference import generation_posterior, readable_db

    repo = Path(__file__).resolve().parents[1] / "docs" / "calibration" / "inference"
    folder = tmp_path / "committed"  # what a fresh clone has: the packed database only
    folder.mkdir()
    for name in ("abc.db.gz", "abc.db.settings.json"):
        shutil.copy(repo / name, folder / name)
    written = load_posterior(repo / "posterior.parquet")
    last = int(pd.read_csv(repo / "inference_diagnostics.csv")["t"].max())
    with readable_db(folder) as db:
        assert db.parent != folder
        post = generation_posterior(db, last)
        earlier = generation_posterior(db, last - 2)
        with pytest.raises(ValueError, match="not 99"):
            generation_posterior(db, 99)
    assert sorted(p.name for p in folder.iterdir()) == ["abc.db.gz", "abc.db.settings.json"]
    assert not db.exists()  # the unpacked copy is gone, the folder never written
    assert list(post.draws.columns) == written.parameters
    assert np.allclose(post.draws.to_numpy(dtype=float), written.draws.to_numpy(dtype=float))
    assert np.allclose(post.weights, written.weights)
    assert not np.allclose(earlier.weights, written.weights)
