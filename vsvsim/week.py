"""The order of a week, written once, and the registry of modules.

:data:`WEEK` is the one ordered list of the modules that make a model week. Everything
else that depends on the modules is generated from it: the parameter table
(:data:`vsvsim.core.params.PARAMETERS`), the state registry
(:data:`vsvsim.core.state.STATE`), the weekly draws, the driver channels, the step-order
table in the docstring of :meth:`vsvsim.mesa_model.DropoutModel.step`, ODD section 3 (via
``vsvsim docs``), and the app's list of mechanisms.

New modules join with :func:`register` (``before=`` or ``after=`` a module already in the
order) and leave with :func:`unregister`; :func:`registered` does both around a block::

    with registered(Bullying, after="peer_influence"):
        vsvsim.run("my_scenario.toml")

A module's parameters must be new names; its states may not clash with another module's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace

from vsvsim.core.module import KINDS, Channel, Module
from vsvsim.core.params import GROUPS, PARAMETERS
from vsvsim.core.sim import WeekStart
from vsvsim.core.state import STATE
from vsvsim.interventions.absence_protocol import AbsenceProtocol
from vsvsim.interventions.capacity import CoachingCapacity
from vsvsim.interventions.coaching import ProjectCoaching
from vsvsim.interventions.contacts import Contacts, IntendedSupport
from vsvsim.interventions.early_warning import EarlyWarning
from vsvsim.interventions.internships import Internships
from vsvsim.interventions.mentoring import RegularMentoring
from vsvsim.interventions.outreach import RmcOutreach
from vsvsim.interventions.qualification_duty import QualificationDuty
from vsvsim.interventions.school_exits import SchoolExits
from vsvsim.interventions.screening import Screening, SelfSufficiency
from vsvsim.interventions.success_factors import SuccessFactors
from vsvsim.interventions.tiers import CoachTiers
from vsvsim.mechanisms.coach_relationship import CoachRelationship
from vsvsim.mechanisms.confidence import ConfidenceLoop
from vsvsim.mechanisms.events import Events
from vsvsim.mechanisms.fit_discovery import FitDiscovery
from vsvsim.mechanisms.integrate import Integrate
from vsvsim.mechanisms.leaving import Exits, FollowUp, LeavingAndAfter
from vsvsim.mechanisms.life_domains import AbruptExitType, DomainIntake, LifeDomains
from vsvsim.mechanisms.needs import NeedFulfilment
from vsvsim.mechanisms.outside import OutsidePullPush
from vsvsim.mechanisms.peers import FriendsWhoLeft, PeerInfluence
from vsvsim.mechanisms.realisation import AccumulateStrain, DelayedRealisation
from vsvsim.mechanisms.reentry import Reentry
from vsvsim.mechanisms.routes import GradualAbruptRoutes
from vsvsim.mechanisms.spiral import ParticipationIdentificationSpiral
from vsvsim.mechanisms.study_choice import StudyChoice, SwitchWithin
from vsvsim.mechanisms.teacher_control import TeacherControlLoop
from vsvsim.outputs.funder import FunderOutcomes
from vsvsim.population.age import Age
from vsvsim.population.cohort import Cohort
from vsvsim.population.progression import YearClosing
from vsvsim.population.tracks import Tracks
from vsvsim.registration.indicator import VsvIndicator
from vsvsim.registration.reasons import RegisteredReason

__all__ = [
    "WEEK",
    "channels",
    "mechanism_names",
    "mechanisms",
    "modules",
    "register",
    "registered",
    "step_order_table",
    "unregister",
]

#: The order of a week. Set-up runs every module's ``init`` in this order (the cohort
#: first); each week runs every weekly module's ``step`` in this order.
WEEK: list[type[Module]] = [
    Cohort,
    Age,
    DomainIntake,
    Screening,
    StudyChoice,
    Reentry,
    RmcOutreach,
    WeekStart,
    Internships,
    Tracks,
    EarlyWarning,
    Contacts,
    RegularMentoring,
    AbsenceProtocol,
    ProjectCoaching,
    CoachingCapacity,
    CoachTiers,
    SuccessFactors,
    IntendedSupport,
    FitDiscovery,
    LifeDomains,
    SelfSufficiency,
    Events,
    TeacherControlLoop,
    OutsidePullPush,
    PeerInfluence,
    NeedFulfilment,
    CoachRelationship,
    ConfidenceLoop,
    AccumulateStrain,
    DelayedRealisation,
    ParticipationIdentificationSpiral,
    GradualAbruptRoutes,
    Integrate,
    LeavingAndAfter,
    QualificationDuty,
    Exits,
    SchoolExits,
    SwitchWithin,
    AbruptExitType,
    RegisteredReason,
    FriendsWhoLeft,
    FollowUp,
    VsvIndicator,
    YearClosing,
    FunderOutcomes,
]


def _family(cls: type[Module]) -> list[type[Module]]:
    """A module and its neutral replacement (which declares its own parameters too)."""
    return [cls] if cls.neutral is None else [cls, cls.neutral]


def modules() -> list[type[Module]]:
    """Every registered module class, neutral replacements included, in the week's order."""
    return [m for cls in WEEK for m in _family(cls)]


def mechanisms() -> list[type[Module]]:
    """The switchable modules: the brief's nine by their number, then any registered since."""
    switchable = [cls for cls in WEEK if cls.switchable]
    return sorted(switchable, key=lambda cls: (cls.number is None, cls.number or 0))


def mechanism_names() -> tuple[str, ...]:
    """The switch names of the switchable modules, in the week's order."""
    return tuple(cls.name for cls in mechanisms())


def channels() -> tuple[Channel, ...]:
    """Every driver channel the registered modules declare."""
    return tuple(c for cls in modules() for c in cls.channels)


def _declare(cls: type[Module]) -> None:
    """Add a module's parameters and states to the shared tables (checked first)."""
    if not cls.name:
        raise ValueError(f"module {cls.__name__} has no name")
    if cls.kind not in KINDS:
        raise ValueError(f"module {cls.name!r}: kind {cls.kind!r} is not one of {KINDS}")
    if cls.weekly and cls.step is Module.step:
        raise ValueError(
            f"module {cls.name!r} is weekly but defines no step(sim); "
            "give it one or set weekly = False"
        )
    params = cls.declared_params()
    for p in params:
        if p.name in PARAMETERS:
            raise ValueError(f"module {cls.name!r}: parameter {p.name!r} is declared twice")
        if p.fit is not None and not (p.low <= p.fit[0] <= p.fit[1] <= p.high):
            raise ValueError(
                f"module {cls.name!r}: parameter {p.name!r} has fitting range {p.fit} "
                f"outside its allowed range {p.low:g} - {p.high:g}"
            )
        if p.group not in GROUPS:
            raise ValueError(
                f"module {cls.name!r}: parameter {p.name!r} has group {p.group!r}; "
                f"use one of {', '.join(GROUPS)}"
            )
    for v in cls.states:
        if v.name in STATE:
            raise ValueError(f"module {cls.name!r}: state {v.name!r} is declared twice")
    PARAMETERS.update({p.name: replace(p, module=cls.name) for p in params})
    STATE.update({v.name: v for v in cls.states})


def _withdraw(cls: type[Module]) -> None:
    for p in cls.declared_params():
        PARAMETERS.pop(p.name, None)
    for v in cls.states:
        STATE.pop(v.name, None)


def _refresh() -> None:
    """Regenerate what is built from the registry (the Mesa model's keyword signature)."""
    from vsvsim import mesa_model

    mesa_model.refresh_signature()


def _position(before: str | None, after: str | None) -> int:
    names = [cls.name for cls in WEEK]
    if (before is None) == (after is None):
        raise ValueError("register a module with exactly one of before= or after=")
    anchor = before if before is not None else after
    if anchor not in names:
        raise ValueError(f"no module {anchor!r} in the week's order; one of: {', '.join(names)}")
    return names.index(anchor) + (0 if before is not None else 1)


def register(cls: type[Module], *, before: str | None = None, after: str | None = None) -> None:
    """Add a module to the week's order and its declarations to the shared tables.

    Args:
        cls: The module class.
        before: Name of the module it runs just before.
        after: Name of the module it runs just after.

    Raises:
        ValueError: If the name, a parameter or a state clashes, or the anchor is unknown.
    """
    if any(c.name == cls.name for c in WEEK):
        raise ValueError(f"a module called {cls.name!r} is already registered")
    index = _position(before, after)
    declared = []
    try:
        for member in _family(cls):
            _declare(member)
            declared.append(member)
    except ValueError:
        for member in declared:
            _withdraw(member)
        raise
    WEEK.insert(index, cls)
    _refresh()


def unregister(name: str) -> None:
    """Remove the module called ``name`` and its declarations."""
    for i, cls in enumerate(WEEK):
        if cls.name == name:
            for member in _family(cls):
                _withdraw(member)
            del WEEK[i]
            _refresh()
            return
    raise ValueError(f"no module {name!r} is registered")


@contextlib.contextmanager
def registered(
    cls: type[Module], *, before: str | None = None, after: str | None = None
) -> Iterator[type[Module]]:
    """Register ``cls`` for the duration of a ``with`` block."""
    register(cls, before=before, after=after)
    try:
        yield cls
    finally:
        unregister(cls.name)


def step_order_table() -> str:
    """The week's order as a Markdown table (ODD section 3 and ``vsvsim docs``)."""
    lines = [
        "| # | module | kind | switch | what it does |",
        "|---|---|---|---|---|",
    ]
    i = 0
    for cls in WEEK:
        if not cls.weekly:
            continue
        i += 1
        if cls.switchable:
            neutral = f" (off: `{cls.neutral.name}`)" if cls.neutral else " (off: nothing)"
            switch = f"`{cls.name}`{neutral}"
        else:
            switch = "always"
        lines.append(f"| {i} | `{cls.name}` | {cls.kind} | {switch} | {cls.title} |")
    setup = ", ".join(f"`{cls.name}`" for cls in WEEK)
    return "\n".join(lines) + f"\n\nSet-up (`init`, in this order): {setup}.\n"


def _declare_all() -> None:
    for member in modules():
        _declare(member)


_declare_all()
