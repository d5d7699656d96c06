"""vsvsim: an agent-based simulation of early school leaving (VSV) in Dutch mbo.

Students, mentors, schools and outside-school contexts interact weekly through need
fulfilment and feedback loops (above all the participation-identification spiral);
scenarios compare preventive and curative coaching. See docs/ODD.md.

Every mechanism and intervention is a module (:mod:`vsvsim.core.module`); the order of a
week is :data:`vsvsim.week.WEEK`; new modules join with :func:`vsvsim.register`.
"""

from vsvsim.core.module import Channel, Draw, Module
from vsvsim.core.params import PARAMETERS, Param
from vsvsim.core.state import StateVar
from vsvsim.mechanisms.base import Mechanism
from vsvsim.run import Result, run, run_batch
from vsvsim.scenario import Scenario, ScenarioError, load_scenario
from vsvsim.week import WEEK, register, registered, unregister  # first: fills the tables

__all__ = [
    "PARAMETERS",
    "WEEK",
    "Channel",
    "Draw",
    "DropoutModel",
    "Mechanism",
    "Module",
    "Param",
    "Result",
    "Scenario",
    "ScenarioError",
    "StateVar",
    "load_scenario",
    "register",
    "registered",
    "run",
    "run_batch",
    "unregister",
]
__version__ = "0.1.0"


def __getattr__(name: str):
    # DropoutModel (and with it Mesa) is imported on first use: a sweep worker or a
    # command that never builds a Mesa model saves about a second of start-up.
    if name == "DropoutModel":
        from vsvsim.mesa_model import DropoutModel

        return DropoutModel
    raise AttributeError(f"module 'vsvsim' has no attribute {name!r}")
