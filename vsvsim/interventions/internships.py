"""Internship placement: students need a place in the second semester.

At the start of the second semester final-year students of programmes of two or more
years need an internship place (with the tracks on, :mod:`vsvsim.population.tracks`:
BOL students in every programme year from ``bol_internship_from_year`` and in the final
year, BBL students none); the chance of finding one falls with low competence.
Finding none is a very bad school event that can end enrolment at once (FS: those who
left because they found no place were not absent a lot).
"""

from __future__ import annotations

import numpy as np

from vsvsim.core.calendar import SEMESTER_2_START
from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, Status
from vsvsim.interventions.base import Intervention
from vsvsim.population.tracks import BOL

__all__ = ["Internships", "internships"]

# fmt: off
PARAMS = (
    Param("internship_placement_rate", "school", 0.756, 0.0, 1.0, unit="probability",
          source="FS (no internship place as a reason to leave); fitted (docs/calibration.md)",
          doc="Chance that a final-year student finds an internship place (average student)",
          fit=(0.6, 1.0)),
    Param("internship_min_programme_years", "school", 2, 1, 4, unit="years",
          doc="Shortest programme whose final-year students need an internship place"),
    Param("internship_chance_base", "school", 0.55, 0.0, 2.0, unit="x",
          doc="Multiplier of internship_placement_rate for a student with no competence at "
              "school"),
    Param("internship_competence_weight", "school", 0.8, 0.0, 2.0, unit="x per 0-1",
          source="FS (no internship place as a reason to leave); value assumption",
          doc="Rise of that multiplier per unit of competence at school"),
)
STATES = (
    StateVar("internship", "bool", False, None, None, "has an internship place this year",
             "attribute"),
    StateVar("internship_failed", "bool", False, None, None,
             "found no internship place this week", "event"),
)
# fmt: on


def internships(sim, week) -> None:
    """At the start of semester 2, final-year students look for an internship place."""
    s, p = sim.state, sim.p
    s.internship_failed[:] = False
    if week.iso_week != SEMESTER_2_START:
        return
    u = sim.streams("internships").random(s.n)
    final = s.programme_year == s.programme_length
    if p.tracks:
        # BOL students in every scheduled year (and the final one); BBL students learn at
        # their training company (vsvsim.population.tracks).
        scheduled = final | (s.programme_year >= p.bol_internship_from_year)
        in_year = scheduled & (s.track == BOL)
    else:
        in_year = final
    need = (
        (s.status == Status.ENROLLED)
        & (s.programme_length >= p.internship_min_programme_years)
        & in_year
    )
    chance = np.clip(
        p.internship_placement_rate
        * (p.internship_chance_base + p.internship_competence_weight * s.comp_school),
        0,
        1,
    )
    placed = need & (u < chance)
    s.internship = placed
    s.internship_failed = need & ~placed


class Internships(Intervention):
    """Internship placement (an instrument of the school)."""

    name = "internships"
    kind = "instrument"
    title = "Internships: students look for a place at the start of semester 2"
    source = "FS (no internship place as a reason to leave)"
    params = PARAMS
    states = STATES

    def step(self, sim) -> None:
        """Search for places (in the first week of semester 2 only)."""
        internships(sim, sim.week)
