"""The cost side of coaching: contact hours, starting coaches and coordinating matches.

Costs are counted from what the run produced (hours, coaches hired, students taken on),
never set per student, and no cost parameter changes what happens to a student.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vsvsim.interventions.coaching import COACH_TYPES

#: Small cohorts: every test here runs in a few seconds.
STUDENTS = 600
TYPES = ("professional", "intern", "volunteer", "specialist")
#: Types whose students a coordinator checks in on (per student-week): volunteers.
CHECKIN = {t: COACH_TYPES[t].checkin_param for t in TYPES if COACH_TYPES[t].checkin_param}
#: The hours-only cost model of before: no start or coordination cost, volunteers at 12.
HOURS_ONLY = {
    "cost_coordination": 0.0,
    "cost_volunteer": 12.0,
    **{COACH_TYPES[t].start_param: 0.0 for t in TYPES},
    **{COACH_TYPES[t].coordination_param: 0.0 for t in TYPES},
    **{name: 0.0 for name in CHECKIN.values()},
}
#: The hourly rates of the hours-only model (the defaults, and 12 for volunteers).
RATES = {"professional": 75.0, "intern": 25.0, "volunteer": 12.0, "specialist": 95.0}


def _coaches(res) -> pd.DataFrame:
    m = res.mentors
    return m[m["role"] == "project_coach"]


@pytest.mark.parametrize(
    ("scenario", "overrides"),
    [
        ("preventive_screening", {"coach_type": "professional", "curative": True}),
        ("preventive_screening", {"coach_type": "intern"}),
        ("preventive_screening", {"coach_type": "volunteer", "volunteer_quit_rate": 0.3}),
        ("tiers_buro", {}),  # interns and behavioural specialists
    ],
)
def test_without_start_and_coordination_costs_the_cost_is_hours_times_rate(
    run_cached, scenario, overrides
):
    res = run_cached(scenario, students=STUDENTS, **overrides, **HOURS_ONLY)
    s, coaches = res.summary.iloc[0], _coaches(res)
    expected = sum(RATES[t] * coaches.loc[coaches["type"] == t, "hours"].sum() for t in RATES)
    assert s["coach_hours"] > 0
    assert s["coach_cost"] == pytest.approx(expected)
    assert s["coach_cost"] == pytest.approx(s["coach_hours_cost"])
    assert s["coach_start_cost"] == 0 and s["coordination_cost"] == 0
    if "coach_type" in overrides:  # one type: hours x its rate (the test of before)
        rate = RATES[overrides["coach_type"]]
        assert s["coach_cost"] == pytest.approx(s["coach_hours"] * rate)


def test_cost_parts_add_up_in_the_table_and_the_summary(run_cached):
    res = run_cached(
        "preventive_screening",
        students=STUDENTS,
        coach_type="volunteer",
        volunteer_quit_rate=0.3,
        curative=True,
    )
    s, coaches = res.summary.iloc[0], _coaches(res)
    parts = coaches[["hours_cost", "start_cost", "coordination_cost"]].sum(axis=1)
    np.testing.assert_allclose(coaches["cost"], parts)
    assert coaches["cost"].sum() == pytest.approx(s["coach_cost"])
    assert s["coach_cost"] == pytest.approx(
        s["coach_hours_cost"] + s["coach_start_cost"] + s["coordination_cost"]
    )
    assert s["coach_cost"] == pytest.approx(s["preventive_coach_cost"] + s["curative_coach_cost"])
    # Every part is counted, not set: starts per coach hired, coordination per match.
    p = res.parameters.set_index("name")["value_number"]
    types = coaches["type"].astype(str)
    start = types.map(lambda t: p[COACH_TYPES[t].start_param]).astype(float)
    hours = types.map(lambda t: p[COACH_TYPES[t].coordination_param]).astype(float)
    checkin = types.map(lambda t: p[CHECKIN[t]] if t in CHECKIN else 0.0).astype(float)
    np.testing.assert_allclose(coaches["start_cost"], start)
    # Coordination: one-off hours per match plus check-ins per student-week (volunteers).
    np.testing.assert_allclose(coaches["checkin_hours"], coaches["student_weeks"] * checkin)
    np.testing.assert_allclose(
        coaches["coordination_hours"],
        coaches["matches"] * hours + coaches["student_weeks"] * checkin,
    )
    assert CHECKIN == {"volunteer": "checkin_hours_volunteer"}
    volunteers = coaches[types == "volunteer"]
    assert volunteers["checkin_hours"].sum() > 0
    assert coaches.loc[types != "volunteer", "checkin_hours"].eq(0).all()
    assert s["checkin_hours"] == pytest.approx(coaches["checkin_hours"].sum())
    np.testing.assert_allclose(
        coaches["coordination_cost"], coaches["coordination_hours"] * p["cost_coordination"]
    )
    assert s["coordination_hours"] == pytest.approx(coaches["coordination_hours"].sum())
    assert s["coach_start_cost"] > 0 and s["coordination_cost"] > 0
    # Matches: first placements (students_served) and students taken over from a coach
    # who quit; every preventive entrant is one first placement with a preventive coach.
    np.testing.assert_array_equal(
        coaches["matches"], coaches["students_served"] + coaches["students_taken_over"]
    )
    preventive = coaches[coaches["programme"] == "preventive"]
    assert preventive["students_served"].sum() == s["preventive_entrants"]
    assert coaches.loc[coaches["hired_week"] == 0, "students_taken_over"].sum() == 0
    assert coaches.loc[coaches["hired_week"] > 0, "students_taken_over"].sum() > 0
    # The study mentors' time is regular school work: no price.
    assert res.mentors.loc[res.mentors["role"] == "study_mentor", "cost"].isna().all()


def test_turnover_makes_the_start_cost_recur(run_cached):
    kw = dict(students=STUDENTS, coach_type="volunteer")
    steady = run_cached("preventive_screening", volunteer_quit_rate=0.0, **kw).summary.iloc[0]
    quits = run_cached("preventive_screening", volunteer_quit_rate=0.5, **kw).summary.iloc[0]
    assert steady["coach_turnover"] == 0 and quits["coach_turnover"] > 0
    for s in (steady, quits):
        assert s["coach_start_cost"] == pytest.approx(1000.0 * s["coaches_hired"])
    per_hour = [s["coach_start_cost"] / s["coach_hours"] for s in (steady, quits)]
    assert per_hour[1] > per_hour[0]
    # Volunteers who quit hand their students to new volunteers: more matches to make.
    assert quits["coordination_hours"] > steady["coordination_hours"]


def test_interns_are_started_again_every_school_year(run_cached):
    res = run_cached("preventive_screening", students=STUDENTS, coach_type="intern", years=2)
    s = res.summary.iloc[0]
    assert s["coaches_hired"] == 2 * 20  # every intern replaced at the second year
    assert s["coach_start_cost"] == pytest.approx(2 * 20 * 1000.0)


def test_cost_parameters_change_no_students_outcome(run_cached):
    kw = dict(students=STUDENTS, coach_type="volunteer", volunteer_quit_rate=0.3)
    default = run_cached("preventive_screening", **kw)
    dearer = run_cached(
        "preventive_screening",
        cost_coordination=120.0,
        cost_start_volunteer=3000.0,
        coordination_hours_volunteer=30.0,
        cost_volunteer=10.0,
        **kw,
    )
    pd.testing.assert_frame_equal(default.students, dearer.students)
    d, e = default.summary.iloc[0], dearer.summary.iloc[0]
    assert e["coach_start_cost"] == pytest.approx(3 * d["coach_start_cost"])
    # The one-off part scales with the hours per match (6 -> 30), the check-ins do not.
    once = d["coordination_cost"] - 60.0 * d["checkin_hours"]
    assert e["coordination_cost"] == pytest.approx(2 * (once * 30 / 6 + 60.0 * d["checkin_hours"]))
    assert e["coach_hours_cost"] == pytest.approx(d["coach_hours_cost"] * 10 / 4)


def test_a_handover_repeats_the_one_off_coordination_but_not_the_check_ins(run_cached):
    """The check-ins follow the student-weeks with a volunteer, not the matches.

    A student handed to a new volunteer after a quit is matched again (the one-off
    hours), but the weeks left of the match are checked in on once, by whichever
    volunteer has the student that week.
    """
    kw = dict(students=STUDENTS, coach_type="volunteer")
    runs = {q: run_cached("preventive_screening", volunteer_quit_rate=q, **kw) for q in (0, 0.5)}
    once, per_week = 6.0, 0.2
    for res in runs.values():
        s, coaches = res.summary.iloc[0], _coaches(res)
        # Every student-week on a volunteer's caseload is a week with a project coach.
        weeks = res.students["weeks_coached"].sum()
        assert coaches["student_weeks"].sum() == weeks
        assert s["coordination_hours"] - once * coaches["matches"].sum() == pytest.approx(
            per_week * weeks
        )
        assert s["checkin_hours"] == pytest.approx(per_week * weeks)
    steady, quits = (runs[q].summary.iloc[0] for q in (0, 0.5))
    taken_over = _coaches(runs[0.5])["students_taken_over"].sum()
    assert _coaches(runs[0])["students_taken_over"].sum() == 0 and taken_over > 0
    # Takeovers add one-off hours only: per student-week the check-ins are the same.
    weeks = {q: runs[q].students["weeks_coached"].sum() for q in runs}
    assert quits["checkin_hours"] / weeks[0.5] == pytest.approx(steady["checkin_hours"] / weeks[0])
    extra_once = (quits["coordination_hours"] - quits["checkin_hours"]) - (
        steady["coordination_hours"] - steady["checkin_hours"]
    )
    served = {q: _coaches(runs[q])["students_served"].sum() for q in runs}
    assert extra_once == pytest.approx(once * (taken_over + served[0.5] - served[0]))
