"""The official VSV indicator (DUO), counted every school year beside first-exit dropout.

The definition (brief section 9): a *new early school leaver* of school year t is a young
person who was enrolled on 1 October of t, is not enrolled in any education on 1 October
of t + 1, has no basic qualification (startkwalificatie: a havo or vwo diploma or an mbo
diploma of level 2 or higher; an Entree, level-1, diploma is not one) and was under 23
(``vsv_age_limit``) on 1 October of t. The rate divides their number by the base: everyone
enrolled on 1 October of t, under the age limit, without a basic qualification.

How the model reads it:

- *Enrolled* is the status enrolled, in whatever programme (after a switch or a re-entry
  too): the model's only education is mbo, so "any education" is any programme.
- A *basic qualification* is a diploma at level 2 or higher. Nobody enters with one (the
  model has no students who already hold an mbo-2 or havo diploma), so every enrolled
  student is in the base if young enough.
- A switcher within its college (study choice on, :mod:`vsvsim.mechanisms.study_choice`)
  waiting for its new programme's intake moment counts as enrolled: the college keeps it
  enrolled in a switch trajectory.
- The count is taken in the census week (the week that contains 1 October, see
  :class:`~vsvsim.core.calendar.Week`), after that week's exits.
- *Switching within mbo*: a base student who left as a switcher during the year and is
  enrolled again on 1 October of t + 1 is no early leaver; such students are counted
  apart (``vsv_switch_rate``). A switcher who is not enrolled again by then counts as an
  early leaver, as in DUO's count.
- Beside both, ``vsv_exit_rate`` is the model's own first-exit notion on the same base
  and year: the share who left a programme at least once, by either route.
- An Entree diploma holder who does not go on counts as an early leaver. The model has no
  continuation after a diploma, so every level-1 graduate counts;
  ``vsv_entree_diploma_share`` says how many of the level-1 base that is.

The indicator needs two census weeks, so a one-year run (which ends in late August) has
none: its rates are missing and ``vsv_years`` is 0. It changes no state that another
module reads and draws no random numbers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from vsvsim.core.calendar import census_date
from vsvsim.core.module import Module
from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, Status
from vsvsim.population.age import age_on

__all__ = ["IndicatorYear", "VsvIndicator", "basic_qualification", "census_base", "close_year"]

#: Lowest mbo level whose diploma is a basic qualification (Entree, level 1, is not).
QUALIFYING_LEVEL = 2
LEVELS = (1, 2, 3, 4)

# fmt: off
PARAMS = (
    Param("vsv_age_limit", "law", 23.0, 16.0, 30.0, unit="years",
          source="brief section 9 (DUO's VSV indicator: under 23; regions wish 27)",
          doc="Age on 1 October below which a young person counts in the VSV indicator"),
)
STATES = (
    StateVar("vsv_base", "bool", False, None, None,
             "in the base of the current VSV indicator year: enrolled on the last 1 October, "
             "under the age limit, no basic qualification", "attribute"),
    StateVar("vsv_switched", "bool", False, None, None,
             "left as a switcher since the last 1 October", "attribute"),
    StateVar("vsv_exited", "bool", False, None, None,
             "left a programme (switched or left education) since the last 1 October",
             "attribute"),
    StateVar("vsv_year", "int8", -1, -1, None,
             "school year in which the student first counted as a new early school leaver "
             "(the VSV indicator), -1 if never", "attribute"),
)
# fmt: on


@dataclass(frozen=True)
class IndicatorYear:
    """The VSV indicator of one school year and level.

    Attributes:
        school_year: Year t (its 1 October starts the count).
        level: mbo level on 1 October of t.
        base: Enrolled on 1 October of t, under the age limit, no basic qualification.
        early_leavers: Of the base, not enrolled on 1 October of t + 1 and still without
            a basic qualification.
        switched: Of the base, left as a switcher during the year and enrolled again on
            1 October of t + 1 (not early leavers).
        exited: Of the base, left a programme at least once during the year (the model's
            dropout, switchers included, on the indicator's base and year).
        entree_diploma: Of the early leavers, those whose only diploma is Entree's.
    """

    school_year: int
    level: int
    base: int
    early_leavers: int
    switched: int
    exited: int
    entree_diploma: int


def basic_qualification(status: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Who holds a basic qualification: a diploma at level 2 or higher."""
    return (status == Status.DIPLOMA) & (level >= QUALIFYING_LEVEL)


def census_base(
    status: np.ndarray, level: np.ndarray, age: np.ndarray, age_limit: float
) -> np.ndarray:
    """The base on a 1 October: enrolled, under ``age_limit``, no basic qualification."""
    return (status == Status.ENROLLED) & (age < age_limit) & ~basic_qualification(status, level)


def close_year(
    school_year: int,
    base: np.ndarray,
    switched: np.ndarray,
    exited: np.ndarray,
    status: np.ndarray,
    level: np.ndarray,
) -> tuple[list[IndicatorYear], np.ndarray]:
    """Count one indicator year from the base and the statuses on the next 1 October.

    Args:
        school_year: Year t.
        base: Mask of the base on 1 October of t.
        switched: Mask of those who left as switchers since then.
        exited: Mask of those who left a programme (either route) since then.
        status: Status codes on 1 October of t + 1.
        level: mbo levels.

    Returns:
        One :class:`IndicatorYear` per level, and the mask of the new early leavers.
    """
    enrolled = status == Status.ENROLLED
    leavers = base & ~enrolled & ~basic_qualification(status, level)
    switched_back = base & switched & enrolled
    entree = leavers & (status == Status.DIPLOMA)
    rows = []
    for k in LEVELS:
        at = level == k
        rows.append(
            IndicatorYear(
                school_year=school_year,
                level=k,
                base=int(np.count_nonzero(base & at)),
                early_leavers=int(np.count_nonzero(leavers & at)),
                switched=int(np.count_nonzero(switched_back & at)),
                exited=int(np.count_nonzero(base & exited & at)),
                entree_diploma=int(np.count_nonzero(entree & at)),
            )
        )
    return rows, leavers


class VsvIndicator(Module):
    """The official VSV indicator: two 1 October counts a year apart (reporting only)."""

    name = "vsv_indicator"
    title = (
        "VSV indicator: enrolled on 1 October, not on the next, no basic qualification, under 23"
    )
    source = "brief section 9 (DUO's definition)"
    params = PARAMS
    states = STATES

    def init(self, sim) -> None:
        """Start with no count taken."""
        self.years: list[IndicatorYear] = []
        self._open_year: int | None = None

    def step(self, sim) -> None:
        """Note this week's switchers; in the census week close last year and count anew."""
        s, week = sim.state, sim.week
        if sim.left_now.size:
            s.vsv_switched |= sim.left_now & (s.status == Status.SWITCHED)
            s.vsv_exited |= sim.left_now
        if not week.census:
            return
        # A switcher within its college (study choice) is still enrolled there.
        status = np.where(s.switch_within, Status.ENROLLED, s.status).astype(np.int8)
        if self._open_year is not None:
            rows, leavers = close_year(
                self._open_year, s.vsv_base, s.vsv_switched, s.vsv_exited, status, s.level
            )
            self.years += rows
            s.vsv_year[leavers & (s.vsv_year < 0)] = self._open_year
        age = age_on(s.birth, census_date(week.date))
        s.vsv_base = census_base(status, s.level, age, sim.p.vsv_age_limit)
        s.vsv_switched[:] = False
        s.vsv_exited[:] = False
        self._open_year = week.school_year

    def table(self) -> pd.DataFrame:
        """One row per school year and level with a complete count (rates included)."""
        cols = [f.name for f in IndicatorYear.__dataclass_fields__.values()]
        df = pd.DataFrame([asdict(r) for r in self.years], columns=cols)
        base = df["base"].where(df["base"] > 0)
        df["vsv_rate"] = df["early_leavers"] / base
        df["switch_rate"] = df["switched"] / base
        df["exit_rate"] = df["exited"] / base
        return df

    def outputs(self, sim) -> dict[str, float]:
        """Pooled over the run's complete indicator years: overall and by level."""
        # Sums over the few IndicatorYear rows in Python: a sweep takes thousands of
        # summaries, and building the table (pandas) for them cost more than the run's
        # own indicator bookkeeping.
        years = self.years
        out: dict[str, float] = {"vsv_years": float(len({r.school_year for r in years}))}

        def rates(sel: list[IndicatorYear], suffix: str) -> None:
            base = sum(r.base for r in sel)
            leavers = sum(r.early_leavers for r in sel)
            switched, exited = sum(r.switched for r in sel), sum(r.exited for r in sel)
            out[f"vsv_base{suffix}"] = float(base)
            out[f"vsv_early_leavers{suffix}"] = float(leavers)
            out[f"vsv_rate{suffix}"] = leavers / base if base else np.nan
            out[f"vsv_switch_rate{suffix}"] = switched / base if base else np.nan
            out[f"vsv_exit_rate{suffix}"] = exited / base if base else np.nan

        rates(years, "")
        for k in LEVELS:
            rates([r for r in years if r.level == k], f"_level_{k}")
        level1 = [r for r in years if r.level == 1]
        n1 = sum(r.base for r in level1)
        entree = sum(r.entree_diploma for r in level1)
        out["vsv_entree_diploma_share"] = entree / n1 if n1 else np.nan
        return out
