"""Life domains (issue 10, items 1 and 2): prevalence, persistence, cumulation, screening."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import vsvsim
from vsvsim.core.params import defaults
from vsvsim.core.sim import Simulation
from vsvsim.core.state import Status
from vsvsim.mechanisms.life_domains import DOMAINS, problem_count
from vsvsim.week import WEEK

ON = {"life_domains": True}
#: The domains on, but with every effect on the student switched off: what is left of the
#: cumulation curve is the confounding by level and risk tier.
NO_EFFECTS = {
    **ON,
    "domain_time_cost": 0.0,
    "domain_need_frustration": 0.0,
    "domain_stress_floor": 0.2,
    **{f"domain_burden_{d.name}": 0.0 for d in DOMAINS},
    **{f"domain_acute_share_{d.name}": 0.0 for d in DOMAINS},
}


def simulation(n: int = 2000, seed: int = 0, check: bool = False, **overrides) -> Simulation:
    values = {**defaults(), "students": n, **ON, **overrides}
    return Simulation(values, seed, WEEK, check=check)


def leaving_by_problems(overrides: dict, seeds=(0, 1, 2, 3), n: int = 2000) -> np.ndarray:
    """First-exit rate by problems at entry (0, 1, 2, 3 or more), pooled over seeds."""
    results = vsvsim.run_batch("baseline", seeds=list(seeds), params=overrides, students=n)
    st = pd.concat([r.students for r in results])
    exited = st["outcome"].isin(["switcher", "school_leaver"]).to_numpy()
    count = np.minimum(st["problems_at_entry"].to_numpy(), 3)
    return np.array([exited[count == k].mean() for k in (0, 1, 2, 3)])


def test_more_problems_more_leaving_with_cumulation():
    on = leaving_by_problems(ON)
    flat = leaving_by_problems(NO_EFFECTS)
    # More problems, more leaving, and steeply: several (three or more) problems at least
    # three times the rate of none (the sources: about 5% with none, up to 25% with
    # several).
    assert (np.diff(on) > 0).all()
    assert on[3] > 3 * on[0]
    # The steepness comes partly from the domains' effects, not only from who has problems
    # (lower levels, riskier students, the confounding left without effects): the gap is
    # clearly wider with them (measured 1.6x on seeds 0-7; 1 if the effects did nothing).
    assert on[3] - on[0] > 1.3 * (flat[3] - flat[0])


def test_prevalence_follows_level_and_risk_tier():
    sim = simulation(n=30000)
    s, p = sim.state, sim.p
    share = [np.mean(problem_count(s)[s.level == k] > 0) for k in (1, 2, 3, 4)]
    assert share[0] > share[1] > share[2] > share[3]
    # The input: green level-4 students have each domain at its stated prevalence.
    ref = (s.level == 4) & (s.true_colour == 0)
    for d in DOMAINS:
        got = np.mean(s[f"problem_{d.name}"][ref] > 0)
        want = getattr(p, f"domain_prevalence_{d.name}")
        assert abs(got - want) < 4 * np.sqrt(want * (1 - want) / ref.sum()) + 1e-3, d.name
    # Red students carry more problems than green ones at the same level.
    for k in (2, 3):
        red = problem_count(s)[(s.level == k) & (s.true_colour == 2)].mean()
        green = problem_count(s)[(s.level == k) & (s.true_colour == 0)].mean()
        assert red > 1.5 * green


@pytest.mark.parametrize("weeks", [4.0, 40.0])
def test_problems_persist_for_their_duration_and_keep_their_prevalence(weeks):
    sim = simulation(n=20000, domain_weeks_money_debts=weeks)
    s = sim.state
    start = np.mean(s.problem_money_debts > 0)
    kept, had = 0, 0
    for _ in range(20):
        before = s.problem_money_debts > 0
        alive = s.status == Status.ENROLLED
        sim.step()
        kept += np.count_nonzero(before & alive & (s.problem_money_debts > 0))
        had += np.count_nonzero(before & alive)
    # A problem resolves with chance 1 / duration a week.
    assert kept / had == pytest.approx(1.0 - 1.0 / weeks, abs=0.01)
    # Onset balances resolution: the share with a problem stays near its intake share.
    assert np.mean(s.problem_money_debts > 0) == pytest.approx(start, rel=0.15)


@pytest.mark.parametrize("accuracy", [0.0, 0.5, 1.0])
def test_quickscan_keeps_the_colour_mix_and_reads_the_domains(accuracy):
    # The life domains alone (no school domain): the colour reads the problems.
    sim = simulation(n=4000, screening_accuracy=accuracy, quickscan_school_weight=0.0)
    s = sim.state
    counts = np.bincount(s.colour, minlength=3)
    assert counts.tolist() == [3200, 600, 200]
    assert (s.intake_colour == s.colour).all() and (s.at_risk == (s.colour > 0)).all()
    problems = problem_count(s)
    red, green = problems[s.colour == 2].mean(), problems[s.colour == 0].mean()
    if accuracy == 1.0:
        assert red > 2 * green + 0.5
    if accuracy == 0.0:  # pure noise: the colour says nothing about the problems
        assert abs(red - green) < 0.25


@pytest.mark.parametrize("accuracy", [0.0, 1.0])
def test_quickscan_reads_the_school_domain_beside_the_life_domains(accuracy):
    """The school domain (the school record) makes the colour read latent risk too."""
    with_school = simulation(n=4000, screening_accuracy=accuracy).state
    alone = simulation(n=4000, screening_accuracy=accuracy, quickscan_school_weight=0.0).state
    assert np.bincount(with_school.colour, minlength=3).tolist() == [3200, 600, 200]

    def risk_gap(s):  # latent risk of the at-risk group minus the green one
        return s.school_risk[s.at_risk].mean() - s.school_risk[~s.at_risk].mean()

    if accuracy == 1.0:
        assert risk_gap(with_school) > risk_gap(alone) + 0.1
        # ... and the life domains still count: red students carry more problems.
        problems = problem_count(with_school)
        assert problems[with_school.colour == 2].mean() > problems[with_school.colour == 0].mean()
    else:  # pure noise: the colour says nothing about latent risk
        assert abs(risk_gap(with_school)) < 0.05
    # The school domain is on the self-sufficiency matrix's scale, 5 for the least risk.
    low = with_school.school_risk < 0.2
    if accuracy == 1.0:
        assert (with_school.ssm_school[low] == 5).all()


def test_rescoring_changes_colours_and_follows_the_problems():
    sim = simulation(
        n=3000, screening_accuracy=1.0, ssm_scope="all", ssm_interval_weeks=6,
        quickscan_school_weight=0.0,
    )  # fmt: skip
    s = sim.state
    checked = 0
    for _ in range(14):
        week = sim.week_index
        sim.step()
        now = (s.ssm_week == week) & (s.ssm_scorings > 0)
        if now.any():
            # At accuracy 1 a re-scored colour is the student's problems when scored:
            # someone without a problem is green, and colours rise with the problems.
            count = problem_count(s)
            assert (s.colour[now & (count == 0)] == 0).all()
            assert count[now & (s.colour == 2)].mean() > count[now & (s.colour == 0)].mean()
            checked += 1
    assert checked > 0
    scored = s.ssm_scorings > 0
    assert scored.mean() > 0.5
    changed = s.colour != s.intake_colour
    assert changed.mean() > 0.02 and not changed[~scored].any()


def test_no_rescoring_keeps_the_intake_colours():
    sim = simulation(n=1000, ssm_scope="all", ssm_interval_weeks=0)
    while sim.running:
        sim.step()
    assert (sim.state.colour == sim.state.intake_colour).all()
    assert sim.state.ssm_scorings.sum() == 0


def test_abrupt_exits_are_typed():
    st = vsvsim.run("life_domains", seed=0, students=2000).students
    abrupt = st["exit_route"] == "abrupt"
    assert abrupt.any()
    types = st.loc[abrupt, "abrupt_type"]
    assert (types != "none").all() and (types != "life_event").all()
    assert {"failed_placement", "family_crisis"} <= set(types)
    assert (st.loc[~abrupt, "abrupt_type"] == "none").all()
    off = vsvsim.run("baseline", seed=0, students=2000, overrides={"life_domains": False})
    off = off.students
    assert set(off.loc[off["exit_route"] == "abrupt", "abrupt_type"]) <= {
        "failed_placement",
        "life_event",
    }


def test_domains_off_ignore_every_domain_parameter():
    """Switched off, the domains' parameters change nothing (besides the regression)."""
    assert defaults()["life_domains"] is True
    off = {"life_domains": False}
    moved = {
        "domain_prevalence_money_debts": 0.5,
        "domain_weeks_home_family": 3.0,
        "domain_stress_floor": 0.5,
        "ssm_scope": "all",
    }
    a = vsvsim.run("preventive_screening", seed=3, students=400, overrides=off)
    b = vsvsim.run("preventive_screening", seed=3, students=400, overrides={**off, **moved})
    pd.testing.assert_frame_equal(a.students, b.students)
    drop = [c for c in a.summary.columns if c in moved]
    pd.testing.assert_frame_equal(a.summary.drop(columns=drop), b.summary.drop(columns=drop))
    assert (a.students["problems_at_entry"] == 0).all()


def test_batch_members_with_domains_equal_separate_runs():
    seeds = [0, 1]
    params = [{}, {"domain_burden_money_debts": 0.3}]
    results = vsvsim.run_batch("life_domains", seeds=seeds, params=params, students=300)
    for seed, overrides, result in zip(seeds, params, results, strict=True):
        alone = vsvsim.run("life_domains", seed=seed, overrides=overrides, students=300)
        for name in ("students", "summary"):
            pd.testing.assert_frame_equal(getattr(alone, name), getattr(result, name), obj=name)


def test_cumulation_table_reports_every_count():
    from vsvsim.analysis.domains import cumulation

    table = cumulation(seeds=[0], students=300)
    assert list(table["problems"].unique()) == ["0", "1", "2", "3+"]
    entry = table[table["measure"] == "at_entry"]
    assert entry["students"].sum() == 300


def test_domains_keep_states_and_drivers_in_range_before_clipping():
    sim = simulation(n=400, seed=1, check=True, ssm_scope="all")
    sim.run()
    worst = {k: v for k, v in sim.excursions.items() if v > 0.1}
    assert not worst, worst


def test_domains_on_the_fused_kernels_and_the_numpy_path_agree():
    """The domains set the week's life-event draws, which both paths of events read."""
    from vsvsim.mechanisms import _kernels

    a = vsvsim.run("life_domains", seed=2, students=400)
    with _kernels.backend("numpy"):
        b = vsvsim.run("life_domains", seed=2, students=400)
    pd.testing.assert_frame_equal(a.students, b.students)


def test_the_coach_rescores_only_coached_students():
    st = vsvsim.run(
        "preventive_screening",
        seed=0,
        students=1000,
        overrides={**ON, "ssm_scope": "coached"},
        trajectories=False,
    ).students
    changed = st["risk_colour"] != st["intake_colour"]
    assert st["coached"][changed].all()
    sim = simulation(n=1000, ssm_scope="coached", preventive="screening", coaches=10)
    while sim.running:
        sim.step()
    s = sim.state
    assert (s.ssm_scorings > 0).any()
    assert (s.last_coach[s.ssm_scorings > 0] >= 0).all()


def test_new_problems_disrupt_the_week_and_problems_brought_to_intake_do_not():
    sim = simulation(n=5000, domain_disruption_weeks=4.0)
    s = sim.state
    assert (problem_count(s) > 0).any() and (s.domain_disruption == 0).all()
    timely = [d.name for d in DOMAINS if d.takes_time]
    checked = 0
    for _ in range(6):
        before = {k: s[f"problem_{k}"].copy() for k in timely}
        others = {d.name: s[f"problem_{d.name}"].copy() for d in DOMAINS if not d.takes_time}
        old = s.domain_disruption.copy()
        sim.step()
        new = sum(np.where((before[k] == 0) & (s[f"problem_{k}"] > 0), s[f"problem_{k}"], 0.0)
                  for k in timely)  # fmt: skip
        alive = s.status != Status.PENDING
        # Disruption fades by 1 / weeks and grows by the severity of new time-taking problems.
        np.testing.assert_allclose(
            s.domain_disruption[alive], (old * 0.75 + new)[alive], rtol=1e-5, atol=1e-6
        )
        # A new mental-health problem (no time demands) alone disrupts nothing.
        onset = (others["mental_health"] == 0) & (s.problem_mental_health > 0)
        quiet = onset & (new == 0) & (old == 0)
        assert (s.domain_disruption[quiet] == 0).all()
        checked += int(quiet.any())
    assert checked > 0 and (s.domain_disruption > 0).any()
