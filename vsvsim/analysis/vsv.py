"""T4 beside the official VSV indicator: three notions of leaving by mbo level.

T4 (annual dropout by level) is scored on first-exit dropout of a one-year baseline run;
the national figures it stands for are VSV figures (DUO's indicator), which need two
1 Octobers, so a two-year run. :func:`vsv_beside_t4` lays them side by side over
replications, with switching within mbo and the Entree graduates' part of the level-1
indicator (docs/ODD.md, section 1, "Three notions of leaving"). It is reported, not
scored: scoring T4 on the indicator would fail the guard at level 1, where every Entree
graduate counts because the model has no continuation after a diploma.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from vsvsim.analysis.targets import TARGETS
from vsvsim.run import run

__all__ = ["vsv_beside_t4"]

LEVELS = (1, 2, 3, 4)


def vsv_beside_t4(
    students: int = 2000, replications: int = 5, seed: int = 0, scenario: str = "baseline"
) -> pd.DataFrame:
    """Per mbo level: T4's band, first-exit dropout (as T4), the VSV indicator, switching.

    Args:
        students: Initial cohort size of every run.
        replications: Runs per notion; replication i uses seed ``seed + i``.
        seed: First seed.
        scenario: Scenario of both runs.

    Returns:
        One row per level with the means over replications: ``t4_low`` and ``t4_high``
        (the band), ``first_exit_one_year`` (T4's statistic), ``vsv_indicator``,
        ``vsv_without_entree_diploma`` (the indicator less the Entree graduates; level 1
        only), ``switching_within_mbo`` and ``exits_on_vsv_base`` (the model's dropout
        on the indicator's base and year).
    """
    bands = {t.id: (t.low, t.high) for t in TARGETS if t.id.startswith("T4")}
    one, two = [], []
    for i in range(replications):
        one.append(run(scenario, students=students, seed=seed + i).summary.iloc[0])
        two.append(
            run(scenario, students=students, seed=seed + i, overrides={"years": 2}).summary.iloc[0]
        )
    rows = []
    for k, letter in zip(LEVELS, "abcd", strict=True):
        entree = [r["vsv_entree_diploma_share"] for r in two] if k == 1 else [0.0]
        vsv = np.mean([r[f"vsv_rate_level_{k}"] for r in two])
        rows.append(
            {
                "level": k,
                "t4_low": bands[f"T4{letter}"][0],
                "t4_high": bands[f"T4{letter}"][1],
                "first_exit_one_year": np.mean([r[f"dropout_rate_level_{k}"] for r in one]),
                "vsv_indicator": vsv,
                "vsv_without_entree_diploma": vsv - np.mean(entree),
                "switching_within_mbo": np.mean([r[f"vsv_switch_rate_level_{k}"] for r in two]),
                "exits_on_vsv_base": np.mean([r[f"vsv_exit_rate_level_{k}"] for r in two]),
            }
        )
    return pd.DataFrame(rows).set_index("level")
