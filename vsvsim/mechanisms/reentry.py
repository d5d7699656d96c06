"""Re-entry (part of mechanism 9): leavers and switchers return to education.

Re-entry mostly happens at the start of a school year (brief section 3.9); many
programmes also take students in February, a smaller intake moment
(``midyear_reentry``). A school leaver's chance rises with wellbeing and, with a coach and
the curative process off, with the bond (``coach_reentry_effect``; with the process on, the
default, a coach's part in re-entry is that process, :mod:`vsvsim.interventions.outreach`);
a returning student starts a new programme with a freshly drawn fit (with study choice on,
the default, one that fits better for what it learned, :mod:`vsvsim.mechanisms.study_choice`;
a switcher within its college waits for its own intake moment there). Only with mechanism 9
on: without it, states are frozen after leaving and nobody returns.
"""

from __future__ import annotations

import numpy as np

from vsvsim.core.calendar import SEMESTER_2_START
from vsvsim.core.module import Module
from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, Status
from vsvsim.mechanisms.leaving import AFTER_EDUCATION, general_state
from vsvsim.mechanisms.study_choice import learned_fit, start_expectation
from vsvsim.population.cohort import expected_fit

# fmt: off
PARAMS = (
    Param("reentry_leaver", "strengths", 0.255, 0.0, 1.0, unit="probability",
          source="REG (24% back in education a year later); fitted (docs/calibration.md)",
          doc="Chance that a school leaver re-enters at the next school year",
          fit=(0.05, 0.5)),
    Param("coach_reentry_effect", "strengths", 8.91, 0.0, 10.0, unit="x per unit bond",
          source="KvJ (curative entrants: 38% back in school); fitted without the curative "
                 "process (docs/calibration.md); used only with curative_process off",
          doc="Re-entry chance multiplied by 1 + effect x bond for a leaver with a coach "
              "(with curative_process off)"),
    Param("midyear_reentry", "strengths", 0.563, 0.0, 1.0, unit="share of year-start chance",
          source="brief section 3.9 (re-entry mostly at the start of a school year); "
                 "fitted (docs/calibration.md)",
          doc="Re-entry chance at the February intake moment, relative to the year start",
          fit=(0.0, 0.8)),
    Param("reentry_switcher", "strengths", 0.308, 0.0, 1.0, unit="probability",
          source="fitted (docs/calibration.md)",
          doc="Chance that a switcher starts a new programme at the next school year",
          fit=(0.2, 0.8),
          fixed="Morris screening: moves no fit target by a scale unit (mu* 0.37)"),
    Param("reentry_wellbeing_base", "strengths", 0.5, 0.0, 1.5, unit="x reentry_leaver",
          doc="Re-entry factor of a school leaver at zero wellbeing (it rises one for one "
              "with wellbeing)"),
    Param("reentry_start_state", "cohort", 0.55, 0.0, 1.0, unit="0-1",
          doc="Need fulfilment at school, time investment and confidence a returning "
              "student starts a new programme with (a little below a typical first-year "
              "student's)"),
    Param("reentry_fit_sd", "cohort", 0.15, 0.0, 0.5, unit="0-1",
          doc="Spread of a re-entrant's new programme fit around programme_fit"),
)
STATES = (
    StateVar("reentered", "bool", False, None, None, "re-entered education after leaving",
             "attribute"),
)
# fmt: on


class Reentry(Module):
    """Leavers and switchers who return start a new programme (year start, February)."""

    name = "reentry"
    title = "Re-entry of leavers and switchers at the year start and in February"
    source = "brief section 3.9; REG"
    params = PARAMS
    states = STATES

    def step(self, sim) -> None:
        """Re-entry at the first week of a later school year, or at the February moment."""
        week, p = sim.week, sim.p
        if week.year_start and week.index > 0:
            reenter(sim, "reentry", 1.0)
        elif week.iso_week == SEMESTER_2_START and week.school_week and p.midyear_reentry > 0:
            reenter(sim, "reentry_midyear", p.midyear_reentry)


def reenter(sim, stream: str, factor: float) -> None:
    """Leavers and switchers who return start a new programme (chances times ``factor``).

    Only with mechanism 9 on (without it states are frozen after leaving). The draws are
    made either way, so the switch does not shift the stream.
    """
    s, p = sim.state, sim.p
    u = sim.streams(stream).random(s.n)
    z = sim.streams(stream).standard_normal(s.n)
    if not sim.params["leaving_and_after"]:
        return
    # With the curative process (interventions.outreach) a coach's part in re-entry is the
    # process itself (outreach, trust, an intake moment), not this multiplier.
    effect = 0.0 if p.curative_process else p.coach_reentry_effect
    support = 1.0 + effect * s.bond * (s.coach >= 0)
    leaver_chance = factor * p.reentry_leaver * (p.reentry_wellbeing_base + s.wellbeing) * support
    # A switcher within its college (study choice) waits for its own intake moment.
    back = ((s.status == Status.LEFT) & (u < leaver_chance)) | (
        (s.status == Status.SWITCHED) & ~s.switch_within & (u < factor * p.reentry_switcher)
    )
    start_new_programme(s, p, back, z)


def start_new_programme(s, p, back: np.ndarray, z: np.ndarray) -> None:
    """Rows ``back`` start a new programme (year 1, its fit drawn with normals ``z``).

    The new fit is a fresh draw around ``programme_fit``; with study choice on
    (:mod:`vsvsim.mechanisms.study_choice`) it is the old fit plus what the student learned
    about the misfit, and the expectations are made realistic by guidance.

    Args:
        s: The student arrays.
        p: The parameters.
        back: Mask of the rows that re-enter.
        z: Standard normals for every row (the new programme's fit).
    """
    s.status[back] = Status.ENROLLED
    s.reentered[back] = True
    s.after_status[back] = AFTER_EDUCATION
    s.programme_year[back] = 1
    if p.study_choice:
        s.first_fit[back] = np.where(np.isnan(s.first_fit[back]), s.fit[back], s.first_fit[back])
        s.fit[back] = learned_fit(s, p, back, z[back])
        s.fit_seen[back] = np.clip(start_expectation(s.fit[back], s.base_commitment[back], p), 0, 1)
    else:
        s.fit[back] = np.clip(p.programme_fit + p.reentry_fit_sd * z[back], 0, 1)
        s.fit_seen[back] = expected_fit(s.base_commitment[back], p.programme_fit)
    s.commitment[back] = s.base_commitment[back]
    s.time_investment[back] = p.reentry_start_state
    s.confidence[back] = p.reentry_start_state
    s.strain[back] = 0.0
    s.realised[back] = False
    s.absence[back] = 0.0
    for name in ("aut_school", "comp_school", "rel_school"):
        s[name][back] = p.reentry_start_state
    s.commitment_slow[back] = s.commitment[back]
    s.confidence_slow[back] = s.confidence[back]
    s.general_slow[back] = general_state(s, p, back)
