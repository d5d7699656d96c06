"""The student state registry and the arrays built from it.

Every per-student variable is declared once in :data:`STATE` with its dtype, default,
range and meaning. :class:`StudentArrays` allocates one numpy array per variable and is
then locked: assigning a name that is not in the registry raises, so a typo cannot
silently create a new, unused array. Mesa ``Student`` agents read and write these rows.

Scales: every psychological state is on 0-1 (0.5 is neutral for event valences), so
each maps onto a 0-100 slider of the u-can-act weekly diary (brief section 7a). Event
times are NaN-filled float arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["STATE", "StateVar", "Status", "StudentArrays"]


class Status:
    """Enrolment status codes (``StudentArrays.status``)."""

    PENDING = 0  #: not yet entered (a later intake)
    ENROLLED = 1
    SWITCHED = 2  #: left the programme intending another one (switcher)
    LEFT = 3  #: left education (school leaver)
    DIPLOMA = 4

    NAMES = ("pending", "enrolled", "switcher", "school_leaver", "diploma")


@dataclass(frozen=True)
class StateVar:
    """Declaration of one per-student variable.

    Attributes:
        name: Array name (``model.state.<name>``).
        dtype: numpy dtype string.
        default: Initial fill value (overwritten by the cohort where it draws one).
        low: Lower bound, or None when unbounded.
        high: Upper bound, or None when unbounded.
        meaning: What it is, and the diary item it maps to where there is one.
        kind: ``attribute`` (fixed or administrative), ``trait`` (latent, fixed),
            ``state`` (changes weekly) or ``event`` (this week's happenings).
    """

    name: str
    dtype: str
    default: float | int | bool
    low: float | None
    high: float | None
    meaning: str
    kind: str = "state"


_U = (0.0, 1.0)

# fmt: off
STATE: dict[str, StateVar] = {v.name: v for v in [
    # --- attributes -----------------------------------------------------------------------
    StateVar("level", "int8", 2, 1, 4, "mbo level 1 (Entree) to 4", "attribute"),
    StateVar("colour", "int8", 0, 0, 2, "intake risk colour: 0 green, 1 orange, 2 red",
             "attribute"),
    StateVar("at_risk", "bool", False, None, None, "in the at-risk group (orange or red)",
             "attribute"),
    StateVar("school", "int32", 0, 0, None, "school index", "attribute"),
    StateVar("programme", "int32", 0, 0, None, "programme index (global)", "attribute"),
    StateVar("klass", "int32", 0, 0, None, "class index (global); one mentor per class",
             "attribute"),
    StateVar("context", "int32", 0, 0, None, "outside-school context index", "attribute"),
    StateVar("mentor", "int32", 0, 0, None, "study-career mentor (index into mentors)",
             "attribute"),
    StateVar("coach", "int32", -1, -1, None, "project coach index, -1 when none", "attribute"),
    StateVar("climate", "float32", 0.55, *_U, "autonomy-supportive climate of the school",
             "attribute"),
    StateVar("context_pull", "float32", 1.0, 0.0, None,
             "local multiplier of labour-market pull in the outside context", "attribute"),
    StateVar("context_stress", "float32", 0.0, -1.0, 1.0,
             "local shift of outside stress in the outside context", "attribute"),
    StateVar("entry_year", "int8", 0, 0, None, "school year of entry (0 = initial cohort)",
             "attribute"),
    StateVar("programme_year", "int8", 1, 1, 4, "year within the programme", "attribute"),
    StateVar("programme_length", "int8", 2, 1, 4, "years to diploma", "attribute"),
    StateVar("status", "int8", 0, 0, 4, "enrolment status (see Status)", "attribute"),
    StateVar("entry_week", "int32", 0, 0, None, "week the student entered", "attribute"),
    StateVar("left_week", "float64", np.nan, 0, None, "week of (first) leaving, NaN if none",
             "attribute"),
    StateVar("exit_route", "int8", 0, 0, 2, "0 none, 1 gradual, 2 abrupt (life event)",
             "attribute"),
    StateVar("absence_at_exit", "float32", np.nan, 0, 1,
             "recent absence in the week of (first) leaving, NaN if none", "attribute"),
    StateVar("first_exit", "int8", 0, 0, 4, "status at first exit (Status code), 0 if none",
             "attribute"),
    StateVar("reentered", "bool", False, None, None, "re-entered education after leaving",
             "attribute"),
    StateVar("coached", "bool", False, None, None, "ever had a project coach", "attribute"),
    StateVar("true_colour", "int8", 0, 0, 2,
             "true risk tier (0 green, 1 orange, 2 red); `colour` is what screening saw",
             "attribute"),
    StateVar("referral_ok", "bool", True, None, None,
             "the school would refer this student to the project", "attribute"),
    StateVar("coaching_kind", "int8", 0, 0, 2,
             "current coaching: 0 none, 1 preventive, 2 curative", "attribute"),
    StateVar("entered_coaching", "int8", 0, 0, 2,
             "first coaching entered: 0 none, 1 preventive, 2 curative", "attribute"),
    StateVar("coach_start", "float64", np.nan, 0, None,
             "week the current trajectory's contacts start (after waiting and matching)",
             "attribute"),
    StateVar("trajectory_weeks", "int16", 0, 0, None, "weeks in the current trajectory",
             "attribute"),
    StateVar("good_weeks", "int16", 0, 0, None,
             "consecutive weeks the coach sees the trajectory's goals as met", "attribute"),
    StateVar("aftercare_until", "float64", np.nan, 0, None,
             "last week of light aftercare contact, NaN if none", "attribute"),
    StateVar("last_coach", "int32", -1, -1, None, "most recent project coach, -1 if none",
             "attribute"),
    StateVar("curative_seen", "bool", False, None, None, "has had curative coaching",
             "attribute"),
    StateVar("handover_week", "float64", np.nan, 0, None,
             "week a handed-over leaver becomes eligible for curative coaching", "attribute"),
    StateVar("after_status", "int8", 0, 0, 2,
             "after leaving: 0 neither in education nor work, 1 work, 2 education",
             "attribute"),
    StateVar("status_after_year", "int8", -1, -1, 2,
             "status 52 weeks after (first) leaving: -1 not observed in the run, "
             "0 neither, 1 work, 2 education", "attribute"),
    StateVar("wellbeing_after", "float32", np.nan, 0, 1,
             "wellbeing 12 weeks after (first) leaving, NaN if not observed", "attribute"),
    StateVar("signalled", "bool", False, None, None, "early-warning signal ever raised",
             "attribute"),
    StateVar("signal_week", "float64", np.nan, 0, None,
             "week of the first early-warning signal", "attribute"),
    StateVar("internship", "bool", False, None, None, "has an internship place this year",
             "attribute"),
    StateVar("weeks_coached", "int16", 0, 0, None, "weeks with a project coach", "attribute"),
    # --- latent traits --------------------------------------------------------------------
    StateVar("vulnerability", "float32", 0.3, *_U, "latent risk (not observed directly)",
             "trait"),
    StateVar("fit", "float32", 0.6, *_U, "fit between student and programme", "trait"),
    StateVar("fit_seen", "float32", 0.6, *_U,
             "fit as the student has experienced it so far (expectation, then practice)",
             "state"),
    StateVar("base_commitment", "float32", 0.6, *_U,
             "commitment the student brings (expectations)", "trait"),
    StateVar("locus", "float32", 0.4, *_U, "external locus of control (1 fully external)",
             "trait"),
    StateVar("tolerance", "float32", 2.5, 0.0, None,
             "strain a committed student absorbs before realising", "trait"),
    StateVar("pull", "float32", 0.3, *_U, "susceptibility to outside alternatives (paid work)",
             "trait"),
    StateVar("stress_base", "float32", 0.2, *_U, "usual outside stress", "trait"),
    StateVar("popularity", "float32", 0.5, *_U, "popularity with classmates", "trait"),
    StateVar("wellbeing_disposition", "float32", 0.0, -1.0, 1.0,
             "personal wellbeing set point: the starting wellbeing's deviation from typical",
             "trait"),
    # --- need fulfilment: three needs x three sources (diary: autonomy/competence/relatedness)
    StateVar("aut_school", "float32", 0.5, *_U, "autonomy at school (had to ... wanted to)"),
    StateVar("comp_school", "float32", 0.5, *_U, "competence at school (how well)"),
    StateVar("rel_school", "float32", 0.5, *_U, "relatedness at school (friends, teachers)"),
    StateVar("aut_outside", "float32", 0.5, *_U, "autonomy outside school"),
    StateVar("comp_outside", "float32", 0.5, *_U, "competence outside school"),
    StateVar("rel_outside", "float32", 0.5, *_U, "relatedness outside (friends, family)"),
    StateVar("aut_coach", "float32", 0.0, *_U, "autonomy support felt from the coach"),
    StateVar("comp_coach", "float32", 0.0, *_U, "competence support felt from the coach"),
    StateVar("rel_coach", "float32", 0.0, *_U, "relatedness support felt from the coach"),
    # --- state and behaviour --------------------------------------------------------------
    StateVar("commitment", "float32", 0.6, *_U,
             "commitment to the programme (happy with choice; programme fits me)"),
    StateVar("time_investment", "float32", 0.6, *_U,
             "time investment / participation (hours, attendance, effort)"),
    StateVar("confidence", "float32", 0.6, *_U, "confidence to pass this school year"),
    StateVar("wellbeing", "float32", 0.6, *_U, "wellbeing"),
    StateVar("openness", "float32", 0.4, *_U, "openness towards the coach"),
    StateVar("bond", "float32", 0.0, *_U, "bond with the coach (got on with the coach)"),
    StateVar("teacher_control", "float32", 0.2, *_U, "controlling teacher behaviour felt"),
    StateVar("stress", "float32", 0.2, *_U, "current outside stress"),
    StateVar("strain", "float32", 0.0, 0.0, None, "accumulated negative experience"),
    StateVar("realised", "bool", False, None, None,
             "has realised the programme may not work out"),
    StateVar("instability", "float32", 0.0, *_U, "recent week-to-week fluctuation"),
    StateVar("commitment_slow", "float32", 0.6, *_U,
             "running mean of commitment (early-warning baseline)"),
    StateVar("confidence_slow", "float32", 0.6, *_U,
             "running mean of confidence (early-warning baseline)"),
    StateVar("general_slow", "float32", 0.55, *_U,
             "running mean of the general state (wellbeing, needs in and out of school)"),
    StateVar("absence", "float32", 0.0, *_U, "recent share of weeks absent"),
    StateVar("success", "float32", 0.5, *_U, "success on this week's small goals"),
    StateVar("friends_left", "float32", 0.0, 0.0, None, "recent friends who left (decaying)"),
    # --- this week's events and contacts --------------------------------------------------
    StateVar("event_school", "float32", 0.5, *_U,
             "valence of this week's school events (0.5 neutral / none)", "event"),
    StateVar("event_outside", "float32", 0.5, *_U,
             "valence of this week's outside events (0.5 neutral)", "event"),
    StateVar("life_event", "bool", False, None, None, "an abrupt life event this week",
             "event"),
    StateVar("attended", "bool", True, None, None, "attended school or internship this week",
             "event"),
    StateVar("contact", "bool", False, None, None, "spoke with mentor or coach this week",
             "event"),
    StateVar("coach_minutes", "float32", 0.0, 0.0, None, "mentor and coach minutes this week",
             "event"),
    StateVar("internship_failed", "bool", False, None, None,
             "found no internship place this week", "event"),
    StateVar("coach_action", "int8", -1, -1, 6,
             "project coach's action this week (see coaching.ACTIONS), -1 none", "event"),
    StateVar("coach_goal", "int8", -1, -1, 4,
             "project coach's goal this week (see coaching.GOALS), -1 none", "event"),
    StateVar("intended_aut", "float32", 0.0, *_U, "autonomy support intended this week",
             "event"),
    StateVar("intended_comp", "float32", 0.0, *_U, "competence support intended this week",
             "event"),
    StateVar("intended_rel", "float32", 0.0, *_U, "relatedness support intended this week",
             "event"),
    StateVar("intended_support", "float32", 0.0, *_U,
             "need support the mentor or coach intended this week", "event"),
    StateVar("experienced_support", "float32", 0.0, *_U,
             "need support the student experienced this week", "event"),
]}
# fmt: on


class StudentArrays:
    """One numpy array per registered variable, for ``n`` students; locked after creation.

    Args:
        n: Number of rows (the capacity: initial cohort plus every later intake).
    """

    __slots__ = ("_locked", "n", *STATE)

    def __init__(self, n: int):
        self.n = n
        for var in STATE.values():
            setattr(self, var.name, np.full(n, var.default, dtype=var.dtype))
        self._locked = True

    def __setattr__(self, name: str, value) -> None:
        if getattr(self, "_locked", False):
            if name not in STATE:
                raise AttributeError(f"{name!r} is not a registered student state variable")
            current = getattr(self, name)
            if not isinstance(value, np.ndarray) or value.shape != current.shape:
                raise ValueError(f"state {name!r} must stay an array of shape {current.shape}")
            # Copy into the existing array: no two variables can ever share memory (an
            # assignment such as `commitment = base_commitment` must not alias them), and
            # views held elsewhere stay valid.
            np.copyto(current, value, casting="unsafe")
            return
        object.__setattr__(self, name, value)

    def __getitem__(self, name: str) -> np.ndarray:
        return getattr(self, name)

    def clip(self) -> None:
        """Clip every bounded float state back into its declared range."""
        for var in STATE.values():
            if var.dtype.startswith("float") and var.low is not None and var.high is not None:
                arr = getattr(self, var.name)
                np.clip(arr, var.low, var.high, out=arr)
