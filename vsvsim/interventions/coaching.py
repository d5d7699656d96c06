"""Project coaching: who is coached, by whom, when, and what the coach does each week.

Interventions have a tiny lifecycle: ``__init__`` stores arguments, ``init(sim)``
resolves them against the population, ``step(sim, week)`` acts (returning early when
inactive) and ``finalize(sim)`` reports. They decide contacts, the coach's action and
goal, the support the coach *intends* and the minutes spent. What the student makes of a
contact (experienced support, bond) is mechanism 7,
:func:`vsvsim.mechanisms.coach_relationship.coach_relationship`.

(Regular mentoring by the study-career mentor is :mod:`vsvsim.interventions.mentoring`.)

- :class:`ProjectCoaching`: project coaches with a type (professional, intern,
  volunteer), experience, a caseload cap and a weekly time budget. Preventive coaching by
  intake screening or by the early-warning signal; curative coaching of school leavers;
  after leaving either a handover to a curative coach (zero trust) or the same coach
  carries on (integrated). Waiting and matching delays, trajectory ends (goals met, time
  limit, leaving), optional aftercare, turnover (interns leave every school year,
  volunteers may quit after a poor match) with a handover to a new coach.

Each week a coach perceives the students it sees imperfectly (behaviour clearly; inner
states only as far as bond and openness let the student share them), picks an action and
a goal with frequencies that follow the brief's ordering (shifted by the project profile
and by what the coach perceives), and intends need support accordingly. With
``coach_intensity = "need"`` (:mod:`vsvsim.interventions.intensity`, the default) the
number of contacts a week follows perceived need and crises within each coach's hours,
trajectories pass through phases, and actions may carry a second type and goal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from vsvsim.core.calendar import SEMESTER_2_START, Week
from vsvsim.core.module import Draw
from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, Status
from vsvsim.interventions import intensity, success_factors
from vsvsim.interventions.base import Intervention
from vsvsim.mechanisms.coach_relationship import action_needs

if TYPE_CHECKING:
    from vsvsim.core.sim import Simulation

__all__ = [
    "ACTIONS",
    "COACH_TYPES",
    "COST_PARTS",
    "GOALS",
    "HOLIDAY_CONTACT",
    "Coaches",
    "ProjectCoaching",
]

#: Coach action types (the coach diary's categories, brief 7a), most frequent first.
ACTIONS = (
    "confronting",
    "emotional_support",
    "low_threshold_contact",
    "involving_environment",
    "schoolwork_support",
    "motivating",
    "exercises",
)
#: Coaching goals, most frequent first.
GOALS = ("relationship", "self_insight", "environment", "emotional_wellbeing", "school_skills")

# The frequency tables below (ACTION_BASE, GOAL_BASE, ACTION_SUPPORT, PROFILES) stay named
# constant tables rather than parameters: they describe coaching practice as a whole and a
# later issue on coaching practice replaces them.
#: Base frequencies following the brief's ordering (UCA ch. 4-5): confronting most, then
#: emotional support, low-threshold contact and involving the environment; schoolwork
#: support and motivating in between; exercises least. Values are assumptions.
ACTION_BASE = np.array([0.27, 0.19, 0.15, 0.14, 0.11, 0.09, 0.05])
#: Goals: relationship, self-insight, environment, emotional wellbeing; school skills least.
GOAL_BASE = np.array([0.32, 0.25, 0.18, 0.15, 0.10])
#: Which need an action mainly supports: rows are actions, columns autonomy, competence,
#: relatedness (the coach diary's three support items). Assumption.
ACTION_SUPPORT = np.array(
    [
        [0.5, 1.0, 0.5],  # confronting
        [0.7, 0.5, 1.0],  # emotional support
        [0.8, 0.5, 1.0],  # low-threshold contact
        [0.8, 0.6, 0.7],  # involving the environment
        [0.5, 1.0, 0.5],  # schoolwork support
        [1.0, 0.8, 0.6],  # motivating
        [0.9, 0.8, 0.5],  # exercises
    ],
    dtype=np.float32,
)
#: Project profiles: multipliers on action and goal frequencies (UCA ch. 4: Mijn School
#: leans to low-threshold contact and emotional support, Het Buro and Plusgroep confront
#: more, Plusgroep supports schoolwork more). Sizes are assumptions.
PROFILES = {
    "generic": (np.ones(7), np.ones(5)),
    "mijn_school": (np.array([0.7, 1.3, 1.6, 1, 1, 1, 1]), np.array([1.2, 1, 0.9, 1.2, 1])),
    "buro": (np.array([1.3, 1, 1, 1, 1, 1, 1]), np.ones(5)),
    "plusgroep": (np.array([1.3, 1, 1, 1, 1.5, 1, 1]), np.array([1, 1, 1, 1, 1.4])),
}


# fmt: off
PARAMS = (
    Param("referral_inside", "school", 0.9, 0.0, 1.0, unit="probability",
          source="KvJ (close ties, warm handover); value assumption",
          doc="Chance that the school refers an eligible student to a project inside it"),
    Param("referral_outside", "school", 0.6, 0.0, 1.0, unit="probability",
          source="KvJ (reluctance to refer outside); value assumption",
          doc="Chance that the school refers an eligible student to a project outside it"),
    Param("preventive", "coaching", "none", choices=("none", "screening", "early_warning"),
          unit="choice", source="UCA ch. 4-6 (preventive projects; early-warning signals)",
          doc="Preventive coaching of students in school: none, by intake screening "
              "(orange/red), or by the early-warning signal"),
    Param("curative", "coaching", False, unit="switch",
          source="UCA ch. 4 (curative projects, RMC)",
          doc="Curative coaching of school leavers after they left, aiming at re-entry or work"),
    Param("after_leaving", "coaching", "handover", choices=("handover", "continue"),
          unit="choice", source="UCA ch. 4 (one coach before and after dropout)",
          doc="When a preventively coached student leaves: hand over to a curative coach "
              "(zero trust), or the same coach carries on (integrated)"),
    Param("project_profile", "coaching", "generic",
          choices=("generic", "mijn_school", "buro", "plusgroep"), unit="choice",
          source="UCA ch. 4 (Mijn School, Het Buro, Plusgroep)",
          doc="Project style: shifts the coaches' action and goal frequencies"),
    Param("project_location", "coaching", "inside", choices=("inside", "outside"),
          unit="choice", source="KvJ (colleges reluctant to refer to outside projects)",
          doc="Preventive project inside the college or outside it (referral willingness)"),
    Param("coaches", "coaching", 20, 0, 100_000, unit="coaches",
          doc="Preventive project coaches"),
    Param("coach_type", "coaching", "professional",
          choices=("professional", "intern", "volunteer", "specialist", "routed"),
          unit="choice",
          source="UCA ch. 4 (Pluscoach, Buro interns and behavioural scientist, Plusmaatje "
                 "volunteers)",
          doc="Type of the preventive coaches: one type staffs the whole programme; "
              "'routed' staffs it by the tiers of coach_routing (professionals with "
              "routing single)"),
    Param("coach_caseload", "coaching", 8, 1, 50, unit="students",
          source="UCA ch. 5 (1 to 9 students per coach)",
          doc="Maximum students per preventive coach"),
    Param("coach_hours", "coaching", 8.0, 0.5, 40.0, unit="hours per week",
          doc="Weekly time budget of a coach for contacts"),
    Param("coach_contact_rate", "coaching", 0.7, 0.0, 1.0, unit="per week",
          source="UCA ch. 4 (Plusgroep 1-3 contacts a week)",
          doc="Weekly chance of a contact with the project coach"),
    Param("coach_minutes", "coaching", 60.0, 5.0, 660.0, unit="minutes per contact",
          source="UCA ch. 4 (Pluscoach ~26 h over 4-6 months)",
          doc="Time of a project-coach contact"),
    Param("coach_support", "coaching", 0.85, 0.0, 1.0, unit="0-1",
          doc="Need support an experienced coach intends in a contact"),
    Param("curative_coaches", "coaching", 10, 0, 100_000, unit="coaches",
          doc="Curative (RMC) coaches, professionals"),
    Param("curative_caseload", "coaching", 8, 1, 50, unit="students",
          doc="Maximum students per curative coach"),
    Param("waiting_weeks", "coaching", 2, 0, 52, unit="weeks",
          source="UCA ch. 4 (waiting time is a bottleneck)",
          doc="Weeks between referral and the start of coaching (matching comes on top)"),
    Param("intake_moments", "coaching", 1, 1, 2, unit="per year",
          source="UCA ch. 4 (fixed intake moments, 1-2 a year)",
          doc="Screening-based intake moments: 1 (the intake week) or 2 (also semester 2)"),
    Param("intake_week", "coaching", 0, 0, 40, unit="week of the school year",
          source="brief section 5 (start timing is a lever); UCA ch. 5 (study from November)",
          doc="Week of the school year of the first screening-based intake (0 = late August)"),
    Param("trajectory_weeks", "coaching", 40, 4, 104, unit="weeks",
          source="UCA ch. 4 (Pluscoach 4-6 months, Plusmaatje a year, Mijn School all "
          "year); value assumption",
          doc="Maximum length of a preventive trajectory"),
    Param("curative_trajectory_weeks", "coaching", 52, 4, 104, unit="weeks",
          doc="Maximum length of a curative trajectory"),
    Param("aftercare", "coaching", False, unit="switch", source="UCA ch. 4",
          doc="Light follow-up contact for aftercare_weeks after a trajectory ends"),
    Param("aftercare_weeks", "coaching", 12, 1, 52, unit="weeks",
          doc="Weeks of light aftercare contact after a trajectory ends on time or on its "
              "goals"),
    Param("aftercare_contact_rate", "coaching", 0.25, 0.0, 1.0, unit="per week",
          doc="Weekly chance of an aftercare contact (school weeks; lower in holidays)"),
    Param("aftercare_minutes", "coaching", 30.0, 5.0, 240.0, unit="minutes per contact",
          doc="Time of an aftercare contact"),
    Param("aftercare_support_factor", "coaching", 0.5, 0.0, 1.0, unit="x",
          doc="Share of the usual intended support a light aftercare contact carries"),
    Param("goal_weeks", "coaching", 10, 1, 52, unit="weeks",
          doc="Consecutive weeks the goals must be seen as met before a preventive "
              "trajectory ends on its goals"),
    Param("min_trajectory_weeks", "coaching", 16, 0, 104, unit="weeks",
          doc="Shortest preventive trajectory that may end on its goals"),
    Param("goal_commitment", "coaching", 0.65, 0.0, 1.0, unit="0-1",
          doc="Commitment above which the coach sees a preventive trajectory's goals as met "
              "(with time investment and wellbeing)"),
    Param("goal_time_investment", "coaching", 0.6, 0.0, 1.0, unit="0-1",
          doc="Time investment above which the coach sees the goals as met (with "
              "commitment and wellbeing)"),
    Param("goal_wellbeing", "coaching", 0.55, 0.0, 1.0, unit="0-1",
          doc="Wellbeing above which the coach sees the goals as met (with commitment and "
              "time investment)"),
    Param("handover_weeks", "coaching", 4, 0, 26, unit="weeks",
          source="UCA ch. 4 (handover at the moment of dropout)",
          doc="Gap between leaving and the curative coach taking over (handover)"),
    Param("volunteer_quit_rate", "coaching", 0.05, 0.0, 1.0, unit="per week",
          source="UCA ch. 4 (volunteers leave after poor matches)",
          doc="Weekly chance that a volunteer with a poorly matched student quits"),
    Param("poor_match_weeks", "coaching", 8, 1, 52, unit="weeks",
          source="UCA ch. 4 (volunteers leave after poor matches); value assumption",
          doc="Weeks into a trajectory after which a weak bond counts as a poor match"),
    Param("poor_match_bond", "coaching", 0.2, 0.0, 1.0, unit="0-1",
          source="UCA ch. 4 (volunteers leave after poor matches); value assumption",
          doc="Bond below which a trajectory of poor_match_weeks or more is a poor match"),
    Param("coach_experience_professional", "coaching", 0.7, 0.0, 1.0, unit="0-1",
          source="UCA ch. 4 (Pluscoach, Mijn School teacher-coaches); value assumption",
          doc="Mean experience of a professional coach"),
    Param("coach_experience_intern", "coaching", 0.35, 0.0, 1.0, unit="0-1",
          source="UCA ch. 4 (Het Buro interns); value assumption",
          doc="Mean experience of an intern coach"),
    Param("coach_experience_volunteer", "coaching", 0.45, 0.0, 1.0, unit="0-1",
          source="UCA ch. 4 (Plusmaatje volunteers); value assumption",
          doc="Mean experience of a volunteer coach"),
    Param("coach_experience_sd", "coaching", 0.15, 0.0, 0.5, unit="0-1",
          doc="Spread of experience between coaches of one type"),
    Param("coach_experience_floor", "coaching", 0.05, 0.0, 1.0, unit="0-1",
          doc="Least experience a coach can have"),
    Param("matching_weeks_professional", "coaching", 3, 0, 26, unit="weeks",
          source="brief section 4 (UCA ch. 4: matching within 3 weeks for a coach)",
          doc="Weeks to match a new student with a professional coach"),
    Param("matching_weeks_intern", "coaching", 1, 0, 26, unit="weeks",
          source="assumption (interns are present in school)",
          doc="Weeks to match a new student with an intern coach"),
    Param("matching_weeks_volunteer", "coaching", 6, 0, 26, unit="weeks",
          source="brief section 4 (UCA ch. 4: matching within 6 weeks for a volunteer)",
          doc="Weeks to match a new student with a volunteer coach"),
    Param("coach_skill_base", "coaching", 0.6, 0.0, 1.0, unit="x",
          doc="Share of coach_support a coach without experience intends"),
    Param("coach_skill_experience_weight", "coaching", 0.4, 0.0, 1.0, unit="x per 0-1",
          doc="Extra share of coach_support per unit of coach experience"),
    Param("holiday_contact_autumn", "coaching", 0.6, 0.0, 1.0, unit="x",
          source="brief section 4 (coach time dips in holidays); value assumption",
          doc="Coach contact chance in the autumn holiday relative to a school week"),
    Param("holiday_contact_christmas", "coaching", 0.3, 0.0, 1.0, unit="x",
          source="brief section 4 (coach time dips at Christmas); value assumption",
          doc="Coach contact chance in the Christmas holiday relative to a school week"),
    Param("holiday_contact_spring", "coaching", 0.6, 0.0, 1.0, unit="x",
          source="brief section 4 (coach time dips in holidays); value assumption",
          doc="Coach contact chance in the spring holiday relative to a school week"),
    Param("holiday_contact_may", "coaching", 0.3, 0.0, 1.0, unit="x",
          source="brief section 4 (coach time dips in May); value assumption",
          doc="Coach contact chance in the May holiday relative to a school week"),
    Param("holiday_contact_summer", "coaching", 0.4, 0.0, 1.0, unit="x",
          source="brief section 4 (coach time dips in holidays); value assumption",
          doc="Coach contact chance in the summer holiday relative to a school week"),
    Param("coach_perception_blur", "coaching", 0.25, 0.0, 1.0, unit="0-1",
          doc="Noise on the inner states a coach perceives in a student it has no bond "
              "with (shrinks with bond times openness)"),
    Param("action_need_base", "coaching", 0.7, 0.0, 2.0, unit="x",
          doc="Weight of an action's base frequency when the coach perceives no need for it"),
    Param("action_need_weight", "coaching", 0.6, 0.0, 2.0, unit="x per 0-1",
          doc="Extra weight of an action per unit of perceived need for it"),
    Param("goal_relationship_offset", "coaching", 1.5, 1.0, 3.0, unit="x",
          doc="Weight of the relationship goal at zero bond (falls one for one with the bond)"),
    Param("goal_need_offset", "coaching", 0.5, 0.0, 2.0, unit="x",
          doc="Weight of the environment, wellbeing and school-skills goals when the coach "
              "perceives no need (plus the perceived need)"),
    Param("cost_professional", "coaching", 75.0, 0.0, 500.0, unit="EUR per hour",
          source="assumption (full hourly cost of a professional youth coach with overhead; "
                 "the brief gives no prices)",
          doc="Cost of one professional coach hour"),
    Param("cost_intern", "coaching", 25.0, 0.0, 500.0, unit="EUR per hour",
          source="assumption (internship allowance, a few EUR an hour, plus the weekly "
                 "supervision of the intern's casework by a professional, about a "
                 "quarter of an hour per coaching hour at the professional rate: "
                 "supervision grows with the hours coached, so it stays in the hourly "
                 "rate; recruitment and induction are cost_start_intern, intake and "
                 "matching coordination_hours_intern)",
          doc="Cost of one intern coach hour (supervision of the casework included)"),
    Param("cost_volunteer", "coaching", 4.0, 0.0, 500.0, unit="EUR per hour",
          source="assumption (a volunteer's expenses only: travel and activities with "
                 "the youngster, below the tax-free volunteer allowance of about EUR 5 "
                 "an hour; recruitment, screening and training are cost_start_volunteer, "
                 "the coordinator's intake, matching and check-ins "
                 "coordination_hours_volunteer; 12 before these were counted separately)",
          doc="Cost of one volunteer coach hour (expenses only; starting a volunteer and "
              "coordinating the matches are counted separately)"),
    # Costs beside the contact hours: starting a coach (charged per coach hired, so
    # turnover makes it recur) and the coordinator's time: one-off hours per match
    # (charged per student a coach takes on) and, for volunteers, check-ins per
    # student-week on the caseload. 0 for all of them, with cost_volunteer 12, gives the
    # hours-only cost model of before.
    Param("cost_start_professional", "coaching", 2500.0, 0.0, 20_000.0,
          unit="EUR per coach",
          source="assumption (vacancy and selection, about 10 hours of a manager plus "
                 "advertising, and an induction of about 20 hours at the professional "
                 "rate; the brief gives no prices)",
          doc="Cost of starting a professional coach (recruitment, selection, induction), "
              "once per coach hired"),
    Param("cost_start_intern", "coaching", 1000.0, 0.0, 20_000.0, unit="EUR per coach",
          source="assumption (selection with the internship office, an induction training "
                 "of about two days and the internship paperwork and assessment, about 16 "
                 "hours of professional time; recurs every school year as interns leave, "
                 "UCA ch. 4)",
          doc="Cost of starting an intern coach (selection, induction training, internship "
              "agreement), once per intern hired"),
    Param("cost_start_volunteer", "coaching", 1000.0, 0.0, 20_000.0, unit="EUR per coach",
          source="assumption (recruitment and an intake interview, screening with a "
                 "certificate of conduct (VOG) and references, a basic training in a "
                 "group: about 14 coordinator hours plus materials; recurs when volunteers "
                 "quit after poor matches, UCA ch. 4)",
          doc="Cost of starting a volunteer coach (recruitment, VOG screening, training), "
              "once per volunteer hired"),
    Param("coordination_hours_professional", "coaching", 2.0, 0.0, 100.0,
          unit="hours per match",
          source="assumption (intake and matching by a team lead, once per match; the "
                 "coach's own intake contacts are already in its hours)",
          doc="Coordinator hours, once per match, for a student a professional coach "
              "takes on (intake, matching)"),
    Param("coordination_hours_intern", "coaching", 4.0, 0.0, 100.0, unit="hours per match",
          source="assumption (intake, matching and an evaluation by the supervisor or team "
                 "captain, once per match; the weekly supervision is in cost_intern)",
          doc="Coordinator hours, once per match, for a student an intern coach takes on "
              "(intake, matching, evaluation)"),
    Param("coordination_hours_volunteer", "coaching", 6.0, 0.0, 100.0,
          unit="hours per match",
          source="assumption (the one-off work of a volunteer mentoring match, Plusmaatje "
                 "style: an intake with the youngster, about 1.5 hours with preparation "
                 "and notes; a matching interview with the volunteer and the choice of "
                 "volunteer, about 1.5; a first joint meeting with both, about 1.5 with "
                 "travel; a closing talk and the file, about 1.5; a replacement volunteer "
                 "after a quit needs all of these again; the check-ins during the match "
                 "are checkin_hours_volunteer; 16 when they were included)",
          doc="Coordinator hours, once per match, for a student a volunteer coach takes "
              "on (intake, matching interview, first joint meeting, closing talk)"),
    Param("checkin_hours_volunteer", "coaching", 0.2, 0.0, 5.0,
          unit="hours per student-week",
          source="assumption (a coordinator's check-in with the volunteer or the "
                 "youngster every 4-6 weeks of a match, about an hour each: 0.2 an hour a "
                 "week; a year-long match then costs about 6 + 0.2 x 52 = 16 coordinator "
                 "hours; volunteer mentoring programmes cost roughly EUR 1,000-2,500 per "
                 "match a year, mostly coordination; professionals and specialists work "
                 "without a coordinator's check-ins, an intern's supervision is in "
                 "cost_intern)",
          doc="Coordinator hours per week a student is on a volunteer's caseload "
              "(check-ins during the match; a handover to a new volunteer adds none)"),
    Param("cost_coordination", "coaching", 60.0, 0.0, 500.0, unit="EUR per hour",
          source="assumption (full hourly cost of a paid coordinator at social-work "
                 "level with overhead; the brief gives no prices)",
          doc="Cost of one coordinator hour (intake, matching and check-ins of matches)"),
)
STATES = (
    StateVar("coach", "int32", -1, -1, None, "project coach index, -1 when none", "attribute"),
    StateVar("coached", "bool", False, None, None, "ever had a project coach", "attribute"),
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
    StateVar("weeks_coached", "int16", 0, 0, None, "weeks with a project coach", "attribute"),
    StateVar("coach_action", "int8", -1, -1, 6,
             "project coach's action this week (see coaching.ACTIONS), -1 none", "event"),
    StateVar("coach_goal", "int8", -1, -1, 4,
             "project coach's goal this week (see coaching.GOALS), -1 none", "event"),
)
# fmt: on


@dataclass(frozen=True)
class CoachType:
    """Fixed traits of a coach type (from UCA ch. 4's project descriptions).

    Attributes:
        experience_param: Parameter holding the mean experience (0-1); skill scales the
            intended support.
        matching_param: Parameter holding the weeks to match a new student (3 for a coach,
            6 for a volunteer).
        leaves_yearly: Leaves at the end of each school year (interns).
        may_quit: May quit after a poor match (volunteers).
        cost_param: Parameter holding the cost per contact hour.
        start_param: Parameter holding the cost of starting one coach (recruitment,
            screening, training), charged once per coach hired.
        coordination_param: Parameter holding the coordinator hours charged once per
            student the coach takes on (intake, matching, first meeting, closing).
        checkin_param: Parameter holding the coordinator hours per student-week on the
            coach's caseload (check-ins during the match); ``None`` when a coordinator
            does not check in on this type (its supervision, if any, is in its rate).
    """

    experience_param: str
    matching_param: str
    leaves_yearly: bool
    may_quit: bool
    cost_param: str
    start_param: str
    coordination_param: str
    checkin_param: str | None = None


COACH_TYPES = {
    "professional": CoachType(
        "coach_experience_professional",
        "matching_weeks_professional",
        False,
        False,
        "cost_professional",
        "cost_start_professional",
        "coordination_hours_professional",
    ),
    "intern": CoachType(
        "coach_experience_intern",
        "matching_weeks_intern",
        True,
        False,
        "cost_intern",
        "cost_start_intern",
        "coordination_hours_intern",
    ),
    "volunteer": CoachType(
        "coach_experience_volunteer",
        "matching_weeks_volunteer",
        False,
        True,
        "cost_volunteer",
        "cost_start_volunteer",
        "coordination_hours_volunteer",
        "checkin_hours_volunteer",
    ),
    # A behavioural specialist (Het Buro's behavioural scientist); its parameters are
    # declared by the coach-tiers module (vsvsim/interventions/tiers.py).
    "specialist": CoachType(
        "coach_experience_specialist",
        "matching_weeks_specialist",
        False,
        False,
        "cost_specialist",
        "cost_start_specialist",
        "coordination_hours_specialist",
    ),
}
TYPE_NAMES = tuple(COACH_TYPES)

#: The parameter holding the coach contact chance in each holiday relative to a school
#: week (brief section 4: coach time dips at Christmas and in May); school weeks ("") 1.
HOLIDAY_CONTACT = {
    "autumn": "holiday_contact_autumn",
    "christmas": "holiday_contact_christmas",
    "spring": "holiday_contact_spring",
    "may": "holiday_contact_may",
    "summer": "holiday_contact_summer",
}
#: Programme codes (``coaching_kind``, ``Coaches.pool``).
PREVENTIVE, CURATIVE = 1, 2
#: Turnover reason codes (``Coaches.reason``): left at the end of the school year, quit.
REASON_YEAR_END, REASON_QUIT = 1, 2
#: ``after_status`` code of a school leaver who works (see mechanisms.leaving).
AFTER_WORKING = 1
#: Summary column of each part of ``coach_cost`` -> the coach table's column.
COST_PARTS = {
    "coach_hours_cost": "hours_cost",
    "coach_start_cost": "start_cost",
    "coordination_cost": "coordination_cost",
}
#: Unit conversion.
MINUTES_PER_HOUR = 60.0
#: Numerical guard when contact minutes are summed against a coach's weekly budget.
BUDGET_TOLERANCE = 1e-9


def holiday_contact(p: Any, holiday: str) -> float:
    """The coach contact chance in this week relative to a school week (1 outside holidays)."""
    return getattr(p, HOLIDAY_CONTACT[holiday]) if holiday else 1.0


@dataclass
class Coaches:
    """Project coaches as arrays (one entry per coach ever hired; grows with turnover).

    Attributes:
        type: Index into :data:`TYPE_NAMES`.
        pool: 1 preventive, 2 curative.
        experience: 0-1.
        cap: Caseload cap.
        active: Still working.
        hired_week: Week hired.
        left_week: Week left (NaN while active).
        reason: 0 active, 1 left at the end of the school year, 2 quit after a poor match.
        hours: Contact hours so far.
        load_weeks: Student-weeks on the caseload: the sum over the coach's active
            weeks of the students assigned to it (``coach`` set), counted every
            calendar week, holidays included, and from the week of assignment, so the
            waiting and matching weeks before the first contact are in it; aftercare
            weeks are not (the student has no coach then). A student handed over to a
            new coach counts for the new one from the week of the handover, never for
            both.
        weeks_active: Active weeks.
        max_load: Largest caseload in any week.
        max_hours_week: Largest weekly hours in any week.
        served: Students ever assigned.
        taken_over: Students received from a coach who left (a handover to a new coach
            of the same type: matched again, so a match for the coordinator too).
    """

    type: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    pool: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    experience: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    cap: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    active: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    hired_week: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    left_week: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float64))
    reason: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    hours: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float64))
    load_weeks: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    weeks_active: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    max_load: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    max_hours_week: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float64))
    served: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    taken_over: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    @property
    def n(self) -> int:
        """Coaches ever hired."""
        return self.type.size

    def hire(
        self,
        n: int,
        type_name: str,
        pool: int,
        cap: int,
        week: int,
        rng: np.random.Generator,
        p: Any,
    ) -> np.ndarray:
        """Add ``n`` coaches; return their ids (``p``: the run's parameters)."""
        ct = COACH_TYPES[type_name]
        mean = getattr(p, ct.experience_param)
        exp = np.clip(
            mean + p.coach_experience_sd * rng.standard_normal(n), p.coach_experience_floor, 1.0
        )
        new = {
            "type": np.full(n, TYPE_NAMES.index(type_name)),
            "pool": np.full(n, pool),
            "experience": exp,
            "cap": np.full(n, cap),
            "active": np.ones(n, bool),
            "hired_week": np.full(n, week),
            "left_week": np.full(n, np.nan),
        }
        start = self.n
        for name in self.__dataclass_fields__:
            old = getattr(self, name)
            add = new.get(name, np.zeros(n))
            setattr(self, name, np.concatenate([old, np.asarray(add, dtype=old.dtype)]))
        return np.arange(start, start + n)


def _balanced_slots(free: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Coach ids in fill order: every coach's first free place, then every second, ...

    Spreading new students over coaches keeps caseloads even instead of filling coach 0
    to the cap first.
    """
    free = np.maximum(free, 0)
    coach = np.repeat(ids, free)
    rank = np.arange(coach.size) - np.repeat(np.cumsum(free) - free, free)
    return coach[np.lexsort((coach, rank))]


def _within_budget(coach: np.ndarray, minutes: np.ndarray, key: np.ndarray, budget: float):
    """Mask of contacts a coach can fit into its weekly minutes, in random priority order."""
    order = np.lexsort((key, coach))
    c, m = coach[order], minutes[order]
    total = np.cumsum(m)
    first = np.r_[True, c[1:] != c[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(c.size), 0))
    before = total - m - np.where(start > 0, total[start - 1], 0.0)
    keep = np.empty(c.size, bool)
    keep[order] = before + m <= budget + BUDGET_TOLERANCE
    return keep


class ProjectCoaching(Intervention):
    """Project coaching: preventive, curative and integrated programmes.

    See the module docstring; the rules per week are, in order: turnover, trajectory
    ends, referrals and assignment within capacity, contacts within each coach's time
    budget, and for every contact the coach's perception, action, goal and intended
    support.
    """

    name = "project_coaching"
    title = "Project coaching: referral, waiting, contacts, actions, handover or the same coach"
    source = "UCA ch. 4-6; KvJ"
    params = PARAMS + intensity.PARAMS
    states = STATES + intensity.STATES
    draws = (Draw("coaching", "u_coach"), Draw("coaching", "u_priority"))

    def init(self, sim: Simulation) -> None:
        """Hire the coaches and decide which students the school would refer."""
        p, s = sim.p, sim.state
        self.coaches = Coaches()
        self.rng = sim.streams("coach_hiring")
        if p.preventive != "none":
            from vsvsim.interventions.tiers import staffing  # tiers imports this module

            for type_name, n in staffing(p):  # one type, or the routing's tiers
                self.coaches.hire(n, type_name, PREVENTIVE, p.coach_caseload, 0, self.rng, p)
        if p.curative:
            self.coaches.hire(
                p.curative_coaches, "professional", CURATIVE, p.curative_caseload, 0, self.rng, p
            )
        willingness = p.referral_inside if p.project_location == "inside" else p.referral_outside
        willingness += success_factors.referral_shift(p)  # college ties (0 when off)
        s.referral_ok = sim.streams("referral").random(s.n) < willingness
        focus_action, focus_goal = success_factors.choice_multipliers(p)  # ones when off
        self.action_weights, self.goal_weights = (
            ACTION_BASE * PROFILES[p.project_profile][0] * focus_action,
            GOAL_BASE * PROFILES[p.project_profile][1] * focus_goal,
        )
        self.contact_level = np.array(
            [getattr(p, f"contact_level_{t}") for t in TYPE_NAMES], np.float64
        )
        self.handovers = 0

    @property
    def active(self) -> bool:
        """Whether any programme runs."""
        return self.coaches.n > 0

    # --- weekly routine -------------------------------------------------------------------

    def step(self, sim: Simulation) -> None:
        """One week of project coaching."""
        week = sim.week
        if not self.active:
            return
        self._turnover(sim, week)
        self._end_trajectories(sim, week)
        self._refer_and_assign(sim, week)
        self._contacts(sim, week)

    def _handover_to_new(self, sim: Simulation, old: np.ndarray, week: Week) -> None:
        """Replace coaches ``old`` by new ones of the same type; their students move over."""
        c, s = self.coaches, sim.state
        if old.size == 0:
            return
        mapping = np.full(c.n, -1)
        for type_idx in np.unique(c.type[old]):
            sel = old[c.type[old] == type_idx]
            for pool in np.unique(c.pool[sel]):
                grp = sel[c.pool[sel] == pool]
                new = c.hire(
                    grp.size,
                    TYPE_NAMES[type_idx],
                    int(pool),
                    int(c.cap[grp[0]]),
                    week.index,
                    self.rng,
                    sim.p,
                )
                mapping = np.r_[mapping, np.full(new.size, -1)]
                mapping[grp] = new
        moved = (s.coach >= 0) & (mapping[np.maximum(s.coach, 0)] >= 0)
        s.coach[moved] = mapping[s.coach[moved]]
        s.last_coach[moved] = s.coach[moved]
        s.bond[moved] = 0.0  # the new coach starts from zero trust
        delay = np.array([getattr(sim.p, COACH_TYPES[t].matching_param) for t in TYPE_NAMES])[
            c.type[s.coach[moved]]
        ]
        s.coach_start[moved] = week.index + delay
        c.taken_over += np.bincount(s.coach[moved], minlength=c.n)
        self.handovers += int(moved.sum())

    def _turnover(self, sim: Simulation, week: Week) -> None:
        """Interns leave at every school-year start; volunteers may quit after a poor match."""
        c, s, p = self.coaches, sim.state, sim.p
        leaving = np.zeros(c.n, bool)
        if week.year_start and week.index > 0:
            yearly = np.array([COACH_TYPES[t].leaves_yearly for t in TYPE_NAMES])
            leaving |= c.active & yearly[c.type]
            c.reason[leaving] = REASON_YEAR_END
        may_quit = np.array([COACH_TYPES[t].may_quit for t in TYPE_NAMES])
        if may_quit[c.type].any():
            has = s.coach >= 0
            poor = has & (s.trajectory_weeks >= p.poor_match_weeks) & (s.bond < p.poor_match_bond)
            poor_coach = np.bincount(s.coach[poor], minlength=c.n) > 0
            u = sim.streams("coach_turnover").random(c.n)
            quit_ = c.active & may_quit[c.type] & poor_coach & (u < p.volunteer_quit_rate)
            quit_ &= ~leaving
            c.reason[quit_] = REASON_QUIT
            leaving |= quit_
        if leaving.any():
            c.active[leaving] = False
            c.left_week[leaving] = week.index
            self._handover_to_new(sim, np.flatnonzero(leaving), week)

    def _end(self, sim: Simulation, mask: np.ndarray, week: Week, aftercare: bool) -> None:
        s = sim.state
        s.coach[mask] = -1
        s.coaching_kind[mask] = 0
        s.trajectory_weeks[mask] = 0
        s.good_weeks[mask] = 0
        s.coach_start[mask] = np.nan
        if aftercare and sim.p.aftercare:
            s.aftercare_until[mask] = week.index + sim.p.aftercare_weeks

    def _end_trajectories(self, sim: Simulation, week: Week) -> None:
        """Goals met, time limits, leaving, re-entry, diploma."""
        s, p = sim.state, sim.p
        has = s.coach >= 0
        enrolled = s.status == Status.ENROLLED
        out = (s.status == Status.SWITCHED) | (s.status == Status.LEFT)
        prev = has & (s.coaching_kind == PREVENTIVE)
        cur = has & (s.coaching_kind == CURATIVE)
        good = (
            (s.commitment > p.goal_commitment)
            & (s.time_investment > p.goal_time_investment)
            & (s.wellbeing > p.goal_wellbeing)
        )
        s.good_weeks = np.where(prev & good, s.good_weeks + 1, 0)

        self._end(sim, has & (s.status == Status.DIPLOMA), week, aftercare=False)
        left = prev & out
        if p.after_leaving == "continue":
            # Integrated: the same coach carries on; the aim becomes re-entry or work.
            s.coaching_kind[left] = CURATIVE
            s.trajectory_weeks[left] = 0
        else:
            self._end(sim, left, week, aftercare=False)
            s.handover_week[left & (s.status == Status.LEFT)] = week.index + p.handover_weeks
            self.handovers += int(left.sum())
        limit = prev & enrolled & (s.trajectory_weeks >= p.trajectory_weeks)
        goals = (
            prev
            & enrolled
            & (s.good_weeks >= p.goal_weeks)
            & (s.trajectory_weeks >= p.min_trajectory_weeks)
        )
        self._end(sim, limit | goals, week, aftercare=True)
        back = cur & (
            enrolled | (s.after_status == AFTER_WORKING)
        )  # re-entered education, or working
        over = cur & (s.trajectory_weeks >= p.curative_trajectory_weeks)
        self._end(sim, (back | over) & (s.coach >= 0), week, aftercare=True)

    def _assign(self, sim: Simulation, rows: np.ndarray, pool: int, week: Week) -> None:
        """Give students (in priority order) free places in ``pool``, balanced over coaches.

        With a routed preventive programme the coach-tiers module splits the students
        and the coaches by tier (:meth:`vsvsim.interventions.tiers.CoachTiers.route`).
        """
        ids = np.flatnonzero(self.coaches.active & (self.coaches.pool == pool))
        factors = sim.module("success_factors")
        if pool == PREVENTIVE and factors is not None:
            rows = factors.admit(sim, rows)  # an admission on motivation (Mijn School)
        tiers = sim.module("coach_tiers")
        if pool == PREVENTIVE and tiers is not None and tiers.routed:
            for sub_rows, sub_ids in tiers.route(sim, rows, ids):
                self._assign_to(sim, sub_rows, sub_ids, pool, week)
        else:
            self._assign_to(sim, rows, ids, pool, week)

    def _assign_to(
        self, sim: Simulation, rows: np.ndarray, ids: np.ndarray, pool: int, week: Week
    ) -> None:
        """Give ``rows`` free places with coaches ``ids``, balanced over the coaches."""
        c, s, p = self.coaches, sim.state, sim.p
        if rows.size == 0 or ids.size == 0:
            return
        load = np.bincount(s.coach[s.coach >= 0], minlength=c.n)
        slots = _balanced_slots(c.cap[ids] - load[ids], ids)
        take, coach = rows[: slots.size], slots[: rows.size]
        kind = PREVENTIVE if pool == PREVENTIVE else CURATIVE
        s.coach[take] = coach
        s.last_coach[take] = coach
        s.coaching_kind[take] = kind
        s.entered_coaching[take] = np.where(
            s.entered_coaching[take] == 0, kind, s.entered_coaching[take]
        )
        s.coached[take] = True
        if kind == CURATIVE:
            s.curative_seen[take] = True
            s.handover_week[take] = np.nan
        s.bond[take] = 0.0  # a new relationship starts from zero trust
        s.trajectory_weeks[take] = 0
        s.good_weeks[take] = 0
        matching = np.array([getattr(p, COACH_TYPES[t].matching_param) for t in TYPE_NAMES])[
            c.type[coach]
        ]
        s.coach_start[take] = week.index + p.waiting_weeks + matching
        c.served += np.bincount(coach, minlength=c.n)
        factors = sim.module("success_factors")
        if factors is not None:  # motivation at intake; a warm or a cold handover
            factors.on_assign(sim, take, kind == PREVENTIVE)

    def _refer_and_assign(self, sim: Simulation, week: Week) -> None:
        """Referral by screening (intake moments) or early warning; curative after leaving."""
        s, p = sim.state, sim.p
        free = (s.coach < 0) & (s.entered_coaching == 0) & s.referral_ok
        enrolled = s.status == Status.ENROLLED
        if p.waiting_list:
            pass  # the capacity module refers and places preventively (capacity.py)
        elif p.preventive == "screening":
            moment = week.week_of_year == p.intake_week or (
                p.intake_moments == 2 and week.iso_week == SEMESTER_2_START
            )
            if moment:
                rows = np.flatnonzero(enrolled & free & (s.colour > 0))
                rows = rows[np.argsort(-s.colour[rows], kind="stable")]  # red first
                self._assign(sim, rows, PREVENTIVE, week)
        elif p.preventive == "early_warning":
            rows = np.flatnonzero(enrolled & free & s.signalled)
            rows = rows[np.argsort(s.signal_week[rows], kind="stable")]  # first signalled first
            self._assign(sim, rows, PREVENTIVE, week)
        if p.curative:
            # The RMC registers every school leaver; handed-over students after the gap.
            waiting = (s.status == Status.LEFT) & (s.coach < 0) & ~s.curative_seen
            if p.qualification_duty:  # the RMC's responsibility ends at its age limit
                waiting &= s.age < p.rmc_age_limit
            ready = (s.entered_coaching == 0) | (s.handover_week <= week.index)
            if p.curative_process:  # only those the RMC's outreach reached (outreach.py)
                ready &= s.rmc_reached
            rows = np.flatnonzero(waiting & ready)
            rows = rows[np.argsort(s.left_week[rows], kind="stable")]
            self._assign(sim, rows, CURATIVE, week)

    def _contacts(self, sim: Simulation, week: Week) -> None:
        """Contacts within time budgets; perception, action, goal and intended support.

        ``coach_intensity = "need"`` decides the contacts by :mod:`.intensity` (several a
        week by need and crisis, phases, two labels); ``"fixed"`` as below.
        """
        c, s, p, r = self.coaches, sim.state, sim.p, sim.draws
        has = s.coach >= 0
        s.trajectory_weeks += has
        s.weeks_coached += has
        s.coach_contacts[:] = 0
        s.coach_action2[:] = -1
        s.coach_goal2[:] = -1
        running = has & (s.coach_start <= week.index) & (s.status != Status.DIPLOMA)
        after = (s.coach < 0) & (s.aftercare_until >= week.index) & (s.last_coach >= 0)
        after &= c.active[np.maximum(s.last_coach, 0)]  # aftercare by the same coach only
        if p.coach_intensity == "need":
            rows, who, minutes, counts, needs, phase = self._need_contacts(
                sim, week, running, after
            )
            routine = running[rows]
        else:
            rate = p.coach_contact_rate * holiday_contact(p, week.holiday)
            if (self.contact_level != 1.0).any():  # the tier's contact level (intensity.py)
                rate = rate * self.contact_level[c.type[np.maximum(s.coach, 0)]]
            want = running & (r.u_coach < rate)
            want_after = after & (
                r.u_coach < p.aftercare_contact_rate * holiday_contact(p, week.holiday)
            )
            rows = np.flatnonzero(want | want_after)
            who = np.where(has[rows], s.coach[rows], s.last_coach[rows])
            minutes = np.where(want[rows], p.coach_minutes, p.aftercare_minutes)
            keep = _within_budget(
                who, minutes, r.u_priority[rows], MINUTES_PER_HOUR * p.coach_hours
            )
            rows, who, minutes = rows[keep], who[keep], minutes[keep]
            counts, needs, phase = np.ones(rows.size, np.int8), None, None
            routine = want[rows]

        load = np.bincount(s.coach[has], minlength=c.n)
        hours = np.bincount(who, weights=minutes, minlength=c.n) / MINUTES_PER_HOUR
        c.hours += hours
        c.load_weeks += load * c.active
        c.weeks_active += c.active
        c.max_load = np.maximum(c.max_load, load)
        c.max_hours_week = np.maximum(c.max_hours_week, hours)

        s.coach_minutes[rows] += minutes.astype(np.float32)
        s.project_minutes[rows] += minutes.astype(np.float32)
        s.contact[rows] = True
        s.coach_contacts[rows] = counts
        if rows.size == 0:
            return
        action, goal, action2, goal2 = self._choose(sim, rows, needs, phase)
        s.coach_action[rows] = action
        s.coach_goal[rows] = goal
        skill = p.coach_skill_base + p.coach_skill_experience_weight * c.experience[who]
        if action2 is None:
            intended = p.coach_support * skill[:, None] * ACTION_SUPPORT[action]
        else:
            s.coach_action2[rows] = action2
            s.coach_goal2[rows] = goal2
            support = intensity.combined_support(ACTION_SUPPORT, action, action2)
            intended = p.coach_support * skill[:, None] * support
        # Aftercare contacts are light: a share (half) of the intended support.
        intended *= np.where(routine, 1.0, p.aftercare_support_factor)[:, None]
        for k, name in enumerate(("intended_aut", "intended_comp", "intended_rel")):
            s[name][rows] = np.clip(intended[:, k], 0, 1)

    def _need_contacts(
        self, sim: Simulation, week: Week, running: np.ndarray, after: np.ndarray
    ) -> tuple[np.ndarray, ...]:
        """Contacts by need (:mod:`.intensity`): counts by perceived need and crisis, phases.

        Returns the rows with at least one contact kept within the coaches' hours, their
        coach, minutes, contact counts, perceived needs and phases.
        """
        s, p = sim.state, sim.p
        limit = np.where(
            s.coaching_kind == CURATIVE, p.curative_trajectory_weeks, p.trajectory_weeks
        )
        s.coach_phase = intensity.phases(s, p, running, after, limit)
        gen = sim.streams("coach_intensity")
        u_count, u_priority = gen.random(s.n), gen.random(s.n)
        rows = np.flatnonzero(running | after)
        needs = self._perceive(sim, rows)
        phase = s.coach_phase[rows]
        # The coach hears of last week's life event (this week's come after the contacts).
        crisis = running[rows] & s.life_event[rows]
        holiday = holiday_contact(p, week.holiday)
        who = np.where(running[rows], s.coach[rows], s.last_coach[rows])
        level = self.contact_level[self.coaches.type[who]]  # the tier's contact level
        lam = intensity.expected_contacts(p, needs.mean(axis=1), crisis, phase, holiday, level)
        counts = intensity.poisson_counts(lam, u_count[rows], p.coach_max_contacts)
        light = after[rows]  # aftercare: at most one light contact
        counts = np.where(light, u_count[rows] < p.aftercare_contact_rate * holiday, counts)
        counts = counts.astype(np.int8)
        each = np.where(
            light,
            p.aftercare_minutes,
            p.coach_need_minutes * np.where(crisis, p.coach_crisis_minutes_factor, 1.0),
        )
        # Every contact in the budget: crisis students first, then first contacts, ...
        one = np.repeat(np.arange(rows.size), counts)
        nth = np.arange(one.size) - np.repeat(np.cumsum(counts) - counts, counts)
        key = np.where(crisis[one], 0.0, p.coach_max_contacts + 1.0) + nth + u_priority[rows][one]
        keep = _within_budget(who[one], each[one], key, MINUTES_PER_HOUR * p.coach_hours)
        counts = np.bincount(one[keep], minlength=rows.size).astype(np.int8)
        seen = counts > 0
        rows, counts = rows[seen], counts[seen]
        return rows, who[seen], counts * each[seen], counts, needs[seen], phase[seen]

    def _perceive(self, sim: Simulation, rows: np.ndarray) -> np.ndarray:
        """The coach's perception of each student's need for each action (rows x ACTIONS)."""
        s, p = sim.state, sim.p
        gen = sim.streams("coach_choice")
        k = rows.size
        # Behaviour is seen; inner states only as far as bond and openness let them through.
        blur = (p.coach_perception_blur * (1.0 - s.bond[rows] * s.openness[rows]))[None, :]
        z = gen.standard_normal((5, k)).astype(np.float32) * blur
        return action_needs(
            sim.p,
            time=s.time_investment[rows],
            wellbeing=s.wellbeing[rows] + z[0],
            stress=s.stress[rows] + z[1],
            bond=s.bond[rows],
            competence=s.comp_school[rows] + z[2],
            commitment=s.commitment[rows] + z[3],
            confidence=s.confidence[rows] + z[4],
        )

    def _choose(
        self,
        sim: Simulation,
        rows: np.ndarray,
        needs: np.ndarray | None = None,
        phase: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
        """The coach's action and goal for each student seen (and second labels by need).

        ``needs`` are the perceived needs (perceived here when None); ``phase`` (intensity
        need) shifts the frequencies and adds second labels, which are None otherwise.
        """
        s, p = sim.state, sim.p
        if needs is None:
            needs = self._perceive(sim, rows)
        gen = sim.streams("coach_choice")
        k = rows.size
        action_w, goal_w = self.action_weights[None, :], self.goal_weights[None, :]
        if phase is not None:
            action_w = action_w * intensity.PHASE_ACTION[phase]
            goal_w = goal_w * intensity.PHASE_GOAL[phase]
        weights = action_w * (p.action_need_base + p.action_need_weight * needs)
        action = _draw_categorical(weights, gen.random(k))
        # Goals: the relationship first while the bond is weak; school skills when
        # competence seems low; environment under stress; wellbeing when low.
        g = np.column_stack(
            [
                p.goal_relationship_offset - s.bond[rows],
                np.ones(k),
                p.goal_need_offset + needs[:, 3],
                p.goal_need_offset + needs[:, 1],
                p.goal_need_offset + needs[:, 4],
            ]
        )
        goal_weights = goal_w * g
        goal = _draw_categorical(goal_weights, gen.random(k))
        if phase is None:
            return action.astype(np.int8), goal.astype(np.int8), None, None
        u = sim.streams("coach_labels").random((4, s.n))[:, rows]
        action2 = intensity.second_labels(weights, action, u[0], u[1], p.coach_second_action_share)
        goal2 = intensity.second_labels(goal_weights, goal, u[2], u[3], p.coach_second_goal_share)
        return action.astype(np.int8), goal.astype(np.int8), action2, goal2

    # --- reporting ------------------------------------------------------------------------

    def outputs(self, sim: Simulation) -> dict[str, Any]:
        """Coaches hired, turnover, handovers, hours and cost by programme.

        ``preventive_coach_cost``, ``curative_coach_cost`` and ``coach_cost`` are total
        costs (contact hours, coach starts and coordination); ``coach_hours_cost``,
        ``coach_start_cost`` and ``coordination_cost`` split ``coach_cost`` by part,
        ``coordination_hours`` counts the coordinator's time (one-off hours per match
        plus check-ins) and ``checkin_hours`` the check-in part of it.
        """
        coaches = self.table(sim) if self.active else None
        row: dict[str, Any] = {
            "coaches_hired": 0 if coaches is None else len(coaches),
            "coach_turnover": 0 if coaches is None else int((coaches["turnover"] != "none").sum()),
            "handovers": self.handovers if self.active else 0,
        }
        for pool in ("preventive", "curative"):
            sel = None if coaches is None else coaches[coaches["programme"] == pool]
            row[f"{pool}_coach_hours"] = 0.0 if sel is None else float(sel["hours"].sum())
            row[f"{pool}_coach_cost"] = 0.0 if sel is None else float(sel["cost"].sum())
        row["coach_hours"] = row["preventive_coach_hours"] + row["curative_coach_hours"]
        row["coach_cost"] = row["preventive_coach_cost"] + row["curative_coach_cost"]
        for out, column in COST_PARTS.items():
            row[out] = 0.0 if coaches is None else float(coaches[column].sum())
        for column in ("coordination_hours", "checkin_hours"):
            row[column] = 0.0 if coaches is None else float(coaches[column].sum())
        return row

    def table(self, sim: Simulation) -> pd.DataFrame:
        """One row per project coach ever hired (see :func:`mentors_table`).

        Cost columns: ``hours_cost`` (contact hours x the type's hourly cost),
        ``start_cost`` (the type's start cost: every row is a coach hired, so turnover
        adds rows and the cost recurs), ``coordination_hours`` (all the coordinator's
        time for this coach's students: ``matches``, the students the coach took on,
        first placements and handovers alike, x the type's one-off hours per match,
        plus ``checkin_hours``), ``checkin_hours`` (the part of ``coordination_hours``
        that recurs: ``student_weeks``, the student-weeks on the caseload, ``load_weeks``
        of :class:`Coaches`, x the type's check-in hours per student-week; 0 for types
        without check-ins; a handover moves the remaining weeks to the new coach, so
        they are not counted twice), ``coordination_cost`` (``coordination_hours`` x
        ``cost_coordination``) and ``cost``, the sum of the three costs.
        """
        c, p = self.coaches, sim.p

        def per_type(attr: str) -> np.ndarray:
            return np.array([getattr(p, getattr(COACH_TYPES[t], attr)) for t in TYPE_NAMES])

        hours_cost = c.hours * per_type("cost_param")[c.type]
        start_cost = per_type("start_param")[c.type].astype(np.float64)
        matches = c.served + c.taken_over
        names = [COACH_TYPES[t].checkin_param for t in TYPE_NAMES]
        checkin = np.array([0.0 if name is None else getattr(p, name) for name in names])
        checkin_hours = c.load_weeks * checkin[c.type]
        coordination_hours = matches * per_type("coordination_param")[c.type] + checkin_hours
        coordination_cost = coordination_hours * p.cost_coordination
        return pd.DataFrame(
            {
                "coach_id": np.arange(c.n, dtype=np.int32),
                "type": pd.Categorical.from_codes(c.type, TYPE_NAMES),
                "programme": pd.Categorical.from_codes(c.pool - 1, ["preventive", "curative"]),
                "experience": c.experience,
                "caseload_cap": c.cap,
                "caseload_per_week": c.load_weeks / np.maximum(c.weeks_active, 1),
                "student_weeks": c.load_weeks,
                "max_caseload": c.max_load,
                "hours": c.hours,
                "max_hours_week": c.max_hours_week,
                "hours_budget": p.coach_hours,
                "students_served": c.served,
                "students_taken_over": c.taken_over,
                "matches": matches,
                "hired_week": c.hired_week,
                "left_week": c.left_week,
                "turnover": pd.Categorical.from_codes(c.reason, ["none", "year_end", "quit"]),
                "hours_cost": hours_cost,
                "start_cost": start_cost,
                "coordination_hours": coordination_hours.astype(np.float64),
                "checkin_hours": checkin_hours.astype(np.float64),
                "coordination_cost": coordination_cost.astype(np.float64),
                "cost": hours_cost + start_cost + coordination_cost,
            }
        )


def _draw_categorical(weights: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Row-wise categorical draws from unnormalised weights with uniforms ``u``."""
    cum = np.cumsum(weights, axis=1)
    return (u[:, None] * cum[:, -1:] > cum).sum(axis=1)
