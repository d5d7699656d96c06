"""The compare page (policymakers): scenarios side by side with 90% intervals and costs.

The numbers come from :func:`vsvsim.app.engine.run_chunked`, which runs
:func:`vsvsim.compare.run_comparison` one replication at a time, so they equal
``vsvsim compare`` for the same settings. Each table cell carries the exact mean in a
``data-value`` attribute (the browser test compares it with the command line's table).
The default comparison runs over posterior draws when the calibration's posterior is
adopted (:func:`vsvsim.app.engine.default_comparison`); a cell then also shows the
parameter share of the variance, and a notice above the table says whether the ranges
include parameter uncertainty or are stochastic only (:func:`uncertainty_notice`).
"""

from __future__ import annotations

from html import escape

import matplotlib

matplotlib.use("Agg")
import numpy as np
import solara
from matplotlib.figure import Figure

import vsvsim
from vsvsim import compare as cmp
from vsvsim.app import engine, files, i18n
from vsvsim.app.engine import InputProblem, Slot
from vsvsim.app.state import Session
from vsvsim.app.widgets import Choice, Help, LeverInput, Problem
from vsvsim.posterior import FIRST_PASS
from vsvsim.scenario import ScenarioError

__all__ = ["ComparePage", "comparison_figure", "table_html", "uncertainty_notice"]

#: Early-warning rows are shown only when a scenario uses the signal.
_EW = ("ew_hits", "ew_false_alarms", "ew_misses", "ew_precision", "ew_recall")
#: Scenario colours in the figures (the reference grey).
COLOURS = ("#7f8c8d", "#2e86c1", "#c0392b", "#28b463")


def _settings(s: Session) -> tuple[dict, dict[str, str]]:
    """The shared settings parsed from the text inputs, and a message per bad input."""
    values, problems = {}, {}
    checks = {
        "students": (
            s.students_text,
            "students_input",
            engine.MIN_STUDENTS,
            5_000_000,
            engine.MAX_STUDENTS,
        ),
        "replications": (
            s.replications_text,
            "replications_input",
            1,
            1000,
            engine.MAX_REPLICATIONS,
        ),
        "seed": (s.seed_text, "seed_input", 0, engine.MAX_SEED, None),
    }
    for key, (text, what, low, high, cap) in checks.items():
        try:
            values[key] = engine.parse_whole(text.value, what, low, high, cap)
        except InputProblem as err:
            problems[key] = err.message(s.lang.value)
    return values, problems


def _parameter_share(table, name: str, metric: str) -> float | None:
    """The parameter share of a metric's variance (None without a split or variance)."""
    if f"{metric}_var_param" not in table.columns:
        return None
    param = float(table.at[name, f"{metric}_var_param"])
    total = param + float(table.at[name, f"{metric}_var_stoch"])
    if not np.isfinite(total) or total <= 0:
        return None
    return param / total


def uncertainty_notice(comp: cmp.Comparison, lang: str) -> str:
    """Whether the ranges include parameter uncertainty, in ``lang``.

    With posterior draws: how many, from the calibration's posterior. Without: stochastic
    only, because no posterior is adopted or because comparisons run in the page do not
    use it (only the default comparison does).
    """
    if comp.n_draws:
        text = i18n.t("uncertainty_posterior", lang, draws=comp.n_draws, reps=comp.n_replications)
        if (comp.posterior or {}).get("status") == FIRST_PASS:
            text += " " + i18n.t("uncertainty_first_pass", lang)
        return text
    if engine.adopted_posterior() is not None:
        return i18n.t("uncertainty_own_run", lang)
    return i18n.t("uncertainty_stochastic", lang)


def table_html(comp: cmp.Comparison, lang: str, show_ew: bool) -> str:
    """The comparison as an HTML table: one row per outcome, one column per scenario.

    With posterior draws a cell also shows the parameter share of its variance.
    """
    table = comp.table
    names = list(table.index)
    with_interval = comp.n_replications > 1
    head = "".join(
        f"<th data-scenario='{escape(n)}'>{escape(i18n.scenario_label(n, lang))}"
        + (
            f"<br><span class='vsv-int'>{escape(i18n.t('reference', lang))}</span>"
            if k == 0
            else ""
        )
        + "</th>"
        for k, n in enumerate(names)
    )
    rows = [f"<tr><th>{escape(i18n.t('outcome', lang))}</th>{head}</tr>"]
    for metric, (heading, kind) in cmp.METRICS.items():
        if metric not in table.columns or (metric in _EW and not show_ew):
            continue
        # A metric the compare layer adds later shows with its English heading until it
        # is translated (tests/test_app.py fails meanwhile, so it does not stay so).
        label, explain = i18n.METRICS.get(metric, {}).get(lang, (heading, ""))
        cells = []
        for k, name in enumerate(names):
            mean = float(table.at[name, metric])
            text = i18n.fmt_metric(mean, kind, lang)
            extra = ""
            if with_interval and np.isfinite(mean):
                lo, hi = table.at[name, f"{metric}_p5"], table.at[name, f"{metric}_p95"]
                low = i18n.fmt_metric(lo, kind, lang, False)
                extra = f"{low} – {i18n.fmt_metric(hi, kind, lang, False)}"
            share = _parameter_share(table, name, metric) if np.isfinite(mean) else None
            if share is not None:
                shown = i18n.fmt_pct(share, lang, decimals=0)
                extra += (" · " if extra else "") + i18n.t("param_share", lang, share=shown)
            if metric == "cost_per_prevented_dropout" and k > 0 and not np.isfinite(mean):
                text = i18n.t("nothing_prevented", lang)
            value = repr(mean) if np.isfinite(mean) else "nan"
            cls = " class='vsv-ref'" if k == 0 else ""
            cells.append(
                f"<td{cls} data-metric='{metric}' data-scenario='{escape(name)}' "
                f"data-value='{value}'>{escape(text)}"
                + (f"<br><span class='vsv-int'>{escape(extra)}</span>" if extra else "")
                + "</td>"
            )
        rows.append(
            f"<tr><td><b>{escape(label)}</b><div class='vsv-help'>{escape(explain)}</div></td>"
            + "".join(cells)
            + "</tr>"
        )
    return "<table class='vsv-table'>" + "".join(rows) + "</table>"


def _whisker(table, metric: str, scale: float = 100.0) -> np.ndarray:
    mean = table[metric].to_numpy(float)
    lo = table[f"{metric}_p5"].to_numpy(float)
    hi = table[f"{metric}_p95"].to_numpy(float)
    return np.nan_to_num(np.vstack([mean - lo, hi - mean]).clip(min=0) * scale)


def comparison_figure(comp: cmp.Comparison, lang: str) -> Figure:
    """Four panels in the page's language: dropout, timing, a year on, cost per prevented."""
    table = comp.table
    names = list(table.index)
    labels = [i18n.scenario_label(n, lang) for n in names]
    x = np.arange(len(names))
    fig = Figure(figsize=(13, 7.2))
    axes = fig.subplots(2, 2)
    t = lambda key: i18n.t(key, lang)  # noqa: E731 - a short alias keeps the panels readable
    # (a) dropout split into school leavers and switchers, whiskers on the total
    ax = axes[0, 0]
    leavers = table["school_leaver_rate"].to_numpy(float) * 100
    switchers = table["switcher_rate"].to_numpy(float) * 100
    ax.bar(x, leavers, color="#c0392b", label=t("school_leavers"))
    ax.bar(x, switchers, bottom=leavers, color="#f5b041", label=t("switchers"))
    ax.errorbar(
        x,
        leavers + switchers,
        yerr=_whisker(table, "dropout_rate"),
        fmt="none",
        ecolor="black",
        capsize=4,
    )
    ax.set_ylabel(t("axis_pct_students"))
    ax.set_title(t("fig_dropout"), loc="left", fontsize=11)
    ax.legend(fontsize=8)
    # (b) timing by month (school-year order)
    ax = axes[0, 1]
    timing = comp.timing
    months = [m for m in cmp.MONTH_ORDER]
    for k, name in enumerate(names):
        rows = timing[timing["scenario"] == name].set_index("month").reindex(months)
        ax.plot(
            range(12),
            rows["left_share"].to_numpy(float) * 100,
            marker="o",
            ms=3,
            color=COLOURS[k % 4],
            label=labels[k],
        )
    ax.set_xticks(range(12), [i18n.month_short(m, lang) for m in months], fontsize=8)
    ax.set_ylabel(t("axis_pct_month"))
    ax.set_title(t("fig_timing"), loc="left", fontsize=11)
    ax.legend(fontsize=8)
    # (c) status a year after leaving (stacked)
    ax = axes[1, 0]
    bottom = np.zeros(len(names))
    for status, colour in zip(
        cmp.STATUS_AFTER_YEAR, ("#2e86c1", "#28b463", "#7f8c8d"), strict=True
    ):
        share = np.nan_to_num(table[f"status_after_year_{status}"].to_numpy(float)) * 100
        ax.bar(x, share, bottom=bottom, color=colour, label=t(f"status_{status}"))
        bottom += share
    ax.set_ylim(0, 118)
    ax.set_ylabel(t("axis_pct_leavers"))
    ax.set_title(t("fig_status"), loc="left", fontsize=11)
    ax.legend(fontsize=8, ncol=3, loc="upper center")
    # (d) cost per prevented dropout (not for the reference)
    ax = axes[1, 1]
    mean = table["cost_per_prevented_dropout"].to_numpy(float) / 1000
    ax.bar(x[1:], np.nan_to_num(mean[1:]), color=[COLOURS[k % 4] for k in range(1, len(names))])
    ax.errorbar(
        x[1:],
        np.nan_to_num(mean[1:]),
        yerr=_whisker(table, "cost_per_prevented_dropout", 1 / 1000)[:, 1:],
        fmt="none",
        ecolor="black",
        capsize=4,
    )
    for k in range(1, len(names)):
        text = (
            i18n.fmt_eur(mean[k] * 1000, lang) if np.isfinite(mean[k]) else t("nothing_prevented")
        )
        ax.annotate(
            text,
            (k, np.nan_to_num(mean[k])),
            ha="center",
            va="bottom",
            fontsize=8,
            xytext=(0, 3),
            textcoords="offset points",
        )
    ax.set_xlim(-0.6, len(names) - 0.4)
    ax.set_ylabel(t("axis_thousand_eur"))
    ax.set_title(t("fig_cost"), loc="left", fontsize=11)
    for ax in (axes[0, 0], axes[1, 0], axes[1, 1]):
        ax.set_xticks(x, labels, fontsize=8)
    fig.suptitle(t("whiskers"), fontsize=9, x=0.99, ha="right")
    fig.tight_layout()
    return fig


@solara.component
def SlotCard(s: Session, index: int):
    """One scenario column: which scenario, and its levers (its own values until changed)."""
    lang = s.lang.value
    slots = s.slots.value
    slot = slots[index]
    uploads = s.uploads.value
    base = engine.base_scenario(slot.scenario, uploads)
    choices = engine.policy_scenarios() + [n for n in uploads if n not in engine.policy_scenarios()]

    def set_slot(new: Slot):
        items = list(s.slots.value)
        items[index] = new
        s.slots.set(items)

    def remove():
        items = list(s.slots.value)
        del items[index]
        s.slots.set(items)

    title = i18n.t("scenario_n", lang, n=index + 1)
    if index == 0:
        title += f" ({i18n.t('reference', lang)})"
    with solara.Card(
        title, style={"min-width": "250px", "max-width": "330px"}, classes=["vsv-slot"]
    ):

        def label(n: str) -> str:
            mark = f" ({i18n.t('uploaded', lang)})" if n in uploads else ""
            return i18n.scenario_label(n, lang) + mark

        Choice(
            i18n.t("story_scenario", lang),
            slot.scenario,
            [(n, label(n)) for n in choices],
            lambda name: set_slot(Slot(name)),
        )
        if slot.scenario in i18n.SCENARIOS:
            Help(i18n.SCENARIOS[slot.scenario][lang][1])
        elif base.description:
            Help(" ".join(base.description.split()))  # an upload: its own words
        if index == 0:
            Help(i18n.t("reference_help", lang))
        changed = dict(slot.overrides)
        heading = i18n.t("levers", lang)
        if changed:
            heading += " · " + i18n.t("levers_changed", lang, n=len(changed))
        with solara.Details(heading, expand=False):
            for name in engine.LEVERS:
                value = changed.get(name, base.params[name])
                LeverInput(
                    name,
                    value,
                    lambda v, name=name: set_slot(s.slots.value[index].with_lever(name, v, base)),
                    lang,
                    name in changed,
                )
            if changed:
                solara.Button(
                    i18n.t("reset_levers", lang),
                    text=True,
                    on_click=lambda: set_slot(Slot(slot.scenario)),
                )
        if len(slots) > engine.MIN_SCENARIOS:
            solara.Button(i18n.t("remove", lang), text=True, icon_name="mdi-close", on_click=remove)


@solara.component
def Upload(s: Session):
    """Upload a scenario file; it is checked by the package's loader and put in the last column."""
    import ipywidgets

    lang = s.lang.value

    def on_value(value):
        if not value:
            return
        item = value[0]
        filename = str(item.get("name", "upload.toml"))[:80]
        try:
            spec = files.read_upload(filename, bytes(item["content"]))
        except files.UploadProblem as err:
            s.upload_message.set(("error", filename, err.key, err.fields))
            return
        except ScenarioError as err:
            s.upload_message.set(("error", filename, None, {"reason": str(err)}))
            return
        uploads = dict(s.uploads.value)
        name = spec.name
        k = 2
        while name in uploads or name in vsvsim.scenario.available():
            name, k = f"{spec.name}-{k}", k + 1
        uploads[name] = spec.__class__(name, spec.description, spec.params, spec.source)
        s.uploads.set(uploads)
        slots = list(s.slots.value)
        if len(slots) < engine.MAX_SCENARIOS:
            slots.append(Slot(name))
        else:
            slots[-1] = Slot(name)
        s.slots.set(slots)
        s.upload_message.set(("ok", filename, name, {}))

    ipywidgets.FileUpload.element(
        accept=".toml",
        multiple=False,
        description=i18n.t("upload", lang),
        on_value=on_value,
        layout=ipywidgets.Layout(width="auto"),
    )
    Help(i18n.t("upload_help", lang))
    msg = s.upload_message.value
    if msg is not None:
        kind, filename, key, fields = msg
        if kind == "ok":
            Problem(i18n.t("upload_ok", lang, name=key, file=filename), "note")
        else:
            reason = i18n.t(key, lang, **fields) if key else fields["reason"]
            Problem(i18n.t("upload_error", lang, file=filename, reason=reason))


@solara.component
def Downloads(s: Session, specs: dict, comp: cmp.Comparison):
    """Download buttons: the table (CSV, Parquet), everything (zip), each scenario file."""
    lang = s.lang.value
    with solara.Row(style={"flex-wrap": "wrap"}):
        solara.FileDownload(
            lambda: files.comparison_csv(comp),
            "comparison.csv",
            label=i18n.t("download_csv", lang),
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: files.comparison_parquet(comp),
            "comparison.parquet",
            label=i18n.t("download_parquet", lang),
        )
        solara.FileDownload(
            lambda: files.comparison_zip(comp, specs),
            "vsvsim-comparison.zip",
            label=i18n.t("download_zip", lang),
            mime_type="application/zip",
        )
    with solara.Row(style={"flex-wrap": "wrap"}):
        for k, (name, spec) in enumerate(specs.items()):
            solara.FileDownload(
                lambda spec=spec: files.scenario_toml(spec, comp.seed, comp.n_replications),
                f"{k + 1}_{name.replace(' ', '_').replace('(', '').replace(')', '')}.toml",
                label=i18n.t("download_scenario", lang, name=i18n.scenario_label(name, lang)),
                mime_type="text/plain",
            )


@solara.component
def ComparePage(s: Session):
    """The compare tab."""
    lang = s.lang.value
    values, problems = _settings(s)
    slots = s.slots.value
    settings = (
        tuple(slots),
        tuple(sorted(s.uploads.value)),
        values.get("students"),
        values.get("replications"),
        values.get("seed"),
        s.mix.value,
    )
    ready = solara.use_reactive(False)

    def wait_for_default():
        # The first screen shows the precomputed default comparison as soon as it exists.
        if s.shown.value is None:
            comp = engine.default_comparison(compute=False)
            if comp is None:
                engine.wait_precompute()
                comp = engine.default_comparison(compute=False)
            if comp is not None and s.shown.value is None:
                default = (
                    tuple(engine.default_slots()),
                    (),
                    cmp.DEFAULT_STUDENTS,
                    cmp.DEFAULT_REPLICATIONS,
                    0,
                    "standard",
                )
                specs = engine.build_specs(
                    engine.default_slots(),
                    None,
                    students=cmp.DEFAULT_STUDENTS,
                    replications=cmp.DEFAULT_REPLICATIONS,
                )
                s.shown.set((default, specs, comp))
        ready.set(True)

    solara.lab.use_task(wait_for_default, dependencies=[])

    def compute():
        task.progress = 0
        try:
            specs = engine.build_specs(
                slots,
                s.uploads.value,
                students=values["students"],
                replications=values["replications"],
                mix=s.mix.value,
            )
        except InputProblem as err:
            s.run_message.set(err.message(lang))
            return
        except ScenarioError as err:
            s.run_message.set(i18n.t("err_model", lang, reason=str(err)))
            return
        reps = values["replications"]

        def progress(done, total):
            task.progress = 100 * done / total
            progress_text.set(i18n.t("running", lang, done=done, total=total))

        try:
            comp = engine.run_chunked(
                specs,
                replications=reps,
                seed=values["seed"],
                progress=progress,
                cancelled=lambda: not task.is_current(),
            )
        except engine.Cancelled:
            return
        if task.is_current():
            s.run_message.set(None)
            s.shown.set((settings, specs, comp))

    progress_text = solara.use_reactive("")
    task = solara.lab.use_task(compute, dependencies=None)

    def cancel():
        task.cancel()
        s.run_message.set(i18n.t("cancelled", lang))

    solara.HTML(tag="p", unsafe_innerHTML=escape(i18n.t("compare_intro", lang)))
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        for k in range(len(slots)):
            SlotCard(s, k)
        with solara.Card(
            i18n.t("shared_settings", lang), style={"min-width": "250px", "max-width": "330px"}
        ):
            if len(slots) < engine.MAX_SCENARIOS:
                solara.Button(
                    i18n.t("add_scenario", lang),
                    icon_name="mdi-plus",
                    outlined=True,
                    on_click=lambda: s.slots.set(
                        [*s.slots.value, Slot(engine.policy_scenarios()[0])]
                    ),
                )
            for key, text, label, help_key, fields in (
                (
                    "students",
                    s.students_text,
                    "students_input",
                    "students_help",
                    {
                        "low": i18n.fmt_number(engine.MIN_STUDENTS, lang),
                        "high": i18n.fmt_number(engine.MAX_STUDENTS, lang),
                    },
                ),
                (
                    "replications",
                    s.replications_text,
                    "replications_input",
                    "replications_help",
                    {"high": engine.MAX_REPLICATIONS},
                ),
                (
                    "seed",
                    s.seed_text,
                    "seed_input",
                    "seed_help",
                    {"high": i18n.fmt_number(engine.MAX_SEED, lang)},
                ),
            ):
                with solara.Div(attributes={"data-input": key}):
                    solara.InputText(
                        i18n.t(label, lang),
                        value=text,
                        error=key in problems,
                        continuous_update=False,
                    )
                    if key in problems:
                        Problem(problems[key])
                    else:
                        Help(i18n.t(help_key, lang, **fields))
            Choice(
                i18n.t("mix_input", lang),
                s.mix.value,
                [(k, engine.MIX_LABELS[k][lang]) for k in engine.MIXES],
                s.mix.set,
            )
            Help(i18n.t("mix_help", lang))
            solara.Text(f"{i18n.t('years_input', lang)}: {cmp.DEFAULT_YEARS}")
            Help(i18n.t("years_help", lang))
            with solara.Row():
                solara.Button(
                    i18n.t("run", lang),
                    color="primary",
                    icon_name="mdi-play",
                    disabled=bool(problems) or task.pending,
                    on_click=lambda: task(),
                    classes=["vsv-run"],
                )
                if task.pending:
                    solara.Button(
                        i18n.t("cancel", lang),
                        icon_name="mdi-stop",
                        on_click=cancel,
                        classes=["vsv-cancel"],
                    )
            if problems:
                Problem(i18n.t("fix_first", lang))
            if task.pending:
                solara.ProgressLinear(task.progress if task.progress is not None else True)
                solara.Text(progress_text.value or i18n.t("loading", lang))
            if s.run_message.value:
                Problem(s.run_message.value, "note")
        with solara.Card(i18n.t("files", lang), style={"min-width": "250px", "max-width": "330px"}):
            Upload(s)
    shown = s.shown.value
    if shown is None:
        if not ready.value or engine.precompute_running():
            Problem(i18n.t("precomputing", lang), "note")
        return
    shown_settings, specs, comp = shown
    if shown_settings != settings and not task.pending:
        Problem(i18n.t("stale", lang), "note")
    r = comp.n_replications
    seeds = f"{comp.seed}–{comp.seed + r - 1}" if r > 1 else str(comp.seed)
    solara.HTML(
        tag="h3",
        unsafe_innerHTML=escape(
            i18n.t(
                "results_for",
                lang,
                students=i18n.fmt_number(comp.students, lang),
                years=comp.years,
                reps=r,
                seeds=seeds,
            )
        ),
    )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=escape(uncertainty_notice(comp, lang)),
        classes=["vsv-note", "vsv-uncertainty"],
    )
    show_ew = any(spec.params["preventive"] == "early_warning" for spec in specs.values())
    with solara.Div(classes=["vsv-results"]):
        solara.HTML(tag="div", unsafe_innerHTML=table_html(comp, lang, show_ew))
    Help(i18n.t("cost_footnote", lang, ref=i18n.scenario_label(comp.reference, lang)))
    solara.FigureMatplotlib(
        comparison_figure(comp, lang), dependencies=[id(comp), lang], format="png"
    )
    Downloads(s, specs, comp)
    command = engine.cli_command(
        list(shown_settings[0]), comp.students, r, comp.seed, shown_settings[5], comp.n_draws
    )
    if command:
        solara.Text(i18n.t("cli_equivalent", lang))
        solara.HTML(tag="div", unsafe_innerHTML=escape(command), classes=["vsv-cli"])
