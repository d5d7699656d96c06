"""Calibration report: the model against targets T1-T7, the patterns behind them, ablations.

One command regenerates everything (about a minute at the defaults on 2 cores)::

    uv run python experiments/calibration_report.py

It writes ``docs/calibration.md`` and, in ``docs/calibration/``, four figures (PNG), each
with a CSV of the numbers drawn next to it, plus the target table, every replication's
target values and the ablation table as CSV:

1. ``group_means``: weekly means (95% band over students) of commitment, time investment,
   confidence and wellbeing, November-July, for the process study's three groups.
2. ``aligned_leaving``: trajectories aligned on the week of leaving, school leavers vs
   switchers.
3. ``leaving_by_month``: the share of leavers per month of the school year (baseline).
4. ``coach_actions``: coach action and goal shares next to the brief's ordering.
5. ``targets.csv``: every target from :func:`vsvsim.targets.score` (``target_values.csv``:
   the per-replication values it reduces).
6. ``ablation.csv``: every target with each of the nine mechanisms switched off in turn.

Replication i of every scenario uses seed ``seed + i``, as in
:func:`vsvsim.targets.measure`, so the figures come from the same runs as the target table,
and an ablation is compared with the default on the same seeds (common random numbers).
The script only reads ``docs/calibration/fit.csv`` (written by ``experiments/calibrate.py``);
it never writes ``fit.csv`` or ``fit_samples.parquet``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

import vsvsim
from vsvsim.analysis.targets import (
    APR,
    DEC,
    FEB_END,
    JUL,
    SCENARIO_RUNS,
    STUDY_START,
    TARGETS,
    _study_groups,
    measure,
    score,
)
from vsvsim.coaching import ACTION_BASE, ACTIONS, GOAL_BASE, GOALS, PROFILES
from vsvsim.compare import leaving_by_month
from vsvsim.core.calendar import SchoolCalendar
from vsvsim.params import PARAMETERS
from vsvsim.week import mechanism_names

MECHANISMS = mechanism_names()

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "docs"
DEFAULT_FIT = REPO / "docs" / "calibration" / "fit.csv"
SUBDIR = "calibration"
COMMAND = "uv run python experiments/calibration_report.py"

#: Smallest number of students behind a weekly mean for it to be drawn (thinner points are
#: noise; they stay in the CSV).
MIN_N = 5
#: A change smaller than this (on the 0-1 state scale) is called "about level" in the text.
LEVEL_TOL = 0.01
#: Relative weeks around leaving in figure 2, and the windows the T3 targets use.
ALIGN_WEEKS = 12
BEFORE, AFTER = (-9, -1), (0, 8)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Months of the school year in order (week 0 is late August).
SCHOOL_MONTHS = (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7)

STATE_LABELS = {
    "commitment": "commitment",
    "time_investment": "time investment",
    "confidence": "confidence",
    "wellbeing": "wellbeing",
    "need_school": "need fulfilment at school",
    "need_outside": "need fulfilment outside school",
}
GROUP_STATES = ("commitment", "time_investment", "confidence", "wellbeing")
ALIGNED_STATES = (
    "wellbeing",
    "need_school",
    "need_outside",
    "commitment",
    "time_investment",
    "confidence",
)
#: The model updates these only while a student is enrolled: after leaving they are frozen,
#: so figure 2 shows them before leaving only.
PROGRAMME_SPECIFIC = ("commitment", "time_investment", "confidence")

GROUP_LABELS = {
    "comparison": "comparison (low risk, levels 3-4)",
    "stayers": "at-risk stayers (coached)",
    "dropouts": "at-risk eventual dropouts (coached)",
}
GROUP_COLOURS = {"comparison": "tab:green", "stayers": "tab:blue", "dropouts": "tab:red"}
ROUTE_LABELS = {"school_leaver": "school leavers", "switcher": "switchers"}
ROUTE_COLOURS = {"school_leaver": "tab:red", "switcher": "tab:purple"}

MECH_LABELS = {
    "participation_identification_spiral": "spiral",
    "teacher_control_loop": "teacher control",
    "confidence_loop": "confidence loop",
    "outside_pull_push": "outside pull/push",
    "delayed_realisation": "delayed realisation",
    "gradual_abrupt_routes": "gradual/abrupt routes",
    "coach_relationship": "coach relationship",
    "peer_influence": "peers",
    "leaving_and_after": "leaving and after",
}

#: The brief's ordering (section 4; UCA ch. 4-5), rank 1 = most frequent; ties share a
#: rank ("then low-threshold contact and involving the environment"; schoolwork support
#: and motivating "in between"; the model has no separate "explaining" category).
BRIEF_ACTION_RANK = {
    "confronting": 1,
    "emotional_support": 2,
    "low_threshold_contact": 3,
    "involving_environment": 3,
    "schoolwork_support": 5,
    "motivating": 5,
    "exercises": 7,
}
BRIEF_GOAL_RANK = {
    "relationship": 1,
    "self_insight": 2,
    "environment": 3,
    "emotional_wellbeing": 4,
    "school_skills": 5,
}

#: What T2 and T3 expect, as (variable, expected sign of the change) pairs.
T2_EARLY = {v: "+" for v in GROUP_STATES}
T2_LATE = {"commitment": "-", "time_investment": "-", "confidence": "-", "wellbeing": "0"}
T3_EXPECT = {
    ("school_leaver", "before"): {"wellbeing": "-", "need_school": "-", "need_outside": "-"},
    ("school_leaver", "after"): {"wellbeing": "-", "need_school": "-", "need_outside": "-"},
    ("switcher", "before"): {
        "commitment": "-",
        "time_investment": "-",
        "confidence": "-",
        "wellbeing": "0+",
        "need_school": "0+",
        "need_outside": "0+",
    },
    ("switcher", "after"): {"wellbeing": "0+", "need_school": "0+", "need_outside": "0+"},
}


@dataclass(frozen=True)
class Settings:
    """What the report runs.

    Attributes:
        students: Initial cohort of every run.
        replications: Replications of the target table and the figures.
        ablation_replications: Replications of each ablation (the first ones of the table).
        seed: Seed of replication 0.
        quick: Smoke-run mode (small defaults).
        out: Directory receiving ``calibration.md`` and ``calibration/``.
        fit: Path of the fit table of ``experiments/calibrate.py``.
    """

    students: int
    replications: int
    ablation_replications: int
    seed: int
    quick: bool
    out: Path
    fit: Path

    @property
    def figures(self) -> Path:
        """Directory of the figures and tables."""
        return self.out / SUBDIR

    def command(self) -> str:
        """The command line that reproduces this report."""
        parts = [COMMAND]
        if self.quick:
            parts.append("--quick")
        parts += [
            f"--students {self.students}",
            f"--replications {self.replications}",
            f"--ablation-replications {self.ablation_replications}",
            f"--seed {self.seed}",
        ]
        if self.out.resolve() != DEFAULT_OUT.resolve():
            parts.append(f"--out {self.out}")
        return " ".join(parts)


@dataclass
class StudyRuns:
    """The process-study runs, pooled over replications.

    Attributes:
        students: Students table with ``replication`` and ``study_group`` (comparison,
            stayers, dropouts or other, as :func:`vsvsim.targets._study_groups`).
        weekly: The weekly columns the report uses, with ``replication`` and
            ``study_group``.
        start_year: Calendar year the runs start.
        profile: The coaching project profile (for the input action and goal weights).
        places: Preventive coaching places (coaches times caseload).
    """

    students: pd.DataFrame
    weekly: pd.DataFrame
    start_year: int
    profile: str
    places: int


# --- runs ---------------------------------------------------------------------------------


def _scenario_args(key: str) -> tuple[str, dict, bool]:
    scenario, extra, weekly = SCENARIO_RUNS[key]
    return scenario, dict(extra), weekly


def run_process_study(settings: Settings) -> StudyRuns:
    """Run the process-study scenario as :func:`~vsvsim.targets.measure` does, and pool.

    Args:
        settings: The report's settings.

    Returns:
        The pooled students and weekly tables, tagged with replication and study group.
    """
    scenario, extra, _ = _scenario_args("process_study")
    keep = ["student_id", "week", "enrolled", *ALIGNED_STATES, "coach_action", "coach_goal"]
    students, weekly = [], []
    start_year, profile, places = 2025, "generic", 0
    for i in range(settings.replications):
        res = vsvsim.run(
            scenario,
            students=settings.students,
            seed=settings.seed + i,
            trajectories=True,
            overrides=extra,
        )
        start_year = int(res.scenario.params["start_year"])
        profile = str(res.scenario.params["project_profile"])
        places = int(res.scenario.params["coaches"]) * int(res.scenario.params["coach_caseload"])
        group = pd.Series("other", index=res.students["student_id"].to_numpy())
        for name, ids in _study_groups(res).items():
            group.loc[ids.to_numpy()] = name
        st = res.students.assign(replication=i)
        st["study_group"] = st["student_id"].map(group).to_numpy()
        w = res.weekly[keep].assign(replication=i)
        w["study_group"] = w["student_id"].map(group).to_numpy()
        w["coach_action"] = w["coach_action"].astype(str)
        w["coach_goal"] = w["coach_goal"].astype(str)
        students.append(st)
        weekly.append(w)
    return StudyRuns(
        pd.concat(students, ignore_index=True),
        pd.concat(weekly, ignore_index=True),
        start_year,
        profile,
        places,
    )


def _band(df: pd.DataFrame, keys: list[str], column: str) -> pd.DataFrame:
    """Mean and 95% band of the mean (normal approximation) over the rows of each group."""
    g = df.groupby(keys, observed=True)[column]
    out = g.agg(n="size", mean="mean", sd="std").reset_index()
    half = 1.96 * out["sd"] / np.sqrt(out["n"])
    out["low"], out["high"] = out["mean"] - half, out["mean"] + half
    return out


# --- 1. weekly group means ----------------------------------------------------------------


def group_trajectories(study: StudyRuns) -> pd.DataFrame:
    """Weekly means per study group, November-July, enrolled weeks only.

    The band is over students (pooled across replications): each student gives one value
    per week.

    Args:
        study: The process-study runs.

    Returns:
        One row per group, variable and week: ``n``, ``mean``, ``sd``, ``low``, ``high``
        (95% band of the mean) and the week's date.
    """
    w = study.weekly
    w = w[w["week"].between(STUDY_START, JUL) & w["enrolled"] & (w["study_group"] != "other")]
    cal = SchoolCalendar(study.start_year, 1)
    tables = []
    for v in GROUP_STATES:
        t = _band(w, ["study_group", "week"], v).rename(columns={"study_group": "group"})
        t.insert(1, "variable", v)
        tables.append(t)
    out = pd.concat(tables, ignore_index=True)
    out["date"] = [cal[int(k)].date.isoformat() for k in out["week"]]
    order = {g: i for i, g in enumerate(GROUP_LABELS)}
    return out.sort_values(
        ["variable", "group", "week"], key=lambda s: s.map(order) if s.name == "group" else s
    ).reset_index(drop=True)


def window_means(study: StudyRuns) -> pd.DataFrame:
    """Group means over the T2 windows (all enrolled student-weeks, as the targets count).

    Args:
        study: The process-study runs.

    Returns:
        One row per window and variable: the three group means and the difference
        dropouts minus stayers; also the pooled student counts.
    """
    w = study.weekly
    w = w[w["enrolled"] & (w["study_group"] != "other")]
    rows = []
    for name, (lo, hi) in {"Dec-Feb": (DEC, FEB_END), "Apr-Jul": (APR, JUL)}.items():
        ww = w[w["week"].between(lo, hi)]
        means = ww.groupby("study_group")[list(GROUP_STATES)].mean()
        for v in GROUP_STATES:
            m = means[v].reindex(list(GROUP_LABELS))
            rows.append(
                {
                    "window": name,
                    "weeks": f"{lo}-{hi}",
                    "variable": v,
                    **{g: float(m[g]) for g in GROUP_LABELS},
                    "dropouts_minus_stayers": float(m["dropouts"] - m["stayers"]),
                }
            )
    return pd.DataFrame(rows)


def cal_month(start_year: int, week: int) -> str:
    """Month and year of a week of the first school year, e.g. 'Jun 2026'."""
    d = SchoolCalendar(start_year, 1)[week].date
    return f"{MONTHS[d.month - 1]} {d.year}"


def _month_ticks(ax, cal: SchoolCalendar, weeks: range) -> None:
    ticks = [w for w in weeks if cal[w].date.day <= 7]
    ax.set_xticks(ticks)
    ax.set_xticklabels([MONTHS[cal[w].month - 1] for w in ticks])


def plot_group_trajectories(table: pd.DataFrame, start_year: int, path: Path) -> None:
    """Figure 1: four panels, one line and band per study group.

    Args:
        table: Output of :func:`group_trajectories`.
        start_year: Calendar year of week 0.
        path: PNG to write.
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
    fig.savefig(path, dpi=110)


# --- 2. aligned on the week of leaving ----------------------------------------------------


def aligned_trajectories(study: StudyRuns) -> pd.DataFrame:
    """Means by week relative to the first exit, school leavers vs switchers.

    Week 0 is the first week not enrolled (as in :func:`vsvsim.targets.aligned`). Every
    leaver of the cohorts counts (pooled across replications); leavers late in the year
    have fewer weeks after leaving, so ``n`` shrinks after week 0. Programme-specific
    states are frozen after leaving and are given for weeks before leaving only.

    Args:
        study: The process-study runs.

    Returns:
        One row per route, variable and relative week: ``n``, ``mean``, ``sd``, ``low``,
        ``high`` (95% band of the mean over students).
    """
    st = study.students
    who = st.loc[st["outcome"].isin(ROUTE_LABELS), ["replication", "student_id", "outcome"]]
    who = who.assign(left_week=st.loc[who.index, "left_week"].astype(int))
    w = study.weekly.merge(who, on=["replication", "student_id"])
    w["rel_week"] = (w["week"] - w["left_week"]).astype(int)
    w = w[w["rel_week"].between(-ALIGN_WEEKS, ALIGN_WEEKS)]
    tables = []
    for v in ALIGNED_STATES:
        ww = w[w["rel_week"] < 0] if v in PROGRAMME_SPECIFIC else w
        t = _band(ww, ["outcome", "rel_week"], v)
        t.insert(1, "variable", v)
        tables.append(t)
    return pd.concat(tables, ignore_index=True)


def aligned_changes(table: pd.DataFrame) -> pd.DataFrame:
    """Change of the pooled mean over the T3 windows (weeks -9 to -1 and 0 to 8).

    Args:
        table: Output of :func:`aligned_trajectories`.

    Returns:
        One row per route, variable and window with the change (NaN where not defined).
    """
    rows = []
    for (route, v), t in table.groupby(["outcome", "variable"]):
        m = t.set_index("rel_week")["mean"]
        for name, (lo, hi) in {"before": BEFORE, "after": AFTER}.items():
            ok = lo in m.index and hi in m.index
            rows.append(
                {
                    "outcome": route,
                    "variable": v,
                    "window": name,
                    "change": float(m[hi] - m[lo]) if ok else np.nan,
                }
            )
    return pd.DataFrame(rows)


def plot_aligned(table: pd.DataFrame, path: Path) -> None:
    """Figure 2: six panels, school leavers vs switchers around the week of leaving.

    Args:
        table: Output of :func:`aligned_trajectories`.
        path: PNG to write.
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
    fig.savefig(path, dpi=110)


# --- 3. moments of leaving ----------------------------------------------------------------


def leaving_months(settings: Settings) -> tuple[pd.DataFrame, int]:
    """Leavers per month of the school year in the baseline scenario, over replications.

    Args:
        settings: The report's settings (students, replications, seed).

    Returns:
        One row per month (August first): pooled leavers by route, the pooled share with
        the 90% interval of the per-replication shares, the share of abrupt exits; and
        the number of leavers.
    """
    scenario, extra, _ = _scenario_args("levels")
    per_rep, routes, abrupt = [], [], []
    for i in range(settings.replications):
        res = vsvsim.run(
            scenario, students=settings.students, seed=settings.seed + i, overrides=extra
        )
        p = res.scenario.params
        counts = leaving_by_month(res.students, int(p["start_year"]), int(p["years"]))
        per_rep.append(counts.reindex(SCHOOL_MONTHS).to_numpy(float))
        left = res.students[res.students["outcome"].isin(ROUTE_LABELS)]
        routes.append(left.groupby(["left_month", "outcome"], observed=True).size())
        abrupt.append(left[left["exit_route"] == "abrupt"].groupby("left_month").size())
    counts = np.array(per_rep)
    total = counts.sum()
    shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    by_route = pd.concat(routes).groupby(level=[0, 1]).sum()
    n_abrupt = pd.concat(abrupt).groupby(level=0).sum() if abrupt else pd.Series(dtype=float)
    rows = []
    for k, m in enumerate(SCHOOL_MONTHS):
        leavers = float(counts[:, k].sum())
        rows.append(
            {
                "month": m,
                "month_name": MONTHS[m - 1],
                "leavers": int(leavers),
                **{
                    route: int(by_route.get((m, route), 0))
                    for route in ("school_leaver", "switcher")
                },
                "share": leavers / total if total else np.nan,
                "share_p5": float(np.percentile(shares[:, k], 5)),
                "share_p95": float(np.percentile(shares[:, k], 95)),
                "abrupt_share": float(n_abrupt.get(m, 0)) / leavers if leavers else np.nan,
            }
        )
    return pd.DataFrame(rows), int(total)


def plot_leaving_months(table: pd.DataFrame, replications: int, path: Path) -> None:
    """Figure 3: share of leavers per month, stacked by route, with the replication spread.

    Args:
        table: Output of :func:`leaving_months`.
        replications: Replications pooled (for the title).
        path: PNG to write.
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
    fig.savefig(path, dpi=110)


# --- 4. coach actions and goals -----------------------------------------------------------


def coach_shares(study: StudyRuns) -> pd.DataFrame:
    """Shares of coach actions and goals over project-coach contacts, with the brief's rank.

    Args:
        study: The process-study runs.

    Returns:
        One row per category (``kind`` action or goal): contacts, model share (pooled),
        90% interval of the per-replication shares, the model's input weight (base
        frequency times the project profile, normalised) and the brief's rank.
    """
    w = study.weekly
    rows = []
    specs = (
        (
            "action",
            "coach_action",
            ACTIONS,
            ACTION_BASE,
            PROFILES[study.profile][0],
            BRIEF_ACTION_RANK,
        ),
        ("goal", "coach_goal", GOALS, GOAL_BASE, PROFILES[study.profile][1], BRIEF_GOAL_RANK),
    )
    for kind, column, names, base, profile, rank in specs:
        contacts = w[w[column] != "none"]
        counts = contacts.groupby(["replication", column]).size().unstack(fill_value=0)
        counts = counts.reindex(columns=list(names), fill_value=0)
        per_rep = counts.div(counts.sum(axis=1).replace(0, np.nan), axis=0)
        weights = np.asarray(base) * np.asarray(profile)
        weights = weights / weights.sum()
        pooled = counts.sum()
        for k, name in enumerate(names):
            rows.append(
                {
                    "kind": kind,
                    "category": name,
                    "contacts": int(pooled[name]),
                    "share": float(pooled[name] / pooled.sum()) if pooled.sum() else np.nan,
                    "share_p5": _percentile(per_rep[name], 5),
                    "share_p95": _percentile(per_rep[name], 95),
                    "input_weight": float(weights[k]),
                    "brief_rank": rank[name],
                }
            )
    return pd.DataFrame(rows)


def _percentile(x: pd.Series, q: float) -> float:
    return float(np.nanpercentile(x, q)) if x.notna().any() else np.nan


def order_agreement(t: pd.DataFrame) -> tuple[int, int, list[tuple[str, str]]]:
    """Pairs the brief orders strictly: how many the model's shares order the same way.

    Args:
        t: Rows of :func:`coach_shares` for one kind.

    Returns:
        Agreeing pairs, all strictly ordered pairs, and the disagreeing pairs as
        (brief's more frequent, brief's less frequent).
    """
    rows = list(t.itertuples())
    agree, pairs, wrong = 0, 0, []
    for a in rows:
        for b in rows:
            if a.brief_rank < b.brief_rank:
                pairs += 1
                if a.share > b.share:
                    agree += 1
                else:
                    wrong.append((a.category, b.category))
    return agree, pairs, wrong


def _label(name: str) -> str:
    return name.replace("_", " ")


def plot_coach_shares(table: pd.DataFrame, path: Path) -> None:
    """Figure 4: model shares of actions and goals (bars) next to the brief's ranks.

    Args:
        table: Output of :func:`coach_shares`.
        path: PNG to write.
    """
    fig = Figure(figsize=(12, 4.8), layout="constrained")
    axes = fig.subplots(1, 2)
    for ax, kind in zip(axes, ("action", "goal"), strict=True):
        t = table[table["kind"] == kind].sort_values("brief_rank", kind="stable")
        y = np.arange(len(t))[::-1]
        ax.barh(y, t["share"], color="tab:blue", alpha=0.75, label="model share of contacts")
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
                f"{_label(c)}  (brief #{r})"
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
    fig.savefig(path, dpi=110)


# --- 5-6. targets and ablation ------------------------------------------------------------


def ablation(settings: Settings, default_values: pd.DataFrame) -> pd.DataFrame:
    """Every target with each mechanism switched off in turn, against the default.

    The default's values for the same seeds are taken from ``default_values`` (replication
    i uses seed ``seed + i`` however many replications run), so each shift is a paired,
    common-random-number difference.

    Args:
        settings: The report's settings.
        default_values: Per-replication values of the default (output of ``measure``).

    Returns:
        One row per mechanism (``"none"`` for the default) and target: the score columns
        plus the paired shift (mean and 90% interval) and the shift in half-band widths.
    """
    reps = settings.ablation_replications
    base = default_values[default_values["replication"] < reps]
    frames = [score(base).assign(mechanism="none", shift=0.0, shift_p5=0.0, shift_p95=0.0)]
    base_v = base.set_index(["target", "replication"])["value"]
    for mech in MECHANISMS:
        # Some switches make a statistic undefined (no coach effect: experienced support
        # is constant, so T7b's correlation is NaN); the NaN is reported, not warned about.
        with np.errstate(invalid="ignore", divide="ignore"):
            values = measure(
                students=settings.students,
                replications=reps,
                seed=settings.seed,
                overrides={mech: False},
            )
        s = score(values).assign(mechanism=mech)
        diff = values.set_index(["target", "replication"])["value"] - base_v
        by = diff.groupby(level="target")
        s["shift"] = s["target"].map(by.mean())
        s["shift_p5"] = s["target"].map(by.quantile(0.05))
        s["shift_p95"] = s["target"].map(by.quantile(0.95))
        frames.append(s)
    out = pd.concat(frames, ignore_index=True)
    half = (out["high"] - out["low"]) / 2
    out["shift_half_bands"] = out["shift"] / half
    first = ["mechanism", "target"]
    return out[first + [c for c in out.columns if c not in first]]


def read_fit(path: Path) -> pd.DataFrame | None:
    """The fit table of ``experiments/calibrate.py`` with the current defaults, if present.

    A fitted value counts as applied when the current default in ``vsvsim/params.py`` is
    within 2% of the fitting range of it (the defaults are rounded by hand).

    Args:
        path: ``fit.csv``.

    Returns:
        The table with ``current_default`` and ``applied`` added, or None.
    """
    if not path.exists():
        return None
    fit = pd.read_csv(path)
    current = [PARAMETERS[n].default if n in PARAMETERS else np.nan for n in fit["parameter"]]
    fit["current_default"] = pd.to_numeric(pd.Series(current), errors="coerce")
    tol = 0.02 * (fit["range_high"] - fit["range_low"])
    fit["applied"] = (fit["current_default"] - fit["fitted"]).abs() <= tol
    return fit


# --- text ---------------------------------------------------------------------------------


def _f(x: float, digits: int = 3, sign: bool = False) -> str:
    if x is None or not np.isfinite(x):
        return "n/a"
    return f"{x:+.{digits}f}" if sign else f"{x:.{digits}f}"


def _pct(x: float) -> str:
    return "n/a" if not np.isfinite(x) else f"{100 * x:.0f}%"


def _sign(x: float, tol: float = LEVEL_TOL) -> str:
    """'+', '-' or '0' (about level) for a change on the 0-1 scale."""
    if not np.isfinite(x):
        return "?"
    return "+" if x > tol else "-" if x < -tol else "0"


def _movement(x: float) -> str:
    s = _sign(x)
    if s == "?":
        return "not measurable"
    if s == "0":
        return f"stays about level ({_f(x, sign=True)})"
    return f"{'rises' if s == '+' else 'falls'} by {_f(abs(x))}"


def _meets(sign: str, expected: str) -> bool:
    return sign in expected if expected != "0+" else sign in ("0", "+")


def _table(header: list[str], rows: list[list[str]]) -> str:
    def esc(c: str) -> str:
        return str(c).replace("|", "\\|")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def text_group_means(study: StudyRuns, windows: pd.DataFrame, table: pd.DataFrame) -> str:
    """The reading of figure 1, from its numbers."""
    st = study.students
    n = st["study_group"].value_counts()
    reps = study.students["replication"].nunique()
    parts = [
        f"Pooled over {reps} replication(s): {n.get('comparison', 0)} comparison students, "
        f"{n.get('stayers', 0)} coached at-risk stayers and {n.get('dropouts', 0)} coached "
        f"at-risk eventual dropouts (left between weeks {STUDY_START} and {JUL}). "
        f"Bands are 95% intervals of the weekly mean over students (pooled across "
        f"replications; students in one run share schools and classes, so the bands are "
        f"somewhat too narrow). Weeks with fewer than {MIN_N} enrolled students in a group "
        f"are not drawn."
    ]
    at_risk = (st["group"] == "at_risk").sum() / reps
    coached = (st["entered_coaching"] == "preventive").sum() / reps
    capacity = (
        f"Per run, {coached:.0f} of the {at_risk:.0f} students screened at risk entered "
        f"coaching (the scenario has {study.places} places)"
    )
    if coached >= 0.98 * study.places:
        capacity += (
            ": the places run out, so who is coached, and with it the process-study "
            "targets, depends on the cohort size (--students)"
        )
    parts.append(capacity + ".")
    drop = table[(table["group"] == "dropouts") & (table["variable"] == "commitment")]
    drop = drop.set_index("week")["n"]
    if len(drop):
        drawn = drop[drop >= MIN_N]
        last = (
            f"the line ends in week {int(drawn.index.max())} "
            f"({cal_month(study.start_year, int(drawn.index.max()))})"
            if len(drawn)
            else "no week has enough of them to draw"
        )
        parts.append(
            f"Only enrolled weeks count, so the eventual dropouts thin out: "
            f"{int(drop.get(STUDY_START, 0))} enrolled in week {STUDY_START}, "
            f"{int(drop.get(APR, 0))} in week {APR}; {last}. Late in the year their mean "
            "describes the few who leave last."
        )
    early = windows[windows["window"] == "Dec-Feb"].set_index("variable")
    late = windows[windows["window"] == "Apr-Jul"].set_index("variable")
    d_early = {v: early.loc[v, "dropouts_minus_stayers"] for v in GROUP_STATES}
    d_late = {v: late.loc[v, "dropouts_minus_stayers"] for v in GROUP_STATES}
    parts.append(
        "Dec-Feb, eventual dropouts minus stayers: "
        + ", ".join(f"{STATE_LABELS[v]} {_f(d_early[v], sign=True)}" for v in GROUP_STATES)
        + "."
    )
    ahead = [v for v in GROUP_STATES if _sign(d_early[v]) == "+"]
    if len(ahead) == len(GROUP_STATES):
        parts.append("The eventual dropouts start ahead on all four, as T2 expects.")
    elif not ahead:
        parts.append(
            "T2 expects the eventual dropouts to start *ahead* on all four; in the model "
            "they are ahead on none of them (differences within ±0.01 count as level), so "
            "the head start of eventual dropouts is not reproduced."
        )
    else:
        parts.append(
            "T2 expects the eventual dropouts to start ahead on all four; in the model they "
            "are ahead only on " + ", ".join(STATE_LABELS[v] for v in ahead) + "."
        )
    parts.append(
        "Apr-Jul: "
        + ", ".join(f"{STATE_LABELS[v]} {_f(d_late[v], sign=True)}" for v in GROUP_STATES)
        + "."
    )
    late_ok = [v for v in GROUP_STATES if _meets(_sign(d_late[v]), T2_LATE[v])]
    late_bad = [v for v in GROUP_STATES if v not in late_ok]
    parts.append(
        "T2 expects commitment, time investment and confidence below the stayers' and "
        "wellbeing about equal; "
        + (
            "the model matches all four."
            if not late_bad
            else "the model matches on "
            + (", ".join(STATE_LABELS[v] for v in late_ok) or "none")
            + " but not on "
            + ", ".join(STATE_LABELS[v] for v in late_bad)
            + "."
        )
    )
    leads = []
    for v in GROUP_STATES:
        t = table[(table["variable"] == v) & (table["n"] >= MIN_N)]
        wide = t.pivot(index="week", columns="group", values="mean").dropna()
        if not {"comparison", "stayers", "dropouts"} <= set(wide.columns) or wide.empty:
            continue
        top = (wide["comparison"] > wide[["stayers", "dropouts"]].max(axis=1)).sum()
        leads.append(f"{STATE_LABELS[v]} {top} of {len(wide)}")
    if leads:
        parts.append(
            "Weeks in which the comparison group is above both at-risk groups (T2: all "
            "year): " + "; ".join(leads) + "."
        )
    return " ".join(parts)


def text_aligned(table: pd.DataFrame, changes: pd.DataFrame) -> str:
    """The reading of figure 2, from its numbers."""
    c = changes.set_index(["outcome", "window", "variable"])["change"]
    n0 = table[(table["rel_week"] == -1) & (table["variable"] == "wellbeing")]
    n0 = n0.set_index("outcome")["n"]
    n12 = table[(table["rel_week"] == ALIGN_WEEKS) & (table["variable"] == "wellbeing")]
    n12 = n12.set_index("outcome")["n"]
    parts = [
        f"All leavers of the process-study cohorts: {int(n0.get('school_leaver', 0))} school "
        f"leavers and {int(n0.get('switcher', 0))} switchers (students in their last "
        f"enrolled week); {int(n12.get('school_leaver', 0))} and "
        f"{int(n12.get('switcher', 0))} of them are still observed {ALIGN_WEEKS} weeks after "
        "leaving (the run ends in August), so the right-hand side is carried by earlier "
        f"leavers. Changes over weeks {BEFORE[0]} to {BEFORE[1]} (before) and {AFTER[0]} to "
        f"{AFTER[1]} (after), on the pooled means:"
    ]
    for route, label in ROUTE_LABELS.items():
        bits = []
        for v in ALIGNED_STATES:
            b = c.get((route, "before", v), np.nan)
            a = c.get((route, "after", v), np.nan)
            s = f"{STATE_LABELS[v]} {_movement(b)} before"
            if v not in PROGRAMME_SPECIFIC:
                s += f" and {_movement(a)} after"
            bits.append(s)
        parts.append(f"{label.capitalize()}: " + "; ".join(bits) + ".")
    ok, bad = 0, []
    for (route, window), expect in T3_EXPECT.items():
        for v, e in expect.items():
            s = _sign(c.get((route, window, v), np.nan))
            if _meets(s, e):
                ok += 1
            else:
                want = {"-": "a decline", "0+": "no decline", "+": "a rise"}[e]
                bad.append(f"{ROUTE_LABELS[route]}' {STATE_LABELS[v]} {window} (brief: {want})")
    total = ok + len(bad)
    parts.append(
        f"Against the brief's T3 pattern (a change within ±{LEVEL_TOL} counts as level) the "
        f"model agrees on {ok} of {total} comparisons"
        + ("." if not bad else "; it does not on " + "; ".join(bad) + ".")
    )
    return " ".join(parts)


def text_leaving(table: pd.DataFrame, total: int, settings: Settings) -> str:
    """The reading of figure 3, from its numbers."""
    if total == 0:
        return "No student left in the baseline runs, so there is no timing to show."
    t = table.set_index("month_name")
    peak = t["share"].idxmax()
    first = t.loc[["Aug", "Sep", "Oct", "Nov", "Dec", "Jan"], "leavers"].sum() / total
    summer = t.loc[["Jul", "Aug"], "leavers"].sum() / total
    rest = t.drop(index=peak)
    abrupt_rest = rest["abrupt_share"].mul(rest["leavers"]).sum() / max(rest["leavers"].sum(), 1)
    return (
        f"{total} first exits in {settings.replications} baseline run(s) of "
        f"{settings.students} students. The most leave in {peak} "
        f"({_pct(t.loc[peak, 'share'])} of all leavers, 90% interval over replications "
        f"{_pct(t.loc[peak, 'share_p5'])}-{_pct(t.loc[peak, 'share_p95'])}); "
        f"{_pct(first)} leave in the first semester (Aug-Jan) and {_pct(summer)} in July "
        f"and August. {_pct(t.loc[peak, 'abrupt_share'])} of the exits in {peak} are "
        f"abrupt, against {_pct(abrupt_rest)} in the other months. School leavers: "
        f"{int(t['school_leaver'].sum())}, switchers: {int(t['switcher'].sum())}. The brief "
        "gives no target for the timing; this figure is a check on plausibility."
    )


def text_coach(table: pd.DataFrame) -> str:
    """The reading of figure 4, from its numbers."""
    parts = []
    for kind in ("action", "goal"):
        t = table[table["kind"] == kind]
        if t["contacts"].sum() == 0:
            parts.append(f"No project-coach contacts were recorded, so no {kind} shares.")
            continue
        order = t.sort_values("share", ascending=False)
        agree, pairs, wrong = order_agreement(t)
        parts.append(
            f"{kind.capitalize()}s over {int(t['contacts'].sum())} contacts, most frequent "
            "first: "
            + ", ".join(f"{_label(r.category)} {_pct(r.share)}" for r in order.itertuples())
            + f". The model orders {agree} of the {pairs} pairs the brief ranks the same way"
            + (
                "."
                if not wrong
                else "; it reverses "
                + ", ".join(f"{_label(a)} before {_label(b)}" for a, b in wrong)
                + " (brief's order)."
            )
        )
        w_agree, _, _ = order_agreement(t.assign(share=t["input_weight"]))
        if w_agree == pairs:
            parts.append(
                "The input weights already follow the brief's order, so this agreement is "
                "by construction; what the run checks is that the state-dependent tilt does "
                "not undo it."
            )
        drift = (t["share"] - t["input_weight"]).abs()
        worst = t.loc[drift.idxmax()]
        parts.append(
            f"The largest gap between the input weight and the resulting share is "
            f"{_label(worst.category)} ({_pct(worst.input_weight)} in, {_pct(worst.share)} "
            "out): the weights are tilted by what each student needs at the moment."
        )
    parts.append(
        "In the study an action could belong to several categories at once; the model "
        "draws one action and one goal per contact, so its shares sum to 1."
    )
    return " ".join(parts)


def text_ablation(abl: pd.DataFrame, replications: int) -> str:
    """Per mechanism: which targets move, in half-band widths, and which flip pass/fail."""
    base = abl[abl["mechanism"] == "none"].set_index("target")
    lines = []
    clear_rule = replications >= 3
    for mech in MECHANISMS:
        s = abl[abl["mechanism"] == mech].set_index("target")
        big = s[s["shift_half_bands"].abs() >= 0.5].copy()
        big = big.reindex(big["shift_half_bands"].abs().sort_values(ascending=False).index)
        moves = []
        for tid, r in big.head(5).iterrows():
            mark = ""
            if clear_rule and (r["shift_p5"] > 0 or r["shift_p95"] < 0):
                mark = ", clear"
            moves.append(
                f"{tid} {_f(base.loc[tid, 'model'])} → {_f(r['model'])} "
                f"({_f(r['shift_half_bands'], 1, sign=True)} half-bands{mark})"
            )
        lost = [
            t
            for t in s.index
            if np.isfinite(base.loc[t, "model"]) and not np.isfinite(s.loc[t, "model"])
        ]
        flips_bad = [
            t for t in s.index if base.loc[t, "pass"] and not s.loc[t, "pass"] and t not in lost
        ]
        flips_good = [t for t in s.index if not base.loc[t, "pass"] and s.loc[t, "pass"]]
        text = f"- **{MECH_LABELS[mech]}** off: "
        text += "; ".join(moves) if moves else "no target moves by half a band-width or more"
        if flips_bad:
            text += ". Newly failing: " + ", ".join(flips_bad)
        if flips_good:
            text += ". Newly passing: " + ", ".join(flips_good)
        if lost:
            text += ". No longer measurable (too few cases or a constant): " + ", ".join(lost)
        lines.append(text + ".")
    return "\n".join(lines)


#: Targets the ablation text reads pattern by pattern (failing targets are added).
KEY_TARGETS = ("T1a", "T1d", "T2a", "T2c", "T3a", "T3c", "T4a", "T4b", "T4c", "T4d")
#: Smallest shift, in half-band widths, the pattern-by-pattern text mentions.
MIN_SHIFT = 0.25


def text_patterns(abl: pd.DataFrame, replications: int) -> str:
    """Per key target: what each mechanism adds to it (all on minus off), towards the band?

    A mechanism's contribution is the negated paired shift of switching it off. It is
    named when it is at least :data:`MIN_SHIFT` half-band widths and, with three or more
    replications, its 90% interval excludes zero.

    Args:
        abl: Output of :func:`ablation`.
        replications: Replications per ablation.

    Returns:
        One markdown bullet per key target.
    """
    base = abl[abl["mechanism"] == "none"].set_index("target")
    failing = [t for t in base.index if not base.loc[t, "pass"]]
    keys = [t.id for t in TARGETS if t.id in KEY_TARGETS or t.id in failing]
    lines = []
    for tid in keys:
        b = base.loc[tid]
        s = abl[(abl["mechanism"] != "none") & (abl["target"] == tid)]
        s = s.rename(columns={"pass": "pass_"})
        s = s.reindex(s["shift_half_bands"].abs().sort_values(ascending=False).index)
        bits = []
        for r in s.itertuples():
            if not np.isfinite(r.shift_half_bands) or abs(r.shift_half_bands) < MIN_SHIFT:
                continue
            if replications >= 3 and r.shift_p5 <= 0 <= r.shift_p95:
                continue
            added = -r.shift
            word = "raises" if added > 0 else "lowers"
            if b["pass"] and not r.pass_:
                where = "fails without it"
            elif not b["pass"] and r.pass_:
                where = "passes only without it"
            elif r.implausibility > b["implausibility"]:
                where = "towards the band"
            elif r.implausibility < b["implausibility"]:
                where = "away from the band"
            else:
                where = "inside the band either way"
            bits.append(f"{MECH_LABELS[r.mechanism]} {word} it by {_f(abs(added))} ({where})")
        status = "passes" if b["pass"] else "**fails**"
        lines.append(
            f"- **{tid}** ({b['description']}; band {_f(b['low'])} to {_f(b['high'])}; all on "
            f"{_f(b['model'])}, {status}): "
            + ("; ".join(bits) if bits else "no mechanism moves it clearly")
            + "."
        )
    return "\n".join(lines)


def _interval_position(r: pd.Series, replications: int) -> str:
    if not np.isfinite(r["model"]):
        return "the model gives no value (too few cases)"
    if replications < 2:
        return "with one replication there is no interval to judge the seed-to-seed spread"
    if r["p5"] >= r["low"] and r["p95"] <= r["high"]:
        return "the whole 90% interval over replications lies inside the band"
    if r["p95"] < r["low"] or r["p5"] > r["high"]:
        return "the whole 90% interval over replications lies outside the band"
    return "the 90% interval over replications straddles the band's edge"


def text_how_sure(scores: pd.DataFrame, abl: pd.DataFrame, replications: int) -> str:
    """Per target: the source's confidence, the band, the model's spread and its drivers."""
    scores = scores.rename(columns={"pass": "pass_"})
    lines = []
    for r in scores.itertuples():
        row = scores.set_index("target").loc[r.target]
        s = abl[(abl["mechanism"] != "none") & (abl["target"] == r.target)]
        s = s.assign(a=s["shift_half_bands"].abs()).sort_values("a", ascending=False)
        drivers = [
            f"{MECH_LABELS[m]} ({_f(x, 1, sign=True)})"
            for m, x in zip(s["mechanism"], s["shift_half_bands"], strict=True)
            if np.isfinite(x) and abs(x) >= MIN_SHIFT
        ][:3]
        verdict = "passes" if r.pass_ else "**fails**"
        lines.append(
            f"- **{r.target}** ({r.source}; {r.confidence}). Band {_f(r.low)} to "
            f"{_f(r.high)}; model {_f(r.model)} (90% {_f(r.p5)} to {_f(r.p95)}): {verdict}, "
            f"and {_interval_position(row, replications)}. "
            + (
                "Moved most by switching off: "
                + ", ".join(drivers)
                + " (shift in half-band widths)."
                if drivers
                else "No mechanism moves it by a quarter of a band-width or more."
            )
        )
    return "\n".join(lines)


# --- the report ---------------------------------------------------------------------------


def _git() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"`{head}`" + (" plus uncommitted changes" if dirty else "")


def _fit_section(fit: pd.DataFrame | None, path: Path) -> str:
    if fit is None:
        return (
            f"No fit table was found (`{_rel(path)}`): the parameters are the hand-set "
            "defaults of `vsvsim/params.py`. Run `uv run python experiments/calibrate.py` "
            "to fit them."
        )
    applied = int(fit["applied"].sum())
    rows = [
        [
            f"`{r.parameter}`",
            f"{r.fitted:.3g}",
            f"{r.top_p5:.3g} to {r.top_p95:.3g}",
            f"{r.range_low:.3g} to {r.range_high:.3g}",
            f"{r.previous_default:.3g}",
            f"{r.current_default:.3g}",
            "yes" if r.applied else "no",
        ]
        for r in fit.itertuples()
    ]
    note = (
        f"{applied} of {len(fit)} fitted values are the current defaults (within 2% of "
        "the fitting range)"
    )
    if applied < len(fit):
        note += (
            "; **this report runs the model at the current defaults**, so where the fit is "
            "not applied, the table below does not show the fitted model"
        )
    return (
        f"`experiments/calibrate.py` fits {len(fit)} free parameters (mechanism strengths "
        "and cohort parameters; never an outcome) by history matching in waves: Latin "
        "hypercubes over the fitting ranges, each wave in the box of the best points so far, "
        "every point run on the same seeds and scored by the summed squared implausibility "
        "(distance outside each band in half-band widths, for sign targets such as T2 and "
        "T3 in units of `SIGN_SCALE` = 0.03, optionally against bands narrowed "
        "by a margin), then the best points re-run on fresh seeds, which chooses the fit "
        f"(the docstring gives the exact command). Its result, `{_rel(path)}` (every "
        "sampled point is in "
        "`fit_samples.parquet` next to it), is summarised here. The interval is the "
        "5th-95th percentile of the best points: every value in it fits about as well. "
        f"{note}.\n\n"
        + _table(
            [
                "parameter",
                "fitted",
                "best points",
                "fitting range",
                "previous default",
                "current default",
                "applied",
            ],
            rows,
        )
    )


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def _target_rows(scores: pd.DataFrame) -> list[list[str]]:
    return [
        [
            r.target,
            r.description,
            _f(r.model),
            f"{_f(r.p5)} to {_f(r.p95)}",
            f"{_f(r.low)} to {_f(r.high)}",
            "pass" if r.pass_ else "**FAIL**",
            r.source,
            r.confidence,
        ]
        for r in scores.itertuples()
    ]


def _ablation_table(abl: pd.DataFrame) -> str:
    wide = abl.pivot(index="target", columns="mechanism", values="model")
    ok = abl.pivot(index="target", columns="mechanism", values="pass")
    band = abl[abl["mechanism"] == "none"].set_index("target")
    cols = ["none", *MECHANISMS]
    rows = []
    for t in (x.id for x in TARGETS):
        cells = [t, f"{_f(band.loc[t, 'low'])} to {_f(band.loc[t, 'high'])}"]
        for m in cols:
            v = _f(wide.loc[t, m])
            cells.append(v if ok.loc[t, m] else f"{v} ✗")
        rows.append(cells)
    return _table(
        ["target", "band", "all on", *(f"{MECH_LABELS[m]} off" for m in MECHANISMS)], rows
    )


def write_markdown(
    settings: Settings,
    results: dict,
    seconds: dict[str, float],
) -> Path:
    """Write ``calibration.md`` from the computed tables and texts.

    Args:
        settings: The report's settings.
        results: Tables and texts computed by :func:`main`.
        seconds: Wall-clock seconds per stage.

    Returns:
        The path written.
    """
    scores = results["scores"].rename(columns={"pass": "pass_"})
    failing = scores.loc[~scores["pass_"], "target"].tolist()
    total = sum(seconds.values())
    load = results["load"]
    stages = ", ".join(f"{k} {v:.0f} s" for k, v in seconds.items())
    runs = ", ".join(
        f"`{k}`: scenario `{s}`" + (f" with {extra}" if extra else "")
        for k, (s, extra, _) in SCENARIO_RUNS.items()
    )
    fig = f"{SUBDIR}/"
    fail_text = (
        f"**{len(scores) - len(failing)} of {len(scores)} targets pass.** Failing: "
        + "; ".join(
            f"{r.target} ({r.description}: model {_f(r.model)}, band {_f(r.low)} to {_f(r.high)})"
            for r in scores[~scores["pass_"]].itertuples()
        )
        + "."
        if failing
        else f"**All {len(scores)} targets pass.**"
    )
    md = f"""# Calibration report

*Generated by `experiments/calibration_report.py`; do not edit by hand.*

Regenerate with:

```bash
{settings.command()}
```

Generated {results["date"]} from commit {results["git"]}, with {settings.students} students
per run, {settings.replications} replication(s) for the target table and the figures
(replication i uses seed {settings.seed} + i) and {settings.ablation_replications} for each
ablation{" (**quick smoke run: numbers are not meaningful**)" if settings.quick else ""}.
The whole report took **{total:.0f} s** ({stages}) on {os.cpu_count()} cores, load
average {load:.2f} at the start.

## What is calibrated, and how

The model's default parameters should reproduce the patterns of brief section 6 (targets
T1-T7, plus any further pattern `vsvsim/targets.py` adds; {len(scores)} statistics in all),
each as a tolerance band rather than a number to hit. `vsvsim/targets.py` encodes every
target: the scenario it is measured on ({runs}), its statistic, its band and how sure
the source is. Each target scenario is run {settings.replications} time(s); the table gives
the mean over replications, its 90% interval (5th-95th percentile over replications) and
whether the mean lies inside the band.

{_fit_section(results["fit"], settings.fit)}

## Targets: model against band

{
        _table(
            ["target", "what", "model", "90% interval", "band", "pass", "source", "how sure"],
            _target_rows(scores),
        )
    }

{fail_text}

Numbers: `{fig}targets.csv` (this table) and `{fig}target_values.csv` (every replication).

## Figures

### 1. Process study: the three groups over the year

![weekly group means]({fig}group_means.png)

{results["text_groups"]}

Numbers: `{fig}group_means.csv` (weekly) and `{fig}group_means_windows.csv` (the T2
windows).

### 2. Around the moment of leaving: school leavers and switchers

![aligned on leaving]({fig}aligned_leaving.png)

{results["text_aligned"]}

Numbers: `{fig}aligned_leaving.csv` and `{fig}aligned_leaving_changes.csv`.

### 3. When students leave

![leaving by month]({fig}leaving_by_month.png)

{results["text_leaving"]}

Numbers: `{fig}leaving_by_month.csv`.

### 4. What coaches do

![coach actions and goals]({fig}coach_actions.png)

The brief (section 4, UCA ch. 4-5) ranks actions: confronting most, then emotional support,
then low-threshold contact and involving the environment, schoolwork support and motivating
in between, exercises least; goals: relationship, self-insight, changing the environment,
emotional wellbeing, school skills least. The bars are the model's shares of project-coach
contacts (pooled; error bars: 90% interval over replications), the diamonds the input
weights the coaching module starts from; "brief #3" twice means the brief ranks the two
together.

{results["text_coach"]}

Numbers: `{fig}coach_actions.csv`.

## Ablation: what each mechanism contributes

Each of the nine mechanisms switched off in turn (its neutral replacement runs where it has
one; ODD section 7), every target measured on the same seeds as the default with
{settings.ablation_replications} replication(s) of {settings.students} students. A value
marked ✗ is outside its band.

{_ablation_table(results["ablation"])}

Shifts from the default of at least half a band-width (half-band widths = shift divided by
half the band; paired on the same seeds{
        ", 'clear' when the 90% interval of the paired shift excludes zero"
        if settings.ablation_replications >= 3
        else ""
    }):

{results["text_ablation"]}

Pattern by pattern: what each mechanism adds (value with all mechanisms on minus value
with it off{
        ", on the same seeds; only shifts whose 90% interval excludes zero"
        if settings.ablation_replications >= 3
        else ""
    }, of at least
{MIN_SHIFT} half-band widths), and whether that moves the model towards its band:

{results["text_patterns"]}

Numbers: `{fig}ablation.csv` (with the paired shifts and their intervals).

## How sure

The bands are wide on purpose. The process-study targets (T1-T3, T7) rest on about 130
coached students with 17 dropouts; the national figures (T4, T6) are aggregates the default
cohort only approximates; the project figures (T5) come from 20 coaching projects. A pass
says the model is compatible with the pattern, not that it is confirmed by it.

{results["text_how_sure"]}
"""
    path = settings.out / "calibration.md"
    path.write_text(md)
    return path


def _parse(argv: list[str] | None) -> Settings:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--students",
        type=int,
        default=None,
        help="initial cohort of every run (default 3000; 400 with --quick)",
    )
    ap.add_argument(
        "--replications",
        type=int,
        default=None,
        help="replications of the target table and figures (default 5; 1 quick)",
    )
    ap.add_argument(
        "--ablation-replications",
        type=int,
        default=None,
        help="replications of each ablation (default: as --replications)",
    )
    ap.add_argument("--seed", type=int, default=0, help="seed of replication 0")
    ap.add_argument("--quick", action="store_true", help="fast smoke run (tiny cohort)")
    ap.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="directory receiving calibration.md and calibration/ (default docs)",
    )
    ap.add_argument(
        "--fit",
        type=Path,
        default=DEFAULT_FIT,
        help="fit table of experiments/calibrate.py (read only)",
    )
    a = ap.parse_args(argv)
    students = a.students or (400 if a.quick else 3000)
    reps = a.replications or (1 if a.quick else 5)
    abl = a.ablation_replications or reps
    if min(students, reps, abl) < 1:
        ap.error("--students and the replications must be at least 1")
    if abl > reps:
        ap.error("--ablation-replications cannot exceed --replications (it reuses their runs)")
    return Settings(students, reps, abl, a.seed, a.quick, a.out, a.fit)


def main(argv: list[str] | None = None) -> dict[str, Path]:
    """Run everything and write the report.

    Args:
        argv: Command-line arguments (default: ``sys.argv``).

    Returns:
        Every file written, by name.
    """
    settings = _parse(argv)
    settings.figures.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    seconds: dict[str, float] = {}
    files: dict[str, Path] = {}
    fig = settings.figures

    def save(name: str, df: pd.DataFrame) -> None:
        files[name] = fig / name
        df.to_csv(fig / name, index=False, float_format="%.5g")

    t0 = time.perf_counter()
    values = measure(
        students=settings.students, replications=settings.replications, seed=settings.seed
    )
    scores = score(values)
    save("target_values.csv", values)
    save("targets.csv", scores)
    seconds["targets"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    study = run_process_study(settings)
    groups = group_trajectories(study)
    windows = window_means(study)
    save("group_means.csv", groups)
    save("group_means_windows.csv", windows)
    plot_group_trajectories(groups, study.start_year, fig / "group_means.png")
    aligned_t = aligned_trajectories(study)
    changes = aligned_changes(aligned_t)
    save("aligned_leaving.csv", aligned_t)
    save("aligned_leaving_changes.csv", changes)
    plot_aligned(aligned_t, fig / "aligned_leaving.png")
    coach = coach_shares(study)
    save("coach_actions.csv", coach)
    plot_coach_shares(coach, fig / "coach_actions.png")
    months, n_left = leaving_months(settings)
    save("leaving_by_month.csv", months)
    plot_leaving_months(months, settings.replications, fig / "leaving_by_month.png")
    for name in ("group_means", "aligned_leaving", "coach_actions", "leaving_by_month"):
        files[f"{name}.png"] = fig / f"{name}.png"
    seconds["figures"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    abl = ablation(settings, values)
    save("ablation.csv", abl)
    seconds["ablation"] = time.perf_counter() - t0

    results = {
        "scores": scores,
        "fit": read_fit(settings.fit),
        "ablation": abl,
        "load": load,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "git": _git(),
        "text_groups": text_group_means(study, windows, groups),
        "text_aligned": text_aligned(aligned_t, changes),
        "text_leaving": text_leaving(months, n_left, settings),
        "text_coach": text_coach(coach),
        "text_ablation": text_ablation(abl, settings.ablation_replications),
        "text_patterns": text_patterns(abl, settings.ablation_replications),
        "text_how_sure": text_how_sure(scores, abl, settings.replications),
    }
    files["calibration.md"] = write_markdown(settings, results, seconds)
    passed = int(scores["pass"].sum())
    print(
        f"{passed} of {len(scores)} targets pass; failing: "
        f"{', '.join(scores.loc[~scores['pass'], 'target']) or 'none'}"
    )
    print(
        f"wrote {files['calibration.md']} and {len(files) - 1} files in {fig} "
        f"({sum(seconds.values()):.0f} s)"
    )
    return files


if __name__ == "__main__":
    main()
