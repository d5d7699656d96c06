"""Life domains: problems outside school by domain, their persistence, and typed abrupt exits.

On by default since the refit with the modules on (issue 10, item 9; docs/calibration.md);
``life_domains = false`` in a scenario file (table ``[domains]``) switches them off: one
outside stress score.

With the domains on, each student carries a problem (or none) in each of seven life
domains (:data:`DOMAINS`; brief section 9): home and family, money and debts, mental
health, addiction, housing, justice, health and pregnancy. A problem has a severity in
``[domain_severity_min, 1]`` (0: no problem).

- **Prevalence (an input).** At intake a student has a problem in domain *k* with chance
  ``pi = domain_prevalence_k x level factor x risk factor``: the prevalence of a green
  (true colour) level-4 student, times ``domain_level_factor_<level>`` (1 at level 4) and
  ``domain_risk_factor_<orange|red>`` for the true risk tier (1 for green), capped at
  :data:`MAX_PREVALENCE`.
- **Persistence.** Every week an active problem resolves with chance
  ``1 / domain_weeks_k`` (its mean duration); a student without one gets one with chance
  ``pi / (1 - pi) / domain_weeks_k``, so that the prevalence a student starts with is the
  long-run share of weeks it carries a problem in that domain. A new problem's severity
  is uniform on ``[domain_severity_min, 1]``; the most severe share
  ``domain_acute_share_k`` of onsets are *acute* (a crisis): this week's life event.
- **Effects.** Outside stress becomes the sum of the domains: the student's usual stress
  (``stress_base``, towards which outside stress relaxes in :mod:`~vsvsim.mechanisms.events`)
  is ``domain_stress_floor + context shift + sum_k domain_burden_k x severity_k``, so
  mechanism 4, the needs outside school and wellbeing read the domains through outside
  stress as they read it without them. Each domain also frustrates one need outside
  school every week (``domain_need_frustration`` per unit of severity: home and family
  relatedness; money, housing and justice autonomy; mental health, addiction, health and
  pregnancy competence). A *new* problem in a domain that takes time (home and family:
  care tasks; money: side jobs; housing: moving; justice: court and probation; health
  and pregnancy: appointments, a baby) disrupts the student's week: its severity adds to
  ``domain_disruption``, which fades by ``1 / domain_disruption_weeks`` a week as the
  student fits the new demands into the week, and lowers time investment by
  ``domain_time_cost`` per unit of disruption. Problems a student brings to intake
  disrupt nothing: they are part of the week the student enrolled with, and weigh
  through stress and the needs. (A permanent cost per carried problem made the problem
  carriers of intake the low-commitment students from week 1, against T2's keen
  eventual dropouts; docs/ODD.md.)
- **Crises.** With the domains on, the week's life events are the acute onsets (the
  generic life-event chance of :mod:`~vsvsim.mechanisms.events` no longer applies):
  this module sets the week's ``u_life`` draw to -1 for students with an acute onset and
  to 2 for the others, so the events step, which applies a life event's consequences
  (a very bad outside event, a stress shock, the chance of an abrupt exit, the crisis
  flag the route out reads) to rows whose ``u_life`` falls below their chance, applies
  them to exactly those students (its chance lies in [0, 1] for any parameters).
- **Typed abrupt exits** (:class:`AbruptExitType`, always on, reporting only): an abrupt
  exit is typed by what ended it: a failed internship or placement, a pregnancy or birth
  (health and pregnancy), a family crisis (home and family, money, housing), admission
  to care (mental health, addiction; justice: a judicial placement), or an untyped life
  event (domains off).

Cumulation (T11: leaving rises steeply with the number of problems) is not set anywhere:
it comes out of the stress, need and time effects above through the weekly dynamics and
is measured (``dropout_rate_problems_*``).

Random numbers come from the streams ``life_domains_intake`` (set-up) and
``life_domains`` (weekly), drawn only with the domains on, so switching them off leaves
every other draw as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vsvsim.core.module import Module
from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, Status, StudentArrays
from vsvsim.mechanisms import _kernels
from vsvsim.mechanisms.base import put
from vsvsim.mechanisms.leaving import ROUTE_ABRUPT

__all__ = [
    "ABRUPT_TYPES",
    "DOMAINS",
    "AbruptExitType",
    "DomainIntake",
    "LifeDomains",
    "domain_stress",
    "draw_intake",
    "prevalence_table",
    "prevalences",
    "problem_count",
    "step_domains",
]

#: Abrupt-exit types (``abrupt_type``; 0: no abrupt exit). ``life_event`` is an untyped
#: life event (the domains off).
ABRUPT_TYPES = (
    "none",
    "failed_placement",
    "pregnancy_birth",
    "family_crisis",
    "admission_care",
    "life_event",
)
NO_TYPE, FAILED_PLACEMENT, PREGNANCY_BIRTH, FAMILY_CRISIS, ADMISSION_CARE, LIFE_EVENT = range(
    len(ABRUPT_TYPES)
)
#: Numerical guard: a prevalence is capped below 1 so the onset chance stays finite.
MAX_PREVALENCE = 0.9
#: ``u_life`` values that make the events step see a life event (below any chance, which is
#: at least 0) or none (above any chance, which is at most 0.25).
CRISIS_DRAW, NO_CRISIS_DRAW = -1.0, 2.0


@dataclass(frozen=True)
class Domain:
    """One life domain: its name, what it does, and its parameters' defaults.

    Attributes:
        name: Short name (parameter and state suffix).
        title: English name.
        need: The need outside school it frustrates (``aut``, ``comp`` or ``rel``).
        takes_time: Whether it costs time investment directly.
        crisis: The abrupt-exit type of an acute onset.
        prevalence: Default ``domain_prevalence_<name>``.
        weeks: Default ``domain_weeks_<name>``.
        burden: Default ``domain_burden_<name>``.
        acute: Default ``domain_acute_share_<name>``.
    """

    name: str
    title: str
    need: str
    takes_time: bool
    crisis: int
    prevalence: float
    weeks: float
    burden: float
    acute: float


#: The seven domains (brief section 9). Which need a domain frustrates, whether it takes
#: time and the type of its crises are a structural assumption (ODD section 7); the
#: numbers are parameter defaults (assumptions: the brief gives no figures by domain).
DOMAINS = (
    Domain("home_family", "home and family", "rel", True, FAMILY_CRISIS, 0.08, 26, 0.2, 0.18),
    Domain("money_debts", "money and debts", "aut", True, FAMILY_CRISIS, 0.10, 40, 0.25, 0.03),
    Domain("mental_health", "mental health", "comp", False, ADMISSION_CARE, 0.12, 30, 0.2, 0.09),
    Domain("addiction", "addiction", "comp", False, ADMISSION_CARE, 0.03, 40, 0.15, 0.09),
    Domain("housing", "housing", "aut", True, FAMILY_CRISIS, 0.02, 16, 0.2, 0.12),
    Domain("justice", "justice", "aut", True, ADMISSION_CARE, 0.015, 30, 0.15, 0.15),
    Domain(
        "health_pregnancy", "health and pregnancy", "comp", True, PREGNANCY_BIRTH, 0.03, 30,
        0.15, 0.2,
    ),
)  # fmt: skip
NAMES = tuple(d.name for d in DOMAINS)
_OUTSIDE_NEED = {"aut": "aut_outside", "comp": "comp_outside", "rel": "rel_outside"}
#: The domains that frustrate each need outside school, in DOMAINS' order.
_BY_NEED = tuple(
    (state, tuple(d.name for d in DOMAINS if d.need == need))
    for need, state in _OUTSIDE_NEED.items()
)
_SOURCE = "assumption (brief section 9 names the domain; no figures by domain)"

# fmt: off
PARAMS = (
    Param("life_domains", "domains", True, unit="switch",
          source="brief section 9 (life domains)",
          doc="Life domains: problems by domain replace the one outside stress score "
              "(their sum is the usual stress), their acute onsets are the life events, "
              "and intake screening is a quickscan of the domains"),
    *(Param(f"domain_prevalence_{d.name}", "domains", d.prevalence, 0.0, MAX_PREVALENCE,
            unit="share", source=_SOURCE,
            doc=f"Share of green level-4 students with a problem in {d.title} "
                "(before the level and risk factors)")
      for d in DOMAINS),
    *(Param(f"domain_weeks_{d.name}", "domains", float(d.weeks), 1.0, 520.0, unit="weeks",
            source=_SOURCE, doc=f"Mean duration of a problem in {d.title}")
      for d in DOMAINS),
    *(Param(f"domain_burden_{d.name}", "domains", d.burden, 0.0, 1.0, unit="0-1 per 0-1",
            source="assumption (brief section 9: debts are a major cause of stress)"
            if d.name == "money_debts" else _SOURCE,
            doc=f"Usual outside stress added per unit of severity of a problem in {d.title}")
      for d in DOMAINS),
    *(Param(f"domain_acute_share_{d.name}", "domains", d.acute, 0.0, 1.0, unit="share",
            source="assumption (FS: abrupt exits after a family crisis, a pregnancy, "
                   "admission to a clinic)",
            doc=f"Share of new problems in {d.title} that start as a crisis (the most "
                "severe ones): a life event that can end enrolment at once")
      for d in DOMAINS),
    *(Param(f"domain_level_factor_{k}", "domains", f, 0.0, 10.0, unit="x",
            source="assumption (NJi; REG: risk falls with level)",
            doc=f"Prevalence of every domain at mbo level {k}, relative to level 4")
      for k, f in ((1, 1.8), (2, 1.5), (3, 1.1))),
    Param("domain_risk_factor_orange", "domains", 1.8, 0.0, 10.0, unit="x",
          source="assumption (UCA ch. 4: the colour code marks students with more problems)",
          doc="Prevalence of every domain for a student of true risk tier orange, "
              "relative to green"),
    Param("domain_risk_factor_red", "domains", 2.6, 0.0, 10.0, unit="x",
          source="assumption (UCA ch. 4: the colour code marks students with more problems)",
          doc="Prevalence of every domain for a student of true risk tier red, "
              "relative to green"),
    Param("domain_severity_min", "domains", 0.2, 0.0, 1.0, unit="0-1",
          doc="Smallest severity of a problem (severities are uniform from it to 1)"),
    Param("domain_stress_floor", "domains", 0.14, 0.0, 1.0, unit="0-1",
          source="assumption (chosen so that mean outside stress stays near stress_level)",
          doc="Usual outside stress of a student without a problem in any domain"),
    Param("domain_need_frustration", "domains", 0.01, 0.0, 0.2, unit="0-1 per week",
          doc="Weekly loss of the need outside school a domain frustrates, per unit of "
              "severity of its problem"),
    Param("domain_time_cost", "domains", 0.05, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Time investment lost per week per unit of disruption by new problems in the "
              "domains that take time"),
    Param("domain_disruption_weeks", "domains", 8.0, 1.0, 52.0, unit="weeks",
          source="assumption (brief section 9: a crisis takes time; coach time peaks "
                 "around a crisis)",
          doc="Weeks a new problem's demands take to fit into the student's week (the "
              "disruption fades by 1 / weeks a week)"),
)
STATES = (
    *(StateVar(f"problem_{d.name}", "float32", 0.0, 0.0, 1.0,
               f"severity of the student's problem in {d.title} (0: none)")
      for d in DOMAINS),
    StateVar("problems", "int8", 0, 0, len(DOMAINS), "number of active domain problems"),
    StateVar("problems_at_entry", "int8", 0, 0, len(DOMAINS),
             "number of domain problems when the student entered", "attribute"),
    StateVar("problems_peak", "int8", 0, 0, len(DOMAINS),
             "most domain problems at once while enrolled", "attribute"),
    StateVar("domain_disruption", "float32", 0.0, 0.0, None,
             "disruption of the student's week by new problems in the domains that take "
             "time (their severities, fading)"),
    StateVar("crisis_type", "int8", 0, 0, len(ABRUPT_TYPES) - 1,
             "abrupt-exit type of this week's acute onset (index into ABRUPT_TYPES; 0 none)",
             "event"),
)
TYPE_STATES = (
    StateVar("abrupt_cause", "int8", 0, 0, len(ABRUPT_TYPES) - 1,
             "type of the student's latest crisis or failed placement (index into "
             "ABRUPT_TYPES)", "attribute"),
    StateVar("abrupt_type", "int8", 0, 0, len(ABRUPT_TYPES) - 1,
             "type of the abrupt first exit (index into ABRUPT_TYPES; 0: none)", "attribute"),
)
# fmt: on


def prevalence_table(p) -> np.ndarray:
    """Prevalence by domain, level and true risk tier, shape ``(domains, 5, 3)`` (float32).

    Level 0 is unused; products in the order domain x level x risk, capped, as a student's
    prevalence is defined (an input).
    """
    level = np.array([0.0, p.domain_level_factor_1, p.domain_level_factor_2,
                      p.domain_level_factor_3, 1.0])  # fmt: skip
    risk = np.array([1.0, p.domain_risk_factor_orange, p.domain_risk_factor_red])
    base = np.array([getattr(p, f"domain_prevalence_{d.name}") for d in DOMAINS])
    pi = base[:, None, None] * level[None, :, None] * risk[None, None, :]
    return np.minimum(pi, MAX_PREVALENCE).astype(np.float32)


def prevalences(s: StudentArrays, p) -> np.ndarray:
    """Every student's prevalence of every domain, shape ``(domains, n)``."""
    return prevalence_table(p)[:, s.level, s.true_colour]


def problem_count(s: StudentArrays) -> np.ndarray:
    """Number of active domain problems per student."""
    return sum((s[f"problem_{name}"] > 0).astype(np.int8) for name in NAMES).astype(np.int8)


def domain_stress(s: StudentArrays, p) -> np.ndarray:
    """Usual outside stress as the sum of the domains (floor, local shift, burdens)."""
    total = p.domain_stress_floor + s.context_stress
    for d in DOMAINS:
        total = total + getattr(p, f"domain_burden_{d.name}") * s[f"problem_{d.name}"]
    return np.clip(total, 0.0, 1.0).astype(np.float32)


def _severity(p, v: np.ndarray) -> np.ndarray:
    """Severity of a new problem from a uniform ``v``: uniform on [severity_min, 1]."""
    return (p.domain_severity_min + (1.0 - p.domain_severity_min) * v).astype(np.float32)


def draw_intake(s: StudentArrays, p, rng: np.random.Generator) -> None:
    """Every row's problems at intake, at its prevalence (stream ``life_domains_intake``)."""
    u = rng.random((len(DOMAINS), s.n))
    pi = prevalences(s, p)
    has = u < pi
    # Given a problem, u / pi is uniform on [0, 1): it sets the severity.
    v = np.where(has, u / np.maximum(pi, 1e-12), 0.0)
    sev = np.where(has, _severity(p, v), 0.0)
    for k, d in enumerate(DOMAINS):
        s[f"problem_{d.name}"][:] = sev[k]
    s.problems = problem_count(s)
    s.problems_at_entry = s.problems
    s.problems_peak = s.problems
    s.stress_base = domain_stress(s, p)
    s.stress = s.stress_base


#: Per domain: its crisis type, and whether it takes time (for the vectorised week).
_CRISIS = np.array([d.crisis for d in DOMAINS], dtype=np.int8)
_TIMELY = tuple(k for k, d in enumerate(DOMAINS) if d.takes_time)


def step_domains(s: StudentArrays, p, u: np.ndarray, enrolled: np.ndarray, out: np.ndarray):
    """One week of the domains: resolution, onset, acute onsets; return the crisis mask.

    All seven domains at once, as ``(domains, n)`` arrays (the parameters as float32
    columns, so every comparison and product is the float32 one a domain-by-domain loop
    with Python scalars makes).

    Args:
        s: Student arrays.
        p: Parameters.
        u: Uniform draws, one row per domain (each row decides resolution or onset).
        enrolled: Students enrolled at the week's start.
        out: Students who have left (their problems go on).

    Returns:
        The enrolled students with an acute onset this week (``s.crisis_type`` is set).
    """
    f32 = np.float32
    alive = enrolled | out
    sev = np.stack([s[f"problem_{d.name}"] for d in DOMAINS])
    weeks = np.array([getattr(p, f"domain_weeks_{d.name}") for d in DOMAINS])
    rate = (1.0 / weeks).astype(f32)[:, None]
    acute_floor = np.array(
        [1.0 - getattr(p, f"domain_acute_share_{d.name}") for d in DOMAINS], dtype=f32
    )[:, None]
    pi = prevalences(s, p)
    active = sev > 0
    resolve = alive & active & (u < rate)
    # Onset at the rate that keeps the student's prevalence its long-run share of weeks.
    q = pi / (f32(1.0) - pi) / weeks.astype(f32)[:, None]
    onset = alive & ~active & (u < q)
    v = np.where(onset, u / np.maximum(q, f32(1e-12)), f32(0.0))  # uniform given an onset
    acute = onset & enrolled & (v >= acute_floor)
    # The first domain (in DOMAINS' order) with an acute onset types the crisis.
    first = np.argmax(acute, axis=0)
    crisis_type = np.where(acute.any(axis=0), _CRISIS[first], np.int8(NO_TYPE))
    sev = np.where(resolve, f32(0.0), np.where(onset, _severity(p, v), sev))
    for k, d in enumerate(DOMAINS):
        s[f"problem_{d.name}"][...] = sev[k]
    disruption = s.domain_disruption * np.float32(1.0 - 1.0 / p.domain_disruption_weeks)
    for k in _TIMELY:  # in order, as float32 sums
        disruption = disruption + np.where(onset[k], sev[k], f32(0.0))
    s.crisis_type = crisis_type
    put(s.domain_disruption, disruption, alive)
    s.problems = (sev > 0).sum(axis=0, dtype=np.int8)
    s.problems_peak = np.where(enrolled, np.maximum(s.problems_peak, s.problems), s.problems_peak)
    put(s.stress_base, domain_stress(s, p), alive)
    return crisis_type > 0


class DomainIntake(Module):
    """The problems students bring at intake (set-up; with ``life_domains`` on)."""

    name = "life_domains_intake"
    kind = "population"
    weekly = False
    title = "Life domains at intake: each student's problems by domain (with the domains on)"
    source = "brief section 9 (life domains); prevalences an assumption"

    def init(self, sim) -> None:
        """Draw every row's problems before intake screening reads them."""
        if sim.p.life_domains:
            draw_intake(sim.state, sim.p, sim.streams("life_domains_intake"))


class LifeDomains(Module):
    """Problems by life domain: onset, persistence, stress, needs, time; crises (when on).

    Steps each member of a batch on its own rows (its own weekly stream).
    """

    name = "life_domains"
    kind = "mechanism"
    title = "Life domains: problems come and go; their sum is usual stress; acute onsets are crises"
    source = "brief section 9; FS (typed abrupt exits; cumulation)"
    params = PARAMS
    states = STATES

    def step(self, sim) -> None:
        """One week of the domains and their effects (nothing when off)."""
        p = sim.p
        if not p.life_domains:
            return
        s, w, d = sim.state, sim.w, sim.d
        u = sim.streams("life_domains").random((len(DOMAINS), s.n), dtype=np.float32)
        if _kernels.enabled():
            self._fused(self._tables([p]), [s.n], u[None], s, w, d, sim.draws.u_life)
            return
        crisis = step_domains(s, p, u, w.enrolled, w.out)
        # The week's life events are the acute onsets (see the module docstring).
        sim.draws.u_life[...] = np.where(crisis, CRISIS_DRAW, NO_CRISIS_DRAW)
        E = w.enrolled
        # Each need outside school loses what its domains frustrate, in DOMAINS' order (a
        # floor at 0 once at the end is the same as after every domain: losses are >= 0).
        for need_name, domains in _BY_NEED:
            need = s[need_name]
            left = need
            for name in domains:
                left = left - p.domain_need_frustration * s[f"problem_{name}"]
            put(need, np.maximum(left, 0.0), E)
        d.time -= (p.domain_time_cost * s.domain_disruption).astype(np.float32)

    #: The week above (:func:`step_domains`, the needs, the time cost) as one fused pass.
    _fused = _kernels.Fused("domains", "step")
    _fused_tables = _kernels.Fused("domains", "tables")
    #: The members' parameter objects and their kernel tables (parameters do not change
    #: during a run; a different parameter object, as a test may swap in, recomputes).
    _cache: tuple[tuple, tuple] | None = None

    def _tables(self, params: list) -> tuple:
        cached = self._cache
        if (
            cached is None
            or len(cached[0]) != len(params)
            or any(a is not b for a, b in zip(cached[0], params, strict=False))
        ):
            cached = self._cache = (tuple(params), self._fused_tables(params))
        return cached[1]

    def step_batch(self, batch, instances: list[LifeDomains]) -> None:
        """A batch's week: each member's uniforms from its own stream, one pass for all.

        Each member's rows get its own parameters, in the float32 form a separate run
        uses, so its tables are a separate run's (tests/test_batch.py).
        """
        members = batch.members
        if not members[0].p.life_domains:  # a switch: the same in every member
            return
        if not _kernels.enabled():
            for module, sim in zip(instances, members, strict=True):
                module.step(sim)  # the reference path, member by member
            return
        n = members[0].state.n
        # Member-major, so each member's generator fills its own block in place.
        u = np.empty((len(members), len(DOMAINS), n), dtype=np.float32)
        for sim, block in zip(members, u, strict=True):
            sim.streams("life_domains").random(out=block, dtype=np.float32)
        tables = self._tables([m.p for m in members])
        sizes = [n] * len(members)
        self._fused(tables, sizes, u, batch.state, batch.w, batch.d, batch.draws.u_life)

    def outputs(self, sim) -> dict[str, float]:
        """Problems at entry (by domain and level) and first exits by problems at entry."""
        s = sim.state
        entered = s.status != Status.PENDING
        out: dict[str, float] = {}
        count = s.problems_at_entry[entered]
        out["problems_at_entry_mean"] = _mean(count)
        level = s.level[entered]
        for k in (1, 2, 3, 4):
            out[f"problems_share_level_{k}"] = _mean(count[level == k] > 0)
        exited = s.first_exit[entered] > 0
        for k, label in ((0, "0"), (1, "1"), (2, "2"), (3, "3plus")):
            sel = count >= k if label == "3plus" else count == k
            out[f"students_problems_{label}"] = float(sel.sum())
            out[f"dropout_rate_problems_{label}"] = _mean(exited[sel])
        return out


class AbruptExitType(Module):
    """Type every abrupt first exit by what ended it (reporting only; always on)."""

    name = "abrupt_exit_type"
    batched = True
    title = "Abrupt exits typed: failed placement, pregnancy or birth, family crisis, care"
    source = "FS (the leavers' stories)"
    states = TYPE_STATES

    def step(self, sim) -> None:
        """Note this week's crises and failed placements; type this week's abrupt exits."""
        s = sim.state
        # No internship place, or (BBL, vsvsim.population.tracks) no new training company.
        failed = sim.w.enrolled & (s.internship_failed | s.placement_failed)
        happened = failed | s.life_event
        if happened.any():  # most weeks nobody has a crisis or fails to find a place
            crisis = np.where(s.crisis_type > 0, s.crisis_type, LIFE_EVENT)
            cause = np.where(failed, FAILED_PLACEMENT, crisis).astype(np.int8)
            # Kept until the exit: the qualification duty may hold an abrupt exit for weeks.
            put(s.abrupt_cause, cause, happened)
        if not sim.left_now.any():
            return
        now = sim.left_now & (s.left_week == sim.week.index) & (s.exit_route == ROUTE_ABRUPT)
        put(s.abrupt_type, s.abrupt_cause, now)

    def outputs(self, sim) -> dict[str, float]:
        """Shares of the abrupt first exits by type."""
        t = sim.state.abrupt_type
        t = t[t > 0]
        return {
            f"abrupt_share_{name}": float(np.mean(t == code)) if t.size else np.nan
            for code, name in enumerate(ABRUPT_TYPES[1:], start=1)
        }


def _mean(x: np.ndarray) -> float:
    return float(np.mean(x)) if x.size else np.nan
