"""Figures of a comparison: dropout, timing, re-entry, status a year on, coaching, cost."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only; no screen needed
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from vsvsim.analysis.comparison import MONTH_NAMES, MONTH_ORDER, STATUS_AFTER_YEAR, Comparison

__all__ = ["panel_dropout", "panel_timing", "plot_comparison"]


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


#: Parts of the coach cost stacked in the cost bar: summary column, label, colour.
_COST_PARTS = (
    ("coach_hours_cost", "cost: contact hours", "#d4ac0d"),
    ("coach_start_cost", "cost: starting coaches", "#e67e22"),
    ("coordination_cost", "cost: coordination", "#a04000"),
)


def panel_coaching(ax, comp: Comparison) -> None:
    """Coach hours (left axis) and coach cost (right axis), side by side.

    The cost bar is stacked by part (contact hours, starting coaches, coordination) when
    the runs report the parts; the whisker is the total's interval either way.
    """
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
    parts = [part for part in _COST_PARTS if part[0] in table.columns]
    if len(parts) == len(_COST_PARTS):
        bottom = np.zeros(len(names))
        for column, label, colour in parts:
            height = table[column].to_numpy(float) / 1000
            ax2.bar(x + w / 2, height, w, bottom=bottom, color=colour, label=label)
            bottom += height
    else:  # an older results file: the total only
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
    (h1, l1), (h2, l2) = ax.get_legend_handles_labels(), ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, fontsize=8, loc="upper left")


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
    runs = f"{r} replication(s)"
    if comp.n_draws:
        values = "mean; whiskers: 5th-95th percentile over draws and replications"
        runs = f"{comp.n_draws} posterior draws x {r} replications"
    fig.suptitle(
        f"{comp.students} students, {comp.years} school year(s), {runs} "
        f"(common random numbers); values: {values}",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
