"""The app in a real browser: Debian's Chromium driven by Playwright, both languages.

One ``solara run app.py`` server for the module (a free loopback port, small settings,
no precomputed default comparison), one headless Chromium, a fresh browser context per
test (a new session). Screenshots go to ``tests/screenshots/`` (git-ignored). Skipped
when Chromium, Playwright or Solara's front-end files are not available.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pandas as pd
import pytest

from vsvsim import compare as cmp
from vsvsim.app import i18n
from vsvsim.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
browser_check = importlib.import_module("browser_check")
app_words = importlib.import_module("app_words")

pytestmark = pytest.mark.slow

SHOTS = ROOT / "tests" / "screenshots"
WAIT = 90_000  # ms; the machine may be busy
STUDENTS, REPS, SEED = "200", "2", "3"
BAD_SEEDS = ["abc", "-5", "3.7", "", "1e3"]


def expect(locator):
    """Playwright's polling assertions (imported late: Playwright may be missing)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if browser_check.find_chromium() is None:
        pytest.skip("chromium is not installed (Debian package 'chromium')")
    pytest.importorskip("playwright.sync_api", reason="playwright (dev dependency) is missing")
    try:
        browser_check.prime_assets()
    except browser_check.AssetError as err:
        pytest.skip(f"Solara's front-end files are not available offline: {err}")
    env = {
        "VSVSIM_APP_PRECOMPUTE": "0",
        "VSVSIM_APP_CACHE": str(tmp_path_factory.mktemp("app-cache")),
    }
    with browser_check.solara_server("nl", app=ROOT / "app.py", env=env) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=browser_check.find_chromium(),
            headless=True,
            args=["--headless", *browser_check.CHROMIUM_ARGS],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def session(browser, server):
    """A new browser context (its own cookie, so its own Solara session) on the page."""
    context = browser.new_context(viewport={"width": 1500, "height": 2200}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(WAIT)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(server, timeout=WAIT)
    page.locator("h2", has_text=i18n.t("title", "nl")).wait_for(state="visible")
    yield page
    assert errors == []
    context.close()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _type(page, key: str, value: str) -> None:
    box = page.locator(f"[data-input={key}] input")
    box.fill(value)
    box.press("Enter")


def _choose(page, container, option: str) -> None:
    """Open the (first) select in ``container`` and click ``option`` in its menu."""
    container.locator(".v-select__slot").first.click()
    page.locator(".menuable__content__active .v-list-item", has_text=option).first.click()


def _upload(page, path: Path) -> None:
    """Choose ``path`` in the upload button's file dialog (ipywidgets' FileUpload)."""
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=i18n.t("upload", "nl")).click()
    chooser.value.set_files(str(path))


def _small_settings(page) -> None:
    _type(page, "students", STUDENTS)
    _type(page, "replications", REPS)
    _type(page, "seed", SEED)


def _run(page, scenario: str) -> dict[tuple[str, str], float]:
    page.locator(".vsv-run").click()
    cell = page.locator(f".vsv-results td[data-scenario='{scenario}'][data-metric='dropout_rate']")
    cell.wait_for(state="visible")
    page.get_by_text(f"{int(STUDENTS)} ").first.wait_for()
    return {
        (td.get_attribute("data-scenario"), td.get_attribute("data-metric")): float(
            td.get_attribute("data-value")
        )
        for td in page.locator(".vsv-results td[data-metric]").all()
    }


def _cli(tmp_path: Path, *scenarios: str) -> pd.DataFrame:
    out = tmp_path / "cli"
    args = ["compare", *scenarios, "--students", STUDENTS, "--replications", REPS]
    assert cli_main([*args, "--seed", SEED, "--out", str(out)]) == 0
    return pd.read_csv(out / "comparison.csv", index_col="scenario")


def _dutch_text(page) -> str:
    return page.evaluate(
        "() => { const c = document.body.cloneNode(true);"
        " c.querySelectorAll('.vsv-cli, script, style').forEach(e => e.remove());"
        " return c.innerText; }"
    )


def _same(shown: dict, cli: pd.DataFrame) -> None:
    assert shown
    for (scenario, metric), value in shown.items():
        expected = float(cli.at[scenario, metric])
        assert value == pytest.approx(expected, rel=1e-12, nan_ok=True), (scenario, metric)


def test_compare_in_dutch_uses_the_scenarios_own_settings_and_equals_vsvsim_compare(
    session, tmp_path
):
    page = session
    _small_settings(page)
    third = page.locator(".vsv-slot").nth(2)
    _choose(page, third, i18n.scenario_label("integrated", "nl"))
    third.get_by_text(i18n.t("levers", "nl")).click()
    # The chosen scenario's own settings, not the previous one's or the baseline's.
    selected = third.locator("[data-lever=after_leaving] .v-select__selection")
    selected.wait_for(state="visible")
    assert selected.inner_text() == i18n.choice("after_leaving", "continue", "nl")
    selected = third.locator("[data-lever=preventive] .v-select__selection")
    assert selected.inner_text() == i18n.choice("preventive", "screening", "nl")
    shown = _run(page, "integrated")
    _same(shown, _cli(tmp_path, "baseline", "preventive_screening", "integrated"))
    cell = page.locator(".vsv-results td[data-scenario='integrated'][data-metric='dropout_rate']")
    assert cell.inner_text().startswith(i18n.fmt_pct(shown["integrated", "dropout_rate"], "nl"))
    assert "%" in cell.inner_text() and "," in cell.inner_text()  # a Dutch decimal comma
    _shot(page, "compare-nl")
    assert app_words.english_on_dutch_page(_dutch_text(page)) == []
    # The other tabs in Dutch too (the story page computes its cohort).
    for tab in ("tab_story", "tab_network", "tab_about"):
        page.get_by_role("tab", name=i18n.t(tab, "nl")).click()
        page.wait_for_timeout(300)
    page.get_by_role("tab", name=i18n.t("tab_story", "nl")).click()
    page.locator(".vsv-step").wait_for(state="visible")
    assert app_words.english_on_dutch_page(_dutch_text(page)) == []


def test_a_lever_change_in_english_runs_and_its_scenario_file_reproduces_it(session, tmp_path):
    page = session
    page.get_by_role("button", name="English").click()
    page.get_by_role("tab", name=i18n.t("tab_compare", "en")).wait_for(state="visible")
    _small_settings(page)
    second = page.locator(".vsv-slot").nth(1)
    second.get_by_text(i18n.t("levers", "en")).click()
    _choose(
        page, second.locator("[data-lever=coach_type]"), i18n.choice("coach_type", "intern", "en")
    )
    second.get_by_text(i18n.t("levers_changed", "en", n=1)).wait_for(state="visible")
    shown = _run(page, "preventive_screening")
    label = i18n.t(
        "download_scenario", "en", name=i18n.scenario_label("preventive_screening", "en")
    )
    with page.expect_download() as download:
        page.get_by_role("button", name=label).click()
    toml = tmp_path / "preventive_screening.toml"
    download.value.save_as(toml)
    assert 'coach_type = "intern"' in toml.read_text()
    cli = _cli(tmp_path, "baseline", str(toml), "curative")
    _same(shown, cli)
    with page.expect_download() as download:
        page.get_by_role("button", name=i18n.t("download_csv", "en")).click()
    table = tmp_path / "comparison.csv"
    download.value.save_as(table)
    metrics = [m for m in cmp.METRICS if m in cli.columns]
    got = pd.read_csv(table, index_col="scenario")[metrics]
    pd.testing.assert_frame_equal(got, cli[metrics], check_dtype=False)
    _shot(page, "compare-en-lever")


def test_the_story_steps_and_replays_a_what_if(session):
    page = session
    page.get_by_role("tab", name=i18n.t("tab_story", "nl")).click()
    page.locator("[data-input=story_students] input").fill("500")
    page.locator("[data-input=story_students] input").press("Enter")
    _choose(page, page.locator("[data-input=story_kind]"), "een blijver met een coach")
    step = page.locator(".vsv-step")
    for _ in range(3):
        step.click()
        page.wait_for_timeout(200)
    page.get_by_text(i18n.t("week_of", "nl", week=4, total=52, month="september")).wait_for()
    assert page.locator(".vsv-narration li").count() >= 2
    page.get_by_role("button", name=i18n.t("play", "nl"), exact=True).click()
    page.get_by_text(i18n.t("week_of", "nl", week=6, total=52, month="september")).wait_for()
    page.get_by_role("button", name=i18n.t("pause", "nl"), exact=True).click()
    page.get_by_role("button", name=i18n.t("play", "nl"), exact=True).wait_for(state="visible")
    page.locator(".vsv-replay").click()
    outcome = page.locator(".vsv-whatif-outcome")
    outcome.wait_for(state="visible")
    assert outcome.inner_text().startswith("Wat als (Coaching begint in week 10)")
    _shot(page, "story-nl-whatif")
    page.get_by_role("tab", name=i18n.t("tab_network", "nl")).click()
    page.locator(".vsv-network img").wait_for(state="visible")
    _shot(page, "network-nl")


def test_bad_seeds_and_a_broken_upload_get_a_message_and_the_page_stays(session, tmp_path):
    page = session
    _type(page, "students", "300")
    for seed in BAD_SEEDS:
        _type(page, "seed", seed)
        shown = f"'{seed}'" if seed not in ("-5",) else seed
        shown = shown if seed else "vul een geheel getal in"
        problem = page.locator("[data-input=seed] .vsv-problem", has_text=shown)
        problem.wait_for(state="visible")
        assert problem.inner_text().startswith("Seed (startgetal")
        expect(page.locator(".vsv-run")).to_be_disabled()
        assert page.locator("[data-input=students] input").input_value() == "300"  # kept
        assert "Traceback" not in page.locator("body").inner_text()
        page.locator("h2", has_text=i18n.t("title", "nl")).wait_for(state="visible")
    _shot(page, "bad-seed-nl")
    _type(page, "seed", "7")
    page.locator("[data-input=seed] .vsv-problem").wait_for(state="detached")
    expect(page.locator(".vsv-run")).to_be_enabled()
    broken = tmp_path / "broken.toml"
    broken.write_text("[coaching]\nno_such_lever = 3\n")
    _upload(page, broken)
    message = page.locator(".vsv-problem", has_text="broken.toml")
    message.wait_for(state="visible")
    assert "no_such_lever" in message.inner_text()
    assert (
        page.locator(".vsv-slot").count() == 3
        and "Traceback" not in page.locator("body").inner_text()
    )
    good = tmp_path / "mine.toml"
    good.write_text('name = "mine"\n[coaching]\npreventive = "screening"\ncoaches = 5\n')
    _upload(page, good)
    page.locator(".vsv-note", has_text="mine.toml").wait_for(state="visible")
    assert page.locator(".vsv-slot").count() == 4
    _shot(page, "upload-nl")


def test_two_sessions_do_not_affect_each_other(browser, server):
    pages = []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1400, "height": 1400})
        page = context.new_page()
        page.set_default_timeout(WAIT)
        page.goto(server, timeout=WAIT)
        page.locator("h2", has_text=i18n.t("title", "nl")).wait_for(state="visible")
        pages.append(page)
    a, b = pages
    _type(a, "students", "777")
    a.get_by_role("button", name="English").click()
    a.get_by_role("tab", name=i18n.t("tab_story", "en")).click()
    a.locator(".vsv-step").click()
    a.get_by_text("Week 2 of 52").first.wait_for()
    # b is untouched: Dutch, default cohort, week 1 of its own story.
    assert b.locator("[data-input=students] input").input_value() == "2000"
    b.get_by_role("tab", name=i18n.t("tab_story", "nl")).click()
    b.get_by_text("Week 1 van 52").first.wait_for()
    b.locator(".vsv-step").click()
    b.get_by_text("Week 2 van 52").first.wait_for()
    b.locator(".vsv-step").click()
    b.get_by_text("Week 3 van 52").first.wait_for()
    assert a.get_by_text("Week 2 of 52").first.is_visible()
    _shot(a, "session-a")
    _shot(b, "session-b")
    for page in pages:
        page.context.close()


def test_a_long_comparison_shows_progress_and_can_be_cancelled(session):
    page = session
    _type(page, "students", "3000")
    _type(page, "replications", "10")
    _type(page, "seed", "101")
    page.locator(".vsv-run").click()
    page.get_by_text("Bezig").first.wait_for(state="visible")
    page.locator(".vsv-cancel").click()
    page.locator(".vsv-note", has_text=i18n.t("cancelled", "nl")).wait_for(state="visible")
    expect(page.locator(".vsv-run")).to_be_enabled()
    assert page.locator(".vsv-results").count() == 0  # nothing half-shown
    _shot(page, "cancelled-nl")


def test_the_default_comparison_runs_over_the_posterior_in_both_languages(browser, tmp_path):
    """The page a policymaker first sees: the default comparison over the adopted posterior.

    Its own server with the background computation on (the module's server has it off);
    the default settings, so this takes about half a minute.
    """
    from vsvsim import posterior as post

    if not post.DEFAULT_POSTERIOR.is_file():
        pytest.skip("no adopted posterior in the repository")
    first_pass = post.status(post.DEFAULT_POSTERIOR) == post.FIRST_PASS
    env = {"VSVSIM_APP_PRECOMPUTE": "1", "VSVSIM_APP_CACHE": str(tmp_path / "cache")}
    with browser_check.solara_server("nl", app=ROOT / "app.py", env=env) as url:
        for lang in ("nl", "en"):
            context = browser.new_context(viewport={"width": 1500, "height": 2400})
            page = context.new_page()
            page.set_default_timeout(4 * WAIT)
            errors: list[str] = []
            page.on("pageerror", lambda err, errors=errors: errors.append(str(err)))
            page.goto(url, timeout=WAIT)
            page.locator("h2", has_text=i18n.t("title", "nl")).wait_for(state="visible")
            if lang == "en":
                page.get_by_role("button", name="English").click()
            notice = i18n.t("uncertainty_posterior", lang).split(":")[0]
            page.get_by_text(notice).first.wait_for(state="visible")
            cells = page.locator(".vsv-results td[data-metric]")
            assert cells.count() > 0
            text = page.locator(".vsv-results").inner_text()
            # every shown value carries its share from parameters
            share = i18n.t("param_share", lang).split("} ")[1]
            assert text.count(share) >= cells.count() // 2
            assert (i18n.t("uncertainty_first_pass", lang)[:30] in _dutch_text(page)) == first_pass
            assert "-0 " not in text  # a zero is written without a sign
            if lang == "nl":
                assert app_words.english_on_dutch_page(_dutch_text(page)) == []
            _shot(page, f"compare-posterior-{lang}")
            assert errors == []
            context.close()
