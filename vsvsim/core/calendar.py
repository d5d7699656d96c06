"""The school-year calendar: one model step is one week.

A school year starts on the Monday of ISO week 35 (late August) and runs to the Monday
before the next one (52 or 53 weeks). Holidays follow the usual Dutch mbo pattern by ISO
week (an assumption; regions shift them by a week): autumn (week 43), Christmas (weeks 52
and 1), spring (week 8), May (week 18) and summer (weeks 29-34). The second semester
starts in ISO week 6. The last school week before the summer (ISO week 28) closes the
year: diplomas and progression. The first week of every later school year brings the new
intake and re-entry. The week that contains 1 October is the census week: DUO counts
enrolment on 1 October, and the official VSV indicator compares two of those counts.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

__all__ = ["HOLIDAYS", "SchoolCalendar", "Week", "census_date"]

#: ISO weeks of each holiday.
HOLIDAYS: dict[str, tuple[int, ...]] = {
    "autumn": (43,),
    "christmas": (52, 53, 1),
    "spring": (8,),
    "may": (18,),
    "summer": (29, 30, 31, 32, 33, 34),
}
_HOLIDAY_OF_WEEK = {w: name for name, weeks in HOLIDAYS.items() for w in weeks}
SEMESTER_2_START = 6  # ISO week
YEAR_END_WEEK = 28  # ISO week: last school week before the summer
FIRST_ISO_WEEK = 35
#: DUO's count date (1 October): month and day.
CENSUS_MONTH, CENSUS_DAY = 10, 1


@dataclass(frozen=True)
class Week:
    """What the calendar says about one step.

    Attributes:
        index: Step index from 0.
        date: Monday of the week.
        iso_week: ISO week number.
        month: Calendar month (1-12) of the Monday.
        school_year: School year index from 0.
        week_of_year: Week within the school year, from 0.
        holiday: Holiday name, or "" in a school week.
        semester: 1 or 2.
        year_start: First week of a school year.
        year_end: Week that closes the school year (diplomas, progression).
        census: Week that contains 1 October (DUO's enrolment count date).
    """

    index: int
    date: dt.date
    iso_week: int
    month: int
    school_year: int
    week_of_year: int
    holiday: str
    semester: int
    year_start: bool
    year_end: bool
    census: bool = False

    @property
    def school_week(self) -> bool:
        """True when school is in session."""
        return not self.holiday


def census_date(date: dt.date) -> dt.date:
    """1 October of the calendar year of ``date``."""
    return dt.date(date.year, CENSUS_MONTH, CENSUS_DAY)


def _contains_census(monday: dt.date) -> bool:
    return monday <= census_date(monday) < monday + dt.timedelta(weeks=1)


def _year_start(year: int) -> dt.date:
    return dt.date.fromisocalendar(year, FIRST_ISO_WEEK, 1)


@functools.cache
def _weeks(start_year: int, years: int) -> tuple[Week, ...]:
    """The weeks of ``years`` school years from ``start_year``, built once per pair.

    Weeks are frozen, so every run with that calendar shares them (a batch's members and
    a sweep's runs would otherwise each build the same 52 weeks).
    """
    weeks: list[Week] = []
    for y in range(years):
        first, nxt = _year_start(start_year + y), _year_start(start_year + y + 1)
        for k in range((nxt - first).days // 7):
            date = first + dt.timedelta(weeks=k)
            iso = date.isocalendar().week
            weeks.append(
                Week(
                    index=len(weeks),
                    date=date,
                    iso_week=iso,
                    month=date.month,
                    school_year=y,
                    week_of_year=k,
                    holiday=_HOLIDAY_OF_WEEK.get(iso, ""),
                    semester=2 if SEMESTER_2_START <= iso < FIRST_ISO_WEEK else 1,
                    year_start=k == 0,
                    year_end=iso == YEAR_END_WEEK,
                    census=_contains_census(date),
                )
            )
    return tuple(weeks)


class SchoolCalendar:
    """The weeks of ``years`` school years starting in ``start_year``.

    Args:
        start_year: Calendar year in which the first school year starts.
        years: Number of school years.
    """

    def __init__(self, start_year: int, years: int):
        self.start_year = start_year
        self.years = years
        self.weeks: list[Week] = list(_weeks(start_year, years))

    def __len__(self) -> int:
        return len(self.weeks)

    def __getitem__(self, index: int) -> Week:
        return self.weeks[index]
