"""Tracks, exits the school decides, study choice (issue 10, items 5, 6 and 7)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import vsvsim
from vsvsim.core.calendar import SEMESTER_2_START
from vsvsim.core.params import defaults
from vsvsim.core.sim import Simulation
from vsvsim.core.state import Status
from vsvsim.interventions import school_exits as se
from vsvsim.population.tracks import BBL, BOL, assign_tracks
from vsvsim.registration import reasons as rr
from vsvsim.week import WEEK

TRACKS = {"tracks": True}
BSA = {"binding_study_advice": True}
DEREG = {"deregistration": True}
CHOICE = {"study_choice": True}


def simulation(n: int = 1000, seed: int = 0, **overrides) -> Simulation:
    return Simulation({**defaults(), "students": n, **overrides}, seed, WEEK)


def summary(overrides: dict, seeds=(0, 1), n: int = 1500, years: int = 1) -> pd.DataFrame:
    rows = [
        vsvsim.run(
            "baseline", seed=s, students=n, overrides={"years": years, **overrides}
        ).summary.iloc[0]
        for s in seeds
    ]
    return pd.DataFrame(rows)


# --- BOL and BBL -------------------------------------------------------------------------


def test_bbl_shares_by_level_and_bbl_students_are_older():
    p = SimpleNamespace(**defaults())
    level = np.repeat(np.array([1, 2, 3, 4], dtype=np.int8), 4000)
    age = 16.0 + np.random.default_rng(0).exponential(1.5, level.size)
    track = assign_tracks(level, age, p, np.random.default_rng(1))
    for k in (1, 2, 3, 4):
        share = np.mean(track[level == k] == BBL)
        assert share == pytest.approx(getattr(p, f"bbl_share_level_{k}"), abs=1e-3)
    at = level == 3
    assert age[at][track[at] == BBL].mean() > age[at][track[at] == BOL].mean() + 0.5


def test_placement_loss_means_more_leaving_in_bbl_and_none_without_loss():
    none = summary({**TRACKS, "bbl_placement_loss_rate": 0.0})
    lossy = summary({**TRACKS, "bbl_placement_loss_rate": 0.02})
    assert (none["placements_lost"] == 0).all() and (none["first_exits_placement"] == 0).all()
    assert lossy["first_exits_placement"].sum() > 20
    assert lossy["dropout_rate_bbl"].mean() > none["dropout_rate_bbl"].mean() + 0.03
    # BOL students do not hold training companies: their leaving hardly moves.
    assert abs(lossy["dropout_rate_bol"].mean() - none["dropout_rate_bol"].mean()) < 0.02


def test_placements_are_lost_more_in_a_slack_labour_market():
    slack = summary({**TRACKS, "labour_market_pull": 0.2, "bbl_placement_loss_rate": 0.01})
    tight = summary({**TRACKS, "labour_market_pull": 0.8, "bbl_placement_loss_rate": 0.01})
    assert slack["placements_lost"].sum() > 1.5 * tight["placements_lost"].sum()
    assert slack["first_exits_placement"].sum() > tight["first_exits_placement"].sum()


def test_a_failed_placement_is_an_abrupt_exit_registered_as_labour_market():
    st = vsvsim.run(
        "baseline", students=1500, seed=2, overrides={**TRACKS, "bbl_placement_loss_rate": 0.02}
    ).students
    placed = st["school_exit"] == "placement"
    assert placed.sum() > 5
    assert (st.loc[placed, "exit_route"] == "abrupt").all()
    assert (st.loc[placed, "abrupt_type"] == "failed_placement").all()
    assert (st.loc[placed, "registered_reason"] == "labour_market_environment").all()


def test_bol_students_have_internships_before_the_final_year_with_the_tracks_on():
    def failed_before_final(**overrides) -> tuple[int, int]:
        sim = simulation(n=2000, **overrides)
        s = sim.state
        while sim.running:
            sim.step()
            if sim.week.iso_week == SEMESTER_2_START:
                early = s.internship_failed & (s.programme_year < s.programme_length)
                return int(early.sum()), int((s.internship_failed & (s.track == BBL)).sum())
        raise AssertionError("no semester 2")

    assert failed_before_final(tracks=False) == (0, 0)
    early, bbl = failed_before_final()  # the tracks are on by default
    assert early > 10 and bbl == 0


# --- exits the school decides ------------------------------------------------------------


def test_binding_study_advice_off_none_on_for_year_1_students_far_behind():
    off = vsvsim.run("baseline", students=2000, seed=0, overrides={"binding_study_advice": False})
    assert off.summary["first_exits_bsa"].iloc[0] == 0
    # Many cases to check the rule on; the school's other decisions (deregistration, a
    # failed BBL placement) off, so that every school exit here is an advice.
    others_off = {"deregistration": False, "tracks": False}
    sim = simulation(n=2000, **BSA, bsa_threshold=0.4, **others_off)
    s = sim.state
    while not sim.calendar[sim.week_index].year_end:
        sim.step()
    y1 = (s.status == Status.ENROLLED) & (s.programme_year == 1)
    sim.step()  # the year-end week: the advice, then the year closing
    advised = s.school_exits > 0
    assert advised.sum() > 5
    assert not np.any(advised & (s.programme_length == 1))  # Entree: no advice
    # Every advice went to a year-1 student far behind, in the year-end week ...
    assert np.all(y1[advised]) and np.all(s.study_progress[advised] < sim.p.bsa_threshold)
    assert np.all(s.status[advised] != Status.ENROLLED)
    # ... and every year-1 student far behind who did not leave by itself got one.
    own = (s.left_week == sim.week.index) & ~advised
    behind = y1 & ~own & (s.study_progress < sim.p.bsa_threshold) & (s.programme_length > 1)
    behind &= s.progress_weeks >= sim.p.bsa_min_weeks
    assert np.array_equal(behind, advised)
    # The advice is registered as institution-related or, for a misfit, study choice.
    first = s.school_exit == se.BSA
    assert first.any() and set(s.registered_reason[first]) <= {rr.INSTITUTION, rr.CHOICE}


def test_deregistration_after_a_long_run_of_absence():
    off = vsvsim.run("baseline", students=2000, seed=0, overrides={"deregistration": False})
    assert off.summary["first_exits_deregistration"].iloc[0] == 0
    # 4000 students: under the qualification duty (on by default) an under-18 without a
    # basic qualification is not deregistered, so cases are few.
    res = vsvsim.run("baseline", students=4000, seed=0, overrides={**DEREG, "dereg_weeks": 3})
    st = res.students
    gone = st["school_exit"] == "deregistration"
    assert gone.sum() > 5
    # Deregistered students had stopped coming: far more absent than other leavers.
    others = st["outcome"].isin(["switcher", "school_leaver"]) & ~gone
    assert st.loc[gone, "absence_at_exit"].mean() > st.loc[others, "absence_at_exit"].mean() + 0.1
    # A longer run before deregistration catches fewer.
    longer = vsvsim.run("baseline", students=4000, seed=0, overrides={**DEREG, "dereg_weeks": 8})
    assert longer.summary["first_exits_deregistration"].iloc[0] < gone.sum()


def test_school_decisions_are_registered_by_the_documented_mapping():
    code = np.array([rr.CHOICE, rr.CAN_HELP, rr.UNKNOWN, rr.OUTSIDE, rr.LABOUR, rr.CHOICE])
    kind = np.array([se.BSA, se.BSA, se.BSA, se.PLACEMENT, se.DEREGISTRATION, se.NO_SCHOOL_EXIT])
    got = rr.school_decision(code, kind)
    want = [rr.CHOICE, rr.INSTITUTION, rr.INSTITUTION, rr.LABOUR, rr.LABOUR, rr.CHOICE]
    assert got.tolist() == want


# --- study choice and switching ----------------------------------------------------------


def test_better_guidance_fewer_switchers_and_fewer_study_choice_reasons():
    def counts(guidance: float) -> tuple[int, int]:
        frames = [
            vsvsim.run(
                "baseline",
                students=2000,
                seed=seed,
                overrides={**CHOICE, "choice_guidance": guidance},
            ).students
            for seed in (0, 1)
        ]
        st = pd.concat(frames)
        # A failed BBL placement search (the tracks) is the school's decision for want of a
        # training company: no study choice in it for guidance to improve.
        own = st["school_exit"] != "placement"
        return (own & (st["outcome"] == "switcher")).sum(), (
            st["registered_reason"] == "study_career_choice"
        ).sum()

    switchers_0, choice_0 = counts(0.0)
    switchers_1, choice_1 = counts(1.0)
    assert switchers_1 < 0.8 * switchers_0
    assert choice_1 < 0.8 * choice_0


def test_a_switchers_second_programme_fits_better_than_the_first():
    def gain(**overrides) -> float:
        s = summary({**CHOICE, "internal_switch_share": 1.0, **overrides}, years=2, n=2000)
        return s["new_programme_fit_gain"].mean()

    assert gain() > 0.08
    # What makes it better is what the student learned: without learning, no better.
    assert abs(gain(switch_fit_learning=0.0)) < 0.03


def test_switchers_within_the_college_start_at_the_next_intake_moment():
    sim = simulation(n=2000, years=2, **CHOICE, internal_switch_share=1.0, switch_intake_moments=4)
    s = sim.state
    waiting = np.zeros(s.n, dtype=bool)
    seen = 0
    while sim.running:
        sim.step()
        if sim.week.iso_week in (45, 6, 15, 35) and sim.week.index > 0:
            # Those who waited started (a few may have left again in the same week).
            started = waiting & s.reentered & (s.programme_year == 1)
            assert np.count_nonzero(started) >= 0.9 * np.count_nonzero(waiting)
            seen += np.count_nonzero(waiting)
        waiting = s.switch_within & (s.status == Status.SWITCHED)
    assert seen > 20

    # Within the college is no exit from education: the VSV indicator counts fewer early
    # leavers than with every switcher switching elsewhere.
    def vsv(share: float) -> float:
        overrides = {"years": 2, **CHOICE, "internal_switch_share": share}
        return summary(overrides, n=2000)["vsv_rate"].mean()

    assert vsv(1.0) < vsv(0.0)


def test_the_vsv_indicator_counts_a_switcher_within_the_college_as_enrolled():
    sim = simulation(n=400, **CHOICE)
    s = sim.state
    census = next(w for w in sim.calendar if w.census)
    rows = np.flatnonzero(s.age < 21)[:100]  # young enough for the indicator
    s.status[rows] = Status.SWITCHED
    s.switch_within[rows[::2]] = True  # half of them switch within their college
    sim.week, sim.left_now = census, np.zeros(s.n, dtype=bool)
    sim.module("vsv_indicator").step(sim)
    assert s.vsv_base[rows[::2]].all() and not s.vsv_base[rows[1::2]].any()


# --- on by default, batches --------------------------------------------------------------


def test_everything_on_by_default_and_a_batch_equals_separate_runs():
    d = defaults()
    assert d["tracks"] and d["binding_study_advice"] and d["deregistration"]
    assert d["study_choice"] and d["choice_guidance"] == 0.0  # guidance: today's practice
    params = [{"bbl_placement_loss_rate": 0.01, "choice_guidance": 0.2}, {"bsa_threshold": 0.45}]
    seeds = [3, 4]
    results = vsvsim.run_batch("tracks_and_choice", seeds=seeds, params=params, students=300)
    for seed, overrides, result in zip(seeds, params, results, strict=True):
        alone = vsvsim.run("tracks_and_choice", seed=seed, overrides=overrides, students=300)
        for name in ("students", "summary"):
            pd.testing.assert_frame_equal(getattr(alone, name), getattr(result, name))
