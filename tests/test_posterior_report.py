"""The posterior section of calibration.md, from a synthetic inference folder (no model run)."""

from __future__ import annotations

import pandas as pd
import pytest

from vsvsim.analysis.posterior_report import (
    CONVERGED_DROP,
    convergence,
    marks,
    pairs_parameters,
    plot_posterior_pairs,
    prior_bounds,
    read_inference,
    text_posterior,
    weighted_summary,
)
from vsvsim.params import PARAMETERS


@pytest.fixture
def folder(tmp_path, inference_folder):
    return inference_folder(tmp_path / "inference")


def test_a_run_whose_epsilon_still_falls_is_a_first_pass(folder):
    inf = read_inference(folder)
    c = convergence(inf.diagnostics)
    assert c.generations == 4 and not c.converged
    assert c.last_drop == pytest.approx(1 - 7.0 / 8.1)
    assert c.low_ess == [2]  # generation 2 kept a fifth of its particles
    text = text_posterior(inf, "docs/calibration/inference", None)
    assert "first pass, not converged" in text
    assert "Generation(s) 2 fell below the ESS floor" in text


def test_a_run_whose_epsilon_has_settled_is_converged(tmp_path, inference_folder):
    eps = (16.0, 9.0, 8.0, 8.0 * (1 - CONVERGED_DROP / 2))
    inf = read_inference(inference_folder(tmp_path / "f", epsilons=eps))
    assert convergence(inf.diagnostics).converged
    assert "**Converged**" in text_posterior(inf, "f", None)


def test_a_run_at_its_noise_floor_is_converged_though_epsilon_still_falls(folder):
    inf = read_inference(folder)  # last epsilon 7.0, down 14%
    assert not convergence(inf.diagnostics).converged

    def verdict(median):
        floor = pd.DataFrame({"distance": [median - 0.5, median, median + 0.5]})
        floor.to_csv(folder / "convergence_floor.csv", index=False)
        inf = read_inference(folder)
        return convergence(inf.diagnostics, inf.floor), text_posterior(inf, "f", None)

    c, text = verdict(6.8)  # 7.0 is 3% above it
    assert c.converged and c.at_floor
    assert "**Converged at the noise floor**: the last epsilon (7.00) is 3% from" in text
    assert "first pass" not in text
    c, text = verdict(6.0)  # 17% above it
    assert not c.converged and not c.at_floor
    assert "first pass, not converged" in text
    assert "still 17% above the noise floor's median (6.00" in text


def test_unconstrained_parameters_are_named_and_predictive_counts_keep_roles_apart(folder):
    text = text_posterior(read_inference(folder), "f", "calibration/posterior_pairs.png")
    assert "**Not constrained (1 of 3)**: `leave_threshold`" in text
    # fit and validation counted apart; the input-set target listed, never counted
    assert "1 of 2 fit targets" in text and "1 of 1 validation targets" in text
    assert "Not counted (set by an input, so neither fit nor prediction): T3b" in text
    assert "Inconsistent: T4a (fit" in text and "T3b (neither" not in text
    # the stricter count: T2c's interval meets its band, but only 40% of its draws do
    assert "inside the band: 1 of 2 fit targets; 0 of 1 validation targets." in text
    assert "`programme_fit` with `strain_memory` (-0.61)" in text
    assert "2 of 3 inferred defaults" in text and "runs the defaults" in text
    # the chosen point beside the defaults on the same seeds: here the defaults fit better
    assert "(draw 7) scores distance 4.40 with 20" in text and "defaults score 4.00 with 21" in text
    assert "**The defaults fit better than every eligible candidate but lie outside" in text
    assert "(depth 0.95: 95% of the posterior's weight" in text
    assert "![Posterior pairs](calibration/posterior_pairs.png)" in text
    # time summed over the sessions' rows, per step
    assert "2.5 h on 2 cores over 2 day(s) (infer 150 min, predictive 2 min)" in text


def test_central_defaults_that_fit_best_are_reported_as_the_representative_point(
    tmp_path, inference_folder
):
    inf = read_inference(inference_folder(tmp_path / "f", defaults_depth=0.04))
    text = text_posterior(inf, "f", None)
    assert "**The representative point is the current defaults**" in text
    assert "(depth 0.04: 4% of the posterior's weight lies more central)" in text
    assert "distance 4.00 with 21 fit targets" in text
    assert "(the best, draw 7, 4.40 with 20)" in text
    assert "fit better than every" not in text


def test_a_confirmed_choice_reports_its_deciding_block_and_how_firm_it_is(
    tmp_path, inference_folder
):
    inf = read_inference(inference_folder(tmp_path / "f", defaults_depth=0.04, confirmed=True))
    text = text_posterior(inf, "f", None)
    assert "The 3 eligible candidates that scored best" in text
    assert "**The representative point is the current defaults**" in text
    assert "score 3.90 with 22 fit targets in their band, chance of being best 0.75" in text
    # ordered by the confirming block, not the first
    nxt = "the next, median: 4.05 with 18 fit targets in their band, chance of being best 0.20"
    assert nxt in text
    assert "**The choice is not firm**" in text


def test_a_choice_without_depths_still_reads(tmp_path, inference_folder):
    folder = inference_folder(tmp_path / "f")
    scores = pd.read_csv(folder / "choose_scores.csv").drop(columns=["depth", "eligible"])
    scores.to_csv(folder / "choose_scores.csv", index=False)
    text = text_posterior(read_inference(folder), "f", None)
    assert "**The defaults fit better than every candidate** (their depth" in text


def test_pairs_plot_draws_the_most_constrained_first(folder, tmp_path):
    inf = read_inference(folder)
    names = pairs_parameters(inf, limit=2)
    assert names == ["programme_fit", "strain_memory"]
    marked = marks(inf)
    assert marked["default"]["programme_fit"] == PARAMETERS["programme_fit"].default
    assert marked["representative"]["programme_fit"] == pytest.approx(0.7612)
    png = plot_posterior_pairs(
        inf.posterior, inf.parameters, tmp_path / "p.png", prior_bounds(inf.parameters), marked
    )
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    summary = weighted_summary(inf).set_index("parameter")
    assert summary.loc["programme_fit", "p5"] < 0.76 < summary.loc["programme_fit", "p95"]
    assert prior_bounds(["strain_memory"]) == {"strain_memory": (4.0, 40.0)}


def test_a_folder_without_posterior_says_so(tmp_path):
    assert read_inference(tmp_path) is None
    text = text_posterior(None, "docs/calibration/inference", None)
    assert "No posterior was found in `docs/calibration/inference`" in text
    assert "stochastic only" in text


def test_missing_checks_are_announced_not_fatal(folder):
    for name in ("predictive.csv", "representative.csv", "pipeline.csv"):
        (folder / name).unlink()
    text = text_posterior(read_inference(folder), "f", None)
    assert "No posterior predictive check in the folder yet" in text
    assert "No representative point has been chosen yet" in text


def test_a_validation_target_revised_after_its_check_is_named_not_blind(tmp_path, folder):
    assert "not blind predictions" not in text_posterior(read_inference(folder), "f", None)
    pred = pd.read_csv(folder / "predictive.csv")
    t8a = pred[pred["target"] == "T2c"].assign(target="T8a")
    pd.concat([pred, t8a]).to_csv(folder / "predictive.csv", index=False)
    text = text_posterior(read_inference(folder), "f", None)
    assert "2 of 2 validation targets" in text  # still counted ...
    assert "validation targets, T8a had their statistic revised after they were checked" in text
    assert "(2026-12-04: every curative entrant before" in text  # ... and named, with why


def test_leave_one_group_out_fits_are_reported_beside_the_fit_with_the_group(tmp_path, folder):
    assert "No leave-one-group-out fit has been run yet" in text_posterior(
        read_inference(folder), "f", None
    )
    (folder / "logo" / "T6").mkdir(parents=True)
    pd.DataFrame({"t": [-1, 0, 1], "epsilon": [None, 9.0, 6.5]}).to_csv(
        folder / "logo" / "T6" / "inference_diagnostics.csv", index=False
    )
    cols = [
        "left_out",
        "target",
        "low",
        "high",
        "mean",
        "p5",
        "p95",
        "draws_in_band",
        "consistent",
        "with_mean",
        "with_p5",
        "with_p95",
        "with_draws_in_band",
    ]
    rows = [
        ["T6", "T6a", 0.3, 0.5, 0.28, 0.2, 0.36, 0.2, True, 0.33, 0.27, 0.4, 0.8],
        ["T6", "T6b", 0.26, 0.46, 0.6, 0.5, 0.7, 0.0, False, 0.4, 0.3, 0.5, 0.9],
    ]
    pd.DataFrame(rows, columns=cols).to_csv(folder / "logo" / "logo.csv", index=False)
    text = text_posterior(read_inference(folder), "f", None)
    assert "(T6: 2 generations, epsilon 6.5;" in text
    row = "| T6 | T6b | 0.26 to 0.46 | 0.6 (0.5 to 0.7) | 0% | 0.4 (0.3 to 0.5) | 90% | **no** |"
    assert row in text
    assert "Consistent: 1 of 2 left-out targets" in text and ": 0 of 2." in text
    assert "Not yet run: FS1, T1, T2, T3, T4, T5, T7 (cluster)." in text
    assert "defensive share" not in text  # no settings beside the fit: nothing to say


def test_a_left_out_fit_names_its_proposal_share_beside_the_main_fits(folder):
    import json

    (folder / "logo" / "T1").mkdir(parents=True)
    pd.DataFrame({"t": [-1, 0], "epsilon": [None, 9.0]}).to_csv(
        folder / "logo" / "T1" / "inference_diagnostics.csv", index=False
    )
    (folder / "logo" / "T1" / "abc.db.settings.json").write_text(json.dumps({"share": 0.05}))
    path = folder / "abc.db.settings.json"
    settings = json.loads(path.read_text()) if path.exists() else {}
    settings["proposals"] = [
        {"from_generation": 0, "transition": "defensive", "share": 0.2},
        {"from_generation": 7, "transition": "defensive", "share": 0.05},
    ]
    path.write_text(json.dumps(settings))
    row = dict(left_out="T1", target="T1a", low=0.08, high=0.2, mean=0.07, p5=0.04, p95=0.11,
               draws_in_band=0.2, consistent=True)  # fmt: skip
    pd.DataFrame([row]).to_csv(folder / "logo" / "logo.csv", index=False)
    text = text_posterior(read_inference(folder), "f", None)
    assert "(T1: 1 generations, epsilon 9, share 0.05;" in text
    assert "the main fit's was 0.2 from generation 0, 0.05 from generation 7" in text


def test_the_noise_floor_and_the_proposals_next_cost_are_reported(folder):
    assert "How far to go" not in text_posterior(read_inference(folder), "f", None)
    pd.DataFrame({"evaluation": range(4), "distance": [4.0, 4.2, 4.4, 6.0]}).to_csv(
        folder / "convergence_floor.csv", index=False
    )
    rows = [
        {"proposal": k, "epsilon_of": e, "epsilon": eps, "accepted": a, "draws": 100,
         "acceptance": a / 100, "low": a / 200, "high": a / 50 + 0.01,
         "ess_fraction": 0.5 if a else float("nan"), "cost": 100 / a if a else float("inf"),
         "generation": 6}
        for k, accepted in (("defensive", (5, 0)), ("marginal", (12, 4)))
        for (e, eps), a in zip((("last", 5.3), ("next", 4.9)), accepted, strict=True)
    ]  # fmt: skip
    pd.DataFrame(rows).to_csv(folder / "convergence_acceptance.csv", index=False)
    text = text_posterior(read_inference(folder), "f", None)
    assert "after generation 6" in text and "median 4.30" in text
    assert "epsilon 5.30 accepts them in 75%" in text  # 3 of the 4 floor distances
    assert "23% above the floor's median" in text  # 5.3 / 4.3 - 1
    assert (
        "| `marginal` | 0.120 (0.060-0.250), 12/100 | 0.040 (0.020-0.090), 4/100 | 0.50 | 25 |"
        in text
    )
    assert "| `defensive` | 0.050 (0.025-0.110), 5/100 | 0.000 (0.000-0.010), 0/100 |  |  |" in text
    assert "stale" not in text  # the synthetic run's last generation is 3, before 6


def test_a_convergence_check_older_than_the_last_generation_is_called_stale(folder):
    last = int(read_inference(folder).diagnostics["t"].max())
    pd.DataFrame({"evaluation": range(2), "distance": [4.0, 4.2]}).to_csv(
        folder / "convergence_floor.csv", index=False
    )
    rows = [
        {"proposal": "marginal", "epsilon_of": e, "epsilon": eps, "accepted": 4, "draws": 100,
         "acceptance": 0.04, "low": 0.02, "high": 0.09, "ess_fraction": 0.5, "cost": 25.0,
         "generation": g}
        for g in (last - 1, last)
        for e, eps in (("last", 5.3), ("next", 4.9))
    ]  # fmt: skip
    for g in (last - 1, last):
        pd.DataFrame([r for r in rows if r["generation"] == g]).to_csv(
            folder / "convergence_acceptance.csv", index=False
        )
        text = text_posterior(read_inference(folder), "f", None)
        stale = (
            f"run after generation {last - 1}, and the run has since gone on to generation {last}"
        )
        assert (stale in text) == (g < last)


def test_a_proposal_changed_on_resume_is_named_with_its_first_generation(folder):
    import json

    path = folder / "abc.db.settings.json"
    settings = json.loads(path.read_text()) if path.exists() else {}
    settings["proposals"] = [
        {"from_generation": 0, "transition": "defensive", "scaling": 2.0, "share": 0.2},
        {"from_generation": 7, "transition": "marginal", "scaling": 2.0, "share": 0.2},
    ]
    path.write_text(json.dumps(settings))
    text = text_posterior(read_inference(folder), "f", None)
    assert "proposals `defensive:0.2` from t = 0, `marginal` from t = 7" in text
    assert "epsilon never below" not in text
    settings["epsilon_floor"] = 4.5466
    settings["schedule"] = [{"from_generation": 9, "epsilon_floor": 4.5466}]
    path.write_text(json.dumps(settings))
    text = text_posterior(read_inference(folder), "f", None)
    assert "epsilon never below 4.547 from t = 9 (the noise floor's threshold" in text


def test_a_generation_paused_in_its_checkpoint_is_reported_as_under_way(folder):
    """The report names the checkpointed generation and its progress, and says nothing
    of it once the checkpoint is gone (a generation stored)."""
    import gzip

    import cloudpickle
    from pyabc.population import Particle

    text = text_posterior(read_inference(folder), "f", None)
    assert "is under way" not in text
    last = int(read_inference(folder).diagnostics["t"].max())
    particles = [
        (j, Particle(m=0, parameter={}, weight=1.0, sum_stat={}, distance=1.0, accepted=True))
        for j in (3, 9, 40)
    ]
    state = {"seed": 0, "t": last + 1, "count": 57, "particles": particles}
    with gzip.open(folder / "abc.db.generation.pkl.gz", "wb") as f:
        cloudpickle.dump(state, f)
    text = text_posterior(read_inference(folder), "f", None)
    assert f"**Generation {last + 1} is under way**" in text
    assert "3 of" in text and "particles accepted in 57 simulations so far" in text
    # n from the settings (this checkpoint does not say): (n - 3) * 57 / 3 more
    n = read_inference(folder).settings["population"]
    assert f"about {(n - 3) * 19} more to go" in text


def test_the_importance_forecast_and_its_record_are_reported(folder):
    last = int(read_inference(folder).diagnostics["t"].max())
    pd.DataFrame(
        {"proposal": ["defensive:0.05", "defensive"], "epsilon": 4.66, "points": 177,
         "ess_fraction": [0.25, 0.36], "relative_acceptance": [1.0, 0.67],
         "generation": last + 1, "reference": "defensive:0.05"}
    ).to_csv(folder / "convergence_forecast.csv", index=False)  # fmt: skip
    pd.DataFrame(
        {"t": [1, 2], "forecast": [0.6, 0.5], "realised": [0.64, 0.4], "points": 150}
    ).to_csv(folder / "convergence_forecast_history.csv", index=False)
    text = text_posterior(read_inference(folder), "f", None)
    assert f"**Importance forecast of generation {last + 1}**" in text
    assert "| `defensive` | 0.36 | 0.67 |" in text
    assert "t 1: 0.60/0.64, 2: 0.50/0.40): mean error 0.07, largest 0.10" in text
    assert "forecast is stale" not in text
    # After the run has gone on, the forecast is called stale.
    pd.read_csv(folder / "convergence_forecast.csv").assign(generation=last).to_csv(
        folder / "convergence_forecast.csv", index=False
    )
    assert "forecast is stale" in text_posterior(read_inference(folder), "f", None)
