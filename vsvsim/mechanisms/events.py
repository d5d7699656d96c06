"""Events (core): this week's events at school and outside, life events, outside stress."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from vsvsim.core.module import Channel, Draw
from vsvsim.core.params import Param
from vsvsim.core.state import UNIT, StateVar, StudentArrays
from vsvsim.mechanisms import _kernels
from vsvsim.mechanisms.base import Drivers, Mechanism, WeekInputs, put, relax
from vsvsim.mechanisms.needs import NEUTRAL, need_index

#: Typical outside stress (its starting default and the default ``stress_level``), around
#: which its effects are measured (centring; also used by mechanism 4).
TYPICAL_STRESS = 0.2

# fmt: off
PARAMS = (
    Param("stress_volatility", "outside", 0.0782, 0.0, 0.2, unit="0-1 per week",
          source="UCA ch. 3 (stressors outside school come and go); value "
                 "fitted (docs/calibration.md)",
          doc="Weekly standard deviation of the drift of outside stress around the "
              "student's usual level (it returns to that level at stress_recovery_rate)",
          fit=(0.0, 0.1),
          fixed="Morris screening at 2,000 x 4: moves no fit target by a scale unit (mu* 0.93)"),
    Param("life_event_rate", "outside", 0.00272, 0.0, 0.05, unit="per week",
          source="FS (abrupt routes); fitted with the life domains off "
                 "(docs/calibration.md); used only with the life domains off",
          doc="Weekly chance of an abrupt life event for an average student (with the life "
              "domains off: with them on, the life events are the domains' acute onsets)"),
    Param("event_noise", "dynamics", 0.15, 0.0, 0.5, unit="0-1",
          doc="Week-to-week spread of the valence of events"),
    Param("school_event_fit_weight", "dynamics", 0.5, 0.0, 1.0, unit="0-1 per 0-1",
          doc="School-event valence per unit of programme fit as seen (around the midpoint)"),
    Param("school_event_competence_weight", "dynamics", 0.3, 0.0, 1.0, unit="0-1 per 0-1",
          doc="School-event valence per unit of competence at school (around the midpoint)"),
    Param("outside_event_need_weight", "outside", 0.3, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Outside-event valence per unit of need fulfilment outside (around the midpoint)"),
    Param("outside_event_stress_weight", "outside", 0.4, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Outside-event valence lost per unit of stress above its typical level"),
    Param("life_event_base_factor", "outside", 0.3, 0.0, 1.0, unit="x life_event_rate",
          doc="Life-event chance of a student with zero vulnerability, relative to "
              "life_event_rate"),
    Param("life_event_vulnerability_gain", "outside", 1.4, 0.0, 4.0,
          unit="x life_event_rate per unit",
          doc="Rise of the life-event chance per unit of vulnerability, relative to "
              "life_event_rate"),
    Param("crisis_outside_event", "outside", 0.05, 0.0, 0.5, unit="0-1",
          doc="Valence of the outside event in the week of a crisis (life event)"),
    Param("crisis_stress_shock", "outside", 0.35, 0.0, 1.0, unit="0-1",
          doc="Outside stress added by a crisis (life event)"),
    Param("stress_recovery_rate", "outside", 0.1, 0.01, 1.0, unit="per week",
          doc="Speed at which outside stress returns to the student's usual level"),
    Param("failed_internship_event", "school", 0.05, 0.0, 0.5, unit="0-1",
          doc="Valence of the school event in the week a final-year student finds no "
              "internship place"),
)
# fmt: on

# fmt: off
STATES = (
    StateVar("stress", "float32", 0.2, *UNIT, "current outside stress"),
    StateVar("event_school", "float32", 0.5, *UNIT,
             "valence of this week's school events (0.5 neutral / none)", "event"),
    StateVar("event_outside", "float32", 0.5, *UNIT,
             "valence of this week's outside events (0.5 neutral)", "event"),
    StateVar("life_event", "bool", False, None, None, "an abrupt life event this week",
             "event"),
)
# fmt: on


def events(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Draw this week's events at school and outside school, and abrupt life events.

    School events (valence 0-1, 0.5 neutral) are better for students who fit their
    programme and feel competent; there are none in holiday weeks. Outside events are
    worse under stress. An abrupt life event (chance ``life_event_rate``, higher for
    vulnerable students) is a crisis outside school (a very bad outside event and a stress
    shock); finding no internship place (decided by the school, :mod:`vsvsim.school`) is a
    very bad school event. Both can end enrolment at once (mechanism 6). Outside stress
    relaxes towards the student's usual level. With the life domains on
    (:mod:`vsvsim.mechanisms.life_domains`) the usual level is the sum of the domains and
    the week's life events are their acute onsets: that module sets ``u_life`` so that
    exactly those rows fall below their chance.
    """
    r = w.draws
    E = w.enrolled
    school = E & w.week.school_week
    # Experiences follow the fit as the student has come to see it (see discover_fit).
    e_s = (
        NEUTRAL
        + p.school_event_fit_weight * (s.fit_seen - NEUTRAL)
        + p.school_event_competence_weight * (s.comp_school - NEUTRAL)
        + p.event_noise * r.z_school
    )
    s.event_school = np.where(school, np.clip(e_s, 0, 1), NEUTRAL)
    n_out = need_index(p, s.aut_outside, s.comp_outside, s.rel_outside)
    e_o = (
        NEUTRAL
        + p.outside_event_need_weight * (n_out - NEUTRAL)
        - p.outside_event_stress_weight * (s.stress - TYPICAL_STRESS)
        + p.event_noise * r.z_outside
    )
    s.event_outside = np.clip(e_o, 0, 1)

    crisis = E & (
        r.u_life
        < p.life_event_rate
        * (p.life_event_base_factor + p.life_event_vulnerability_gain * s.vulnerability)
    )
    no_place = E & s.internship_failed
    s.life_event = crisis
    # put/where rather than masked assignment: a parameter may be one value per row (batch).
    put(s.event_school, p.failed_internship_event, no_place)
    put(s.event_outside, p.crisis_outside_event, crisis)
    # Outside life drifts: stress wanders around the student's usual level (a slowly
    # building home problem or debt, or relief), besides the shocks of crises below.
    around = E | w.out
    relax(s.stress, s.stress_base, p.stress_recovery_rate, around)
    put(s.stress, np.clip(s.stress + p.stress_volatility * r.z_stress, 0, 1), around)
    # At most 1, as the drift above: the week's later modules read stress in its range.
    put(s.stress, np.clip(s.stress + p.crisis_stress_shock, 0, 1), crisis)
    d.abrupt = (crisis | no_place) & (r.u_abrupt < p.abrupt_exit_probability)
    d.crisis = crisis


class Events(Mechanism):
    """Events at school and outside, abrupt life events, drifting outside stress."""

    name = "events"
    kind = "core"
    switchable = False
    title = "Events at school and outside, abrupt life events, drifting outside stress"
    source = "UCA ch. 3; FS"
    params = PARAMS
    states = STATES
    draws = (
        Draw("events", "z_school", "normal"),
        Draw("events", "z_outside", "normal"),
        Draw("life_events", "u_life"),
        Draw("life_events", "u_abrupt"),
        Draw("stress", "z_stress", "normal"),
    )
    channels = (
        Channel("abrupt", False, "bool", None, None, "life events that end enrolment at once"),
        Channel("crisis", False, "bool", None, None, "life events outside school this week"),
    )
    update = staticmethod(events)
    fused = _kernels.Fused("events", "events")
