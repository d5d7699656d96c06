"""Need fulfilment (core): autonomy, competence and relatedness from school and outside."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from vsvsim.core.params import Param
from vsvsim.core.state import UNIT, StateVar, StudentArrays
from vsvsim.mechanisms import _kernels
from vsvsim.mechanisms.base import Drivers, Mechanism, WeekInputs, relax

_ALL = slice(None)
#: The middle of every 0-1 scale: the neutral valence of an event, and the level around
#: which a 0-1 state's effect is measured (centring).
NEUTRAL = 0.5

# fmt: off
PARAMS = (
    Param("need_rate", "dynamics", 0.35, 0.01, 1.0, unit="per week",
          doc="Speed at which need fulfilment follows the week's circumstances"),
    Param("need_weight_base", "dynamics", 0.5, 0.0, 1.0, unit="weight",
          doc="Weight of competence and relatedness in a source's need index at zero autonomy"),
    Param("need_autonomy_amplification", "dynamics", 0.5, 0.0, 1.0, unit="weight per 0-1",
          doc="Rise of that weight per unit of autonomy (autonomy amplifies the other two needs)"),
    Param("school_autonomy_base", "dynamics", 0.3, 0.0, 1.0, unit="0-1",
          doc="Autonomy-at-school set point at zero climate, control and neutral events"),
    Param("school_autonomy_climate_weight", "dynamics", 0.45, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Autonomy at school gained per unit of autonomy-supportive climate"),
    Param("school_autonomy_event_weight", "dynamics", 0.3, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Autonomy at school per unit of school-event valence (around neutral)"),
    Param("school_competence_base", "dynamics", 0.15, 0.0, 1.0, unit="0-1",
          doc="Competence-at-school set point at zero seen fit, typical effort, neutral events"),
    Param("school_competence_fit_weight", "dynamics", 0.55, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Competence at school gained per unit of programme fit as seen"),
    Param("school_competence_effort_weight", "dynamics", 0.2, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Competence at school per unit of time investment (around the midpoint)"),
    Param("school_competence_event_weight", "dynamics", 0.35, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Competence at school per unit of school-event valence (around neutral)"),
    Param("school_competence_control_share", "dynamics", 0.5, 0.0, 1.0, unit="share",
          doc="Share of the control frustration (full on autonomy) that falls on competence"),
    Param("school_relatedness_base", "dynamics", 0.5, 0.0, 1.0, unit="0-1",
          doc="Relatedness-at-school set point before peers, events and control"),
    Param("school_relatedness_event_weight", "dynamics", 0.3, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Relatedness at school per unit of school-event valence (around neutral)"),
    Param("school_relatedness_control_share", "dynamics", 0.3, 0.0, 1.0, unit="share",
          doc="Share of the control frustration (full on autonomy) that falls on relatedness"),
    Param("outside_autonomy_base", "dynamics", 0.55, 0.0, 1.0, unit="0-1",
          doc="Autonomy-outside set point without pull, stress and with neutral events"),
    Param("outside_autonomy_pull_weight", "dynamics", 0.25, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Autonomy outside gained per unit of outside pull (mechanism 4)"),
    Param("outside_autonomy_event_weight", "dynamics", 0.3, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Autonomy outside per unit of outside-event valence (around neutral)"),
    Param("outside_autonomy_stress_weight", "dynamics", 0.3, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Autonomy outside lost per unit of outside stress (mechanism 4)"),
    Param("outside_competence_base", "dynamics", 0.5, 0.0, 1.0, unit="0-1",
          doc="Competence-outside set point without pull, stress and with neutral events"),
    Param("outside_competence_pull_weight", "dynamics", 0.2, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Competence outside gained per unit of outside pull (mechanism 4)"),
    Param("outside_competence_event_weight", "dynamics", 0.3, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Competence outside per unit of outside-event valence (around neutral)"),
    Param("outside_competence_stress_weight", "dynamics", 0.3, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Competence outside lost per unit of outside stress (mechanism 4)"),
    Param("outside_relatedness_base", "dynamics", 0.6, 0.0, 1.0, unit="0-1",
          doc="Relatedness-outside set point without stress and with neutral events"),
    Param("outside_relatedness_event_weight", "dynamics", 0.3, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Relatedness outside per unit of outside-event valence (around neutral)"),
    Param("outside_relatedness_stress_weight", "dynamics", 0.4, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Relatedness outside lost per unit of outside stress (mechanism 4)"),
    Param("wellbeing_base", "dynamics", 0.1, 0.0, 1.0, unit="0-1",
          doc="Wellbeing set point with no need fulfilment at all (before the personal set point)"),
    Param("wellbeing_need_gain", "dynamics", 0.85, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Rise of the wellbeing set point per unit of combined need fulfilment"),
    Param("wellbeing_school_weight", "dynamics", 0.45, 0.0, 1.0, unit="weight",
          doc="Weight of need fulfilment at school in combined need fulfilment"),
    Param("wellbeing_outside_weight", "dynamics", 0.45, 0.0, 1.0, unit="weight",
          doc="Weight of need fulfilment outside school in combined need fulfilment"),
    Param("wellbeing_coach_weight", "dynamics", 0.1, 0.0, 1.0, unit="weight",
          doc="Weight of need support felt from the coach in combined need fulfilment"),
)
# fmt: on

# fmt: off
STATES = (
    StateVar("aut_school", "float32", 0.5, *UNIT, "autonomy at school (had to ... wanted to)"),
    StateVar("comp_school", "float32", 0.5, *UNIT, "competence at school (how well)"),
    StateVar("rel_school", "float32", 0.5, *UNIT, "relatedness at school (friends, teachers)"),
    StateVar("aut_outside", "float32", 0.5, *UNIT, "autonomy outside school"),
    StateVar("comp_outside", "float32", 0.5, *UNIT, "competence outside school"),
    StateVar("rel_outside", "float32", 0.5, *UNIT, "relatedness outside (friends, family)"),
)
# fmt: on


def need_index(
    p: SimpleNamespace, aut: np.ndarray, comp: np.ndarray, rel: np.ndarray
) -> np.ndarray:
    """Combined need fulfilment from one source, on 0-1.

    Autonomy amplifies the other two needs (brief section 2: support for competence and
    relatedness works best when autonomy is supported too): competence and relatedness
    count with weight ``g = need_weight_base + need_autonomy_amplification * autonomy``
    (autonomy itself with weight 1; the index is the weighted mean).
    """
    g = p.need_weight_base + p.need_autonomy_amplification * aut
    return (aut + g * (comp + rel)) / (1.0 + 2.0 * g)  # weights 1 + g + g: the mean


def need_fulfilment(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Update the three needs from school and from outside school (SDT, brief section 2).

    School needs follow the climate, the teacher's control (which frustrates autonomy
    most), the student's fit and effort, the week's events and peers; they hold still in
    holidays. Outside needs follow outside events, are raised by an attractive outside
    alternative (pull) and lowered by stress (push). Coach needs are set by
    :func:`coach_relationship`. Students who have left are handled by
    :func:`leaving_and_after`.
    """
    E = w.enrolled
    school = E & w.week.school_week
    fr = p.control_need_frustration * s.teacher_control
    ev = s.event_school - NEUTRAL
    aut = (
        p.school_autonomy_base
        + p.school_autonomy_climate_weight * s.climate
        - fr
        + p.school_autonomy_event_weight * ev
    )
    comp = (
        p.school_competence_base
        + p.school_competence_fit_weight * s.fit_seen
        + p.school_competence_effort_weight * (s.time_investment - NEUTRAL)
        + p.school_competence_event_weight * ev
        - p.school_competence_control_share * fr
    )
    rel = (
        p.school_relatedness_base
        + d.peer_relatedness
        + p.school_relatedness_event_weight * ev
        - p.school_relatedness_control_share * fr
    )
    for name, target in (("aut_school", aut), ("comp_school", comp), ("rel_school", rel)):
        relax(s[name], np.clip(target, 0, 1), p.need_rate, school)

    eo = s.event_outside - NEUTRAL
    aut = (
        p.outside_autonomy_base
        + p.outside_autonomy_pull_weight * d.pull
        + p.outside_autonomy_event_weight * eo
        - p.outside_autonomy_stress_weight * d.stress
    )
    comp = (
        p.outside_competence_base
        + p.outside_competence_pull_weight * d.pull
        + p.outside_competence_event_weight * eo
        - p.outside_competence_stress_weight * d.stress
    )
    rel = (
        p.outside_relatedness_base
        + p.outside_relatedness_event_weight * eo
        - p.outside_relatedness_stress_weight * d.stress
    )
    for name, target in (("aut_outside", aut), ("comp_outside", comp), ("rel_outside", rel)):
        relax(s[name], np.clip(target, 0, 1), p.need_rate, E)


def wellbeing_target(
    s: StudentArrays, p: SimpleNamespace, d: Drivers, rows: np.ndarray | slice = _ALL
) -> np.ndarray:
    """Wellbeing set point: need fulfilment and a personal set point.

    Need fulfilment from school, outside (equal weight by default) and coach, plus
    ``wellbeing_set_point`` times the student's disposition (its starting deviation).
    """

    def index(source: str) -> np.ndarray:
        return need_index(
            p, s[f"aut_{source}"][rows], s[f"comp_{source}"][rows], s[f"rel_{source}"][rows]
        )

    n_school, n_out, n_coach = index("school"), index("outside"), index("coach")
    combined = (
        p.wellbeing_school_weight * n_school
        + p.wellbeing_outside_weight * n_out
        + p.wellbeing_coach_weight * n_coach
    )
    needs = p.wellbeing_base + p.wellbeing_need_gain * combined
    # A personal set point: part of how well a student felt at the start stays.
    personal = p.wellbeing_set_point * s.wellbeing_disposition[rows]
    return np.clip(needs + personal + d.wellbeing[rows], 0, 1)


class NeedFulfilment(Mechanism):
    """The three needs from school and from outside school (SDT)."""

    name = "need_fulfilment"
    kind = "core"
    switchable = False
    title = "The three needs from school and from outside school (SDT)"
    source = "brief section 2"
    params = PARAMS
    states = STATES
    update = staticmethod(need_fulfilment)
    fused = _kernels.Fused("needs", "need_fulfilment")
