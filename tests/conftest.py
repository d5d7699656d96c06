"""Shared fixtures: cached runs so several tests can look at one simulation."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import vsvsim

#: The modules of issues 10 and 11, on by default since the refit with them on, switched
#: off: the core model as it was before them. For tests of a core mechanism's own
#: property that one of these modules legitimately changes (say, that age alone moves no
#: outcome: the qualification duty reads age); a test that uses it says why.
WITHOUT_NEW_MODULES = {
    "tracks": False,
    "study_choice": False,
    "binding_study_advice": False,
    "deregistration": False,
    "absence_protocol": False,
    "qualification_duty": False,
    "life_domains": False,
    "curative_process": False,
    "success_factors": False,
    "coach_intensity": "fixed",
}


@functools.lru_cache(maxsize=64)
def _cached(scenario: str, students: int, seed: int, trajectories: bool, items: tuple):
    return vsvsim.run(
        scenario, students=students, seed=seed, trajectories=trajectories, overrides=dict(items)
    )


def cached_run(scenario="baseline", *, students=3000, seed=0, trajectories=False, **overrides):
    """Run once per distinct argument set within a test session."""
    return _cached(scenario, students, seed, trajectories, tuple(sorted(overrides.items())))


@pytest.fixture
def run_cached():
    return cached_run


def write_inference_folder(
    folder: Path,
    epsilons=(16.0, 9.5, 8.1, 7.0),
    defaults_depth: float = 0.95,
    confirmed: bool = False,
) -> Path:
    """An inference output folder of the pipeline's shape, with made-up numbers.

    ``programme_fit`` is narrow (constrained), ``leave_threshold`` fills its prior (not
    constrained); one fit target misses its band; T3b is a ``neither`` target. The
    defaults fit best on the choosing seeds; at ``defaults_depth`` 0.95 they lie outside
    the posterior's central 90%, so draw 7 is chosen. With ``confirmed`` the three were
    also scored on a confirming block, where the defaults win with a chance of 0.75
    and the medians come second (the first block's third).
    """
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    n = 60
    pd.DataFrame(
        {
            "programme_fit": rng.normal(0.76, 0.01, n).clip(0.6, 0.85),
            "leave_threshold": rng.uniform(0.2, 0.4, n),
            "strain_memory": rng.uniform(10, 30, n),
            "weight": rng.uniform(0.5, 1.5, n),
        }
    ).to_parquet(folder / "posterior.parquet", index=False)
    rows = [dict(t=-1, samples=n, acceptance_rate=1.0, ess_low=False)]
    for t, eps in enumerate(epsilons):
        ess = n if t == 0 else 0.2 * n if t == 2 else 0.6 * n
        rows.append(
            dict(
                t=t,
                epsilon=eps,
                particles=n,
                samples=2 * n,
                acceptance_rate=0.5,
                ess=ess,
                ess_fraction=ess / n,
                ess_low=ess < n / 3,
                simulations=2 * n,
                wall_time_s=600.0,
            )
        )
    pd.DataFrame(rows).to_csv(folder / "inference_diagnostics.csv", index=False)
    pd.DataFrame(
        [
            dict(
                parameter="programme_fit",
                prior="uniform 0.6 – 0.85",
                default=0.765,
                posterior_mean=0.76,
                posterior_p5=0.745,
                posterior_p95=0.775,
                prior_p5=0.61,
                prior_p95=0.84,
                sd_ratio=0.15,
                width_ratio=0.13,
                constrained="constrained",
                ess=40.0,
            ),
            dict(
                parameter="leave_threshold",
                prior="uniform 0.2 – 0.4",
                default=0.337,
                posterior_mean=0.3,
                posterior_p5=0.21,
                posterior_p95=0.39,
                prior_p5=0.21,
                prior_p95=0.39,
                sd_ratio=1.0,
                width_ratio=0.98,
                constrained="not constrained",
                ess=40.0,
            ),
            dict(
                parameter="strain_memory",
                prior="uniform 4 – 40",
                default=20.6,
                posterior_mean=20.0,
                posterior_p5=11,
                posterior_p95=29,
                prior_p5=5.8,
                prior_p95=38.2,
                sd_ratio=0.6,
                width_ratio=0.55,
                constrained="constrained",
                ess=40.0,
            ),
        ]
    ).to_csv(folder / "inference_identifiability.csv", index=False)
    pd.DataFrame(
        {
            "parameter_a": ["programme_fit"],
            "parameter_b": ["strain_memory"],
            "correlation": [-0.61],
        }
    ).to_csv(folder / "inference_correlations.csv", index=False)
    pred = [
        ("T1a", "fit", 0.10, 0.08, 0.12, 0.07, 0.13, True),
        ("T4a", "fit", 0.15, 0.12, 0.17, 0.20, 0.30, False),
        ("T2c", "validate", 0.05, 0.0, 0.1, -0.1, 0.3, True),
        ("T3b", "neither", 0.5, 0.4, 0.6, 0.0, 0.1, False),
    ]
    shares = (0.9, 0.0, 0.4, 0.0)  # draws in band
    pd.DataFrame(
        [
            dict(
                target=t,
                role=role,
                description=t,
                mean=m,
                p5=lo,
                p95=hi,
                draw_mean_p5=lo,
                draw_mean_p95=hi,
                low=b0,
                high=b1,
                observed=np.nan,
                consistent=ok,
                draws_in_band=share,
            )
            for (t, role, m, lo, hi, b0, b1, ok), share in zip(pred, shares, strict=True)
        ]
    ).to_csv(folder / "predictive.csv", index=False)
    pd.DataFrame(
        [
            dict(parameter=p, default=d, chosen=c, applied=a)
            for p, d, c, a in (
                ("programme_fit", 0.765, 0.7612, True),
                ("leave_threshold", 0.337, 0.30, False),
                ("strain_memory", 20.6, 20.5, True),
            )
        ]
    ).to_csv(folder / "representative.csv", index=False)
    pd.DataFrame(
        [
            dict(candidate="draw 7", row=7, distance=4.4, in_band=20, depth=0.5),
            dict(candidate="defaults", row=-2, distance=4.0, in_band=21, depth=defaults_depth),
            dict(candidate="median", row=-1, distance=4.7, in_band=19, depth=0.1),
        ]
    ).assign(eligible=lambda f: (f["row"] >= 0) | (f["depth"] <= 0.9)).assign(
        **(
            dict(confirm_distance=[4.1, 3.9, 4.05], confirm_in_band=[19, 22, 18],
                 p_best=[0.05, 0.75, 0.2])
            if confirmed
            else {}
        )
    ).to_csv(folder / "choose_scores.csv", index=False)  # fmt: skip
    pd.DataFrame(
        [
            dict(step="infer", seconds=5400.0, date="2026-12-02T10:00:00", cores=2),
            dict(step="infer", seconds=3600.0, date="2026-12-03T10:00:00", cores=2),
            dict(step="predictive", seconds=120.0, date="2026-12-03T11:00:00", cores=2),
        ]
    ).to_csv(folder / "pipeline.csv", index=False)
    (folder / "abc.db.settings.json").write_text(
        json.dumps(
            dict(students=1000, replications=2, population=300, transition="defensive", seed=5)
        )
    )
    return folder


@pytest.fixture
def inference_folder():
    """:func:`write_inference_folder`: a synthetic output folder of the calibration."""
    return write_inference_folder
