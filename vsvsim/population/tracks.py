"""BOL and BBL: a track per student; a BBL student's work placement, its loss and the search.

On by default since the refit with the modules on (issue 10, item 9; docs/calibration.md);
``tracks = false`` in a scenario file (table ``[tracks]``) switches them off: one
school-based track for everyone.

With the tracks on:

- **A track per student (set-up, stream ``tracks``).** At each level a share
  ``bbl_share_level_k`` of the rows is BBL (work-based: four days with a training company,
  one at school), the others BOL (school-based, with internships). BBL students are older
  (brief section 9: BBL is mostly levels 2-4 and older students): within a level the BBL
  students are the rows with the highest score ``bbl_age_weight x z(age at intake) +
  logistic noise``, so the share is exact and the age gradient is a lever (0: age plays
  no part).
- **The work placement (BBL; weekly, row-wise).** An enrolled BBL student needs a
  training company; it has one when it starts (a BBL enrolment needs a contract). Each
  week it loses it with chance ``bbl_placement_loss_rate x exp(bbl_slack_loss_gain x (0.5
  - tightness) / 0.5)``, where ``tightness = labour_market_pull x context_pull`` is the
  local labour market (0.5: average), so placements are lost more in a slack labour
  market. Losing it starts a search: each week the student finds a new company with
  chance ``bbl_search_rate x tightness / 0.5 x (internship_chance_base +
  internship_competence_weight x competence at school)`` (the employers' preference for
  competent students is the one internship places use). After ``bbl_search_weeks``
  weeks without one the programme ends (``placement_failed``; the exit itself, its
  route and registered reason are :mod:`vsvsim.interventions.school_exits`'): a failed
  placement, an abrupt exit. A BBL student who returns to a programme has a training
  company again (it enrols with a contract).
- **Internships (BOL).** With the tracks on, internships
  (:mod:`vsvsim.interventions.internships`) are for BOL students only, in every programme
  year from ``bol_internship_from_year`` and in the final year (BBL students learn at
  their training company).

What the track does not change (an assumption where the issue is silent): the other
dynamics (needs, pull of work, stress) are the same for BOL and BBL students. The weekly
draws ``u_placement_loss`` and ``u_placement_search`` come from the stream
``tracks_weekly``, its own, only in a run with the tracks on (``Draw.when``), so the
switch shifts no other draw.
"""

from __future__ import annotations

import numpy as np

from vsvsim.core.module import Draw, Module
from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, Status
from vsvsim.mechanisms.base import put

__all__ = ["BBL", "BOL", "TRACKS", "Tracks", "assign_tracks", "placement_week"]

#: Track codes (``track``).
BOL, BBL = 0, 1
TRACKS = ("bol", "bbl")
#: Local labour-market tightness (``labour_market_pull x context_pull``) at which the
#: placement rates are their stated values (the default pull, an average context).
AVERAGE_TIGHTNESS = 0.5

# fmt: off
PARAMS = (
    Param("tracks", "tracks", True, unit="switch",
          source="brief section 9 (BOL and BBL)",
          doc="Tracks: BOL (school-based, with internships) and BBL (work-based: losing "
              "the training company and finding none ends the programme)"),
    *(Param(f"bbl_share_level_{k}", "tracks", share, 0.0, 1.0, unit="share",
            source="assumption (roughly the national BOL/BBL split by level, MBO Raad key "
                   "figures; the brief gives no figures)",
            doc=f"Share of level-{k} students in the work-based track (BBL)")
      for k, share in ((1, 0.05), (2, 0.35), (3, 0.3), (4, 0.15))),
    Param("bbl_age_weight", "tracks", 1.0, 0.0, 5.0, unit="x",
          source="brief section 9 (BBL: mostly older students); value assumption",
          doc="How strongly age at intake decides who is in BBL within a level (weight of "
              "the standardised age against logistic noise; 0: age plays no part)"),
    Param("bbl_placement_loss_rate", "tracks", 0.002, 0.0, 0.1, unit="per week",
          source="assumption (brief section 9: losing the placement can end the programme; "
                 "no rate given)",
          doc="Weekly chance that a BBL student loses its training company (average "
              "labour market)"),
    Param("bbl_slack_loss_gain", "tracks", 1.0, 0.0, 5.0, unit="x",
          source="issue 10 (a higher loss rate in a slack labour market); value assumption",
          doc="How much faster placements are lost in a slack local labour market: the "
              "rate is multiplied by exp(gain x (0.5 - tightness) / 0.5)"),
    Param("bbl_search_rate", "tracks", 0.15, 0.0, 1.0, unit="per week",
          source="assumption",
          doc="Weekly chance that a BBL student without a training company finds a new "
              "one (average labour market and competence)"),
    Param("bbl_search_weeks", "tracks", 8, 1, 52, unit="weeks",
          source="assumption (schools give a BBL student some weeks to find a new "
                 "company)",
          doc="Weeks a BBL student may search for a new training company before the "
              "programme ends"),
    Param("bol_internship_from_year", "tracks", 2, 1, 4, unit="years",
          source="assumption (BOL programmes schedule work placements (BPV) in most "
                 "years, not only the last)",
          doc="First programme year in which BOL students need an internship place (with "
              "the tracks on; the final year always has one)"),
)
STATES = (
    StateVar("track", "int8", BOL, BOL, BBL, "track: 0 BOL (school-based), 1 BBL "
             "(work-based)", "attribute"),
    StateVar("placement", "bool", False, None, None,
             "BBL: has a training company", "attribute"),
    StateVar("placement_search", "int16", 0, 0, None,
             "BBL: weeks searched for a new training company (0: not searching)",
             "attribute"),
    StateVar("placements_lost", "int8", 0, 0, None,
             "BBL: training companies lost", "attribute"),
    StateVar("placement_failed", "bool", False, None, None,
             "BBL: the search for a new training company failed this week (the "
             "programme ends)", "event"),
)
# fmt: on


def assign_tracks(level: np.ndarray, age: np.ndarray, p, rng: np.random.Generator) -> np.ndarray:
    """Track codes: within each level the top share by age score (plus noise) is BBL.

    Args:
        level: mbo level per row.
        age: Age at intake per row.
        p: Parameters (``bbl_share_level_k``, ``bbl_age_weight``).
        rng: The set-up stream.

    Returns:
        One track code per row.
    """
    noise = rng.logistic(size=level.size)  # one draw per row whatever the parameters
    track = np.full(level.size, BOL, dtype=np.int8)
    for k in (1, 2, 3, 4):
        rows = np.flatnonzero(level == k)
        if rows.size == 0:
            continue
        a = age[rows].astype(np.float64)
        z = (a - a.mean()) / a.std() if a.std() > 0 else np.zeros(rows.size)
        score = p.bbl_age_weight * z + noise[rows]
        n_bbl = round(getattr(p, f"bbl_share_level_{k}") * rows.size)
        if n_bbl:
            track[rows[np.argsort(-score, kind="stable")[:n_bbl]]] = BBL
    return track


def placement_week(s, p, u_loss: np.ndarray, u_find: np.ndarray, enrolled: np.ndarray) -> None:
    """One week of BBL work placements: loss, search, and a failed search (row-wise).

    Args:
        s: The student arrays.
        p: The parameters (a float may be one value per row).
        u_loss: A uniform per row (losing the placement).
        u_find: A uniform per row (finding a new one).
        enrolled: Mask of the enrolled students.
    """
    bbl = enrolled & (s.track == BBL)
    searching = bbl & (s.placement_search > 0)
    # A BBL student who starts a programme has a training company (a contract).
    put(s.placement, True, bbl & ~s.placement & ~searching)
    tight = p.labour_market_pull * s.context_pull
    slack = (AVERAGE_TIGHTNESS - tight) / AVERAGE_TIGHTNESS
    loss = p.bbl_placement_loss_rate * np.exp(p.bbl_slack_loss_gain * slack)
    lose = bbl & s.placement & (u_loss < loss)
    competence = p.internship_chance_base + p.internship_competence_weight * s.comp_school
    find = searching & (u_find < p.bbl_search_rate * tight / AVERAGE_TIGHTNESS * competence)
    put(s.placement, True, find)
    put(s.placement_search, 0, find)
    still = searching & ~find
    put(s.placement_search, s.placement_search + 1, still)
    failed = still & (s.placement_search > p.bbl_search_weeks)
    put(s.placement, False, lose)
    put(s.placement_search, 1, lose)
    s.placements_lost += lose
    s.placement_failed = failed
    # Not enrolled (left, diploma): no search runs on.
    put(s.placement_search, 0, ~enrolled)


class Tracks(Module):
    """BOL and BBL; a BBL student's training company, its loss and the search (when on)."""

    name = "tracks"
    batched = True  # the weekly step is row-wise over the arrays and reads sim.pb
    title = "Tracks: BBL students lose their training company (more in a slack market) and search"
    source = "brief section 9 (BOL and BBL); issue 10 item 5"
    params = PARAMS
    states = STATES
    draws = (
        Draw("tracks_weekly", "u_placement_loss", when=("tracks",)),
        Draw("tracks_weekly", "u_placement_search", when=("tracks",)),
    )

    def init(self, sim) -> None:
        """Assign every row's track (after age; with the tracks on)."""
        if sim.p.tracks:
            s = sim.state
            s.track = assign_tracks(s.level, s.intake_age, sim.p, sim.streams("tracks"))

    def step(self, sim) -> None:
        """One week of BBL placements (nothing when off)."""
        if not sim.pb.tracks:
            return
        r = sim.draws
        placement_week(sim.state, sim.pb, r.u_placement_loss, r.u_placement_search, sim.w.enrolled)

    def outputs(self, sim) -> dict[str, float]:
        """BBL share, first-exit rates by track, placements lost and failed searches."""
        s = sim.state
        entered = s.status != Status.PENDING
        bbl = entered & (s.track == BBL)
        bol = entered & (s.track == BOL)
        exited = s.first_exit > 0
        return {
            "bbl_share": _mean(bbl[entered]),
            "dropout_rate_bol": _mean(exited[bol]),
            "dropout_rate_bbl": _mean(exited[bbl]),
            "placements_lost": float(s.placements_lost[entered].sum()),
        }


def _mean(x: np.ndarray) -> float:
    return float(np.mean(x)) if x.size else np.nan
