"""Compatibility: the calibration targets now live in :mod:`vsvsim.analysis.targets`."""

from vsvsim.analysis.targets import *  # noqa: F403
from vsvsim.analysis.targets import __all__  # noqa: F401
