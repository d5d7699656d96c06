"""Intake screening: the green/orange/red colour the school works with.

Intake screening sorts students into green, orange and red in the configured mix
(default 80/15/5, Het Buro's colour code). With ``screening_accuracy`` 1 the colours
follow the true (latent) risk; with 0 they are random; in between, the screening score
mixes the two. Screening happens once, at set-up, for every row (later intakes too).

With the life domains on (``life_domains``, :mod:`vsvsim.mechanisms.life_domains`) intake
screening is a quickscan of the domains instead (:func:`quickscan`; Het Buro's Quickscan):
a risk score per domain, ``screening_accuracy * severity + (1 - accuracy) * noise``, summed
with the domains' burdens, plus the *school* domain (the matrix's "daily activities": the
school record a transfer file and intake interview show, read from the student's latent
risk as the screening without the domains reads it, ``screening_accuracy * rank +
(1 - accuracy) * noise``) with weight ``quickscan_school_weight``; the colours are the
same top shares of that sum, so the mix stays exactly 80/15/5. Without the school domain
(weight 0) the at-risk group is whoever carries problems outside school, and the
process study's winter lead of the eventual dropouts (T2) turns negative: they are then
the vulnerable students among problem carriers rather than keen students in programmes
that do not fit (measured; docs/ODD.md). Each domain's score is also put on the 5-point
scale of the self-sufficiency matrix (:func:`ssm_points`; 5 fully self-sufficient, 1
acute crisis), and :class:`SelfSufficiency` re-scores the matrix every
``ssm_interval_weeks`` school weeks (for coached students, or for everyone:
``ssm_scope``), so a student's colour can change during the year: orange or red when its
matrix deficit reaches the deficit that was orange or red at intake. ``at_risk`` (the
comparison or at-risk group) stays the intake group; ``intake_colour`` keeps the intake
colour.
"""

from __future__ import annotations

import numpy as np

from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, Status, StudentArrays
from vsvsim.interventions.base import Intervention
from vsvsim.mechanisms.life_domains import DOMAINS
from vsvsim.population.cohort import risk_tiers

__all__ = [
    "Screening",
    "SelfSufficiency",
    "quickscan",
    "risk_rank",
    "screen",
    "ssm_deficit",
    "ssm_points",
]

#: Points of the self-sufficiency matrix: 1 (acute crisis) to 5 (fully self-sufficient).
SSM_TOP = 5

# fmt: off
PARAMS = (
    Param("share_orange", "cohort", 0.15, 0.0, 1.0, unit="share",
          source="UCA ch. 4 (Het Buro intake colour code 80/15/5)",
          doc="Share of students screened orange (elevated risk)"),
    Param("share_red", "cohort", 0.05, 0.0, 1.0, unit="share",
          source="UCA ch. 4 (Het Buro intake colour code 80/15/5)",
          doc="Share of students screened red (high risk)"),
    Param("screening_accuracy", "school", 0.7, 0.0, 1.0, unit="0-1",
          source="UCA ch. 4 (intake colour code); value assumption",
          doc="Accuracy of intake screening: 1 colours follow true risk, 0 colours are random"),
)
STATES = (
    StateVar("colour", "int8", 0, 0, 2,
             "risk colour the school works with: 0 green, 1 orange, 2 red (intake "
             "screening; re-scoring the self-sufficiency matrix may change it)", "attribute"),
    StateVar("at_risk", "bool", False, None, None, "in the at-risk group (orange or red)",
             "attribute"),
    StateVar("true_colour", "int8", 0, 0, 2,
             "true risk tier (0 green, 1 orange, 2 red); `colour` is what screening saw",
             "attribute"),
    StateVar("intake_colour", "int8", 0, 0, 2,
             "colour at intake screening (`colour` may change on re-scoring)", "attribute"),
)
SSM_PARAMS = (
    Param("ssm_interval_weeks", "domains", 6, 0, 52, unit="weeks",
          source="brief section 9 (the self-sufficiency matrix is repeated during coaching); "
                 "interval an assumption",
          doc="School weeks between two scorings of a student's self-sufficiency matrix "
              "(0: never re-scored; with the life domains on)"),
    Param("quickscan_school_weight", "domains", 1.0, 0.0, 5.0, unit="x",
          source="brief section 9 (the self-sufficiency matrix scores daily activities, "
                 "here school, beside the life domains; Het Buro's Quickscan); weight an "
                 "assumption, not fitted",
          doc="Weight of the school domain (the school record, from the student's latent "
              "risk) in the quickscan and the self-sufficiency matrix, against the life "
              "domains weighted by their burdens (0: colours from the life domains alone)"),
    Param("ssm_scope", "domains", "coached", choices=("coached", "all"), unit="choice",
          source="brief section 9; assumption",
          doc="Whose self-sufficiency matrix is re-scored: students with a project coach "
              "(the coach scores it) or every enrolled student (the school's care team)"),
)
SSM_STATES = (
    *(StateVar(f"ssm_{d.name}", "int8", SSM_TOP, 1, SSM_TOP,
               f"self-sufficiency matrix score for {d.title} (1 acute crisis ... 5 fully "
               "self-sufficient), as last scored", "attribute")
      for d in DOMAINS),
    StateVar("ssm_school", "int8", SSM_TOP, 1, SSM_TOP,
             "self-sufficiency matrix score for the school domain (daily activities), as "
             "last scored", "attribute"),
    StateVar("school_risk", "float32", 0.0, 0.0, 1.0,
             "the student's latent risk as a rank in its cohort (0 lowest, 1 highest): what "
             "the school domain of the quickscan reads", "attribute"),
    StateVar("ssm_week", "int32", 0, 0, None, "week the matrix was last scored", "attribute"),
    StateVar("ssm_scorings", "int16", 0, 0, None,
             "re-scorings of the self-sufficiency matrix after intake", "attribute"),
)
# fmt: on


def screen(
    s: StudentArrays,
    accuracy: float,
    share_orange: float,
    share_red: float,
    rng: np.random.Generator,
) -> None:
    """Intake screening: set ``colour`` (what the school sees) from ``true_colour``'s risk.

    The screening score is ``accuracy * rank(vulnerability) + (1 - accuracy) * noise``,
    so the colour mix is exactly the configured one whatever the accuracy.
    """
    n = s.n
    score = accuracy * risk_rank(s) + (1.0 - accuracy) * rng.random(n)
    s.colour = risk_tiers(score, share_orange, share_red)
    s.at_risk = s.colour > 0


def risk_rank(s: StudentArrays) -> np.ndarray:
    """Each row's latent risk (vulnerability) as its rank in the cohort, on [0, 1]."""
    order = np.argsort(np.argsort(s.vulnerability, kind="stable"), kind="stable")
    return order / max(s.n - 1, 1)


def domain_scores(s: StudentArrays, accuracy: float, u: np.ndarray, rows=None) -> np.ndarray:
    """Measured risk per scored domain, ``accuracy * severity + (1 - accuracy) * noise``.

    One row per life domain, and a last row for the school domain (``school_risk`` in
    place of a severity). ``rows`` (an index) scores only those students, with their
    columns of ``u``, laid out as selecting them from all students' scores would be
    (column-major): the same values, and the same order of any later sum over domains.
    """
    names = (*(f"problem_{d.name}" for d in DOMAINS), "school_risk")
    if rows is None:
        return accuracy * np.stack([s[name] for name in names]) + (1.0 - accuracy) * u
    sev = np.stack([s[name][rows] for name in names], axis=1).T
    return accuracy * sev + (1.0 - accuracy) * u.T[rows].T


def ssm_points(scores: np.ndarray) -> np.ndarray:
    """Measured risk (0-1) on the matrix's 5-point scale: five equal bins, 5 for no risk."""
    return (SSM_TOP - np.minimum(np.floor(SSM_TOP * scores), SSM_TOP - 1)).astype(np.int8)


def weights(p) -> np.ndarray:
    """The scored domains' weights: the life domains' burdens, then the school domain's."""
    burden = [getattr(p, f"domain_burden_{d.name}") for d in DOMAINS]
    return np.array([*burden, p.quickscan_school_weight])


def ssm_deficit(points: np.ndarray, p) -> np.ndarray:
    """A matrix's deficit: the scored domains' points below 5, weighted (:func:`weights`)."""
    return (weights(p)[:, None] * (SSM_TOP - points)).sum(axis=0)


def _store_points(s: StudentArrays, points: np.ndarray, rows=slice(None)) -> None:
    for d, pts in zip(DOMAINS, points[:-1], strict=True):
        s[f"ssm_{d.name}"][rows] = pts
    s.ssm_school[rows] = points[-1]


def quickscan(s: StudentArrays, p, rng: np.random.Generator) -> None:
    """Intake screening as a quickscan of the life and school domains (module docstring).

    The colour mix is exactly ``share_orange`` and ``share_red`` whatever the accuracy
    (ties, such as students without any problem at accuracy 1, are broken by row).
    """
    s.school_risk = risk_rank(s)
    scores = domain_scores(s, p.screening_accuracy, rng.random((len(DOMAINS) + 1, s.n)))
    total = (weights(p)[:, None] * scores).sum(axis=0)
    rank = np.argsort(np.argsort(total, kind="stable"), kind="stable") / max(s.n - 1, 1)
    s.colour = risk_tiers(rank, p.share_orange, p.share_red)
    s.at_risk = s.colour > 0
    _store_points(s, ssm_points(scores))


class Screening(Intervention):
    """Intake screening at set-up (stream ``screening``; the quickscan: ``quickscan``)."""

    name = "screening"
    kind = "instrument"
    weekly = False
    title = "Intake screening: green, orange and red at the configured accuracy"
    source = "UCA ch. 4 (Het Buro's intake colour code)"
    params = PARAMS
    states = STATES

    def init(self, sim) -> None:
        """Screen every row once."""
        p = sim.p
        if p.life_domains:
            quickscan(sim.state, p, sim.streams("quickscan"))
        else:
            screen(
                sim.state,
                p.screening_accuracy,
                p.share_orange,
                p.share_red,
                sim.streams("screening"),
            )
        sim.state.intake_colour = sim.state.colour


class SelfSufficiency(Intervention):
    """Re-scoring of the self-sufficiency matrix; the colour follows it (domains on).

    Steps each member of a batch on its own rows (its own stream ``ssm``, its own intake
    cut-offs).
    """

    name = "self_sufficiency"
    kind = "instrument"
    title = "Self-sufficiency matrix: re-scored every few weeks; the colour follows it"
    source = "brief section 9 (zelfredzaamheidsmatrix)"
    params = SSM_PARAMS
    states = SSM_STATES

    def init(self, sim) -> None:
        """The deficits that were orange and red at intake: the cut-offs of re-scoring."""
        self.cuts = None
        p, s = sim.p, sim.state
        if not p.life_domains:
            return
        points = np.stack([*(s[f"ssm_{d.name}"] for d in DOMAINS), s.ssm_school])
        deficit = ssm_deficit(points, p)
        self.cuts = (
            np.quantile(deficit, 1.0 - p.share_red - p.share_orange),
            np.quantile(deficit, 1.0 - p.share_red),
        )
        s.ssm_week = s.entry_week

    def step(self, sim) -> None:
        """Re-score the matrices that are due this school week."""
        p, s, week = sim.p, sim.state, sim.week
        if self.cuts is None or p.ssm_interval_weeks == 0:
            return
        u = sim.streams("ssm").random((len(DOMAINS) + 1, s.n))  # every week: common numbers
        if not week.school_week:
            return
        enrolled = s.status == Status.ENROLLED
        if p.ssm_scope == "coached":
            scope = enrolled & (s.coach >= 0) & (s.coach_start <= week.index)
        else:
            scope = enrolled
        last = np.maximum(s.ssm_week, s.entry_week)
        rows = np.flatnonzero(scope & (week.index - last >= p.ssm_interval_weeks))
        if rows.size == 0:
            return
        scores = domain_scores(s, p.screening_accuracy, u, rows)
        points = ssm_points(scores)
        _store_points(s, points, rows)
        deficit = ssm_deficit(points, p)
        orange, red = self.cuts
        # A deficit of zero is never a colour (at intake it may be the orange cut-off).
        colour = np.where(
            (deficit >= red) & (deficit > 0), 2, np.where((deficit >= orange) & (deficit > 0), 1, 0)
        )
        s.colour[rows] = colour
        s.ssm_week[rows] = week.index
        s.ssm_scorings[rows] += 1

    def outputs(self, sim) -> dict[str, float]:
        """Re-scorings, and the share of entered students whose colour changed."""
        s = sim.state
        entered = s.status != Status.PENDING
        return {
            "ssm_scorings": float(s.ssm_scorings.sum()),
            "colour_changed_share": float(np.mean(s.colour[entered] != s.intake_colour[entered]))
            if entered.any()
            else np.nan,
        }
