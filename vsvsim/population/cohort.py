"""Building the population: students, schools, programmes, classes, contexts, friendships.

Everything here is drawn once, at set-up, from the ``cohort`` and ``network`` streams, for
every row the run will ever use (the initial cohort plus each later year's intake), so the
same seed gives the same students whatever the policy. The initial-condition choices (levels,
spreads, weights, beta shapes) are parameters declared below; what stays in code are the
reference points the terms are centred on and a numerical guard (docs/ODD.md, Initialisation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from vsvsim.core.module import Module
from vsvsim.core.params import LEVEL_SHARES, Param
from vsvsim.core.state import UNIT, StateVar, Status, StudentArrays
from vsvsim.core.streams import Streams
from vsvsim.population.network import assign_classes, friendships

__all__ = [
    "TYPICAL_COMMITMENT",
    "Cohort",
    "Population",
    "build_population",
    "expected_fit",
    "risk_tiers",
]

#: The commitment a typical student brings; expectations are measured from it.
TYPICAL_COMMITMENT = 0.64
#: A typical student's starting wellbeing; the wellbeing disposition is measured from it.
TYPICAL_WELLBEING = 0.58

#: Years to diploma by mbo level (level 4 is 3 or 4 years; 3 here, an assumption). A table
#: of the programmes' institutional lengths, kept as a named constant.
PROGRAMME_LENGTH = np.array([0, 1, 2, 3, 3], dtype=np.int8)

#: Reference points around which a term is measured (centring, not levels): the typical
#: latent vulnerability for the shift of the starting states, the vulnerability around which
#: fit falls with ``vulnerability_fit_link``, the commitment around which starting time
#: investment rises, and the vulnerability at which usual stress is ``stress_level``.
TYPICAL_VULNERABILITY = 0.4
FIT_VULNERABILITY_CENTRE = 0.3
TIME_COMMITMENT_CENTRE = 0.6
STRESS_VULNERABILITY_CENTRE = 1.0 / 3.0
#: Numerical guard: beta means are kept inside (0, 1) so both shape parameters stay positive.
BETA_MEAN_MIN, BETA_MEAN_MAX = 0.02, 0.98


# fmt: off
PARAMS = (
    Param("students", "run", 2000, 1, 5_000_000, unit="students",
          doc="Students in the initial cohort (the school population at the start)"),
    Param("years", "run", 1, 1, 10, unit="school years",
          doc="School years simulated, each starting in late August"),
    Param("start_year", "run", 2025, 2000, 2100, unit="year",
          doc="Calendar year in which the first school year starts"),
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
    Param("vulnerability_level_1", "cohort", 0.934, 0.05, 0.95, unit="0-1",
          source="NJi; REG (risk falls with level); fitted (docs/calibration.md)",
          doc="Mean latent vulnerability of level-1 students",
          fit=(0.5, 0.95)),
    Param("vulnerability_level_2", "cohort", 0.58, 0.05, 0.95, unit="0-1",
          source="NJi; REG (risk falls with level); fitted (docs/calibration.md)",
          doc="Mean latent vulnerability of level-2 students",
          fit=(0.3, 0.7)),
    Param("vulnerability_level_3", "cohort", 0.327, 0.05, 0.95, unit="0-1",
          source="NJi; REG (risk falls with level); fitted (docs/calibration.md)",
          doc="Mean latent vulnerability of level-3 students",
          fit=(0.15, 0.45)),
    Param("vulnerability_level_4", "cohort", 0.26, 0.05, 0.95, unit="0-1",
          source="NJi; REG (risk falls with level); fitted (docs/calibration.md)",
          doc="Mean latent vulnerability of level-4 students",
          fit=(0.1, 0.4)),
    Param("vulnerability_state_link", "cohort", 0.155, 0.0, 0.5, unit="0-1 per 0-1",
          source="brief section 2 (static risk markers do not explain individual "
                 "processes); fitted (docs/calibration.md)",
          doc="How much latent vulnerability lowers the commitment, confidence, wellbeing "
              "and time investment a student starts with",
          fit=(0.0, 0.35)),
    Param("start_state_correlation", "cohort", 0.716, 0.0, 0.95, unit="correlation",
          source="UCA ch. 5.2.2 (eventual dropouts start ahead on all four); "
                 "fitted (docs/calibration.md)",
          doc="Correlation of the commitment a student brings with its starting confidence "
              "and wellbeing (a shared start-of-year keenness)",
          fit=(0.0, 0.95),
          fixed="Morris screening: moves no fit target by a scale unit (mu* 0.70)"),
    Param("vulnerability_concentration", "cohort", 6.0, 1.0, 30.0, unit="beta concentration",
          doc="Concentration of the beta distribution of latent vulnerability around its "
              "level mean (higher: less spread)"),
    Param("initial_commitment_sd", "cohort", 0.08, 0.0, 0.3, unit="0-1",
          doc="Spread of the commitment students bring"),
    Param("initial_confidence", "cohort", 0.55, 0.0, 1.0, unit="0-1",
          doc="Starting confidence of a student of typical vulnerability"),
    Param("initial_confidence_sd", "cohort", 0.12, 0.0, 0.5, unit="0-1",
          doc="Spread of starting confidence"),
    Param("initial_wellbeing_sd", "cohort", 0.10, 0.0, 0.5, unit="0-1",
          doc="Spread of starting wellbeing"),
    Param("initial_time_investment", "cohort", 0.54, 0.0, 1.0, unit="0-1",
          doc="Starting time investment of a typical student"),
    Param("initial_time_vulnerability_factor", "cohort", 0.8, 0.0, 2.0, unit="x",
          doc="How much of the vulnerability shift of the starting states "
              "(vulnerability_state_link) shows in starting time investment"),
    Param("initial_time_commitment_weight", "cohort", 0.3, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Rise of starting time investment per unit of commitment brought (around 0.6)"),
    Param("initial_time_investment_sd", "cohort", 0.10, 0.0, 0.5, unit="0-1",
          doc="Spread of starting time investment"),
    Param("locus_base", "cohort", 0.3, 0.0, 1.0, unit="0-1",
          doc="Mean external locus of control of a student with no latent vulnerability"),
    Param("locus_vulnerability_weight", "cohort", 0.3, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Rise of the mean external locus of control per unit of vulnerability"),
    Param("locus_concentration", "cohort", 8.0, 1.0, 30.0, unit="beta concentration",
          doc="Concentration of the beta distribution of external locus around its mean"),
    Param("strain_tolerance_offset", "cohort", 0.5, 0.0, 2.0, unit="0-1",
          doc="Strain tolerance scales with this plus the commitment brought (keen students "
              "absorb more)"),
    Param("strain_tolerance_sd", "cohort", 0.3, 0.0, 1.0, unit="log units",
          doc="Log-normal spread of strain tolerance between students"),
    Param("pull_beta_a", "cohort", 2.0, 0.5, 10.0, unit="beta shape",
          doc="First shape parameter of the beta distribution of outside pull"),
    Param("pull_beta_b", "cohort", 5.0, 0.5, 20.0, unit="beta shape",
          doc="Second shape parameter of the beta distribution of outside pull"),
    Param("low_level_pull_bonus", "cohort", 0.1, 0.0, 0.5, unit="0-1",
          doc="Extra outside pull of students at the lower mbo levels (up to "
              "low_level_max)"),
    Param("low_level_max", "cohort", 2, 1, 4, unit="mbo level",
          doc="Highest mbo level that gets low_level_pull_bonus"),
    Param("popularity_beta_shape", "cohort", 2.0, 0.5, 10.0, unit="beta shape",
          doc="Both shape parameters of the (symmetric) beta distribution of popularity"),
    Param("initial_openness", "cohort", 0.45, 0.0, 1.0, unit="0-1",
          doc="Mean openness to a coach"),
    Param("initial_openness_sd", "cohort", 0.15, 0.0, 0.5, unit="0-1",
          doc="Spread of openness to a coach"),
    Param("initial_school_needs", "cohort", 0.55, 0.0, 1.0, unit="0-1",
          doc="Starting fulfilment of autonomy, competence and relatedness at school"),
    Param("initial_outside_needs", "cohort", 0.6, 0.0, 1.0, unit="0-1",
          doc="Starting fulfilment of autonomy, competence and relatedness outside school"),
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
    Param("climate_autonomy", "school", 0.55, 0.0, 1.0, unit="0-1",
          source="Jang, Kim & Reeve 2016 (via UCA ch. 3); value assumption",
          doc="School climate: 0 fully controlling, 1 fully autonomy-supportive teachers"),
    Param("expectation_fit_correlation", "school", -0.837, -0.9, 0.9, unit="correlation",
          source="UCA ch. 5.2.2 (dropouts start keen); fitted (docs/calibration.md)",
          doc="Correlation between the commitment a student brings and its programme fit "
              "(negative: keen students in programmes that do not suit them)",
          fit=(-0.9, 0.0),
          fixed="Morris screening at 2,000 x 4: moves no fit target by a scale unit (mu* 0.88)"),
    Param("vulnerability_fit_link", "school", 0.575, 0.0, 1.0, unit="0-1 per unit",
          source="FS (a wrong study choice is a main reason for leaving); value "
                 "fitted (docs/calibration.md)",
          doc="How much lower a vulnerable student's programme fit is, per unit of "
              "vulnerability (around a vulnerability of 0.3)",
          fit=(0.1, 0.8)),
    Param("climate_sd", "school", 0.08, 0.0, 0.5, unit="0-1",
          doc="Spread of climate between schools"),
    Param("programme_fit", "school", 0.765, 0.0, 1.0, unit="0-1",
          source="fitted (docs/calibration.md)",
          doc="Mean fit between students and their programme",
          fit=(0.6, 0.85)),
    Param("programme_quality_sd", "school", 0.05, 0.0, 0.3, unit="0-1",
          doc="Spread of programme quality (a shift of fit shared by a programme's students)"),
    Param("student_fit_sd", "school", 0.12, 0.0, 0.5, unit="0-1",
          doc="Spread of fit between students within a programme"),
    Param("initial_teacher_control_factor", "school", 0.3, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Starting controlling teacher behaviour felt, per unit of controlling climate "
              "(1 - climate_autonomy)"),
    Param("stress_level", "outside", 0.2, 0.0, 1.0, unit="0-1",
          source="UCA ch. 3; value assumption",
          doc="Mean outside-school stress (home, debts, housing)"),
    Param("stress_vulnerability_link", "outside", 1.14, 0.0, 3.0, unit="x per unit",
          source="UCA ch. 3 (stressors); brief section 2 (static markers do not explain "
                 "individual processes); value fitted with the life domains off "
                 "(docs/calibration.md); used only with the life domains off",
          doc="How much a student's usual outside stress rises with vulnerability (relative to "
              "stress_level, per unit of vulnerability; with the life domains off: with them "
              "on, usual stress is the sum of the domains)"),
    Param("context_pull_sd", "outside", 0.25, 0.0, 1.0, unit="log units",
          doc="Log-normal spread of labour-market pull between outside contexts"),
    Param("context_stress_sd", "outside", 0.05, 0.0, 0.3, unit="0-1",
          doc="Spread of the stress shift between outside contexts"),
    Param("stress_base_sd", "outside", 0.05, 0.0, 0.3, unit="0-1",
          doc="Spread of usual outside stress between students"),
    Param("realisation_tolerance", "strengths", 1.55, 0.1, 10.0, unit="strain units",
          source="fitted (docs/calibration.md)",
          doc="Mean accumulated strain at which a committed student realises it fails",
          fit=(0.2, 2.0)),
)
STATES = (
    StateVar("level", "int8", 2, 1, 4, "mbo level 1 (Entree) to 4", "attribute"),
    StateVar("school", "int32", 0, 0, None, "school index", "attribute"),
    StateVar("programme", "int32", 0, 0, None, "programme index (global)", "attribute"),
    StateVar("klass", "int32", 0, 0, None, "class index (global); one mentor per class",
             "attribute"),
    StateVar("context", "int32", 0, 0, None, "outside-school context index", "attribute"),
    StateVar("mentor", "int32", 0, 0, None, "study-career mentor (index into mentors)",
             "attribute"),
    StateVar("climate", "float32", 0.55, *UNIT, "autonomy-supportive climate of the school",
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
    StateVar("vulnerability", "float32", 0.3, *UNIT, "latent risk (not observed directly)",
             "trait"),
    StateVar("fit", "float32", 0.6, *UNIT, "fit between student and programme", "trait"),
    StateVar("base_commitment", "float32", 0.6, *UNIT,
             "commitment the student brings (expectations)", "trait"),
    StateVar("locus", "float32", 0.4, *UNIT, "external locus of control (1 fully external)",
             "trait"),
    StateVar("tolerance", "float32", 2.5, 0.0, None,
             "strain a committed student absorbs before realising", "trait"),
    StateVar("pull", "float32", 0.3, *UNIT, "susceptibility to outside alternatives (paid work)",
             "trait"),
    StateVar("stress_base", "float32", 0.2, *UNIT, "usual outside stress", "trait"),
    StateVar("popularity", "float32", 0.5, *UNIT, "popularity with classmates", "trait"),
    StateVar("wellbeing_disposition", "float32", 0.0, -1.0, 1.0,
             "personal wellbeing set point: the starting wellbeing's deviation from typical",
             "trait"),
)
# fmt: on


def risk_tiers(score: np.ndarray, share_orange: float, share_red: float) -> np.ndarray:
    """Top ``share_red`` of ``score`` red (2), the next ``share_orange`` orange (1)."""
    red_cut = np.quantile(score, 1.0 - share_red) if share_red > 0 else np.inf
    orange_cut = np.quantile(score, 1.0 - share_red - share_orange) if share_orange > 0 else red_cut
    return np.where(score >= red_cut, 2, np.where(score >= orange_cut, 1, 0)).astype(np.int8)


@dataclass
class Population:
    """The built population.

    Attributes:
        state: Student arrays (capacity rows).
        n_initial: Rows in the initial cohort.
        intake_per_year: Rows added at each later school year.
        n_schools: Number of schools.
        school_climate: Climate per school.
        n_programmes: Number of programmes (global).
        n_classes: Number of classes (= study-career mentors).
        n_contexts: Number of outside-school contexts.
        context_pull: Labour-market pull multiplier per context.
        context_stress: Stress shift per context.
        friends_src: Friendship edge sources (both directions listed).
        friends_dst: Friendship edge targets.
    """

    state: StudentArrays
    n_initial: int
    intake_per_year: int
    n_schools: int
    school_climate: np.ndarray
    n_programmes: int
    n_classes: int
    n_contexts: int
    context_pull: np.ndarray
    context_stress: np.ndarray
    friends_src: np.ndarray
    friends_dst: np.ndarray


def _clip(x: np.ndarray) -> np.ndarray:
    return np.clip(x, 0.0, 1.0)


def _beta_mean(rng: np.random.Generator, mean: np.ndarray, concentration: float) -> np.ndarray:
    mean = np.clip(mean, BETA_MEAN_MIN, BETA_MEAN_MAX)
    return rng.beta(mean * concentration, (1.0 - mean) * concentration)


def expected_fit(base_commitment: np.ndarray, programme_fit: float) -> np.ndarray:
    """The fit a student expects at the start: the usual fit, higher for keen students.

    Assumption: expectation moves one for one with the commitment a student brings
    (relative to :data:`TYPICAL_COMMITMENT`).
    """
    return _clip(programme_fit + (base_commitment - TYPICAL_COMMITMENT))


def build_population(p: dict, streams: Streams, registry: dict | None = None) -> Population:
    """Draw the whole population for a run.

    Args:
        p: Complete parameter dict.
        streams: The run's named random streams.
        registry: The state variables to allocate (default: every registered one).

    Returns:
        The population, with initial-cohort rows enrolled and later intakes pending.
    """
    rng = streams("cohort")
    n0 = int(p["students"])
    intake = round(p["intake_share"] * n0)
    n = n0 + intake * (int(p["years"]) - 1)
    s = StudentArrays(n, registry)

    entry_year = np.zeros(n, dtype=np.int8)
    if intake:
        entry_year[n0:] = 1 + np.arange(n - n0) // intake
    s.entry_year = entry_year
    s.status = np.where(entry_year == 0, Status.ENROLLED, Status.PENDING).astype(np.int8)

    # Level and latent risk. The true risk tier is the top share_red of vulnerability
    # (red) and the next share_orange (orange); the colour the school works with comes
    # from intake screening of configurable accuracy.
    shares = np.array([p[k] for k in LEVEL_SHARES])
    s.level = (1 + rng.choice(4, size=n, p=shares / shares.sum())).astype(np.int8)
    by_level = np.array([0.0] + [p[f"vulnerability_level_{lvl}"] for lvl in (1, 2, 3, 4)])
    v = _beta_mean(rng, by_level[s.level], p["vulnerability_concentration"])
    s.vulnerability = v
    # The true risk tier; the colour the school sees comes from intake screening
    # (vsvsim.interventions.screening, at set-up).
    s.true_colour = risk_tiers(v, p["share_orange"], p["share_red"])

    s.programme_length = PROGRAMME_LENGTH[s.level]
    first_year = rng.integers(0, 4, size=n) % s.programme_length + 1
    s.programme_year = np.where(entry_year == 0, first_year, 1).astype(np.int8)

    # Schools, programmes, contexts.
    n_schools = int(p["schools"])
    pps = int(p["programmes_per_school"])
    s.school = rng.integers(0, n_schools, size=n).astype(np.int32)
    s.programme = (s.school * pps + rng.integers(0, pps, size=n)).astype(np.int32)
    climate = _clip(p["climate_autonomy"] + p["climate_sd"] * rng.standard_normal(n_schools))
    s.climate = climate[s.school]
    programme_shift = p["programme_quality_sd"] * rng.standard_normal(n_schools * pps)
    n_ctx = max(1, -(-n // int(p["students_per_context"])))
    s.context = rng.integers(0, n_ctx, size=n).astype(np.int32)
    # Local labour markets and local stress.
    context_pull = np.exp(p["context_pull_sd"] * rng.standard_normal(n_ctx))
    context_stress = p["context_stress_sd"] * rng.standard_normal(n_ctx)
    s.context_pull = context_pull[s.context]
    s.context_stress = context_stress[s.context]

    # Traits and initial states (assumptions; see ODD Initialisation).
    z = rng.standard_normal((10, n))
    # Vulnerability lowers the starting states by vulnerability_state_link per unit, around
    # the population's typical vulnerability (0.4) so the link moves spread, not level.
    dv = p["vulnerability_state_link"] * (v - TYPICAL_VULNERABILITY)
    s.base_commitment = _clip(TYPICAL_COMMITMENT - dv + p["initial_commitment_sd"] * z[0])
    # Expectations and fit may be related: with a negative correlation, keen students more
    # often chose a programme that does not suit them (unrealistic expectations).
    rho = p["expectation_fit_correlation"]
    z_fit = rho * z[0] + np.sqrt(1.0 - rho**2) * z[1]
    shift = programme_shift[s.programme]
    s.fit = _clip(
        p["programme_fit"]
        - p["vulnerability_fit_link"] * (v - FIT_VULNERABILITY_CENTRE)
        + shift
        + p["student_fit_sd"] * z_fit
    )
    s.fit_seen = expected_fit(s.base_commitment, p["programme_fit"])
    # A shared start-of-year keenness: students who bring commitment may also start confident
    # and feeling well (start_state_correlation).
    rs = p["start_state_correlation"]
    s.confidence = _clip(
        p["initial_confidence"]
        - dv
        + p["initial_confidence_sd"] * (rs * z[0] + np.sqrt(1.0 - rs**2) * z[2])
    )
    s.wellbeing = _clip(
        TYPICAL_WELLBEING
        - dv
        + p["initial_wellbeing_sd"] * (rs * z[0] + np.sqrt(1.0 - rs**2) * z[3])
    )
    s.wellbeing_disposition = s.wellbeing - TYPICAL_WELLBEING
    s.time_investment = _clip(
        p["initial_time_investment"]
        - p["initial_time_vulnerability_factor"] * dv
        + p["initial_time_commitment_weight"] * (s.base_commitment - TIME_COMMITMENT_CENTRE)
        + p["initial_time_investment_sd"] * z[4]
    )
    s.commitment = s.base_commitment
    s.commitment_slow = s.commitment
    s.confidence_slow = s.confidence
    s.locus = _beta_mean(
        rng, p["locus_base"] + p["locus_vulnerability_weight"] * v, p["locus_concentration"]
    )
    s.tolerance = (
        p["realisation_tolerance"]
        * (p["strain_tolerance_offset"] + s.base_commitment)
        * np.exp(p["strain_tolerance_sd"] * z[5])
    )
    s.pull = _clip(
        rng.beta(p["pull_beta_a"], p["pull_beta_b"], size=n)
        + p["low_level_pull_bonus"] * (s.level <= p["low_level_max"])
    )
    # Usual stress rises with vulnerability (stress_vulnerability_link per unit, around a
    # vulnerability of 1/3, where it is stress_level).
    link = p["stress_vulnerability_link"]
    s.stress_base = _clip(
        p["stress_level"] * (1.0 + link * (v - STRESS_VULNERABILITY_CENTRE))
        + s.context_stress
        + p["stress_base_sd"] * z[6]
    )
    s.stress = s.stress_base
    s.popularity = rng.beta(p["popularity_beta_shape"], p["popularity_beta_shape"], size=n)
    s.openness = _clip(p["initial_openness"] + p["initial_openness_sd"] * z[7])
    s.teacher_control = _clip((1.0 - s.climate) * p["initial_teacher_control_factor"])
    for name in ("aut_school", "comp_school", "rel_school"):
        s[name][:] = p["initial_school_needs"]
    for name in ("aut_outside", "comp_outside", "rel_outside"):
        s[name][:] = p["initial_outside_needs"]

    n_classes = assign_classes(s, int(p["class_size"]), pps)
    s.mentor = s.klass
    src, dst = friendships(s, int(p["friends_per_student"]), streams("network"))

    return Population(
        state=s,
        n_initial=n0,
        intake_per_year=intake,
        n_schools=n_schools,
        school_climate=climate,
        n_programmes=n_schools * pps,
        n_classes=n_classes,
        n_contexts=n_ctx,
        context_pull=context_pull,
        context_stress=context_stress,
        friends_src=src,
        friends_dst=dst,
    )


class Cohort(Module):
    """The population: built at set-up; each later school year's intake enters at its start.

    Its ``init`` allocates the student arrays (``sim.state``) for every row the run will
    use and draws schools, programmes, classes, contexts, traits, starting states and
    friendships; its weekly step enrols the new intake in the first week of every later
    school year.
    """

    name = "cohort"
    kind = "population"
    title = "Intake: a later school year's new students enrol in its first week"
    source = "assumption (see ODD Initialisation)"
    params = PARAMS
    states = STATES

    def init(self, sim) -> None:
        """Build the population and the friendship matrix."""
        pop = build_population(sim.params, sim.streams, sim.registry)
        sim.population = pop
        sim.state = pop.state
        src, dst = pop.friends_src, pop.friends_dst
        sim.friends = (src, dst)
        sim.friend_matrix = sparse.csr_array(
            (np.ones(src.size, dtype=np.float32), (src, dst)), shape=(pop.state.n,) * 2
        )
        sim.friend_degree = sim.friend_matrix.sum(axis=1)

    def step(self, sim) -> None:
        """Enrol the new intake in the first week of a later school year."""
        week, s = sim.week, sim.state
        if week.year_start and week.index > 0:
            intake = (s.status == Status.PENDING) & (s.entry_year == week.school_year)
            s.status[intake] = Status.ENROLLED
            s.entry_week[intake] = week.index
