"""The school calendar: weeks, holidays, semesters, year boundaries."""

import datetime as dt

from vsvsim.core.calendar import SchoolCalendar


def test_school_year_shape():
    cal = SchoolCalendar(2025, 2)
    assert len(cal) in range(104, 107)
    first = cal[0]
    assert first.date.month == 8 and first.date.weekday() == 0 and first.year_start
    starts = [w.index for w in cal.weeks if w.year_start]
    assert starts[0] == 0 and len(starts) == 2
    holidays = {w.holiday for w in cal.weeks[: starts[1]]} - {""}
    assert holidays == {"autumn", "christmas", "spring", "may", "summer"}
    assert sum(w.holiday == "summer" for w in cal.weeks[: starts[1]]) == 6
    assert sum(w.year_end for w in cal.weeks) == 2
    # Semester 2 starts in early February; the year ends before the summer holiday.
    sem2 = next(w for w in cal.weeks if w.semester == 2)
    assert sem2.month == 2
    end = next(w for w in cal.weeks if w.year_end)
    assert end.month == 7 and end.school_week


def test_one_census_week_per_school_year_contains_1_october():
    cal = SchoolCalendar(2025, 3)
    census = [w for w in cal.weeks if w.census]
    assert [w.school_year for w in census] == [0, 1, 2]
    for w in census:
        first_october = w.date.replace(month=10, day=1)
        assert w.date <= first_october < w.date + dt.timedelta(days=7)
