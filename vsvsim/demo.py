"""The demo: baseline vs preventive vs curative coaching on one cohort.

All scenarios run with the same seed, so they share the cohort and every draw the policy
does not change (common random numbers); differences are the policies' effects, not luck.
Writes a comparison table (CSV and Parquet), each run's tables, and three figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only; no screen needed
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from vsvsim.run import Result, run
from vsvsim.scenario import load_scenario

__all__ = ["comparison_table", "demo"]

SCENARIOS = ("baseline", "preventive", "curative")

#: Columns of the comparison table: summary column -> heading.
COLUMNS = {
    "dropout_rate": "dropout",
    "switcher_rate": "switchers",
    "school_leaver_rate": "school leavers",
    "dropout_rate_at_risk": "dropout at risk",
    "reentry_rate": "re-entry",
    "out_at_end": "out at end",
    "diploma_rate": "diploma",
    "coach_hours": "coach hours",
    "coach_cost": "coach cost EUR",
    "cost_per_prevented_dropout": "EUR per prevented dropout",
}


def comparison_table(results: dict[str, Result], reference: str = "baseline") -> pd.DataFrame:
    """One row per scenario with outcome rates, coach hours, cost and cost per prevented dropout.

    Args:
        results: Runs by scenario name (same seed and cohort).
        reference: Scenario the prevented dropouts are counted against.
    """
    rows = []
    for name, res in results.items():
        row = res.summary.iloc[0].to_dict()
        row["out_at_end"] = float(
            res.students["final_status"].isin(["switcher", "school_leaver"]).mean()
        )
        rows.append({"scenario": name, **row})
    table = pd.DataFrame(rows).set_index("scenario")
    if reference in table.index:
        prevented = table.loc[reference, "dropouts"] - table["dropouts"]
        extra_cost = table["coach_cost"] - table.loc[reference, "coach_cost"]
        table["cost_per_prevented_dropout"] = np.where(
            prevented > 0, extra_cost / prevented, np.nan
        )
    else:
        table["cost_per_prevented_dropout"] = np.nan
    return table[list(COLUMNS)]


def _figures(results: dict[str, Result], table: pd.DataFrame, out: Path) -> list[Path]:
    paths = []
    fig, ax = plt.subplots(figsize=(6, 4))
    names = list(table.index)
    sw, lv = table["switchers"] if "switchers" in table else None, None
    sw = table["switcher_rate"].to_numpy() * 100
    lv = table["school_leaver_rate"].to_numpy() * 100
    ax.bar(names, lv, label="school leavers", color="#c0392b")
    ax.bar(names, sw, bottom=lv, label="switchers", color="#e59866")
    ax.set_ylabel("% of students who left")
    ax.set_title("Dropout by scenario (same cohort, same seed)")
    ax.legend()
    fig.tight_layout()
    paths.append(out / "dropout.png")
    fig.savefig(paths[-1], dpi=120)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 4))
    for name, res in results.items():
        weeks = res.students["left_week"].dropna().to_numpy()
        n_weeks = int(res.summary["weeks"].iloc[0])
        counts = np.bincount(weeks.astype(int), minlength=n_weeks) / len(res.students) * 100
        ax.plot(np.arange(n_weeks), np.cumsum(counts), label=name)
    ax.set_xlabel("week since late August")
    ax.set_ylabel("% left so far (first exit)")
    ax.set_title("Timing of leaving")
    ax.legend()
    fig.tight_layout()
    paths.append(out / "timing.png")
    fig.savefig(paths[-1], dpi=120)
    plt.close(fig)

    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for ax, group in zip(axes, ("at_risk", "comparison"), strict=True):
        for name, res in results.items():
            ids = res.students.loc[res.students["group"] == group, "student_id"]
            w = res.weekly[res.weekly["student_id"].isin(ids) & res.weekly["enrolled"]]
            ax.plot(w.groupby("week")["commitment"].mean(), label=name)
        ax.set_title(f"Mean commitment, enrolled, {group.replace('_', '-')} group")
        ax.set_xlabel("week")
    axes[0].set_ylabel("commitment (0-1)")
    axes[0].legend()
    fig.tight_layout()
    paths.append(out / "commitment.png")
    fig.savefig(paths[-1], dpi=120)
    plt.close(fig)
    return paths


def demo(
    students: int = 2000,
    seed: int = 0,
    years: int = 2,
    out: Path = Path("results/demo"),
    overrides: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Run the three demo scenarios, print the comparison, write tables and figures.

    Args:
        students: Initial cohort size.
        seed: Shared seed.
        years: School years (two, so curative re-entry at the next year shows).
        out: Output folder.
        overrides: Extra parameter values applied to every scenario.

    Returns:
        The comparison table.
    """
    changes = {"students": students, "years": years, **(overrides or {})}
    specs = {n: load_scenario(n).with_params(where="demo", **changes) for n in SCENARIOS}
    results = {n: run(spec, seed=seed, trajectories=True) for n, spec in specs.items()}
    out.mkdir(parents=True, exist_ok=True)
    table = comparison_table(results)
    table.to_csv(out / "comparison.csv")
    table.to_parquet(out / "comparison.parquet")
    for name, res in results.items():
        res.students.to_parquet(out / f"{name}_students.parquet", index=False)
        res.summary.to_parquet(out / f"{name}_summary.parquet", index=False)
    figures = _figures(results, table, out)

    shown = table.rename(columns=COLUMNS)
    pct = [
        COLUMNS[c]
        for c in COLUMNS
        if c.endswith("rate") or c in ("out_at_end", "dropout_rate_at_risk")
    ]
    fmt = {c: "{:.1%}".format for c in pct}
    fmt.update({c: "{:,.0f}".format for c in shown.columns if c not in pct})
    print(
        f"vsvsim demo: {students} students, {years} school year(s), seed {seed} "
        "(same cohort and draws in every scenario)\n"
    )
    print(shown.to_string(formatters=fmt, na_rep="-"))
    print(
        f"\ntables and figures written to {out}/: comparison.csv, "
        + ", ".join(p.name for p in figures)
    )
    return table
