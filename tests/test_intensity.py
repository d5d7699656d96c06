"""Coaching intensity that follows need (vsvsim/interventions/intensity.py, issue 11 item 2).

Small populations and few weeks: contacts rise in a crisis week and stay within the
coach's hours (crisis students first), trajectories pass through their phases, about a
third of actions carry a second label, the kernels agree with the reference, and
``coach_intensity = "fixed"`` (the switch off; "need" is the default) is the old
behaviour.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest

from tests.test_kernels import build, step_compared
from vsvsim.core.params import defaults
from vsvsim.core.state import Status
from vsvsim.interventions import intensity
from vsvsim.interventions.coaching import GOALS
from vsvsim.mechanisms import _kernels
from vsvsim.run import run

NEED = {"coach_intensity": "need"}


def _until_coaching(sim):
    """Run this week's modules up to and including project coaching."""
    sim.week = sim.calendar[sim.week_index]
    for module in sim.weekly:
        module.step(sim)
        if module.name == "project_coaching":
            return sim.module("project_coaching")
    raise AssertionError("no project coaching in the week")


def _finish_week(sim):
    """Run the modules after project coaching (the rest of the week, mechanism 7 included)."""
    names = [module.name for module in sim.weekly]
    for module in sim.weekly[names.index("project_coaching") + 1 :]:
        module.step(sim)


def _coached_sim(students=300, seed=2, weeks=8, **overrides):
    """A preventive-screening run with intensity need, some weeks into coaching."""
    sim = build("preventive_screening", students, seed, **{**NEED, **overrides})
    for _ in range(weeks):
        sim.step()
    return sim


def _crisis_and_stable(sim):
    """The same week with every coached student in crisis, and with none."""
    out = []
    for crisis in (True, False):
        twin = copy.deepcopy(sim)
        s = twin.state
        s.life_event[:] = crisis & (s.coach >= 0)
        coaching = _until_coaching(twin)
        out.append((twin, coaching))
    return out


def test_contacts_and_minutes_rise_in_a_crisis_week():
    # Ample hours: the budget does not bind. Week 9: the cold handovers' contacts (success
    # factors: cold_handover_weeks later) have started too.
    sim = _coached_sim(coach_hours=40.0, weeks=9)
    (a, _), (b, _) = _crisis_and_stable(sim)
    running = (b.state.coach >= 0) & (b.state.coach_start <= b.week.index)
    assert running.sum() > 30
    n_crisis = a.state.coach_contacts[running].astype(float)
    n_stable = b.state.coach_contacts[running].astype(float)
    # Same students, same draws: a crisis never gives fewer contacts, on average clearly more.
    assert (n_crisis >= n_stable).all()
    assert n_crisis.mean() > n_stable.mean() + 1.0
    assert (n_crisis >= 3).mean() > 0.4 and (n_stable >= 3).mean() < 0.3
    m_crisis, m_stable = a.state.coach_minutes[running], b.state.coach_minutes[running]
    assert m_crisis.mean() > 1.8 * m_stable.mean()
    # The coach's intention is per contact; more contacts, more felt support (never above
    # 1: diminishing returns), once mechanism 7 has run.
    both = running & (a.state.coach_contacts > 1) & (b.state.coach_contacts == 1)
    assert both.sum() > 10
    for twin in (a, b):
        _finish_week(twin)
    felt_a, felt_b = a.state.experienced_support[both], b.state.experienced_support[both]
    assert felt_a.mean() > felt_b.mean() + 0.05
    assert a.state.experienced_support.max() <= 1.0


def test_contacts_stay_within_the_coach_hours_and_crises_come_first():
    sim = _coached_sim(coach_hours=2.0)
    s = sim.state
    coached = np.flatnonzero((s.coach >= 0) & (s.coach_start <= sim.calendar[8].index))
    crisis = coached[::2]
    s.life_event[:] = False
    s.life_event[crisis] = True
    before = s.project_minutes.copy()
    coaching = _until_coaching(sim)
    week = s.project_minutes - before  # this week's project-coach minutes
    per_coach = np.bincount(s.coach[coached], weights=week[coached])
    assert per_coach.max() <= 60.0 * 2.0 + 1e-6
    assert (coaching.coaches.max_hours_week <= 2.0 + 1e-9).all()
    assert per_coach.max() > 90.0  # the budget binds
    seen = s.coach_contacts > 0
    stable = np.setdiff1d(coached, crisis)
    assert seen[crisis].mean() > seen[stable].mean() + 0.3  # crises come first


@pytest.fixture(scope="module")
def need_run():
    return run("intensity", students=500, seed=4, trajectories=True)


def test_phases_progress_and_shift_goals_and_contacts(need_run):
    w = need_run.weekly
    coached = w[w["coach_phase"].astype(str) != "none"]
    first = coached.groupby(["student_id", "coach_phase"], observed=True)["week"].min().unstack()
    both = first[["contact", "trust", "goals"]].dropna()
    assert len(both) > 20
    assert (both["contact"] < both["trust"]).mean() > 0.9
    assert (both["trust"] < both["goals"]).mean() > 0.9
    assert first["phasing_out"].notna().sum() > 10
    seen = coached[coached["coach_contacts"] > 0]
    goals = seen.groupby("coach_phase", observed=True)["coach_goal"].value_counts(normalize=True)
    assert goals["contact", "relationship"] > goals["goals", "relationship"] + 0.15
    assert goals["goals", "school_skills"] > goals["contact", "school_skills"] + 0.1
    per_week = coached.groupby("coach_phase", observed=True)["coach_contacts"].mean()
    assert per_week["phasing_out"] < per_week["goals"]
    assert set(GOALS) >= set(seen["coach_goal"].astype(str))


def test_about_a_third_of_actions_carry_a_second_label(need_run):
    w = need_run.weekly
    acted = w[w["coach_action"].astype(str) != "none"]
    assert len(acted) > 1000
    second = acted["coach_action2"].astype(str) != "none"
    assert abs(second.mean() - 0.33) < 0.04
    assert (
        acted.loc[second, "coach_action2"].astype(str)
        != acted.loc[second, "coach_action"].astype(str)
    ).all()
    assert abs((acted["coach_goal2"].astype(str) != "none").mean() - 0.33) < 0.04
    assert (
        w.loc[w["coach_action"].astype(str) == "none", "coach_action2"].astype(str) == "none"
    ).all()


def test_the_coach_diary_ticks_the_second_label():
    from vsvsim.diaries.simulate import simulate_diaries

    # A share far from the diary's own fallback (a third) shows the model's labels are used.
    r = run(
        "intensity",
        students=300,
        seed=1,
        trajectories=True,
        overrides={"coach_second_action_share": 0.8},
    )
    d = simulate_diaries(r.weekly, r.students, seed=0)
    coach = d.responses["mentor_diary"]
    done = [c for c in coach["content"] if c.get("v1") == "Ja"]
    assert len(done) > 100
    ticked = np.array(
        [sum(k.startswith("v3_0_2_") and v == "true" for k, v in c.items()) for c in done]
    )
    assert set(ticked) <= {1, 2}
    assert abs((ticked == 2).mean() - 0.8) < 0.08


def test_fixed_is_the_old_behaviour():
    """``coach_intensity = "fixed"`` switches the default "need" off: the old contacts.

    At most one contact a week of ``coach_minutes``, no phases, no second labels, and no
    draw from the intensity's streams, so the rest of the run is as without it.
    """
    fixed = {"coach_intensity": "fixed"}
    r = run("preventive_screening", students=800, seed=0, trajectories=True, overrides=fixed)
    w = r.weekly
    assert set(w["coach_contacts"]) <= {0, 1}
    assert (w["coach_action2"].astype(str) == "none").all()
    assert (w["coach_goal2"].astype(str) == "none").all()
    assert (w["coach_phase"].astype(str) == "none").all()
    # Every contact lasts coach_minutes (no aftercare here).
    hours = w["coach_contacts"].sum() * defaults()["coach_minutes"] / 60.0
    assert r.summary.loc[0, "preventive_coach_hours"] == pytest.approx(hours)
    assert r.students["coach_hours"].sum() == pytest.approx(hours)
    drawn = {}
    for mode in ("fixed", "need"):
        sim = build("preventive_screening", 300, 0, coach_intensity=mode)
        for _ in range(10):
            sim.step()
        drawn[mode] = {"coach_intensity", "coach_labels"} & set(sim.streams._streams)
    assert drawn == {"fixed": set(), "need": {"coach_intensity", "coach_labels"}}
    assert defaults()["coach_intensity"] == "need"


def test_kernels_match_the_reference_with_intensity_need():
    sim = build("preventive_screening", 400, 3, **NEED, coach_crisis_contacts=4.0)
    with _kernels.backend("numpy"):
        for _ in range(6):
            sim.step()
    for _ in range(3):
        sim = step_compared(sim)
    s = sim.state
    assert (s.coach_contacts > 1).any() and (s.coach_action2 >= 0).any()
    assert (s.status == Status.ENROLLED).any()


def test_poisson_counts_follow_the_expectation():
    rng = np.random.default_rng(0)
    u = rng.random(20_000)
    for lam in (0.5, 2.0):
        n = intensity.poisson_counts(np.full(u.size, lam), u, 7)
        assert abs(n.mean() - lam) < 0.05
    capped = intensity.poisson_counts(np.full(u.size, 6.0), u, 3)
    assert capped.max() == 3


def test_states_stay_in_range_with_intensity_need():
    from tests.test_invariants import EXCURSION_TOLERANCE, _excursions

    worst = _excursions("intensity", coach_crisis_contacts=4.0)
    assert not {k: v for k, v in worst.items() if v > EXCURSION_TOLERANCE}


@pytest.mark.parametrize("backend", ["numpy", "numba"])
def test_several_contacts_move_the_bond_further(backend):
    """Mechanism 7: the same contact counted three times takes more steps (m = 2)."""
    sim = _coached_sim(weeks=9)  # week 9: the cold handovers' contacts have started too
    _until_coaching(sim)
    seen = np.flatnonzero(sim.state.coach_contacts > 0)
    bonds = []
    for count in (1, 3):
        twin = copy.deepcopy(sim)
        twin.state.coach_contacts[seen] = count
        rest = twin.weekly[[m.name for m in twin.weekly].index("project_coaching") + 1 :]
        with _kernels.backend(backend):
            for module in rest:
                module.step(twin)
                if module.name == "coach_relationship":
                    break
        bonds.append(twin.state.bond[seen].copy())
    one, three = bonds
    assert seen.size > 20
    assert (three >= one - 1e-6).mean() > 0.95 and three.mean() > one.mean() + 0.01
