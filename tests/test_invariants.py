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


#: How far a module may push a state outside its declared range before the end-of-week
#: clip (small overshoots, such as a crisis raising stress above 1, are clipped and
#: counted; a mechanism that pushes far out is a bug).
EXCURSION_TOLERANCE = 0.1


def _excursions(scenario: str, seed: int = 1, **params) -> dict:
    from vsvsim.mesa_model import DropoutModel

    model = DropoutModel(scenario_name=scenario, students=400, rng=seed, check=True, **params)
    while model.running:
        model.step()
    return model.sim.excursions


def test_modules_keep_states_and_drivers_in_range_before_clipping():
    for scenario in ("baseline", "integrated", "kvj_projects"):
        worst = {k: v for k, v in _excursions(scenario).items() if v > EXCURSION_TOLERANCE}
        assert not worst, f"{scenario}: states or drivers far outside their range: {worst}"


def test_the_range_check_catches_a_runaway_mechanism(monkeypatch):
    """A coach effect multiplied by 100 (a bug the end-of-week clip would hide) fails."""
    from vsvsim.mechanisms.coach_relationship import CoachRelationship

    original = CoachRelationship.update

    def runaway(s, p, w, d):
        original(s, p, w, d)
        d.commit += 100 * p.coach_commitment_effect * s.rel_coach

    monkeypatch.setattr(CoachRelationship, "update", staticmethod(runaway))
    exc = _excursions("preventive_screening")
    assert exc.get(("coach_relationship", "d.commit"), 0.0) > EXCURSION_TOLERANCE


def test_clipping_is_counted_as_a_diagnostic():
    from vsvsim.mesa_model import DropoutModel

    model = DropoutModel(scenario_name="kvj_projects", students=300, rng=0)
    while model.running:
        model.step()
    clipped = model.sim.clipped
    assert all(isinstance(n, int) and n > 0 for n in clipped.values())
    assert set(clipped) <= set(STATE)
