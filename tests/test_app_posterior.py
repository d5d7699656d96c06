"""The app's default comparison with and without the calibration's posterior (issue 14, 5).

Small settings: the default comparison's cohort, years and replications are patched down
(the engine reads them from :mod:`vsvsim.compare` at every call).
"""

from __future__ import annotations

import importlib
import os
import string
import sys
from pathlib import Path

import pandas as pd
import pytest

import vsvsim.posterior as post
from vsvsim import compare as cmp
from vsvsim.app import engine, i18n
from vsvsim.app.compare_page import table_html, uncertainty_notice

os.environ["VSVSIM_APP_PRECOMPUTE"] = "0"
os.environ.setdefault("VSVSIM_APP_CACHE", str(Path(__file__).parent / ".app-cache-unused"))

VARIED = "leave_hazard_max"
NEW_KEYS = (
    "uncertainty_posterior",
    "uncertainty_stochastic",
    "uncertainty_own_run",
    "uncertainty_first_pass",
    "param_share",
)


def _write(path: Path, values) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({VARIED: list(values), "weight": 1.0}).to_parquet(path, index=False)
    return path


@pytest.fixture
def small(tmp_path, monkeypatch):
    """A small default comparison, its own cache folder and an empty memory cache."""
    monkeypatch.setattr(cmp, "DEFAULT_STUDENTS", 100)
    monkeypatch.setattr(cmp, "DEFAULT_YEARS", 1)
    monkeypatch.setattr(cmp, "DEFAULT_REPLICATIONS", 2)
    monkeypatch.setattr(engine, "DEFAULT_POSTERIOR_DRAWS", 2)
    monkeypatch.setenv("VSVSIM_APP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(engine, "_MEMO", type(engine._MEMO)())
    path = tmp_path / "inference" / "posterior.parquet"
    monkeypatch.setattr(post, "DEFAULT_POSTERIOR", path)
    return path


def _default_key() -> str:
    return engine._default_key(engine._default_specs(), engine.adopted_posterior())


def test_the_cache_key_follows_the_posteriors_content_and_k(small, monkeypatch):
    plain = _default_key()  # no file: the stochastic comparison's key
    assert engine.adopted_posterior() is None
    assert plain == engine._key(engine._default_specs(), cmp.DEFAULT_REPLICATIONS, 0)
    _write(small, [0.1, 0.3])
    first = _default_key()
    assert first != plain
    assert _default_key() == first  # the same content, the same key
    _write(small, [0.1, 0.35])  # same size, same columns, another value
    changed = _default_key()
    assert changed not in (plain, first)
    monkeypatch.setattr(engine, "DEFAULT_POSTERIOR_DRAWS", 3)
    assert _default_key() not in (plain, first, changed)
    # A file the loader refuses counts as no posterior (logged), not as a broken page.
    _write(small, [0.1, 1.5])
    assert engine.adopted_posterior() is None and _default_key() == plain


@pytest.mark.slow  # the quick subset keeps a lighter test of the same part
def test_default_comparison_with_the_posterior(small, tmp_path):
    _write(small, [0.1, 0.3, 0.2])
    comp = engine.default_comparison(compute=True)
    assert comp.n_draws == 2 and comp.n_replications == 2
    assert comp.posterior["file"] == str(small)
    assert "dropout_rate_var_param" in comp.table.columns and comp.difference is not None
    # The numbers equal the command line's `compare --posterior 2` (the same draws).
    command = engine.cli_command(engine.default_slots(), 100, 2, 0, "standard", comp.n_draws)
    assert command.endswith("--replications 2 --seed 0 --posterior 2")
    cli = cmp.compare(
        list(engine.DEFAULT_SCENARIOS),
        replications=2,
        students=100,
        years=1,
        seed=0,
        out=tmp_path / "cli",
        echo=False,
        posterior=2,
    )
    pd.testing.assert_frame_equal(comp.table, cli.table)
    # From the disk cache (memory emptied): the same tables, the draws and the split.
    engine._MEMO.clear()
    again = engine.default_comparison(compute=False)
    assert again is not None and again is not comp
    pd.testing.assert_frame_equal(again.table, comp.table)
    pd.testing.assert_frame_equal(again.difference, comp.difference)
    pd.testing.assert_frame_equal(again.draws, comp.draws)
    assert again.posterior == comp.posterior and again.n_draws == 2
    # The page: the parameter share in the cells and the notice, in both languages.
    for lang in i18n.LANGUAGES:
        html = table_html(again, lang, show_ew=False)
        assert i18n.t("param_share", lang, share="").strip() in html
        notice = uncertainty_notice(again, lang)
        assert notice == i18n.t("uncertainty_posterior", lang, draws=2, reps=2)
    # A changed posterior is never served from the old cache.
    _write(small, [0.1, 0.3, 0.25])
    engine._MEMO.clear()
    assert engine.default_comparison(compute=False) is None


def test_default_comparison_without_the_posterior(small):
    comp = engine.default_comparison(compute=True)
    assert comp.n_draws == 0 and comp.draws is None
    assert "dropout_rate_var_param" not in comp.table.columns
    for lang in i18n.LANGUAGES:
        assert uncertainty_notice(comp, lang) == i18n.t("uncertainty_stochastic", lang)
        html = table_html(comp, lang, show_ew=False)
        assert i18n.t("param_share", lang, share="").strip() not in html
    command = engine.cli_command(engine.default_slots(), 100, 2, 0, "standard", comp.n_draws)
    assert "--posterior" not in command
    # With a posterior adopted, a comparison without draws says why it has none.
    _write(small, [0.1, 0.3])
    assert uncertainty_notice(comp, "en") == i18n.t("uncertainty_own_run", "en")


def test_the_new_texts_are_in_both_languages():
    for key in NEW_KEYS:
        entry = i18n.TEXTS[key]
        assert set(entry) == set(i18n.LANGUAGES), key
        assert all(entry[lang].strip() for lang in i18n.LANGUAGES), key
        fields = [
            {f for _, f, _, _ in string.Formatter().parse(entry[x]) if f} for x in ("nl", "en")
        ]
        assert fields[0] == fields[1], key
        assert entry["nl"] != entry["en"], key
    # The Dutch notices hold no English words (the page check of tests/test_app.py).
    sys.path.insert(0, str(Path(__file__).parent))
    app_words = importlib.import_module("app_words")
    for key in NEW_KEYS:
        shown = i18n.t(key, "nl", draws=8, reps=5, share="64%")
        assert app_words.english_on_dutch_page(shown) == [], key


def test_a_first_pass_posterior_is_labelled_in_the_notice_and_the_heading():
    from types import SimpleNamespace

    from vsvsim.analysis.reporting import describe

    def comp(status):
        source = {"file": "p.parquet", "rows": 300, "seed": 0, "status": status}
        return SimpleNamespace(
            n_draws=8, n_replications=2, posterior=source, seed=0, scenarios=["a", "b"],
            students=100, years=1,
        )  # fmt: skip

    for lang in i18n.LANGUAGES:
        first = uncertainty_notice(comp(post.FIRST_PASS), lang)
        assert first.endswith(i18n.t("uncertainty_first_pass", lang))
        assert i18n.t("uncertainty_first_pass", lang) not in uncertainty_notice(
            comp("converged"), lang
        )
    assert "first pass of the calibration" in describe(comp(post.FIRST_PASS))
    assert "first pass" not in describe(comp("converged"))
    assert "first pass" not in describe(comp(None))
