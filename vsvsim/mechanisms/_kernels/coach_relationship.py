"""Fused kernel of :func:`vsvsim.mechanisms.coach_relationship.coach_relationship`."""

from __future__ import annotations

from vsvsim.mechanisms._kernels.common import F0, F1, HALF, at, clip01, f32, fp_all, njit
from vsvsim.mechanisms.coach_relationship import (
    CONFRONTING,
    INVOLVING_ENVIRONMENT,
    LOW_THRESHOLD_CONTACT,
)

__all__ = ["coach_relationship"]

_THIRD = f32(3.0)


@njit(inline="always")
def action_fit(
    action, time, wellbeing, stress, bond, competence, commitment, confidence,
    confront_t, confront_g, emotional_t, emotional_g, emotional_s, contact_t, contact_g,
    environment_g, schoolwork_t, schoolwork_g, motivating_t, motivating_g, exercises_t,
    exercises_g,
):  # fmt: skip
    """The need for ``action`` (its fit), for one row.

    One column of :func:`~vsvsim.mechanisms.coach_relationship.action_needs`.
    """
    if action == 0:
        x = confront_g * (confront_t - time)
    elif action == 1:
        x = emotional_g * (emotional_t - wellbeing) + emotional_s * stress
    elif action == 2:
        x = contact_g * (contact_t - bond)
    elif action == 3:
        x = environment_g * stress
    elif action == 4:
        x = schoolwork_g * (schoolwork_t - competence)
    elif action == 5:
        x = motivating_g * (motivating_t - commitment)
    else:
        x = exercises_g * (exercises_t - confidence)
    return clip01(x)


@njit
def _coach_relationship(
    n, contact, coach_action, coach_action2, coach_contacts, z_mismatch, intended_aut,
    intended_comp, intended_rel, reception,
    time, wellbeing, comp_s, commitment, confidence,
    aut_c, comp_c, rel_c, bond, openness, stress, experienced, d_commit, d_time, d_wellbeing,
    retention, erosion, need_rate, mismatch_sd, bond_base, bond_gain, open_base, open_gain,
    fit_base, fit_gain, confront_base, confront_gain, low_factor, growth, target_base,
    target_gain, openness_rate, relief_gain, commit_effect, time_share, wellbeing_effect,
    confront_t, confront_g, emotional_t, emotional_g, emotional_s, contact_t, contact_g,
    environment_g, schoolwork_t, schoolwork_g, motivating_t, motivating_g, exercises_t,
    exercises_g, extra_weight,
):  # fmt: skip
    for i in range(n):
        # Between contacts felt support fades and the bond erodes (everyone).
        keep = at(retention, i)
        aut_c[i] *= keep
        comp_c[i] *= keep
        rel_c[i] *= keep
        bond[i] = max(bond[i] - at(erosion, i), F0)
        experienced[i] = F0
        if contact[i]:
            action = coach_action[i]
            action2 = coach_action2[i]
            b = bond[i] + at(erosion, i)  # undo this week's erosion for those seen
            fit = HALF  # a mentor's contact: no specific action
            if action >= 0:
                fit = F0
                for a in (action, action2):  # an action of two types fits if either fits
                    if a >= 0:
                        fit = max(fit, action_fit(
                            a, time[i], wellbeing[i], stress[i], b, comp_s[i], commitment[i],
                            confidence[i], at(confront_t, i), at(confront_g, i),
                            at(emotional_t, i), at(emotional_g, i), at(emotional_s, i),
                            at(contact_t, i), at(contact_g, i), at(environment_g, i),
                            at(schoolwork_t, i), at(schoolwork_g, i), at(motivating_t, i),
                            at(motivating_g, i), at(exercises_t, i), at(exercises_g, i),
                        ))  # fmt: skip
            gain = (
                (at(bond_base, i) + at(bond_gain, i) * b)
                * (at(open_base, i) + at(open_gain, i) * openness[i])
                * (at(fit_base, i) + at(fit_gain, i) * fit)
                * reception[i]
            )
            noise = at(mismatch_sd, i) * z_mismatch[i]
            # Confronting without a bond is felt as control.
            confronting = action == CONFRONTING or action2 == CONFRONTING
            control = at(confront_base, i) + at(confront_gain, i) * b if confronting else F1
            k = at(need_rate, i)
            x_aut = clip01(intended_aut[i] * gain * control + noise)
            x_comp = clip01(intended_comp[i] * gain * F1 + noise)
            x_rel = clip01(intended_rel[i] * gain * F1 + noise)
            rate = (
                at(low_factor, i) * at(growth, i)
                if action == LOW_THRESHOLD_CONTACT or action2 == LOW_THRESHOLD_CONTACT
                else at(growth, i)
            )
            o_rate = at(openness_rate, i)
            count = coach_contacts[i]
            if count > 1:  # several contacts: m contact-equivalents felt, m steps
                m = F1 + at(extra_weight, i) * (f32(count) - F1)
                x_aut = F1 - (F1 - x_aut) ** m
                x_comp = F1 - (F1 - x_comp) ** m
                x_rel = F1 - (F1 - x_rel) ** m
                rate = F1 - (F1 - rate) ** m
                o_rate = F1 - (F1 - o_rate) ** m
            old = aut_c[i] / keep
            aut_c[i] = old + k * (x_aut - old)
            old = comp_c[i] / keep
            comp_c[i] = old + k * (x_comp - old)
            old = rel_c[i] / keep
            rel_c[i] = old + k * (x_rel - old)
            experienced[i] = (x_aut + x_comp + x_rel) / _THIRD
            target = clip01(at(target_base, i) + at(target_gain, i) * aut_c[i])
            new_bond = clip01(b + rate * (target - b))
            bond[i] = new_bond
            o = openness[i]
            openness[i] = o + o_rate * (new_bond - o)
            # Involving the environment eases stress.
            if action == INVOLVING_ENVIRONMENT or action2 == INVOLVING_ENVIRONMENT:
                stress[i] -= at(relief_gain, i) * x_aut
        d_commit[i] += at(commit_effect, i) * rel_c[i]
        # A coach can also break the spiral from the participation side.
        d_time[i] += at(time_share, i) * at(commit_effect, i) * comp_c[i]
        d_wellbeing[i] += at(wellbeing_effect, i) * aut_c[i]


def coach_relationship(s, p, w, d) -> None:
    """Fused :func:`vsvsim.mechanisms.coach_relationship.coach_relationship`."""
    n = s.n
    _coach_relationship(
        n, s.contact, s.coach_action, s.coach_action2, s.coach_contacts, w.draws.z_mismatch,
        s.intended_aut, s.intended_comp, s.intended_rel, s.support_reception,
        s.time_investment, s.wellbeing, s.comp_school, s.commitment, s.confidence,
        s.aut_coach, s.comp_coach, s.rel_coach, s.bond, s.openness, s.stress,
        s.experienced_support, d.commit, d.time, d.wellbeing,
        *fp_all(p, n, "coach_support_retention", "bond_erosion", "need_rate",
                "support_mismatch_sd", "support_bond_base", "support_bond_gain",
                "support_openness_base", "support_openness_gain", "support_fit_base",
                "support_fit_gain", "confront_autonomy_base", "confront_autonomy_bond_gain",
                "low_threshold_bond_factor", "bond_growth", "bond_target_base",
                "bond_target_autonomy_gain", "openness_rate", "environment_stress_relief",
                "coach_commitment_effect", "coach_time_share", "coach_wellbeing_effect"),
        *fp_all(p, n, "confront_need_threshold", "confront_need_gain",
                "emotional_need_threshold", "emotional_need_gain",
                "emotional_need_stress_weight", "contact_need_threshold", "contact_need_gain",
                "environment_need_gain", "schoolwork_need_threshold", "schoolwork_need_gain",
                "motivating_need_threshold", "motivating_need_gain",
                "exercises_need_threshold", "exercises_need_gain",
                "coach_extra_contact_weight"),
    )  # fmt: skip
