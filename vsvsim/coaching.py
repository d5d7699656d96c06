"""Project coaching's public names (the module itself is :mod:`vsvsim.interventions.coaching`)."""

from vsvsim.interventions.coaching import (
    ACTION_BASE,
    ACTIONS,
    COACH_TYPES,
    GOAL_BASE,
    GOALS,
    HOLIDAY_CONTACT,
    PROFILES,
    ProjectCoaching,
)
from vsvsim.interventions.mentoring import RegularMentoring

__all__ = [
    "ACTIONS",
    "ACTION_BASE",
    "COACH_TYPES",
    "GOALS",
    "GOAL_BASE",
    "HOLIDAY_CONTACT",
    "PROFILES",
    "ProjectCoaching",
    "RegularMentoring",
]
