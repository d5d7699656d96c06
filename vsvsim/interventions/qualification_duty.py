"""The qualification duty and the RMC's age limit (kwalificatieplicht; brief section 9).

On by default since the refit with the modules on (issue 10, item 9; docs/calibration.md);
``qualification_duty = false`` in a scenario file (table ``[law]``) switches it off.

With it on, a young person under ``qualification_duty_age`` (18) without a basic
qualification may not simply stop. One who wants to stop (the exits step decided it
leaves this week, by either route) meets the attendance officer (leerplichtambtenaar)
instead: the exit is held while the procedure runs, ``duty_procedure_weeks`` weeks
(a conversation, the parents, an agreement), and the student stays enrolled meanwhile,
its states moving as everyone's. When the procedure ends the student stays with chance
``duty_stay_chance`` (the case is closed; wanting to stop again opens a new one while it
is still under 18); otherwise it leaves then, by the route it wanted. An 18+ is not
held (the separate 18+ approach is not modelled). The chance is drawn from the stream
``qualification_duty`` every week for every row while the duty is on (``Draw.when``); the
stream is its own, so the switch moves no other draw.

The RMC's responsibility ends at ``rmc_age_limit`` (23): with the duty on, curative
coaching (the RMC's) takes only school leavers under that age.
"""

from __future__ import annotations

import functools

import numpy as np

from vsvsim.core.module import Draw
from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, Status
from vsvsim.interventions.base import Intervention
from vsvsim.mechanisms.leaving import ROUTE_ABRUPT, ROUTE_GRADUAL
from vsvsim.registration.indicator import basic_qualification

__all__ = ["QualificationDuty", "hold_exits"]

#: ``duty_until`` of a student without an open case.
NO_CASE = -1

# fmt: off
PARAMS = (
    Param("qualification_duty", "law", True, unit="switch",
          source="brief section 9 (kwalificatieplicht)",
          doc="Qualification duty: under-18s without a basic qualification who want to "
              "stop meet the attendance officer; the RMC coaches leavers up to its age "
              "limit"),
    Param("qualification_duty_age", "law", 18.0, 12.0, 30.0, unit="years",
          source="brief section 9 (the qualification duty holds until 18)",
          doc="Age until which the qualification duty holds (unless a basic qualification "
              "was gained)"),
    Param("duty_procedure_weeks", "law", 4, 0, 52, unit="weeks",
          source="assumption (brief section 9: the attendance officer acts; no duration given)",
          doc="Weeks the attendance officer's procedure holds an under-18 who wants to stop"),
    Param("duty_stay_chance", "law", 0.3, 0.0, 1.0, unit="probability",
          source="assumption (brief section 9: a chance of staying; no figure given)",
          doc="Chance that an under-18 stays in school when the attendance officer's "
              "procedure ends"),
    Param("rmc_age_limit", "law", 23.0, 16.0, 30.0, unit="years",
          source="brief section 9 (the RMC follows leavers up to 23; regions wish 27)",
          doc="Age from which the RMC no longer takes school leavers into curative "
              "coaching (with the qualification duty on)"),
)
STATES = (
    StateVar("duty_until", "int32", NO_CASE, NO_CASE, None,
             "week the attendance officer's procedure ends (-1: no open case)", "attribute"),
    StateVar("duty_route", "int8", 0, 0, 2,
             "route the student wanted out when its case opened (1 gradual, 2 abrupt)",
             "attribute"),
    StateVar("duty_cases", "int8", 0, 0, None,
             "attendance-officer cases opened for the student", "attribute"),
    StateVar("duty_stayed", "bool", False, None, None,
             "stayed in school after an attendance officer's procedure", "attribute"),
)
# fmt: on


def hold_exits(sim, gradual: np.ndarray, abrupt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The week's exits once the qualification duty has acted (see the module docstring).

    Args:
        sim: The simulation (state, parameters, week, this week's draws).
        gradual: Who wants to leave by the gradual route this week.
        abrupt: Who wants to leave by the abrupt route this week.

    Returns:
        The gradual and abrupt exits that happen.
    """
    s, p, week = sim.state, sim.pb, sim.week.index
    enrolled = s.status == Status.ENROLLED
    in_case = s.duty_until != NO_CASE
    # Cases of students no longer enrolled (a diploma at the year's end) are closed.
    s.duty_until[in_case & ~enrolled] = NO_CASE
    in_case &= enrolled
    ends = in_case & (s.duty_until <= week)
    stays = ends & (sim.draws.u_duty < p.duty_stay_chance)
    goes = ends & ~stays
    s.duty_stayed |= stays
    s.duty_until[ends] = NO_CASE
    wants = (gradual | abrupt) & enrolled
    bound = (s.age < p.qualification_duty_age) & ~basic_qualification(s.status, s.level)
    opens = wants & bound & ~in_case
    s.duty_until[opens] = week + p.duty_procedure_weeks
    s.duty_route[opens] = np.where(gradual[opens], ROUTE_GRADUAL, ROUTE_ABRUPT)
    s.duty_cases[opens] += 1
    held = opens | (in_case & ~ends)
    # A procedure of zero weeks ends at once: the case opened this week is decided now.
    now = opens & (s.duty_until <= week)
    if now.any():
        stay_now = now & (sim.draws.u_duty < p.duty_stay_chance)
        s.duty_stayed |= stay_now
        s.duty_until[now] = NO_CASE
        goes = goes | (now & ~stay_now)
        held = held & ~now
    # Those whose procedure ended without staying leave by the route they wanted then.
    free = ~held & ~stays & ~goes
    gradual = (gradual & free) | (goes & (s.duty_route == ROUTE_GRADUAL))
    abrupt = (abrupt & free) | (goes & (s.duty_route == ROUTE_ABRUPT))
    return gradual, abrupt


class QualificationDuty(Intervention):
    """The qualification duty (attendance officer) and the RMC's age limit; on by default."""

    name = "qualification_duty"
    batched = True  # row-wise: a batch's exits are held back in one pass
    title = "Qualification duty: an under-18 who wants to stop meets the attendance officer"
    source = "brief section 9 (kwalificatieplicht, leerplichtambtenaar, RMC)"
    params = PARAMS
    states = STATES
    draws = (Draw("qualification_duty", "u_duty", when=("qualification_duty",)),)

    def step(self, sim) -> None:
        """Stand between wanting to stop and leaving in this week's exits (when on)."""
        if sim.pb.qualification_duty:
            # A partial, not a lambda: a deep copy of the simulation (a twin, the kernel
            # tests' reference) then holds back its own exits, not the original's.
            sim.d.exit_filter = functools.partial(hold_exits, sim)

    def outputs(self, sim) -> dict[str, float]:
        """Attendance-officer cases, students concerned, and those who stayed."""
        s = sim.state
        return {
            "duty_cases": float(s.duty_cases.sum()),
            "duty_students": float(np.count_nonzero(s.duty_cases)),
            "duty_stayed": float(np.count_nonzero(s.duty_stayed)),
        }
