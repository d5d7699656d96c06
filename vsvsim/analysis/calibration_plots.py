"""Figures of the calibration report: each takes computed tables and a path, writes a PNG.

The tables come from :mod:`vsvsim.analysis.calibration`; the report
(``experiments/calibration_report.py``) writes each one as a CSV next to its figure.
Figures are built on :class:`matplotlib.figure.Figure` directly, not through pyplot, so
drawing one leaves no global state behind and needs no display.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from vsvsim.analysis.calibration import (
    AFTER,
    ALIGN_WEEKS,
    ALIGNED_STATES,
    BEFORE,
    GROUP_LABELS,
    GROUP_STATES,
    MIN_N,
    PROGRAMME_SPECIFIC,
    ROUTE_LABELS,
    STATE_LABELS,
    category_label,
)
from vsvsim.analysis.comparison import MONTH_NAMES
from vsvsim.analysis.targets import APR, DEC, FEB_END, JUL, STUDY_START
from vsvsim.core.calendar import SchoolCalendar

__all__ = [
    "plot_aligned",
    "plot_coach_shares",
    "plot_group_trajectories",
    "plot_leaving_months",
]

GROUP_COLOURS = {"comparison": "tab:green", "stayers": "tab:blue", "dropouts": "tab:red"}
ROUTE_COLOURS = {"school_leaver": "tab:red", "switcher": "tab:purple"}
DPI = 110


def _month_ticks(ax, cal: SchoolCalendar, weeks: range) -> None:
    # One tick per month, on its first week (the week whose Monday is day 1-7).
    ticks = [w for w in weeks if cal[w].date.day <= 7]
    ax.set_xticks(ticks)
    ax.set_xticklabels([MONTH_NAMES[cal[w].month] for w in ticks])


def plot_group_trajectories(table: pd.DataFrame, start_year: int, path: Path) -> Path:
    """Figure 1: four panels, one line and band per study group.

    Args:
        table: Output of :func:`vsvsim.analysis.calibration.group_trajectories`.
        start_year: Calendar year of week 0.
        path: PNG to write.

    Returns:
        ``path``.
    """
    cal = SchoolCalendar(start_year, 1)
    fig = Figure(figsize=(11, 7.5), layout="constrained")
    axes = fig.subplots(2, 2, sharex=True).ravel()
    for ax, v in zip(axes, GROUP_STATES, strict=True):
        for lo, hi in ((DEC, FEB_END), (APR, JUL)):
            ax.axvspan(lo - 0.5, hi + 0.5, color="0.93", zorder=0)
        for g, label in GROUP_LABELS.items():
            t = table[(table["variable"] == v) & (table["group"] == g) & (table["n"] >= MIN_N)]
            ax.plot(t["week"], t["mean"], color=GROUP_COLOURS[g], label=label, lw=1.8)
            ax.fill_between(t["week"], t["low"], t["high"], color=GROUP_COLOURS[g], alpha=0.2)
        ax.set_title(STATE_LABELS[v].capitalize())
        ax.set_ylabel("0-1")
        _month_ticks(ax, cal, range(STUDY_START, JUL + 1))
        ax.grid(alpha=0.3)
    # Below the panels: inside one, the legend would cover a group's line.
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=9)
    fig.suptitle(
        "Process study, November-July: weekly means of enrolled students (95% band over "
        f"students)\nshaded: the T2 windows Dec-Feb (weeks {DEC}-{FEB_END}) and Apr-Jul "
        f"(weeks {APR}-{JUL})",
        fontsize=10,
    )
    fig.savefig(path, dpi=DPI)
    return path


def plot_aligned(table: pd.DataFrame, path: Path) -> Path:
    """Figure 2: six panels, school leavers vs switchers around the week of leaving.

    Args:
        table: Output of :func:`vsvsim.analysis.calibration.aligned_trajectories`.
        path: PNG to write.

    Returns:
        ``path``.
    """
    fig = Figure(figsize=(12, 7), layout="constrained")
    axes = fig.subplots(2, 3, sharex=True).ravel()
    for ax, v in zip(axes, ALIGNED_STATES, strict=True):
        for lo, hi in (BEFORE, AFTER):
            ax.axvspan(lo - 0.5, hi + 0.5, color="0.94", zorder=0)
        ax.axvline(-0.5, color="0.3", lw=0.8, ls="--")
        for route, label in ROUTE_LABELS.items():
            t = table[(table["variable"] == v) & (table["outcome"] == route)]
            t = t[t["n"] >= MIN_N]
            ax.plot(t["rel_week"], t["mean"], color=ROUTE_COLOURS[route], label=label, lw=1.8)
            ax.fill_between(
                t["rel_week"], t["low"], t["high"], color=ROUTE_COLOURS[route], alpha=0.2
            )
        title = STATE_LABELS[v].capitalize()
        if v in PROGRAMME_SPECIFIC:
            title += "\n(enrolled weeks only; frozen after leaving)"
        ax.set_title(title, fontsize=10)
        ax.set_xlim(-ALIGN_WEEKS - 0.5, ALIGN_WEEKS + 0.5)
        ax.grid(alpha=0.3)
    for ax in axes[3:]:
        ax.set_xlabel("weeks relative to leaving (0 = first week out)")
    axes[0].legend(loc="lower left", fontsize=8)
    fig.suptitle(
        "Process study, all leavers: means by week relative to leaving (95% band over "
        f"students)\nshaded: the T3 windows, weeks {BEFORE[0]} to {BEFORE[1]} and "
        f"{AFTER[0]} to {AFTER[1]}",
        fontsize=10,
    )
    fig.savefig(path, dpi=DPI)
    return path


def plot_leaving_months(table: pd.DataFrame, replications: int, path: Path) -> Path:
    """Figure 3: share of leavers per month, stacked by route, with the replication spread.

    Args:
        table: First output of :func:`vsvsim.analysis.calibration.leaving_months`.
        replications: Replications pooled (for the title; with one there is no spread).
        path: PNG to write.

    Returns:
        ``path``.
    """
    fig = Figure(figsize=(9, 4.5), layout="constrained")
    ax = fig.subplots()
    total = max(int(table["leavers"].sum()), 1)
    x = np.arange(len(table))
    bottom = np.zeros(len(table))
    for route, label in ROUTE_LABELS.items():
        h = table[route].to_numpy(float) / total
        ax.bar(x, h, bottom=bottom, color=ROUTE_COLOURS[route], alpha=0.75, label=label)
        bottom += h
    if replications > 1:
        ax.errorbar(
            x,
            table["share"],
            yerr=[table["share"] - table["share_p5"], table["share_p95"] - table["share"]],
            fmt="none",
            ecolor="0.2",
            capsize=3,
            label="90% interval over replications",
        )
    ax.set_xticks(x)
    ax.set_xticklabels(table["month_name"])
    ax.set_ylabel("share of the year's leavers")
    ax.set_title(
        f"Baseline: moment of leaving by month ({total} leavers, {replications} "
        "replication(s) pooled)\nAug holds both late August (week 0) and the August "
        "summer weeks at the year's end",
        fontsize=10,
    )
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    fig.savefig(path, dpi=DPI)
    return path


def plot_coach_shares(table: pd.DataFrame, path: Path) -> Path:
    """Figure 4: model shares of actions and goals (bars) next to the brief's ranks.

    Args:
        table: Output of :func:`vsvsim.analysis.calibration.coach_shares`.
        path: PNG to write.

    Returns:
        ``path``.
    """
    fig = Figure(figsize=(12, 4.8), layout="constrained")
    axes = fig.subplots(1, 2)
    for ax, kind in zip(axes, ("action", "goal"), strict=True):
        t = table[table["kind"] == kind].sort_values("brief_rank", kind="stable")
        y = np.arange(len(t))[::-1]
        ax.barh(y, t["share"], color="tab:blue", alpha=0.75, label="model share of contacts")
        # With one replication (or identical ones) the interval is a point: no whiskers.
        if t["share_p95"].gt(t["share_p5"]).any():
            ax.errorbar(
                t["share"],
                y,
                xerr=[t["share"] - t["share_p5"], t["share_p95"] - t["share"]],
                fmt="none",
                ecolor="0.2",
                capsize=3,
            )
        ax.scatter(
            t["input_weight"],
            y,
            marker="D",
            color="tab:orange",
            zorder=3,
            label="input weight (base x profile)",
        )
        ax.set_yticks(y)
        ax.set_yticklabels(
            [
                f"{category_label(c)}  (brief #{r})"
                for c, r in zip(t["category"], t["brief_rank"], strict=True)
            ]
        )
        ax.set_xlabel("share of project-coach contacts")
        ax.set_title(f"{kind.capitalize()}s (brief's order, top = most frequent)", fontsize=10)
        ax.grid(axis="x", alpha=0.3)
    axes[0].legend(loc="lower right", fontsize=8)
    fig.suptitle(
        "Process study: what coaches do (one action and one goal per contact)", fontsize=10
    )
    fig.savefig(path, dpi=DPI)
    return path
