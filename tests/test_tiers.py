"""Coach tiers: fit of tier and severity, routing by severity, the override, debts first.

Issue 11, items 1 and 8. Small cohorts and few weeks: each test runs in about a second.
"""

from __future__ import annotations

import numpy as np
import pytest

import vsvsim
from vsvsim.core.state import Status
from vsvsim.interventions.coaching import PREVENTIVE, TYPE_NAMES
from vsvsim.interventions.tiers import staffing
from vsvsim.mesa_model import DropoutModel

GREEN, RED = 0, 2
#: Coach 40 students by hand in week 1 (no screening intake in these weeks), no waiting,
#: the same matching delay for both types: what differs is the type's experience and fit.
BY_HAND = {
    "coaches": 20,
    "intake_week": 40,
    "waiting_weeks": 0,
    "matching_weeks_volunteer": 3,
    "years": 1,
}


def _progress(coach_type: str, true_colour: int, weeks: int = 20, **over) -> tuple[float, float]:
    """Mean experienced support per week and final bond of 40 students of one risk tier."""
    m = DropoutModel(
        scenario_name="preventive_screening",
        students=600,
        rng=0,
        coach_type=coach_type,
        **{**BY_HAND, **over},
    )
    m.step()
    sim, s = m.sim, m.sim.state
    rows = np.flatnonzero((s.true_colour == true_colour) & (s.status == Status.ENROLLED))[:40]
    sim.module("project_coaching")._assign(sim, rows, PREVENTIVE, sim.week)
    felt = 0.0
    for _ in range(weeks):
        m.step()
        felt += float(s.experienced_support[rows].mean())
    return felt / weeks, float(s.bond[rows].mean())


def _ratios(**over) -> dict[int, tuple[float, float]]:
    """Volunteer / professional ratios (experienced support, bond) by true risk tier."""
    out = {}
    for colour in (GREEN, RED):
        pro = _progress("professional", colour, **over)
        vol = _progress("volunteer", colour, **over)
        out[colour] = (vol[0] / pro[0], vol[1] / pro[1])
    return out


def test_a_volunteer_falls_short_with_red_students_not_with_green():
    r = _ratios()
    # Green cases are within a volunteer's reach: only experience separates the types.
    assert r[GREEN][0] > 0.8 and r[GREEN][1] > 0.7
    # Red cases exceed it: clearly less support gets through and the bond stays weak.
    assert r[RED][0] < r[GREEN][0] - 0.2
    assert r[RED][1] < r[GREEN][1] - 0.3


def test_without_the_fit_the_tier_does_not_depend_on_severity():
    """The check that the test above measures the fit: zeroed, red is like green."""
    r = _ratios(tier_fit_strength=0.0)
    assert abs(r[RED][0] - r[GREEN][0]) < 0.1


def _run(scenario: str, **over):
    m = DropoutModel(scenario_name=scenario, students=800, rng=1, years=1, **over)
    m.step()
    return m


def test_buro_routing_sends_red_to_the_specialist_and_orange_to_interns():
    m = _run("tiers_buro")
    s, c = m.sim.state, m.sim.module("project_coaching").coaches
    coached = s.coach >= 0
    kind = np.array(TYPE_NAMES)[c.type[s.coach[coached]]]
    colour = s.colour[coached]
    assert (colour == RED).sum() > 10 and (colour == 1).sum() > 50
    assert (kind[colour == RED] == "specialist").all()
    # Orange students go to interns (a specialist only with a place left over).
    assert (kind[colour == 1] == "intern").mean() > 0.8
    assert staffing(m.sim.p) == [("intern", 16), ("specialist", 4)]


def test_plusgroep_routing_by_severity_and_attitude():
    m = _run("tiers_plusgroep", life_domains=False, coaches=40)
    s, c = m.sim.state, m.sim.module("project_coaching").coaches
    coached = np.flatnonzero(s.coach >= 0)
    kind = np.array(TYPE_NAMES)[c.type[s.coach[coached]]]
    rejecter = s.rejects_professional[coached]
    assert rejecter.sum() > 0 and (kind[rejecter] == "volunteer").all()
    red = (s.colour[coached] == RED) & ~rejecter
    assert red.sum() > 10 and (kind[red] == "professional").all()
    assert (kind == "volunteer").sum() > 10


def test_coach_type_overrides_the_routing_staffing():
    m = _run("tiers_buro", coach_type="volunteer")
    c = m.sim.module("project_coaching").coaches
    assert set(np.array(TYPE_NAMES)[c.type]) == {"volunteer"}
    # Routed staffing without a routing rule: professionals (the default type).
    assert staffing(_run("preventive_screening", coach_type="routed").sim.p) == [
        ("professional", 20)
    ]


def test_heavy_cases_beyond_a_volunteers_reach_are_referred_to_care():
    vol = vsvsim.run(
        "preventive_screening", students=600, seed=0, overrides={"coach_type": "volunteer"}
    )
    pro = vsvsim.run("preventive_screening", students=600, seed=0)
    assert vol.summary["care_referrals_volunteer"].iloc[0] > 0
    assert pro.summary["care_referrals"].iloc[0] == 0  # a professional reaches every case
    assert vol.summary["tier_fit_volunteer"].iloc[0] < 1.0
    assert pro.summary["tier_fit_professional"].iloc[0] == 1.0


def _debt_rows(debts_first: bool, **over):
    """Coach 60 students with a money problem by hand; the support that can land, debts."""
    m = DropoutModel(
        scenario_name="life_domains",
        students=800,
        rng=2,
        debts_first=debts_first,
        **{**BY_HAND, **over},
    )
    m.step()
    sim, s = m.sim, m.sim.state
    rows = np.flatnonzero((s.problem_money_debts > 0) & (s.status == Status.ENROLLED))[:60]
    sim.module("project_coaching")._assign(sim, rows, PREVENTIVE, sim.week)
    debt_support, clear_support, debt_weeks = [], [], 0
    for _ in range(16):
        m.step()
        seen = rows[s.contact[rows] & (s.coach_action[rows] >= 0)]
        indebted = s.problem_money_debts[seen] > 0
        # What lands of the intention (the coach's intention is the same with a debt).
        landing = s.intended_support * s.support_reception
        debt_support += landing[seen[indebted]].tolist()
        clear_support += landing[seen[~indebted]].tolist()
        debt_weeks += int((s.problem_money_debts[rows] > 0).sum())
    return np.mean(debt_support), np.mean(clear_support) if clear_support else np.nan, debt_weeks


def test_debts_first_blocks_progress_until_the_debt_is_tackled():
    blocked, cleared, weeks_on = _debt_rows(True)
    off, _, weeks_off = _debt_rows(False)
    # An unresolved debt halves what the coach can work on; once resolved it is lifted.
    assert blocked < 0.6 * off
    assert cleared > 1.5 * blocked
    # The coach helps resolve debts: fewer student-weeks in debt than without.
    assert weeks_on < 0.9 * weeks_off
    none, _, _ = _debt_rows(True, debt_block=0.0)
    assert none == pytest.approx(off, rel=0.1)


def test_professionals_only_reach_rejecters_of_professional_help_less_well():
    import vsvsim

    common = {
        "students": 1500,
        "coach_routing": "plusgroep",
        "coach_type": "professional",
        "reject_professional_share": 0.5,
        "tier_fit_strength": 0.0,
    }

    def fit(value):
        res = vsvsim.run(
            "preventive_screening", seed=3, overrides={**common, "reject_professional_fit": value}
        )
        return res.summary.iloc[0]["tier_fit_professional"]

    assert fit(1.0) == 1.0
    assert fit(0.5) < 0.85  # about half the contacts reach a rejecter at half the fit
