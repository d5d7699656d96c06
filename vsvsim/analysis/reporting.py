"""Tables and text of a comparison: the formatted table, headings, files written.

Outputs (:func:`write_comparison`): ``replications.parquet`` (one row per scenario and
replication), ``comparison.csv`` / ``comparison.parquet`` (the summarised table),
``timing.parquet`` (share of students leaving per calendar month) and ``comparison.png``;
with posterior draws also ``difference.csv`` / ``difference.parquet`` (each scenario less
the reference, same draw and seed) and ``draws.parquet`` (the draws' parameter values).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from vsvsim.analysis.comparison import COST_PER, METRICS, Comparison
from vsvsim.analysis.plots import plot_comparison
from vsvsim.outputs.funder import REFERENCE_COLUMNS
from vsvsim.posterior import FIRST_PASS

__all__ = [
    "describe",
    "footnote",
    "format_difference",
    "format_table",
    "report",
    "staged",
    "write_comparison",
]


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


def _parameter_share(table: pd.DataFrame, name: str, metric: str) -> str:
    """`` par 64%``: the parameter share of the variance ('' where there is no split)."""
    if f"{metric}_var_param" not in table.columns:
        return ""
    param, stoch = table.at[name, f"{metric}_var_param"], table.at[name, f"{metric}_var_stoch"]
    total = param + stoch
    if not np.isfinite(total) or total <= 0:
        return ""
    return f" par {param / total:.0%}"


def format_table(comp: Comparison) -> str:
    """The comparison as text: one row per metric, one column per scenario.

    Each cell is the mean over replications, with the 90% interval (5th-95th percentile)
    in brackets when there is more than one replication; "-" marks a missing value. With
    posterior draws the mean and interval are over draws and replications pooled, and
    ``par NN%`` is the parameter share of the variance
    (:mod:`vsvsim.analysis.uncertainty`).
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
            if metric in COST_PER and with_interval and cell != "-":
                cell += f" n={int(table.at[name, f'{metric}_n'])}"
            if cell != "-":
                cell += _parameter_share(table, name, metric)
            cells.append(cell)
        lines[heading] = cells
    shown = pd.DataFrame.from_dict(lines, orient="index", columns=list(table.index))
    return shown.to_string()


def _fmt_difference(value: float, kind: str, unit: bool = True) -> str:
    """A difference: shares in percentage points, with a sign."""
    if value is None or not np.isfinite(value):
        return "-"
    if kind == "pct":
        return f"{value * 100:+.1f}" + (" pp" if unit else "")
    if kind == "score":
        return f"{value:+.3f}"
    return f"{value:+,.0f}"


def format_difference(comp: Comparison) -> str:
    """Each scenario less the reference (same draw and seed), as text; '' without draws.

    One row per metric, one column per scenario but the reference: the mean difference,
    its 90% interval over draws and replications and the parameter share of its variance.
    """
    diff = comp.difference
    if diff is None or diff.empty:
        return ""
    lines = {}
    for metric, (heading, kind) in METRICS.items():
        if metric not in diff.columns or metric in REFERENCE_COLUMNS:
            continue
        cells = []
        for name in diff.index:
            cell = _fmt_difference(diff.at[name, metric], kind)
            if cell != "-":
                lo = _fmt_difference(diff.at[name, f"{metric}_p5"], kind, False)
                hi = _fmt_difference(diff.at[name, f"{metric}_p95"], kind, False)
                cell += f" ({lo} to {hi}){_parameter_share(diff, name, metric)}"
            cells.append(cell)
        lines[heading] = cells
    shown = pd.DataFrame.from_dict(lines, orient="index", columns=list(diff.index))
    return shown.to_string()


def describe(comp: Comparison, command: str = "compare") -> str:
    """Heading line(s) printed above the table."""
    r = comp.n_replications
    seeds = f"seed {comp.seed}" if r == 1 else f"seeds {comp.seed}-{comp.seed + r - 1}"
    if comp.n_draws:
        source = comp.posterior or {}
        return (
            f"vsvsim {command}: {len(comp.scenarios)} scenarios x {comp.n_draws} posterior "
            f"draws x {r} replications, {comp.students} students, {comp.years} school "
            f"year(s), {seeds}\n"
            "(replication i uses seed + i in every draw and scenario; every scenario runs "
            f"the same draws: {comp.n_draws} of the {source.get('rows', '?')} rows of "
            f"{source.get('file', '?')}, systematic resampling with seed "
            f"{source.get('seed', comp.seed)})\n"
            "mean (5th-95th percentile over draws and replications pooled: parameter and "
            "stochastic uncertainty); par NN%: the parameter share of the variance (between "
            "draws, replication noise removed; two-way random-effects ANOVA, draws x seeds), "
            "the rest is stochastic (within draws)"
            + (
                "\nthe posterior is a first pass of the calibration (its inference had not "
                "converged): its parameter shares are upper bounds"
                if source.get("status") == FIRST_PASS
                else ""
            )
        )
    text = (
        f"vsvsim {command}: {len(comp.scenarios)} scenarios x {r} replication(s), "
        f"{comp.students} students, {comp.years} school year(s), {seeds}\n"
        "(replication i uses seed + i in every scenario: same cohort and draws)"
    )
    if r > 1:
        text += "\nmean (5th-95th percentile over replications)"
    return text


def footnote(comp: Comparison) -> str:
    """How the costs per unit of a gain are computed, printed under the table."""
    ref = comp.reference
    text = (
        f"EUR per prevented dropout: (programme cost - {ref}'s) / "
        f"({ref}'s dropouts - dropouts) per replication; per extra basic qualification "
        f"and per youngster back in education or work a year on likewise, against {ref}'s "
        "count; '-' where nothing was gained (curative coaching prevents no dropout by "
        "definition: read its cost per youngster back)"
    )
    if comp.n_draws:
        text = text.replace(
            "per replication", "per run (the reference's run with the same draw and seed)"
        )
        text += "; n = runs (draw x replication) with a gain"
    elif comp.n_replications > 1:
        text += "; n = replications with a gain"
    return text


# --- figure -------------------------------------------------------------------------------


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
    if comp.difference is not None:
        paths.append(folder / "difference.csv")
        comp.difference.to_csv(paths[-1])
        paths.append(folder / "difference.parquet")
        comp.difference.to_parquet(paths[-1])
    if comp.draws is not None:
        paths.append(folder / "draws.parquet")
        comp.draws.to_parquet(paths[-1])
    if figure:
        paths.append(plot_comparison(comp, folder / "comparison.png"))
    return paths


def report(comp: Comparison, out: Path, files: Sequence[Path], command: str = "compare") -> None:
    """Print the heading, the table, the footnote and the files written."""
    print(describe(comp, command) + "\n")
    print(format_table(comp))
    difference = format_difference(comp)
    if difference:
        print(f"\ndifference from {comp.reference} (same draw and seed)\n")
        print(difference)
    print("\n" + footnote(comp))
    print(f"\nwritten to {out}/: " + ", ".join(p.name for p in files))
