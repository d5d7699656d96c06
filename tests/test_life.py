"""Student life and mbo's rules (issue 10): age, the official VSV indicator, registered reasons."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from tests.conftest import cached_run
from vsvsim.core.calendar import SchoolCalendar
from vsvsim.core.params import defaults
from vsvsim.core.sim import Simulation
from vsvsim.core.state import Status, StudentArrays
from vsvsim.population.age import draw_intake_age, year_fraction
from vsvsim.registration import reasons as rr
from vsvsim.registration.indicator import VsvIndicator, basic_qualification, census_base
from vsvsim.week import WEEK, channels

E, SW, L, D, P = Status.ENROLLED, Status.SWITCHED, Status.LEFT, Status.DIPLOMA, Status.PENDING


# --- age ---------------------------------------------------------------------------------


def _age_params(**kw):
    p = {k: v for k, v in defaults().items() if "age" in k or k.startswith("late_entry")}
    return SimpleNamespace(**{**p, **kw})


def test_intake_age_by_level_follows_the_late_entry_shares():
    p = _age_params(
        late_entry_share_level_1=1.0,
        late_entry_share_level_2=0.0,
        late_entry_share_level_3=0.0,
        late_entry_share_level_4=0.0,
    )
    level = np.repeat(np.array([1, 2, 3, 4], dtype=np.int8), 2000)
    age = draw_intake_age(level, p, np.random.default_rng(1))
    regular = p.intake_age_regular
    # Regular entrants: one year of birthdays from the regular age; late ones a year or more.
    assert np.all((age[level > 1] >= regular) & (age[level > 1] < regular + 1))
    assert np.all(age[level == 1] >= regular + 1)
    assert age[level == 1].mean() == pytest.approx(
        regular + 0.5 + 1 + p.late_entry_extra_years, 0.05
    )


def test_default_intake_age_is_mostly_16_17_and_older_at_low_levels():
    st = cached_run(students=2000, seed=3).students
    by_level = st.groupby("mbo_level")["age_at_intake"].mean()
    assert by_level[1] > by_level[2] > by_level[4]
    assert 16.5 < by_level[4] < 17.5
    assert ((st["age_at_intake"] >= 16) & (st["age_at_intake"] < 18)).mean() > 0.6


def test_age_follows_the_calendar_and_birthdays_come_on_their_day():
    params = {**defaults(), "students": 300, "years": 2}
    sim = Simulation(params, 5, WEEK, channels=channels())
    s = sim.state
    start = s.age.copy()
    year_at_start = s.programme_year.copy()
    whole = []
    while sim.running:
        sim.step()
        whole.append(np.floor(s.age).copy())
    elapsed = (sim.calendar[len(sim.calendar) - 1].date - sim.calendar[0].date).days / 365.2425
    np.testing.assert_allclose(s.age - start, elapsed, atol=1e-4)
    # Completed years change in many different weeks, not all at a year boundary.
    birthday_weeks = {int(np.argmax(np.diff(np.array(whole)[:, i]) > 0)) for i in range(s.n)}
    assert len(birthday_weeks) > 50
    # An initial-cohort student in programme year k started k - 1 years before the run.
    first = sim.calendar[0].date
    intake = year_fraction(first) - (year_at_start - 1) * (s.entry_year == 0)
    np.testing.assert_allclose(
        (intake - s.birth)[s.entry_year == 0], s.intake_age[s.entry_year == 0], atol=1e-4
    )


def test_age_at_exit_is_age_at_intake_plus_time_since_intake():
    st = cached_run(students=2000, seed=3, years=2).students
    cal = SchoolCalendar(2025, 2)
    late = st[(st["entry_week"] > 0) & st["left_week"].notna()]
    assert len(late) > 10
    years = np.array(
        [
            (cal[int(w)].date - cal[int(e)].date).days / 365.2425
            for w, e in zip(late["left_week"], late["entry_week"], strict=True)
        ]
    )
    np.testing.assert_allclose(late["age_at_exit"], late["age_at_intake"] + years, atol=0.01)
    assert st.loc[st["left_week"].isna(), "age_at_exit"].isna().all()


def test_age_is_reporting_only_no_outcome_moves():
    # The qualification duty and the absence protocol (who meets the attendance officer)
    # read age: off, nothing else does.
    law_off = {"qualification_duty": False, "absence_protocol": False}
    a = cached_run(students=800, seed=2, **law_off).students
    b = cached_run(
        students=800, seed=2, late_entry_share_level_1=1.0, intake_age_regular=20.0, **law_off
    ).students
    cols = ["outcome", "left_week", "exit_route", "final_status", "registered_reason"]
    assert a[cols].equals(b[cols])
    assert not a["age_at_intake"].equals(b["age_at_intake"])


# --- the official VSV indicator ------------------------------------------------------------


def _indicator_sim(status_t, level, birth, limit=23.0):
    """A fake simulation around a VsvIndicator on constructed students."""
    n = len(status_t)
    s = StudentArrays(n)
    s.status = np.array(status_t, dtype=np.int8)
    s.level = np.array(level, dtype=np.int8)
    s.birth = np.array(birth, dtype=np.float64)
    cal = SchoolCalendar(2025, 2)
    sim = SimpleNamespace(
        state=s, p=SimpleNamespace(vsv_age_limit=limit), left_now=np.zeros(n, bool)
    )
    return sim, cal


def test_vsv_indicator_against_a_hand_computed_case():
    # 10 constructed students, statuses on 1 October 2025 and on 1 October 2026.
    #  0 L2 stays enrolled                     base, not VSV
    #  1 L2 leaves education, not back         base, VSV
    #  2 L3 switches, enrolled again           base, not VSV, switched within mbo
    #  3 L3 switches, not enrolled again       base, VSV
    #  4 L1 Entree diploma, does not go on     base, VSV (Entree is no basic qualification)
    #  5 L2 mbo-2 diploma                      base, not VSV (basic qualification)
    #  6 L4 aged 23.5 on 1 October 2025, left  not in the base (too old)
    #  7 L4 pending on 1 October 2025          not in the base
    #  8 L4 leaves, re-enters by 1 October     base, not VSV (exited though)
    #  9 L3 already left before 1 October      not in the base
    level = [2, 2, 3, 3, 1, 2, 4, 4, 4, 3]
    status_t = [E, E, E, E, E, E, E, P, E, L]
    status_t1 = [E, L, E, SW, D, D, L, E, E, L]
    birth = [2008.5] * 10
    birth[6] = 2025.75 - 23.5
    sim, cal = _indicator_sim(status_t, level, birth)
    m = VsvIndicator()
    m.init(sim)
    census = [w for w in cal.weeks if w.census]
    exits_in_between = {1: L, 2: SW, 3: SW, 6: L, 8: L}
    for w in cal.weeks[: census[1].index + 1]:
        sim.week = w
        if w.index == census[0].index + 3:
            sim.left_now = np.zeros(10, bool)
            for i, st in exits_in_between.items():
                sim.state.status[i] = st
                sim.left_now[i] = True
        elif w.index == census[1].index:
            sim.state.status = np.array(status_t1, dtype=np.int8)
            sim.left_now = np.zeros(10, bool)
        else:
            sim.left_now = np.zeros(10, bool)
        m.step(sim)
    out = m.outputs(sim)
    assert out["vsv_years"] == 1
    assert out["vsv_base"] == 7 and out["vsv_early_leavers"] == 3
    assert out["vsv_rate"] == pytest.approx(3 / 7)
    assert out["vsv_switch_rate"] == pytest.approx(1 / 7)
    assert out["vsv_exit_rate"] == pytest.approx(4 / 7)  # 1, 2, 3, 8 left a programme
    assert (out["vsv_base_level_1"], out["vsv_rate_level_1"]) == (1, 1.0)
    assert out["vsv_entree_diploma_share"] == 1.0
    assert (out["vsv_base_level_2"], out["vsv_early_leavers_level_2"]) == (3, 1)
    assert (out["vsv_base_level_3"], out["vsv_early_leavers_level_3"]) == (2, 1)
    assert out["vsv_switch_rate_level_3"] == pytest.approx(0.5)
    assert (out["vsv_base_level_4"], out["vsv_early_leavers_level_4"]) == (1, 0)
    assert list(np.flatnonzero(sim.state.vsv_year == 0)) == [1, 3, 4]


def test_basic_qualification_is_a_diploma_at_level_2_or_higher():
    status = np.array([D, D, D, E, L], dtype=np.int8)
    level = np.array([1, 2, 4, 2, 3], dtype=np.int8)
    assert list(basic_qualification(status, level)) == [False, True, True, False, False]
    age = np.array([17.0, 17.0, 17.0, 22.9, 23.0])
    assert list(census_base(np.full(5, E, np.int8), level, age, 23.0)) == [True] * 4 + [False]


def test_a_one_year_run_has_no_indicator_year():
    s = cached_run(students=800, seed=2).summary.iloc[0]
    assert s["vsv_years"] == 0 and np.isnan(s["vsv_rate"])


def test_indicator_agrees_with_the_weekly_statuses_of_a_run():
    # Every switcher switches elsewhere: the indicator counts one waiting for a programme
    # within its college as enrolled (test_tracks.py), which the weekly status does not show.
    res = cached_run(
        students=600,
        seed=4,
        years=2,
        trajectories=True,
        vsv_age_limit=30.0,
        internal_switch_share=0.0,
    )
    cal = SchoolCalendar(2025, 2)
    weeks = [w.index for w in cal.weeks if w.census]
    wk = res.weekly
    at = [wk[wk["week"] == w].set_index("student_id")["status"] for w in weeks]
    base = at[0][at[0] == "enrolled"].index
    later = at[1].reindex(base)
    st = res.students.set_index("student_id").loc[base]
    qualified = (later == "diploma") & (st["mbo_level"] >= 2)
    leavers = base[(later != "enrolled") & ~qualified]
    summary = res.summary.iloc[0]
    assert summary["vsv_base"] == len(base)  # nobody is 30 yet: the base is all enrolled
    assert summary["vsv_early_leavers"] == len(leavers) > 0
    counted = res.students.loc[res.students["vsv_year"] == 0, "student_id"]
    assert sorted(counted) == sorted(leavers)


# --- registered reasons --------------------------------------------------------------------


def _reference():
    # 200 enrolled students: each driver spread evenly around 0.5 (sd about 0.29).
    x = np.linspace(0.0, 1.0, 200)
    return np.stack([x, x, 0.4 * x, x, x])


def _leaver(misfit=0.5, low_conf=0.5, stress=0.2, pull=0.5, control=0.5):
    return np.array([[misfit], [low_conf], [stress], [pull], [control]])


@pytest.mark.parametrize(
    ("drivers", "abrupt", "expected"),
    [
        (dict(misfit=0.95), False, "study_career_choice"),
        (dict(low_conf=0.95), False, "personal_school_can_help"),
        (dict(stress=0.38), False, "personal_school_can_help"),  # high, not severe
        (dict(stress=0.6), False, "personal_outside_influence"),  # severe
        (dict(pull=0.95), False, "labour_market_environment"),
        (dict(control=0.95), False, "institution"),
        (dict(), False, "unknown"),  # nothing stands out
        (dict(misfit=0.95), True, "personal_outside_influence"),  # a life event
        (dict(misfit=0.95, pull=0.8), False, "study_career_choice"),  # the strongest wins
    ],
)
def test_reason_mapping_on_constructed_students(drivers, abrupt, expected):
    code = rr.register(
        _leaver(**drivers), _reference(), np.array([abrupt]), np.array([0.99]), 0.5, 0.5, 0.1
    )
    assert rr.REASONS[code[0]] == expected


def test_recording_noise_registers_unknown():
    values = np.repeat(_leaver(misfit=0.95), 1000, axis=1)
    u = np.random.default_rng(0).random(1000)
    code = rr.register(values, _reference(), np.zeros(1000, bool), u, 0.5, 0.5, 0.2)
    assert np.mean(code == rr.UNKNOWN) == pytest.approx(0.2, abs=0.03)
    assert set(code) == {rr.CHOICE, rr.UNKNOWN}


def test_every_first_exit_has_a_registered_reason_and_shares_add_up():
    res = cached_run(students=2000, seed=3)
    st, s = res.students, res.summary.iloc[0]
    left = st["outcome"].isin(["switcher", "school_leaver"])
    assert (st.loc[left, "registered_reason"] != "none").all()
    assert (st.loc[~left, "registered_reason"] == "none").all()
    shares = [s[f"reason_share_{name}"] for name in rr.REASONS[1:]]
    assert sum(shares) == pytest.approx(1.0)
    abrupt = st["exit_route"] == "abrupt"
    # A failed BBL placement search (the tracks) is the school's decision, registered as
    # such; every other abrupt exit follows a life event.
    placement = st["school_exit"] == "placement"
    assert placement.any() and (st.loc[placement, "exit_route"] == "abrupt").all()
    assert (st.loc[placement, "registered_reason"] == "labour_market_environment").all()
    life_event = abrupt & ~placement
    assert life_event.any()
    assert (
        st.loc[life_event, "registered_reason"]
        .isin(["personal_outside_influence", "unknown"])
        .all()
    )
    # Misfit drives study-choice registrations: leavers registered so saw a worse fit.
    assert s["reason_share_study_career_choice"] > 0.1


def test_reasons_follow_the_drivers_in_a_run():
    # A tighter labour market pulls more students out: more labour-market registrations
    # among the exits the students decided. (A slack one ends more BBL placements, which
    # the school registers as labour market too: the tracks; tests/test_tracks.py.)
    def labour_share(pull: float) -> float:
        st = cached_run(students=2000, seed=3, labour_market_pull=pull).students
        own = st["outcome"].isin(["switcher", "school_leaver"]) & (st["school_exit"] != "placement")
        return (st.loc[own, "registered_reason"] == "labour_market_environment").mean()

    assert labour_share(1.0) > labour_share(0.1)


def test_each_indicator_year_counts_its_own_switches():
    # Student 0 switches in year 0 and is back by the next 1 October; in year 1 it stays
    # put. Student 1 switches only in year 1.
    sim, _ = _indicator_sim([E, E], [3, 3], [2008.5, 2008.5])
    cal = SchoolCalendar(2025, 3)
    m = VsvIndicator()
    m.init(sim)
    census = [w.index for w in cal.weeks if w.census]
    switch_at = {census[0] + 2: 0, census[1] + 2: 1}
    for w in cal.weeks[: census[2] + 1]:
        sim.week = w
        sim.left_now = np.zeros(2, bool)
        if w.index in switch_at:
            sim.left_now[switch_at[w.index]] = True
            sim.state.status[switch_at[w.index]] = SW
        elif w.index in census:
            sim.state.status[:] = E  # both back by 1 October
        m.step(sim)
    cols = ["base", "switched", "exited", "early_leavers"]
    table = m.table().groupby("school_year")[cols].sum()
    assert table.loc[0].tolist() == [2, 1, 1, 0]
    assert table.loc[1].tolist() == [2, 1, 1, 0]
    assert m.outputs(sim)["vsv_years"] == 2


# --- the qualification duty ----------------------------------------------------------------


def _duty_sim(ages, weeks=4, stay=0.0, u=0.5):
    n = len(ages)
    s = StudentArrays(n)
    s.status = np.full(n, E, np.int8)
    s.level = np.full(n, 2, np.int8)
    s.age = np.array(ages, np.float32)
    p = SimpleNamespace(
        qualification_duty_age=18.0, duty_procedure_weeks=weeks, duty_stay_chance=stay
    )
    return SimpleNamespace(state=s, pb=p, draws=SimpleNamespace(u_duty=np.full(n, u, np.float32)))


def test_an_under_18_who_wants_to_stop_is_held_for_the_procedure_an_18_plus_is_not():
    from vsvsim.interventions.qualification_duty import hold_exits

    sim = _duty_sim([16.5, 18.2, 17.0])
    wants = np.array([True, True, False])
    left = []
    for week in range(8):
        sim.week = SimpleNamespace(index=week)
        # Both keep wanting to stop every week; student 2 wants to, abruptly, from week 2.
        gradual, abrupt = hold_exits(sim, wants.copy(), np.array([False, False, week >= 2]))
        left.append((gradual | abrupt).tolist())
        gone = gradual | abrupt
        sim.state.status[gone] = L
        wants &= ~gone
    assert left[0] == [False, True, False]  # the 18+ leaves at once
    assert [row[0] for row in left].index(True) == 4  # held for 4 weeks, then leaves
    assert [row[2] for row in left].index(True) == 6  # abrupt too, 4 weeks after week 2
    assert sim.state.duty_cases.tolist() == [1, 0, 1]


def test_after_the_procedure_a_student_may_stay():
    from vsvsim.interventions.qualification_duty import hold_exits

    sim = _duty_sim([16.5], weeks=2, stay=0.6, u=0.5)  # u below the stay chance: stays
    for week in range(3):
        sim.week = SimpleNamespace(index=week)
        g, a = hold_exits(sim, np.array([week == 0]), np.array([False]))
        assert not (g | a).any()
    assert sim.state.duty_stayed[0] and sim.state.duty_until[0] == -1


def test_with_the_duty_under_18s_leave_later_and_fewer_leave_young():
    off = cached_run(students=2000, seed=6, years=2, qualification_duty=False).students
    on = cached_run(students=2000, seed=6, years=2)  # the duty is on by default
    st = on.students
    assert on.summary.iloc[0]["duty_cases"] > 20
    young = (off["entry_week"] == 0) & (off["age_at_intake"] < 17.0)
    left_off, left_on = off["left_week"].notna(), st["left_week"].notna()
    assert (
        st.loc[young & left_on, "left_week"].mean()
        > off.loc[young & left_off, "left_week"].mean() + 1
    )
    assert (st["age_at_exit"] < 18).sum() < 0.85 * (off["age_at_exit"] < 18).sum()
    # Those 18 or older at intake are never held: their exits barely move (friends only).
    old = off["age_at_intake"] >= 18.5
    same = (off.loc[old, "left_week"].fillna(-1) == st.loc[old, "left_week"].fillna(-1)).mean()
    assert same > 0.95


def test_the_rmc_takes_no_leaver_above_its_age_limit():
    res = cached_run(
        "curative", students=2000, seed=6, years=2, qualification_duty=True, rmc_age_limit=18.0
    )
    st = res.students
    entered = st["entered_coaching"] == "curative"
    assert entered.sum() > 5
    assert (st.loc[entered, "age_at_exit"] < 18.0).all()
    free = cached_run("curative", students=2000, seed=6, years=2).students
    assert (free.loc[free["entered_coaching"] == "curative", "age_at_exit"] >= 18.0).any()


def test_the_duty_is_on_by_default_and_switched_off_holds_nobody():
    assert defaults()["qualification_duty"] is True
    assert cached_run(students=800, seed=2).summary.iloc[0]["duty_cases"] > 0
    s = cached_run(students=800, seed=2, qualification_duty=False).summary.iloc[0]
    assert s["duty_cases"] == 0


def test_the_law_levers_are_read_from_a_scenario_file(tmp_path):
    from vsvsim.scenario import load_scenario

    path = tmp_path / "duty.toml"
    path.write_text(
        'name = "duty"\ndescription = "with the duty"\n\n[law]\n'
        "qualification_duty = true\nduty_stay_chance = 0.5\nvsv_age_limit = 27\n",
        encoding="utf-8",
    )
    spec = load_scenario(path)
    assert spec.params["qualification_duty"] is True
    assert spec.params["duty_stay_chance"] == 0.5 and spec.params["vsv_age_limit"] == 27.0


def test_t4_beside_the_vsv_indicator():
    from vsvsim.analysis.vsv import vsv_beside_t4

    table = vsv_beside_t4(students=600, replications=1, seed=7)
    assert list(table.index) == [1, 2, 3, 4]
    assert table.loc[1, ["t4_low", "t4_high"]].tolist() == [0.20, 0.35]
    assert np.isfinite(table.to_numpy()).all()
    # Every Entree graduate counts at level 1 (no continuation after a diploma).
    assert table.loc[1, "vsv_without_entree_diploma"] < table.loc[1, "vsv_indicator"]
    assert (table.loc[2:, "vsv_without_entree_diploma"] == table.loc[2:, "vsv_indicator"]).all()
