"""The module lifecycle: what every mechanism and intervention declares and does.

A module is one class in one file. It declares

- ``params``: the parameters it owns (:class:`~vsvsim.core.params.Param`: default, range,
  unit, source, fitting range);
- ``states``: the per-student variables it owns (:class:`~vsvsim.core.state.StateVar`);
- ``draws``: the named random numbers it needs every week, for every row
  (:class:`Draw`: stream, name, normal or uniform);
- ``channels``: extra driver channels it adds to the week's
  :class:`~vsvsim.mechanisms.base.Drivers` (set-point shifts other modules read);

and runs ``init(sim)`` once after the population is built, ``step(sim)`` once a week at
its place in the week's order (:data:`vsvsim.week.WEEK`), ``outputs(sim)`` for the run
summary's columns and ``finalize(sim)`` at the end. A switchable module (every mechanism
of the brief) has an on/off parameter named after it, and may name a ``neutral``
replacement module that runs in its place when it is off (an ablation keeps the terms the
others need, without the feedback). The parameter table, the state registry, the weekly
draws, the summary columns, the app's levers and the ODD tables are the union of these
declarations (see :mod:`vsvsim.week`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from vsvsim.core.params import Param, switch
from vsvsim.core.state import StateVar

if TYPE_CHECKING:
    from vsvsim.core.sim import Simulation

__all__ = ["KINDS", "Channel", "Draw", "Module"]

#: Kinds of module, in the order the documentation lists them.
KINDS = ("population", "core", "mechanism", "instrument", "intervention")


@dataclass(frozen=True)
class Draw:
    """A random number a module needs every week for every row.

    Attributes:
        stream: Named stream it comes from (:class:`~vsvsim.core.streams.Streams`).
        name: Attribute name in ``sim.draws``.
        kind: ``"normal"`` (standard normal) or ``"uniform"`` (on [0, 1)).
        when: Switch parameters of which at least one must be on for the draw to be
            made; empty: always. A run whose switches are all off does not draw it (the
            array is there, all zeros, and the off module does not read it). The
            stream is the draw's own, so skipping it moves no other draw.
    """

    stream: str
    name: str
    kind: str = "uniform"
    when: tuple[str, ...] = ()

    def live(self, params) -> bool:
        """Whether a run with these parameters makes this draw."""
        return not self.when or any(bool(params[name]) for name in self.when)


@dataclass(frozen=True)
class Channel:
    """A driver channel: a per-student array mechanisms add to and others read in a week.

    Attributes:
        name: Attribute name in ``sim.d``.
        fill: Value it starts every week with.
        dtype: numpy dtype string.
        low: Smallest meaningful value (a range check, not a clip), or None.
        high: Largest meaningful value, or None.
        meaning: What it carries.
    """

    name: str
    fill: float | bool = 0.0
    dtype: str = "float32"
    low: float | None = -1.0
    high: float | None = 1.0
    meaning: str = ""


class Module:
    """Base class of every mechanism, intervention and core update.

    Class attributes are the declarations (see the module docstring); subclasses
    override ``step`` and, where they need them, ``init``, ``outputs`` and ``finalize``.

    Attributes:
        name: Unique name; for a switchable module also its switch parameter.
        kind: One of :data:`KINDS`.
        title: One line for the step-order table and the app.
        source: Where the mechanism comes from (brief section, paper).
        switchable: Whether a ``[mechanisms]`` switch turns it on and off.
        default_on: The switch's default.
        neutral: Module that runs in its place when switched off, or None.
        weekly: Whether it has a weekly step (set-up-only modules set False).
        number: The mechanism's number in the brief (section 3), None for others; lists
            of mechanisms follow it (modules registered later come after, in the
            week's order).
        batched: Whether its weekly step is row-wise over the arrays and reads its
            parameters from ``sim.pb`` only, so that a batch of runs stacked as rows of
            one population (:mod:`vsvsim.core.batch`) can step it once for all members;
            other modules step once per member, on that member's rows.
    """

    name: ClassVar[str] = ""
    kind: ClassVar[str] = "core"
    title: ClassVar[str] = ""
    source: ClassVar[str] = ""
    switchable: ClassVar[bool] = False
    default_on: ClassVar[bool] = True
    neutral: ClassVar[type[Module] | None] = None
    weekly: ClassVar[bool] = True
    number: ClassVar[int | None] = None
    batched: ClassVar[bool] = False
    params: ClassVar[tuple[Param, ...]] = ()
    states: ClassVar[tuple[StateVar, ...]] = ()
    draws: ClassVar[tuple[Draw, ...]] = ()
    channels: ClassVar[tuple[Channel, ...]] = ()

    @classmethod
    def declared_params(cls) -> tuple[Param, ...]:
        """Its parameters, the switch first for a switchable module."""
        if cls.switchable:
            return (switch(cls.name, cls.title, cls.source, cls.default_on), *cls.params)
        return cls.params

    def init(self, sim: Simulation) -> None:
        """Resolve against the simulation (once, after the population is built)."""

    def step(self, sim: Simulation) -> None:
        """Act in the current week (``sim.week``)."""
        raise NotImplementedError(
            f"module {self.name!r} is in the week's order but defines no step(sim); "
            "give it one, or set weekly = False for a set-up-only module"
        )

    def outputs(self, sim: Simulation) -> dict[str, Any]:
        """Columns this module contributes to the run summary."""
        return {}

    def finalize(self, sim: Simulation) -> None:
        """Wrap up at the end of the run."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} ({self.kind})>"
