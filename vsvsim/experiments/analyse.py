"""Analyses of a sweep's results: Sobol, Morris, PRIM scenario discovery, factorial grids.

Each analysis reads a results folder written by :func:`vsvsim.experiments.sweep.sweep`,
and writes figures, the table behind each figure (CSV) and a short markdown report into
``RESULTS/analysis/`` (or another folder). The indices come from SALib
(``SALib.analyze.sobol``, ``SALib.analyze.morris``) and the scenario discovery from the EMA
workbench (``ema_workbench.analysis.prim``); this module only arranges their inputs and
writes what they return.

Replications are averaged per design point before an index is computed: with common
random numbers (replication i has seed + i at every point) the mean removes most of the
run-to-run noise without breaking the design's structure.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from vsvsim.experiments.spec import Experiment, ExperimentError, experiment_from_dict

__all__ = ["Report", "grid", "load_results", "morris", "prim", "sobol"]

#: Outcomes analysed when none are named: dropout, the VSV indicator where the run API
#: has one, the net dropout (after re-entry), re-entry, prevented dropouts and the cost per
#: prevented dropout. The last has no value where nothing was prevented; prevented dropouts
#: (its denominator) always has one, so a sensitivity analysis can still rank on it.
MAIN_OUTCOMES = (
    "dropout_rate",
    "vsv_rate",
    "vsv_indicator",
    "net_dropout_rate",
    "reentry_rate",
    "prevented_dropouts",
    "cost_per_prevented_dropout",
)

#: Sobol base samples below which the confidence intervals are usually too wide to rank.
SOBOL_MIN_SAMPLES = 512
#: Half-width of a total-index interval above which the report warns.
SOBOL_MAX_CONF = 0.1


@dataclass
class Report:
    """What an analysis wrote.

    Attributes:
        markdown: The markdown report.
        figures: The figures.
        tables: The table behind each figure, and the full result tables.
        warnings: Things the reader should know (too small a sample, skipped outcomes).
    """

    markdown: Path
    figures: list[Path] = field(default_factory=list)
    tables: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Loaded:
    """A results folder read back: the experiment, the results and the unit sample."""

    folder: Path
    experiment: Experiment
    results: pd.DataFrame
    unit: pd.DataFrame | None


def load_results(folder: str | Path) -> Loaded:
    """Read a sweep's results folder.

    Raises:
        ExperimentError: When the folder holds no finished sweep.
    """
    folder = Path(folder)
    if folder.is_file() and folder.name == "results.parquet":
        folder = folder.parent
    manifest, results = folder / "manifest.json", folder / "results.parquet"
    if not manifest.is_file():
        raise ExperimentError(f"{folder} is not a sweep's results folder (no manifest.json)")
    if not results.is_file():
        raise ExperimentError(
            f"{folder}: the sweep has not finished (no results.parquet); run "
            "`vsvsim sweep` with the same experiment and --out to complete it"
        )
    data = json.loads(manifest.read_text(encoding="utf-8"))
    unit = folder / "unit.parquet"
    return Loaded(
        folder=folder,
        experiment=experiment_from_dict(data["experiment"]),
        results=pd.read_parquet(results),
        unit=pd.read_parquet(unit) if unit.is_file() else None,
    )


def _outcomes(loaded: Loaded, outcomes: list[str] | None) -> list[str]:
    cols = loaded.results.columns
    if outcomes:
        missing = [o for o in outcomes if o not in cols]
        if missing:
            kept = ", ".join(loaded.experiment.outcomes)
            raise ExperimentError(f"outcome {missing[0]!r} is not in the results; kept: {kept}")
        return list(outcomes)
    found = [o for o in MAIN_OUTCOMES if o in cols]
    if not found:
        raise ExperimentError(
            "none of the main outcomes is in the results; name one with --outcome"
        )
    return found


def _out_dir(loaded: Loaded, out: Path | None) -> Path:
    folder = out or loaded.folder / "analysis"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _policy_labels(loaded: Loaded) -> dict[int, str]:
    """A readable label per lever combination (``all`` when nothing is a lever)."""
    exp, res = loaded.experiment, loaded.results
    names = (["scenario"] if len(exp.scenarios) > 1 else []) + [f.name for f in exp.levers]
    first = res.drop_duplicates("policy").set_index("policy")
    if not names:
        return dict.fromkeys(first.index, "all")
    return {p: ", ".join(f"{n}={first.loc[p, n]}" for n in names) for p in first.index}


def _point_means(res: pd.DataFrame, outcomes: list[str]) -> pd.DataFrame:
    """Mean of each outcome over replications, one row per design point, design order."""
    return res.groupby(["policy", "sample"], sort=True)[outcomes].mean().reset_index()


def _write_md(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    return path


def _md_table(df: pd.DataFrame, floatfmt: str = "{:.3g}") -> list[str]:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, row in df.iterrows():
        cells = [
            floatfmt.format(v) if isinstance(v, float) and not pd.isna(v) else str(v) for v in row
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _failed_note(res: pd.DataFrame) -> list[str]:
    failed = int((res["status"] != "ok").sum())
    return [f"{failed} of {len(res)} runs failed and are left out."] if failed else []


# --------------------------------------------------------------------------------- Morris


def morris(
    results: str | Path, *, out: Path | None = None, outcomes: list[str] | None = None
) -> Report:
    """Morris elementary effects (mu*, sigma) per outcome and lever combination.

    Args:
        results: A results folder of a ``morris`` design.
        out: Report folder (default ``RESULTS/analysis``).
        outcomes: Outcomes to analyse (default :data:`MAIN_OUTCOMES` that are present).

    Returns:
        The :class:`Report` (``morris.md``, ``morris.png``, ``morris.csv``, ...).
    """
    from SALib.analyze import morris as salib_morris

    loaded = load_results(results)
    exp = loaded.experiment
    if exp.design.kind != "morris" or loaded.unit is None:
        raise ExperimentError(
            f"{loaded.folder}: Morris analysis needs a morris design; this one is "
            f"{exp.design.kind!r}"
        )
    outcomes = _outcomes(loaded, outcomes)
    folder = _out_dir(loaded, out)
    report = Report(markdown=folder / "morris.md")
    names = list(loaded.unit.columns)
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    means = _point_means(loaded.results, outcomes)
    labels = _policy_labels(loaded)
    rows = []
    for policy, group in means.groupby("policy"):
        for outcome in outcomes:
            y = group.sort_values("sample")[outcome].to_numpy(dtype=float)
            if np.isnan(y).any():
                report.warnings.append(
                    f"Morris: {outcome} ({labels[policy]}) left out: {np.isnan(y).sum()} design "
                    "points have no value (failed runs, or nothing prevented)"
                )
                continue
            res = salib_morris.analyze(
                problem,
                loaded.unit.to_numpy(),
                y,
                num_levels=exp.design.levels,
                conf_level=0.95,
                seed=exp.design.seed,
            )
            for i, name in enumerate(names):
                rows.append(
                    {
                        "outcome": outcome,
                        "policy": labels[policy],
                        "parameter": name,
                        "mu": float(res["mu"][i]),
                        "mu_star": float(res["mu_star"][i]),
                        "mu_star_conf": float(res["mu_star_conf"][i]),
                        "sigma": float(res["sigma"][i]),
                    }
                )
    table = pd.DataFrame(rows)
    if table.empty:
        raise ExperimentError(f"{loaded.folder}: no outcome could be analysed")
    table = table.sort_values(["outcome", "policy", "mu_star"], ascending=[True, True, False])
    full = folder / "morris.csv"
    table.to_csv(full, index=False)
    report.tables.append(full)

    # Figure 1: mu* against sigma, one panel per outcome (first lever combination).
    first = table["policy"].iloc[0]
    shown = [o for o in outcomes if o in set(table["outcome"])]
    ncols = min(3, len(shown))
    nrows = -(-len(shown) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, 4.4 * nrows), squeeze=False)
    for ax in axes.flat[len(shown) :]:
        ax.set_visible(False)
    scatter_rows = []
    for ax, outcome in zip(axes.flat, shown, strict=False):
        t = table[(table["outcome"] == outcome) & (table["policy"] == first)]
        scatter_rows.append(t)
        ax.scatter(t["mu_star"], t["sigma"], s=14, color="tab:blue")
        for _, r in t.head(8).iterrows():
            ax.annotate(r["parameter"], (r["mu_star"], r["sigma"]), fontsize=7)
        ax.set_xlabel("mu* (mean |elementary effect|)")
        ax.set_ylabel("sigma (interaction / non-linearity)")
        ax.set_title(outcome)
    fig.suptitle(f"Morris screening: {exp.name} ({first})")
    fig.tight_layout()
    scatter_png = folder / "morris.png"
    fig.savefig(scatter_png, dpi=120)
    plt.close(fig)
    pd.concat(scatter_rows).to_csv(folder / "morris_scatter.csv", index=False)
    report.figures.append(scatter_png)
    report.tables.append(folder / "morris_scatter.csv")

    # Figure 2: the 20 parameters with the largest mu* on the first outcome, with intervals.
    top = table[(table["outcome"] == shown[0]) & (table["policy"] == first)].head(20)
    fig, ax = plt.subplots(figsize=(7.5, 0.32 * len(top) + 1.5))
    ax.barh(
        top["parameter"][::-1],
        top["mu_star"][::-1],
        xerr=top["mu_star_conf"][::-1],
        color="tab:blue",
        alpha=0.8,
    )
    ax.set_xlabel(f"mu* on {shown[0]} (95% bootstrap interval)")
    ax.set_title(f"Most influential parameters: {exp.name}")
    fig.tight_layout()
    top_png = folder / "morris_top.png"
    fig.savefig(top_png, dpi=120)
    plt.close(fig)
    top.to_csv(folder / "morris_top.csv", index=False)
    report.figures.append(top_png)
    report.tables.append(folder / "morris_top.csv")

    lines = [
        f"# Morris screening: {exp.name}",
        "",
        f"{len(names)} uncertainties, {exp.design.samples} trajectories on a "
        f"{exp.design.levels}-level grid, {exp.replications} replication(s) averaged per point "
        f"({len(loaded.results)} runs). mu* ranks a parameter's influence (mean absolute "
        "elementary effect of moving it one grid step over its range); sigma large against "
        "mu* means its effect depends on the others (interaction or non-linearity).",
        "",
        *_failed_note(loaded.results),
        f"Top 10 on {shown[0]} ({first}):",
        "",
        *_md_table(top.head(10)[["parameter", "mu_star", "mu_star_conf", "sigma", "mu"]]),
        "",
        "Figures: `morris.png` (mu* against sigma, table `morris_scatter.csv`), "
        "`morris_top.png` (table `morris_top.csv`); every index in `morris.csv`.",
    ]
    if report.warnings:
        lines += ["", "Warnings:", *[f"- {w}" for w in report.warnings]]
    _write_md(report.markdown, lines)
    return report


# ---------------------------------------------------------------------------------- Sobol


def sobol(
    results: str | Path, *, out: Path | None = None, outcomes: list[str] | None = None
) -> Report:
    """Sobol first-order and total indices with confidence intervals.

    Warns when the base sample is below :data:`SOBOL_MIN_SAMPLES` or a total index's
    interval is wider than :data:`SOBOL_MAX_CONF` either side: the ranking is then not
    stable.

    Returns:
        The :class:`Report` (``sobol.md``, ``sobol.png``, ``sobol.csv``).
    """
    from SALib.analyze import sobol as salib_sobol

    loaded = load_results(results)
    exp = loaded.experiment
    if exp.design.kind != "sobol" or loaded.unit is None:
        raise ExperimentError(
            f"{loaded.folder}: Sobol analysis needs a sobol design; this one is {exp.design.kind!r}"
        )
    outcomes = _outcomes(loaded, outcomes)
    folder = _out_dir(loaded, out)
    report = Report(markdown=folder / "sobol.md")
    names = list(loaded.unit.columns)
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    n = exp.design.samples
    if n < SOBOL_MIN_SAMPLES:
        report.warnings.append(
            f"Sobol: the base sample N = {n} is small (below {SOBOL_MIN_SAMPLES}); the "
            "confidence intervals are wide and the ranking may change with more samples: "
            "raise design.samples (a power of 2) for stable indices"
        )
    means = _point_means(loaded.results, outcomes)
    labels = _policy_labels(loaded)
    rows = []
    for policy, group in means.groupby("policy"):
        for outcome in outcomes:
            y = group.sort_values("sample")[outcome].to_numpy(dtype=float)
            if np.isnan(y).any() or np.nanstd(y) == 0:
                why = "has missing values" if np.isnan(y).any() else "does not vary"
                report.warnings.append(f"Sobol: {outcome} ({labels[policy]}) left out: it {why}")
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                res = salib_sobol.analyze(
                    problem,
                    y,
                    calc_second_order=exp.design.second_order,
                    conf_level=0.95,
                    seed=exp.design.seed,
                )
            for i, name in enumerate(names):
                rows.append(
                    {
                        "outcome": outcome,
                        "policy": labels[policy],
                        "parameter": name,
                        "S1": float(res["S1"][i]),
                        "S1_conf": float(res["S1_conf"][i]),
                        "ST": float(res["ST"][i]),
                        "ST_conf": float(res["ST_conf"][i]),
                    }
                )
    table = pd.DataFrame(rows)
    if table.empty:
        raise ExperimentError(f"{loaded.folder}: no outcome could be analysed")
    wide = table[table["ST_conf"] > SOBOL_MAX_CONF]
    if not wide.empty:
        report.warnings.append(
            f"Sobol: {len(wide)} total indices have an interval wider than "
            f"+-{SOBOL_MAX_CONF} (widest +-{wide['ST_conf'].max():.2f}); the sample is too "
            "small for stable intervals"
        )
    table = table.sort_values(["outcome", "policy", "ST"], ascending=[True, True, False])
    csv = folder / "sobol.csv"
    table.to_csv(csv, index=False)
    report.tables.append(csv)

    first = table["policy"].iloc[0]
    shown = [o for o in outcomes if o in set(table["outcome"])]
    fig, axes = plt.subplots(
        1, len(shown), figsize=(0.5 * len(names) * len(shown) + 3, 4.4), squeeze=False
    )
    for ax, outcome in zip(axes[0], shown, strict=True):
        t = table[(table["outcome"] == outcome) & (table["policy"] == first)]
        x = np.arange(len(t))
        ax.bar(x - 0.2, t["S1"], 0.4, yerr=t["S1_conf"], label="first order S1", capsize=2)
        ax.bar(x + 0.2, t["ST"], 0.4, yerr=t["ST_conf"], label="total ST", capsize=2)
        ax.set_xticks(x, t["parameter"], rotation=60, ha="right", fontsize=8)
        ax.set_ylim(bottom=min(0, float((t["S1"] - t["S1_conf"]).min())))
        ax.set_title(outcome)
        ax.legend(fontsize=8)
    fig.suptitle(f"Sobol indices (95% intervals): {exp.name}, N = {n} ({first})")
    fig.tight_layout()
    png = folder / "sobol.png"
    fig.savefig(png, dpi=120)
    plt.close(fig)
    report.figures.append(png)

    lines = [
        f"# Sobol sensitivity: {exp.name}",
        "",
        f"{len(names)} uncertainties, Saltelli sample with N = {n} ({len(loaded.results)} runs, "
        f"{exp.replications} replication(s) averaged per point). S1: share of the outcome's "
        "variance due to the parameter alone; ST: including its interactions.",
        "",
        *_failed_note(loaded.results),
    ]
    for outcome in shown:
        t = table[(table["outcome"] == outcome) & (table["policy"] == first)]
        lines += [
            f"## {outcome}",
            "",
            *_md_table(t[["parameter", "S1", "S1_conf", "ST", "ST_conf"]]),
            "",
        ]
    lines.append("Figure `sobol.png`; its table (every index, every policy) `sobol.csv`.")
    if report.warnings:
        lines += ["", "Warnings:", *[f"- {w}" for w in report.warnings]]
    _write_md(report.markdown, lines)
    return report


# ----------------------------------------------------------------------------------- PRIM


def _prim_settings(loaded: Loaded, lever, candidate, baseline, outcome) -> dict[str, Any]:
    exp = loaded.experiment
    given = dict(exp.analysis.get("prim", {}))
    lever = lever or given.get("lever") or ("scenario" if len(exp.scenarios) > 1 else None)
    if lever is None:
        raise ExperimentError(
            "prim: name the lever that tells the two policies apart (--lever), or run an "
            "experiment with two scenarios"
        )
    res = loaded.results
    if lever not in res.columns:
        raise ExperimentError(f"prim: lever {lever!r} is not a column of the results")
    values = list(dict.fromkeys(res[lever].astype(str)))
    candidate = str(candidate or given.get("candidate") or values[0])
    baseline = str(baseline or given.get("baseline") or (values[1] if len(values) > 1 else ""))
    for v in (candidate, baseline):
        if v not in values:
            raise ExperimentError(
                f"prim: {lever} = {v!r} is not in the results; values: {', '.join(values)}"
            )
    outcome = outcome or given.get("outcome")
    if outcome is None:
        outcome = "net_dropout_rate" if "net_dropout_rate" in res.columns else "dropout_rate"
    if outcome not in res.columns:
        raise ExperimentError(f"prim: outcome {outcome!r} is not in the results")
    lower = bool(given.get("lower_is_better", True))
    return {
        "lever": lever,
        "candidate": candidate,
        "baseline": baseline,
        "outcome": outcome,
        "lower_is_better": lower,
    }


def prim(
    results: str | Path,
    *,
    out: Path | None = None,
    outcome: str | None = None,
    lever: str | None = None,
    candidate: str | None = None,
    baseline: str | None = None,
) -> Report:
    """PRIM scenario discovery: where does the candidate policy fail to beat the baseline?

    Each uncertainty sample (and setting of the other levers) is a case; the case is of
    interest when the candidate's outcome, averaged over replications, is no better than
    the baseline's on the same sample and seeds. PRIM (EMA workbench) then finds a box of
    conditions holding many of those cases (coverage) and few others (density).

    Args:
        results: A results folder with both policies run on the same sample.
        out: Report folder (default ``RESULTS/analysis``).
        outcome: Outcome compared (default ``net_dropout_rate``, else ``dropout_rate``).
        lever: The column telling the policies apart (default ``scenario``).
        candidate: The policy expected to win (default the lever's first value).
        baseline: The policy it is compared with (default the second value).

    Returns:
        The :class:`Report` (``prim.md``, ``prim.png``, ``prim_tradeoff.png``, tables).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim as ema_prim

    loaded = load_results(results)
    exp = loaded.experiment
    cfg = _prim_settings(loaded, lever, candidate, baseline, outcome)
    folder = _out_dir(loaded, out)
    report = Report(markdown=folder / "prim.md")
    res = loaded.results.copy()
    res[cfg["lever"]] = res[cfg["lever"]].astype(str)
    other_levers = [f.name for f in exp.levers if f.name != cfg["lever"]] + (
        ["scenario"] if cfg["lever"] != "scenario" and len(exp.scenarios) > 1 else []
    )
    uncs = [f.name for f in exp.uncertainties]
    if not uncs:
        raise ExperimentError("prim: the experiment has no uncertainties to search over")
    keys = ["sample", *other_levers]
    mean = res.groupby([*keys, cfg["lever"]], dropna=False)[cfg["outcome"]].mean().unstack()
    cases = mean[[cfg["candidate"], cfg["baseline"]]].dropna()
    diff = cases[cfg["candidate"]] - cases[cfg["baseline"]]
    fails = (diff >= 0) if cfg["lower_is_better"] else (diff <= 0)
    x = (
        res.drop_duplicates(keys)
        .set_index(keys, drop=False)[uncs + [c for c in other_levers if c not in uncs]]
        .loc[cases.index]
        .reset_index(drop=True)
    )
    for f in exp.uncertainties:
        if f.kind == "categorical":
            x[f.name] = x[f.name].astype(str).astype("category")
    y = fails.to_numpy()
    points = x.copy()
    points["difference"] = diff.to_numpy()
    points["fails"] = y
    points.to_csv(folder / "prim_points.csv", index=False)
    report.tables.append(folder / "prim_points.csv")
    share = float(y.mean()) if len(y) else float("nan")
    question = (
        f"{cfg['lever']} = {cfg['candidate']} fail to beat {cfg['baseline']} on {cfg['outcome']} "
        f"({'lower' if cfg['lower_is_better'] else 'higher'} is better)"
    )
    per_setting = f", per setting of {', '.join(other_levers)}" if other_levers else ""
    lines = [
        f"# Scenario discovery (PRIM): {exp.name}",
        "",
        f"Question: under which conditions does {question}?",
        "",
        f"{len(y)} cases (uncertainty samples{per_setting}; "
        f"{exp.replications} replication(s) averaged, common random numbers); "
        f"{cfg['candidate']} fails to beat {cfg['baseline']} in {int(y.sum())} of them "
        f"({share:.0%}).",
        "",
        *_failed_note(loaded.results),
    ]
    if y.sum() == 0 or y.all() or len(y) < 10:
        why = (
            "too few cases"
            if len(y) < 10
            else "it never fails"
            if y.sum() == 0
            else "it always fails"
        )
        report.warnings.append(f"PRIM: no box searched: {why}")
        lines += [f"No box searched: {why}."]
        fig = _prim_scatter(points, uncs[:2], None, cfg)
        png = folder / "prim.png"
        fig.savefig(png, dpi=120)
        plt.close(fig)
        report.figures.append(png)
        _write_md(report.markdown, lines)
        return report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = ema_prim.Prim(x, y, peel_alpha=0.05, mass_min=0.05)
        box = p.find_box()
    traj = box.peeling_trajectory.copy()
    # The box reported: the largest coverage among boxes whose density is at least halfway
    # from the base rate (the whole space) to the densest box found. A fixed density bar
    # would pick the unrestricted box whenever most cases fail anyway.
    bar = share + 0.5 * (float(traj["density"].max()) - share)
    dense = traj[traj["density"] >= bar - 1e-12]
    chosen = int(dense["coverage"].idxmax())
    box.select(chosen)
    traj["chosen"] = traj.index == chosen
    traj.to_csv(folder / "prim_trajectory.csv", index=False)
    report.tables.append(folder / "prim_trajectory.csv")
    lims = box.box_lims[chosen]
    initial = box.box_lims[0]
    restricted = [c for c in lims.columns if not lims[c].equals(initial[c])]
    limits = []
    for c in restricted:
        if isinstance(x[c].dtype, pd.CategoricalDtype):
            limits.append(
                {
                    "uncertainty": c,
                    "low": "",
                    "high": "",
                    "values": ", ".join(map(str, lims[c].iloc[0])),
                }
            )
        else:
            limits.append(
                {
                    "uncertainty": c,
                    "low": float(lims[c].iloc[0]),
                    "high": float(lims[c].iloc[1]),
                    "values": f"range {float(initial[c].iloc[0]):.3g} to "
                    f"{float(initial[c].iloc[1]):.3g}",
                }
            )
    limits_df = pd.DataFrame(limits, columns=["uncertainty", "low", "high", "values"])
    limits_df.to_csv(folder / "prim_box.csv", index=False)
    report.tables.append(folder / "prim_box.csv")
    row = traj.loc[chosen]

    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    sc = ax.scatter(traj["coverage"], traj["density"], c=traj["res_dim"], cmap="viridis", s=18)
    ax.scatter([row["coverage"]], [row["density"]], s=90, facecolors="none", edgecolors="red")
    fig.colorbar(sc, ax=ax, label="restricted dimensions")
    ax.set_xlabel("coverage")
    ax.set_ylabel("density")
    ax.set_title("PRIM peeling trajectory (red: reported box)")
    fig.tight_layout()
    tradeoff = folder / "prim_tradeoff.png"
    fig.savefig(tradeoff, dpi=120)
    plt.close(fig)

    numeric_restricted = [
        c for c in restricted if c in uncs and not isinstance(x[c].dtype, pd.CategoricalDtype)
    ]
    axes_names = (
        numeric_restricted
        + [
            u
            for u in uncs
            if u not in numeric_restricted and not isinstance(x[u].dtype, pd.CategoricalDtype)
        ]
    )[:2]
    fig = _prim_scatter(points, axes_names, lims, cfg)
    png = folder / "prim.png"
    fig.savefig(png, dpi=120)
    plt.close(fig)
    report.figures += [png, tradeoff]

    lines += [
        f"Box found (coverage {row['coverage']:.0%}: share of the failing cases inside; "
        f"density {row['density']:.0%}: share of the cases inside that fail; "
        f"mass {row['mass']:.0%} of all cases):",
        "",
        *(_md_table(limits_df) if not limits_df.empty else ["(no restriction)"]),
        "",
        "Figures: `prim.png` (cases on the two first restricted uncertainties, the box drawn; "
        "table `prim_points.csv`), `prim_tradeoff.png` (peeling trajectory; table "
        "`prim_trajectory.csv`); box limits `prim_box.csv`.",
    ]
    _write_md(report.markdown, lines)
    return report


def _prim_scatter(points: pd.DataFrame, names: list[str], lims, cfg) -> plt.Figure:
    fig, ax = plt.subplots(figsize=(6, 4.8))
    fails = points["fails"].to_numpy()
    if len(names) == 1:
        names = [names[0], "difference"]
    if len(names) < 2:
        ax.text(0.5, 0.5, "no numeric uncertainty to draw", ha="center")
        return fig
    xa, ya = names
    ax.scatter(
        points.loc[~fails, xa],
        points.loc[~fails, ya],
        s=16,
        color="tab:blue",
        label=f"{cfg['candidate']} better",
    )
    ax.scatter(
        points.loc[fails, xa],
        points.loc[fails, ya],
        s=16,
        color="tab:red",
        marker="x",
        label=f"{cfg['candidate']} not better",
    )
    if lims is not None:
        lo = [float(lims[n].iloc[0]) if n in lims else ax.get_xlim()[0] for n in (xa, ya)]
        hi = [float(lims[n].iloc[1]) if n in lims else ax.get_ylim()[1] for n in (xa, ya)]
        ax.add_patch(
            plt.Rectangle(
                (lo[0], lo[1]),
                hi[0] - lo[0],
                hi[1] - lo[1],
                fill=False,
                edgecolor="black",
                linewidth=1.5,
                label="PRIM box",
            )
        )
    ax.set_xlabel(xa)
    ax.set_ylabel(ya)
    ax.legend(fontsize=8)
    ax.set_title(f"{cfg['candidate']} vs {cfg['baseline']} on {cfg['outcome']}", fontsize=10)
    fig.tight_layout()
    return fig


# ----------------------------------------------------------------------------------- grid


def grid(
    results: str | Path,
    *,
    out: Path | None = None,
    outcomes: list[str] | None = None,
    x: str | None = None,
    y: str | None = None,
) -> Report:
    """Mean outcome over two factors: heat maps (few levels each) or lines against x.

    Args:
        results: A results folder (any design).
        out: Report folder (default ``RESULTS/analysis``).
        outcomes: Outcomes (default the main ones present).
        x: Factor on the x axis (default the first varied factor).
        y: Factor on the y axis, or the lines (default the second).

    Returns:
        The :class:`Report` (``grid.md``, ``grid.png``, ``grid.csv``).
    """
    loaded = load_results(results)
    exp = loaded.experiment
    outcomes = _outcomes(loaded, outcomes)
    res = loaded.results[loaded.results["status"] == "ok"]
    varied = (["scenario"] if len(exp.scenarios) > 1 else []) + [f.name for f in exp.factors]
    x = x or (varied[0] if varied else None)
    y = y or next((v for v in varied if v != x), None)
    for name in (x, y):
        if name is not None and name not in res.columns:
            raise ExperimentError(f"grid: {name!r} is not a column; factors: {', '.join(varied)}")
    if x is None:
        raise ExperimentError("grid: the experiment varies nothing")
    folder = _out_dir(loaded, out)
    report = Report(markdown=folder / "grid.md")
    keys = [k for k in (y, x) if k is not None]
    stats = res.groupby(keys)[outcomes].agg(["mean", "std", "count"])
    stats.columns = [f"{o}_{s}" for o, s in stats.columns]
    stats = stats.reset_index()
    stats.to_csv(folder / "grid.csv", index=False)
    report.tables.append(folder / "grid.csv")
    few = res[x].nunique() <= 12 and (y is None or res[y].nunique() <= 12)
    heat = (
        few
        and y is not None
        and pd.api.types.is_numeric_dtype(res[y])
        and (pd.api.types.is_numeric_dtype(res[x]))
    )
    fig, axes = plt.subplots(1, len(outcomes), figsize=(5.0 * len(outcomes), 4.2), squeeze=False)
    for ax, outcome in zip(axes[0], outcomes, strict=True):
        if heat:
            table = stats.pivot(index=y, columns=x, values=f"{outcome}_mean").sort_index(
                ascending=False
            )
            im = ax.imshow(table.to_numpy(), aspect="auto", cmap="viridis")
            ax.set_xticks(range(len(table.columns)), [f"{v:g}" for v in table.columns])
            ax.set_yticks(range(len(table.index)), [f"{v:g}" for v in table.index])
            for i in range(table.shape[0]):
                for j in range(table.shape[1]):
                    v = table.to_numpy()[i, j]
                    if not np.isnan(v):
                        ax.text(
                            j,
                            i,
                            _fmt(v, outcome),
                            ha="center",
                            va="center",
                            fontsize=7,
                            color="white",
                        )
            fig.colorbar(im, ax=ax)
            ax.set_ylabel(y)
        elif few:
            for label, g in stats.groupby(y) if y else [(None, stats)]:
                g = g.sort_values(x)
                ax.errorbar(
                    g[x].astype(str) if not pd.api.types.is_numeric_dtype(g[x]) else g[x],
                    g[f"{outcome}_mean"],
                    yerr=g[f"{outcome}_std"],
                    marker="o",
                    capsize=2,
                    label=str(label) if label is not None else None,
                )
            if y:
                ax.legend(fontsize=8, title=y)
        else:
            groups = res.groupby(y) if y and res[y].nunique() <= 12 else [(None, res)]
            for label, g in groups:
                dots = ax.scatter(
                    g[x],
                    g[outcome],
                    s=8,
                    alpha=0.5,
                    label=str(label) if label is not None else None,
                )
                # Binned means show the trend through the replication noise.
                bins = pd.cut(g[x], 8)
                m = g.groupby(bins, observed=True)[[x, outcome]].mean()
                ax.plot(m[x], m[outcome], linewidth=2, color=dots.get_facecolor()[0][:3])
            if y and res[y].nunique() <= 12:
                ax.legend(fontsize=8, title=y)
        ax.set_xlabel(x)
        ax.set_title(outcome)
    fig.suptitle(f"{exp.name}: mean over {exp.replications} replication(s)")
    fig.tight_layout()
    png = folder / "grid.png"
    fig.savefig(png, dpi=120)
    plt.close(fig)
    report.figures.append(png)
    shown = stats[[*keys, *[f"{o}_mean" for o in outcomes]]]
    lines = [
        f"# {exp.name}: {outcomes[0]} over {x}" + (f" and {y}" if y else ""),
        "",
        exp.description.strip(),
        "",
        *_failed_note(loaded.results),
        *(_md_table(shown) if len(shown) <= 60 else [f"{len(shown)} cells: see `grid.csv`."]),
        "",
        "Figure `grid.png`; its table (mean, sd and count per cell) `grid.csv`.",
    ]
    _write_md(report.markdown, lines)
    return report


def _fmt(v: float, outcome: str) -> str:
    if outcome.endswith("_rate") or outcome.endswith("_share"):
        return f"{v:.1%}"
    if abs(v) >= 1000:
        return f"{v / 1000:.0f}k"
    return f"{v:.2g}"
