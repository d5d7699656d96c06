"""Invariants under random parameters (hypothesis): ranges, one status per week, counts."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vsvsim
from vsvsim.core.state import STATE
from vsvsim.week import mechanism_names

MECHANISMS = mechanism_names()

UNIT_COLUMNS = [
    "commitment",
    "time_investment",
    "confidence",
    "wellbeing",
    "need_school",
    "need_outside",
    "need_coach",
    "event_school",
    "event_outside",
    "bond",
    "openness",
    "intended_support",
    "experienced_support",
    "teacher_control",
    "stress",
    "absence",
    "instability",
]

params = st.fixed_dictionaries(
    {
        "students": st.integers(20, 300),
        "labour_market_pull": st.floats(0, 1),
        "climate_autonomy": st.floats(0, 1),
        "stress_level": st.floats(0, 1),
        "life_event_rate": st.floats(0, 0.05),
        "preventive": st.sampled_from(["none", "screening", "early_warning"]),
        "curative": st.booleans(),
        "after_leaving": st.sampled_from(["handover", "continue"]),
        "coach_type": st.sampled_from(["professional", "intern", "volunteer"]),
        "coaches": st.integers(0, 10),
        "curative_coaches": st.integers(0, 5),
        "coach_caseload": st.integers(1, 12),
        "coach_hours": st.floats(0.5, 10),
        "aftercare": st.booleans(),
        "intake_share": st.floats(0, 1),
        "years": st.integers(1, 2),
        **{name: st.booleans() for name in MECHANISMS},
    }
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(p=params, seed=st.integers(0, 2**32))
def test_invariants(p, seed):
    res = vsvsim.run("baseline", seed=seed, trajectories=True, overrides=p)
    w, students, md = res.weekly, res.students, res.model_data
    for col in UNIT_COLUMNS:
        assert w[col].between(0, 1).all(), col
    assert (w["coach_minutes"] >= 0).all()
    # Exactly one row, hence one status, per student per week once entered.
    assert not w.duplicated(["student_id", "week"]).any()
    per_student = w.groupby("student_id")["week"].agg(["min", "max", "count"])
    assert (per_student["count"] == per_student["max"] - per_student["min"] + 1).all()
    assert (per_student["max"] == md["week"].max()).all()
    # Counts add up every week.
    total = md[["enrolled", "switchers", "school_leavers", "diplomas"]].sum(axis=1)
    entered = w.groupby("week").size().reindex(md["week"]).to_numpy()
    assert np.array_equal(total.to_numpy(), entered)
    # A left week exactly for those who left; outcomes partition the students.
    left = students["outcome"].isin(["switcher", "school_leaver"])
    assert students["left_week"].notna().eq(left).all()
    assert students["outcome"].notna().all()
    # Coached students only when a programme runs; weeks coached within the run.
    no_prevention = p["preventive"] == "none" or p["coaches"] == 0
    no_cure = not p["curative"] or p["curative_coaches"] == 0
    if no_prevention and no_cure:
        assert not students["coached"].any()
    assert (students["weeks_coached"] <= md["week"].max() + 1).all()
    # No coach ever holds more students than its cap or works more than its budget.
    coaches = res.mentors[res.mentors["type"] != "study_mentor"]
    assert (coaches["max_caseload"] <= coaches["caseload_cap"]).all()
    assert (coaches["max_hours_week"] <= p["coach_hours"] + 1e-9).all()
    # Weekly coach actions only with a contact.
    acted = w["coach_action"] != "none"
    assert w.loc[acted, "contact"].all()


def test_state_registry_is_locked():
    from vsvsim.core.state import StudentArrays

    s = StudentArrays(3)
    try:
        s.commitmnet = np.zeros(3)
    except AttributeError as err:
        assert "commitmnet" in str(err)
    else:
        raise AssertionError("a typo created a new state array")
    assert set(STATE) <= set(dir(s))
