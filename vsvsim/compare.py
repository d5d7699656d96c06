"""Compare scenarios over replications with common random numbers.

Replication ``i`` runs every scenario with seed ``seed + i``, so within a replication all
scenarios share the cohort and every draw the policy does not change; differences between
scenarios are the policies' effects, and the spread over replications shows how much of a
difference luck (a different cohort, different events) could make. Every reduction over
replications goes through :func:`summarise` (mean and a 90% interval: the 5th and 95th
percentile), here and in the demo.

Outputs (:func:`write_comparison`): ``replications.parquet`` (one row per scenario and
replication), ``comparison.csv`` / ``comparison.parquet`` (the summarised table),
``timing.parquet`` (share of students leaving per calendar month) and ``comparison.png``.
"""

from __future__ import annotations

import contextlib
import numbers
import shutil
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only; no screen needed
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from vsvsim.core.calendar import SchoolCalendar
from vsvsim.run import Result, run
from vsvsim.scenario import Scenario, ScenarioError, load_scenario

__all__ = [
    "METRICS",
    "Comparison",
    "compare",
    "cost_per_prevented",
    "describe",
    "footnote",
    "format_table",
    "leaving_by_month",
    "panel_dropout",
    "panel_timing",
    "plot_comparison",
    "prepare",
    "report",
    "run_comparison",
    "staged",
    "summarise",
    "write_comparison",
]

DEFAULT_REPLICATIONS = 5
DEFAULT_STUDENTS = 2000
#: Two school years, so re-entry at the next year and status a year after leaving can show.
DEFAULT_YEARS = 2

#: Metrics of the comparison table in display order: column -> (heading, format).
#: Formats: ``pct`` (a 0-1 share), ``count``, ``eur``, ``week``, ``score`` (0-1 scale).
#: Columns a run does not produce (older or newer model versions) are skipped.
METRICS: dict[str, tuple[str, str]] = {
    "dropout_rate": ("dropout", "pct"),
    "school_leaver_rate": ("school leavers", "pct"),
    "switcher_rate": ("switchers", "pct"),
    "dropout_rate_at_risk": ("dropout, at-risk group", "pct"),
    "dropout_rate_comparison": ("dropout, comparison group", "pct"),
    "diploma_rate": ("diploma", "pct"),
    "dropouts": ("dropouts (students)", "count"),
    "prevented_dropouts": ("prevented dropouts", "count"),
    "out_at_end": ("out of school at end", "pct"),
    "reentry_rate": ("re-entry (of leavers)", "pct"),
    "median_left_week": ("median week of leaving", "week"),
    "left_semester_1_share": ("left in semester 1", "pct"),
    "status_after_year_education": ("a year on: education", "pct"),
    "status_after_year_work": ("a year on: work", "pct"),
    "status_after_year_neither": ("a year on: neither", "pct"),
    "wellbeing_after_leaving": ("wellbeing after leaving", "score"),
    "ew_hits": ("early warning: hits", "count"),
    "ew_false_alarms": ("early warning: false alarms", "count"),
    "ew_misses": ("early warning: misses", "count"),
    "ew_precision": ("early warning: precision", "pct"),
    "ew_recall": ("early warning: recall", "pct"),
    "coach_hours": ("coach hours", "count"),
    "coach_cost": ("coach cost EUR", "eur"),
    "cost_per_prevented_dropout": ("EUR per prevented dropout", "eur"),
}

STATUS_AFTER_YEAR = ("education", "work", "neither")
#: Calendar months in school-year order (August first).
MONTH_ORDER = (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7)
MONTH_NAMES = {
    1: "Jan",
    2: "Feb",
    3: "Mar",
    4: "Apr",
    5: "May",
    6: "Jun",
    7: "Jul",
    8: "Aug",
    9: "Sep",
    10: "Oct",
    11: "Nov",
    12: "Dec",
}
_DROPPED = ("switcher", "school_leaver")


@dataclass
class Comparison:
    """What a comparison produces.

    Attributes:
        table: One row per scenario (index ``scenario``, in the order given): for every
            metric its mean (column named as the metric), ``<metric>_p5`` and
            ``<metric>_p95``; plus ``replications`` and ``cost_per_prevented_dropout_n``
            (replications in which something was prevented).
        replications: One row per scenario and replication: the run summary plus
            ``replication`` and the derived columns.
        timing: One row per scenario and calendar month: ``left_share`` (share of
            students entered who first left in that month) and ``leaver_share`` (share of
            the run's leavers), each summarised over replications.
        reference: Scenario the prevented dropouts are counted against.
        students: Cohort size asked for.
        years: School years simulated.
        seed: Seed of replication 0.
        results: Kept runs by (scenario, replication), when asked for.
    """

    table: pd.DataFrame
    replications: pd.DataFrame
    timing: pd.DataFrame
    reference: str
    students: int
    years: int
    seed: int
    results: dict[tuple[str, int], Result] = field(default_factory=dict)

    @property
    def scenarios(self) -> list[str]:
        """Scenario names in the order given."""
        return list(self.table.index)

    @property
    def n_replications(self) -> int:
        """Replications per scenario."""
        return int(self.replications["replication"].nunique())


def summarise(
    df: pd.DataFrame, by: str | Sequence[str] = "scenario", metrics: Sequence[str] | None = None
) -> pd.DataFrame:
    """Reduce replications to a mean and a 90% interval per metric (NaN-aware).

    NaN values (for example the cost per prevented dropout of a replication in which
    nothing was prevented) are left out; a metric with no value in a group stays NaN.

    Args:
        df: One row per replication (and group).
        by: Column(s) to group by; groups keep their order of first appearance.
        metrics: Columns to summarise; by default every numeric column that is not a
            grouping column or ``replication``/``seed``. Missing columns are skipped.

    Returns:
        One row per group (index ``by``) with, per metric, the mean (column named as the
        metric), the 5th percentile (``<metric>_p5``) and the 95th (``<metric>_p95``), and
        ``replications`` (rows in the group).
    """
    keys = [by] if isinstance(by, str) else list(by)
    if metrics is None:
        skip = {*keys, "replication", "seed"}
        metrics = [c for c in df.columns if c not in skip and pd.api.types.is_numeric_dtype(df[c])]
    metrics = [m for m in metrics if m in df.columns]
    grouped = df.groupby(keys, sort=False, observed=True)
    out = grouped.size().to_frame("replications")
    for m in metrics:
        values = grouped[m]
        with warnings.catch_warnings():
            # A group with only NaN ("nothing prevented in any replication") stays NaN.
            warnings.simplefilter("ignore", RuntimeWarning)
            out[m] = values.agg(lambda v: np.nanmean(v.to_numpy(float)))
            out[f"{m}_p5"] = values.agg(lambda v: np.nanpercentile(v.to_numpy(float), 5))
            out[f"{m}_p95"] = values.agg(lambda v: np.nanpercentile(v.to_numpy(float), 95))
    return out


def cost_per_prevented(df: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Prevented dropouts, extra coach cost and cost per prevented dropout per replication.

    Within each replication: prevented = reference dropouts - dropouts, extra cost =
    coach cost - reference coach cost, and cost per prevented dropout = extra cost /
    prevented, NaN when nothing was prevented (prevented <= 0).

    Args:
        df: One row per scenario and replication with ``scenario``, ``replication``,
            ``dropouts`` and ``coach_cost``.
        reference: The scenario to count against.

    Returns:
        ``df`` with ``prevented_dropouts``, ``extra_coach_cost`` and
        ``cost_per_prevented_dropout`` added (a copy).
    """
    out = df.copy()
    ref = out.loc[out["scenario"] == reference].set_index("replication")
    if ref.index.has_duplicates:
        raise ValueError(f"reference scenario {reference!r} appears twice in a replication")
    ref_dropouts = out["replication"].map(ref["dropouts"]).astype(float)
    ref_cost = out["replication"].map(ref["coach_cost"]).astype(float)
    prevented = ref_dropouts - out["dropouts"].astype(float)
    extra = out["coach_cost"].astype(float) - ref_cost
    out["prevented_dropouts"] = prevented
    out["extra_coach_cost"] = extra
    # np.where evaluates both branches; silence the 0/0 it computes and then discards.
    with np.errstate(divide="ignore", invalid="ignore"):
        out["cost_per_prevented_dropout"] = np.where(prevented > 0, extra / prevented, np.nan)
    return out


@cache
def _week_months(start_year: int, years: int) -> np.ndarray:
    cal = SchoolCalendar(start_year, years)
    return np.array([w.month for w in cal.weeks], dtype=np.int8)


def leaving_by_month(students: pd.DataFrame, start_year: int, years: int) -> pd.Series:
    """Students who first left (switchers and school leavers) per calendar month.

    Uses ``left_month`` when the students table has it; otherwise derives the month of
    ``left_week`` from the school calendar.

    Args:
        students: The run's students table.
        start_year: Calendar year the run started (parameter ``start_year``).
        years: School years of the run (summary column ``years``).

    Returns:
        Counts indexed by month 1-12 (all months present).
    """
    left = students.loc[students["outcome"].isin(_DROPPED)]
    if "left_month" in left.columns:
        months = left["left_month"].dropna().to_numpy(int)
    else:
        weeks = left["left_week"].dropna().to_numpy(int)
        months = _week_months(int(start_year), int(years))[weeks]
    counts = np.bincount(months, minlength=13)[1:]
    return pd.Series(counts, index=pd.RangeIndex(1, 13, name="month"), name="leavers")


def prepare(
    scenarios: Sequence[str | Path | Scenario],
    *,
    replications: int = DEFAULT_REPLICATIONS,
    students: int | None = None,
    years: int | None = None,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Scenario]:
    """Load and validate every scenario with the shared settings, before anything runs.

    Args:
        scenarios: Names, paths or loaded scenarios; the first is the reference.
        replications: Replications per scenario (checked here, >= 1).
        students: Cohort size (default: ``students`` from ``overrides``, else 2000).
        years: School years (default: ``years`` from ``overrides``, else 2).
        overrides: Parameter values applied to every scenario.

    Returns:
        The validated scenarios by name, in the order given.

    Raises:
        ScenarioError: On any invalid input, with one message.
    """
    if (
        isinstance(replications, bool)
        or not isinstance(replications, numbers.Integral)
        or replications < 1
    ):
        raise ScenarioError(f"replications = {replications!r}: use a whole number >= 1")
    if not scenarios:
        raise ScenarioError("no scenarios given: name at least one (see `vsvsim scenarios`)")
    changes = dict(overrides or {})
    changes["students"] = (
        students if students is not None else changes.get("students", DEFAULT_STUDENTS)
    )
    changes["years"] = years if years is not None else changes.get("years", DEFAULT_YEARS)
    specs: dict[str, Scenario] = {}
    for item in scenarios:
        spec = load_scenario(item).with_params(where="compare", **changes)
        if spec.name in specs:
            raise ScenarioError(
                f"scenario {spec.name!r} given twice: each scenario may appear once"
            )
        specs[spec.name] = spec
    return specs


def _derived(summary: pd.DataFrame, students: pd.DataFrame) -> dict[str, Any]:
    """Per-run columns computed here, not (yet) in the run summary."""
    s = summary.iloc[0]
    row: dict[str, Any] = {}
    if "out_at_end" not in summary.columns and "final_status" in students.columns:
        row["out_at_end"] = float(students["final_status"].isin(_DROPPED).mean())
    if {"ew_hits", "ew_false_alarms"} <= set(summary.columns):
        flagged = s["ew_hits"] + s["ew_false_alarms"]
        row["ew_precision"] = float(s["ew_hits"] / flagged) if flagged > 0 else np.nan
    if {"ew_hits", "ew_misses"} <= set(summary.columns):
        dropped = s["ew_hits"] + s["ew_misses"]
        row["ew_recall"] = float(s["ew_hits"] / dropped) if dropped > 0 else np.nan
    return row


def run_comparison(
    specs: dict[str, Scenario],
    *,
    replications: int = DEFAULT_REPLICATIONS,
    seed: int = 0,
    keep: int = 0,
    trajectories: bool = False,
) -> Comparison:
    """Run every scenario ``replications`` times (seed ``seed + i`` in replication ``i``).

    Args:
        specs: Validated scenarios (from :func:`prepare`); the first is the reference.
        replications: Replications per scenario.
        seed: Seed of replication 0.
        keep: Keep the :class:`~vsvsim.run.Result` of every run in the first ``keep``
            replications in ``results`` (0: none; memory grows with cohort size).
        trajectories: Record the weekly per-student table in the kept runs.

    Returns:
        The :class:`Comparison` (nothing written).
    """
    reference = next(iter(specs))
    rows, timing_rows, kept = [], [], {}
    for i in range(replications):
        for name, spec in specs.items():
            res = run(spec, seed=seed + i, trajectories=trajectories and i < keep)
            summary = res.summary
            s = summary.iloc[0]
            rows.append(
                {
                    **s.to_dict(),
                    "scenario": name,
                    "replication": i,
                    **_derived(summary, res.students),
                }
            )
            months = leaving_by_month(
                res.students, res.scenario.params["start_year"], res.scenario.params["years"]
            )
            entered = max(int(s["students_entered"]), 1)
            leavers = max(int(months.sum()), 1)
            timing_rows.append(
                pd.DataFrame(
                    {
                        "scenario": name,
                        "replication": i,
                        "month": months.index,
                        "left_share": months.to_numpy() / entered,
                        "leaver_share": months.to_numpy() / leavers,
                    }
                )
            )
            if i < keep:
                kept[name, i] = res
    reps = cost_per_prevented(pd.DataFrame(rows), reference)
    # Identifying columns first; the derived ones stay at the end, after the summary's own.
    front = ["scenario", "replication", "seed"]
    reps = reps[front + [c for c in reps.columns if c not in front]]

    table = summarise(reps, "scenario", [m for m in METRICS if m in reps.columns])
    table["cost_per_prevented_dropout_n"] = reps.groupby("scenario", sort=False)[
        "cost_per_prevented_dropout"
    ].count()
    timing = pd.concat(timing_rows, ignore_index=True)
    # Months in school-year order (August first) so tables and lines read Aug..Jul.
    timing["month_name"] = timing["month"].map(MONTH_NAMES)
    timing["order"] = timing["month"].map({m: k for k, m in enumerate(MONTH_ORDER)})
    timing = summarise(
        timing, ["scenario", "order", "month", "month_name"], ["left_share", "leaver_share"]
    )
    position = {name: k for k, name in enumerate(specs)}
    timing = timing.reset_index().sort_values(
        ["scenario", "order"], key=lambda c: c.map(position) if c.name == "scenario" else c
    )
    timing = timing.reset_index(drop=True)
    spec0 = specs[reference]
    return Comparison(
        table=table,
        replications=reps,
        timing=timing,
        reference=reference,
        students=int(spec0.params["students"]),
        years=int(spec0.params["years"]),
        seed=seed,
        results=kept,
    )


# --- formatting ---------------------------------------------------------------------------


def _fmt(value: float, kind: str, unit: bool = True) -> str:
    if value is None or not np.isfinite(value):
        return "-"
    if kind == "pct":
        return f"{value:.1%}" if unit else f"{value * 100:.1f}"
    if kind == "score":
        return f"{value:.2f}"
    if kind == "week":
        return f"{value:.0f}"
    return f"{value:,.0f}"


def format_table(comp: Comparison) -> str:
    """The comparison as text: one row per metric, one column per scenario.

    Each cell is the mean over replications, with the 90% interval (5th-95th percentile)
    in brackets when there is more than one replication; "-" marks a missing value.
    """
    table = comp.table
    with_interval = comp.n_replications > 1
    lines = {}
    for metric, (heading, kind) in METRICS.items():
        if metric not in table.columns:
            continue
        cells = []
        for name in table.index:
            mean = table.at[name, metric]
            cell = _fmt(mean, kind)
            if with_interval and cell != "-":
                lo, hi = table.at[name, f"{metric}_p5"], table.at[name, f"{metric}_p95"]
                cell += f" ({_fmt(lo, kind, False)}-{_fmt(hi, kind, False)})"
            if metric == "cost_per_prevented_dropout" and with_interval and cell != "-":
                cell += f" n={int(table.at[name, 'cost_per_prevented_dropout_n'])}"
            cells.append(cell)
        lines[heading] = cells
    shown = pd.DataFrame.from_dict(lines, orient="index", columns=list(table.index))
    return shown.to_string()


def describe(comp: Comparison, command: str = "compare") -> str:
    """Heading line(s) printed above the table."""
    r = comp.n_replications
    seeds = f"seed {comp.seed}" if r == 1 else f"seeds {comp.seed}-{comp.seed + r - 1}"
    text = (
        f"vsvsim {command}: {len(comp.scenarios)} scenarios x {r} replication(s), "
        f"{comp.students} students, {comp.years} school year(s), {seeds}\n"
        "(replication i uses seed + i in every scenario: same cohort and draws)"
    )
    if r > 1:
        text += "\nmean (5th-95th percentile over replications)"
    return text


def footnote(comp: Comparison) -> str:
    """How the cost per prevented dropout is computed, printed under the table."""
    text = (
        f"EUR per prevented dropout: (coach cost - {comp.reference}'s) / "
        f"({comp.reference}'s dropouts - dropouts) per replication; "
        "'-' where nothing was prevented"
    )
    if comp.n_replications > 1:
        text += "; n = replications with prevented dropouts"
    return text


# --- figure -------------------------------------------------------------------------------


def _colours(names: Sequence[str]) -> dict[str, Any]:
    cmap = plt.get_cmap("tab10")
    return {n: cmap(k % 10) for k, n in enumerate(names)}


def _whiskers(table: pd.DataFrame, metric: str, scale: float = 1.0) -> np.ndarray:
    mean = table[metric].to_numpy(float)
    lo = table[f"{metric}_p5"].to_numpy(float)
    hi = table[f"{metric}_p95"].to_numpy(float)
    # Clip so a (theoretically possible) mean outside the interval cannot make negative bars.
    err = np.vstack([np.clip(mean - lo, 0, None), np.clip(hi - mean, 0, None)])
    return np.nan_to_num(err) * scale


def _xticks(ax, x, names: Sequence[str]) -> None:
    # Long scenario names collide once there are more than a few; tilt and shrink them.
    many = len(names) > 4
    ax.set_xticks(x, names, rotation=30 if many else 20, ha="right", fontsize=8 if many else 10)


def _errorbar(comp: Comparison, ax, x, y, **kwargs) -> None:
    """Interval whiskers, drawn only when there is more than one replication."""
    if comp.n_replications > 1:
        ax.errorbar(x, y, **kwargs)


def _bars(ax, comp: Comparison, metric: str, scale: float, ylabel: str, title: str) -> None:
    table = comp.table
    names = list(table.index)
    colours = _colours(comp.scenarios)
    x = np.arange(len(names))
    ax.bar(x, table[metric].to_numpy(float) * scale, color=[colours[n] for n in names])
    _errorbar(
        comp,
        ax,
        x,
        table[metric].to_numpy(float) * scale,
        yerr=_whiskers(table, metric, scale),
        fmt="none",
        ecolor="black",
        capsize=4,
    )
    _xticks(ax, x, names)
    ax.set_ylabel(ylabel)
    ax.set_title(title)


def panel_dropout(ax, comp: Comparison) -> None:
    """Dropout split into school leavers and switchers, with 90% interval whiskers."""
    table = comp.table
    names = list(table.index)
    x = np.arange(len(names))
    lv = table["school_leaver_rate"].to_numpy(float) * 100
    sw = table["switcher_rate"].to_numpy(float) * 100
    ax.bar(x, lv, color="#c0392b", label="school leavers")
    ax.bar(x, sw, bottom=lv, color="#e59866", label="switchers")
    # Whiskers: school leavers at the top of their segment, all dropout at the bar's top.
    _errorbar(
        comp,
        ax,
        x - 0.08,
        lv,
        yerr=_whiskers(table, "school_leaver_rate", 100),
        fmt="none",
        ecolor="#641e16",
        capsize=3,
    )
    _errorbar(
        comp,
        ax,
        x + 0.08,
        lv + sw,
        yerr=_whiskers(table, "dropout_rate", 100),
        fmt="none",
        ecolor="black",
        capsize=4,
    )
    _xticks(ax, x, names)
    ax.set_ylabel("% of students entered")
    ax.set_title("Dropout (first exit)")
    ax.legend(fontsize=8)


def panel_timing(ax, comp: Comparison) -> None:
    """Share of students leaving per month of the school year, a line per scenario."""
    colours = _colours(comp.scenarios)
    many = comp.n_replications > 1
    for k, (name, t) in enumerate(comp.timing.groupby("scenario", sort=False)):
        t = t.sort_values("order")
        # Dash styles keep scenarios with identical timing (curative) both visible.
        ax.plot(
            t["order"],
            t["left_share"] * 100,
            marker="o",
            ms=3,
            color=colours[name],
            ls=("-", "--", ":", "-.")[k % 4],
            label=name,
        )
        if many:
            ax.fill_between(
                t["order"],
                t["left_share_p5"] * 100,
                t["left_share_p95"] * 100,
                color=colours[name],
                alpha=0.12,
                lw=0,
            )
    ax.set_xticks(range(12), [MONTH_NAMES[m] for m in MONTH_ORDER], fontsize=8)
    ax.set_ylabel("% of students leaving that month")
    ax.set_title("Timing of leaving (all school years)")
    # Head room for the legend (one row per scenario, two columns beyond three) above the lines.
    ncol = 2 if len(comp.scenarios) > 3 else 1
    rows = -(-len(comp.scenarios) // ncol)
    high = ax.get_ylim()[1]
    ax.set_ylim(0, high * (1.05 + 0.09 * rows))
    ax.legend(fontsize=7, ncol=ncol, loc="upper left")


def panel_reentry(ax, comp: Comparison) -> None:
    """Re-entry rate among students who left."""
    _bars(ax, comp, "reentry_rate", 100, "% of students who left", "Re-entry")


def panel_status(ax, comp: Comparison) -> None:
    """Status one year after leaving: education, work, neither (stacked)."""
    table = comp.table
    names = list(table.index)
    x = np.arange(len(names))
    bottom = np.zeros(len(names))
    for status, colour in zip(STATUS_AFTER_YEAR, ("#2e86c1", "#28b463", "#7f8c8d"), strict=True):
        share = np.nan_to_num(table[f"status_after_year_{status}"].to_numpy(float)) * 100
        ax.bar(x, share, bottom=bottom, color=colour, label=status)
        bottom += share
    _xticks(ax, x, names)
    ax.set_ylabel("% of leavers (year after leaving in the run)")
    ax.set_title("Status one year after leaving")
    # Head room above 100% so the legend does not hide the bars.
    ax.set_ylim(0, 118)
    ax.legend(fontsize=8, ncol=3, loc="upper center")


def panel_wellbeing(ax, comp: Comparison) -> None:
    """Wellbeing after leaving."""
    _bars(ax, comp, "wellbeing_after_leaving", 1, "wellbeing (0-1)", "Wellbeing after leaving")


def panel_coaching(ax, comp: Comparison) -> None:
    """Coach hours (left axis) and coach cost (right axis), side by side."""
    table = comp.table
    names = list(table.index)
    x = np.arange(len(names))
    w = 0.38
    ax.bar(x - w / 2, table["coach_hours"], w, color="#5d6d7e", label="hours")
    _errorbar(
        comp,
        ax,
        x - w / 2,
        table["coach_hours"],
        yerr=_whiskers(table, "coach_hours"),
        fmt="none",
        ecolor="black",
        capsize=3,
    )
    ax.set_ylabel("coach hours")
    ax2 = ax.twinx()
    ax2.bar(x + w / 2, table["coach_cost"] / 1000, w, color="#d4ac0d", label="cost")
    _errorbar(
        comp,
        ax2,
        x + w / 2,
        table["coach_cost"] / 1000,
        yerr=_whiskers(table, "coach_cost", 1 / 1000),
        fmt="none",
        ecolor="black",
        capsize=3,
    )
    ax2.set_ylabel("coach cost (thousand EUR)")
    _xticks(ax, x, names)
    ax.set_title("Coach hours and cost")
    handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    ax.legend(handles, ["hours", "cost"], fontsize=8, loc="upper left")


def panel_cost(ax, comp: Comparison) -> None:
    """Cost per prevented dropout against the reference (NaN: nothing prevented)."""
    table = comp.table.drop(index=comp.reference)
    names = list(table.index)
    colours = _colours(comp.scenarios)
    x = np.arange(len(names))
    mean = table["cost_per_prevented_dropout"].to_numpy(float) / 1000
    ax.bar(x, np.nan_to_num(mean), color=[colours[n] for n in names])
    _errorbar(
        comp,
        ax,
        x,
        np.nan_to_num(mean),
        yerr=_whiskers(table, "cost_per_prevented_dropout", 1 / 1000),
        fmt="none",
        ecolor="black",
        capsize=4,
    )
    # Labels above the whiskers, where they stay readable.
    top = np.fmax(mean, table["cost_per_prevented_dropout_p95"].to_numpy(float) / 1000)
    for k, m in enumerate(mean):
        label = f"{m:,.0f}k" if np.isfinite(m) else "none\nprevented"
        ax.annotate(
            label,
            (k, top[k] if np.isfinite(m) else 0),
            ha="center",
            va="bottom",
            fontsize=8,
            xytext=(0, 3),
            textcoords="offset points",
        )
    _xticks(ax, x, names)
    ax.set_xlim(-0.6, max(len(names), 1) - 0.4)
    ax.set_ylabel("thousand EUR per prevented dropout")
    ax.set_title(f"Cost per prevented dropout (vs {comp.reference})")


def _panels(comp: Comparison) -> list:
    """The panels the data supports, in order; panels whose columns are absent are skipped."""
    cols = set(comp.table.columns)
    panels = []
    if {"school_leaver_rate", "switcher_rate", "dropout_rate"} <= cols:
        panels.append(panel_dropout)
    panels.append(panel_timing)
    if "reentry_rate" in cols:
        panels.append(panel_reentry)
    if {f"status_after_year_{s}" for s in STATUS_AFTER_YEAR} <= cols:
        panels.append(panel_status)
    if "wellbeing_after_leaving" in cols:
        panels.append(panel_wellbeing)
    if {"coach_hours", "coach_cost"} <= cols:
        panels.append(panel_coaching)
    if "cost_per_prevented_dropout" in cols and len(comp.scenarios) > 1:
        panels.append(panel_cost)
    return panels


def plot_comparison(comp: Comparison, path: Path) -> Path:
    """Draw the comparison figure (one panel per outcome) to ``path``.

    Args:
        comp: The comparison.
        path: PNG file to write.

    Returns:
        ``path``.
    """
    panels = _panels(comp)
    # Two rows once there are more than three panels, at most four columns.
    ncols = len(panels) if len(panels) <= 3 else min(4, -(-len(panels) // 2))
    nrows = -(-len(panels) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.6 * ncols, 4.2 * nrows), squeeze=False)
    for k, (ax, panel) in enumerate(zip(axes.flat, panels, strict=False)):
        panel(ax, comp)
        title = ax.get_title()
        ax.set_title("")
        ax.set_title(f"({chr(ord('a') + k)}) {title}", fontsize=10, loc="left")
    for ax in list(axes.flat)[len(panels) :]:
        ax.axis("off")
    r = comp.n_replications
    values = "mean; whiskers: 5th-95th percentile over replications" if r > 1 else "one run"
    fig.suptitle(
        f"{comp.students} students, {comp.years} school year(s), {r} replication(s) "
        f"(common random numbers); values: {values}",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# --- writing ------------------------------------------------------------------------------


@contextlib.contextmanager
def staged(out: Path) -> Iterator[Path]:
    """Yield a scratch folder inside ``out``; move its files into ``out`` only on success.

    So a failed or interrupted run leaves no half-written set of files behind.
    """
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".vsvsim-", dir=out))
    try:
        yield scratch
        for f in scratch.iterdir():
            f.replace(out / f.name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def write_comparison(comp: Comparison, folder: Path, figure: bool = True) -> list[Path]:
    """Write the comparison's tables (and figure) into ``folder``.

    Returns:
        The files written.
    """
    paths = [folder / "replications.parquet"]
    comp.replications.to_parquet(paths[-1], index=False)
    paths.append(folder / "comparison.csv")
    comp.table.to_csv(paths[-1])
    paths.append(folder / "comparison.parquet")
    comp.table.to_parquet(paths[-1])
    paths.append(folder / "timing.parquet")
    comp.timing.to_parquet(paths[-1], index=False)
    if figure:
        paths.append(plot_comparison(comp, folder / "comparison.png"))
    return paths


def compare(
    scenarios: Sequence[str | Path | Scenario],
    *,
    replications: int = DEFAULT_REPLICATIONS,
    students: int | None = None,
    seed: int = 0,
    years: int | None = None,
    out: str | Path = Path("results/compare"),
    overrides: dict[str, Any] | None = None,
    keep: int = 0,
    echo: bool = True,
) -> Comparison:
    """Validate, run, write and (optionally) print a comparison of scenarios.

    Every scenario is validated before anything runs; on invalid input nothing is
    written. Files are written to a scratch folder and moved into ``out`` at the end.

    Args:
        scenarios: Names, paths or loaded scenarios; the first is the reference for the
            cost per prevented dropout.
        replications: Replications per scenario (replication ``i`` uses ``seed + i``).
        students: Cohort size (default 2000).
        seed: Seed of replication 0.
        years: School years (default 2).
        out: Output folder.
        overrides: Parameter values applied to every scenario.
        keep: Keep the runs of the first ``keep`` replications in ``results``.
        echo: Print the table.

    Returns:
        The :class:`Comparison`.

    Raises:
        vsvsim.scenario.ScenarioError: On invalid input (before anything runs).
    """
    specs = prepare(
        scenarios, replications=replications, students=students, years=years, overrides=overrides
    )
    comp = run_comparison(specs, replications=replications, seed=seed, keep=keep)
    out = Path(out)
    with staged(out) as scratch:
        files = write_comparison(comp, scratch)
    if echo:
        report(comp, out, files)
    return comp


def report(comp: Comparison, out: Path, files: Sequence[Path], command: str = "compare") -> None:
    """Print the heading, the table, the footnote and the files written."""
    print(describe(comp, command) + "\n")
    print(format_table(comp))
    print("\n" + footnote(comp))
    print(f"\nwritten to {out}/: " + ", ".join(p.name for p in files))
