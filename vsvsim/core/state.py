"""The student state registry and the arrays built from it.

Every per-student variable is declared once, by the module that owns it, with its dtype,
default, range and meaning; :data:`STATE` is the union of those declarations.
:class:`StudentArrays` allocates one numpy array per variable and is then locked:
assigning a name that is not in the registry raises, so a typo cannot silently create a
new, unused array. Mesa ``Student`` agents read and write these rows.

Scales: every psychological state is on 0-1 (0.5 is neutral for event valences), so
each maps onto a 0-100 slider of the u-can-act weekly diary (brief section 7a). Event
times are NaN-filled float arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["STATE", "UNIT", "StateVar", "Status", "StudentArrays"]


class Status:
    """Enrolment status codes (``StudentArrays.status``)."""

    PENDING = 0  #: not yet entered (a later intake)
    ENROLLED = 1
    SWITCHED = 2  #: left the programme intending another one (switcher)
    LEFT = 3  #: left education (school leaver)
    DIPLOMA = 4

    NAMES = ("pending", "enrolled", "switcher", "school_leaver", "diploma")


@dataclass(frozen=True)
class StateVar:
    """Declaration of one per-student variable.

    Attributes:
        name: Array name (``model.state.<name>``).
        dtype: numpy dtype string.
        default: Initial fill value (overwritten by the cohort where it draws one).
        low: Lower bound, or None when unbounded.
        high: Upper bound, or None when unbounded.
        meaning: What it is, and the diary item it maps to where there is one.
        kind: ``attribute`` (fixed or administrative), ``trait`` (latent, fixed),
            ``state`` (changes weekly) or ``event`` (this week's happenings).
    """

    name: str
    dtype: str
    default: float | int | bool
    low: float | None
    high: float | None
    meaning: str
    kind: str = "state"


#: Every registered per-student variable by name (filled by the module registry,
#: :mod:`vsvsim.week`): the union of the states the modules declare.
STATE: dict[str, StateVar] = {}

#: The 0-1 range of most states (``StateVar("x", "float32", 0.5, *UNIT, ...)``).
UNIT = (0.0, 1.0)


class StudentArrays:
    """One numpy array per registered variable, for ``n`` students; locked after creation.

    The arrays live in the instance's ``__dict__`` (plain attribute reads, as fast as slots)
    and writes go through :meth:`__setattr__`, which refuses names outside the registry.

    Args:
        n: Number of rows (the capacity: initial cohort plus every later intake).
        registry: The variables to allocate (default: every registered one).
    """

    def __init__(self, n: int, registry: dict[str, StateVar] | None = None):
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "registry", dict(STATE if registry is None else registry))
        for var in self.registry.values():
            object.__setattr__(self, var.name, np.full(n, var.default, dtype=var.dtype))
        object.__setattr__(self, "_bounded", _bounded(self.registry))

    def __setattr__(self, name: str, value) -> None:
        if name not in self.registry:
            raise AttributeError(f"{name!r} is not a registered student state variable")
        current = self.__dict__[name]
        if not isinstance(value, np.ndarray) or value.shape != current.shape:
            raise ValueError(f"state {name!r} must stay an array of shape {current.shape}")
        # Copy into the existing array: no two variables can ever share memory (an
        # assignment such as `commitment = base_commitment` must not alias them), and
        # views held elsewhere stay valid.
        np.copyto(current, value, casting="unsafe")

    def __getitem__(self, name: str) -> np.ndarray:
        return self.__dict__[name]

    def excursions(self) -> dict[str, float]:
        """How far each bounded float state lies outside its declared range (0 if inside)."""
        out = {}
        for name, low, high in self._bounded:
            arr = self.__dict__[name]
            out[name] = float(max(low - arr.min(), arr.max() - high, 0.0)) if arr.size else 0.0
        return out

    def clip(self, starts: np.ndarray | None = None) -> dict[str, Any]:
        """Clip every bounded float state back into its range; return the values clipped.

        Args:
            starts: First rows of consecutive segments (the members of a batch); then
                each count is an array with one count per segment.

        Returns:
            The number of values clipped, by state (only states that needed clipping).
        """
        clipped: dict[str, Any] = {}
        for name, low, high in self._bounded:
            arr = self.__dict__[name]
            # Two reductions first: most weeks most states need no clipping at all.
            if arr.size and (arr.min() < low or arr.max() > high):
                out = (arr < low) | (arr > high)
                clipped[name] = (
                    int(np.count_nonzero(out)) if starts is None else np.add.reduceat(out, starts)
                )
                np.clip(arr, low, high, out=arr)
        return clipped


def _bounded(registry: dict[str, StateVar]) -> tuple[tuple[str, float, float], ...]:
    return tuple(
        (v.name, v.low, v.high)
        for v in registry.values()
        if v.dtype.startswith("float") and v.low is not None and v.high is not None
    )
