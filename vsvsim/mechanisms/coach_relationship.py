"""Mechanism 7, the coach relationship: bond and need support as the student experiences it."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from vsvsim.core.module import Draw
from vsvsim.core.params import Param
from vsvsim.core.state import UNIT, StateVar, StudentArrays
from vsvsim.mechanisms.base import Drivers, F, Mechanism, WeekInputs

# fmt: off
PARAMS = (
    Param("coach_commitment_effect", "strengths", 0.439, 0.0, 1.0, unit="0-1 per 0-1",
          source="UCA ch. 5.3; value fitted (docs/calibration.md)",
          doc="Commitment (and half as much time investment) gained from the coach relationship"),
    Param("support_mismatch_sd", "strengths", 0.2, 0.0, 1.0, unit="0-1",
          source="UCA ch. 5.3 (intention-experience mismatch)",
          doc="Spread between intended and experienced support"),
    Param("bond_growth", "strengths", 0.08, 0.0, 1.0, unit="per contact",
          source="UCA ch. 5.3 (trust first, care later)",
          doc="Speed at which the bond grows with each contact"),
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
            c(2.0 * (0.62 - time)),
            c(2.0 * (0.58 - wellbeing) + 0.5 * stress),
            c(1.2 * (0.6 - bond)),
            c(1.5 * stress),
            c(2.0 * (0.6 - competence)),
            c(2.0 * (0.62 - commitment)),
            c(2.0 * (0.6 - confidence)),
        ]
    ).astype(F)


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
    erodes slowly. Off: contacts have no effect on the student.
    """
    # Between contacts felt support fades and the bond erodes (everyone); contacts below.
    for name in ("aut_coach", "comp_coach", "rel_coach"):
        arr = s[name]
        arr *= 0.95
    s.bond = np.maximum(s.bond - 0.005, 0)
    s.experienced_support[:] = 0.0
    rows = np.flatnonzero(s.contact)
    if rows.size:
        action = s.coach_action[rows]
        bond = s.bond[rows] + 0.005  # undo this week's erosion for those seen
        fit = np.full(rows.size, 0.5, dtype=F)  # a mentor's contact: no specific action
        acted = action >= 0
        if acted.any():
            r = rows[acted]
            needs = action_needs(
                s.time_investment[r],
                s.wellbeing[r],
                s.stress[r],
                bond[acted],
                s.comp_school[r],
                s.commitment[r],
                s.confidence[r],
            )
            fit[acted] = needs[np.arange(r.size), action[acted]]
        gain = (0.6 + 0.4 * bond) * (0.7 + 0.3 * s.openness[rows]) * (0.7 + 0.6 * fit)
        noise = p.support_mismatch_sd * w.draws.z_mismatch[rows]
        control = np.where(action == 0, 0.3 + 0.7 * bond, 1.0)  # confronting without a bond
        felt = []
        for name, factor in (("aut", control), ("comp", 1.0), ("rel", 1.0)):
            x = np.clip(s[f"intended_{name}"][rows] * gain * factor + noise, 0, 1)
            felt.append(x)
            old = s[f"{name}_coach"][rows] / 0.95
            s[f"{name}_coach"][rows] = old + p.need_rate * (x - old)
        s.experienced_support[rows] = (felt[0] + felt[1] + felt[2]) / 3.0
        rate = np.where(action == 2, 1.5 * p.bond_growth, p.bond_growth)
        target = np.clip(0.3 + 1.2 * s.aut_coach[rows], 0, 1)
        s.bond[rows] = np.clip(bond + rate * (target - bond), 0, 1)
        openness = s.openness[rows]
        s.openness[rows] = openness + 0.05 * (s.bond[rows] - openness)
        s.stress[rows] -= np.where(action == 3, 0.05 * felt[0], 0.0)  # environment eases stress
    d.commit += p.coach_commitment_effect * s.rel_coach
    # A coach can also break the spiral from the participation side (get the student to come).
    d.time += 0.5 * p.coach_commitment_effect * s.comp_coach
    d.wellbeing += 0.15 * s.aut_coach


class CoachRelationship(Mechanism):
    """Bond and experienced support from the mentor or coach."""

    name = "coach_relationship"
    kind = "mechanism"
    switchable = True
    title = "Bond and experienced support from the mentor or coach"
    source = "UCA ch. 5.3"
    params = PARAMS
    states = STATES
    draws = (Draw("support", "z_mismatch", "normal"),)
    update = staticmethod(coach_relationship)
