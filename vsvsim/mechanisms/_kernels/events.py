"""Fused kernel of :func:`vsvsim.mechanisms.events.events`."""

from __future__ import annotations

from vsvsim.mechanisms._kernels.common import HALF, at, clip01, f32, fp_all, need_index, njit
from vsvsim.mechanisms.events import TYPICAL_STRESS

__all__ = ["events"]

_STRESS = f32(TYPICAL_STRESS)


@njit
def _events(
    n, school_week, enrolled, out, z_school, z_outside, u_life, u_abrupt, z_stress,
    fit_seen, comp_s, aut_o, comp_o, rel_o, vulnerability, internship_failed, stress_base,
    stress, event_school, event_outside, life_event, d_abrupt, d_crisis,
    volatility, life_rate, noise, fit_w, comp_w, need_w, stress_w, base_factor, vuln_gain,
    crisis_event, crisis_shock, recovery, failed_event, abrupt_p, g_base, g_amp,
):  # fmt: skip
    for i in range(n):
        e = enrolled[i]
        if e and school_week:
            e_s = (
                HALF
                + at(fit_w, i) * (fit_seen[i] - HALF)
                + at(comp_w, i) * (comp_s[i] - HALF)
                + at(noise, i) * z_school[i]
            )
            event_school[i] = clip01(e_s)
        else:
            event_school[i] = HALF
        n_out = need_index(at(g_base, i), at(g_amp, i), aut_o[i], comp_o[i], rel_o[i])
        e_o = (
            HALF
            + at(need_w, i) * (n_out - HALF)
            - at(stress_w, i) * (stress[i] - _STRESS)
            + at(noise, i) * z_outside[i]
        )
        event_outside[i] = clip01(e_o)
        crisis = e and u_life[i] < at(life_rate, i) * (
            at(base_factor, i) + at(vuln_gain, i) * vulnerability[i]
        )
        no_place = e and internship_failed[i]
        life_event[i] = crisis
        if no_place:
            event_school[i] = at(failed_event, i)
        if crisis:
            event_outside[i] = at(crisis_event, i)
        if e or out[i]:
            x = stress[i]
            x = x + at(recovery, i) * (stress_base[i] - x)
            stress[i] = clip01(x + at(volatility, i) * z_stress[i])
        if crisis:
            stress[i] = clip01(stress[i] + at(crisis_shock, i))
        d_abrupt[i] = (crisis or no_place) and u_abrupt[i] < at(abrupt_p, i)
        d_crisis[i] = crisis


def events(s, p, w, d) -> None:
    """Fused :func:`vsvsim.mechanisms.events.events`."""
    n, r = s.n, w.draws
    _events(
        n, bool(w.week.school_week), w.enrolled, w.out, r.z_school, r.z_outside, r.u_life,
        r.u_abrupt, r.z_stress, s.fit_seen, s.comp_school, s.aut_outside, s.comp_outside,
        s.rel_outside, s.vulnerability, s.internship_failed, s.stress_base, s.stress,
        s.event_school, s.event_outside, s.life_event, d.abrupt, d.crisis,
        *fp_all(p, n, "stress_volatility", "life_event_rate", "event_noise",
                "school_event_fit_weight", "school_event_competence_weight",
                "outside_event_need_weight", "outside_event_stress_weight",
                "life_event_base_factor", "life_event_vulnerability_gain",
                "crisis_outside_event", "crisis_stress_shock", "stress_recovery_rate",
                "failed_internship_event", "abrupt_exit_probability", "need_weight_base",
                "need_autonomy_amplification"),
    )  # fmt: skip
