"""Coaching intensity that follows need: contacts per week, trajectory phases, two labels.

A part of project coaching (:class:`vsvsim.interventions.coaching.ProjectCoaching`), on by
default since the refit with the modules on (issue 11, item 7; docs/calibration.md):
``coach_intensity = "need"``. ``coach_intensity = "fixed"`` in a scenario file (table
``[coaching]``) switches it off: at most one contact a week at the fixed
``coach_contact_rate``, as before. With ``coach_intensity = "need"``:

- **Contacts per week follow need** (brief sections 4 and 9: coaching "as intensive as
  needed", coach time peaks around a crisis; Pluscoach 2-3 contacts a week, Plusmaatje
  1-2, Mijn School from monthly to daily). A student's weekly contact count is a Poisson
  draw, capped at ``coach_max_contacts``, with an expected number that rises with the need
  the coach *perceives* (the mean of the perceived action needs) and jumps in a crisis
  week (a life event the week before, which the coach hears of), lower in holidays and
  when the trajectory phases out. Crisis contacts also last longer. All contacts fit into
  the coach's weekly hours; crisis students come first, then every student's first
  contact, then second contacts, and so on (random order within each rank).
- **Felt support rises with the count, with diminishing returns**: ``n`` contacts carry
  ``m = 1 + coach_extra_contact_weight x (n - 1)`` contact-equivalents, and the support
  ``x`` the student feels from one contact becomes ``1 - (1 - x)^m`` (each
  contact-equivalent closes the same share of what is left); the bond and openness move
  ``m`` steps towards their targets (mechanism 7). The coach's intended support stays that
  of one contact (a coach diary rates an action's intention, not the week's dose), so the
  dose does not tie intention to experience (T7b).
- **Trajectory phases** (:data:`PHASES`): contact-making while the bond is below
  ``phase_trust_bond``, building trust below ``phase_goal_bond``, then working on goals;
  phasing out once the goals have been seen as met for ``phase_out_good_weeks`` weeks (in
  the goal phase) or when the time limit is ``phase_out_weeks`` away (any phase);
  aftercare after the trajectory. The phase follows the bond each week (a bond that
  collapses, for instance with a new coach, sends the coach back to trust work). Phases
  shift the action and goal frequencies (:data:`PHASE_ACTION`, :data:`PHASE_GOAL`:
  relationship goals and low-threshold contact early, school skills and goal work later)
  and the contact rate (``phase_out_contact_factor``).
- **Two labels**: with chance ``coach_second_action_share`` a week's action also belongs
  to a second type, with chance ``coach_second_goal_share`` it also serves a second goal
  (the coach diary's multi-label categories; about a third of actions belong to two types
  at once). The intended support per need is the larger of the two types' profiles
  (:func:`combined_support`); on the student side the action fits if either type fits.

Randomness comes from the streams ``coach_intensity`` (counts and budget priority) and
``coach_labels`` (second labels), one draw per student per week each, so common random
numbers hold between scenarios; "fixed" draws nothing from them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from vsvsim.core.params import Param
from vsvsim.core.state import StateVar

__all__ = [
    "PARAMS",
    "PHASES",
    "PHASE_ACTION",
    "PHASE_GOAL",
    "STATES",
    "combined_support",
    "expected_contacts",
    "phases",
    "poisson_counts",
    "second_labels",
]

#: Trajectory phases (``coach_phase``), in order.
PHASES = ("none", "contact", "trust", "goals", "phasing_out", "aftercare")
NONE, CONTACT, TRUST, GOALS, PHASING_OUT, AFTERCARE = range(6)

# Like coaching.ACTION_BASE and GOAL_BASE, these are named constant tables rather than
# parameters: they describe the shape of coaching practice (UCA ch. 4-5; brief section 9:
# trust first, care and goal work later), not a lever. Sizes are assumptions.
#: Multipliers on the action frequencies by phase; columns as ``coaching.ACTIONS``
#: (confronting, emotional support, low-threshold contact, involving the environment,
#: schoolwork support, motivating, exercises).
PHASE_ACTION = np.array(
    [
        [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],  # none (unused)
        [0.5, 1.0, 2.0, 0.8, 0.6, 0.8, 0.5],  # contact-making: low-threshold contact
        [0.8, 1.3, 1.3, 1.0, 0.8, 1.0, 0.8],  # building trust: emotional support
        [1.2, 0.9, 0.7, 1.0, 1.4, 1.2, 1.2],  # working on goals: schoolwork, confronting
        [1.0, 0.9, 0.8, 1.0, 1.2, 1.2, 1.0],  # phasing out
        [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],  # aftercare
    ]
)
#: Multipliers on the goal frequencies by phase; columns as ``coaching.GOALS``
#: (relationship, self-insight, environment, emotional wellbeing, school skills).
PHASE_GOAL = np.array(
    [
        [1.0, 1.0, 1.0, 1.0, 1.0],  # none (unused)
        [1.8, 0.7, 0.8, 1.0, 0.4],  # contact-making: the relationship
        [1.4, 1.0, 1.0, 1.1, 0.6],  # building trust
        [0.6, 1.2, 1.0, 0.9, 1.8],  # working on goals: school skills, self-insight
        [0.7, 1.1, 0.9, 0.9, 1.6],  # phasing out
        [1.0, 1.0, 1.0, 1.0, 1.0],  # aftercare
    ]
)

# fmt: off
PARAMS = (
    Param("coach_intensity", "coaching", "need", choices=("fixed", "need"), unit="choice",
          source="brief sections 4 and 9 (coaching as intensive as needed; time peaks "
                 "around a crisis; trajectories with phases)",
          doc="Contact intensity: fixed (at most one contact a week at coach_contact_rate) or "
              "need (contacts per week follow perceived need and crises, trajectory phases, "
              "actions with two labels)"),
    Param("coach_need_contacts", "coaching", 1.0, 0.0, 7.0, unit="contacts per week",
          source="UCA ch. 4 (Plusmaatje 1-2, Pluscoach 2-3 contacts a week); value assumption",
          doc="Expected contacts a week (intensity need) with a student the coach sees no "
              "need in"),
    Param("coach_need_contacts_gain", "coaching", 2.0, 0.0, 10.0,
          unit="contacts per week per 0-1",
          source="brief section 9 (as intensive as needed); value assumption",
          doc="Extra expected contacts a week per unit of need the coach perceives (the mean "
              "of the perceived action needs)"),
    Param("coach_crisis_contacts", "coaching", 2.0, 0.0, 7.0, unit="contacts per week",
          source="brief section 9 (coach time peaks around a crisis); value assumption",
          doc="Extra expected contacts in the week after a crisis (life event), holidays "
              "included"),
    Param("coach_max_contacts", "coaching", 5, 1, 7, unit="contacts per week",
          source="UCA ch. 4 (Mijn School: contact up to daily)",
          doc="Most contacts with one student in a week (intensity need)"),
    Param("coach_need_minutes", "coaching", 30.0, 5.0, 240.0, unit="minutes per contact",
          source="UCA ch. 4 (Pluscoach ~26 h at 2-3 contacts a week over 4-6 months, "
                 "Plusmaatje ~40 h at 1-2 a week over a year: about half an hour each)",
          doc="Time of a routine contact (intensity need)"),
    Param("coach_crisis_minutes_factor", "coaching", 1.5, 1.0, 4.0, unit="x",
          source="brief section 9 (coach time peaks around a crisis); value assumption",
          doc="Length of a contact in a crisis week relative to a routine contact"),
    Param("coach_extra_contact_weight", "coaching", 0.5, 0.0, 1.0, unit="contacts per contact",
          source="assumption (diminishing returns of more contacts in one week)",
          doc="Contact-equivalents each contact after the first adds in a week: felt "
              "support x becomes 1-(1-x)^m and the bond takes m steps, m = 1 + this x "
              "(contacts - 1)"),
    Param("phase_trust_bond", "coaching", 0.15, 0.0, 1.0, unit="0-1",
          source="UCA ch. 5.3 (trust first); value assumption",
          doc="Bond above which contact-making gives way to building trust"),
    Param("phase_goal_bond", "coaching", 0.4, 0.0, 1.0, unit="0-1",
          source="UCA ch. 5.3 (trust first, then care and goals); value assumption",
          doc="Bond above which the coach works on goals"),
    Param("phase_out_good_weeks", "coaching", 4, 1, 52, unit="weeks",
          source="assumption (phasing out once goals are being met)",
          doc="Weeks the goals must be seen as met before a trajectory phases out"),
    Param("phase_out_weeks", "coaching", 6, 0, 52, unit="weeks",
          source="assumption (phasing out towards the end of a trajectory)",
          doc="Weeks before the trajectory's time limit from which it phases out"),
    Param("phase_out_contact_factor", "coaching", 0.5, 0.0, 1.0, unit="x",
          source="assumption (fewer contacts when phasing out)",
          doc="Expected routine contacts when phasing out, relative to the other phases"),
    Param("coach_second_action_share", "coaching", 0.33, 0.0, 1.0, unit="share",
          source="brief section 9 (about a third of actions belong to two action types); "
                 "input-set",
          doc="Chance that a week's action also belongs to a second action type (intensity "
              "need)"),
    Param("coach_second_goal_share", "coaching", 0.33, 0.0, 1.0, unit="share",
          source="UCA coach diary (several goals per action); value assumption (the sources "
                 "give no share; the same as for action types)",
          doc="Chance that a week's action also serves a second goal (intensity need)"),
    Param("contact_level_professional", "coaching", 1.0, 0.0, 5.0, unit="x",
          source="UCA ch. 4 (Pluscoach 2-3 contacts a week); 1 keeps the common level",
          doc="Contact level of a professional coach: multiplies the routine expected "
              "contacts (intensity need) and the weekly contact chance (fixed, at most one "
              "a week)"),
    Param("contact_level_intern", "coaching", 1.0, 0.0, 5.0, unit="x",
          source="brief section 9 (Het Buro's interns are in school 32 hours a week); 1 "
                 "keeps the common level",
          doc="Contact level of an intern coach (as contact_level_professional)"),
    Param("contact_level_volunteer", "coaching", 1.0, 0.0, 5.0, unit="x",
          source="UCA ch. 4 (Plusmaatje 1-2 contacts a week); 1 keeps the common level",
          doc="Contact level of a volunteer coach (as contact_level_professional)"),
    Param("contact_level_specialist", "coaching", 1.0, 0.0, 5.0, unit="x",
          source="assumption (Het Buro's behavioural scientist); 1 keeps the common level",
          doc="Contact level of a behavioural specialist (as contact_level_professional)"),
)
STATES = (
    StateVar("coach_contacts", "int8", 0, 0, 7,
             "project-coach contacts this week (0 none)", "event"),
    StateVar("coach_action2", "int8", -1, -1, 6,
             "second action type of this week's project-coach action, -1 none", "event"),
    StateVar("coach_goal2", "int8", -1, -1, 4,
             "second goal of this week's project-coach action, -1 none", "event"),
    StateVar("coach_phase", "int8", 0, 0, 5,
             "trajectory phase (see intensity.PHASES; intensity need only), 0 none",
             "state"),
    StateVar("project_minutes", "float32", 0.0, 0.0, None,
             "project-coach minutes so far (all trajectories and aftercare)", "attribute"),
)
# fmt: on


def phases(s: Any, p: Any, running: np.ndarray, after: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """Each student's trajectory phase this week (codes of :data:`PHASES`).

    Args:
        s: The student arrays.
        p: The run's parameters.
        running: Students whose trajectory's contacts have started.
        after: Students in aftercare.
        limit: Each student's trajectory time limit in weeks.
    """
    by_bond = CONTACT + (s.bond >= p.phase_trust_bond) + (s.bond >= p.phase_goal_bond)
    near_end = limit - s.trajectory_weeks <= p.phase_out_weeks
    goals_met = (by_bond == GOALS) & (s.good_weeks >= p.phase_out_good_weeks)
    phase = np.where(near_end | goals_met, PHASING_OUT, by_bond)
    return np.where(running, phase, np.where(after, AFTERCARE, NONE)).astype(np.int8)


def expected_contacts(
    p: Any,
    need: np.ndarray,
    crisis: np.ndarray,
    phase: np.ndarray,
    holiday: float,
    level: np.ndarray | float = 1.0,
) -> np.ndarray:
    """Expected contacts this week for students in a trajectory.

    Routine contacts rise with the perceived need (0-1), scale with the coach tier's
    contact level (``contact_level_<type>``), fall in holidays and when phasing out; a
    crisis adds ``coach_crisis_contacts`` (not holiday-scaled: a crisis does not wait).
    """
    routine = (p.coach_need_contacts + p.coach_need_contacts_gain * need) * level
    routine = routine * holiday * np.where(phase == PHASING_OUT, p.phase_out_contact_factor, 1.0)
    return routine + p.coach_crisis_contacts * crisis


def poisson_counts(lam: np.ndarray, u: np.ndarray, cap: int) -> np.ndarray:
    """Poisson(``lam``) counts capped at ``cap`` by inverting the CDF at uniforms ``u``.

    Inversion (rather than ``Generator.poisson``) keeps one uniform per student per week,
    so the same student draws the same ``u`` whatever the others do, and a higher
    expectation never gives fewer contacts for the same ``u``.
    """
    term = np.exp(-lam)
    cdf = term.copy()
    count = np.zeros(lam.shape, np.int8)
    for k in range(1, cap + 1):
        count += u >= cdf
        term = term * lam / k
        cdf = cdf + term
    return count


def combined_support(table: np.ndarray, action: np.ndarray, action2: np.ndarray) -> np.ndarray:
    """Support profile per need of an action with one or two types (the larger per need)."""
    one = table[action]
    two = table[np.maximum(action2, 0)]
    return np.where((action2 >= 0)[:, None], np.maximum(one, two), one)


def second_labels(
    weights: np.ndarray, first: np.ndarray, u_share: np.ndarray, u_pick: np.ndarray, share: float
) -> np.ndarray:
    """A second category (another than ``first``) with chance ``share``, else -1.

    Drawn from the same weights as the first with the first left out.
    """
    w = weights.copy()
    w[np.arange(first.size), first] = 0.0
    cum = np.cumsum(w, axis=1)
    second = (u_pick[:, None] * cum[:, -1:] > cum).sum(axis=1)
    return np.where(u_share < share, second, -1).astype(np.int8)
