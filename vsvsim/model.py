"""Compatibility: the Mesa model now lives in :mod:`vsvsim.mesa_model`."""

from vsvsim.mesa_model import DropoutModel, resolve_seed

__all__ = ["DropoutModel", "resolve_seed"]
