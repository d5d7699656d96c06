"""DropoutModel works unchanged with Mesa's own tools: ``mesa.batch_run`` and ``SolaraViz``.

Nothing here wraps or adapts the model: batch_run gets the class itself, and the SolaraViz
checks call Mesa's own functions (``_check_model_params``, ``split_model_params``,
``_build_model_init_kwargs``) the way its ModelCreator and Reset button do.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path

import mesa
import pytest
import solara
from mesa.visualization import SolaraViz
from mesa.visualization.solara_viz import (
    _build_model_init_kwargs,
    _check_model_params,
    split_model_params,
)

import vsvsim
from vsvsim.mesa_model import DropoutModel

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
app = importlib.import_module("vsvsim.app.mesa_view")  # Mesa's SolaraViz page of the model

PULLS = [0.1, 0.9]
SEEDS = [1, 2]
STEPS = 10
REPORTERS = ("enrolled", "switchers", "school_leavers", "dropout_rate", "mean_time_investment")


def _batch(rng):
    return mesa.batch_run(
        DropoutModel,
        parameters={"students": 200, "labour_market_pull": PULLS},
        rng=rng,
        max_steps=STEPS,
        number_processes=1,
        data_collection_period=1,
        display_progress=False,
    )


@pytest.fixture(scope="module")
def rows():
    return _batch(SEEDS)


def _final(rows, pull, seed):
    (row,) = [
        r
        for r in rows
        if r["labour_market_pull"] == pull and r["rng"] == seed and r["Step"] == STEPS
    ]
    return row


# --- mesa.batch_run ---------------------------------------------------------------------


def test_batch_run_gives_a_row_per_run_and_week(rows):
    assert len(rows) == len(PULLS) * len(SEEDS) * STEPS
    assert {r["RunId"] for r in rows} == set(range(len(PULLS) * len(SEEDS)))
    assert sorted({r["Step"] for r in rows}) == list(range(1, STEPS + 1))


def test_batch_run_rows_carry_parameters_and_reporters(rows):
    for row in rows:
        assert {"RunId", "iteration", "Step", "students", "labour_market_pull", "rng"} <= set(row)
        assert set(REPORTERS) <= set(row)
        assert row["students"] == 200
    assert {r["labour_market_pull"] for r in rows} == set(PULLS)
    assert {r["rng"] for r in rows} == set(SEEDS)
    # the week reporter counts from 0, Mesa's Step from 1
    assert all(r["week"] == r["Step"] - 1 for r in rows)


def test_batch_run_same_seed_same_numbers(rows):
    again = _batch([SEEDS[0]])
    first = [r for r in rows if r["rng"] == SEEDS[0]]
    key = ("labour_market_pull", "Step", *REPORTERS)
    assert [tuple(r[k] for k in key) for r in again] == [tuple(r[k] for k in key) for r in first]


def test_batch_run_seed_and_parameter_matter(rows):
    a = _final(rows, PULLS[0], SEEDS[0])
    assert _final(rows, PULLS[0], SEEDS[1])["mean_time_investment"] != a["mean_time_investment"]
    # more labour-market pull costs time investment (same seed, all else equal)
    assert _final(rows, PULLS[1], SEEDS[0])["mean_time_investment"] < a["mean_time_investment"]


# --- SolaraViz model_params -------------------------------------------------------------


def test_model_params_pass_mesas_own_check():
    _check_model_params(DropoutModel.__init__, app.model_params)
    _check_model_params(app.model, app.model_params)  # as ModelCreator calls it


def test_mesas_check_is_not_vacuous():
    # DropoutModel's signature has no **kwargs, so Mesa can and does reject unknown names
    kinds = {p.kind for p in inspect.signature(DropoutModel.__init__).parameters.values()}
    assert inspect.Parameter.VAR_KEYWORD not in kinds
    with pytest.raises(ValueError, match="Invalid model parameter"):
        _check_model_params(DropoutModel.__init__, {**app.model_params, "no_such_lever": 1})


def test_solaraviz_page_object_builds_and_renders():
    page = SolaraViz(
        DropoutModel(students=200, rng=3),
        components=app.COMPONENTS,
        model_params=app.model_params,
        name="compat",
    )
    assert page.component.name == "SolaraViz"
    solara.render(page, handle_error=False)
    assert app.page.component.name == "SolaraViz"


def _reset_kwargs(model, params):
    """What SolaraViz's Reset passes to the model class (ModelCreator + ModelController)."""
    user, fixed = split_model_params(params)
    values = {**fixed, **{k: v.get("value") for k, v in user.items()}}
    return _build_model_init_kwargs(
        model, values, add_scenario_when_empty=True, require_model_accepts_scenario=True
    )


def test_reset_builds_a_model_from_the_inputs_with_a_string_seed():
    kwargs = _reset_kwargs(app.model, app.model_params)
    assert "scenario" not in kwargs  # Mesa does not try to hand DropoutModel a Mesa Scenario
    assert set(kwargs) == set(app.model_params)
    assert isinstance(kwargs["rng"], str)  # an InputText value
    kwargs["rng"] = "7"
    model = type(app.model)(**kwargs)
    for _ in range(4):
        model.step()
    assert model.seed == 7
    assert model.steps == 4
    assert len(model.datacollector.get_model_vars_dataframe()) == 4
    same = DropoutModel(**{**kwargs, "rng": 7})
    for _ in range(4):
        same.step()
    assert same.datacollector.get_model_vars_dataframe().equals(
        model.datacollector.get_model_vars_dataframe()
    )


def test_reset_accepts_values_as_the_widgets_send_them():
    kwargs = _reset_kwargs(app.model, app.model_params)
    # a float slider's steps are not exact decimals; a checkbox sends a bool
    kwargs.update(
        labour_market_pull=0.1 * 7,
        students=300,
        preventive="screening",
        peer_influence=False,
        rng=" 11 ",
    )
    model = DropoutModel(**kwargs)
    model.step()
    assert model.params["labour_market_pull"] == pytest.approx(0.7)
    assert model.params["peer_influence"] is False
    assert model.seed == 11


def test_a_bad_seed_is_refused_with_a_message():
    kwargs = _reset_kwargs(app.model, app.model_params)
    with pytest.raises(ValueError, match="seed"):
        DropoutModel(**{**kwargs, "rng": "forty-two"})


def test_exactly_one_mentor_agent_per_study_mentor_and_per_coach_ever_hired():
    from vsvsim.agents import Mentor

    # Interns leave at the year start and are replaced, so turnover hires new coaches.
    model = DropoutModel(
        scenario_name="kvj_projects", students=400, rng=2, coach_type="intern", years=2
    )
    while model.running:
        model.step()
    agents = [a for a in model.agents if isinstance(a, Mentor)]
    mentors = [a for a in agents if a.kind == "mentor"]
    coaches = [a for a in agents if a.kind == "coach"]
    assert len(mentors) == model.population.n_classes
    assert model.coaching.coaches.n > 20 + 20  # turnover did hire
    assert len(coaches) == model.coaching.coaches.n
    assert sorted(a.index for a in coaches) == list(range(model.coaching.coaches.n))
    table = vsvsim.run(
        "kvj_projects", students=400, seed=2, overrides={"coach_type": "intern", "years": 2}
    ).mentors
    assert table["mentor_uid"].is_unique
    assert set(table["role"]) == {"project_coach", "study_mentor"}
    # A baseline run has no project coaches at all, hence no coach agents.
    base = DropoutModel(scenario_name="baseline", students=200, rng=0)
    assert not [a for a in base.agents if isinstance(a, Mentor) and a.kind == "coach"]
