"""Each mechanism, switched off, changes outcomes in the direction the brief describes.

Runs share seeds (common random numbers), so on/off differences are the mechanism's.
Cohorts are a few thousand students; assertions are about directions and clear gaps,
not exact numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from vsvsim.mesa_model import DropoutModel
from vsvsim.week import mechanism_names

MECHANISMS = mechanism_names()

SEEDS = (0, 1)


def pooled(run_cached, key, **overrides):
    """Sum of a summary column's counts over seeds -> pooled rate."""
    values = [run_cached(seed=s, **overrides).summary.iloc[0][key] for s in SEEDS]
    return float(np.mean(values))


def test_every_mechanism_has_a_switch_and_changes_something(run_cached):
    base = run_cached(seed=0, trajectories=True).weekly
    for name in MECHANISMS:
        off = run_cached(seed=0, trajectories=True, **{name: False}).weekly
        assert not base["commitment"].equals(off["commitment"]) or not base["wellbeing"].equals(
            off["wellbeing"]
        ), name


def test_spiral_couples_commitment_and_time_and_drives_dropout(run_cached):
    def coupling(**kw):
        w = run_cached(seed=0, trajectories=True, **kw).weekly
        late = w[(w["week"] == 40) & w["enrolled"]]
        return np.corrcoef(late["commitment"], late["time_investment"])[0, 1]

    on, off = coupling(), coupling(participation_identification_spiral=False)
    assert on > off + 0.1
    # A clear gap, not a size: how much the spiral adds depends on the fitted noise and
    # strengths (about a quarter more dropout with the 2026-11 fit).
    assert pooled(run_cached, "dropout_rate") > 1.15 * pooled(
        run_cached, "dropout_rate", participation_identification_spiral=False
    )


def test_teacher_control_answers_low_engagement(run_cached):
    def control_gap(**kw):
        w = run_cached(seed=0, trajectories=True, **kw).weekly
        late = w[(w["week"] == 30) & w["enrolled"]]
        low = late["time_investment"] < late["time_investment"].quantile(0.2)
        return late.loc[low, "teacher_control"].mean() - late.loc[~low, "teacher_control"].mean()

    assert control_gap() > 0.03
    assert abs(control_gap(teacher_control_loop=False)) < 0.02
    assert pooled(run_cached, "dropout_rate") > pooled(
        run_cached, "dropout_rate", teacher_control_loop=False
    )


def test_confidence_loop_is_self_reinforcing(run_cached):
    def spread(**kw):
        w = run_cached(seed=0, trajectories=True, **kw).weekly
        late = w[(w["week"] == 40) & w["enrolled"]]
        return late["confidence"].std()

    assert spread() > 1.1 * spread(confidence_loop=False)


def test_outside_pull_and_push_drain_school(run_cached):
    on = pooled(run_cached, "school_leaver_rate")
    off = pooled(run_cached, "school_leaver_rate", outside_pull_push=False)
    assert on > 1.3 * off

    # The students' own exits: a slack market also ends BBL programmes for want of a
    # training company (the tracks' failed placements), which is not the outside pull.
    def own_exit_rate(**kw):
        frames = [run_cached(seed=s, **kw).students for s in SEEDS]
        st = pd.concat(frames)
        left = st["outcome"].isin(["switcher", "school_leaver"])
        return (left & (st["school_exit"] != "placement")).mean()

    assert own_exit_rate(labour_market_pull=1.0) > own_exit_rate(labour_market_pull=0.0)


def _committed_poor_fit(**kw):
    """Committed students in a poorly fitting programme: early rise, spring change, dropout."""
    out = []
    for seed in SEEDS:
        m = DropoutModel(students=6000, rng=seed, **kw)
        s = m.state
        group = (s.base_commitment > 0.7) & (s.fit < np.quantile(s.fit, 0.25))
        mean_c = []
        while m.running:
            m.step()
            mean_c.append(s.commitment[group].mean())
        mean_c = np.array(mean_c)
        # Weeks 0 -> 16 (late Aug -> Dec) and 26 -> 44 (Feb -> Jun).
        out.append(
            (mean_c[16] - mean_c[0], mean_c[44] - mean_c[26], (s.first_exit[group] > 0).mean())
        )
    return np.mean(out, axis=0)


def test_delayed_realisation_absorbs_then_drops():
    """Keen students in a poorly fitting programme hold up in autumn, then realise: their
    commitment drops fast in spring and many more of them leave than without the
    mechanism (where every setback counts at once, a little)."""
    rise_on, spring_on, drop_on = _committed_poor_fit()
    _, spring_off, drop_off = _committed_poor_fit(delayed_realisation=False)
    assert rise_on > -0.01  # commitment holds up through autumn
    assert spring_on < spring_off - 0.05
    assert drop_on > drop_off + 0.03


def test_routes_abrupt_exits_are_not_preceded_by_absence(run_cached):
    on = run_cached(seed=0).summary.iloc[0]
    off = run_cached(seed=0, gradual_abrupt_routes=False).students
    assert on["abrupt_exit_share"] > 0.03
    # Off, no life event or missing internship place ends enrolment at once; the school's
    # end of a BBL programme after a failed placement search (the tracks) stays abrupt.
    abrupt_off = off["exit_route"] == "abrupt"
    assert (off.loc[abrupt_off, "school_exit"] == "placement").all()
    # (Comparing the leavers' absence share on vs off is confounded: switching the
    # mechanism off also removes flickering, which changes who leaves gradually. The
    # direct check is below: abrupt leavers were absent less than gradual ones.)
    st = run_cached(seed=0).students
    left = st[st["outcome"].isin(["switcher", "school_leaver"])]
    abrupt = left[left["exit_route"] == "abrupt"]["absence_at_exit"].mean()
    gradual = left[left["exit_route"] == "gradual"]["absence_at_exit"].mean()
    assert abrupt < gradual


def test_routes_flicker_raises_instability_before_gradual_exits(run_cached):
    def instability_before_exit(**kw):
        res = run_cached(seed=0, trajectories=True, **kw)
        st = res.students[res.students["exit_route"] == "gradual"]
        w = res.weekly.merge(st[["student_id", "left_week"]], on="student_id")
        before = w[(w["week"] < w["left_week"]) & (w["week"] >= w["left_week"] - 4)]
        return before["instability"].mean()

    assert instability_before_exit() > instability_before_exit(gradual_abrupt_routes=False)


def test_coach_relationship_matters_when_coached(run_cached):
    kw = dict(scenario="preventive_screening", coaches=100)
    on = run_cached(seed=0, trajectories=True, **kw)
    off = run_cached(seed=0, trajectories=True, coach_relationship=False, **kw)
    assert on.weekly["bond"].max() > 0.3
    assert off.weekly["bond"].max() == 0
    rate_on = np.mean(
        [run_cached(seed=s, **kw).summary.iloc[0]["dropout_rate_at_risk"] for s in SEEDS]
    )
    rate_off = np.mean(
        [
            run_cached(seed=s, coach_relationship=False, **kw).summary.iloc[0][
                "dropout_rate_at_risk"
            ]
            for s in SEEDS
        ]
    )
    assert rate_on < rate_off


def test_peers_pull_friends_together():
    """Friends' attendance and commitment pull a student towards them: friends end up
    more alike than they would without peer influence (same cohort, same draws)."""

    def friend_correlations(**kw):
        out = []
        for seed in SEEDS:
            m = DropoutModel(students=6000, rng=seed, **kw)
            for _ in range(30):
                m.step()
            s, (src, dst) = m.state, m.friends
            both = (s.status[src] == 1) & (s.status[dst] == 1)
            a, b = src[both], dst[both]
            out.append(
                (
                    np.corrcoef(s.time_investment[a], s.time_investment[b])[0, 1],
                    np.corrcoef(s.commitment[a], s.commitment[b])[0, 1],
                )
            )
        return np.mean(out, axis=0)

    on, off = friend_correlations(), friend_correlations(peer_influence=False)
    assert on[0] > off[0] + 0.03
    assert on[1] > off[1] + 0.02


def test_leavers_and_switchers_are_different_processes(run_cached):
    def profile(**kw):
        # Pooled over SEEDS: per seed the switchers' change after leaving ranges from
        # -0.018 to -0.002 (about 100 switchers a run).
        exits = [
            _exit_profile(run_cached(seed=s, students=6000, trajectories=True, **kw)) for s in SEEDS
        ]
        at_exit = pd.concat([e[0] for e in exits], axis=1).mean(axis=1)
        change = pd.concat([e[1] for e in exits], axis=1).mean(axis=1)
        return at_exit, change

    def _exit_profile(res):
        st = res.students[res.students["outcome"].isin(["switcher", "school_leaver"])]
        w = res.weekly.merge(st[["student_id", "left_week", "outcome"]], on="student_id")
        w["rel"] = w["week"] - w["left_week"]
        at_exit = w[w["rel"].between(-4, -1)].groupby("outcome", observed=True)["wellbeing"].mean()
        # Change per student (the same students before and after: no composition effect).
        after = w[w["rel"].between(6, 10)].groupby("student_id")["wellbeing"].mean()
        at0 = w[w["rel"] == 0].set_index("student_id")["wellbeing"]
        per_student = (after - at0).dropna().rename("change")
        outcome = st.set_index("student_id")["outcome"]
        change = per_student.groupby(outcome.reindex(per_student.index), observed=True).mean()
        return at_exit, change

    at_exit, change = profile()
    assert at_exit["school_leaver"] < at_exit["switcher"] - 0.015
    assert change["school_leaver"] < -0.01
    assert change["switcher"] > -0.01
    at_exit_off, change_off = profile(leaving_and_after=False)
    # Off, the route is a coin flip: any gap is sampling noise, well below the gap on.
    gap_on = at_exit["switcher"] - at_exit["school_leaver"]
    assert abs(at_exit_off["school_leaver"] - at_exit_off["switcher"]) < 0.6 * gap_on
    assert np.allclose(change_off, 0, atol=0.005)  # frozen after leaving


def test_reentry_needs_mechanism_nine(run_cached):
    on = run_cached(seed=0, years=2).students
    off = run_cached(seed=0, years=2, leaving_and_after=False).students
    assert on["reentered"].sum() > 0
    assert off["reentered"].sum() == 0  # nor a switch within the college (study choice)
    assert isinstance(on, pd.DataFrame)
    # Nor through the curative process's intake moments (the RMC still reaches leavers).
    curative = run_cached("curative", seed=0, years=2, leaving_and_after=False)
    assert curative.summary.iloc[0]["rmc_reached"] > 0
    assert curative.students["reentered"].sum() == 0
    assert run_cached("curative", seed=0, years=2).summary.iloc[0]["rmc_reentries"] > 0
