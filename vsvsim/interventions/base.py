"""The base class of interventions and school instruments.

An intervention is a :class:`~vsvsim.core.module.Module` of kind ``intervention`` (or
``instrument`` for the school's own tools): ``init(sim)`` resolves its arguments against
the population, ``step(sim)`` acts in the week (returning early when inactive),
``outputs(sim)`` reports its summary columns and ``finalize(sim)`` wraps up. Eligibility
rules return row indices; interventions decide contacts, actions and the support a coach
*intends*, never what the student makes of it (that is mechanism 7).
"""

from __future__ import annotations

from typing import ClassVar

from vsvsim.core.module import Module

__all__ = ["Intervention"]


class Intervention(Module):
    """Base class of a weekly intervention."""

    kind: ClassVar[str] = "intervention"
