"""The Solara app (app.py): generated inputs, both languages, components, and the real page.

The last test is the slow end-to-end one: a real ``solara run`` server and headless
Chromium (see ``tests/browser_check.py``); it is skipped when Chromium, Playwright or
Solara's front-end files are not available.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path

import ipyvuetify as v
import ipywidgets
import pytest
import solara
from mesa.visualization.solara_viz import UserInputs

from vsvsim.core.calendar import HOLIDAYS
from vsvsim.mesa_model import DropoutModel
from vsvsim.params import PARAMETERS
from vsvsim.scenario import available

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
app = importlib.import_module("app")
browser_check = importlib.import_module("browser_check")

KEYWORDS = set(inspect.signature(DropoutModel.__init__).parameters) - {"self"}
PNG = b"\x89PNG\r\n\x1a\n"


def _html(widget) -> str:
    """All HTML text in a rendered widget tree."""
    out = [getattr(widget, "unsafe_innerHTML", "") or ""]
    for child in getattr(widget, "children", None) or []:
        if isinstance(child, ipywidgets.Widget):
            out.append(_html(child))
    return "".join(out)


def _model(steps: int = 0, **overrides) -> DropoutModel:
    model = DropoutModel(**{**app.initial_kwargs(app.model_params), **overrides})
    for _ in range(steps):
        model.step()
    return model


# --- language -----------------------------------------------------------------------------


def test_language_comes_from_the_environment():
    assert app.language_from_env({}) == "nl"
    assert app.language_from_env({"VSVSIM_LANG": ""}) == "nl"
    assert app.language_from_env({"VSVSIM_LANG": " EN "}) == "en"
    assert app.language_from_env({"VSVSIM_LANG": "nl"}) == "nl"
    with pytest.raises(ValueError, match="VSVSIM_LANG='fr' is not allowed; use one of: nl, en"):
        app.language_from_env({"VSVSIM_LANG": "fr"})
    assert app.LANG in app.LANGUAGES


# --- model_params -------------------------------------------------------------------------


def test_every_input_is_a_model_keyword():
    assert set(app.model_params) <= KEYWORDS
    assert list(app.model_params) == ["scenario_name", "rng", *app.LEVERS]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_input_has_a_dutch_and_an_english_label(lang):
    params = app.make_model_params(lang)
    assert set(params) == set(app.model_params)
    for key, spec in params.items():
        assert app.LABELS[key]["nl"].strip() and app.LABELS[key]["en"].strip(), key
        assert spec["label"] == app.LABELS[key][lang]
    assert app.make_model_params(app.LANG) == app.model_params


def test_labels_are_translated_and_short():
    nl, en = app.make_model_params("nl"), app.make_model_params("en")
    differ = [k for k in nl if nl[k]["label"] != en[k]["label"]]
    assert len(differ) >= len(nl) - 1  # only "Scenario" is the same word in both
    for key, spec in nl.items():
        if spec["type"].startswith("Slider"):  # beside the slider in a narrow sidebar
            assert len(spec["label"]) <= 22 and len(en[key]["label"]) <= 22, key


def test_levers_are_generated_from_the_parameter_table():
    for name in app.LEVERS:
        p, spec = PARAMETERS[name], app.model_params[name]
        if p.kind is bool:
            assert spec["type"] == "Checkbox" and isinstance(spec["value"], bool)
        elif p.kind is str:
            assert spec["type"] == "Select"
            assert spec["values"] == list(p.choices) and spec["value"] in p.choices
        else:
            assert spec["type"] == ("SliderInt" if p.kind is int else "SliderFloat")
            assert p.low <= spec["min"] <= spec["value"] <= spec["max"] <= p.high
            assert 0 < spec["step"] <= spec["max"] - spec["min"]
            if name not in app.UI_LIMITS:
                assert (spec["min"], spec["max"]) == (p.low, p.high)


def test_the_nine_mechanism_switches_are_checkboxes():
    mechanisms = [n for n, p in PARAMETERS.items() if p.group == "mechanisms"]
    assert len(mechanisms) == 9
    assert list(app.MECHANISMS) == mechanisms
    assert all(app.model_params[n]["type"] == "Checkbox" for n in mechanisms)


def test_scenario_and_seed_inputs():
    scenario, seed = app.model_params["scenario_name"], app.model_params["rng"]
    assert scenario["type"] == "Select" and scenario["values"] == available()
    assert scenario["value"] == ("baseline" if "baseline" in available() else available()[0])
    assert seed["type"] == "InputText" and seed["value"].isdigit()


def test_the_first_model_is_small_and_matches_the_inputs():
    assert app.model.params["students"] == app.UI_START["students"] == 500
    for key, value in app.initial_kwargs(app.model_params).items():
        if key in PARAMETERS:
            assert app.model.params[key] == value
    assert app.model.seed == int(app.DEFAULT_SEED)


def test_translation_tables_are_complete():
    for table in (app.LABELS, app.SERIES, app.HOLIDAY_NAMES, app.TEXTS):
        for key, entry in table.items():
            assert set(entry) == set(app.LANGUAGES) and all(entry.values()), key
    assert set(app.HOLIDAY_NAMES) == set(HOLIDAYS)
    assert set(app.DOCS_NL) == set(app.LEVERS)
    reporters = set(app.model.datacollector.model_reporters)
    assert set(app.COUNT_COLOURS) | set(app.STATE_COLOURS) <= reporters
    assert set(app.SERIES) <= reporters


# --- rendering ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sidebar_inputs_render_with_their_labels(lang):
    params = app.make_model_params(lang)
    _, rc = solara.render(UserInputs(params, on_change=lambda *_: None), handle_error=False)
    shown = {w.label for w in rc.find(v.Slider).widgets}
    shown |= {w.label for w in rc.find(v.Checkbox).widgets}
    shown |= {w.label for w in rc.find(v.Select).widgets}
    shown |= {w.label for w in rc.find(v.TextField).widgets}
    assert shown == {spec["label"] for spec in params.values()}


def test_page_renders_the_plots_and_the_week_panel():
    _, rc = solara.render(app.page, handle_error=False)
    grid = rc.find(v.Window).widget.children[0].children[0]
    images = [w for w in grid.items if isinstance(w, ipywidgets.Image)]
    assert len(images) == 2 and all(bytes(w.value).startswith(PNG) for w in images)
    assert app.text("panel_title") in "".join(_html(w) for w in grid.items)
    assert len(rc.find(v.Tab).widgets) == 2  # plots, and the page explaining the inputs


def test_week_panel_before_the_first_step():
    box, _ = solara.render(app.WeekPanel(_model()), handle_error=False)
    html = _html(box)
    assert (
        app.text("not_started", date="25 aug 2025" if app.LANG == "nl" else "25 Aug 2025") in html
    )


def test_week_panel_shows_date_holiday_and_dropout_rate():
    model = _model(steps=9)  # the ninth week is the autumn holiday (ISO week 43)
    assert model.week.holiday == "autumn"
    html = _html(solara.render(app.WeekPanel(model), handle_error=False)[0])
    date = "20 okt 2025" if app.LANG == "nl" else "20 Oct 2025"
    assert f"Week 9 {'van' if app.LANG == 'nl' else 'of'} 52" in html and date in html
    assert app.HOLIDAY_NAMES["autumn"][app.LANG] in html
    rate = model.datacollector.get_model_vars_dataframe()["dropout_rate"].iloc[-1]
    assert app._percent(rate) in html
    assert app.text("overrides", items=f"{app.label('students')} 500") in html


def test_week_panel_at_the_end_of_the_run():
    model = _model(steps=52)
    assert not model.running
    html = _html(solara.render(app.WeekPanel(model), handle_error=False)[0])
    assert app.text("finished") in html
    assert app.HOLIDAY_NAMES["summer"][app.LANG] in html


def test_dutch_numbers_use_a_decimal_comma():
    assert app._percent(0.0625, "nl") == "6,2%" and app._percent(0.0625, "en") == "6.2%"
    assert app._number(True, "nl") == "aan" and app._number(False, "en") == "off"


@pytest.mark.parametrize("steps", [0, 12])
def test_plots_render_as_png_before_and_after_steps(steps):
    model = _model(steps=steps)
    count_plot, page = app.COMPONENTS[0]
    assert page == 0
    for element in (count_plot(model), app.StatePlot(model)):
        _, rc = solara.render(element, handle_error=False)
        assert bytes(rc.find(ipywidgets.Image).widget.value).startswith(PNG)


def test_count_plot_puts_leavers_on_a_second_axis_with_translated_labels():
    from matplotlib.figure import Figure

    model = _model(steps=20)
    df = model.datacollector.get_model_vars_dataframe()
    ax = Figure().subplots()
    for name, colour in app.COUNT_COLOURS.items():  # what Mesa's plot component draws
        ax.plot(df.loc[:, name], label=name, color=colour)
    ax.legend()
    app._post_counts(ax)
    right = next(a for a in ax.figure.axes if a is not ax)
    assert [line.get_label() for line in ax.get_lines()] == [app.label("enrolled")]
    assert [line.get_label() for line in right.get_lines()] == [
        app.label("switchers"),
        app.label("school_leavers"),
    ]
    assert list(ax.get_lines()[0].get_xdata()) == list(range(1, 21))  # weeks from 1
    assert ax.get_title() == app.text("counts_title")


def test_parameter_help_lists_every_lever_with_its_meaning():
    html = _html(solara.render(app.ParameterHelp(app.model), handle_error=False)[0])
    for name in app.LEVERS:
        assert app.label(name) in html
    meaning = app.DOCS_NL if app.LANG == "nl" else {n: PARAMETERS[n].doc for n in app.LEVERS}
    assert meaning["labour_market_pull"] in html


# --- the real page in a browser -----------------------------------------------------------


@pytest.mark.slow
def test_page_in_headless_chromium(tmp_path):
    if browser_check.find_chromium() is None:
        pytest.skip("chromium is not installed (Debian package 'chromium')")
    pytest.importorskip("playwright.sync_api", reason="playwright (dev dependency) is missing")
    try:
        browser_check.prime_assets()
    except browser_check.AssetError as err:
        pytest.skip(f"Solara's front-end files are not available offline: {err}")
    lang, steps = "nl", 3
    expect, week = browser_check.expected_texts(lang, steps)
    shot = tmp_path / "app.png"
    with browser_check.solara_server(lang) as url:
        result = browser_check.check_page(url, expect, steps=steps, week_text=week, screenshot=shot)
    assert result["seen"] == expect
    assert result["week_seen"]
    assert result["plot_images"] >= 2, "the plots did not appear in the page's grid"
    assert result["page_errors"] == []
    assert shot.read_bytes().startswith(PNG) and shot.stat().st_size > 20_000
