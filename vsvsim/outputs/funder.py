"""The outcomes a funder counts, and what each costs against a reference scenario.

A policymaker paying for coaching counts more than prevented dropouts (issue 11, item 6):
curative coaching prevents no dropout by definition (it starts after leaving), so its
money is judged by the youngsters it gets back into education or work, and a programme
as a whole by the basic qualifications it adds. Two parts:

- :class:`FunderOutcomes`, a set-up-only module at the end of the week's order, adds to
  the run summary: ``basic_qualifications`` (students with a diploma of mbo level 2 or
  higher at the end of the run; an Entree, level-1, diploma is not a basic
  qualification, brief section 9), ``basic_qualification_rate`` (of the students who
  entered), ``back_in_education_or_work`` (students who left, switchers and school
  leavers, who were in education or work 52 weeks after leaving; ``status_after_year``)
  and ``programme_cost`` (coach cost plus the RMC's outreach time, where the curative
  process runs).
- :func:`against_reference`: per replication, the difference from the reference run and
  the cost per unit of each outcome (cost per prevented dropout, per extra basic
  qualification, per extra youngster back in education or work). ``vsvsim compare``
  and the sweep's reference runs both use it, so the two cannot disagree.

All of these are counted, never set: they are read from the states the run produced.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from vsvsim.core.module import Module
from vsvsim.core.state import Status
from vsvsim.registration.indicator import basic_qualification

if TYPE_CHECKING:
    from vsvsim.core.sim import Simulation

__all__ = ["REFERENCE_COLUMNS", "FunderOutcomes", "against_reference"]

#: ``status_after_year`` codes counted as back in education or work (see mechanisms.leaving).
_WORK, _EDUCATION = 1, 2

#: Columns :func:`against_reference` adds, in order.
REFERENCE_COLUMNS = (
    "prevented_dropouts",
    "extra_coach_cost",
    "cost_per_prevented_dropout",
    "extra_basic_qualifications",
    "cost_per_basic_qualification",
    "extra_back_in_education_or_work",
    "cost_per_youngster_back",
)
#: Outcome -> (summary column, sign): the gain is sign x (run - reference).
_GAINS = {
    "prevented_dropouts": ("dropouts", -1.0),
    "extra_basic_qualifications": ("basic_qualifications", 1.0),
    "extra_back_in_education_or_work": ("back_in_education_or_work", 1.0),
}
_PER = {
    "cost_per_prevented_dropout": "prevented_dropouts",
    "cost_per_basic_qualification": "extra_basic_qualifications",
    "cost_per_youngster_back": "extra_back_in_education_or_work",
}


class FunderOutcomes(Module):
    """Summary columns of the outcomes a funder counts (set-up only: no weekly step)."""

    name = "funder_outcomes"
    kind = "core"
    weekly = False
    title = "Funder outcomes: basic qualifications, youngsters back a year on, programme cost"
    source = "brief section 9 (basic qualification); REG (status a year after leaving)"

    def outputs(self, sim: Simulation) -> dict[str, Any]:
        """Basic qualifications, youngsters back in education or work, programme cost."""
        s = sim.state
        entered = s.status != Status.PENDING
        n = int(entered.sum())
        # The official definition (registration.indicator): a diploma of level 2 or higher.
        qualified = basic_qualification(s.status, s.level)
        dropped = (s.first_exit == Status.SWITCHED) | (s.first_exit == Status.LEFT)
        back = dropped & ((s.status_after_year == _WORK) | (s.status_after_year == _EDUCATION))
        coaching = sim.module("project_coaching")
        outreach = sim.module("rmc_outreach")
        coach_cost = coaching.outputs(sim)["coach_cost"] if coaching is not None else 0.0
        outreach_cost = outreach.outputs(sim).get("outreach_cost", 0.0) if outreach else 0.0
        return {
            "basic_qualifications": int(qualified.sum()),
            "basic_qualification_rate": float(qualified.sum() / n) if n else np.nan,
            "back_in_education_or_work": int(back.sum()),
            "programme_cost": float(coach_cost + outreach_cost),
        }


def _cost(values: Mapping[str, Any]) -> Any:
    """The money a run spent: programme cost where reported, else the coach cost."""
    return values["programme_cost"] if "programme_cost" in values else values["coach_cost"]


def against_reference(run: Mapping[str, Any], ref: Mapping[str, Any]) -> dict[str, Any]:
    """Gains over the reference run and the cost of each (scalars or aligned arrays).

    Gains: prevented dropouts (reference dropouts - dropouts), extra basic qualifications,
    extra youngsters back in education or work a year on. Extra cost: programme cost
    (coach cost plus outreach) - the reference's. Cost per unit of a gain: extra cost /
    gain, NaN where the gain is not positive (nothing gained: no price per unit), and the
    cost per prevented dropout NaN for a run without preventive coaching (no preventive
    entrants). An outcome the runs do not report (an older results file) is left out.

    Args:
        run: Summary values of the run (a row, or columns of many rows).
        ref: The paired reference run's values (same shapes).

    Returns:
        The columns of :data:`REFERENCE_COLUMNS` that could be computed.
    """
    extra = np.asarray(_cost(run), float) - np.asarray(_cost(ref), float)
    out: dict[str, Any] = {}
    for name, (column, sign) in _GAINS.items():
        if column in run and column in ref:
            out[name] = sign * (np.asarray(run[column], float) - np.asarray(ref[column], float))
    out["extra_coach_cost"] = extra
    for name, gain in _PER.items():
        if gain in out:
            g = out[gain]
            # np.where evaluates both branches; silence the 0/0 it computes and discards.
            with np.errstate(divide="ignore", invalid="ignore"):
                out[name] = np.where(g > 0, extra / g, np.nan)
    if "preventive_entrants" in run and "cost_per_prevented_dropout" in out:
        # Curative coaching prevents no dropout by definition: a run without preventive
        # coaching gets no price per prevented dropout (a dropout or two fewer through its
        # friends is counted in prevented_dropouts, not priced as prevention).
        preventive = np.asarray(run["preventive_entrants"], float) > 0
        out["cost_per_prevented_dropout"] = np.where(
            preventive, out["cost_per_prevented_dropout"], np.nan
        )
    ordered = {k: out[k] for k in REFERENCE_COLUMNS if k in out}
    if np.ndim(extra) == 0:
        return {k: float(v) for k, v in ordered.items()}
    return ordered
