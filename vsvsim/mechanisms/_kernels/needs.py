"""Fused kernel of :func:`vsvsim.mechanisms.needs.need_fulfilment`."""

from __future__ import annotations

from vsvsim.mechanisms._kernels.common import HALF, at, clip01, fp_all, njit

__all__ = ["need_fulfilment"]


@njit
def _need_fulfilment(
    n, school_week, enrolled, teacher_control, event_school, climate, fit_seen, time,
    event_outside, d_peer_rel, d_pull, d_stress,
    aut_s, comp_s, rel_s, aut_o, comp_o, rel_o,
    rate, frustration, sa_base, sa_climate, sa_event, sc_base, sc_fit, sc_effort, sc_event,
    sc_control, sr_base, sr_event, sr_control, oa_base, oa_pull, oa_event, oa_stress,
    oc_base, oc_pull, oc_event, oc_stress, or_base, or_event, or_stress,
):  # fmt: skip
    for i in range(n):
        if not enrolled[i]:
            continue
        k = at(rate, i)
        if school_week:
            fr = at(frustration, i) * teacher_control[i]
            ev = event_school[i] - HALF
            aut = at(sa_base, i) + at(sa_climate, i) * climate[i] - fr + at(sa_event, i) * ev
            comp = (
                at(sc_base, i)
                + at(sc_fit, i) * fit_seen[i]
                + at(sc_effort, i) * (time[i] - HALF)
                + at(sc_event, i) * ev
                - at(sc_control, i) * fr
            )
            rel = at(sr_base, i) + d_peer_rel[i] + at(sr_event, i) * ev - at(sr_control, i) * fr
            aut_s[i] += k * (clip01(aut) - aut_s[i])
            comp_s[i] += k * (clip01(comp) - comp_s[i])
            rel_s[i] += k * (clip01(rel) - rel_s[i])
        eo = event_outside[i] - HALF
        pull, stress = d_pull[i], d_stress[i]
        aut = (
            at(oa_base, i)
            + at(oa_pull, i) * pull
            + at(oa_event, i) * eo
            - at(oa_stress, i) * stress
        )
        comp = (
            at(oc_base, i)
            + at(oc_pull, i) * pull
            + at(oc_event, i) * eo
            - at(oc_stress, i) * stress
        )
        rel = at(or_base, i) + at(or_event, i) * eo - at(or_stress, i) * stress
        aut_o[i] += k * (clip01(aut) - aut_o[i])
        comp_o[i] += k * (clip01(comp) - comp_o[i])
        rel_o[i] += k * (clip01(rel) - rel_o[i])


def need_fulfilment(s, p, w, d) -> None:
    """Fused :func:`vsvsim.mechanisms.needs.need_fulfilment`."""
    n = s.n
    _need_fulfilment(
        n, bool(w.week.school_week), w.enrolled, s.teacher_control, s.event_school, s.climate,
        s.fit_seen, s.time_investment, s.event_outside, d.peer_relatedness, d.pull, d.stress,
        s.aut_school, s.comp_school, s.rel_school, s.aut_outside, s.comp_outside,
        s.rel_outside,
        *fp_all(p, n, "need_rate", "control_need_frustration", "school_autonomy_base",
                "school_autonomy_climate_weight", "school_autonomy_event_weight",
                "school_competence_base", "school_competence_fit_weight",
                "school_competence_effort_weight", "school_competence_event_weight",
                "school_competence_control_share", "school_relatedness_base",
                "school_relatedness_event_weight", "school_relatedness_control_share",
                "outside_autonomy_base", "outside_autonomy_pull_weight",
                "outside_autonomy_event_weight", "outside_autonomy_stress_weight",
                "outside_competence_base", "outside_competence_pull_weight",
                "outside_competence_event_weight", "outside_competence_stress_weight",
                "outside_relatedness_base", "outside_relatedness_event_weight",
                "outside_relatedness_stress_weight"),
    )  # fmt: skip
