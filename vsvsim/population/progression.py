"""Year closing: diplomas for final-year students who pass; the others move up or repeat.

In the last school week before the summer every enrolled student passes the year with a
chance that rises steeply with time investment and confidence (a logistic curve,
``pass_steepness`` around ``pass_threshold``); a final-year student who passes gets the
diploma, another moves up a year; one who does not pass repeats the year.
"""

from __future__ import annotations

from vsvsim.core.module import Module
from vsvsim.core.params import Param
from vsvsim.core.state import Status
from vsvsim.mechanisms.base import sigmoid

# fmt: off
PARAMS = (
    Param("pass_threshold", "school", 0.4, 0.0, 1.0, unit="0-1",
          doc="Mean of time investment and confidence at which half the students pass the "
              "year"),
    Param("pass_steepness", "school", 10.0, 0.5, 50.0, unit="1/0-1",
          doc="Steepness of the chance to pass the year around pass_threshold"),
)
# fmt: on


class YearClosing(Module):
    """Diplomas and progression in the last school week before the summer."""

    name = "year_closing"
    title = "Year closing: diplomas for final-year students who pass; others move up or repeat"
    source = "assumption"
    params = PARAMS

    def step(self, sim) -> None:
        """Decide who passes the year (only in the year's last school week)."""
        if not sim.week.year_end:
            return
        s, p = sim.state, sim.p
        u = sim.streams("progression").random(s.n)
        enrolled = s.status == Status.ENROLLED
        ready = (s.time_investment + s.confidence) / 2
        passed = enrolled & (u < sigmoid(p.pass_steepness * (ready - p.pass_threshold)))
        final = s.programme_year >= s.programme_length
        s.status[passed & final] = Status.DIPLOMA
        up = passed & ~final
        s.programme_year[up] += 1
