"""The levers behind T2 and T3 (eventual dropouts start keen, then realise; school leavers
decline in general): each does what it says.

These parameters shape *who* leaves and *when*, never how many: the tests check the
direction of each lever on the states and the timing it governs, on small cohorts with
shared seeds (common random numbers), so a difference is the lever's.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from vsvsim.core.calendar import SEMESTER_2_START
from vsvsim.core.streams import Streams
from vsvsim.mechanisms.base import Drivers
from vsvsim.mechanisms.leaving import general_state
from vsvsim.mechanisms.leaving import leaver_chance_by_state as _leaver_chance_by_state
from vsvsim.mechanisms.realisation import setbacks as _setbacks
from vsvsim.mesa_model import DropoutModel
from vsvsim.params import defaults
from vsvsim.population.cohort import build_population
from vsvsim.week import channels


def _population(**kw):
    p = {**defaults(), "students": 4000, **kw}
    return build_population(p, Streams(0)).state


def _corr(a, b):
    return float(np.corrcoef(a, b)[0, 1])


def test_vulnerability_state_link_sets_how_much_risk_shows_at_the_start():
    def gap(link):
        s = _population(vulnerability_state_link=link)
        risk = s.true_colour > 0
        return s.base_commitment[~risk].mean() - s.base_commitment[risk].mean()

    assert abs(gap(0.0)) < 0.01  # risk invisible in the starting commitment
    assert gap(0.3) > gap(0.1) + 0.03


def test_start_state_correlation_links_keenness_confidence_and_wellbeing():
    # Without the vulnerability link, the starting states share nothing but keenness.
    loose = _population(vulnerability_state_link=0.0, start_state_correlation=0.0)
    tight = _population(vulnerability_state_link=0.0, start_state_correlation=0.8)
    assert _corr(tight.base_commitment, tight.confidence) > 0.5
    assert _corr(tight.base_commitment, tight.wellbeing) > 0.5
    assert abs(_corr(loose.base_commitment, loose.confidence)) < 0.1


def _run(weeks, **kw):
    m = DropoutModel(students=2000, rng=0, **kw)
    for _ in range(weeks):
        m.step()
    return m


def test_strain_memory_lets_setbacks_accumulate():
    short, long = _run(20, strain_memory=5.0), _run(20, strain_memory=60.0)
    enrolled = short.state.status == 1
    assert long.state.strain[enrolled].mean() > 2.0 * short.state.strain[enrolled].mean()


def test_fit_is_discovered_slowly_in_lessons_and_fast_in_practice():
    """Keen students in a poorly fitting programme see it fit well at first; the true fit
    shows mainly once practical work starts in the second semester."""
    m = DropoutModel(students=3000, rng=0, fit_discovery_rate=0.01, practice_discovery_rate=0.2)
    s = m.state
    keen_misfit = (s.base_commitment > 0.7) & (s.fit < 0.6)
    gaps = []  # (semester, mean gap between the fit seen and the true fit)
    for _ in range(40):
        m.step()
        gaps.append((m.week.semester, (s.fit_seen - s.fit)[keen_misfit].mean()))
    first = [g for sem, g in gaps if sem == 1]
    second = [g for sem, g in gaps if sem == 2]
    assert first[0] > 0.1  # expected a much better fit than it is
    assert first[-1] > 0.6 * first[0]  # lessons reveal little
    assert second[-1] < 0.2 * first[0]  # practice reveals most


def test_setbacks_are_measured_against_expectations():
    """The same experience is a bigger setback for a keen student (it expected more)."""
    m = DropoutModel(students=2000, rng=0)
    s = m.state
    s.event_school = np.full(s.n, 0.5, dtype=np.float32)
    s.success = np.full(s.n, 0.6, dtype=np.float32)
    neg = _setbacks(s, SimpleNamespace(**m.params))
    keen, low = s.base_commitment > 0.72, s.base_commitment < 0.56
    assert neg[keen].mean() > neg[low].mean() + 0.1
    assert neg[low].max() == 0.0


def test_absorbing_students_keep_their_confidence_until_they_realise():
    """With the shield, committed students in a poorly fitting programme (many setbacks)
    lose less confidence than without; students below the absorb threshold are not
    shielded."""

    def autumn_change(shield):
        m = DropoutModel(
            students=3000,
            rng=0,
            realisation_confidence_shield=shield,
            realisation_absorb_threshold=0.6,
            realisation_tolerance=10.0,  # nobody realises: isolate the shield
        )
        s = m.state
        keen = (s.commitment > 0.7) & (s.fit < np.quantile(s.fit, 0.25))
        low = s.commitment < 0.5
        c0 = s.confidence.copy()
        for _ in range(30):
            m.step()
        d = s.confidence - c0
        return d[keen].mean(), d[low].mean()

    keen_on, low_on = autumn_change(1.0)
    keen_off, low_off = autumn_change(0.0)
    assert keen_on > keen_off + 0.02
    assert abs(low_on - low_off) < 0.5 * (keen_on - keen_off)


def test_midyear_reentry_happens_in_february_only_when_switched_on():
    def reentries(midyear):
        # Every switcher switches elsewhere: one within its college starts at its own
        # intake moments (February among them; study choice), whatever midyear_reentry.
        m = DropoutModel(students=3000, rng=0, midyear_reentry=midyear, internal_switch_share=0.0)
        s = m.state
        back_weeks = []
        while m.running and m.week_index < 47:
            before = s.reentered.copy()
            m.step()
            if (s.reentered & ~before).any():
                back_weeks.append(m.week.iso_week)
        return back_weeks

    assert reentries(0.0) == []
    assert reentries(0.8) == [SEMESTER_2_START]


def test_absorbing_students_try_harder_as_setbacks_pile_up():
    """With ``realisation_effort``, committed students in a poorly fitting programme invest
    more time than without; students below the absorb threshold do not."""

    def autumn_time(effort):
        m = DropoutModel(
            students=3000,
            rng=0,
            realisation_effort=effort,
            realisation_absorb_threshold=0.6,
            realisation_tolerance=10.0,  # nobody realises: isolate the effort
        )
        s = m.state
        keen = (s.commitment > 0.7) & (s.fit < np.quantile(s.fit, 0.25))
        low = s.commitment < 0.45
        for _ in range(25):
            m.step()
        return s.time_investment[keen].mean(), s.time_investment[low].mean()

    keen_on, low_on = autumn_time(0.4)
    keen_off, low_off = autumn_time(0.0)
    assert keen_on > keen_off + 0.01
    assert abs(low_on - low_off) < 0.3 * (keen_on - keen_off)


def test_a_declining_general_state_tips_towards_leaving_education():
    """Two stopping students at the same general state: the one whose state fell below its
    running mean more likely leaves education, but only with ``leaver_decline_weight``."""
    m = DropoutModel(students=10, rng=0)
    s = m.state
    rows = np.array([0, 1])
    for name in (
        "wellbeing",
        "aut_school",
        "comp_school",
        "rel_school",
        "aut_outside",
        "comp_outside",
        "rel_outside",
    ):
        s[name][1] = s[name][0]
    now = general_state(s, SimpleNamespace(**m.params), rows)
    s.general_slow[rows] = now + np.array([0.0, 0.1], dtype=np.float32)  # row 1 declined
    d = Drivers(s.n, channels())
    for weight, declined_more in ((0.0, False), (3.0, True)):
        p = SimpleNamespace(**{**m.params, "leaver_decline_weight": weight})
        steady, declined = _leaver_chance_by_state(s, p, d, rows)
        assert bool(declined > steady + 0.05) == declined_more
        assert declined >= steady


def test_stress_drifts_around_the_usual_level_only_with_volatility():
    def deviation(volatility):
        # One stress score: with the life domains their acute onsets are the life events
        # (life_event_rate no longer applies) and their shocks move stress off its level.
        m = DropoutModel(
            students=2000,
            rng=0,
            stress_volatility=volatility,
            life_event_rate=0.0,
            life_domains=False,
        )
        s = m.state
        for _ in range(30):
            m.step()
        stayed = (s.status == 1) & (s.first_exit == 0)  # leaving adds stress of its own
        return (s.stress - s.stress_base)[stayed]

    still, drifting = deviation(0.0), deviation(0.05)
    assert np.abs(still).max() < 1e-6
    assert 0.05 < drifting.std() < 0.2  # about 0.05 / sqrt(1 - 0.9**2) = 0.11
    assert abs(drifting.mean()) < 0.02  # it returns to the usual level


def test_stress_vulnerability_link_sets_how_much_usual_stress_follows_risk():
    flat = _population(stress_vulnerability_link=0.0)
    steep = _population(stress_vulnerability_link=3.0)
    assert abs(_corr(flat.vulnerability, flat.stress_base)) < 0.05
    assert _corr(steep.vulnerability, steep.stress_base) > 0.6


def test_wellbeing_set_point_keeps_part_of_the_starting_difference():
    """Without a set point, wellbeing forgets how a student started; with it, students who
    started well stay above those who started badly."""

    def spread(share):
        m = DropoutModel(students=3000, rng=0, wellbeing_set_point=share)
        s = m.state
        high = s.wellbeing_disposition > 0.08
        low = s.wellbeing_disposition < -0.08
        for _ in range(30):
            m.step()
        stayed = (s.status == 1) & (s.first_exit == 0)
        return s.wellbeing[high & stayed].mean() - s.wellbeing[low & stayed].mean()

    assert spread(1.0) > spread(0.0) + 0.1


def test_vulnerability_fit_link_lowers_the_fit_of_vulnerable_students():
    def gap(link):
        s = _population(vulnerability_fit_link=link)
        return s.fit[s.vulnerability < 0.3].mean() - s.fit[s.vulnerability > 0.6].mean()

    assert gap(0.0) < 0.02  # fit unrelated to vulnerability (bar the shared programme)
    assert gap(0.8) > gap(0.3) + 0.1
