"""Same seed, same tables; scenarios compared with one seed share their draws."""

from __future__ import annotations

import pandas as pd
import pytest

import vsvsim
from vsvsim.core.streams import Streams


def test_same_seed_same_tables():
    a = vsvsim.run("preventive_screening", students=400, seed=7, trajectories=True)
    b = vsvsim.run("preventive_screening", students=400, seed=7, trajectories=True)
    pd.testing.assert_frame_equal(a.students, b.students)
    pd.testing.assert_frame_equal(a.weekly, b.weekly)
    pd.testing.assert_frame_equal(a.summary, b.summary)


def test_different_seed_different_tables():
    a = vsvsim.run("baseline", students=400, seed=1, trajectories=True)
    b = vsvsim.run("baseline", students=400, seed=2, trajectories=True)
    assert not a.weekly["commitment"].equals(b.weekly["commitment"])


def test_streams_do_not_depend_on_order_of_use():
    s1, s2 = Streams(5), Streams(5)
    x = s1("events").random(3)
    s2("leaving").random(10)
    assert (s2("events").random(3) == x).all()
    assert not (Streams(6)("events").random(3) == x).all()


def test_common_random_numbers_across_scenarios():
    """Baseline and preventive share the cohort and, before coaching starts to act, every draw."""
    base = vsvsim.run("baseline", students=600, seed=3, trajectories=True)
    prev = vsvsim.run("preventive_screening", students=600, seed=3, trajectories=True)
    cols = ["student_id", "mbo_level", "intake_colour", "group", "school_id", "programme_id"]
    cols += ["track", "age_at_intake", "true_colour"]
    pd.testing.assert_frame_equal(base.students[cols], prev.students[cols])
    # The colour at the end differs only where a coach re-scored the self-sufficiency matrix.
    uncoached = ~prev.students["coached"]
    pd.testing.assert_series_equal(
        base.students.loc[uncoached, "risk_colour"], prev.students.loc[uncoached, "risk_colour"]
    )
    # Comparison-group students are never coached; their first week is identical.
    first = lambda r: r.weekly[r.weekly["week"] == 0].set_index("student_id")  # noqa: E731
    comparison = base.students.loc[base.students["group"] == "comparison", "student_id"]
    b, p = first(base).loc[comparison], first(prev).loc[comparison]
    pd.testing.assert_series_equal(b["event_outside"], p["event_outside"])
    pd.testing.assert_series_equal(b["commitment"], p["commitment"])


@pytest.mark.parametrize("seed", ["12", 12])
def test_seed_may_be_a_numeric_string(seed):
    m = vsvsim.DropoutModel(students=50, rng=seed)
    assert m.seed == 12


def test_bad_seed_is_refused():
    with pytest.raises(ValueError, match="seed"):
        vsvsim.DropoutModel(students=50, rng="abc")


def test_the_simulation_without_mesa_gives_the_mesa_models_states():
    """``Simulation.run`` (no agents, no DataCollector) steps the same dynamics."""
    import numpy as np

    from vsvsim.core.params import defaults
    from vsvsim.core.sim import Simulation
    from vsvsim.core.state import STATE
    from vsvsim.mesa_model import DropoutModel
    from vsvsim.scenario import load_scenario
    from vsvsim.week import WEEK, channels

    params = {**defaults(), **load_scenario("integrated").params, "students": 300}
    sim = Simulation(params, 4, WEEK, channels=channels()).run()
    model = DropoutModel(scenario_name="integrated", students=300, rng=4)
    while model.running:
        model.step()
    for name in STATE:
        assert np.array_equal(sim.state[name], model.state[name], equal_nan=True), name
    assert sim.outputs() == model.sim.outputs()
