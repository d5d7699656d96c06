"""The parameter table: every model parameter declared once.

Each parameter has a default, an allowed range (or set of choices), a unit, a provenance
(a source from the model brief, or "assumption") and a one-line meaning. The scenario
loader, the model's keyword signature, the ODD parameter table and the app's sliders are
all generated from :data:`PARAMETERS`, so they cannot drift apart.

Sources (short names as in ``shared/model-brief.md``): UCA (Van der Gaag et al., the
u-can-act book), KvJ (Kansen voor Jongeren evaluation), NJi (NJi/ECBO 2023), REG (regional
VSV evaluation), FS (regional factsheet), plus the theory papers cited there (Finn 1989;
Jang, Kim & Reeve 2016; Zaff et al. 2017).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "GROUPS",
    "LEVEL_SHARES",
    "PARAMETERS",
    "Param",
    "ParamError",
    "check_consistency",
    "defaults",
    "validate_value",
]


class ParamError(ValueError):
    """A parameter value that is not allowed; the message names key, value and what is allowed."""


@dataclass(frozen=True)
class Param:
    """One model parameter.

    Attributes:
        name: Unique name; also the model keyword argument and the scenario-file key.
        group: Scenario-file table the key lives in (``[cohort]``, ``[school]``, ...).
        default: Default value; its Python type (bool, int, float, str) is the parameter's type.
        low: Smallest allowed value (numbers only).
        high: Largest allowed value (numbers only).
        choices: Allowed values (strings only).
        unit: Unit of the value.
        source: Provenance: a source from the brief, or "assumption".
        doc: One-line meaning.
    """

    name: str
    group: str
    default: Any
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    unit: str = "-"
    source: str = "assumption"
    doc: str = ""

    @property
    def kind(self) -> type:
        """The parameter's Python type."""
        return type(self.default)

    def allowed(self) -> str:
        """Human-readable description of the allowed values."""
        if self.kind is bool:
            return "true or false"
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        kind = "an integer" if self.kind is int else "a number"
        return f"{kind} from {self.low:g} to {self.high:g}"


GROUPS: dict[str, str] = {
    "run": "Run length and calendar",
    "cohort": "Cohort size and mix",
    "school": "School programme and climate",
    "outside": "Outside-school context",
    "dynamics": "Weekly state dynamics",
    "mechanisms": "Mechanism switches (ablations)",
    "strengths": "Mechanism strengths",
    "mentoring": "Regular school mentoring (slb'er)",
    "coaching": "Project coaching: preventive, curative, integrated",
}

_M = "mechanisms"


def _mech(name: str, doc: str, source: str) -> Param:
    return Param(name, _M, True, unit="switch", source=source, doc=doc)


# fmt: off
PARAMETERS: dict[str, Param] = {p.name: p for p in [
    # --- run ------------------------------------------------------------------------------
    Param("students", "run", 2000, 1, 5_000_000, unit="students",
          doc="Students in the initial cohort (the school population at the start)"),
    Param("years", "run", 1, 1, 10, unit="school years",
          doc="School years simulated, each starting in late August"),
    Param("start_year", "run", 2025, 2000, 2100, unit="year",
          doc="Calendar year in which the first school year starts"),
    # --- cohort ---------------------------------------------------------------------------
    Param("share_level_1", "cohort", 0.05, 0.0, 1.0, unit="share",
          source="assumption (approx. national mbo enrolment by level)",
          doc="Share of students at mbo level 1 (Entree)"),
    Param("share_level_2", "cohort", 0.20, 0.0, 1.0, unit="share",
          source="assumption (approx. national mbo enrolment by level)",
          doc="Share of students at mbo level 2"),
    Param("share_level_3", "cohort", 0.25, 0.0, 1.0, unit="share",
          source="assumption (approx. national mbo enrolment by level)",
          doc="Share of students at mbo level 3"),
    Param("share_level_4", "cohort", 0.50, 0.0, 1.0, unit="share",
          source="assumption (approx. national mbo enrolment by level)",
          doc="Share of students at mbo level 4"),
    Param("vulnerability_level_1", "cohort", 0.886, 0.05, 0.95, unit="0-1",
          source="NJi; REG (risk falls with level); fitted (docs/calibration.md)",
          doc="Mean latent vulnerability of level-1 students"),
    Param("vulnerability_level_2", "cohort", 0.655, 0.05, 0.95, unit="0-1",
          source="NJi; REG (risk falls with level); fitted (docs/calibration.md)",
          doc="Mean latent vulnerability of level-2 students"),
    Param("vulnerability_level_3", "cohort", 0.361, 0.05, 0.95, unit="0-1",
          source="NJi; REG (risk falls with level); fitted (docs/calibration.md)",
          doc="Mean latent vulnerability of level-3 students"),
    Param("vulnerability_level_4", "cohort", 0.301, 0.05, 0.95, unit="0-1",
          source="NJi; REG (risk falls with level); fitted (docs/calibration.md)",
          doc="Mean latent vulnerability of level-4 students"),
    Param("vulnerability_state_link", "cohort", 0.154, 0.0, 0.5, unit="0-1 per 0-1",
          source="brief section 2 (static risk markers do not explain individual "
                 "processes); fitted (docs/calibration.md)",
          doc="How much latent vulnerability lowers the commitment, confidence, wellbeing "
              "and time investment a student starts with"),
    Param("start_state_correlation", "cohort", 0.875, 0.0, 0.95, unit="correlation",
          source="UCA ch. 5.2.2 (eventual dropouts start ahead on all four); "
                 "fitted (docs/calibration.md)",
          doc="Correlation of the commitment a student brings with its starting confidence "
              "and wellbeing (a shared start-of-year keenness)"),
    Param("share_orange", "cohort", 0.15, 0.0, 1.0, unit="share",
          source="UCA ch. 4 (Het Buro intake colour code 80/15/5)",
          doc="Share of students screened orange (elevated risk)"),
    Param("share_red", "cohort", 0.05, 0.0, 1.0, unit="share",
          source="UCA ch. 4 (Het Buro intake colour code 80/15/5)",
          doc="Share of students screened red (high risk)"),
    Param("intake_share", "cohort", 0.35, 0.0, 1.0, unit="share of initial cohort",
          doc="New first-year intake at the start of each later school year"),
    Param("schools", "cohort", 2, 1, 200, unit="schools",
          doc="Number of schools (colleges) the cohort is spread over"),
    Param("programmes_per_school", "cohort", 6, 1, 100, unit="programmes",
          doc="Programmes (opleidingen) per school"),
    Param("class_size", "cohort", 25, 5, 40, unit="students",
          doc="Students per class; each class has one study-career mentor"),
    Param("students_per_context", "cohort", 100, 10, 10_000, unit="students",
          doc="Students per outside-school context (neighbourhood, family and peer milieu)"),
    Param("friends_per_student", "cohort", 4, 0, 20, unit="friends",
          doc="Friendship ties each student makes with classmates (mean degree about twice)"),
    # --- school ---------------------------------------------------------------------------
    Param("climate_autonomy", "school", 0.55, 0.0, 1.0, unit="0-1",
          source="Jang, Kim & Reeve 2016 (via UCA ch. 3); value assumption",
          doc="School climate: 0 fully controlling, 1 fully autonomy-supportive teachers"),
    Param("expectation_fit_correlation", "school", -0.778, -0.9, 0.9, unit="correlation",
          source="UCA ch. 5.2.2 (dropouts start keen); fitted (docs/calibration.md)",
          doc="Correlation between the commitment a student brings and its programme fit "
              "(negative: keen students in programmes that do not suit them)"),
    Param("vulnerability_fit_link", "school", 0.475, 0.0, 1.0, unit="0-1 per unit",
          source="FS (a wrong study choice is a main reason for leaving); value "
                 "fitted (docs/calibration.md)",
          doc="How much lower a vulnerable student's programme fit is, per unit of "
              "vulnerability (around a vulnerability of 0.3)"),
    Param("fit_discovery_rate", "school", 0.0505, 0.0, 1.0, unit="per week",
          source="fitted (docs/calibration.md)",
          doc="How fast lessons in the first semester show a student the programme's true fit "
              "(1: at once)"),
    Param("practice_discovery_rate", "school", 0.0775, 0.0, 1.0, unit="per week",
          source="UCA ch. 5.2.2 (dropouts decline from February); fitted (docs/calibration.md)",
          doc="How fast practical work and internships in the second semester show the "
              "programme's true fit (1: at once)"),
    Param("climate_sd", "school", 0.08, 0.0, 0.5, unit="0-1",
          doc="Spread of climate between schools"),
    Param("programme_fit", "school", 0.755, 0.0, 1.0, unit="0-1",
          source="fitted (docs/calibration.md)",
          doc="Mean fit between students and their programme"),
    Param("absence_conversation_threshold", "school", 0.35, 0.0, 1.0,
          unit="share of recent weeks absent", source="UCA ch. 6 (absence registration)",
          doc="Recent absence above which the mentor holds a conversation (below: a letter)"),
    Param("screening_accuracy", "school", 0.7, 0.0, 1.0, unit="0-1",
          source="UCA ch. 4 (intake colour code); value assumption",
          doc="Accuracy of intake screening: 1 colours follow true risk, 0 colours are random"),
    Param("ew_drop", "school", 0.15, 0.01, 0.5, unit="0-1",
          source="brief section 5 (early-warning trigger); value assumption",
          doc="Fall of commitment or confidence below its running mean that raises a signal"),
    Param("ew_instability", "school", 0.6, 0.0, 1.0, unit="0-1",
          doc="Instability above which the early-warning signal is raised"),
    Param("ew_absence", "school", 0.6, 0.0, 1.0, unit="share of recent weeks absent",
          doc="Recent absence above which the early-warning signal is raised"),
    Param("ew_second_semester_only", "school", True, unit="switch",
          source="UCA ch. 5.2.2 (decline from February)",
          doc="Early-warning signal only in the second semester"),
    Param("referral_inside", "school", 0.9, 0.0, 1.0, unit="probability",
          source="KvJ (close ties, warm handover); value assumption",
          doc="Chance that the school refers an eligible student to a project inside it"),
    Param("referral_outside", "school", 0.6, 0.0, 1.0, unit="probability",
          source="KvJ (reluctance to refer outside); value assumption",
          doc="Chance that the school refers an eligible student to a project outside it"),
    Param("internship_placement_rate", "school", 0.745, 0.0, 1.0, unit="probability",
          source="FS (no internship place as a reason to leave); fitted (docs/calibration.md)",
          doc="Chance that a final-year student finds an internship place (average student)"),
    # --- outside --------------------------------------------------------------------------
    Param("labour_market_pull", "outside", 0.5, 0.0, 1.0, unit="0-1",
          source="FS (groenpluk: paid work pulls students out)",
          doc="Tightness of the labour market: attraction of paid work over school"),
    Param("stress_level", "outside", 0.2, 0.0, 1.0, unit="0-1",
          source="UCA ch. 3; value assumption",
          doc="Mean outside-school stress (home, debts, housing)"),
    Param("stress_vulnerability_link", "outside", 1.14, 0.0, 3.0, unit="x per unit",
          source="UCA ch. 3 (stressors); brief section 2 (static markers do not explain "
                 "individual processes); value fitted (docs/calibration.md)",
          doc="How much a student's usual outside stress rises with vulnerability (relative to "
              "stress_level, per unit of vulnerability)"),
    Param("stress_volatility", "outside", 0.0545, 0.0, 0.2, unit="0-1 per week",
          source="UCA ch. 3 (stressors outside school come and go); value "
                 "fitted (docs/calibration.md)",
          doc="Weekly standard deviation of the drift of outside stress around the "
              "student's usual level (it returns to that level with a 10-week memory)"),
    Param("life_event_rate", "outside", 0.00272, 0.0, 0.05, unit="per week",
          source="FS (abrupt routes); fitted (docs/calibration.md)",
          doc="Weekly chance of an abrupt life event for an average student"),
    Param("job_finding_rate", "outside", 0.033, 0.0, 1.0, unit="per week",
          source="REG (36% working a year after leaving); fitted (docs/calibration.md)",
          doc="Weekly chance that a young person out of education finds work (average pull)"),
    Param("job_loss_rate", "outside", 0.01, 0.0, 1.0, unit="per week",
          doc="Weekly chance of losing that work"),
    # --- dynamics -------------------------------------------------------------------------
    Param("need_rate", "dynamics", 0.35, 0.01, 1.0, unit="per week",
          doc="Speed at which need fulfilment follows the week's circumstances"),
    Param("commitment_rate", "dynamics", 0.08, 0.01, 1.0, unit="per week",
          doc="Speed at which commitment follows its drivers"),
    Param("time_rate", "dynamics", 0.25, 0.01, 1.0, unit="per week",
          doc="Speed at which time investment follows its drivers"),
    Param("confidence_rate", "dynamics", 0.10, 0.01, 1.0, unit="per week",
          doc="Speed at which confidence follows perceived success"),
    Param("wellbeing_rate", "dynamics", 0.15, 0.01, 1.0, unit="per week",
          doc="Speed at which wellbeing follows need fulfilment"),
    Param("wellbeing_set_point", "dynamics", 0.883, 0.0, 1.0, unit="share",
          source="set-point theory of subjective wellbeing (Diener, Lucas & Scollon 2006); "
                 "value fitted (docs/calibration.md)",
          doc="Share of a student's starting wellbeing deviation that stays as a personal set "
              "point (0: wellbeing follows need fulfilment only)"),
    Param("event_noise", "dynamics", 0.15, 0.0, 0.5, unit="0-1",
          doc="Week-to-week spread of the valence of events"),
    Param("state_noise", "dynamics", 0.00511, 0.0, 0.2, source="fitted (docs/calibration.md)",
          unit="0-1",
          doc="Week-to-week noise on commitment and time investment"),
    # --- mechanism switches ---------------------------------------------------------------
    _mech("participation_identification_spiral",
          "Participation and commitment reinforce each other", "Finn 1989 (UCA ch. 3)"),
    _mech("teacher_control_loop",
          "Low engagement provokes teacher control, which frustrates needs",
          "Jang, Kim & Reeve 2016 (UCA ch. 3)"),
    _mech("confidence_loop",
          "Confidence from success, biased perception, locus of control", "UCA ch. 3"),
    _mech("outside_pull_push",
          "Paid work pulls, outside stress pushes energy away from school", "UCA ch. 3; FS"),
    _mech("delayed_realisation",
          "Committed students absorb setbacks until strain accumulates", "UCA ch. 5.2"),
    _mech("gradual_abrupt_routes",
          "Flickering before gradual exits; abrupt exits after life events", "UCA ch. 3; FS"),
    _mech("coach_relationship",
          "Bond and experienced support from the mentor or coach", "UCA ch. 5.3"),
    _mech("peer_influence",
          "Friends' attendance, commitment and leaving; popularity", "UCA ch. 3"),
    _mech("leaving_and_after",
          "Switchers and school leavers as distinct processes; re-entry", "UCA ch. 5.2.3"),
    # --- mechanism strengths --------------------------------------------------------------
    Param("spiral_commitment_to_time", "strengths", 0.507, 0.0, 2.0, unit="0-1 per 0-1",
          source="Finn 1989; fitted (docs/calibration.md)",
          doc="How strongly commitment drives time investment (sigmoid response)"),
    Param("spiral_time_to_commitment", "strengths", 0.315, 0.0, 2.0, unit="0-1 per 0-1",
          source="Finn 1989; fitted (docs/calibration.md)",
          doc="How strongly time investment feeds back into commitment"),
    Param("control_responsiveness", "strengths", 0.8, 0.0, 2.0, unit="0-1 per 0-1",
          source="Jang, Kim & Reeve 2016; value assumption",
          doc="How strongly teachers answer low engagement with control"),
    Param("control_need_frustration", "strengths", 0.5, 0.0, 1.0, unit="0-1 per 0-1",
          source="Jang, Kim & Reeve 2016; value assumption",
          doc="How much teacher control frustrates school need fulfilment"),
    Param("confidence_bias", "strengths", 0.4, 0.0, 1.0, unit="0-1 per 0-1",
          doc="How strongly current confidence colours perceived success"),
    Param("pull_time_cost", "strengths", 0.25, 0.0, 1.0, unit="0-1 per 0-1",
          source="FS; value assumption",
          doc="Time investment lost to an attractive outside alternative at full pull"),
    Param("stress_drain", "strengths", 0.555, 0.0, 1.0, unit="0-1 per 0-1",
          source="fitted (docs/calibration.md)",
          doc="Wellbeing and time investment drained by outside stress"),
    Param("realisation_absorb_threshold", "strengths", 0.56, 0.0, 1.0, unit="0-1",
          source="UCA ch. 5.2.2; fitted (docs/calibration.md)",
          doc="Commitment above which setbacks are absorbed (or spur more effort)"),
    Param("realisation_try_harder", "strengths", 0.0967, 0.0, 0.5, unit="0-1 per setback",
          source="fitted (docs/calibration.md)",
          doc="Commitment gained per setback while absorbing"),
    Param("realisation_effort", "strengths", 0.0257, 0.0, 0.5, unit="0-1 at tolerance",
          source="UCA ch. 5.2.2 (try harder after a failed test); value "
                 "fitted (docs/calibration.md)",
          doc="Time investment a committed student adds as setbacks accumulate, at full "
              "strain (tolerance reached), until it realises the programme may not work out"),
    Param("realisation_tolerance", "strengths", 1.47, 0.1, 10.0, unit="strain units",
          source="fitted (docs/calibration.md)",
          doc="Mean accumulated strain at which a committed student realises it fails"),
    Param("strain_memory", "strengths", 18.0, 2.0, 100.0, unit="weeks",
          source="UCA ch. 5.2.2 (an accumulation of negative experiences); "
                 "fitted (docs/calibration.md)",
          doc="Memory of accumulated strain: setbacks fade with this time constant"),
    Param("realisation_confidence_shield", "strengths", 0.855, 0.0, 1.0, unit="share",
          source="UCA ch. 5.2.2 (try harder after a failed test); fitted (docs/calibration.md)",
          doc="Share of a setback's confidence cost that a committed student absorbs until "
              "it realises the programme may not work out"),
    Param("realisation_drop", "strengths", 0.547, 0.0, 1.0, unit="0-1",
          source="fitted (docs/calibration.md)",
          doc="Fall in the commitment set point after realisation"),
    Param("flicker_gain", "strengths", 2.5, 0.0, 10.0, unit="x noise",
          source="UCA ch. 3 (flickering before transitions); value assumption",
          doc="Extra noise near the tipping point (flickering)"),
    Param("abrupt_exit_probability", "strengths", 0.142, 0.0, 1.0, unit="probability",
          source="FS; fitted (docs/calibration.md)",
          doc="Chance that an abrupt life event ends enrolment at once"),
    Param("coach_commitment_effect", "strengths", 0.439, 0.0, 1.0, unit="0-1 per 0-1",
          source="UCA ch. 5.3; value fitted (docs/calibration.md)",
          doc="Commitment (and half as much time investment) gained from the coach relationship"),
    Param("support_mismatch_sd", "strengths", 0.2, 0.0, 1.0, unit="0-1",
          source="UCA ch. 5.3 (intention-experience mismatch)",
          doc="Spread between intended and experienced support"),
    Param("bond_growth", "strengths", 0.08, 0.0, 1.0, unit="per contact",
          source="UCA ch. 5.3 (trust first, care later)",
          doc="Speed at which the bond grows with each contact"),
    Param("peer_influence_strength", "strengths", 0.25, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Pull of friends' attendance and commitment"),
    Param("friend_leaving_shock", "strengths", 0.05, 0.0, 0.5, unit="0-1 per friend",
          doc="Drop in commitment when a friend leaves"),
    Param("popularity_time_cost", "strengths", 0.1, 0.0, 1.0, unit="0-1 per 0-1",
          source="UCA ch. 3 (popular students invest less time)",
          doc="Time investment lost by popular students"),
    Param("leave_hazard_max", "strengths", 0.248, 0.0, 1.0, unit="per week",
          source="fitted (docs/calibration.md)",
          doc="Weekly chance of leaving at the very lowest readiness"),
    Param("leave_threshold", "strengths", 0.368, 0.0, 1.0, unit="0-1",
          source="fitted (docs/calibration.md)",
          doc="Readiness (commitment, time, confidence) at which the hazard is half its maximum"),
    Param("leave_relative_weight", "strengths", 2.95, 0.0, 5.0, unit="0-1 per 0-1",
          source="UCA ch. 5.2.2 (realising the programme may not work out); "
                 "fitted (docs/calibration.md)",
          doc="How much readiness is judged against the student's own expectations "
              "(base commitment) rather than on an absolute scale"),
    Param("leave_steepness", "strengths", 33.5, 1.0, 50.0, unit="1/0-1",
          source="fitted (docs/calibration.md)",
          doc="Steepness of the leaving hazard around the threshold"),
    Param("holiday_hazard_factor", "strengths", 0.3, 0.0, 1.0, unit="x hazard",
          doc="Leaving hazard in holiday weeks relative to school weeks"),
    Param("leaver_threshold", "strengths", 0.431, 0.0, 1.0, unit="0-1",
          source="UCA ch. 5.2.3; fitted (docs/calibration.md)",
          doc="General wellbeing/need level below which a leaver leaves education"),
    Param("leaver_decline_weight", "strengths", 6.27, 0.0, 10.0, unit="x decline",
          source="UCA ch. 5.2.3 (school leavers' general state declined before leaving); "
                 "value fitted (docs/calibration.md)",
          doc="How much a recent decline of the general state (against its running mean over "
              "about ten weeks) counts, next to its level, towards leaving education"),
    Param("undifferentiated_switch_share", "strengths", 0.38, 0.0, 1.0, unit="share",
          source="UCA ch. 5.1.1 (5 of 13 in 100 stoppers switch)",
          doc="Switcher share when leaving is one undifferentiated process (mechanism off)"),
    Param("post_leave_decline", "strengths", 0.01, 0.0, 0.1, unit="per week",
          source="UCA ch. 5.2.3",
          doc="Weekly decline of a school leaver's need fulfilment after leaving"),
    Param("reentry_leaver", "strengths", 0.298, 0.0, 1.0, unit="probability",
          source="REG (24% back in education a year later); fitted (docs/calibration.md)",
          doc="Chance that a school leaver re-enters at the next school year"),
    Param("coach_reentry_effect", "strengths", 8.91, 0.0, 10.0, unit="x per unit bond",
          source="KvJ (curative entrants: 38% back in school); fitted (docs/calibration.md)",
          doc="Re-entry chance multiplied by 1 + effect x bond for a leaver with a coach"),
    Param("midyear_reentry", "strengths", 0.608, 0.0, 1.0, unit="share of year-start chance",
          source="brief section 3.9 (re-entry mostly at the start of a school year); "
                 "fitted (docs/calibration.md)",
          doc="Re-entry chance at the February intake moment, relative to the year start"),
    Param("reentry_switcher", "strengths", 0.388, 0.0, 1.0, unit="probability",
          source="fitted (docs/calibration.md)",
          doc="Chance that a switcher starts a new programme at the next school year"),
    # --- regular mentoring ----------------------------------------------------------------
    Param("mentor_contact_rate", "mentoring", 0.25, 0.0, 1.0, unit="per week",
          doc="Weekly chance that the study-career mentor speaks with a student"),
    Param("mentor_minutes", "mentoring", 15.0, 0.0, 240.0, unit="minutes per contact",
          doc="Time of a regular mentor contact"),
    Param("mentor_support", "mentoring", 0.25, 0.0, 1.0, unit="0-1",
          doc="Need support the regular mentor intends in a contact"),
    # --- project coaching -----------------------------------------------------------------
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
          choices=("professional", "intern", "volunteer"), unit="choice",
          source="UCA ch. 4 (Pluscoach, Buro interns, Plusmaatje volunteers)",
          doc="Type of the preventive coaches"),
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
          doc="Light follow-up contact for 12 weeks after a trajectory ends"),
    Param("handover_weeks", "coaching", 4, 0, 26, unit="weeks",
          source="UCA ch. 4 (handover at the moment of dropout)",
          doc="Gap between leaving and the curative coach taking over (handover)"),
    Param("volunteer_quit_rate", "coaching", 0.05, 0.0, 1.0, unit="per week",
          source="UCA ch. 4 (volunteers leave after poor matches)",
          doc="Weekly chance that a volunteer with a poorly matched student quits"),
    Param("cost_professional", "coaching", 75.0, 0.0, 500.0, unit="EUR per hour",
          doc="Cost of one professional coach hour"),
    Param("cost_intern", "coaching", 25.0, 0.0, 500.0, unit="EUR per hour",
          doc="Cost of one intern coach hour (supervision included)"),
    Param("cost_volunteer", "coaching", 12.0, 0.0, 500.0, unit="EUR per hour",
          doc="Cost of one volunteer coach hour (coordination included)"),
]}
# fmt: on

LEVEL_SHARES = ("share_level_1", "share_level_2", "share_level_3", "share_level_4")


def defaults() -> dict[str, Any]:
    """Return a fresh dict of every parameter's default value."""
    return {name: p.default for name, p in PARAMETERS.items()}


def validate_value(name: str, value: Any, where: str = "") -> Any:
    """Check one value against its declaration and return it in the parameter's type.

    Args:
        name: Parameter name.
        value: Proposed value.
        where: Prefix for the error message (for example the file and table).

    Returns:
        The value, converted to float where an int was given for a float parameter.

    Raises:
        ParamError: If the name is unknown or the value has the wrong type or range.
    """
    prefix = f"{where}: " if where else ""
    if name not in PARAMETERS:
        raise ParamError(f"{prefix}unknown parameter {name!r}")
    p = PARAMETERS[name]
    bad = ParamError(f"{prefix}{p.group}.{name} = {value!r} is not allowed; use {p.allowed()}")
    if p.kind is bool:
        if not isinstance(value, bool):
            raise bad
        return value
    if p.kind is str:
        if not isinstance(value, str) or value not in (p.choices or ()):
            raise bad
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad
    if p.kind is int and not float(value).is_integer():
        raise bad
    if not (p.low <= value <= p.high) or value != value:  # value != value catches NaN
        raise bad
    return int(value) if p.kind is int else float(value)


def check_consistency(values: dict[str, Any], where: str = "") -> None:
    """Check relations between parameters (shares that must add up).

    Args:
        values: A complete parameter dict.
        where: Prefix for the error message.

    Raises:
        ParamError: If the level shares do not sum to 1 or the risk shares exceed 1.
    """
    prefix = f"{where}: " if where else ""
    total = sum(values[k] for k in LEVEL_SHARES)
    if abs(total - 1.0) > 1e-6:
        listed = ", ".join(f"{k} = {values[k]:g}" for k in LEVEL_SHARES)
        raise ParamError(f"{prefix}cohort level shares must add up to 1, got {total:g} ({listed})")
    if values["share_orange"] + values["share_red"] > 1.0:
        raise ParamError(
            f"{prefix}cohort.share_orange + cohort.share_red = "
            f"{values['share_orange'] + values['share_red']:g} is more than 1"
        )
