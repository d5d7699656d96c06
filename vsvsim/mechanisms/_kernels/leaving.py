"""Fused kernels of :mod:`vsvsim.mechanisms.leaving` (mechanism 9 and the exits)."""

from __future__ import annotations

import numpy as np

from vsvsim.core.state import Status
from vsvsim.mechanisms._kernels.common import F1, at, f32, fp_all, need_index, njit, sigmoid
from vsvsim.mechanisms._kernels.integrate import WELLBEING_PARAMS, wellbeing_target
from vsvsim.mechanisms._kernels.small import readiness
from vsvsim.mechanisms.leaving import (
    AFTER_NEITHER,
    AFTER_WORK,
    EXPECTED_BASE_COMMITMENT,
    PULL_NORMALISER,
    ROUTE_ABRUPT,
    ROUTE_GRADUAL,
    leaver_chance_by_state,
)

__all__ = ["exits", "leaving_and_after"]

_THIRD = f32(3.0)
_PULL = f32(PULL_NORMALISER)
_EXPECTED = f32(EXPECTED_BASE_COMMITMENT)
_LEFT, _SWITCHED = Status.LEFT, Status.SWITCHED


@njit(inline="always")
def _school_need_after(x, left, switcher, decline, decay, recovery, level):
    """A need at school after leaving: declines for a school leaver, recovers for a switcher."""
    if left:
        x = x - decline - decay * x
    if switcher:
        x = x + recovery * (level - x)
    return x


@njit(inline="always")
def _outside_need_after(x, leaver, switcher, working, decline, recovery, level, work_k, work_l):
    """A need outside school after leaving: declines, recovers, or follows work."""
    if leaver:
        x = x - decline
    if switcher:
        x = x + recovery * (level - x)
    if working:
        x = x + work_k * (work_l - x)  # work fulfils needs
    return x


@njit
def _leaving_and_after(
    n, enrolled, out, u_job, status, after_status, general_slow, wellbeing,
    aut_s, comp_s, rel_s, aut_o, comp_o, rel_o, aut_c, comp_c, rel_c, disposition,
    d_wellbeing, stress,
    memory_rate, find_rate, market, find_base, coach_effect, loss_rate, decline, school_decay,
    recovery, switcher_level, work_rate, work_level, creep, wellbeing_rate,
    g_base, g_amp, w_school, w_out, w_coach, wb_base, wb_gain, set_point,
):  # fmt: skip
    for i in range(n):
        gb, ga = at(g_base, i), at(g_amp, i)
        if enrolled[i]:
            general = (
                wellbeing[i]
                + need_index(gb, ga, aut_o[i], comp_o[i], rel_o[i])
                + need_index(gb, ga, aut_s[i], comp_s[i], rel_s[i])
            ) / _THIRD
            general_slow[i] += at(memory_rate, i) * (general - general_slow[i])
        if not out[i]:
            continue
        # Work: found (more in a tight labour market, with competence outside school and a
        # coach's competence support) or lost.
        find = at(find_rate, i) * _PULL * at(market, i)
        find = find * (at(find_base, i) + comp_o[i])
        find = find * (F1 + at(coach_effect, i) * comp_c[i])
        u = u_job[i]
        if after_status[i] == AFTER_WORK:
            after = AFTER_NEITHER if u < at(loss_rate, i) else AFTER_WORK
        else:
            after = AFTER_WORK if u < find else AFTER_NEITHER
        after_status[i] = after
        working = after == AFTER_WORK
        left = status[i] == _LEFT
        leaver = not working and left
        switcher = not working and status[i] == _SWITCHED
        k, level = at(recovery, i), at(switcher_level, i)
        # Written out need by need: a loop over a tuple of the three arrays compiles, but
        # its writes did not reach the arrays.
        decline_i, decay_i = at(decline, i), at(school_decay, i)
        aut_s[i] = _school_need_after(aut_s[i], left, switcher, decline_i, decay_i, k, level)
        comp_s[i] = _school_need_after(comp_s[i], left, switcher, decline_i, decay_i, k, level)
        rel_s[i] = _school_need_after(rel_s[i], left, switcher, decline_i, decay_i, k, level)
        work_k, work_l = at(work_rate, i), at(work_level, i)
        aut_o[i] = _outside_need_after(
            aut_o[i], leaver, switcher, working, decline_i, k, level, work_k, work_l
        )
        comp_o[i] = _outside_need_after(
            comp_o[i], leaver, switcher, working, decline_i, k, level, work_k, work_l
        )
        rel_o[i] = _outside_need_after(
            rel_o[i], leaver, switcher, working, decline_i, k, level, work_k, work_l
        )
        if leaver:
            stress[i] += at(creep, i)
        target = wellbeing_target(
            aut_s[i], comp_s[i], rel_s[i], aut_o[i], comp_o[i], rel_o[i], aut_c[i], comp_c[i],
            rel_c[i], disposition[i], d_wellbeing[i], gb, ga, at(w_school, i), at(w_out, i),
            at(w_coach, i), at(wb_base, i), at(wb_gain, i), at(set_point, i),
        )  # fmt: skip
        wb = wellbeing[i]
        wellbeing[i] = wb + at(wellbeing_rate, i) * (target - wb)


def leaving_and_after(s, p, w, d) -> None:
    """Fused :func:`vsvsim.mechanisms.leaving.leaving_and_after`."""
    d.leaver_chance = lambda rows: leaver_chance_by_state(s, p, d, rows)
    n = s.n
    _leaving_and_after(
        n, w.enrolled, w.out, w.draws.u_job, s.status, s.after_status, s.general_slow,
        s.wellbeing, s.aut_school, s.comp_school, s.rel_school, s.aut_outside,
        s.comp_outside, s.rel_outside, s.aut_coach, s.comp_coach, s.rel_coach,
        s.wellbeing_disposition, d.wellbeing, s.stress,
        *fp_all(p, n, "general_memory_rate", "job_finding_rate", "labour_market_pull",
                "job_finding_base_factor", "coach_job_finding_effect", "job_loss_rate",
                "post_leave_decline", "school_need_decay_after_leaving",
                "switcher_recovery_rate", "switcher_need_level", "work_need_rate",
                "work_need_level", "leaver_stress_creep", "wellbeing_rate"),
        *fp_all(p, n, *WELLBEING_PARAMS),
    )  # fmt: skip


@njit
def _leaving(
    n, school_week, enrolled, abrupt_exits, u_leave, d_abrupt, commitment, time, confidence,
    base_commitment, gradual, leaving,
    relative, w_commitment, w_time, w_confidence, threshold, hazard_max, steepness,
    holiday_factor,
):  # fmt: skip
    for i in range(n):
        if not enrolled[i]:
            gradual[i] = False
            leaving[i] = False
            continue
        # Readiness is weighed partly against what the student expected (base commitment).
        expected = at(relative, i) * at(w_commitment, i) * (base_commitment[i] - _EXPECTED)
        ready = readiness(
            commitment[i],
            time[i],
            confidence[i],
            at(w_commitment, i),
            at(w_time, i),
            at(w_confidence, i),
        )
        gap = at(threshold, i) - (ready - expected)
        hazard = at(hazard_max, i) * sigmoid(at(steepness, i) * gap)
        if not school_week:
            hazard = hazard * at(holiday_factor, i)
        g = u_leave[i] < hazard
        gradual[i] = g
        leaving[i] = g or (d_abrupt[i] and abrupt_exits)


def exits(s, p, w, d) -> np.ndarray:
    """Fused :func:`vsvsim.mechanisms.leaving.exits`.

    The hazard over all rows in one pass; an exit filter (``d.exit_filter``, the
    qualification duty) on the masks; the bookkeeping on the few leavers' rows.
    """
    n, r = s.n, w.draws
    gradual = np.empty(n, dtype=bool)
    leaving = np.empty(n, dtype=bool)
    _leaving(
        n, bool(w.week.school_week), w.enrolled, bool(d.abrupt_exits), r.u_leave, d.abrupt,
        s.commitment, s.time_investment, s.confidence, s.base_commitment, gradual, leaving,
        *fp_all(p, n, "leave_relative_weight", "readiness_commitment_weight",
                "readiness_time_weight", "readiness_confidence_weight", "leave_threshold",
                "leave_hazard_max", "leave_steepness", "holiday_hazard_factor"),
    )  # fmt: skip
    if d.exit_filter is not None:
        # The rule between wanting to stop and leaving (the qualification duty) takes the
        # masks the reference gives it (abrupt: enrolled, flagged, not gradual).
        gradual, abrupt = d.exit_filter(gradual, leaving & ~gradual)
        leaving = gradual | abrupt
    rows = np.flatnonzero(leaving)
    if rows.size:
        leaver = r.u_route[rows] < d.leaver_chance(rows)
        s.status[rows] = np.where(leaver, Status.LEFT, Status.SWITCHED)
        first = rows[s.first_exit[rows] == 0]
        s.first_exit[first] = s.status[first]
        s.left_week[first] = w.week.index
        s.absence_at_exit[first] = s.absence[first]
        g = gradual[first]
        s.exit_route[first[g]] = ROUTE_GRADUAL
        s.exit_route[first[~g]] = ROUTE_ABRUPT
    return leaving
