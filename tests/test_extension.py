"""Extending vsvsim without editing it: a toy mechanism and a toy intervention.

Both are defined here, registered into the week's order, switched on from a scenario file
and seen to act, as docs/extending.md describes. Nothing in ``vsvsim/`` is edited.
"""

import inspect

import numpy as np
import pytest

import vsvsim
from vsvsim import Channel, Draw, Mechanism, Module, Param, StateVar
from vsvsim.core.state import UNIT, Status
from vsvsim.mesa_model import DropoutModel
from vsvsim.week import step_order_table


class Bullying(Mechanism):
    """Toy mechanism: bullied students feel less related at school."""

    name = "bullying"
    title = "Bullying at school lowers relatedness"
    source = "test"
    default_on = False  # a new mechanism leaves existing scenarios as they were
    params = (
        Param("bullying_rate", "strengths", 0.1, 0.0, 1.0, unit="share", doc="Share bullied"),
        Param("bullying_harm", "strengths", 0.3, 0.0, 1.0, unit="0-1", doc="Relatedness lost"),
    )
    states = (StateVar("bullied", "bool", False, None, None, "bullied this year", "state"),)
    draws = (Draw("bullying", "u_bullied"),)
    channels = (Channel("bullying_harm_felt", meaning="relatedness lost to bullying"),)

    @staticmethod
    def update(s, p, w, d):
        s.bullied = s.bullied | (w.enrolled & (w.draws.u_bullied < p.bullying_rate / 52))
        d.bullying_harm_felt = (p.bullying_harm * s.bullied).astype(np.float32)
        d.peer_relatedness -= d.bullying_harm_felt


class SummerBridge(Module):
    """Toy intervention: a bridging programme before the year raises at-risk expectations."""

    name = "summer_bridge"
    kind = "intervention"
    title = "Summer bridging programme for at-risk students"
    params = (
        Param("summer_bridge", "coaching", False, unit="switch", doc="Run the programme"),
        Param("bridge_boost", "coaching", 0.1, 0.0, 0.5, unit="0-1", doc="Commitment gained"),
    )

    def init(self, sim):
        self.participants = 0

    def step(self, sim):
        s = sim.state
        if not sim.p.summer_bridge or sim.week.index != 0:
            return
        rows = np.flatnonzero(s.at_risk & (s.status == Status.ENROLLED))
        s.base_commitment[rows] = np.clip(s.base_commitment[rows] + sim.p.bridge_boost, *UNIT)
        self.participants = rows.size

    def outputs(self, sim):
        return {"bridge_participants": self.participants}


SCENARIO = """
name = "toy"
[mechanisms]
bullying = true
[strengths]
bullying_rate = 0.5
[coaching]
summer_bridge = true
bridge_boost = 0.3
"""


@pytest.fixture
def toys():
    with vsvsim.registered(Bullying, after="peer_influence"):
        with vsvsim.registered(SummerBridge, before="contacts"):
            yield


def test_toy_modules_register_and_act_from_a_scenario_file(toys, tmp_path):
    path = tmp_path / "toy.toml"
    path.write_text(SCENARIO)
    base = vsvsim.run("baseline", students=800, seed=3)
    toy = vsvsim.run(path, students=800, seed=3, trajectories=True)

    # The intervention reports its own column; the mechanism's state and draws exist.
    assert toy.summary.loc[0, "bridge_participants"] > 0
    assert "bridge_participants" not in base.summary.columns or (
        base.summary.loc[0, "bridge_participants"] == 0
    )
    # Bullying lowers relatedness at school, hence school need fulfilment.
    w = toy.weekly
    assert (
        w["need_school"].mean()
        < vsvsim.run("baseline", students=800, seed=3, trajectories=True)
        .weekly["need_school"]
        .mean()
    )
    # The scenario's parameters reached the run, with their module recorded.
    params = toy.parameters.set_index("name")
    assert params.loc["bullying", "value"] == "true"
    assert params.loc["bridge_boost", "module"] == "summer_bridge"


def test_registration_regenerates_tables_signature_and_step_order(toys):
    assert {"bullying", "bullying_rate", "summer_bridge"} <= set(vsvsim.PARAMETERS)
    assert "bullied" in vsvsim.core.state.STATE
    signature = inspect.signature(DropoutModel.__init__).parameters
    assert "bullying_rate" in signature and "bridge_boost" in signature
    table = step_order_table()
    order = [
        line.split("`")[1] for line in table.splitlines() if line.startswith("| ") and "`" in line
    ]
    assert order.index("bullying") == order.index("peer_influence") + 1
    assert order.index("summer_bridge") + 1 == order.index("contacts")
    assert "bullying" in vsvsim.week.mechanism_names()
    # A Student agent reads the new state like any other.
    model = DropoutModel(scenario_name="baseline", students=50, rng=0, bullying=True)
    model.step()
    assert isinstance(model.students.to_list()[0].bullied, bool)


def test_off_by_default_leaves_every_other_draw_alone(toys):
    """Registered but off, the toys change nothing (common random numbers)."""
    plain = vsvsim.run("baseline", students=400, seed=5)
    cols = [c for c in plain.summary.columns if c != "bridge_participants"]
    with_toys = vsvsim.run("baseline", students=400, seed=5, overrides={"bullying": False})
    assert with_toys.summary[cols].equals(plain.summary[cols])


def test_unregister_removes_every_declaration():
    with vsvsim.registered(Bullying, after="peer_influence"):
        assert "bullying_rate" in vsvsim.PARAMETERS
    assert "bullying_rate" not in vsvsim.PARAMETERS
    assert "bullied" not in vsvsim.core.state.STATE
    assert "bullying_rate" not in inspect.signature(DropoutModel.__init__).parameters


def test_bad_registrations_are_refused_with_a_message():
    class Clash(Bullying):
        name = "clash"
        params = (Param("coaches", "coaching", 1, 0, 5, doc="already declared"),)
        states = ()

    with pytest.raises(ValueError, match="parameter 'coaches' is declared twice"):
        vsvsim.register(Clash, after="peer_influence")
    assert "clash" not in vsvsim.PARAMETERS  # nothing half-registered
    with pytest.raises(ValueError, match="no module 'nowhere'"):
        vsvsim.register(Bullying, after="nowhere")

    class NoStep(Module):
        name = "no_step"

    with pytest.raises(ValueError, match="defines no step"):
        vsvsim.register(NoStep, after="contacts")
