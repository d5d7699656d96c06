"""Integration (core): commitment, time investment and wellbeing move towards their set points."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from vsvsim.core.module import Channel, Draw
from vsvsim.core.params import Param
from vsvsim.core.state import UNIT, StateVar, StudentArrays
from vsvsim.mechanisms import _kernels
from vsvsim.mechanisms.base import Drivers, F, Mechanism, WeekInputs, put, relax
from vsvsim.mechanisms.confidence import TYPICAL_CONFIDENCE
from vsvsim.mechanisms.needs import NEUTRAL, need_index, wellbeing_target

#: Typical time investment (its starting default), around which its effects are measured
#: (centring; also used by mechanisms 1 and 2).
TYPICAL_TIME_INVESTMENT = 0.6
#: Base commitment at which it neither raises nor lowers the time-investment set point
#: (centring).
TIME_REFERENCE_COMMITMENT = 0.6

# fmt: off
PARAMS = (
    Param("commitment_rate", "dynamics", 0.08, 0.01, 1.0, unit="per week",
          doc="Speed at which commitment follows its drivers"),
    Param("time_rate", "dynamics", 0.25, 0.01, 1.0, unit="per week",
          doc="Speed at which time investment follows its drivers"),
    Param("wellbeing_rate", "dynamics", 0.15, 0.01, 1.0, unit="per week",
          doc="Speed at which wellbeing follows need fulfilment"),
    Param("wellbeing_set_point", "dynamics", 0.999, 0.0, 1.0, unit="share",
          source="set-point theory of subjective wellbeing (Diener, Lucas & Scollon 2006); "
                 "value fitted (docs/calibration.md)",
          doc="Share of a student's starting wellbeing deviation that stays as a personal set "
              "point (0: wellbeing follows need fulfilment only)",
          fit=(0.0, 1.0),
          fixed="Morris screening: moves no fit target by a scale unit (mu* 0.55)"),
    Param("state_noise", "dynamics", 0.00681, 0.0, 0.2, source="fitted (docs/calibration.md)",
          unit="0-1",
          doc="Week-to-week noise on commitment and time investment",
          fit=(0.005, 0.03)),
    Param("commitment_need_weight", "dynamics", 0.3, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Shift of the commitment set point per unit of school need fulfilment "
              "(around the midpoint)"),
    Param("commitment_confidence_weight", "dynamics", 0.15, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Shift of the commitment set point per unit of confidence (around its typical "
              "level)"),
    Param("time_set_point_base", "dynamics", 0.68, 0.0, 1.0, unit="0-1",
          doc="Time-investment set point of a typical student before the mechanisms' drivers"),
    Param("time_autonomy_weight", "dynamics", 0.25, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Shift of the time-investment set point per unit of autonomy at school "
              "(intrinsic motivation)"),
    Param("time_confidence_weight", "dynamics", 0.15, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Shift of the time-investment set point per unit of confidence"),
    Param("time_commitment_weight", "dynamics", 0.2, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Shift of the time-investment set point per unit of the commitment the "
              "student brought"),
    Param("time_noise_factor", "dynamics", 2.0, 0.0, 5.0, unit="x state_noise",
          doc="Noise on time investment relative to the noise on commitment"),
    Param("attendance_base", "dynamics", 0.25, 0.0, 1.0, unit="probability",
          doc="Weekly chance of attending at zero time investment"),
    Param("attendance_time_gain", "dynamics", 0.8, 0.0, 2.0, unit="probability per 0-1",
          doc="Rise of the weekly chance of attending per unit of time investment"),
    Param("absence_memory_rate", "dynamics", 0.15, 0.01, 1.0, unit="per week",
          doc="Rate of the running mean of absence (recent share of weeks absent)"),
    Param("instability_gain", "dynamics", 5.0, 0.0, 15.0, unit="x weekly change",
          doc="Instability per unit of week-to-week change in commitment and time investment"),
    Param("instability_memory_rate", "dynamics", 0.2, 0.01, 1.0, unit="per week",
          doc="Rate of the running mean of instability"),
)
# fmt: on

# fmt: off
STATES = (
    StateVar("commitment", "float32", 0.6, *UNIT,
             "commitment to the programme (happy with choice; programme fits me)"),
    StateVar("time_investment", "float32", 0.6, *UNIT,
             "time investment / participation (hours, attendance, effort)"),
    StateVar("wellbeing", "float32", 0.6, *UNIT, "wellbeing"),
    StateVar("instability", "float32", 0.0, *UNIT, "recent week-to-week fluctuation"),
    StateVar("absence", "float32", 0.0, *UNIT, "recent share of weeks absent"),
    StateVar("attended", "bool", True, None, None, "attended school or internship this week",
             "event"),
)
# fmt: on


def integrate(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Move commitment, time investment and wellbeing towards their set points.

    Commitment's set point is the commitment the student brought, shifted by school need
    fulfilment, confidence and the mechanisms' drivers; time investment's by school
    autonomy (intrinsic motivation), confidence and drivers. Both change only in school
    weeks. Wellbeing follows need fulfilment from school, outside and the coach (outside
    counts as much as school). Attendance is drawn from time investment; absence and
    instability are running averages.
    """
    r = w.draws
    E = w.enrolled
    school = E & w.week.school_week
    n_school = need_index(p, s.aut_school, s.comp_school, s.rel_school)
    c_star = (
        s.base_commitment
        + p.commitment_need_weight * (n_school - NEUTRAL)
        + p.commitment_confidence_weight * (s.confidence - TYPICAL_CONFIDENCE)
        + d.commit
    )
    t_star = (
        p.time_set_point_base
        + p.time_autonomy_weight * (s.aut_school - NEUTRAL)
        + p.time_confidence_weight * (s.confidence - TYPICAL_CONFIDENCE)
        + p.time_commitment_weight * (s.base_commitment - TIME_REFERENCE_COMMITMENT)
        + d.time
    )
    c_old, t_old = s.commitment.copy(), s.time_investment.copy()
    sd = p.state_noise * d.noise
    c_new = c_old + p.commitment_rate * (np.clip(c_star, 0, 1) - c_old) + sd * r.z_commit
    t_new = (
        t_old + p.time_rate * (np.clip(t_star, 0, 1) - t_old) + p.time_noise_factor * sd * r.z_time
    )
    put(s.commitment, np.clip(c_new, 0, 1), school)
    put(s.time_investment, np.clip(t_new, 0, 1), school)

    wb_new = s.wellbeing + p.wellbeing_rate * (wellbeing_target(s, p, d) - s.wellbeing)
    put(s.wellbeing, np.clip(wb_new, 0, 1), E)

    attend = school & (
        r.u_attend < np.clip(p.attendance_base + p.attendance_time_gain * s.time_investment, 0, 1)
    )
    s.attended = attend | (E & (not w.week.school_week))
    if w.week.school_week:
        relax(s.absence, (~attend).astype(F), p.absence_memory_rate, E)
    change = p.instability_gain * (np.abs(s.commitment - c_old) + np.abs(s.time_investment - t_old))
    relax(s.instability, np.clip(change, 0, 1), p.instability_memory_rate, school)


class Integrate(Mechanism):
    """Commitment, time investment and wellbeing move towards their set points; attendance."""

    name = "integrate"
    kind = "core"
    switchable = False
    title = "Commitment, time investment and wellbeing move towards their set points; attendance"
    source = "UCA ch. 3"
    params = PARAMS
    states = STATES
    draws = (
        Draw("noise", "z_commit", "normal"),
        Draw("noise", "z_time", "normal"),
        Draw("attendance", "u_attend"),
    )
    channels = (
        # A shift below -1 only saturates (commitment is clipped at 0): a student who has
        # realised the misfit, with the spiral turning down too, reaches about -1.2 at the
        # fitted strengths; the range check flags what lies beyond.
        Channel("commit", low=-1.5, meaning="shift of the commitment set point"),
        Channel("time", meaning="shift of the time-investment set point"),
        Channel("wellbeing", meaning="shift of the wellbeing set point"),
    )
    update = staticmethod(integrate)
    fused = _kernels.Fused("integrate", "integrate")
