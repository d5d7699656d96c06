"""Real and simulated diaries side by side: the study's figures and a short report.

:func:`compare_diaries` loads the real exports in a folder, runs the scenario, simulates
its diaries and loads them through the same code, then draws one picture (weekly group
means with 95% bands of the commitment, time, confidence and wellbeing items for
comparison students, at-risk stayers and at-risk dropouts; response rates by week; coach
action and goal shares) and writes a markdown report listing the statistics and where
real and simulated diaries differ by more than their combined sampling error.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vsvsim.diaries.load import LoadedDiary, load_folder
from vsvsim.diaries.stats import (
    FIGURE_ITEMS,
    GROUPS,
    as_loaded,
    coach_shares,
    summary_statistics,
    weekly_means,
    weekly_response_rates,
)

__all__ = ["compare_diaries", "difference_table", "draw"]

_COLOURS = {"comparison": "tab:green", "stayers": "tab:blue", "dropouts": "tab:red",
            "at_risk": "tab:blue", "coach": "tab:purple"}  # fmt: skip


def draw(real: dict[str, LoadedDiary], sim: dict[str, LoadedDiary], path: Path) -> None:
    """The comparison figure: real (solid) and simulated (dashed) diaries."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 3, figsize=(16, 9))
    for ax, (item, label) in zip(axes.flat[:4], FIGURE_ITEMS.items(), strict=False):
        for source, loaded, style in (("real", real, "-"), ("simulated", sim, "--")):
            m = weekly_means(loaded, item)
            for g in GROUPS:
                d = m[m["group"] == g]
                if d.empty:
                    continue
                ax.plot(d["study_week"], d["mean"], style, color=_COLOURS[g],
                        label=f"{g} ({source})")  # fmt: skip
                lo, hi = d["mean"] - 1.96 * d["se"], d["mean"] + 1.96 * d["se"]
                ax.fill_between(d["study_week"], lo, hi, color=_COLOURS[g], alpha=0.12)
        ax.set_ylim(0, 40 if item == "v7" else 100)
        ax.set_title(f"{item}: {label}")
        ax.set_xlabel("study week")
    axes.flat[0].legend(fontsize=7)
    ax = axes.flat[4]
    for source, loaded, style in (("real", real, "-"), ("simulated", sim, "--")):
        r = weekly_response_rates(loaded)
        for g, d in r.groupby("group"):
            ax.plot(d["study_week"], d["mean"], style, color=_COLOURS[g], label=f"{g} ({source})")
    ax.set_ylim(0, 1)
    ax.set_title("response rate by week")
    ax.set_xlabel("study week")
    ax.legend(fontsize=7)
    ax = axes.flat[5]
    cr, cs = coach_shares(real), coach_shares(sim)
    if len(cs):
        y = np.arange(len(cs))
        ax.barh(y - 0.2, cr["share"] if len(cr) else 0, height=0.4, label="real")
        ax.barh(y + 0.2, cs["share"], height=0.4, label="simulated")
        labels = [f"{k[0]}: {o[:28]}" for k, o in zip(cs["kind"], cs["option"], strict=True)]
        ax.set_yticks(y, labels, fontsize=6)
        ax.invert_yaxis()
        ax.legend(fontsize=7)
    ax.set_title("coach action (a) and goal (g) shares")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def difference_table(
    real: dict[str, float], sim: dict[str, float], real_se: dict[str, float],
    sim_se: dict[str, float],
) -> pd.DataFrame:  # fmt: skip
    """Statistic, real, simulated, difference, combined error and whether they differ."""
    rows = []
    for k in real:
        r, s = real.get(k, np.nan), sim.get(k, np.nan)
        se = float(np.hypot(real_se.get(k, np.nan), sim_se.get(k, np.nan)))
        rows.append(
            {"statistic": k, "real": r, "simulated": s, "difference": s - r, "se": se,
             "differs": bool(abs(s - r) > 2 * se) if np.isfinite(s - r) and se > 0 else False}
        )  # fmt: skip
    return pd.DataFrame(rows)


def compare_diaries(
    real_dir: str | Path,
    *,
    scenario: str = "process_study",
    students: int = 2000,
    seed: int = 0,
    out: str | Path = "results/diaries_compare",
    overrides: dict[str, Any] | None = None,
    diary: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Compare the real diaries in ``real_dir`` with the scenario's simulated diaries.

    Writes ``diaries_compare.png``, ``diaries_compare.md`` and ``diaries_compare.csv``
    into ``out`` (all or nothing). Returns the difference table.

    Raises:
        vsvsim.diaries.load.DiaryError: When ``real_dir`` holds no valid export (checked
            before anything runs).
    """
    from vsvsim.diaries.export import diaries_from_result
    from vsvsim.diaries.fit import jackknife_se
    from vsvsim.run import run
    from vsvsim.scenario import load_scenario

    real = load_folder(real_dir)
    load_scenario(scenario).with_params(where="command line", **(overrides or {}))
    res = run(scenario, students=students, seed=seed, trajectories=True, overrides=overrides)
    sim = as_loaded(diaries_from_result(res, params=diary))
    rs, ss = summary_statistics(real), summary_statistics(sim)
    table = difference_table(rs, ss, jackknife_se(real), jackknife_se(sim))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".vsvsim-", dir=out))
    try:
        draw(real, sim, scratch / "diaries_compare.png")
        table.to_csv(scratch / "diaries_compare.csv", index=False)
        (scratch / "diaries_compare.md").write_text(
            _report(table, real, real_dir, scenario, students, seed), encoding="utf-8"
        )
        for f in scratch.iterdir():
            f.replace(out / f.name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return table


def _report(table, real, real_dir, scenario, students, seed) -> str:
    counts = ", ".join(
        f"{d.questionnaire.name}: {d.table['person_id'].nunique()} respondents "
        f"({(d.table['status'] == 'completed').sum()} completed diaries, export {d.version})"
        for d in real.values()
    )
    differ = table[table["differs"]]
    lines = [
        "# Real and simulated diaries",
        "",
        f"Real diaries from `{real_dir}`: {counts}.",
        f"Simulated: scenario `{scenario}`, {students} students, seed {seed}; the same "
        "loader and statistics on both sides. Figure: `diaries_compare.png`.",
        "",
        "## Where they differ",
        "",
    ]
    if differ.empty:
        lines.append("No statistic differs by more than twice the combined sampling error.")
    else:
        lines.append(
            f"{len(differ)} of {len(table)} statistics differ by more than twice the combined "
            "sampling error (jackknife over respondents):"
        )
        lines.append("")
        for _, r in differ.iterrows():
            lines.append(
                f"- `{r.statistic}`: real {r.real:.3g}, simulated {r.simulated:.3g} "
                f"(difference {r.difference:+.3g}, error {r.se:.2g})"
            )
    lines += ["", "## All statistics", "", "| statistic | real | simulated | difference | error |",
              "|---|---|---|---|---|"]  # fmt: skip
    for _, r in table.iterrows():
        lines.append(
            f"| {r.statistic} | {r.real:.3g} | {r.simulated:.3g} | {r.difference:+.3g} "
            f"| {r.se:.2g} |"
        )
    return "\n".join(lines) + "\n"
