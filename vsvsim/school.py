"""School-side instruments: intake screening, the early-warning signal, internships.

(Absence registration and signalling, a letter and above a threshold a conversation, is
part of the study-career mentor's routine in :mod:`vsvsim.coaching`.)

- **Intake screening** sorts students into green, orange and red in the default mix
  80/15/5. With ``screening_accuracy`` 1 the colours follow the true (latent) risk; with
  0 they are random; in between, the screening score mixes the two.
- **Early-warning signal**, computed every week from the state the school can see:
  commitment or confidence falling more than ``ew_drop`` below its running mean, rising
  instability, or absence above a threshold; by default only in the second semester.
  Hits (signalled, later left), false alarms (signalled, did not leave) and misses (left
  without a signal) are reported in the run summary.
- **Internship placement**: at the start of the second semester final-year students of
  programmes of two or more years need an internship place; the chance of finding one
  falls with low competence. Finding none is a very bad school event that can end
  enrolment at once (FS: those who left because they found no place were not absent a
  lot).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from vsvsim.calendar import SEMESTER_2_START, Week
from vsvsim.state import Status, StudentArrays

if TYPE_CHECKING:
    from vsvsim.model import DropoutModel

__all__ = ["early_warning", "internships", "screen"]


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
    risk_rank = np.argsort(np.argsort(s.vulnerability, kind="stable"), kind="stable") / max(
        n - 1, 1
    )
    score = accuracy * risk_rank + (1.0 - accuracy) * rng.random(n)
    s.colour = _tiers(score, share_orange, share_red)
    s.at_risk = s.colour > 0


def _tiers(score: np.ndarray, share_orange: float, share_red: float) -> np.ndarray:
    """Top ``share_red`` of ``score`` red (2), the next ``share_orange`` orange (1)."""
    red_cut = np.quantile(score, 1.0 - share_red) if share_red > 0 else np.inf
    orange_cut = np.quantile(score, 1.0 - share_red - share_orange) if share_orange > 0 else red_cut
    return np.where(score >= red_cut, 2, np.where(score >= orange_cut, 1, 0)).astype(np.int8)


def early_warning(model: DropoutModel, week: Week) -> None:
    """Update running means and raise the early-warning signal (first signal is kept)."""
    s, p = model.state, model.p
    enrolled = s.status == Status.ENROLLED
    if not week.school_week:
        return
    falling = (s.commitment_slow - s.commitment > p.ew_drop) | (
        s.confidence_slow - s.confidence > p.ew_drop
    )
    signal = enrolled & (falling | (s.instability > p.ew_instability) | (s.absence > p.ew_absence))
    if p.ew_second_semester_only:
        signal &= week.semester == 2
    new = signal & ~s.signalled
    s.signalled |= new
    s.signal_week[new] = week.index
    for name in ("commitment", "confidence"):
        slow = s[f"{name}_slow"]
        slow[...] = np.where(enrolled, slow + 0.1 * (s[name] - slow), slow)


def internships(model: DropoutModel, week: Week) -> None:
    """At the start of semester 2, final-year students look for an internship place."""
    s, p = model.state, model.p
    s.internship_failed[:] = False
    if week.iso_week != SEMESTER_2_START:
        return
    u = model.streams("internships").random(s.n)
    need = (
        (s.status == Status.ENROLLED)
        & (s.programme_length >= 2)
        & (s.programme_year == s.programme_length)
    )
    chance = np.clip(p.internship_placement_rate * (0.55 + 0.8 * s.comp_school), 0, 1)
    placed = need & (u < chance)
    s.internship = placed
    s.internship_failed = need & ~placed


def warning_report(s: StudentArrays) -> dict[str, float]:
    """Hits, false alarms and misses of the early-warning signal among entered students."""
    entered = s.status != Status.PENDING
    left = entered & (s.first_exit > 0)
    signalled_before = s.signalled & (~left | (s.signal_week <= s.left_week))
    hits = int((left & signalled_before).sum())
    false_alarms = int((entered & s.signalled & ~left).sum())
    misses = int((left & ~signalled_before).sum())
    return {
        "ew_signalled": int((entered & s.signalled).sum()),
        "ew_hits": hits,
        "ew_false_alarms": false_alarms,
        "ew_misses": misses,
        "ew_precision": hits / (hits + false_alarms) if hits + false_alarms else np.nan,
        "ew_recall": hits / (hits + misses) if hits + misses else np.nan,
    }
