"""vsvsim: an agent-based simulation of early school leaving (VSV) in Dutch mbo.

Students, mentors, schools and outside-school contexts interact weekly through need
fulfilment and feedback loops (above all the participation-identification spiral);
scenarios compare preventive and curative coaching. See docs/ODD.md.
"""

from vsvsim.model import DropoutModel
from vsvsim.params import PARAMETERS
from vsvsim.run import Result, run
from vsvsim.scenario import Scenario, ScenarioError, load_scenario

__all__ = [
    "PARAMETERS",
    "DropoutModel",
    "Result",
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "run",
]
__version__ = "0.1.0"
