"""The response model: who fills in which weekly diary, and how noisy the answers are.

Every scheduled diary is completed with a chance that follows a logistic model:

    logit P(complete) = a_group + u_person + engagement_slope x (commitment - group mean)
                        + log(holiday_odds) [holiday week]
                        - late_decline x max(0, study week - decline_from_week + 1)
                        + log(left_odds) [student no longer enrolled]

``u_person`` is a persistent respondent effect (normal, sd ``person_sd``): some people
fill in nearly every week, others rarely. The intercept ``a_group`` is not a free
parameter: it is solved (by bisection) so that the expected completion share over the
group's scheduled diaries equals the configured rate (comparison students 83%, at-risk
students 67%, coaches 52%, brief 7a). The other terms move responses between weeks and
people without changing the group's overall rate, so the rates stay what the study saw
while missingness is informative (more engaged students answer more often).

The parameters live in :data:`DIARY_PARAMETERS`, a table with the fields of
:class:`vsvsim.params.Param`; they should join the central parameter table once it has
settled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "DIARY_PARAMETERS",
    "DiaryParam",
    "completion_chance",
    "diary_params",
    "parameter_table",
    "solve_intercept",
]


@dataclass(frozen=True)
class DiaryParam:
    """One diary parameter (the same fields as :class:`vsvsim.params.Param`)."""

    name: str
    group: str
    default: Any
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    unit: str = "-"
    source: str = "assumption"
    doc: str = ""

    def allowed(self) -> str:
        """What values are allowed, in words."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        return f"{self.low} to {self.high}"


_BRIEF = "brief 7a (UCA 5: response rates of the process study)"
#: The diary parameters: response model, answer noise, coach-diary mapping, platform.
DIARY_PARAMETERS: dict[str, DiaryParam] = {
    p.name: p
    for p in (
        DiaryParam("rate_comparison", "response", 0.83, 0.0, 1.0, unit="share", source=_BRIEF,
                   doc="Share of scheduled weekly diaries completed by comparison students"),
        DiaryParam("rate_at_risk", "response", 0.67, 0.0, 1.0, unit="share", source=_BRIEF,
                   doc="Share of scheduled weekly diaries completed by at-risk students"),
        DiaryParam("rate_coach", "response", 0.52, 0.0, 1.0, unit="share", source=_BRIEF,
                   doc="Share of scheduled weekly diaries completed by coaches"),
        DiaryParam("holiday_odds", "response", 0.4, 0.01, 1.0, unit="odds ratio",
                   doc="Odds of responding in a holiday week relative to a school week"),
        DiaryParam("decline_from_week", "response", 25, 1, 35, unit="study week",
                   source="brief 7a (participation dropped from week 25)",
                   doc="First study week (1-35) of the late decline in responding"),
        DiaryParam("late_decline", "response", 0.12, 0.0, 1.0, unit="log-odds per week",
                   doc="Fall in the log-odds of responding per week from decline_from_week"),
        DiaryParam("engagement_slope", "response", 3.0, 0.0, 10.0,
                   unit="log-odds per unit commitment",
                   doc="How much more often more committed students respond (students only)"),
        DiaryParam("person_sd", "response", 1.0, 0.0, 3.0, unit="log-odds",
                   doc="Spread of the persistent person effect on responding"),
        DiaryParam("left_odds", "response", 0.3, 0.0, 1.0, unit="odds ratio",
                   doc="Odds of a student responding after leaving the programme"),
        DiaryParam("opened_share", "response", 0.1, 0.0, 1.0, unit="share",
                   doc="Share of uncompleted diaries that were opened (opened_at set)"),
        DiaryParam("reminder_share", "response", 0.35, 0.0, 1.0, unit="share",
                   doc="Share of completions after the reminder (8 hours after opening)"),
        DiaryParam("noise_sd", "answers", 10.0, 0.0, 50.0, unit="slider points (0-100)",
                   doc="Response noise on every slider answer (v7: scaled to 0-40)"),
        DiaryParam("person_bias_sd", "answers", 6.0, 0.0, 30.0, unit="slider points",
                   doc="Spread of a person's constant offset on all sliders (scale use)"),
        DiaryParam("untouched_share", "answers", 0.05, 0.0, 1.0, unit="share",
                   doc="Chance a visible slider is left untouched"),
        DiaryParam("platform", "answers", "2017", choices=("2017", "current"),
                   source="diary-format.md section 1 (untouched sliders, until 2025-06-30)",
                   doc="2017: an untouched slider is stored as its midpoint and hidden "
                   "time dropdowns post 0; current: an untouched slider is absent"),
        DiaryParam("absent_hours_share", "answers", 0.1, 0.0, 1.0, unit="share",
                   doc="Share of the usual school hours (v7) reported in a week not attended"),
        DiaryParam("event_tick_rate", "answers", 0.25, 0.0, 1.0, unit="chance per option",
                   doc="Base chance a v13 event domain is ticked in an ordinary week"),
        DiaryParam("extra_category_share", "coach", 0.33, 0.0, 1.0, unit="share",
                   source="brief 9 (about a third of actions belong to two action types)",
                   doc="Chance an action series gets a second category ticked"),
        DiaryParam("extra_goal_share", "coach", 0.6, 0.0, 1.0, unit="share",
                   doc="Chance an action series gets a second goal ticked"),
        DiaryParam("extra_relationship_share", "coach", 0.7, 0.0, 1.0, unit="share",
                   source="brief 6b T12 (relationship goal in almost 2/3 of actions)",
                   doc="Chance the second goal is the relationship goal"),
        DiaryParam("not_applicable_share", "coach", 0.05, 0.0, 1.0, unit="share",
                   doc="Chance a coach ticks 'Niet van toepassing' for satisfaction"),
    )
}  # fmt: skip


def diary_params(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults with ``overrides`` applied and checked.

    Raises:
        ValueError: Naming key, value and what is allowed, for an unknown key or a value
            outside its range.
    """
    values = {k: p.default for k, p in DIARY_PARAMETERS.items()}
    for key, value in (overrides or {}).items():
        if key not in DIARY_PARAMETERS:
            raise ValueError(
                f"unknown diary parameter {key!r}; allowed: {', '.join(DIARY_PARAMETERS)}"
            )
        p = DIARY_PARAMETERS[key]
        if p.choices:
            ok = str(value) in p.choices
            value = str(value)
        else:
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            ok = ok and p.low <= value <= p.high
        if not ok:
            raise ValueError(f"diary parameter {key} = {value!r} is not allowed; use {p.allowed()}")
        values[key] = value
    return values


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def solve_intercept(offset: np.ndarray, rate: float) -> float:
    """The intercept ``a`` with mean(sigmoid(a + offset)) equal to ``rate`` (bisection)."""
    if offset.size == 0:
        return 0.0
    rate = float(np.clip(rate, 1e-6, 1 - 1e-6))
    lo, hi = -30.0, 30.0
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if _sigmoid(mid + offset).mean() < rate:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def completion_chance(
    *,
    group: np.ndarray,
    person: np.ndarray,
    study_week: np.ndarray,
    holiday: np.ndarray,
    engagement: np.ndarray,
    enrolled: np.ndarray,
    params: dict[str, Any],
    rng: np.random.Generator,
) -> np.ndarray:
    """Chance that each scheduled diary is completed.

    Args:
        group: ``comparison``, ``at_risk`` or ``coach`` per scheduled diary.
        person: Respondent index per diary (for the persistent person effect).
        study_week: Study week 1-35.
        holiday: True in a holiday week.
        engagement: The student's commitment (0-1) that week; ignored for coaches.
        enrolled: False once the student has left (coaches: the student's status too).
        params: Diary parameters (:func:`diary_params`).
        rng: Random generator (person effects are drawn from it).

    Returns:
        Completion chance per diary; each group's mean equals its configured rate.
    """
    n_people = int(person.max()) + 1 if person.size else 0
    u = rng.standard_normal(n_people) * params["person_sd"]
    offset = u[person]
    offset = offset + np.where(holiday, np.log(params["holiday_odds"]), 0.0)
    late = np.maximum(0, study_week - params["decline_from_week"] + 1)
    offset = offset - params["late_decline"] * late
    offset = offset + np.where(enrolled, 0.0, np.log(max(params["left_odds"], 1e-6)))
    chance = np.zeros(group.size)
    for name in ("comparison", "at_risk", "coach"):
        sel = group == name
        if not sel.any():
            continue
        off = offset[sel]
        if name != "coach":
            e = engagement[sel]
            off = off + params["engagement_slope"] * (e - e.mean())
        a = solve_intercept(off, params[f"rate_{name}"])
        chance[sel] = _sigmoid(a + off)
    return chance


def parameter_table() -> str:
    """Markdown table of :data:`DIARY_PARAMETERS` (docs/diaries.md holds it verbatim)."""
    lines = [
        "| parameter | group | default | allowed | unit | source | meaning |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in DIARY_PARAMETERS.values():
        lines.append(
            f"| `{p.name}` | {p.group} | {p.default} | {p.allowed()} | {p.unit} | {p.source} "
            f"| {p.doc} |"
        )
    return "\n".join(lines)
