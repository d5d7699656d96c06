"""Which English words must not appear on a Dutch page of the app.

The vocabulary is built from the app's own English texts (every table in
``vsvsim.app.i18n`` and the parameter table's English meanings) minus every word that
also occurs in the Dutch texts ("student", "coach", "week" are Dutch too), plus the
English words Mesa and Solara put on pages by themselves. A word joined by underscores
(a code word such as ``early_warning``) is always flagged. Proper names are allowed.
"""

from __future__ import annotations

import re

from vsvsim import PARAMETERS
from vsvsim.app import engine, i18n

#: Proper names and words that are the same in both languages as used on the page.
ALLOWED = {
    "vsvsim",
    "mbo",
    "english",
    "nederlands",
    "rmc",
    "mijn",
    "school",
    "het",
    "buro",
    "plusgroep",
    "kansen",
    "voor",
    "jongeren",
    "toml",
    "csv",
    "parquet",
    "zip",
    "utf",
    "seed",
    "slb",
    "odd",
    "docs",
    "md",
    "kb",
    "entree",
    "coach",
    "coaches",
    "scenario",
}
#: English words that Mesa's or Solara's own controls would put on a page.
FRAMEWORK = {
    "controls",
    "play",
    "render",
    "reset",
    "step",
    "page",
    "time",
    "use",
    "threads",
    "upload",
    "download",
    "drop",
    "file",
    "here",
    "loading",
    "powered",
    "runs",
    "website",
    "the",
    "and",
    "none",
    "handover",
    "early",
    "warning",
    "select",
    "browse",
    "no",
    "files",
    "selected",
    "error",
    "traceback",
}

_WORD = re.compile(r"[A-Za-z][A-Za-z_]*")


def _strings(lang: str) -> list[str]:
    k = i18n.LANGUAGES.index(lang)
    out = [v[lang] for v in i18n.TEXTS.values()]
    out += [v[k] for v in i18n.PARAM_LABELS.values()]
    out += [v[k] for v in i18n.UNITS.values()]
    out += [v[k] for v in i18n.CHOICES.values()]
    out += [x for v in i18n.SCENARIOS.values() for x in v[lang]]
    out += [x for v in i18n.METRICS.values() for x in v[lang]]
    for table in (
        i18n.SERIES,
        i18n.ACTIONS,
        i18n.GOALS,
        i18n.STATUSES,
        i18n.COLOURS_RISK,
        i18n.MONTHS,
    ):
        out += [v[k] for v in table.values()]
    for table in (engine.STORY_LABELS, engine.LOOP_LABELS, engine.MIX_LABELS):
        out += [v[lang] for v in table.values()]
    if lang == "en":
        out += [p.doc for p in PARAMETERS.values()]
    else:
        out += list(i18n.DOCS_NL.values())
    # Format fields ({commitment}) are filled in, never shown.
    return [re.sub(r"\{[^}]*\}", " ", text) for text in out]


def words(text: str) -> set[str]:
    """Lower-case words of ``text`` (letters, and underscores inside a word)."""
    return {w.lower() for w in _WORD.findall(text) if len(w) > 1}


def english_only() -> set[str]:
    """English words of the app's texts that are not also Dutch words of its texts."""
    english = set().union(*(words(s) for s in _strings("en")))
    dutch = set().union(*(words(s) for s in _strings("nl")))
    return ((english - dutch) | FRAMEWORK) - ALLOWED


def english_on_dutch_page(text: str) -> list[str]:
    """English words (and code words) found in the text of a Dutch page."""
    found = words(text)
    flagged = found & english_only()
    flagged |= {w for w in found if "_" in w}
    return sorted(flagged)
