"""Need fulfilment (core): autonomy, competence and relatedness from school and outside."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from vsvsim.core.params import Param
from vsvsim.core.state import UNIT, StateVar, StudentArrays
from vsvsim.mechanisms.base import Drivers, Mechanism, WeekInputs, relax

_ALL = slice(None)
#: The middle of every 0-1 scale: the neutral valence of an event, and the level around
#: which a 0-1 state's effect is measured (centring).
NEUTRAL = 0.5

# fmt: off
PARAMS = (
    Param("need_rate", "dynamics", 0.35, 0.01, 1.0, unit="per week",
          doc="Speed at which need fulfilment follows the week's circumstances"),
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


def need_index(aut: np.ndarray, comp: np.ndarray, rel: np.ndarray) -> np.ndarray:
    """Combined need fulfilment from one source, on 0-1.

    Autonomy amplifies the other two needs (brief section 2: support for competence and
    relatedness works best when autonomy is supported too): competence and relatedness
    count with weight ``g = 0.5 + 0.5 * autonomy``.
    """
    g = 0.5 + 0.5 * aut
    return (aut + g * (comp + rel)) / (1.0 + 2.0 * g)


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
    ev = s.event_school - 0.5
    aut = 0.3 + 0.45 * s.climate - fr + 0.3 * ev
    comp = 0.15 + 0.55 * s.fit_seen + 0.2 * (s.time_investment - 0.5) + 0.35 * ev - 0.5 * fr
    rel = 0.5 + d.peer_relatedness + 0.3 * ev - 0.3 * fr
    for name, target in (("aut_school", aut), ("comp_school", comp), ("rel_school", rel)):
        relax(s[name], np.clip(target, 0, 1), p.need_rate, school)

    eo = s.event_outside - 0.5
    aut = 0.55 + 0.25 * d.pull + 0.3 * eo - 0.3 * d.stress
    comp = 0.5 + 0.2 * d.pull + 0.3 * eo - 0.3 * d.stress
    rel = 0.6 + 0.3 * eo - 0.4 * d.stress
    for name, target in (("aut_outside", aut), ("comp_outside", comp), ("rel_outside", rel)):
        relax(s[name], np.clip(target, 0, 1), p.need_rate, E)


def wellbeing_target(
    s: StudentArrays, p: SimpleNamespace, d: Drivers, rows: np.ndarray | slice = _ALL
) -> np.ndarray:
    """Wellbeing set point: need fulfilment and a personal set point.

    Need fulfilment from school, outside (equal weight) and coach, plus
    ``wellbeing_set_point`` times the student's disposition (its starting deviation).
    """

    def index(source: str) -> np.ndarray:
        return need_index(
            s[f"aut_{source}"][rows], s[f"comp_{source}"][rows], s[f"rel_{source}"][rows]
        )

    n_school, n_out, n_coach = index("school"), index("outside"), index("coach")
    needs = 0.1 + 0.85 * (0.45 * n_school + 0.45 * n_out + 0.1 * n_coach)
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
