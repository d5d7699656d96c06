"""Declared draws: made for every row each week, except those of switched-off modules."""

from __future__ import annotations

import numpy as np

from vsvsim.core.params import defaults
from vsvsim.core.sim import Simulation
from vsvsim.week import WEEK, channels

SWITCHED = {"u_placement_loss", "u_placement_search", "u_school_route", "u_switch_within", "u_duty"}
#: The switches of those draws (their ``Draw.when``), each on by default.
SWITCHES = (
    "tracks",
    "binding_study_advice",
    "deregistration",
    "study_choice",
    "qualification_duty",
)


def _week_draws(**params):
    sim = Simulation({**defaults(), "students": 300, **params}, 3, WEEK, channels=channels())
    sim.step()
    return {k: v.copy() for k, v in vars(sim.draws).items()}


def test_switched_off_modules_draw_nothing_and_switching_on_moves_no_other_draw():
    assert all(defaults()[name] is True for name in SWITCHES)
    on = _week_draws()
    off = _week_draws(**dict.fromkeys(SWITCHES, False))
    assert SWITCHED <= set(off)
    for name in SWITCHED:
        assert not off[name].any(), name  # not drawn: zeros
        assert on[name].any() and (on[name] < 1).all(), name
    for name in set(off) - SWITCHED:
        np.testing.assert_array_equal(off[name], on[name], err_msg=name)
