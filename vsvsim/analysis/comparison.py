"""Computing a comparison of scenarios over replications with common random numbers.

Replication ``i`` runs every scenario with seed ``seed + i``, so within a replication all
scenarios share the cohort and every draw the policy does not change; differences between
scenarios are the policies' effects, and the spread over replications shows how much of a
difference luck (a different cohort, different events) could make. Every reduction over
replications goes through :func:`summarise` (mean and a 90% interval: the 5th and 95th
percentile), here and in the demo. Formatting is :mod:`vsvsim.analysis.reporting`,
figures :mod:`vsvsim.analysis.plots`, and the ``compare`` command :mod:`vsvsim.compare`.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vsvsim.analysis.uncertainty import decompose, differences
from vsvsim.core.calendar import SchoolCalendar
from vsvsim.outputs.funder import REFERENCE_COLUMNS, against_reference
from vsvsim.posterior import records
from vsvsim.run import TABLES, Result, run_batch
from vsvsim.scenario import Scenario, ScenarioError, load_scenario

__all__ = [
    "COST_PER",
    "METRICS",
    "Comparison",
    "cost_per_prevented",
    "leaving_by_month",
    "prepare",
    "run_comparison",
    "summarise",
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
    "basic_qualification_rate": ("basic qualification (diploma level 2+)", "pct"),
    "dropouts": ("dropouts (students)", "count"),
    "prevented_dropouts": ("prevented dropouts", "count"),
    "basic_qualifications": ("basic qualifications (students)", "count"),
    "extra_basic_qualifications": ("extra basic qualifications", "count"),
    "out_at_end": ("out of school at end", "pct"),
    "reentry_rate": ("re-entry (of leavers)", "pct"),
    "median_left_week": ("median week of leaving", "week"),
    "left_semester_1_share": ("left in semester 1", "pct"),
    "status_after_year_education": ("a year on: education", "pct"),
    "status_after_year_work": ("a year on: work", "pct"),
    "status_after_year_neither": ("a year on: neither", "pct"),
    "back_in_education_or_work": ("back in education or work (52 weeks on)", "count"),
    "extra_back_in_education_or_work": ("extra back in education or work", "count"),
    "wellbeing_after_leaving": ("wellbeing after leaving", "score"),
    "ew_hits": ("early warning: hits", "count"),
    "ew_false_alarms": ("early warning: false alarms", "count"),
    "ew_misses": ("early warning: misses", "count"),
    "ew_precision": ("early warning: precision", "pct"),
    "ew_recall": ("early warning: recall", "pct"),
    "queue_left_waiting": ("left while waiting for a coach", "count"),
    "queue_mean_wait_weeks": ("mean wait for a coach (weeks)", "week"),
    "coach_hours": ("coach hours", "count"),
    "coordination_hours": ("coordinator hours", "count"),
    "checkin_hours": ("coordinator hours: check-ins", "count"),
    "coach_cost": ("coach cost EUR", "eur"),
    "coach_hours_cost": ("coach cost: contact hours EUR", "eur"),
    "coach_start_cost": ("coach cost: starting coaches EUR", "eur"),
    "coordination_cost": ("coach cost: coordination EUR", "eur"),
    "outreach_cost": ("RMC outreach cost EUR", "eur"),
    "programme_cost": ("programme cost EUR", "eur"),
    "cost_per_prevented_dropout": ("EUR per prevented dropout", "eur"),
    "cost_per_basic_qualification": ("EUR per extra basic qualification", "eur"),
    "cost_per_youngster_back": ("EUR per youngster back in education or work", "eur"),
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
#: Summary columns of the funder's outcomes (:mod:`vsvsim.outputs.funder`).
_FUNDER_COLUMNS = ("programme_cost", "basic_qualifications", "back_in_education_or_work")
#: Costs per unit of a gain, each with a count of the replications that had a gain.
COST_PER = ("cost_per_prevented_dropout", "cost_per_basic_qualification", "cost_per_youngster_back")


@dataclass
class Comparison:
    """What a comparison produces.

    Attributes:
        table: One row per scenario (index ``scenario``, in the order given): for every
            metric its mean (column named as the metric), ``<metric>_p5`` and
            ``<metric>_p95``; plus ``replications`` and, for each cost per unit of a
            gain (:data:`COST_PER`), ``<cost>_n``: the replications in which something
            was gained (a dropout prevented, a youngster back).
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
        draws: With posterior draws (:func:`run_comparison` ``draws``): one row per draw
            (index ``draw``), the parameter values it set; else None. Then
            ``replications`` has a ``draw`` column, every interval in ``table`` is over
            draws and replications pooled, ``table`` adds ``draws`` and per metric
            ``<metric>_var_param`` and ``<metric>_var_stoch`` (the split of
            :mod:`vsvsim.analysis.uncertainty`), and ``difference`` is filled.
        difference: With posterior draws: one row per scenario but the reference, the
            difference from the reference run with the same draw and seed, in the layout
            of ``table`` (mean, ``_p5``, ``_p95``, ``_var_param``, ``_var_stoch``).
        posterior: With posterior draws: where they came from (file, rows, seed).
    """

    table: pd.DataFrame
    replications: pd.DataFrame
    timing: pd.DataFrame
    reference: str
    students: int
    years: int
    seed: int
    results: dict[tuple[str, int], Result] = field(default_factory=dict)
    draws: pd.DataFrame | None = None
    difference: pd.DataFrame | None = None
    posterior: dict[str, Any] | None = None

    @property
    def scenarios(self) -> list[str]:
        """Scenario names in the order given."""
        return list(self.table.index)

    @property
    def n_replications(self) -> int:
        """Replications per scenario (per draw, with posterior draws)."""
        return int(self.replications["replication"].nunique())

    @property
    def n_draws(self) -> int:
        """Posterior draws per scenario (0 without)."""
        return 0 if self.draws is None else len(self.draws)


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
    columns = {}
    for m in metrics:
        values = grouped[m]
        with warnings.catch_warnings():
            # A group with only NaN ("nothing prevented in any replication") stays NaN.
            warnings.simplefilter("ignore", RuntimeWarning)
            columns[m] = values.agg(lambda v: np.nanmean(v.to_numpy(float)))
            columns[f"{m}_p5"] = values.agg(lambda v: np.nanpercentile(v.to_numpy(float), 5))
            columns[f"{m}_p95"] = values.agg(lambda v: np.nanpercentile(v.to_numpy(float), 95))
    # One concat rather than a column at a time: a frame built so is not fragmented.
    return pd.concat([out, pd.DataFrame(columns, index=out.index)], axis=1) if columns else out


def cost_per_prevented(df: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Gains over the reference and what each cost, per replication.

    Within each replication (:func:`vsvsim.outputs.funder.against_reference`): prevented
    = reference dropouts - dropouts, extra basic qualifications and extra youngsters back
    in education or work a year on likewise, extra cost = programme cost (coach cost,
    plus outreach where the curative process runs) - the reference's, and the cost per
    unit of each gain = extra cost / gain, NaN when nothing was gained (gain <= 0).
    Curative coaching prevents no dropout by definition: without preventive entrants the
    cost per prevented dropout is NaN; it is judged by the cost per youngster back.

    Args:
        df: One row per scenario and replication with ``scenario``, ``replication``,
            ``dropouts`` and ``coach_cost`` (and, from newer runs, ``programme_cost``,
            ``basic_qualifications`` and ``back_in_education_or_work``).
        reference: The scenario to count against.

    Returns:
        ``df`` with :data:`~vsvsim.outputs.funder.REFERENCE_COLUMNS` added (a copy).
    """
    out = df.copy()
    ref = out.loc[out["scenario"] == reference].set_index("replication")
    if ref.index.has_duplicates:
        raise ValueError(f"reference scenario {reference!r} appears twice in a replication")
    wanted = ("dropouts", "coach_cost", "preventive_entrants", *_FUNDER_COLUMNS)
    columns = [c for c in wanted if c in out.columns]
    paired = {c: out["replication"].map(ref[c]).astype(float).to_numpy() for c in columns}
    own = {c: out[c].astype(float).to_numpy() for c in columns}
    for name, values in against_reference(own, paired).items():
        out[name] = values
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
    draws: pd.DataFrame | None = None,
) -> Comparison:
    """Run every scenario ``replications`` times (seed ``seed + i`` in replication ``i``).

    With ``draws`` (posterior draws, :func:`vsvsim.posterior.select`) every scenario runs
    over every draw x replication: draw ``d``'s parameter values with seed ``seed + i``,
    the same seeds in every draw and scenario and the same draws in every scenario
    (common random numbers), all of a scenario's runs as one call of
    :func:`~vsvsim.run.run_batch` (members differing in float parameters step together).
    Gains over the reference pair runs with the same draw and seed; intervals pool draws
    and replications; the variance split and the differences from the reference are
    :mod:`vsvsim.analysis.uncertainty`'s.

    Args:
        specs: Validated scenarios (from :func:`prepare`); the first is the reference.
        replications: Replications per scenario (per draw, with ``draws``).
        seed: Seed of replication 0.
        keep: Keep the :class:`~vsvsim.run.Result` of every run in the first ``keep``
            replications in ``results`` (0: none; memory grows with cohort size). Not
            with ``draws``.
        trajectories: Record the weekly per-student table in the kept runs.
        draws: Posterior draws, one row per draw (index ``draw``), one column per
            parameter (a ``row`` column, the draw's row in its file, is not a
            parameter); at least two draws and two replications, to split the variance.

    Returns:
        The :class:`Comparison` (nothing written).

    Raises:
        ValueError: With ``draws`` and ``keep``, or fewer than two draws or replications.
    """
    reference = next(iter(specs))
    rows, timing_rows, kept = [], [], {}
    overrides = _draw_overrides(draws, replications, keep)
    n_draws = len(overrides)
    # Each scenario's replications (and draws) run as batches (vsvsim.run_batch: every
    # member equals the separate run); the kept replications with every table, the
    # others lean. Members are draw-major: member d * replications + i.
    kept_n = min(keep, replications)
    full = (*TABLES, "weekly") if trajectories else TABLES
    results: dict[str, list[Result]] = {}
    for name, spec in specs.items():
        seeds = [seed + i for _ in range(n_draws) for i in range(replications)]
        params = [p for p in overrides for _ in range(replications)]
        results[name] = run_batch(
            spec, seeds=seeds[:kept_n], params=params[:kept_n], tables=full
        ) + run_batch(
            spec, seeds=seeds[kept_n:], params=params[kept_n:], tables=("students", "summary")
        )
    for d in range(n_draws):
        for i in range(replications):
            for name in specs:
                res = results[name][d * replications + i]
                rows.append(_run_row(res, name, i, d if draws is not None else None, timing_rows))
                if i < keep:
                    kept[name, i] = res
    reps = pd.DataFrame(rows)
    if draws is None:
        reps = cost_per_prevented(reps, reference)
    else:
        # Gains pair runs with the same draw and seed: one draw at a time.
        reps = pd.concat(
            [cost_per_prevented(g, reference) for _, g in reps.groupby("draw", sort=True)],
            ignore_index=True,
        )
    # Identifying columns first; the derived ones stay at the end, after the summary's own.
    front = ["scenario", *(["draw"] if draws is not None else []), "replication", "seed"]
    reps = reps[front + [c for c in reps.columns if c not in front]]

    table = summarise(reps, "scenario", [m for m in METRICS if m in reps.columns])
    # Replications with a gain, per cost per unit (one concat: no fragmented frame).
    counts = {
        f"{name}_n": reps.groupby("scenario", sort=False)[name].count()
        for name in COST_PER
        if name in reps.columns
    }
    table = pd.concat([table, pd.DataFrame(counts)], axis=1)
    difference = None
    if draws is not None:
        table, difference = _with_uncertainty(table, reps, reference, replications, n_draws)
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
        draws=None if draws is None else draws.copy(),
        difference=difference,
    )


def _draw_overrides(
    draws: pd.DataFrame | None, replications: int, keep: int
) -> list[dict[str, Any]]:
    """The parameter overrides of each draw; one empty set without posterior draws."""
    if draws is None:
        return [{}]
    if keep:
        raise ValueError("run_comparison: keep is not available with posterior draws")
    if len(draws) < 2 or replications < 2:
        raise ValueError(
            f"run_comparison: {len(draws)} posterior draw(s) x {replications} "
            "replication(s); the variance split needs at least 2 of each"
        )
    return records(draws)


def _run_row(
    res: Result, name: str, i: int, draw: int | None, timing_rows: list[pd.DataFrame]
) -> dict[str, Any]:
    """One run's row of the replications table; its timing rows go to ``timing_rows``."""
    summary = res.summary
    s = summary.iloc[0]
    ident = {"scenario": name, "replication": i}
    if draw is not None:
        ident["draw"] = draw
    months = leaving_by_month(
        res.students, res.scenario.params["start_year"], res.scenario.params["years"]
    )
    entered = max(int(s["students_entered"]), 1)
    leavers = max(int(months.sum()), 1)
    timing_rows.append(
        pd.DataFrame(
            {
                **ident,
                "month": months.index,
                "left_share": months.to_numpy() / entered,
                "leaver_share": months.to_numpy() / leavers,
            }
        )
    )
    return {**s.to_dict(), **ident, **_derived(summary, res.students)}


def _with_uncertainty(
    table: pd.DataFrame, reps: pd.DataFrame, reference: str, replications: int, n_draws: int
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The table with draws, replications and the variance split; the differences table."""
    metrics = [m for m in METRICS if m in reps.columns]
    table = table.copy()
    # summarise counts rows (draws x replications); keep the two apart.
    table["replications"] = replications
    table.insert(1, "draws", n_draws)
    table = pd.concat([table, decompose(reps, metrics)], axis=1)
    if len(table) < 2:
        return table, None
    # Gains against the reference (prevented dropouts, costs per unit) already are.
    levels = [m for m in metrics if m not in REFERENCE_COLUMNS]
    diff = differences(reps, reference, levels)
    summary = summarise(diff, "scenario", levels)
    summary["replications"] = replications
    summary.insert(1, "draws", n_draws)
    return table, pd.concat([summary, decompose(diff, levels)], axis=1)


# --- formatting ---------------------------------------------------------------------------
