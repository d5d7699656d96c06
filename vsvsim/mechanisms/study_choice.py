"""Study choice and switching: guidance, a better-fitting second programme, switching within.

On by default since the refit with the modules on (issue 10, item 9; docs/calibration.md);
``study_choice = false`` in a scenario file (table ``[tracks]``) switches it off: a freshly
drawn fit for every new programme, and every switcher out of education until it re-enters.
With it on, ``choice_guidance`` 0 is today's practice (the calibrated fit): the lever
measures better guidance than that.

- **Study-choice guidance before intake** (:class:`StudyChoice`, set-up, no draws). With
  guidance ``g`` (``choice_guidance``, 0-1: career guidance, open and taster days, a warm
  intake), a student chooses better: its fit closes a share ``g x guidance_fit_effect`` of
  its shortfall below the mean fit ``programme_fit`` (a student who would have chosen
  well gains nothing), and it knows better what to expect: the fit it expects at the start
  moves a share ``g x guidance_expectation_effect`` of the way from its hopes
  (:func:`~vsvsim.population.cohort.expected_fit`) to the true fit. The same holds for
  the expectations of a new programme.
- **Guidance during year 1.** In the school weeks of programme year 1 a student's fit as
  seen moves towards the true fit at an extra rate ``g x guidance_discovery_rate`` (career
  guidance in the first year: a misfit shows sooner).
- **A better second programme.** A student who starts a new programme (a switcher, a
  returning school leaver, a curative re-entrant) chooses it knowing what did not fit:
  its new fit is the old one plus ``switch_fit_learning`` times the misfit it learned
  (how far the fit it saw fell below what it expected: ``expected_fit - fit_seen``, 0 if
  it saw no worse than it hoped), plus the spread ``reentry_fit_sd`` of a new programme,
  instead of a fresh draw around ``programme_fit`` (:func:`learned_fit`, used by
  :func:`vsvsim.mechanisms.reentry.start_new_programme`). ``first_fit`` keeps the fit of
  the first programme.
- **Switching within the college** (:class:`SwitchWithin`, after the exits). A share
  ``internal_switch_share`` of switchers switch within their college: they stay in
  education (the college keeps them enrolled in a switch trajectory: the VSV indicator
  counts them as enrolled) and start their new programme at the next of the
  ``switch_intake_moments`` intake moments (September, February, November, April, the
  first k of these) for certain. The others leave to switch elsewhere and re-enter as
  before (``reentry_switcher`` at the year start, February). Only with mechanism 9
  (``leaving_and_after``) on: without it states are frozen after leaving and nobody
  returns, so every switcher is out of education. The draw is the stream
  ``study_choice``'s ``u_switch_within``, made only with study choice on (``Draw.when``).

Where the issue was silent: the model tracks no programme identity after a switch (the
class, mentor and friends stay, as for re-entry), so "within the same college" is the
route (no exit from education, a sure intake moment), not a change of programme index.
"""

from __future__ import annotations

import numpy as np

from vsvsim.core.calendar import FIRST_ISO_WEEK, SEMESTER_2_START
from vsvsim.core.module import Draw, Module
from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, Status
from vsvsim.mechanisms.base import put, relax
from vsvsim.population.cohort import expected_fit

__all__ = ["INTAKE_WEEKS", "StudyChoice", "SwitchWithin", "learned_fit", "start_expectation"]

#: ISO weeks of the intake moments for an internal switcher, in the order they are added
#: by ``switch_intake_moments``: the year start, February (semester 2), November, April.
INTAKE_WEEKS = (FIRST_ISO_WEEK, SEMESTER_2_START, 45, 15)

# fmt: off
PARAMS = (
    Param("study_choice", "tracks", True, unit="switch",
          source="REG (much registered leaving is study and career choice; better guidance "
                 "as a measure)",
          doc="Study choice: guidance improves the fit at intake, a new programme fits "
              "better for what the student learned, and switchers may switch within "
              "their college"),
    Param("choice_guidance", "tracks", 0.0, 0.0, 1.0, unit="0-1",
          source="REG (better study and career guidance as a measure); 0 is today's "
                 "practice (the calibrated fit)",
          doc="Quality of study-choice guidance before and during year 1 beyond today's "
              "practice (0: as now, 1: the best)"),
    Param("guidance_fit_effect", "tracks", 0.5, 0.0, 1.0, unit="share",
          source="assumption",
          doc="Share of a student's fit shortfall below the mean fit that the best "
              "guidance closes (a better choice)"),
    Param("guidance_expectation_effect", "tracks", 0.5, 0.0, 1.0, unit="share",
          source="assumption",
          doc="Share of the gap between the fit a student hopes for and the true fit that "
              "the best guidance closes at the start (realistic expectations)"),
    Param("guidance_discovery_rate", "tracks", 0.03, 0.0, 1.0, unit="per week",
          source="assumption",
          doc="Extra weekly rate at which year-1 students see their programme's true fit "
              "under the best guidance (career guidance in the first year)"),
    Param("switch_fit_learning", "tracks", 1.0, 0.0, 2.0, unit="x",
          source="brief section 9 (switching to a better-fitting programme is not "
                 "necessarily negative); value assumption",
          doc="Fit a new programme gains per unit of misfit the student learned in the "
              "old one (0: the new fit is the old fit plus noise)"),
    Param("internal_switch_share", "tracks", 0.5, 0.0, 1.0, unit="share",
          source="assumption (no figures in the brief)",
          doc="Share of switchers who switch within their college (staying in education) "
              "rather than leaving to switch elsewhere"),
    Param("switch_intake_moments", "tracks", 2, 1, 4, unit="moments",
          source="brief section 3.9 (re-entry at the year start and in February); more an "
                 "assumption",
          doc="Intake moments a year for an internal switcher's new programme (1 "
              "September; 2 and February; 3 and November; 4 and April)"),
)
STATES = (
    StateVar("first_fit", "float32", np.nan, 0.0, 1.0,
             "fit of the first programme of the run, kept when the student starts a new "
             "one (NaN: has not)", "attribute"),
    StateVar("switch_within", "bool", False, None, None,
             "a switcher waiting for its new programme within the college", "attribute"),
    StateVar("switches_within", "int8", 0, 0, None,
             "switches within the college", "attribute"),
)
# fmt: on


def start_expectation(fit: np.ndarray, base_commitment: np.ndarray, p) -> np.ndarray:
    """The fit a student expects at the start: its hopes, made realistic by guidance."""
    hope = expected_fit(base_commitment, p.programme_fit)
    return hope + p.choice_guidance * p.guidance_expectation_effect * (fit - hope)


def learned_fit(s, p, rows: np.ndarray, z: np.ndarray) -> np.ndarray:
    """A new programme's fit for ``rows``: the old fit plus what was learned, plus spread.

    Args:
        s: The student arrays (the old programme's ``fit`` and ``fit_seen``).
        p: The parameters.
        rows: Mask or indices of the students starting a new programme.
        z: Standard normals for those rows (the new programme's spread).
    """
    hope = expected_fit(s.base_commitment[rows], p.programme_fit)
    learned = np.clip(hope - s.fit_seen[rows], 0.0, 1.0)
    return np.clip(s.fit[rows] + p.switch_fit_learning * learned + p.reentry_fit_sd * z, 0, 1)


def intake_moment(iso_week: int, moments: int) -> bool:
    """Whether ISO week ``iso_week`` is one of the first ``moments`` intake moments."""
    return iso_week in INTAKE_WEEKS[: int(moments)]


class StudyChoice(Module):
    """Guidance at intake and in year 1; internal switchers start at intake moments.

    Steps each member of a batch on its own rows (its own stream for the new fits).
    """

    name = "study_choice"
    kind = "mechanism"
    title = "Study choice: guidance in year 1; internal switchers start at an intake moment"
    source = "REG (study and career choice); brief section 9; issue 10 item 7"
    params = PARAMS
    states = STATES

    def init(self, sim) -> None:
        """Better choices and expectations at intake with guidance (with the switch on)."""
        p = sim.p
        if not p.study_choice or p.choice_guidance <= 0:
            return
        s = sim.state
        shortfall = np.maximum(p.programme_fit - s.fit, 0.0)
        s.fit = s.fit + p.choice_guidance * p.guidance_fit_effect * shortfall
        s.fit_seen = np.clip(start_expectation(s.fit, s.base_commitment, p), 0, 1)

    def step(self, sim) -> None:
        """Internal switchers start at an intake moment; guidance speeds year-1 discovery."""
        from vsvsim.mechanisms.reentry import start_new_programme

        p, s, week = sim.p, sim.state, sim.week
        if not p.study_choice:
            return
        if week.index > 0 and intake_moment(week.iso_week, p.switch_intake_moments):
            z = sim.streams("study_choice_intake").standard_normal(s.n)
            back = s.switch_within & (s.status == Status.SWITCHED)
            s.switch_within[:] = s.switch_within & ~back
            if back.any():
                start_new_programme(s, p, back, z)
        if week.school_week and p.choice_guidance > 0:
            year1 = (s.status == Status.ENROLLED) & (s.programme_year == 1)
            relax(s.fit_seen, s.fit, p.choice_guidance * p.guidance_discovery_rate, year1)


class SwitchWithin(Module):
    """This week's switchers: within the college, or leaving to switch elsewhere."""

    name = "switch_within"
    batched = True
    title = "Switching within the college or elsewhere (with study choice on)"
    source = "brief section 9 (switching within mbo); issue 10 item 7"
    draws = (Draw("study_choice", "u_switch_within", when=("study_choice",)),)

    def step(self, sim) -> None:
        """Mark this week's switchers who switch within their college."""
        p, s = sim.pb, sim.state
        # Mechanism 9 off freezes states after leaving: nobody starts a new programme.
        if not (p.study_choice and p.leaving_and_after) or not sim.left_now.any():
            return
        new = sim.left_now & (s.status == Status.SWITCHED)
        within = new & (sim.draws.u_switch_within < p.internal_switch_share)
        put(s.switch_within, True, within)
        s.switches_within += within

    def outputs(self, sim) -> dict[str, float]:
        """Switches within the college and elsewhere; the new programme's fit gain."""
        s = sim.state
        entered = s.status != Status.PENDING
        first_switch = entered & (s.first_exit == Status.SWITCHED)
        within = float(s.switches_within[entered].sum())
        gain = (s.fit - s.first_fit)[entered & ~np.isnan(s.first_fit)]
        return {
            "switches_within": within,
            "switchers_first": float(np.count_nonzero(first_switch)),
            "new_programme_fit_gain": float(gain.mean()) if gain.size else np.nan,
            "intake_fit_mean": float(np.mean(_intake_fit(s, entered))) if entered.any() else np.nan,
        }


def _intake_fit(s, entered: np.ndarray) -> np.ndarray:
    """The fit of the programme each entered student first entered."""
    return np.where(np.isnan(s.first_fit), s.fit, s.first_fit)[entered]
