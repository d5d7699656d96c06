"""Mechanism 2, the teacher-control loop (Jang, Kim & Reeve 2016)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from vsvsim.core.params import Param
from vsvsim.core.state import UNIT, StateVar, StudentArrays
from vsvsim.mechanisms import _kernels
from vsvsim.mechanisms.base import Drivers, Mechanism, WeekInputs, relax
from vsvsim.mechanisms.integrate import TYPICAL_TIME_INVESTMENT

# fmt: off
PARAMS = (
    Param("control_responsiveness", "strengths", 0.8, 0.0, 2.0, unit="0-1 per 0-1",
          source="Jang, Kim & Reeve 2016; value assumption",
          doc="How strongly teachers answer low engagement with control"),
    Param("control_need_frustration", "strengths", 0.5, 0.0, 1.0, unit="0-1 per 0-1",
          source="Jang, Kim & Reeve 2016; value assumption",
          doc="How much teacher control frustrates school need fulfilment"),
    Param("control_baseline", "strengths", 0.3, 0.0, 1.0, unit="0-1",
          source="Jang, Kim & Reeve 2016; value assumption",
          doc="Teacher control at typical engagement in a fully controlling climate (times "
              "1 - climate)"),
    Param("control_rate", "dynamics", 0.3, 0.01, 1.0, unit="per week",
          doc="Speed at which felt teacher control follows its set point"),
)
# fmt: on

# fmt: off
STATES = (
    StateVar("teacher_control", "float32", 0.2, *UNIT, "controlling teacher behaviour felt"),
)
# fmt: on


def teacher_control_loop(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Mechanism 2: low engagement provokes teacher control (Jang, Kim & Reeve 2016).

    Teachers answer last week's low time investment with control, the more so in a
    controlling climate; in an autonomy-supportive climate engaged students meet less
    control, which starts the need-satisfying loop. Control frustrates school needs in
    :func:`need_fulfilment`. Off: control stays at the climate's baseline, whatever the
    student does.
    """
    engagement_gap = TYPICAL_TIME_INVESTMENT - s.time_investment
    target = (1.0 - s.climate) * (p.control_baseline + p.control_responsiveness * engagement_gap)
    relax(s.teacher_control, np.clip(target, 0, 1), p.control_rate, w.enrolled & w.week.school_week)


class TeacherControlLoop(Mechanism):
    """Low engagement provokes teacher control, which frustrates needs."""

    name = "teacher_control_loop"
    number = 2
    kind = "mechanism"
    switchable = True
    title = "Low engagement provokes teacher control, which frustrates needs"
    source = "Jang, Kim & Reeve 2016 (UCA ch. 3)"
    params = PARAMS
    states = STATES
    update = staticmethod(teacher_control_loop)
    fused = _kernels.Fused("small", "teacher_control_loop")
