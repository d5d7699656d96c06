"""Building the population: students, schools, programmes, classes, contexts, friendships.

Everything here is drawn once, at set-up, from the ``cohort`` and ``network`` streams, for
every row the run will ever use (the initial cohort plus each later year's intake), so the
same seed gives the same students whatever the policy. Numbers marked "assumption" in the
comments are initial-condition choices documented in docs/ODD.md (Initialisation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vsvsim.params import LEVEL_SHARES
from vsvsim.school import _tiers, screen
from vsvsim.state import Status, StudentArrays
from vsvsim.streams import Streams

__all__ = ["TYPICAL_COMMITMENT", "Population", "build_population", "expected_fit"]

#: The commitment a typical student brings; expectations are measured from it.
TYPICAL_COMMITMENT = 0.64
#: A typical student's starting wellbeing; the wellbeing disposition is measured from it.
TYPICAL_WELLBEING = 0.58

#: Years to diploma by mbo level (level 4 is 3 or 4 years; 3 here, an assumption).
PROGRAMME_LENGTH = np.array([0, 1, 2, 3, 3], dtype=np.int8)


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
    mean = np.clip(mean, 0.02, 0.98)
    return rng.beta(mean * concentration, (1.0 - mean) * concentration)


def expected_fit(base_commitment: np.ndarray, programme_fit: float) -> np.ndarray:
    """The fit a student expects at the start: the usual fit, higher for keen students.

    Assumption: expectation moves one for one with the commitment a student brings
    (relative to :data:`TYPICAL_COMMITMENT`).
    """
    return _clip(programme_fit + (base_commitment - TYPICAL_COMMITMENT))


def build_population(p: dict, streams: Streams) -> Population:
    """Draw the whole population for a run.

    Args:
        p: Complete parameter dict.
        streams: The run's named random streams.

    Returns:
        The population, with initial-cohort rows enrolled and later intakes pending.
    """
    rng = streams("cohort")
    n0 = int(p["students"])
    intake = round(p["intake_share"] * n0)
    n = n0 + intake * (int(p["years"]) - 1)
    s = StudentArrays(n)

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
    v = _beta_mean(rng, by_level[s.level], 6.0)
    s.vulnerability = v
    s.true_colour = _tiers(v, p["share_orange"], p["share_red"])
    screen(s, p["screening_accuracy"], p["share_orange"], p["share_red"], streams("screening"))

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
    programme_shift = 0.05 * rng.standard_normal(n_schools * pps)  # assumption
    n_ctx = max(1, -(-n // int(p["students_per_context"])))
    s.context = rng.integers(0, n_ctx, size=n).astype(np.int32)
    context_pull = np.exp(0.25 * rng.standard_normal(n_ctx))  # assumption: local labour markets
    context_stress = 0.05 * rng.standard_normal(n_ctx)  # assumption
    s.context_pull = context_pull[s.context]
    s.context_stress = context_stress[s.context]

    # Traits and initial states (assumptions; see ODD Initialisation).
    z = rng.standard_normal((10, n))
    # Vulnerability lowers the starting states by vulnerability_state_link per unit, around
    # the population's typical vulnerability (0.4) so the link moves spread, not level.
    dv = p["vulnerability_state_link"] * (v - 0.4)
    s.base_commitment = _clip(TYPICAL_COMMITMENT - dv + 0.08 * z[0])
    # Expectations and fit may be related: with a negative correlation, keen students more
    # often chose a programme that does not suit them (unrealistic expectations).
    rho = p["expectation_fit_correlation"]
    z_fit = rho * z[0] + np.sqrt(1.0 - rho**2) * z[1]
    shift = programme_shift[s.programme]
    s.fit = _clip(
        p["programme_fit"] - p["vulnerability_fit_link"] * (v - 0.3) + shift + 0.12 * z_fit
    )
    s.fit_seen = expected_fit(s.base_commitment, p["programme_fit"])
    # A shared start-of-year keenness: students who bring commitment may also start confident
    # and feeling well (start_state_correlation).
    rs = p["start_state_correlation"]
    s.confidence = _clip(0.55 - dv + 0.12 * (rs * z[0] + np.sqrt(1.0 - rs**2) * z[2]))
    s.wellbeing = _clip(TYPICAL_WELLBEING - dv + 0.10 * (rs * z[0] + np.sqrt(1.0 - rs**2) * z[3]))
    s.wellbeing_disposition = s.wellbeing - TYPICAL_WELLBEING
    s.time_investment = _clip(0.54 - 0.8 * dv + 0.3 * (s.base_commitment - 0.6) + 0.10 * z[4])
    s.commitment = s.base_commitment
    s.commitment_slow = s.commitment
    s.confidence_slow = s.confidence
    s.locus = _beta_mean(rng, 0.3 + 0.3 * v, 8.0)
    s.tolerance = p["realisation_tolerance"] * (0.5 + s.base_commitment) * np.exp(0.3 * z[5])
    s.pull = _clip(rng.beta(2.0, 5.0, size=n) + 0.1 * (s.level <= 2))
    # Usual stress rises with vulnerability (stress_vulnerability_link per unit, around a
    # vulnerability of 1/3, where it is stress_level).
    link = p["stress_vulnerability_link"]
    s.stress_base = _clip(
        p["stress_level"] * (1.0 + link * (v - 1.0 / 3.0)) + s.context_stress + 0.05 * z[6]
    )
    s.stress = s.stress_base
    s.popularity = rng.beta(2.0, 2.0, size=n)
    s.openness = _clip(0.45 + 0.15 * z[7])
    s.teacher_control = _clip((1.0 - s.climate) * 0.3)
    for name in ("aut_school", "comp_school", "rel_school"):
        s[name][:] = 0.55
    for name in ("aut_outside", "comp_outside", "rel_outside"):
        s[name][:] = 0.6

    n_classes = _assign_classes(s, int(p["class_size"]), pps)
    s.mentor = s.klass
    src, dst = _friendships(s, int(p["friends_per_student"]), streams("network"))

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


def _group_starts(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start index of each row's group in a sorted key array, and the groups' sizes."""
    new = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
    starts = np.flatnonzero(new)
    group = np.cumsum(new) - 1
    sizes = np.diff(np.r_[starts, sorted_keys.size])
    return starts[group], sizes[group]


def _assign_classes(s: StudentArrays, class_size: int, pps: int) -> int:
    """Group students of one programme, level, year and intake into classes."""
    key = ((s.programme.astype(np.int64) * 5 + s.level) * 5 + s.programme_year) * 16 + s.entry_year
    order = np.argsort(key, kind="stable")
    sk = key[order]
    start, size = _group_starts(sk)
    rank = np.arange(sk.size) - start
    # Spread a group evenly over ceil(size / class_size) classes rather than leave a stub.
    n_in_group = -(-size // class_size)
    local = rank * n_in_group // size
    class_key = sk * 64 + local
    _, klass = np.unique(class_key, return_inverse=True)
    s.klass[order] = klass.astype(np.int32)
    return int(klass.max()) + 1 if klass.size else 0


def _friendships(
    s: StudentArrays, k: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Each student befriends ``k`` random classmates; ties are mutual."""
    n = s.n
    if k == 0 or n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    order = np.argsort(s.klass, kind="stable")
    start, size = _group_starts(s.klass[order])
    rank = np.arange(n) - start
    pos = np.empty(n, dtype=np.int64)
    pos[order] = np.arange(n)
    i_start, i_size, i_rank = start[pos], size[pos], rank[pos]
    offs = 1 + (rng.random((k, n)) * np.maximum(i_size - 1, 1)).astype(np.int64)
    friend_sorted = i_start + (i_rank + offs) % i_size
    dst = order[friend_sorted].ravel()
    src = np.tile(np.arange(n), k)
    keep = (i_size > 1)[src]  # a student alone in a class has no classmates to befriend
    src, dst = src[keep], dst[keep]
    # Mutual ties; a pair drawn from both sides simply counts twice (a stronger tie).
    return np.r_[src, dst], np.r_[dst, src]
