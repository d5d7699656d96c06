"""The reason for leaving a school registers, in the national categories.

Schools register a reason for every early leaver (brief section 9), in six categories:
study and career choice; personal factors the school can help with; personal factors
outside the school's influence; labour market and environment; institution-related;
unknown. The model registers one for every student's first exit (switchers and school
leavers), from what drove that exit: the state that stood out most, in the week of
leaving, against the students enrolled that week. The mapping (an assumption: what a
mentor who knows the student would write down):

=================================  ==================================================
driver (in the week of leaving)    registered reason
=================================  ==================================================
misfit seen, ``1 - fit_seen``      study and career choice
low confidence, ``1 - confidence``  personal factors the school can help with
  (overload, not keeping up)
outside stress below               personal factors the school can help with
  ``reason_severe_stress``           (debts, home: the care team can help)
outside stress at or above it       personal factors outside the school's influence
an abrupt exit (a life event)      personal factors outside the school's influence
pull of work (trait x labour       labour market and environment
  market x local labour market)
controlling teacher behaviour felt  institution-related
=================================  ==================================================

Exits the school decided (:mod:`vsvsim.interventions.school_exits`, ``school_exit``) are
registered for the decision, after the recording noise (the school knows its own
decisions):

=================================  ==================================================
school decision                    registered reason
=================================  ==================================================
negative binding study advice      institution-related; study and career choice when
                                     the misfit is what the drivers name (the advice
                                     redirects the student)
deregistration after absence       what the drivers give (why the student stopped
                                     coming), noise included
failed BBL placement search        labour market and environment
=================================  ==================================================

Each driver is scored as a z-score against the enrolled students of that week; the
largest wins; when none stands out by ``reason_salience`` standard deviations the reason
is unknown. Abrupt exits are registered as outside the school's influence whatever the
scores. Recording noise: a share ``reason_unknown_share`` of exits is registered as
unknown regardless (the reason was never asked or not written down), from its own
stream ``registration`` so no other draw shifts. Reporting only: nothing reads the reason.
"""

from __future__ import annotations

import numpy as np

from vsvsim.core.module import Draw, Module
from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, Status, StudentArrays
from vsvsim.mechanisms import _kernels
from vsvsim.mechanisms.leaving import ROUTE_ABRUPT

__all__ = [
    "REASONS",
    "RegisteredReason",
    "driver_values",
    "reference_stats",
    "register",
    "school_decision",
]

#: Category names by code (0: no exit).
REASONS = (
    "none",
    "study_career_choice",
    "personal_school_can_help",
    "personal_outside_influence",
    "labour_market_environment",
    "institution",
    "unknown",
)
NONE, CHOICE, CAN_HELP, OUTSIDE, LABOUR, INSTITUTION, UNKNOWN = range(len(REASONS))
#: Rows of :func:`driver_values`: misfit, low confidence, outside stress, pull, control.
DRIVERS = ("misfit", "low_confidence", "stress", "pull", "teacher_control")
#: Numerical guard: a driver with (almost) no spread among the enrolled stands out nowhere.
MIN_SPREAD = 1e-6

# fmt: off
PARAMS = (
    Param("reason_unknown_share", "law", 0.1, 0.0, 1.0, unit="share",
          source="assumption (brief section 9 lists 'unknown' as a category; no share given)",
          doc="Share of exits a school registers as 'unknown' whatever drove them "
              "(recording noise)"),
    Param("reason_salience", "law", 0.5, 0.0, 5.0, unit="sd",
          source="assumption",
          doc="How far (in standard deviations of the enrolled students that week) a "
              "leaver's strongest driver must stand out for the school to name a reason"),
    Param("reason_severe_stress", "law", 0.5, 0.0, 1.0, unit="0-1",
          source="assumption (brief section 9: problems the school can help with vs "
                 "outside its influence)",
          doc="Outside stress at or above which a school registers personal factors outside "
              "its influence rather than ones it can help with"),
)
STATES = (
    StateVar("registered_reason", "int8", 0, 0, len(REASONS) - 1,
             "reason the school registered at the first exit (index into REASONS; 0 none)",
             "attribute"),
)
# fmt: on


def driver_values(s: StudentArrays, p, rows: np.ndarray, market=None) -> np.ndarray:
    """The drivers of an exit for ``rows``, one row per entry of :data:`DRIVERS`.

    ``market`` stands in for ``p.labour_market_pull`` when given (a batch: each row's
    member's value, as float32 as a run's scalar acts on float32 arrays).
    """
    # The pull a student feels (as in mechanism 4). The region-wide labour_market_pull is
    # a common factor that drops out of the comparison with the enrolled; a tight labour
    # market shows in the registrations through who it pulls out.
    market = p.labour_market_pull if market is None else market
    pull = s.pull[rows] * market * s.context_pull[rows]
    return np.stack(
        [
            1.0 - s.fit_seen[rows],
            1.0 - s.confidence[rows],
            s.stress[rows],
            pull,
            s.teacher_control[rows],
        ]
    ).astype(np.float64)


def reference_stats(reference: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation of each driver over the comparison group, shape (5, 1).

    Args:
        reference: Drivers of the students enrolled that week, shape (5, enrolled).
    """
    return reference.mean(axis=1, keepdims=True), reference.std(axis=1, keepdims=True)


def register(
    values: np.ndarray,
    reference: np.ndarray | None,
    abrupt: np.ndarray,
    u: np.ndarray,
    salience: float,
    severe_stress: float,
    unknown_share: float,
    *,
    stats: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Registered reason codes of leavers from their drivers (the documented mapping).

    Args:
        values: Drivers of the leavers (:func:`driver_values`), shape (5, leavers).
        reference: Drivers of the students enrolled that week, shape (5, enrolled), or
            None when ``stats`` is given.
        abrupt: Whether each leaver left abruptly (after a life event).
        u: A uniform draw per leaver (recording noise).
        salience: ``reason_salience``.
        severe_stress: ``reason_severe_stress``.
        unknown_share: ``reason_unknown_share``.
        stats: The mean and standard deviation of each driver over the comparison group
            (:func:`reference_stats` of ``reference``), when already computed (the fused
            kernel computes them without gathering the enrolled rows).

    Returns:
        One code per leaver (index into :data:`REASONS`).
    """
    mean, sd = reference_stats(reference) if stats is None else stats
    z = np.where(sd > MIN_SPREAD, (values - mean) / np.maximum(sd, MIN_SPREAD), 0.0)
    misfit, low_conf, stress, pull, control = z
    severe = values[2] >= severe_stress
    # Outside stress counts for the category its severity puts it in.
    can_help = np.maximum(low_conf, np.where(severe, -np.inf, stress))
    outside = np.where(severe, stress, -np.inf)
    scores = np.stack([misfit, can_help, outside, pull, control])
    categories = np.array([CHOICE, CAN_HELP, OUTSIDE, LABOUR, INSTITUTION], dtype=np.int8)
    code = categories[np.argmax(scores, axis=0)]
    code = np.where(scores.max(axis=0) < salience, UNKNOWN, code)
    code = np.where(abrupt, OUTSIDE, code)
    return np.where(u < unknown_share, UNKNOWN, code).astype(np.int8)


def school_decision(code: np.ndarray, school_exit: np.ndarray) -> np.ndarray:
    """Registered reasons of exits the school decided (see the module docstring's table).

    Args:
        code: The reasons :func:`register` gave, one per leaver.
        school_exit: The school decision per leaver (``SCHOOL_EXITS`` code; 0 none).

    Returns:
        The reasons with the school's decisions registered.
    """
    from vsvsim.interventions.school_exits import BSA, PLACEMENT

    bsa = np.where(code == CHOICE, CHOICE, INSTITUTION)
    code = np.where(school_exit == BSA, bsa, code)
    return np.where(school_exit == PLACEMENT, LABOUR, code).astype(np.int8)


class RegisteredReason(Module):
    """The school registers a reason at every first exit (reporting only)."""

    name = "registered_reason"
    title = "Registered reason: the national category a school would record for an exit"
    source = "brief section 9 (the national categories); mapping an assumption"
    params = PARAMS
    states = STATES
    draws = (Draw("registration", "u_registration"),)

    def step(self, sim) -> None:
        """Register a reason for this week's first exits."""
        s, week = sim.state, sim.week
        if not sim.left_now.any():
            return
        rows = np.flatnonzero(sim.left_now & (s.left_week == week.index))
        if rows.size == 0:
            return
        # The students enrolled at the week's start (the leavers among them) are the
        # comparison a mentor makes; with nobody enrolled the leavers compare to each other.
        reference, stats = None, None
        if _kernels.enabled() and sim.w.enrolled.any():
            # The same statistics in one pass over the rows, without gathering them.
            stats = self._fused(s, sim.p, sim.w.enrolled)
        else:
            enrolled = np.flatnonzero(sim.w.enrolled)
            reference = driver_values(s, sim.p, enrolled if enrolled.size else rows)
        code = register(
            driver_values(s, sim.p, rows),
            reference,
            s.exit_route[rows] == ROUTE_ABRUPT,
            sim.draws.u_registration[rows],
            sim.p.reason_salience,
            sim.p.reason_severe_stress,
            sim.p.reason_unknown_share,
            stats=stats,
        )
        school = s.school_exit[rows]
        s.registered_reason[rows] = school_decision(code, school) if school.any() else code

    #: The comparison's statistics as one fused pass (:func:`reference_stats` of
    #: :func:`driver_values` is the reference).
    _fused = _kernels.Fused("registration", "driver_stats")
    _fused_segments = _kernels.Fused("registration", "driver_stats_segments")

    def step_batch(self, batch, instances: list[RegisteredReason]) -> None:
        """A batch's week: every member's statistics in one pass, one mapping for all.

        Each member's leavers are compared with that member's enrolled students, with
        its own parameters in the types a separate run uses, so the codes are a separate
        run's (tests/test_batch.py).
        """
        members = batch.members
        if not _kernels.enabled() or any(not m.w.enrolled.any() for m in members):
            for module, sim in zip(instances, members, strict=True):
                module.step(sim)  # the reference path, member by member
            return
        s, week = batch.state, batch.week
        left = np.concatenate([m.left_now for m in members]) if members[0].left_now.size else None
        if left is None or not left.any():
            return
        rows = np.flatnonzero(left & (s.left_week == week.index))
        if rows.size == 0:
            return
        size = members[0].state.n
        member = rows // size
        which, at = np.unique(member, return_inverse=True)

        def per_row(name: str, dtype) -> np.ndarray:
            # As a separate run's scalar of this type would act on these rows.
            return np.array([getattr(members[k].p, name) for k in which], dtype=dtype)[at]

        market = np.array([members[k].p.labour_market_pull for k in which], dtype=np.float32)
        means, sds = self._fused_segments(s, market, batch.w.enrolled, size, which)
        code = register(
            driver_values(s, None, rows, market=market[at]),
            None,
            s.exit_route[rows] == ROUTE_ABRUPT,
            batch.draws.u_registration[rows],
            per_row("reason_salience", np.float64),
            per_row("reason_severe_stress", np.float64),
            per_row("reason_unknown_share", np.float32),
            stats=(means[at].T, sds[at].T),
        )
        school = s.school_exit[rows]
        s.registered_reason[rows] = school_decision(code, school) if school.any() else code

    def outputs(self, sim) -> dict[str, float]:
        """Shares of the registered reasons: over first exits and over school leavers."""
        s = sim.state
        out = {}
        exits = s.first_exit > 0
        leavers = s.first_exit == Status.LEFT
        for mask, prefix in ((exits, "reason_share"), (leavers, "reason_share_school_leavers")):
            codes = s.registered_reason[mask]
            for code, name in enumerate(REASONS[1:], start=1):
                out[f"{prefix}_{name}"] = float(np.mean(codes == code)) if codes.size else np.nan
        return out
