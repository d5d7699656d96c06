"""The page: a header with the language switch, and tabs for compare, story, network, about.

:func:`Page` is the root component of every browser session; it creates the session's
state (:func:`vsvsim.app.state.use_session`), so two visitors never share a model, a
setting or a week.
"""

from __future__ import annotations

from html import escape

import solara

import vsvsim
from vsvsim.app import engine, i18n
from vsvsim.app.compare_page import ComparePage
from vsvsim.app.network_page import NetworkPage
from vsvsim.app.state import Session, use_session
from vsvsim.app.story_page import StoryPage
from vsvsim.app.widgets import CSS, lever_value_text

__all__ = ["AboutPage", "Page"]

#: The language switch shows each language by its own name.
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


@solara.component
def AboutPage(s: Session):
    """What the model is, and every setting with its default and unit."""
    lang = s.lang.value
    solara.HTML(tag="p", unsafe_innerHTML=escape(i18n.t("about_text", lang)))
    solara.HTML(tag="h3", unsafe_innerHTML=escape(i18n.t("all_params", lang)))
    head = "".join(
        f"<th>{escape(i18n.t(k, lang))}</th>"
        for k in ("param_col", "default_col", "unit_col", "meaning_col")
    )
    rows = [f"<tr>{head}</tr>"]
    for name, p in vsvsim.PARAMETERS.items():
        default = lever_value_text(name, p.default, lang)
        if p.kind not in (str, bool):
            default = default.split(" ")[0]  # the unit has a column of its own
        cells = (i18n.label(name, lang), default, i18n.unit(name, lang), i18n.help_text(name, lang))
        rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    solara.HTML(tag="table", unsafe_innerHTML="".join(rows), classes=["vsv-table"])


@solara.component
def Page():
    """The app (one per browser session)."""
    s = use_session()
    lang = s.lang.value
    solara.Title(i18n.t("title", lang))
    solara.Style(CSS)
    with solara.Column(style={"padding": "8px 20px"}, classes=["vsv-page"]):
        with solara.Row(
            style={"align-items": "center", "justify-content": "space-between", "flex-wrap": "wrap"}
        ):
            solara.HTML(tag="h2", unsafe_innerHTML=escape(i18n.t("title", lang)))
            with solara.Row(style={"align-items": "center"}):
                solara.Text(i18n.t("language", lang) + ":")
                with solara.ToggleButtonsSingle(value=s.lang, classes=["vsv-lang"]):
                    for code in i18n.LANGUAGES:
                        solara.Button(LANGUAGE_NAMES[code], value=code)
        solara.Text(i18n.t("subtitle", lang))
        with solara.lab.Tabs(value=s.tab, lazy=True):
            with solara.lab.Tab(i18n.t("tab_compare", lang)):
                ComparePage(s)
            with solara.lab.Tab(i18n.t("tab_story", lang)):
                StoryPage(s)
            with solara.lab.Tab(i18n.t("tab_network", lang)):
                NetworkPage(s)
            with solara.lab.Tab(i18n.t("tab_about", lang)):
                AboutPage(s)


def _hide_banner() -> None:
    """Hide Solara's "This website runs on Solara" banner (English on a Dutch page).

    The page template reads the setting per request, after this module is loaded.
    """
    try:
        import solara.server.settings
    except ImportError:  # pragma: no cover - solara without its server part
        return
    solara.server.settings.theme.show_banner = False


_hide_banner()
engine.start_precompute()
