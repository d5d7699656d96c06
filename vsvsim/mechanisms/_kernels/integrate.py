"""Fused kernel of :func:`vsvsim.mechanisms.integrate.integrate` (and the wellbeing set point)."""

from __future__ import annotations

from vsvsim.mechanisms._kernels.common import (
    F0,
    F1,
    HALF,
    at,
    clip01,
    f32,
    fp_all,
    need_index,
    njit,
)
from vsvsim.mechanisms.confidence import TYPICAL_CONFIDENCE
from vsvsim.mechanisms.integrate import TIME_REFERENCE_COMMITMENT

__all__ = ["WELLBEING_PARAMS", "integrate", "wellbeing_target"]

_CONF = f32(TYPICAL_CONFIDENCE)
_TIME_REF = f32(TIME_REFERENCE_COMMITMENT)

#: The parameters of the wellbeing set point, in the order :func:`wellbeing_target` takes
#: them (after the row's states).
WELLBEING_PARAMS = (
    "need_weight_base", "need_autonomy_amplification", "wellbeing_school_weight",
    "wellbeing_outside_weight", "wellbeing_coach_weight", "wellbeing_base",
    "wellbeing_need_gain", "wellbeing_set_point",
)  # fmt: skip


@njit(inline="always")
def wellbeing_target(
    aut_s, comp_s, rel_s, aut_o, comp_o, rel_o, aut_c, comp_c, rel_c, disposition,
    d_wellbeing, g_base, g_amp, w_school, w_out, w_coach, wb_base, wb_gain, set_point,
):  # fmt: skip
    """:func:`vsvsim.mechanisms.needs.wellbeing_target` for one row (all arguments scalars).

    Scalars, not the arrays and a row index: passing arrays into a function costs a
    reference-count update per array per call, several times the arithmetic here.
    """
    combined = (
        w_school * need_index(g_base, g_amp, aut_s, comp_s, rel_s)
        + w_out * need_index(g_base, g_amp, aut_o, comp_o, rel_o)
        + w_coach * need_index(g_base, g_amp, aut_c, comp_c, rel_c)
    )
    needs = wb_base + wb_gain * combined
    personal = set_point * disposition
    return clip01(needs + personal + d_wellbeing)


@njit
def _integrate(
    n, school_week, enrolled, z_commit, z_time, u_attend,
    commitment, time, wellbeing, absence, instability, attended,
    base_commitment, confidence, aut_s, comp_s, rel_s, aut_o, comp_o, rel_o,
    aut_c, comp_c, rel_c, disposition, d_commit, d_time, d_noise, d_wellbeing,
    commitment_rate, time_rate, wellbeing_rate, state_noise, c_need_w, c_conf_w,
    t_base, t_aut_w, t_conf_w, t_commit_w, t_noise_f, att_base, att_gain, absence_rate,
    inst_gain, inst_rate,
    g_base, g_amp, w_school, w_out, w_coach, wb_base, wb_gain, set_point,
):  # fmt: skip
    for i in range(n):
        e = enrolled[i]
        if not e:
            attended[i] = False
            continue
        school = school_week
        c_old = commitment[i]
        t_old = time[i]
        if school:
            n_school = need_index(at(g_base, i), at(g_amp, i), aut_s[i], comp_s[i], rel_s[i])
            c_star = (
                base_commitment[i]
                + at(c_need_w, i) * (n_school - HALF)
                + at(c_conf_w, i) * (confidence[i] - _CONF)
                + d_commit[i]
            )
            t_star = (
                at(t_base, i)
                + at(t_aut_w, i) * (aut_s[i] - HALF)
                + at(t_conf_w, i) * (confidence[i] - _CONF)
                + at(t_commit_w, i) * (base_commitment[i] - _TIME_REF)
                + d_time[i]
            )
            sd = at(state_noise, i) * d_noise[i]
            c_new = c_old + at(commitment_rate, i) * (clip01(c_star) - c_old) + sd * z_commit[i]
            t_new = (
                t_old
                + at(time_rate, i) * (clip01(t_star) - t_old)
                + at(t_noise_f, i) * sd * z_time[i]
            )
            commitment[i] = clip01(c_new)
            time[i] = clip01(t_new)
        target = wellbeing_target(
            aut_s[i], comp_s[i], rel_s[i], aut_o[i], comp_o[i], rel_o[i], aut_c[i], comp_c[i],
            rel_c[i], disposition[i], d_wellbeing[i], at(g_base, i), at(g_amp, i), at(w_school, i),
            at(w_out, i), at(w_coach, i), at(wb_base, i), at(wb_gain, i), at(set_point, i),
        )  # fmt: skip
        wb = wellbeing[i]
        wellbeing[i] = clip01(wb + at(wellbeing_rate, i) * (target - wb))
        if school:
            attend = u_attend[i] < clip01(at(att_base, i) + at(att_gain, i) * time[i])
            attended[i] = attend
            a = absence[i]
            absent = F0 if attend else F1
            absence[i] = a + at(absence_rate, i) * (absent - a)
            change = at(inst_gain, i) * (abs(commitment[i] - c_old) + abs(time[i] - t_old))
            x = instability[i]
            instability[i] = x + at(inst_rate, i) * (clip01(change) - x)
        else:
            attended[i] = True


def integrate(s, p, w, d) -> None:
    """Fused :func:`vsvsim.mechanisms.integrate.integrate`."""
    n, r = s.n, w.draws
    _integrate(
        n, bool(w.week.school_week), w.enrolled, r.z_commit, r.z_time, r.u_attend,
        s.commitment, s.time_investment, s.wellbeing, s.absence, s.instability, s.attended,
        s.base_commitment, s.confidence, s.aut_school, s.comp_school, s.rel_school,
        s.aut_outside, s.comp_outside, s.rel_outside, s.aut_coach, s.comp_coach, s.rel_coach,
        s.wellbeing_disposition, d.commit, d.time, d.noise, d.wellbeing,
        *fp_all(p, n, "commitment_rate", "time_rate", "wellbeing_rate", "state_noise",
                "commitment_need_weight", "commitment_confidence_weight",
                "time_set_point_base", "time_autonomy_weight", "time_confidence_weight",
                "time_commitment_weight", "time_noise_factor", "attendance_base",
                "attendance_time_gain", "absence_memory_rate", "instability_gain",
                "instability_memory_rate"),
        *fp_all(p, n, *WELLBEING_PARAMS),
    )  # fmt: skip
