"""The calibration guard: do the defaults keep every target in its band, allowing for noise?

Issue 14, item 6. The old guard ran the target scenarios on the seeds the defaults were
chosen on and asked whether each target's mean lay inside its band, as if the mean had no
Monte Carlo error. This guard runs on seeds never used in fitting or choosing (the blocks
of :data:`vsvsim.analysis.seeds.GUARD`) and judges each mean against its band widened by
:data:`SE_WIDEN` standard errors of that mean:

    pass  <=>  low - SE_WIDEN * se  <=  mean  <=  high + SE_WIDEN * se

where ``se`` is the sample standard deviation over replications divided by the square
root of their number (replications whose statistic is NaN, for example too few leavers to
measure a change, are left out of both). The band is the source's tolerance; the
widening only keeps a mean that the replications cannot tell from the band's edge from
counting as a miss. :func:`guard_table` applies the rule to one block's values,
:func:`run_guard` runs and judges several blocks; ``experiments/guard.py`` runs all of
them and writes ``docs/calibration/guard.csv`` and ``guard_blocks.csv``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vsvsim.analysis.seeds import GUARD_BLOCK, guard_block
from vsvsim.analysis.targets import TARGETS, Target, measure

__all__ = [
    "SE_WIDEN",
    "GuardResult",
    "guard_table",
    "read_guard",
    "run_guard",
]

#: How many standard errors of the mean widen each band. Two SE is about a 95% allowance
#: for a normal mean (the means of 16 replications are close to normal): a mean further out
#: than that is unlikely to be the band's edge seen through seed noise. With 30 targets,
#: about one in 40 per target, so a block at a model exactly on every edge would still fail
#: most of the time; a model well inside its bands passes nearly always. Declared once:
#: the tests, the command and the report read it from here.
SE_WIDEN = 2.0


def _reason(n: int, total: int, inside: bool, passed: bool, mean: float, t: Target) -> str:
    """Why a target failed (empty when it passed), in words for the test message."""
    if n == 0:
        return f"no replication gives a value (all {total} NaN)" if total else "not measured"
    if passed:
        return "" if inside else "outside the band, within the widening"
    side = "below" if mean < t.low else "above"
    return f"mean {side} the band by more than {SE_WIDEN:g} SE"


def _in_se(outside: float, se: float) -> float:
    """A distance outside the band in SE: 0 inside, NaN without a value or an SE."""
    if not np.isfinite(outside) or outside == 0:
        return outside
    if not np.isfinite(se):
        return np.nan
    # Identical replications (SE 0) put any miss infinitely many SE out.
    return outside / se if se > 0 else np.inf


def guard_table(values: pd.DataFrame, targets: tuple[Target, ...] = TARGETS) -> pd.DataFrame:
    """Apply the guard's rule to one block: per target, mean and SE against the band.

    Args:
        values: Output of :func:`vsvsim.analysis.targets.measure` (columns ``target``,
            ``replication``, ``value``; one row per target and replication).
        targets: The targets to judge; one missing from ``values`` fails.

    Returns:
        One row per target, in the order of ``targets``: ``target``, ``description``,
        ``n`` (replications with a value), ``missing`` (replications giving NaN),
        ``mean``, ``se`` (sample SD over ``sqrt(n)``; NaN with fewer than two values),
        ``low`` and ``high`` (the band), ``low_widened`` and ``high_widened`` (the band
        widened by :data:`SE_WIDEN` SE; the band itself when ``se`` is NaN, as one value
        gives no estimate of its error), ``pass``, ``outside_se`` (how far the mean lies
        outside the band, in SE; 0 inside it, NaN without a value or an SE) and
        ``reason`` (why it failed; for a pass outside the band itself, that the
        widening carried it; empty otherwise).
    """
    rows = []
    for t in targets:
        v = values.loc[values["target"] == t.id, "value"].to_numpy(dtype=float)
        ok = v[np.isfinite(v)]
        n = len(ok)
        mean = float(ok.mean()) if n else np.nan
        # ddof=1: the sample SD, since the spread is estimated from these replications.
        se = float(ok.std(ddof=1) / np.sqrt(n)) if n >= 2 else np.nan
        widen = SE_WIDEN * se if np.isfinite(se) else 0.0
        lo, hi = t.low - widen, t.high + widen
        passed = bool(n and lo <= mean <= hi)
        outside = max(t.low - mean, mean - t.high, 0.0) if n else np.nan
        outside_se = _in_se(outside, se)
        rows.append(
            {
                "target": t.id,
                "description": t.description,
                "n": n,
                "missing": len(v) - n,
                "mean": mean,
                "se": se,
                "low": t.low,
                "high": t.high,
                "low_widened": lo,
                "high_widened": hi,
                "pass": passed,
                "outside_se": outside_se,
                "reason": _reason(n, len(v), outside == 0, passed, mean, t),
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class GuardResult:
    """The guard over several blocks.

    Attributes:
        table: Long table, one row per block and target: ``block``, ``first_seed``, then
            the columns of :func:`guard_table`.
        blocks: One row per block: ``block``, ``first_seed``, ``last_seed``, ``students``,
            ``targets``, ``passing``, ``failing`` (the failing targets' ids, space
            separated), ``widened`` (those passing only through the widening: mean
            outside the band itself), ``pass`` (every target passes) and ``seconds``
            (wall time of the block's runs).
    """

    table: pd.DataFrame
    blocks: pd.DataFrame

    @property
    def fraction(self) -> float:
        """Share of the blocks that pass (NaN with no block)."""
        return float(self.blocks["pass"].mean()) if len(self.blocks) else np.nan


def run_guard(
    blocks: Iterable[int],
    students: int = 3000,
    overrides: dict[str, Any] | None = None,
    targets: tuple[Target, ...] = TARGETS,
) -> GuardResult:
    """Run the target scenarios on guard blocks and judge each block by :func:`guard_table`.

    Block ``k`` runs :data:`~vsvsim.analysis.seeds.GUARD_BLOCK` replications on the seeds
    of :func:`~vsvsim.analysis.seeds.guard_block` ``(k)``.

    Args:
        blocks: Guard block numbers (0 to ``GUARD_BLOCKS - 1``).
        students: Initial cohort of every target scenario.
        overrides: Parameter values applied to every scenario (None: the defaults).
        targets: The targets to run and judge.

    Returns:
        The long table, the per-block summary and (``.fraction``) the share passing.
    """
    tables, summary = [], []
    for k in blocks:
        seeds = guard_block(k)
        t0 = time.perf_counter()
        values = measure(
            students=students,
            replications=GUARD_BLOCK,
            seed=seeds.start,
            overrides=overrides,
            targets=targets,
        )
        seconds = time.perf_counter() - t0
        table = guard_table(values, targets)
        tables.append(table.assign(block=k, first_seed=seeds.start))
        failing = table.loc[~table["pass"], "target"].tolist()
        widened = table.loc[table["pass"] & (table["outside_se"] > 0), "target"].tolist()
        summary.append(
            {
                "block": k,
                "first_seed": seeds.start,
                "last_seed": seeds.stop - 1,
                "students": students,
                "targets": len(table),
                "passing": len(table) - len(failing),
                "failing": " ".join(failing),
                "widened": " ".join(widened),
                "pass": not failing,
                "seconds": seconds,
            }
        )
    long = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    front = ["block", "first_seed"]
    long = long[front + [c for c in long.columns if c not in front]] if tables else long
    return GuardResult(long, pd.DataFrame(summary))


def read_guard(path: Path) -> pd.DataFrame | None:
    """The per-block table ``experiments/guard.py`` wrote (``guard_blocks.csv``), if present.

    Args:
        path: ``guard_blocks.csv``.

    Returns:
        The table (``failing`` and ``widened`` as strings, empty when none), or None.
    """
    if not path.exists():
        return None
    blocks = pd.read_csv(path, dtype={"failing": str, "widened": str})
    for col in ("failing", "widened"):
        if col in blocks:
            blocks[col] = blocks[col].fillna("")
    return blocks
