"""Scenario files are validated on load: one clear message, nothing runs on bad input."""

from __future__ import annotations

import pickle

import pytest

from vsvsim import PARAMETERS, ScenarioError, load_scenario
from vsvsim.scenario import available


def write(tmp_path, text: str):
    path = tmp_path / "s.toml"
    path.write_text(text)
    return path


def test_shipped_scenarios_load():
    names = available()
    assert {
        "baseline",
        "preventive_screening",
        "preventive_early_warning",
        "curative",
        "integrated",
        "handover",
    } <= set(names)
    for name in names:
        spec = load_scenario(name)
        assert set(spec.params) == set(PARAMETERS)


def test_defaults_fill_in_and_file_values_win(tmp_path):
    spec = load_scenario(write(tmp_path, 'name = "x"\n[outside]\nlabour_market_pull = 0.9\n'))
    assert spec.name == "x"
    assert spec.params["labour_market_pull"] == 0.9
    assert spec.params["stress_level"] == PARAMETERS["stress_level"].default


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("[outside]\nlabour_market_pul = 0.3\n", ["labour_market_pul", "allowed in [outside]"]),
        ("[outside]\nlabour_market_pull = 1.5\n", ["labour_market_pull", "1.5", "from 0 to 1"]),
        ('[outside]\nlabour_market_pull = "high"\n', ["labour_market_pull", "'high'", "a number"]),
        ("[run]\nstudents = 10.5\n", ["students", "10.5", "an integer"]),
        ("[mechanisms]\nconfidence_loop = 1\n", ["confidence_loop", "true or false"]),
        ('[coaching]\npreventive = "magic"\n', ["preventive", "'magic'", "'screening'"]),
        ("[school]\nlabour_market_pull = 0.3\n", ["labour_market_pull", "allowed in [school]"]),
        ("[weather]\nrain = 1\n", ["weather", "allowed at the top level"]),
        ("[cohort]\nshare_level_1 = 0.5\n", ["level shares must add up to 1", "share_level_1"]),
        ("[outside\n", ["not valid TOML"]),
        ("outside = 3\n", ["outside must be a table"]),
    ],
)
def test_bad_input_gets_one_clear_message(tmp_path, text, fragments):
    with pytest.raises(ScenarioError) as err:
        load_scenario(write(tmp_path, text))
    message = str(err.value)
    assert "s.toml" in message
    for fragment in fragments:
        assert fragment in message
    assert "\n" not in message


def test_unknown_scenario_lists_the_available_ones():
    with pytest.raises(ScenarioError, match="baseline"):
        load_scenario("no_such_scenario")


def test_overrides_are_validated_like_files():
    spec = load_scenario("baseline")
    with pytest.raises(ScenarioError, match="coaches"):
        spec.with_params(coaches=-1)
    assert spec.with_params(coaches=3).params["coaches"] == 3
    assert spec.params["coaches"] == PARAMETERS["coaches"].default  # original unchanged


def test_scenario_pickles():
    spec = load_scenario("preventive_screening")
    assert pickle.loads(pickle.dumps(spec)) == spec
