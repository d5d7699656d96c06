"""Compatibility: the state registry now lives in :mod:`vsvsim.core.state`."""

import vsvsim.week  # noqa: F401  (registers the built-in modules: fills STATE)
from vsvsim.core.state import STATE, UNIT, StateVar, Status, StudentArrays

__all__ = ["STATE", "UNIT", "StateVar", "Status", "StudentArrays"]
