"""Mesa's SolaraViz page around one model: watch a cohort drift towards or away from leaving.

The app for policymakers and trainers is :mod:`vsvsim.app.main` (``uv run vsvsim app``);
this page is kept because it shows the model working with Mesa's own visualisation.

Run it with::

    uv run solara run vsvsim/app/mesa_view.py

and open the address it prints. The sidebar (Mesa's SolaraViz) holds the policy levers:
cohort size, labour-market pull, school climate, outside stress, the coaching programme
and its capacity, regular mentoring, and the nine mechanism switches. Change them and
press *Reset* to start a new model with them; *Step* and the play button advance it one
week at a time (52 weeks per school year).

Language: labels are Dutch by default. Set the environment variable ``VSVSIM_LANG`` to
``en`` for English (``VSVSIM_LANG=en uv run solara run vsvsim/app/mesa_view.py``) or
``nl`` for Dutch.
It is read once when the app starts; any other value stops the app with a message. (A
toggle inside the page is not offered: SolaraViz builds its parameter inputs from the
fixed ``model_params`` dict, so they could not follow a switch. Mesa's own controls,
"Reset", "Step", "Controls" and so on, are always in English.)

The sidebar's inputs are generated from :data:`vsvsim.params.PARAMETERS` (type, range,
choices, default); their keys are :class:`~vsvsim.mesa_model.DropoutModel` keyword names, so
Reset builds ``DropoutModel(**values)``. The chosen scenario supplies every parameter that
has no input here; the values in the sidebar take precedence over the scenario's for the
ones that do (the information panel lists where they differ). Mesa's sliders show no
numbers; the second tab ("Page 1") lists every input's meaning, range and current value.

Known limits, all Mesa's or Solara's: the first model is created when the app starts and
is shared by every browser tab until that tab presses Reset; the plots sit in Solara's
draggable grid, which needs ipyvuetify 1.x (Vue 2) - its Vue 2 grid library fails to load
under ipyvuetify 3, leaving the plot area empty - so the dev dependencies pin
``ipyvuetify<3``; the page's JavaScript comes from a CDN through Solara's asset proxy
(offline, prime the proxy's cache first: ``tests/browser_check.py --prime-only``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from html import escape
from typing import Any

import numpy as np
import solara
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from mesa.visualization import SolaraViz, make_plot_component
from mesa.visualization.utils import update_counter

from vsvsim.core.state import Status
from vsvsim.mesa_model import DropoutModel
from vsvsim.params import PARAMETERS, Param
from vsvsim.scenario import available, load_scenario

__all__ = [
    "COMPONENTS",
    "LANG",
    "LANGUAGES",
    "LEVERS",
    "MECHANISMS",
    "initial_kwargs",
    "label",
    "language_from_env",
    "make_model_params",
    "model",
    "model_params",
    "page",
    "text",
]

# --- language ---------------------------------------------------------------------------

LANGUAGES: tuple[str, ...] = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LANG_ENV = "VSVSIM_LANG"


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """Return the app language from ``VSVSIM_LANG`` (``nl`` when unset or empty).

    Args:
        environ: Environment to read; ``os.environ`` when None.

    Raises:
        ValueError: If the variable holds anything but ``nl`` or ``en``.
    """
    env = os.environ if environ is None else environ
    value = env.get(LANG_ENV, "").strip().lower() or DEFAULT_LANGUAGE
    if value not in LANGUAGES:
        raise ValueError(
            f"{LANG_ENV}={env.get(LANG_ENV)!r} is not allowed; use one of: {', '.join(LANGUAGES)}"
        )
    return value


LANG = language_from_env()

# --- which parameters get an input ------------------------------------------------------

#: Every mechanism switch of the parameter table (a checkbox each).
MECHANISMS: tuple[str, ...] = tuple(n for n, p in PARAMETERS.items() if p.group == "mechanisms")

#: The policy levers shown as sliders or selects, then the mechanism checkboxes.
LEVERS: tuple[str, ...] = (
    "students",
    "labour_market_pull",
    "climate_autonomy",
    "stress_level",
    "preventive",
    "curative",
    "after_leaving",
    "coaches",
    "coach_caseload",
    "coach_contact_rate",
    "waiting_weeks",
    "mentor_contact_rate",
    *MECHANISMS,
)

#: Slider limits (low, high, step) narrower than the table's allowed range, where the
#: table's range is too wide for a slider in a page that should stay quick.
UI_LIMITS: dict[str, tuple[float, float, float]] = {
    "students": (100, 5000, 100),
    "coaches": (0, 200, 1),
}

#: Start values that differ from the scenario's (a small cohort keeps the page quick).
UI_START: dict[str, Any] = {"students": 500}

DEFAULT_SEED = "42"

# --- translation table ------------------------------------------------------------------

#: Input labels: model keyword -> {language: label}. Slider labels stay short: Mesa puts
#: them beside the slider in a narrow sidebar. Units and ranges are on the second page.
LABELS: dict[str, dict[str, str]] = {
    "scenario_name": {"nl": "Scenario", "en": "Scenario"},
    "rng": {"nl": "Seed (toevalsgetal, geheel getal)", "en": "Seed (random numbers, whole number)"},
    "students": {"nl": "Studenten", "en": "Students"},
    "labour_market_pull": {"nl": "Trek arbeidsmarkt", "en": "Labour-market pull"},
    "climate_autonomy": {"nl": "Autonomie klimaat", "en": "Autonomy climate"},
    "stress_level": {"nl": "Stress buiten school", "en": "Outside stress"},
    "preventive": {"nl": "Preventieve coaching", "en": "Preventive coaching"},
    "curative": {"nl": "Curatieve coaching (na uitval)", "en": "Curative coaching (after leaving)"},
    "after_leaving": {"nl": "Bij uitval", "en": "When a student leaves"},
    "waiting_weeks": {"nl": "Wachttijd (weken)", "en": "Waiting time (weeks)"},
    "coaches": {"nl": "Projectcoaches", "en": "Project coaches"},
    "coach_caseload": {"nl": "Studenten per coach", "en": "Students per coach"},
    "coach_contact_rate": {"nl": "Coachcontact/week", "en": "Coach contact/week"},
    "mentor_contact_rate": {"nl": "Slb-contact/week", "en": "Mentor contact/week"},
    "participation_identification_spiral": {
        "nl": "Participatie-identificatiespiraal",
        "en": "Participation-identification spiral",
    },
    "teacher_control_loop": {"nl": "Controlelus van docenten", "en": "Teacher control loop"},
    "confidence_loop": {"nl": "Zelfvertrouwenlus", "en": "Confidence loop"},
    "outside_pull_push": {"nl": "Trek en druk van buiten", "en": "Outside pull and push"},
    "delayed_realisation": {"nl": "Uitgesteld besef", "en": "Delayed realisation"},
    "gradual_abrupt_routes": {
        "nl": "Geleidelijke en abrupte routes",
        "en": "Gradual and abrupt routes",
    },
    "coach_relationship": {"nl": "Band met mentor of coach", "en": "Bond with mentor or coach"},
    "peer_influence": {"nl": "Invloed van vrienden", "en": "Peer influence"},
    "leaving_and_after": {
        "nl": "Overstappen en uitval apart",
        "en": "Switching and leaving apart",
    },
}

#: Dutch meaning of each lever (the English one is the parameter table's ``doc``).
DOCS_NL: dict[str, str] = {
    "students": "Studenten in het begincohort (de schoolpopulatie bij de start)",
    "labour_market_pull": "Krapte op de arbeidsmarkt: hoe aantrekkelijk betaald werk is "
    "vergeleken met school",
    "climate_autonomy": "Schoolklimaat: 0 volledig controlerende, 1 volledig "
    "autonomie-ondersteunende docenten",
    "stress_level": "Gemiddelde stress buiten school (thuis, schulden, huisvesting)",
    "preventive": "Preventieve coaching van studenten op school: geen, via intakescreening "
    "(oranje/rood) of via het vroegsignaal",
    "curative": "Curatieve coaching van voortijdig schoolverlaters na uitval, gericht op "
    "terugkeer of werk",
    "after_leaving": "Bij uitval: overdracht aan een curatieve coach (vertrouwen begint bij "
    "nul) of dezelfde coach gaat door (geïntegreerd)",
    "waiting_weeks": "Weken tussen aanmelding en start van de coaching (matching komt erbij)",
    "coaches": "Aantal projectcoaches",
    "coach_caseload": "Maximaal aantal studenten per coach",
    "coach_contact_rate": "Kans per week op een contact met de projectcoach",
    "mentor_contact_rate": "Kans per week dat de studieloopbaanbegeleider (slb'er) een "
    "student spreekt",
    "participation_identification_spiral": "Meedoen en betrokkenheid versterken elkaar",
    "teacher_control_loop": "Lage betrokkenheid lokt controle door docenten uit, wat "
    "basisbehoeften frustreert",
    "confidence_loop": "Zelfvertrouwen uit succes, gekleurde waarneming, locus of control",
    "outside_pull_push": "Betaald werk trekt, stress buiten school duwt energie weg van school",
    "delayed_realisation": "Betrokken studenten vangen tegenslag op tot de spanning zich opstapelt",
    "gradual_abrupt_routes": "Flikkeren vóór geleidelijke uitval; abrupte uitval na "
    "ingrijpende gebeurtenissen",
    "coach_relationship": "Band met en ervaren steun van de mentor of coach",
    "peer_influence": "Aanwezigheid, betrokkenheid en vertrek van vrienden; populariteit",
    "leaving_and_after": "Overstappers en voortijdig schoolverlaters als aparte processen; "
    "terugkeer",
}

#: Data series (DataCollector model reporters) -> {language: label}.
SERIES: dict[str, dict[str, str]] = {
    "enrolled": {"nl": "Ingeschreven", "en": "Enrolled"},
    "switchers": {"nl": "Overstappers", "en": "Switchers"},
    "school_leavers": {"nl": "Voortijdig schoolverlaters", "en": "School leavers"},
    "diplomas": {"nl": "Diploma's", "en": "Diplomas"},
    "mean_commitment": {"nl": "Betrokkenheid", "en": "Commitment"},
    "mean_time_investment": {"nl": "Tijdsinvestering", "en": "Time investment"},
    "mean_confidence": {"nl": "Zelfvertrouwen", "en": "Confidence"},
    "mean_wellbeing": {"nl": "Welbevinden", "en": "Wellbeing"},
}

HOLIDAY_NAMES: dict[str, dict[str, str]] = {
    "autumn": {"nl": "herfstvakantie", "en": "autumn holiday"},
    "christmas": {"nl": "kerstvakantie", "en": "Christmas holiday"},
    "spring": {"nl": "voorjaarsvakantie", "en": "spring holiday"},
    "may": {"nl": "meivakantie", "en": "May holiday"},
    "summer": {"nl": "zomervakantie", "en": "summer holiday"},
}

MONTHS: dict[str, tuple[str, ...]] = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}

#: Other texts of the page: key -> {language: text}. ``{...}`` fields are filled in.
TEXTS: dict[str, dict[str, str]] = {
    "title": {
        "nl": "vsvsim: voortijdig schoolverlaten in het mbo",
        "en": "vsvsim: early school leaving in Dutch mbo",
    },
    "counts_title": {"nl": "Studenten per week", "en": "Students per week"},
    "counts_left": {"nl": "ingeschreven", "en": "enrolled"},
    "counts_right": {
        "nl": "overstappers en voortijdig schoolverlaters",
        "en": "switchers and school leavers",
    },
    "week_axis": {
        "nl": "week (1 = eerste week, eind augustus)",
        "en": "week (1 = first week, late August)",
    },
    "states_title": {
        "nl": "Gemiddelde toestand van ingeschreven studenten",
        "en": "Mean state of enrolled students",
    },
    "states_y": {"nl": "gemiddelde (0-1)", "en": "mean (0-1)"},
    "holiday_band": {"nl": "vakantie", "en": "holiday"},
    "panel_title": {"nl": "Deze week", "en": "This week"},
    "not_started": {
        "nl": "Nog niet gestart. Eerste week: maandag {date}. Druk op Step of ▶.",
        "en": "Not started yet. First week: Monday {date}. Press Step or ▶.",
    },
    "week_line": {
        "nl": "<b>Week {n} van {total}</b>: maandag {date} (ISO-week {iso}, schooljaar {year})",
        "en": "<b>Week {n} of {total}</b>: Monday {date} (ISO week {iso}, school year {year})",
    },
    "holiday": {"nl": "Vakantie: {name}", "en": "Holiday: {name}"},
    "school_week": {"nl": "Lesweek (geen vakantie)", "en": "School week (no holiday)"},
    "dropout_rate": {
        "nl": "<b>Uitval: {rate}</b> van de ingestroomde studenten is ten minste één keer "
        "uitgestroomd (overgestapt of gestopt)",
        "en": "<b>Dropout rate: {rate}</b> of the students who entered have left at least "
        "once (switched or left education)",
    },
    "counts_line": {
        "nl": "Ingeschreven {enrolled}, overstappers {switchers}, voortijdig schoolverlaters "
        "{school_leavers}, diploma's {diplomas}",
        "en": "Enrolled {enrolled}, switchers {switchers}, school leavers {school_leavers}, "
        "diplomas {diplomas}",
    },
    "finished": {
        "nl": "De run is klaar (laatste week bereikt). Druk op Reset voor een nieuwe run.",
        "en": "The run is finished (last week reached). Press Reset for a new run.",
    },
    "scenario_line": {
        "nl": "Scenario <b>{name}</b>, seed {seed}",
        "en": "Scenario <b>{name}</b>, seed {seed}",
    },
    "overrides": {
        "nl": "Afwijkend van het scenario: {items}",
        "en": "Different from the scenario: {items}",
    },
    "help_title": {"nl": "Uitleg bij de instellingen", "en": "About the settings"},
    "help_note": {
        "nl": "Wijzig de instellingen in de zijbalk en druk op Reset om een nieuw model te "
        "starten; de kolom 'Nu' toont de waarden van het lopende model. Scenario en seed "
        "bepalen de overige parameters en het toeval.",
        "en": "Change the settings in the sidebar and press Reset to start a new model; the "
        "column 'Now' shows the values of the running model. The scenario and the seed set "
        "the other parameters and the randomness.",
    },
    "help_columns": {
        "nl": "Instelling|Nu|Toegestaan|Eenheid|Betekenis|Bron",
        "en": "Setting|Now|Allowed|Unit|Meaning|Source",
    },
    "on": {"nl": "aan", "en": "on"},
    "off": {"nl": "uit", "en": "off"},
}


def label(key: str, lang: str | None = None) -> str:
    """Return the input or data-series label for ``key`` in ``lang`` (the app language)."""
    table = LABELS.get(key) or SERIES[key]
    return table[lang or LANG]


def text(key: str, lang: str | None = None, **fmt: Any) -> str:
    """Return the page text ``key`` in ``lang`` (the app language), formatted with ``fmt``."""
    template = TEXTS[key][lang or LANG]
    return template.format(**fmt) if fmt else template


def _date(day: dt.date, lang: str | None = None) -> str:
    return f"{day.day} {MONTHS[lang or LANG][day.month - 1]} {day.year}"


def _month_year(day: dt.date, lang: str | None = None) -> str:
    return f"{MONTHS[lang or LANG][day.month - 1]} {day.year % 100:02d}"


def _number(value: Any, lang: str | None = None) -> str:
    """A value as shown on the page: on/off for switches, a decimal comma in Dutch."""
    if isinstance(value, bool):
        return text("on" if value else "off", lang)
    out = f"{value:g}" if isinstance(value, float) else str(value)
    return out.replace(".", ",") if (lang or LANG) == "nl" else out


def _percent(rate: float, lang: str | None = None) -> str:
    return _number(round(100 * rate, 1), lang) + "%"


# --- model_params, generated from the parameter table -----------------------------------


def _default_scenario(names: list[str]) -> str:
    return "baseline" if "baseline" in names or not names else names[0]


def _limits(p: Param) -> tuple[float, float, float | None]:
    """Slider range of a numeric parameter: the table's, narrowed by :data:`UI_LIMITS`."""
    low, high, step = UI_LIMITS.get(p.name, (p.low, p.high, None))
    return max(low, p.low), min(high, p.high), step


def _input(p: Param, value: Any, lbl: str) -> dict[str, Any]:
    """One SolaraViz input for a parameter, from its declaration."""
    if p.kind is bool:
        return {"type": "Checkbox", "value": bool(value), "label": lbl}
    if p.kind is str:
        return {"type": "Select", "value": value, "values": list(p.choices or ()), "label": lbl}
    low, high, step = _limits(p)
    if p.kind is int:
        return {
            "type": "SliderInt",
            "value": int(min(max(value, low), high)),
            "min": int(low),
            "max": int(high),
            "step": int(step or 1),
            "label": lbl,
        }
    return {
        "type": "SliderFloat",
        "value": float(min(max(value, low), high)),
        "min": float(low),
        "max": float(high),
        "step": float(step or round((high - low) / 100, 6)),
        "label": lbl,
    }


def make_model_params(lang: str | None = None) -> dict[str, dict[str, Any]]:
    """Build SolaraViz's ``model_params`` in ``lang`` (the app language when None).

    Keys are DropoutModel keywords: ``scenario_name`` (a select over the shipped
    scenarios), ``rng`` (a text seed) and the :data:`LEVERS`. Each lever's input type,
    range and choices come from :data:`vsvsim.params.PARAMETERS`; its start value is the
    default scenario's value (the table's default unless the scenario sets it), except
    where :data:`UI_START` gives a smaller start.
    """
    lang = lang or LANG
    names = available()
    start = _default_scenario(names)
    values = dict(load_scenario(start).params) if names else {}
    params: dict[str, dict[str, Any]] = {
        "scenario_name": {
            "type": "Select",
            "value": start,
            "values": names or [start],
            "label": label("scenario_name", lang),
        },
        "rng": {"type": "InputText", "value": DEFAULT_SEED, "label": label("rng", lang)},
    }
    for name in LEVERS:
        p = PARAMETERS[name]
        value = UI_START.get(name, values.get(name, p.default))
        params[name] = _input(p, value, label(name, lang))
    return params


def initial_kwargs(params: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments SolaraViz's Reset passes to DropoutModel: each input's value.

    Mesa treats a dict with a ``"type"`` as an input (its ``"value"`` is used) and
    anything else as a fixed value.
    """
    return {
        k: (v.get("value") if isinstance(v, dict) and "type" in v else v) for k, v in params.items()
    }


# --- components ------------------------------------------------------------------------

COUNT_COLOURS = {"enrolled": "tab:blue", "switchers": "tab:orange", "school_leavers": "tab:red"}
STATE_COLOURS = {
    "mean_commitment": "tab:blue",
    "mean_time_investment": "tab:green",
    "mean_confidence": "tab:purple",
    "mean_wellbeing": "tab:orange",
}
HOLIDAY_GREY = "0.9"


def _legend_below(ax: Any, handles: list[Any], names: list[str]) -> None:
    ax.legend(
        handles,
        names,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        ncols=3,
        fontsize="small",
        frameon=False,
    )


def _post_counts(ax: Any) -> None:
    """Finish Mesa's count plot: leavers on a second y axis, weeks from 1, translated labels.

    Enrolment is in the hundreds or thousands and the leavers in the tens, so switchers
    and school leavers move to a right-hand axis. Mesa numbers the rows from 0 and writes
    "Step" as the x label after this runs, so the lines are shifted to count weeks from 1
    (as the information panel does) and Mesa's label is hidden behind the translated one.
    """
    right = ax.twinx()
    top = {"left": 0.0, "right": 0.0}
    weeks = 4  # a sensible axis before the first step
    for line in list(ax.get_lines()):
        name = str(line.get_label())
        x = np.asarray(line.get_xdata(), dtype=float) + 1
        y = np.asarray(line.get_ydata(), dtype=float)
        weeks = max(weeks, len(x))
        side = "left" if name == "enrolled" else "right"
        top[side] = max(top[side], float(np.nanmax(y)) if y.size else 0.0)
        shown = label(name) if name in SERIES else name
        if side == "left":
            line.set_data(x, y)
            line.set_label(shown)
        else:
            right.plot(x, y, color=line.get_color(), label=shown)
            line.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.set_xlim(0.5, weeks + 0.5)
    ax.set_ylim(0, max(10.0, 1.1 * top["left"]))
    right.set_ylim(0, max(5.0, 1.15 * top["right"]))
    right.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(text("counts_left"))
    right.set_ylabel(text("counts_right"))
    ax.set_title(text("counts_title"))
    handles = [*ax.get_lines(), *right.get_lines()]
    _legend_below(right, handles, [str(h.get_label()) for h in handles])
    ax.xaxis.label.set_visible(False)
    ax.annotate(
        text("week_axis"),
        xy=(0.5, 0),
        xycoords="axes fraction",
        xytext=(0, -22),
        textcoords="offset points",
        ha="center",
        va="top",
    )


@solara.component
def StatePlot(model: DropoutModel):
    """Mean commitment, time investment, confidence and wellbeing of enrolled students."""
    update_counter.get()
    df = model.datacollector.get_model_vars_dataframe()
    weeks = model.calendar.weeks
    fig = Figure(figsize=(6.4, 4.2))
    ax = fig.subplots()
    for week in weeks:
        if week.holiday:
            ax.axvspan(week.index + 0.5, week.index + 1.5, color=HOLIDAY_GREY, lw=0)
    for name, colour in STATE_COLOURS.items():
        if name in df:
            ax.plot(df["week"] + 1, df[name], label=label(name), color=colour)
    ax.set_xlim(0.5, len(weeks) + 0.5)
    ax.set_ylim(0, 1)
    ax.set_ylabel(text("states_y"))
    ax.set_title(text("states_title"))
    ax.set_xlabel(text("week_axis"))
    ticks = list(range(1, len(weeks) + 1, 8 * model.p.years))
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{k}\n{_month_year(weeks[k - 1].date)}" for k in ticks], fontsize="small")
    handles, names = ax.get_legend_handles_labels()
    handles.append(Patch(color=HOLIDAY_GREY, label=text("holiday_band")))
    names.append(text("holiday_band"))
    _legend_below(ax, handles, names)
    solara.FigureMatplotlib(fig, format="png", bbox_inches="tight")


def _overrides(model: DropoutModel) -> list[str]:
    """Sidebar levers whose value in the running model differs from its scenario file."""
    source = model.scenario_spec.source
    if not source:
        return []
    scenario = load_scenario(source).params
    return [
        f"{label(name)} {_number(model.params[name])}"
        for name in LEVERS
        if model.params[name] != scenario[name]
    ]


def _paragraphs(lines: list[str], title: str) -> None:
    body = "".join(f"<p style='margin: 0 0 6px 0'>{line}</p>" for line in lines)
    solara.HTML(tag="div", unsafe_innerHTML=f"<h3 style='margin: 4px 0 8px 0'>{title}</h3>{body}")


@solara.component
def WeekPanel(model: DropoutModel):
    """The current week's date and holiday, the dropout rate and the head counts."""
    update_counter.get()
    df = model.datacollector.get_model_vars_dataframe()
    if df.empty:
        lines = [text("not_started", date=_date(model.calendar[0].date))]
        rate = 0.0
    else:
        week = model.week
        first = model.p.start_year + week.school_year
        lines = [
            text(
                "week_line",
                n=week.index + 1,
                total=len(model.calendar),
                date=_date(week.date),
                iso=week.iso_week,
                year=f"{first}-{first + 1}",
            ),
            text("holiday", name=HOLIDAY_NAMES[week.holiday][LANG])
            if week.holiday
            else text("school_week"),
        ]
        rate = float(df["dropout_rate"].iloc[-1])
    lines.append(text("dropout_rate", rate=_percent(rate)))
    status = model.state.status
    counts = {
        "enrolled": int(np.count_nonzero(status == Status.ENROLLED)),
        "switchers": int(np.count_nonzero(status == Status.SWITCHED)),
        "school_leavers": int(np.count_nonzero(status == Status.LEFT)),
        "diplomas": int(np.count_nonzero(status == Status.DIPLOMA)),
    }
    lines.append(text("counts_line", **counts))
    if not model.running:
        lines.append(f"<i>{text('finished')}</i>")
    lines.append(text("scenario_line", name=escape(model.scenario_name), seed=model.seed))
    changed = _overrides(model)
    if changed:
        lines.append(text("overrides", items=escape("; ".join(changed))))
    _paragraphs(lines, text("panel_title"))


def _allowed(p: Param) -> str:
    if p.kind is bool:
        return f"{text('on')} / {text('off')}"
    if p.choices is not None:
        return ", ".join(p.choices)
    low, high, _ = _limits(p)
    return f"{_number(low)} – {_number(high)}"


@solara.component
def ParameterHelp(model: DropoutModel):
    """A table explaining every lever: value now, allowed values, unit, meaning, source."""
    cell = "style='text-align: left; vertical-align: top; padding: 3px 8px 3px 0'"
    head = "".join(f"<th {cell}>{c}</th>" for c in text("help_columns").split("|"))
    rows = []
    for name in LEVERS:
        p = PARAMETERS[name]
        meaning = DOCS_NL.get(name, p.doc) if LANG == "nl" else p.doc
        cells = [label(name), _number(model.params[name]), _allowed(p), p.unit, meaning, p.source]
        rows.append("<tr>" + "".join(f"<td {cell}>{escape(str(c))}</td>" for c in cells) + "</tr>")
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f"<h3>{text('help_title')}</h3><p>{text('help_note')}</p>"
            f"<table style='border-collapse: collapse; font-size: 85%'><tr>{head}</tr>"
            + "".join(rows)
            + "</table>"
        ),
    )


#: The page's components as (component, page): page 0 plots, page 1 explains the inputs.
COMPONENTS: list[tuple[Any, int]] = [
    make_plot_component(COUNT_COLOURS, post_process=_post_counts),
    (StatePlot, 0),
    (WeekPanel, 0),
    (ParameterHelp, 1),
]

model_params = make_model_params()
model = DropoutModel(**initial_kwargs(model_params))

page = SolaraViz(model, components=COMPONENTS, model_params=model_params, name=text("title"))
