"""Age: a birth date per student, drawn at set-up; age advances with the calendar.

Every row gets an age at intake (the start of the programme it is in when it enters the
run) by mbo level: a student who comes straight from vmbo starts at
``intake_age_regular`` plus where in the year its birthday falls (uniform over one year);
a share ``late_entry_share_level_k`` enters later (a year or more: repeated a year, came
down from havo, worked first, a second programme), by one year plus an exponential
number of years with mean ``late_entry_extra_years``. Students of the initial cohort who
are in a later programme year started that many years before the run. From the age at
intake and the intake date the module keeps a birth date (as a fractional calendar
year); ``age`` is recomputed every week from the week's date, so birthdays happen on
their day (not all at once at the start of a school year).

The draws come from their own stream (``age``), so adding age shifted no other draw. Age
is reporting and a precondition of the law's rules (the VSV indicator counts the under
23s; the qualification duty holds until 18); it changes no dynamics by itself.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from vsvsim.core.calendar import FIRST_ISO_WEEK
from vsvsim.core.module import Module
from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, Status

__all__ = ["Age", "age_on", "year_fraction"]

#: Mean days in a Gregorian year: fractional years that run on evenly across leap years.
DAYS_PER_YEAR = 365.2425

# fmt: off
PARAMS = (
    Param("intake_age_regular", "cohort", 15.9, 14.0, 25.0, unit="years",
          source="assumption (vmbo takes four years from about 12; the brief gives no "
                 "age figures)",
          doc="Age at the start of the school year of the youngest students who enter mbo "
              "straight from vmbo (their birthdays spread over the following year)"),
    Param("late_entry_share_level_1", "cohort", 0.6, 0.0, 1.0, unit="share",
          source="assumption (Entree takes many older students; no figures in the brief)",
          doc="Share of level-1 (Entree) entrants who start a year or more later than "
              "straight from vmbo"),
    Param("late_entry_share_level_2", "cohort", 0.45, 0.0, 1.0, unit="share",
          source="assumption (no figures in the brief)",
          doc="Share of level-2 entrants who start a year or more later than straight "
              "from vmbo"),
    Param("late_entry_share_level_3", "cohort", 0.3, 0.0, 1.0, unit="share",
          source="assumption (no figures in the brief)",
          doc="Share of level-3 entrants who start a year or more later than straight "
              "from vmbo"),
    Param("late_entry_share_level_4", "cohort", 0.3, 0.0, 1.0, unit="share",
          source="assumption (no figures in the brief)",
          doc="Share of level-4 entrants who start a year or more later than straight "
              "from vmbo (havo leavers, a second programme)"),
    Param("late_entry_extra_years", "cohort", 1.5, 0.0, 10.0, unit="years",
          source="assumption (no figures in the brief)",
          doc="Mean of the exponential number of years, beyond the first, by which a "
              "late entrant is older"),
)
STATES = (
    StateVar("birth", "float64", np.nan, None, None,
             "birth date as a fractional calendar year (2009.5: early July 2009)",
             "attribute"),
    StateVar("intake_age", "float32", np.nan, 0.0, None,
             "age in years at the start of the programme the student entered the run in",
             "attribute"),
    StateVar("age", "float32", np.nan, 0.0, None, "age in years on the week's Monday"),
)
# fmt: on


def year_fraction(date: dt.date) -> float:
    """A date as a fractional calendar year (1 January 2026 is 2026.0 to within a day).

    Counted in mean Gregorian years from 1 January of year 1, so that it has no jump at
    New Year: the time between two dates is the same in days whatever lies between.
    """
    return 1.0 + (date.toordinal() - 1) / DAYS_PER_YEAR


def age_on(birth: np.ndarray, date: dt.date) -> np.ndarray:
    """Age in years on ``date`` of students born at ``birth`` (fractional years)."""
    return year_fraction(date) - birth


def draw_intake_age(level: np.ndarray, p, rng: np.random.Generator) -> np.ndarray:
    """Age at intake by level: regular age, a birthday within a year, a late-entry delay."""
    n = level.size
    # Fixed order of draws, whatever the parameters (common random numbers).
    birthday = rng.random(n)
    u_late = rng.random(n)
    extra = rng.standard_exponential(n)
    shares = np.array([0.0] + [getattr(p, f"late_entry_share_level_{k}") for k in (1, 2, 3, 4)])
    late = u_late < shares[level]
    delay = np.where(late, 1.0 + p.late_entry_extra_years * extra, 0.0)
    return p.intake_age_regular + birthday + delay


class Age(Module):
    """Age at intake by level (stream ``age``); age follows the calendar every week."""

    name = "age"
    kind = "population"
    title = "Age: every student's age on the week's date (birthdays as they come)"
    source = "assumption (ODD section 5); brief section 9 (the law's age limits)"
    params = PARAMS
    states = STATES

    def init(self, sim) -> None:
        """Draw every row's age at intake and keep its birth date."""
        s, p = sim.state, sim.p
        s.intake_age = draw_intake_age(s.level, p, sim.streams("age"))
        # Intake date: the start of the school year of entry; an initial-cohort student in
        # programme year k started k - 1 years before the run.
        starts = np.array(
            [
                year_fraction(dt.date.fromisocalendar(p.start_year + y, FIRST_ISO_WEEK, 1))
                for y in range(int(p.years))
            ]
        )
        intake = starts[s.entry_year] - np.where(s.entry_year == 0, s.programme_year - 1, 0)
        s.birth = intake - s.intake_age.astype(np.float64)
        s.age = age_on(s.birth, sim.calendar[0].date)

    def step(self, sim) -> None:
        """Age on this week's Monday."""
        sim.state.age = age_on(sim.state.birth, sim.week.date)

    def outputs(self, sim) -> dict[str, float]:
        """Mean age at intake (overall and by level) and the share under 18 at intake."""
        s = sim.state
        entered = s.status != Status.PENDING
        out = {"age_at_intake_mean": _mean(s.intake_age[entered])}
        for k in (1, 2, 3, 4):
            out[f"age_at_intake_mean_level_{k}"] = _mean(s.intake_age[entered & (s.level == k)])
        out["under_18_at_intake_share"] = _mean(s.intake_age[entered] < 18.0)
        return out


def _mean(x: np.ndarray) -> float:
    return float(np.mean(x)) if x.size else float("nan")
