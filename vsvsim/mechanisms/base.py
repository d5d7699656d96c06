"""What every weekly array update shares: the week's inputs, the drivers, small helpers.

Mechanisms do not set outcomes: each one adds its terms to the week's :class:`Drivers`
(shifts of the set points towards which commitment, time investment and wellbeing relax,
and a few flags) or updates the state variables it owns. A :class:`Mechanism` is a module
whose weekly step is one pure function ``update(s, p, w, d)`` over the student arrays
``s``, the parameters ``p``, the week's inputs ``w`` and the drivers ``d``.

Notation in the mechanism files: ``E`` is the mask of enrolled students; a school week is
a non-holiday week. ``X += rate * (X* - X)`` is a weekly relaxation towards a set point.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from scipy import sparse

from vsvsim.core.calendar import Week
from vsvsim.core.module import Channel, Module
from vsvsim.mechanisms import _kernels

if TYPE_CHECKING:
    from vsvsim.core.sim import Simulation

__all__ = ["Drivers", "F", "Mechanism", "WeekInputs", "put", "relax", "sigmoid"]

F = np.float32


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function."""
    return 1.0 / (1.0 + np.exp(-x))


def put(x: np.ndarray, value: np.ndarray, mask: np.ndarray) -> None:
    """In place: ``x = value`` where ``mask``.

    ``np.where`` and one full write is several times faster than ``np.copyto(where=)``
    when the mask is scattered, as enrolment and contact masks are.
    """
    x[...] = np.where(mask, value, x)


def relax(x: np.ndarray, target: np.ndarray, rate: float, mask: np.ndarray) -> None:
    """In place: ``x += rate * (target - x)`` where ``mask``."""
    put(x, x + rate * (target - x), mask)


@dataclass
class WeekInputs:
    """What one week brings in from outside the student arrays.

    Attributes:
        week: The calendar week.
        draws: This week's random numbers (one array per declared draw, all rows).
        enrolled: Mask of enrolled students at the start of the week.
        out: Mask of students who have left (switchers and school leavers).
        friends: Friendship adjacency matrix (sparse CSR, ties counted with multiplicity).
        friend_degree: Number of friendship ties per student (fixed for a run).
    """

    week: Week
    draws: SimpleNamespace
    enrolled: np.ndarray
    out: np.ndarray
    friends: sparse.csr_array
    friend_degree: np.ndarray


class Drivers:
    """Set-point shifts and flags that mechanisms contribute to this week's update.

    One array per declared :class:`~vsvsim.core.module.Channel` (every registered
    module's channels), filled afresh every week, plus two settings:

    Attributes:
        abrupt_exits: Whether abrupt exits happen (mechanism 6).
        leaver_chance: Function of the rows of students who stop, giving the chance that
            each leaves education rather than switching (set by mechanism 9 or its
            neutral replacement).
        exit_filter: None, or a function of this week's gradual and abrupt exit masks
            returning the masks of those who actually leave (set by a rule that stands
            between wanting to stop and leaving: the qualification duty).
    """

    def __init__(self, n: int, channels: tuple[Channel, ...]):
        self.n = n
        for c in channels:
            setattr(self, c.name, np.full(n, c.fill, dtype=c.dtype))
        self.abrupt_exits = False
        self.leaver_chance = None
        self.exit_filter = None


class Mechanism(Module):
    """A module whose weekly step is the pure array function :meth:`update`.

    Switchable by default (the nine mechanisms of the brief); core updates set
    ``kind = "core"`` and ``switchable = False``.

    Attributes:
        fused: The same update as a fused kernel (:class:`~vsvsim.mechanisms._kernels.Fused`),
            or None. It runs instead of :meth:`update` while the kernels are enabled
            (:func:`vsvsim.mechanisms._kernels.enabled`) and :meth:`update` is still the
            function the kernel was written for: a subclass or a test that replaces
            ``update`` gets its own update, not a stale kernel. :meth:`update` stays the
            reference that ``tests/test_kernels.py`` compares it with.
    """

    kind: ClassVar[str] = "mechanism"
    switchable: ClassVar[bool] = True
    batched: ClassVar[bool] = True
    fused: ClassVar[_kernels.Fused | None] = None
    #: The ``update`` that ``fused`` mirrors (recorded where ``fused`` is declared).
    _fused_update: ClassVar[object] = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "fused" in cls.__dict__:
            cls._fused_update = cls.update

    @staticmethod
    def update(s, p, w: WeekInputs, d: Drivers) -> None:
        """The week's update over all rows (override)."""
        raise NotImplementedError

    def step(self, sim: Simulation) -> None:
        """Apply :meth:`update` (or its fused kernel) to the simulation's arrays."""
        cls = type(self)
        if cls.fused is not None and cls.update is cls._fused_update and _kernels.enabled():
            cls.fused(sim.state, sim.pb, sim.w, sim.d)
        else:
            self.update(sim.state, sim.pb, sim.w, sim.d)
