"""The absence protocol (issue 10, item 3): report, letter, conversation, attendance officer."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

import vsvsim
from tests.conftest import cached_run
from vsvsim.core.params import defaults
from vsvsim.core.state import Status
from vsvsim.interventions.absence_protocol import CONVERSATION, NO_CASE, REPORTED, AbsenceProtocol

E = Status.ENROLLED


def _sim(attended_rows: int, age, **params):
    """A hand-made simulation of ``attended_rows`` enrolled students (only what the step reads)."""
    n = attended_rows
    p = {**defaults(), "absence_protocol": True, **params}
    state = SimpleNamespace(
        status=np.full(n, E, np.int8),
        level=np.full(n, 2, np.int8),
        age=np.asarray(age, np.float32),
        attended=np.ones(n, bool),
        absence_history=np.zeros(n, np.uint8),
        absence_stage=np.zeros(n, np.int8),
        absence_reported_week=np.full(n, -1, np.int32),
        officer_push=np.zeros(n, np.float32),
        officer_until=np.full(n, -1, np.int32),
        absence_reports=np.zeros(n, np.int8),
        officer_conversations=np.zeros(n, np.int8),
        adult_conversations=np.zeros(n, np.int8),
    )
    return SimpleNamespace(state=state, pb=SimpleNamespace(**p), week=None, d=None)


def _week(sim, index: int, absent: np.ndarray) -> np.ndarray:
    """One school week: who was absent last week; returns the push on time investment."""
    sim.state.attended = ~np.asarray(absent, bool)
    sim.week = SimpleNamespace(index=index, school_week=True)
    sim.d = SimpleNamespace(time=np.zeros(sim.state.status.size, np.float32))
    AbsenceProtocol().step(sim)
    return sim.d.time


def test_the_protocol_is_on_by_default_and_switched_off_reports_nobody():
    assert vsvsim.PARAMETERS["absence_protocol"].default is True
    row = cached_run(students=300, seed=1).summary.iloc[0]
    assert row["absence_reports"] > 0 and row["officer_conversations"] > 0
    off = cached_run(students=300, seed=1, absence_protocol=False).summary.iloc[0]
    assert off["absence_reports"] == 0 and off["officer_conversations"] == 0
    assert off["adult_approach_conversations"] == 0


def test_sixteen_hours_within_four_weeks_are_reported_less_is_not():
    # Four hours an absent week: student 0 misses four weeks running (16 h), student 1
    # three of four (12 h), student 2 four weeks but spread over five (never 16 h in 4).
    sim = _sim(3, [16.5, 16.5, 16.5], absent_week_hours=4.0)
    pattern = np.array(
        [
            [1, 1, 0],
            [1, 0, 1],
            [1, 1, 1],
            [1, 1, 0],
            [0, 0, 1],
        ],
        bool,
    )
    for k, absent in enumerate(pattern):
        _week(sim, k, absent)
    s = sim.state
    assert s.absence_reports.tolist() == [1, 0, 0]
    assert s.absence_reported_week[0] == 3 and s.absence_stage[0] == REPORTED


def test_under_18s_meet_the_officer_18_plus_get_the_lighter_approach_then_the_case_closes():
    p = {"absent_week_hours": 8.0, "officer_conversation_weeks": 2, "officer_effect_weeks": 3}
    sim = _sim(3, [16.0, 19.0, 16.0], **p)
    sim.state.level[2] = 3  # student 2 holds no basic qualification either: also bound
    absent, present = np.array([True, True, False]), np.zeros(3, bool)
    _week(sim, 0, absent)
    push = _week(sim, 1, absent)  # 16 h in two weeks: reported, the letter goes out
    assert sim.state.absence_stage.tolist() == [REPORTED, REPORTED, NO_CASE]
    assert not push.any()
    push = _week(sim, 2, present)
    assert not push.any()  # the conversation comes two weeks after the report
    push = _week(sim, 3, present)
    s, pb = sim.state, sim.pb
    assert s.officer_conversations.tolist() == [1, 0, 0]
    assert s.adult_conversations.tolist() == [0, 1, 0]
    assert push[0] == np.float32(pb.officer_time_effect)
    assert push[1] == np.float32(pb.officer_time_effect * pb.adult_approach_share)
    assert push[2] == 0 and s.absence_stage[0] == CONVERSATION
    for k in range(4, 7):  # the push lasts officer_effect_weeks weeks
        push = _week(sim, k, present)
        assert push[0] > 0
    push = _week(sim, 7, present)
    assert not push.any() and (s.absence_stage == NO_CASE).all()
    assert (s.absence_history == 0).all()  # a new report needs new absence


def test_a_student_who_left_has_no_case_and_no_push():
    sim = _sim(2, [16.0, 16.0], absent_week_hours=16.0, officer_conversation_weeks=0)
    push = _week(sim, 0, np.array([True, True]))
    assert (push > 0).all()
    sim.state.status[1] = Status.LEFT
    push = _week(sim, 1, np.array([False, False]))
    assert push[0] > 0 and push[1] == 0 and sim.state.absence_stage[1] == NO_CASE


def test_the_officers_push_keeps_reported_students_in_school():
    # Same seed, the protocol on with a push against the protocol with none (many reports:
    # eight hours an absent week): the push works through time investment (and the
    # spiral), never on the exit itself.
    common = {"students": 2000, "years": 2, "absence_protocol": True, "absent_week_hours": 8.0}
    none = vsvsim.run("baseline", seed=4, overrides={**common, "officer_time_effect": 0.0})
    strong = vsvsim.run("baseline", seed=4, overrides={**common, "officer_time_effect": 0.5})
    a, b = none.summary.iloc[0], strong.summary.iloc[0]
    assert a["absence_reports"] > 100
    assert b["dropout_rate"] < a["dropout_rate"] - 0.02


def test_batch_members_with_the_protocol_equal_separate_runs():
    from tests.test_batch import assert_same

    points = [
        {"absence_protocol": True, "officer_time_effect": 0.3, "absent_week_hours": 8.0},
        {"absence_protocol": True, "officer_time_effect": 0.05, "adult_approach_share": 1.0},
    ]
    batch = vsvsim.run_batch("baseline", seeds=[2, 3], params=points, students=300)
    for seed, point, member in zip([2, 3], points, batch, strict=True):
        assert_same(member, vsvsim.run("baseline", seed=seed, students=300, overrides=point))
