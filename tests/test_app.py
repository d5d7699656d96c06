"""The browser app without a browser: texts, input checks, computations, files, rendering.

The end-to-end checks in a real browser are in ``tests/test_app_browser.py`` (slow).
"""

from __future__ import annotations

import html
import importlib
import io
import os
import re
import string
import sys
import time
import zipfile
from pathlib import Path

import ipyvuetify as v
import ipywidgets
import pandas as pd
import pytest
import solara

import vsvsim
from vsvsim import compare as cmp
from vsvsim.app import engine, files, i18n
from vsvsim.app.engine import InputProblem, Slot
from vsvsim.cli import main as cli_main
from vsvsim.coaching import ACTIONS, GOALS
from vsvsim.core.state import Status
from vsvsim.scenario import ScenarioError, available

# The app computes its default comparison in the background when its page module is
# imported; not in the tests (small settings, and no files in the user's cache folder).
os.environ["VSVSIM_APP_PRECOMPUTE"] = "0"
os.environ.setdefault("VSVSIM_APP_CACHE", str(Path(__file__).parent / ".app-cache-unused"))

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
app_words = importlib.import_module("app_words")

BAD_SEEDS = ["abc", "-5", "3.7", "", "1e3", "  ", "4e", "0x10", "٣", "1 000"]


# --- the entry point ----------------------------------------------------------------------


def test_app_py_serves_the_new_page():
    app = importlib.import_module("app")
    from vsvsim.app.main import Page

    assert app.Page is Page


def test_vsvsim_app_listens_on_localhost_by_default(capsys):
    from vsvsim.app.serve import server_command

    cmd = server_command()
    assert cmd[cmd.index("--host") + 1] == "127.0.0.1"
    assert "vsvsim.app.main" in cmd and "--production" in cmd
    with pytest.raises(SystemExit) as done:
        cli_main(["app", "--help"])
    assert done.value.code == 0
    assert "127.0.0.1" in capsys.readouterr().out


# --- translations -------------------------------------------------------------------------


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_text_is_in_both_languages_with_the_same_fields():
    for key, entry in i18n.TEXTS.items():
        assert set(entry) == set(i18n.LANGUAGES), key
        assert all(entry[lang].strip() for lang in i18n.LANGUAGES), key
        assert _fields(entry["nl"]) == _fields(entry["en"]), key


def test_every_parameter_has_a_label_in_both_languages():
    assert set(i18n.PARAM_LABELS) == set(vsvsim.PARAMETERS)
    for name, (nl, en) in i18n.PARAM_LABELS.items():
        assert nl.strip() and en.strip(), name
        assert i18n.label(name, "nl") == nl and i18n.label(name, "en") == en
    differ = sum(nl != en for nl, en in i18n.PARAM_LABELS.values())
    assert differ >= 0.9 * len(i18n.PARAM_LABELS)  # translated, not copied


class _LaterModule(vsvsim.Mechanism):
    """A module a user registers after the app was written (docs/extending.md)."""

    name = "later_module"
    title = "A mechanism the app has no texts for"
    source = "test"
    default_on = False
    params = (
        vsvsim.Param("later_rate", "strengths", 0.1, 0.0, 1.0, unit="later units", doc="Rate"),
    )

    @staticmethod
    def update(s, p, w, d):
        pass


def test_a_parameter_registered_later_shows_by_its_name(no_precompute):
    with vsvsim.registered(_LaterModule, after="peer_influence"):
        for lang in i18n.LANGUAGES:
            assert i18n.label("later_rate", lang) == "later_rate"
            assert i18n.unit("later_rate", lang) == "later units"
        box, rc = _page("en")
        rc.find(v.Tabs).widget.v_model = 3  # the about tab lists every parameter
        text = " ".join(_texts(box))
        assert "later_rate" in text and "later units" in text
    assert "later_rate" not in vsvsim.PARAMETERS and "later_rate" not in i18n.PARAM_LABELS


def test_every_lever_has_a_meaning_in_both_languages():
    for name in (*engine.LEVERS, *engine.MECHANISMS, "intake_week"):
        assert i18n.help_text(name, "nl").strip(), name
        assert i18n.help_text(name, "en") == vsvsim.PARAMETERS[name].doc


def test_every_parameter_has_a_meaning_in_dutch():
    assert set(i18n.DOCS_NL) == set(vsvsim.PARAMETERS)
    for name, p in vsvsim.PARAMETERS.items():
        assert i18n.help_text(name, "nl").strip() and i18n.help_text(name, "nl") != p.doc, name


def test_every_unit_choice_scenario_and_outcome_is_translated():
    assert {p.unit for p in vsvsim.PARAMETERS.values()} <= set(i18n.UNITS)
    for name, p in vsvsim.PARAMETERS.items():
        for c in p.choices or ():
            assert all(i18n.CHOICES[name, c]), (name, c)
    assert set(available()) <= set(i18n.SCENARIOS)
    assert set(cmp.METRICS) <= set(i18n.METRICS)
    assert set(ACTIONS) == set(i18n.ACTIONS) and set(GOALS) == set(i18n.GOALS)
    assert set(Status.NAMES) == set(i18n.STATUSES)
    for table in (engine.STORY_LABELS, engine.LOOP_LABELS, engine.MIX_LABELS):
        for entry in table.values():
            assert set(entry) == set(i18n.LANGUAGES) and all(entry.values())
    assert set(engine.STORY_LABELS) == set(engine.STORY_KINDS)
    assert set(engine.LOOP_LABELS) == set(engine.LOOPS)
    assert set(engine.MIX_LABELS) == set(engine.MIXES)


def test_no_code_words_in_dutch_texts():
    for text in app_words._strings("nl"):
        assert not re.search(r"\w_\w", text), text


def test_number_formats_follow_the_language():
    assert i18n.fmt_pct(0.0612, "nl") == "6,1%" and i18n.fmt_pct(0.0612, "en") == "6.1%"
    assert i18n.fmt_number(1234567.5, "nl", 1) == "1.234.567,5"
    assert i18n.fmt_number(1234567.5, "en", 1) == "1,234,567.5"
    assert i18n.fmt_eur(32808.2, "nl") == "€ 32.808"
    assert i18n.fmt_metric(float("nan"), "eur", "nl") == "-"
    # a small negative that rounds to zero is written without a sign (seen as "-0 – 0")
    assert i18n.fmt_number(-0.2, "nl") == "0" and i18n.fmt_pct(-0.0004, "en") == "0.0%"
    assert i18n.fmt_number(-0.6, "nl") == "-1" and i18n.fmt_number(-1234.4, "nl") == "-1.234"


# --- input checks -------------------------------------------------------------------------


@pytest.mark.parametrize("text", BAD_SEEDS)
def test_a_bad_seed_gets_a_message_in_both_languages(text):
    with pytest.raises(InputProblem) as err:
        engine.parse_whole(text, "seed_input", 0, engine.MAX_SEED)
    nl, en = err.value.message("nl"), err.value.message("en")
    assert nl.startswith("Seed (startgetal") and en.startswith("Seed (start of")
    if text.strip():
        assert text.strip() in nl and text.strip() in en
    assert "4.294.967.295" in nl or "geheel getal" in nl


def test_whole_numbers_are_read_and_caps_explained():
    assert engine.parse_whole(" 42 ", "seed_input", 0, engine.MAX_SEED) == 42
    assert engine.parse_whole("0", "seed_input", 0, engine.MAX_SEED) == 0
    with pytest.raises(InputProblem) as err:
        engine.parse_whole("6000", "students_input", 50, 5_000_000, cap=engine.MAX_STUDENTS)
    assert err.value.key == "err_cap"
    assert "5.000" in err.value.message("nl") and "vsvsim compare" in err.value.message("en")
    with pytest.raises(InputProblem) as err:
        engine.parse_whole("9" * 40, "seed_input", 0, engine.MAX_SEED)
    assert err.value.key == "err_range"


# --- comparisons --------------------------------------------------------------------------


def test_a_chosen_scenario_runs_with_its_own_settings():
    specs = engine.build_specs(
        [Slot("baseline"), Slot("preventive_screening"), Slot("integrated")],
        None,
        students=200,
        replications=1,
    )
    assert specs["baseline"].params["preventive"] == "none"
    assert specs["preventive_screening"].params["preventive"] == "screening"
    assert specs["integrated"].params["after_leaving"] == "continue"
    assert all(s.params["students"] == 200 and s.params["years"] == 2 for s in specs.values())


def test_levers_and_a_scenario_picked_twice():
    base = vsvsim.load_scenario("preventive_screening")
    slot = Slot("preventive_screening").with_lever("coaches", 5, base)
    assert slot.overrides == (("coaches", 5),)
    assert slot.with_lever("coaches", base.params["coaches"], base).overrides == ()
    specs = engine.build_specs(
        [Slot("preventive_screening"), slot], None, students=200, replications=1
    )
    assert list(specs) == ["preventive_screening", "preventive_screening (2)"]
    assert specs["preventive_screening (2)"].params["coaches"] == 5
    assert i18n.scenario_label("preventive_screening (2)", "nl") == "Preventief na screening (2)"
    with pytest.raises(InputProblem):
        engine.build_specs([slot], None, students=200, replications=1)
    with pytest.raises(ScenarioError, match="coaches"):
        engine.build_specs(
            [Slot("baseline"), Slot("baseline", (("coaches", -1),))],
            None,
            students=200,
            replications=1,
        )


@pytest.fixture(scope="module")
def small():
    slots = [Slot("baseline"), Slot("preventive_screening", (("coach_type", "intern"),))]
    specs = engine.build_specs(slots, None, students=200, replications=2)
    return specs, engine.run_chunked(specs, replications=2, seed=3)


def test_the_app_table_equals_run_comparison(small):
    specs, comp = small
    direct = cmp.run_comparison(specs, replications=2, seed=3)
    pd.testing.assert_frame_equal(comp.table, direct.table)
    pd.testing.assert_frame_equal(comp.replications, direct.replications)
    pd.testing.assert_frame_equal(comp.timing, direct.timing.reset_index(drop=True))


def test_the_app_table_equals_vsvsim_compare(tmp_path):
    slots = [Slot("baseline"), Slot("curative")]
    specs = engine.build_specs(slots, None, students=150, replications=2)
    comp = engine.run_chunked(specs, replications=2, seed=5)
    command = engine.cli_command(slots, 150, 2, 5, "standard")
    assert command == (
        "uv run vsvsim compare baseline curative --students 150 --replications 2 --seed 5"
    )
    args = [*command.split()[3:], "--out", str(tmp_path)]
    assert cli_main(args) == 0
    cli = pd.read_csv(tmp_path / "comparison.csv", index_col="scenario")
    metrics = [m for m in cmp.METRICS if m in comp.table.columns]
    pd.testing.assert_frame_equal(
        cli[metrics], comp.table[metrics], check_dtype=False, check_names=False
    )


def test_a_comparison_reports_progress_can_be_cancelled_and_is_remembered(small):
    specs, comp = small
    seen = []
    again = engine.run_chunked(specs, replications=2, seed=3, progress=lambda d, t: seen.append(d))
    assert again is comp and seen == [2]
    fresh = engine.build_specs(
        [Slot("baseline"), Slot("curative")], None, students=100, replications=3
    )
    calls = []
    with pytest.raises(engine.Cancelled):
        engine.run_chunked(
            fresh,
            replications=3,
            seed=11,
            progress=lambda d, t: calls.append(d),
            cancelled=lambda: len(calls) >= 1,
        )
    assert calls == [1]


def test_comparison_html_carries_exact_values_and_translations(small):
    from vsvsim.app.compare_page import comparison_figure, table_html

    _, comp = small
    html = table_html(comp, "nl", show_ew=False)
    value = float(comp.table.at["preventive_screening", "dropout_rate"])
    assert f"data-value='{value!r}'" in html
    assert "Uitval" in html and "Preventief na screening" in html and "ew_hits" not in html
    assert i18n.fmt_pct(value, "nl") in html
    assert "Dropout" in table_html(comp, "en", show_ew=True)
    fig = comparison_figure(comp, "nl")
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert i18n.t("fig_dropout", "nl") in titles and i18n.t("fig_cost", "nl") in titles


# --- files --------------------------------------------------------------------------------


def test_a_scenario_file_round_trips_through_the_loader(small):
    specs, _ = small
    spec = specs["preventive_screening"]
    text = files.scenario_toml(spec, seed=3, replications=2)
    back = files.read_upload("mine.toml", text.encode())
    assert dict(back.params) == dict(spec.params)
    assert back.params["coach_type"] == "intern" and back.params["students"] == 200


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"name = \n", "not valid TOML"),
        (b"[coaching]\nno_such_lever = 1\n", "no_such_lever"),
        (b"[coaching]\ncoaches = -3\n", "coaches"),
        (b"[cohort]\nshare_level_1 = 0.9\n", "add up to 1"),
    ],
)
def test_a_broken_upload_gets_the_loaders_message(content, match):
    with pytest.raises(ScenarioError, match=match):
        files.read_upload("broken.toml", content)


def test_an_upload_that_is_not_text_or_too_big_is_refused():
    with pytest.raises(files.UploadProblem) as err:
        files.read_upload("x.toml", b"\xff\xfe\x00binary")
    assert err.value.key == "upload_not_text"
    with pytest.raises(files.UploadProblem) as err:
        files.read_upload("x.toml", b"#" * (files.MAX_UPLOAD_BYTES + 1))
    assert err.value.key == "upload_too_big"


def test_downloads(small):
    specs, comp = small
    assert files.comparison_csv(comp).decode().startswith("scenario,")
    assert pd.read_parquet(io.BytesIO(files.comparison_parquet(comp))).equals(comp.table)
    with zipfile.ZipFile(io.BytesIO(files.comparison_zip(comp, specs))) as archive:
        names = set(archive.namelist())
    assert {"comparison.csv", "comparison.parquet", "replications.parquet"} <= names
    assert {"scenarios/1_baseline.toml", "scenarios/2_preventive_screening.toml"} <= names


# --- stories ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def story():
    return engine.story_run(vsvsim.load_scenario("preventive_screening"), 600, 2)


def _rows(story, student):
    weekly = story.result.weekly
    return weekly[weekly["student_id"] == student].set_index("week")


def test_students_picked_by_kind(story):
    s = story.result.students.set_index("student_id")
    start = story.result.weekly.query("week == 0").set_index("student_id")["commitment"]
    keen = engine.pick_students(story, "keen_leaver")
    assert keen and all(s.at[i, "outcome"] == "school_leaver" for i in keen)
    assert all(start[i] > start.median() for i in keen)
    assert all(s.at[i, "outcome"] == "switcher" for i in engine.pick_students(story, "switcher"))
    stayers = engine.pick_students(story, "coached_stayer")
    assert stayers and all(s.at[i, "coached"] for i in stayers)
    assert all(s.at[i, "outcome"] not in ("switcher", "school_leaver") for i in stayers)


def test_a_what_if_replays_the_same_student_on_the_same_draws(story):
    same = engine.story_run(story.scenario, 600, 2, {})
    pd.testing.assert_frame_equal(same.result.weekly, story.result.weekly)
    coached = engine.pick_students(story, "coached_stayer")[0]
    late = engine.story_run(story.scenario, 600, 2, engine.whatif_overrides(story, "start", 25))
    assert late.scenario.params["intake_week"] == 25
    a = _rows(story, coached)
    b = _rows(late, coached)
    assert a.loc[0, "commitment"] == b.loc[0, "commitment"]  # same student, same start
    first = lambda rows: (rows["coach_action"] != "none").idxmax()  # noqa: E731
    assert first(a) < 25 <= first(b)  # the coach comes later
    none = engine.whatif_overrides(story, "nocoach")
    assert none["preventive"] == "none" and none["curative"] is False
    assert engine.whatif_overrides(story, "mechanism", mechanism="peer_influence") == {
        "peer_influence": False
    }


def test_narration_and_loops_for_every_week(story):
    from vsvsim.app.story_page import loop_figure, narrate, outcome_text

    sid = engine.pick_students(story, "keen_leaver")[0]
    rows = _rows(story, sid)
    loops = {engine.driving_loop(rows, w) for w in rows.index}
    assert loops <= set(engine.LOOPS) and "left" in loops and len(loops) >= 3
    for lang in i18n.LANGUAGES:
        sentences = [x for w in rows.index for x in narrate(rows, w, lang)]
        assert all(x.endswith(".") for x in sentences)
        assert app_words.english_on_dutch_page(" ".join(sentences)) == [] or lang == "en"
    assert "schoolverlater" in outcome_text(rows, "nl")
    fig, loop = loop_figure(rows, 3, "nl")
    assert loop in engine.LOOPS and fig.axes[0].get_title(loc="left").startswith("Terugkoppel")


def test_network_positions_once_per_cohort(story):
    src, dst, pos = engine.friend_network(story)
    assert engine.friend_network(story)[2] is pos
    ids = set(story.result.students["student_id"])
    assert ids <= set(pos) and len(src) == len(dst) > 0
    coaches = set(story.result.students["coach_id"].dropna().astype(int))
    assert {("coach", c) for c in coaches} <= set(pos)


# --- rendering ----------------------------------------------------------------------------


def _texts(widget) -> list[str]:
    """Every text a widget tree shows (the command-line hint, code, left out)."""
    if "vsv-cli" in str((getattr(widget, "attributes", None) or {}).get("class", "")):
        return []
    out = []
    for name in ("unsafe_innerHTML", "label", "description", "value"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            out.append(html.unescape(re.sub(r"<[^>]+>", " ", value)))
    for item in getattr(widget, "items", None) or []:
        if isinstance(item, dict) and "text" in item:
            out.append(str(item["text"]))
    for child in getattr(widget, "children", None) or []:
        if isinstance(child, ipywidgets.Widget):
            out.extend(_texts(child))
        elif not str(child).startswith("mdi-"):  # icon names are not shown as text
            out.append(str(child))
    return out


@pytest.fixture
def no_precompute(monkeypatch):
    monkeypatch.setenv("VSVSIM_APP_PRECOMPUTE", "0")


def _settle(box, timeout: float = 60.0) -> None:
    """Wait until the compare tab's first-screen task has finished.

    That task runs in a thread and re-renders the page when it ends; a change a test
    makes while it still runs can be lost under load (seen in CI), so tests interact
    with the page only once the "still computing" note has gone.
    """
    note = i18n.t("precomputing", "nl")
    deadline = time.monotonic() + timeout
    while note in " ".join(_texts(box)):
        assert time.monotonic() < deadline, "the first-screen task did not finish"
        time.sleep(0.02)


def _page(lang: str):
    from vsvsim.app.main import Page

    box, rc = solara.render(Page(), handle_error=False)
    _settle(box)
    if lang != "nl":
        toggle = rc.find(v.BtnToggle).widget
        toggle.v_model = 1  # the second button: English
    return box, rc


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_page_renders_in_each_language(lang, no_precompute):
    box, _ = _page(lang)
    text = " ".join(_texts(box))
    assert i18n.t("title", lang) in text and i18n.t("tab_story", lang) in text
    assert i18n.scenario_label("preventive_screening", lang) in text
    if lang == "nl":
        assert app_words.english_on_dutch_page(text) == []
    else:
        assert "Compare" in text


def test_every_tab_in_dutch_has_no_english_words(no_precompute):
    box, rc = _page("nl")
    tabs = rc.find(v.Tabs).widget
    for k in range(1, 4):  # story, network, about (the compare tab is checked above)
        tabs.v_model = k
        text = " ".join(_texts(box))
        assert app_words.english_on_dutch_page(text) == [], k
    assert i18n.label("realisation_tolerance", "nl") in text  # the about tab's table


def test_two_pages_do_not_share_state(no_precompute):
    box1, rc1 = _page("nl")
    box2, _ = _page("nl")
    field = next(w for w in rc1.find(v.TextField).widgets if w.label.startswith("Aantal studenten"))
    field.v_model = "abc"
    field.fire_event("focusout", {})
    text1, text2 = " ".join(_texts(box1)), " ".join(_texts(box2))
    assert "'abc' is geen geheel getal" in text1
    assert "'abc'" not in text2
