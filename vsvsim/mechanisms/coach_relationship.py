"""Mechanism 7, the coach relationship: bond and need support as the student experiences it."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from vsvsim.core.module import Draw
from vsvsim.core.params import Param, rows_of
from vsvsim.core.state import UNIT, StateVar, StudentArrays
from vsvsim.mechanisms import _kernels
from vsvsim.mechanisms.base import Drivers, F, Mechanism, WeekInputs
from vsvsim.mechanisms.needs import NEUTRAL

#: Action codes (positions in ``coaching.ACTIONS``) with an effect of their own here.
CONFRONTING, LOW_THRESHOLD_CONTACT, INVOLVING_ENVIRONMENT = 0, 2, 3

# fmt: off
PARAMS = (
    Param("coach_commitment_effect", "strengths", 0.378, 0.0, 1.0, unit="0-1 per 0-1",
          source="UCA ch. 5.3; value fitted (docs/calibration.md)",
          doc="Commitment (and half as much time investment) gained from the coach relationship",
          fit=(0.05, 0.6)),
    Param("support_mismatch_sd", "strengths", 0.2, 0.0, 1.0, unit="0-1",
          source="UCA ch. 5.3 (intention-experience mismatch)",
          doc="Spread between intended and experienced support"),
    Param("bond_growth", "strengths", 0.08, 0.0, 1.0, unit="per contact",
          source="UCA ch. 5.3 (trust first, care later)",
          doc="Speed at which the bond grows with each contact"),
    Param("support_bond_base", "strengths", 0.6, 0.0, 1.0, unit="x intended",
          source="UCA ch. 5.3; value assumption",
          doc="Share of the intended support that gets through with no bond (trust first, care "
              "later)"),
    Param("support_bond_gain", "strengths", 0.4, 0.0, 1.0, unit="x intended per unit bond",
          source="UCA ch. 5.3; value assumption",
          doc="Extra share of the intended support that gets through per unit of bond"),
    Param("support_openness_base", "strengths", 0.7, 0.0, 1.0, unit="x intended",
          source="UCA ch. 5.3; value assumption",
          doc="Share of the intended support that gets through from a closed student"),
    Param("support_openness_gain", "strengths", 0.3, 0.0, 1.0, unit="x intended per unit openness",
          source="UCA ch. 5.3; value assumption",
          doc="Extra share that gets through per unit of the student's openness"),
    Param("support_fit_base", "strengths", 0.7, 0.0, 1.0, unit="x intended",
          source="UCA ch. 5.3; value assumption",
          doc="Share of the intended support felt from an action that does not fit at all"),
    Param("support_fit_gain", "strengths", 0.6, 0.0, 2.0, unit="x intended per unit fit",
          source="UCA ch. 5.3; value assumption",
          doc="Extra share felt per unit of fit between the action and what the student needs"),
    Param("confront_autonomy_base", "strengths", 0.3, 0.0, 1.0, unit="x intended",
          source="UCA ch. 5.3; value assumption",
          doc="Share of intended autonomy support felt when confronting without a bond (felt as "
              "control)"),
    Param("confront_autonomy_bond_gain", "strengths", 0.7, 0.0, 1.0,
          unit="x intended per unit bond",
          source="UCA ch. 5.3; value assumption",
          doc="Extra share of autonomy support felt when confronting, per unit of bond"),
    Param("coach_support_retention", "strengths", 0.95, 0.5, 1.0, unit="share kept per week",
          source="UCA ch. 5.3; value assumption",
          doc="Share of felt coach support kept from one week to the next (it fades between "
              "contacts)"),
    Param("bond_erosion", "strengths", 0.005, 0.0, 0.05, unit="0-1 per week",
          source="UCA ch. 5.3; value assumption",
          doc="Weekly erosion of the bond (without a contact)"),
    Param("low_threshold_bond_factor", "strengths", 1.5, 1.0, 3.0, unit="x bond_growth",
          source="UCA ch. 5.3; value assumption",
          doc="Bond growth of a low-threshold contact relative to other contacts"),
    Param("bond_target_base", "strengths", 0.3, 0.0, 1.0, unit="0-1",
          source="UCA ch. 5.3; value assumption",
          doc="Bond towards which contacts move it when no autonomy support is felt"),
    Param("bond_target_autonomy_gain", "strengths", 1.2, 0.0, 3.0, unit="0-1 per 0-1",
          source="UCA ch. 5.3; value assumption",
          doc="Rise of that bond target per unit of autonomy support felt from the coach"),
    Param("openness_rate", "strengths", 0.05, 0.0, 1.0, unit="per contact",
          source="UCA ch. 5.3; value assumption",
          doc="Speed at which the student's openness follows the bond"),
    Param("environment_stress_relief", "strengths", 0.05, 0.0, 0.5, unit="0-1 per 0-1",
          source="UCA ch. 5.3; value assumption",
          doc="Outside stress relieved by involving the environment, per unit of autonomy "
              "support felt"),
    Param("coach_time_share", "strengths", 0.5, 0.0, 1.0, unit="x coach_commitment_effect",
          source="UCA ch. 5.3; value assumption",
          doc="Time investment gained per unit of felt competence support, relative to "
              "coach_commitment_effect"),
    Param("coach_wellbeing_effect", "strengths", 0.15, 0.0, 1.0, unit="0-1 per 0-1",
          source="UCA ch. 5.3; value assumption",
          doc="Wellbeing set point gained per unit of autonomy support felt from the coach"),
)
ACTION_NEED_PARAMS = (
    Param("confront_need_threshold", "coaching", 0.62, 0.0, 1.0, unit="0-1",
          doc="Time investment below which a student needs confronting"),
    Param("confront_need_gain", "coaching", 2.0, 0.0, 5.0, unit="per 0-1",
          doc="Need for confronting per unit of time investment below that threshold"),
    Param("emotional_need_threshold", "coaching", 0.58, 0.0, 1.0, unit="0-1",
          doc="Wellbeing below which a student needs emotional support"),
    Param("emotional_need_gain", "coaching", 2.0, 0.0, 5.0, unit="per 0-1",
          doc="Need for emotional support per unit of wellbeing below that threshold"),
    Param("emotional_need_stress_weight", "coaching", 0.5, 0.0, 2.0, unit="per 0-1",
          doc="Need for emotional support per unit of outside stress"),
    Param("contact_need_threshold", "coaching", 0.6, 0.0, 1.0, unit="0-1",
          doc="Bond below which a student needs low-threshold contact"),
    Param("contact_need_gain", "coaching", 1.2, 0.0, 5.0, unit="per 0-1",
          doc="Need for low-threshold contact per unit of bond below that threshold"),
    Param("environment_need_gain", "coaching", 1.5, 0.0, 4.0, unit="per 0-1",
          doc="Need for involving the environment per unit of outside stress"),
    Param("schoolwork_need_threshold", "coaching", 0.6, 0.0, 1.0, unit="0-1",
          doc="Competence at school below which a student needs schoolwork support"),
    Param("schoolwork_need_gain", "coaching", 2.0, 0.0, 5.0, unit="per 0-1",
          doc="Need for schoolwork support per unit of competence at school below that threshold"),
    Param("motivating_need_threshold", "coaching", 0.62, 0.0, 1.0, unit="0-1",
          doc="Commitment below which a student needs motivating"),
    Param("motivating_need_gain", "coaching", 2.0, 0.0, 5.0, unit="per 0-1",
          doc="Need for motivating per unit of commitment below that threshold"),
    Param("exercises_need_threshold", "coaching", 0.6, 0.0, 1.0, unit="0-1",
          doc="Confidence below which a student needs exercises (self-insight)"),
    Param("exercises_need_gain", "coaching", 2.0, 0.0, 5.0, unit="per 0-1",
          doc="Need for exercises (self-insight) per unit of confidence below that threshold"),
)
# fmt: on

# fmt: off
STATES = (
    StateVar("aut_coach", "float32", 0.0, *UNIT, "autonomy support felt from the coach"),
    StateVar("comp_coach", "float32", 0.0, *UNIT, "competence support felt from the coach"),
    StateVar("rel_coach", "float32", 0.0, *UNIT, "relatedness support felt from the coach"),
    StateVar("openness", "float32", 0.4, *UNIT, "openness towards the coach"),
    StateVar("bond", "float32", 0.0, *UNIT, "bond with the coach (got on with the coach)"),
    StateVar("experienced_support", "float32", 0.0, *UNIT,
             "need support the student experienced this week", "event"),
)
# fmt: on


def action_needs(
    p: SimpleNamespace,
    time: np.ndarray,
    wellbeing: np.ndarray,
    stress: np.ndarray,
    bond: np.ndarray,
    competence: np.ndarray,
    commitment: np.ndarray,
    confidence: np.ndarray,
) -> np.ndarray:
    """How much a student needs each coach action now, on 0-1 (columns as coaching.ACTIONS).

    Confronting fits low participation, emotional support low wellbeing or stress,
    low-threshold contact a weak bond, involving the environment outside stress,
    schoolwork support low competence, motivating low commitment, exercises (self-insight)
    low confidence. The coach uses it on what it perceives; the student's experience
    uses it on the true state (the action's *fit*).
    """
    c = lambda x: np.clip(x, 0.0, 1.0)  # noqa: E731
    return np.column_stack(
        [
            c(p.confront_need_gain * (p.confront_need_threshold - time)),
            c(
                p.emotional_need_gain * (p.emotional_need_threshold - wellbeing)
                + p.emotional_need_stress_weight * stress
            ),
            c(p.contact_need_gain * (p.contact_need_threshold - bond)),
            c(p.environment_need_gain * stress),
            c(p.schoolwork_need_gain * (p.schoolwork_need_threshold - competence)),
            c(p.motivating_need_gain * (p.motivating_need_threshold - commitment)),
            c(p.exercises_need_gain * (p.exercises_need_threshold - confidence)),
        ]
    ).astype(F)


def _either(action: np.ndarray, action2: np.ndarray, code: int) -> np.ndarray:
    """Whether an action (of one or two types) is of type ``code``."""
    return (action == code) | (action2 == code)


def coach_relationship(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Mechanism 7: the bond with the coach and need support as the student experiences it.

    The coaching module has set who had contact, the coach's action and the support it
    intended per need. Experienced support depends on the intention, the bond, the
    student's openness and the *fit* between the action and what the student needs at
    that moment, with an explicit intention-experience mismatch (noise of
    ``support_mismatch_sd``), so intended and experienced support are only loosely related.
    Confronting without a bond is felt as control (little autonomy support). Experienced
    autonomy support builds the bond (trust first; low-threshold contact builds it
    faster) and wellbeing; openness follows the bond; feeling related to the coach
    strengthens commitment; competence support helps participation; involving the
    environment eases outside stress. Between contacts felt support fades and the bond
    erodes slowly. With the coaching intensity following need
    (:mod:`vsvsim.interventions.intensity`) an action may carry a second type
    (``coach_action2``: it fits if either type fits; confronting, low-threshold contact and
    involving the environment act if either type is one) and a week may hold several
    contacts (``coach_contacts``: ``m = 1 + coach_extra_contact_weight x (n - 1)``
    contact-equivalents; felt support ``x`` of one contact becomes ``1 - (1 - x)^m``, and
    the bond and openness take ``m`` steps). The coach's intention stays per contact, and
    what the student's circumstances let land (``support_reception``: motivation, the coach
    tier's fit, debts, the project's ties, set by the interventions) multiplies what is
    felt, not what is intended, so that the intention-experience mismatch holds with those
    levers on (T7b). Off: contacts have no effect on the student.
    """
    # Between contacts felt support fades and the bond erodes (everyone); contacts below.
    for name in ("aut_coach", "comp_coach", "rel_coach"):
        arr = s[name]
        arr *= p.coach_support_retention
    s.bond = np.maximum(s.bond - p.bond_erosion, 0)
    s.experienced_support[:] = 0.0
    rows = np.flatnonzero(s.contact)
    if rows.size:
        pc = p  # the full rows' parameters, for the drivers below
        p = rows_of(p, rows)
        action = s.coach_action[rows]
        bond = s.bond[rows] + p.bond_erosion  # undo this week's erosion for those seen
        fit = np.full(rows.size, NEUTRAL, dtype=F)  # a mentor's contact: no specific action
        acted = action >= 0
        if acted.any():
            r = rows[acted]
            needs = action_needs(
                rows_of(p, acted),
                s.time_investment[r],
                s.wellbeing[r],
                s.stress[r],
                bond[acted],
                s.comp_school[r],
                s.commitment[r],
                s.confidence[r],
            )
            fit[acted] = needs[np.arange(r.size), action[acted]]
            # An action of two types (intensity need) fits if either type fits.
            action2 = s.coach_action2[r]
            fit2 = needs[np.arange(r.size), np.maximum(action2, 0)]
            fit[acted] = np.where(action2 >= 0, np.maximum(fit[acted], fit2), fit[acted])
        # What lands of the intention: the bond, openness, the action's fit, and this
        # week's reception (the youngster's motivation, the coach tier's fit to the case,
        # debts, the project's ties: set by the interventions, 1 without them).
        gain = (
            (p.support_bond_base + p.support_bond_gain * bond)
            * (p.support_openness_base + p.support_openness_gain * s.openness[rows])
            * (p.support_fit_base + p.support_fit_gain * fit)
            * s.support_reception[rows]
        )
        noise = p.support_mismatch_sd * w.draws.z_mismatch[rows]
        # Confronting without a bond is felt as control.
        felt_control = p.confront_autonomy_base + p.confront_autonomy_bond_gain * bond
        action2 = s.coach_action2[rows]
        control = np.where(_either(action, action2, CONFRONTING), felt_control, 1.0)
        # Several contacts in a week (intensity need): m contact-equivalents. The intention
        # is per contact (as a coach rates an action); the dose acts on what is felt, with
        # diminishing returns (each contact-equivalent closes the same share of what is
        # left), and the bond and openness take m steps.
        n = s.coach_contacts[rows]
        several = n > 1
        m = F(1.0) + p.coach_extra_contact_weight * (n.astype(F) - F(1.0))
        felt = []
        for name, factor in (("aut", control), ("comp", 1.0), ("rel", 1.0)):
            x = np.clip(s[f"intended_{name}"][rows] * gain * factor + noise, 0, 1)
            if several.any():
                x = np.where(several, F(1.0) - (F(1.0) - x) ** m, x)
            felt.append(x)
            old = s[f"{name}_coach"][rows] / p.coach_support_retention
            s[f"{name}_coach"][rows] = old + p.need_rate * (x - old)
        s.experienced_support[rows] = (felt[0] + felt[1] + felt[2]) / 3.0
        fast = p.low_threshold_bond_factor * p.bond_growth
        rate = np.where(_either(action, action2, LOW_THRESHOLD_CONTACT), fast, p.bond_growth)
        open_rate = p.openness_rate
        if several.any():
            rate = np.where(several, F(1.0) - (F(1.0) - rate) ** m, rate)
            open_rate = np.where(several, F(1.0) - (F(1.0) - open_rate) ** m, open_rate)
        target = np.clip(p.bond_target_base + p.bond_target_autonomy_gain * s.aut_coach[rows], 0, 1)
        s.bond[rows] = np.clip(bond + rate * (target - bond), 0, 1)
        openness = s.openness[rows]
        s.openness[rows] = openness + open_rate * (s.bond[rows] - openness)
        relief = p.environment_stress_relief * felt[0]  # involving the environment eases stress
        s.stress[rows] -= np.where(_either(action, action2, INVOLVING_ENVIRONMENT), relief, 0.0)
        p = pc
    d.commit += p.coach_commitment_effect * s.rel_coach
    # A coach can also break the spiral from the participation side (get the student to come).
    d.time += p.coach_time_share * p.coach_commitment_effect * s.comp_coach
    d.wellbeing += p.coach_wellbeing_effect * s.aut_coach


class CoachRelationship(Mechanism):
    """Bond and experienced support from the mentor or coach."""

    name = "coach_relationship"
    number = 7
    kind = "mechanism"
    switchable = True
    title = "Bond and experienced support from the mentor or coach"
    source = "UCA ch. 5.3"
    params = PARAMS + ACTION_NEED_PARAMS
    states = STATES
    draws = (Draw("support", "z_mismatch", "normal"),)
    update = staticmethod(coach_relationship)
    fused = _kernels.Fused("coach_relationship", "coach_relationship")
