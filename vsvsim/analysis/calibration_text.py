"""Text of the calibration report: the prose and markdown tables of ``docs/calibration.md``.

Every reading of a figure is generated from the figure's numbers
(:mod:`vsvsim.analysis.calibration`), so the text cannot drift from what the figures
show. :func:`markdown` assembles the whole page; ``experiments/calibration_report.py``
writes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from vsvsim.analysis.calibration import (
    AFTER,
    ALIGN_WEEKS,
    ALIGNED_STATES,
    BEFORE,
    GROUP_STATES,
    MECH_LABELS,
    MECHANISMS,
    MIN_N,
    PROGRAMME_SPECIFIC,
    ROUTE_LABELS,
    STATE_LABELS,
    CalibrationTables,
    Settings,
    StudyRuns,
    cal_month,
    category_label,
    order_agreement,
)
from vsvsim.analysis.guard import SE_WIDEN
from vsvsim.analysis.seeds import CHOOSE, FIT, GUARD, GUARD_BLOCK, GUARD_BLOCKS, HISTORICAL
from vsvsim.analysis.targets import (
    APR,
    JUL,
    SCENARIO_RUNS,
    STUDY_START,
    TARGET_BASIS,
    TARGETS,
)

__all__ = [
    "SUBDIR",
    "Provenance",
    "markdown",
    "text_ablation",
    "text_aligned",
    "text_coach",
    "text_group_means",
    "text_guard",
    "text_how_sure",
    "text_leaving",
    "text_patterns",
]

#: Folder of the figures and tables, next to ``calibration.md`` (the markdown links into it).
SUBDIR = "calibration"
#: A change smaller than this (on the 0-1 state scale) is called "about level" in the text.
LEVEL_TOL = 0.01

#: What T2 (late window) and T3 expect, as (variable, expected sign of the change) pairs.
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
class Provenance:
    """Where and how a report was made: what the page says about its own run.

    Attributes:
        command: The command line that regenerates the report.
        date: When it was generated (text, e.g. ``"2026-12-01 20:00 UTC"``).
        git: The commit it was generated from, as markdown.
        load: Load average at the start.
        cores: CPUs of the machine.
        seconds: Wall-clock seconds per stage, in order.
        fit_path: The fit table's path as the page names it.
        guard_path: The guard's per-block table's path as the page names it.
    """

    command: str
    date: str
    git: str
    load: float
    cores: int | None
    seconds: dict[str, float]
    fit_path: str
    guard_path: str = f"docs/{SUBDIR}/guard_blocks.csv"


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
    """The reading of figure 1, from its numbers: group sizes, capacity, the T2 windows.

    Args:
        study: The process-study runs.
        windows: Output of :func:`vsvsim.analysis.calibration.window_means`.
        table: Output of :func:`vsvsim.analysis.calibration.group_trajectories`.

    Returns:
        One paragraph of markdown.
    """
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
    """The reading of figure 2, from its numbers: each route's changes against T3.

    Args:
        table: Output of :func:`vsvsim.analysis.calibration.aligned_trajectories`.
        changes: Output of :func:`vsvsim.analysis.calibration.aligned_changes`.

    Returns:
        One paragraph of markdown.
    """
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
    """The reading of figure 3, from its numbers: peak month, semester, abrupt exits.

    Args:
        table: First output of :func:`vsvsim.analysis.calibration.leaving_months`.
        total: Leavers behind ``table``.
        settings: The report's settings (replications and students, for the text).

    Returns:
        One paragraph of markdown.
    """
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
    """The reading of figure 4, from its numbers: shares against the brief's order.

    Args:
        table: Output of :func:`vsvsim.analysis.calibration.coach_shares`.

    Returns:
        One paragraph of markdown.
    """
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
            + ", ".join(f"{category_label(r.category)} {_pct(r.share)}" for r in order.itertuples())
            + f". The model orders {agree} of the {pairs} pairs the brief ranks the same way"
            + (
                "."
                if not wrong
                else "; it reverses "
                + ", ".join(f"{category_label(a)} before {category_label(b)}" for a, b in wrong)
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
            f"{category_label(worst.category)} ({_pct(worst.input_weight)} in, {_pct(worst.share)} "
            "out): the weights are tilted by what each student needs at the moment."
        )
    parts.append(
        "In the study an action could belong to several categories at once; the model "
        "draws one action and one goal per contact, so its shares sum to 1."
    )
    return " ".join(parts)


def text_ablation(abl: pd.DataFrame, replications: int) -> str:
    """Per mechanism: which targets move, in half-band widths, and which flip pass/fail.

    Args:
        abl: Output of :func:`vsvsim.analysis.calibration.ablation`.
        replications: Replications per ablation (with three or more, a shift whose 90%
            interval excludes zero is marked clear).

    Returns:
        One markdown bullet per mechanism.
    """
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
        abl: Output of :func:`vsvsim.analysis.calibration.ablation`.
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
    """Per target: the source's confidence, the band, the model's spread and its drivers.

    Args:
        scores: The target table (output of ``score``).
        abl: Output of :func:`vsvsim.analysis.calibration.ablation`.
        replications: Replications of the target table.

    Returns:
        One markdown bullet per target.
    """
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


def _ranges(rs: tuple[range, ...]) -> str:
    return ", ".join(f"{r.start}-{r.stop - 1}" for r in rs)


def _block_list(blocks: list[int]) -> str:
    return ("block " if len(blocks) == 1 else "blocks ") + ", ".join(map(str, blocks))


def text_guard(blocks: pd.DataFrame | None, path: str) -> str:
    """The guard's rule, its seeds and how many of its blocks pass at the defaults.

    Args:
        blocks: The per-block table of ``experiments/guard.py``
            (:func:`vsvsim.analysis.guard.read_guard`), or None when it was not run.
        path: Where that table is, as the page names it.

    Returns:
        Markdown paragraphs.
    """
    rule = (
        "`tests/test_calibration.py` and `experiments/guard.py` (`vsvsim.analysis.guard`) "
        f"run every target scenario on blocks of {GUARD_BLOCK} seeds, one replication per "
        f"seed: {GUARD_BLOCKS} blocks covering seeds {GUARD.start}-{GUARD.stop - 1} "
        "(`vsvsim.analysis.seeds`), which neither the fits' simulations "
        f"({FIT.start}-{FIT.stop - 1}), the choice of the representative point and the "
        f"predictive checks ({CHOOSE.start}-{CHOOSE.stop - 1}) nor the earlier fits and guard "
        f"({_ranges(HISTORICAL)}) use. A target passes a block when the mean of its "
        f"{GUARD_BLOCK} replications lies within its band widened by {SE_WIDEN:g} standard "
        "errors of that mean (sample SD over the replications with a value, divided by the "
        "square root of their number): the widening allows for the Monte Carlo error of the "
        "mean and nothing more, so a mean sitting on a band's edge fails now and then. A "
        "block passes when every target does. Block 0 runs in the quick test suite, blocks "
        f"1-{GUARD_BLOCKS - 1} in the slow one."
    )
    if blocks is None or blocks.empty:
        return (
            rule + f"\n\nNo guard table was found (`{path}`): run `uv run python "
            "experiments/guard.py` to measure how many blocks pass."
        )
    n, passing = len(blocks), int(blocks["pass"].sum())
    students = ", ".join(str(x) for x in sorted(blocks["students"].unique()))
    where = ""
    if "commit" in blocks:
        where = f", measured at commit `{blocks['commit'].iloc[0]}` on {blocks['date'].iloc[0]}"
    parts = [
        f"`{path}` ({students} students a run{where}): **{passing} of {n} blocks pass "
        f"({passing / n:.0%}).**"
    ]
    failed = blocks[~blocks["pass"]]
    if len(failed):
        parts.append(
            "Failing: "
            + "; ".join(
                f"block {r.block}: {', '.join(str(r.failing).split())}" for r in failed.itertuples()
            )
            + "."
        )
    widened = blocks.get("widened", pd.Series("", index=blocks.index)).fillna("").astype(str)
    carried: dict[str, list[int]] = {}
    for k, w in zip(blocks["block"], widened, strict=True):
        for t in w.split():
            carried.setdefault(t, []).append(int(k))
    if carried:
        order = [t.id for t in TARGETS if t.id in carried]
        # Blocks a guard judging the bare mean against the bare band would pass.
        strict = int((blocks["pass"] & (widened.str.strip() == "")).sum())
        parts.append(
            f"Of the {n} blocks, targets passing only through the widening (mean outside "
            "the band itself): "
            + "; ".join(f"{t} on {_block_list(carried[t])}" for t in order)
            + f". These sit at a band edge: a guard without the widening would pass {strict} "
            f"of the {n} blocks."
        )
    return rule + "\n\n" + " ".join(parts)


def _fit_section(fit: pd.DataFrame | None, fit_path: str) -> str:
    if fit is None:
        return (
            f"No fit table was found (`{fit_path}`): the parameters are the hand-set "
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
        f"(the docstring gives the exact command). Its result, `{fit_path}` (every "
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


def _basis_counts(scores: pd.DataFrame) -> str:
    kinds = [TARGET_BASIS[t][0] for t in scores["target"] if t in TARGET_BASIS]
    order = ("emergent", "partly set", "fitted level", "input-set")
    return ", ".join(f"{kinds.count(k)} are {k}" for k in order)


def _target_rows(scores: pd.DataFrame) -> list[list[str]]:
    return [
        [
            r.target,
            r.description,
            _f(r.model),
            f"{_f(r.p5)} to {_f(r.p95)}",
            f"{_f(r.low)} to {_f(r.high)}",
            "pass" if r.pass_ else "**FAIL**",
            TARGET_BASIS[r.target][0] if r.target in TARGET_BASIS else "",
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


def markdown(
    settings: Settings,
    tables: CalibrationTables,
    provenance: Provenance,
    guard: pd.DataFrame | None = None,
    posterior: str | None = None,
) -> str:
    """The whole of ``calibration.md``: targets, figures and their readings, ablation.

    Args:
        settings: The report's settings.
        tables: Everything the report computed.
        provenance: The command, commit, date, machine and timing to state on the page.
        guard: The guard's per-block table (``experiments/guard.py``), None when absent.
        posterior: The posterior section's text
            (:func:`vsvsim.analysis.posterior_report.text_posterior`), None to leave it out.

    Returns:
        The markdown text.
    """
    f = tables.figures
    abl = tables.ablation
    seconds = provenance.seconds
    scores = tables.scores.rename(columns={"pass": "pass_"})
    failing = scores.loc[~scores["pass_"], "target"].tolist()
    total = sum(seconds.values())
    stages = ", ".join(f"{k} {v:.0f} s" for k, v in seconds.items())
    runs = ", ".join(
        f"`{k}`: scenario `{s}`" + (f" with {extra}" if extra else "")
        for k, (s, extra, _) in SCENARIO_RUNS.items()
    )
    fig = f"{SUBDIR}/"
    post_block = (
        ""
        if posterior is None
        else f"\n## The posterior: calibration as inference\n\n{posterior}\n"
    )
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
    return f"""# Calibration report

*Generated by `experiments/calibration_report.py`; do not edit by hand.*

Regenerate with:

```bash
{provenance.command}
```

Generated {provenance.date} from commit {provenance.git}, with {settings.students} students
per run, {settings.replications} replication(s) for the target table and the figures
(replication i uses seed {settings.seed} + i) and {settings.ablation_replications} for each
ablation{" (**quick smoke run: numbers are not meaningful**)" if settings.quick else ""}.
The whole report took **{total:.0f} s** ({stages}) on {provenance.cores} cores, load
average {provenance.load:.2f} at the start.

## What is calibrated, and how

The model's default parameters should reproduce the patterns of brief section 6 (targets
T1-T7, plus any further pattern `vsvsim/targets.py` adds; {len(scores)} statistics in all),
each as a tolerance band rather than a number to hit. `vsvsim/targets.py` encodes every
target: the scenario it is measured on ({runs}), its statistic, its band and how sure
the source is. Each target scenario is run {settings.replications} time(s); the table gives
the mean over replications, its 90% interval (5th-95th percentile over replications) and
whether the mean lies inside the band.

{_fit_section(tables.fit, provenance.fit_path)}
{post_block}
## Targets: model against band

{
        _table(
            [
                "target",
                "what",
                "model",
                "90% interval",
                "band",
                "pass",
                "basis",
                "source",
                "how sure",
            ],
            _target_rows(scores),
        )
    }

{fail_text}

*Basis* says what a pass means (docs/ODD.md section 1, *What each target validates*):
**emergent** targets come out of the weekly dynamics with nothing placing them;
**partly set** ones have a named input contributing directly; a **fitted level** was
matched by parameters acting on it almost directly; an **input-set** target is set by an
input (a per-level knob, a start correlation, an injected spread, a rule that writes the
direction, a single multiplier), so its pass is no validation of the dynamics. Of these
{len(scores)} targets {_basis_counts(scores)}.

Numbers: `{fig}targets.csv` (this table) and `{fig}target_values.csv` (every replication).

## The guard: the defaults on seeds never used in fitting

{text_guard(guard, provenance.guard_path)}

## Figures

### 1. Process study: the three groups over the year

![weekly group means]({fig}group_means.png)

{text_group_means(f.study, f.windows, f.groups)}

Numbers: `{fig}group_means.csv` (weekly) and `{fig}group_means_windows.csv` (the T2
windows).

### 2. Around the moment of leaving: school leavers and switchers

![aligned on leaving]({fig}aligned_leaving.png)

{text_aligned(f.aligned, f.changes)}

Numbers: `{fig}aligned_leaving.csv` and `{fig}aligned_leaving_changes.csv`.

### 3. When students leave

![leaving by month]({fig}leaving_by_month.png)

{text_leaving(f.months, f.leavers, settings)}

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

{text_coach(f.coach)}

Numbers: `{fig}coach_actions.csv`.

## Ablation: what each mechanism contributes

Each of the nine mechanisms switched off in turn (its neutral replacement runs where it has
one; ODD section 7), every target measured on the same seeds as the default with
{settings.ablation_replications} replication(s) of {settings.students} students. A value
marked ✗ is outside its band.

{_ablation_table(abl)}

Shifts from the default of at least half a band-width (half-band widths = shift divided by
half the band; paired on the same seeds{
        ", 'clear' when the 90% interval of the paired shift excludes zero"
        if settings.ablation_replications >= 3
        else ""
    }):

{text_ablation(abl, settings.ablation_replications)}

Pattern by pattern: what each mechanism adds (value with all mechanisms on minus value
with it off{
        ", on the same seeds; only shifts whose 90% interval excludes zero"
        if settings.ablation_replications >= 3
        else ""
    }, of at least
{MIN_SHIFT} half-band widths), and whether that moves the model towards its band:

{text_patterns(abl, settings.ablation_replications)}

Numbers: `{fig}ablation.csv` (with the paired shifts and their intervals).

## How sure

The bands are wide on purpose. The process-study targets (T1-T3, T7) rest on about 130
coached students with 17 dropouts; the national figures (T4, T6) are aggregates the default
cohort only approximates; the project figures (T5) come from 20 coaching projects. A pass
says the model is compatible with the pattern, not that it is confirmed by it.

{text_how_sure(tables.scores, abl, settings.replications)}
"""
