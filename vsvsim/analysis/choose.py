"""The posterior's representative point: the draw the committed defaults become.

Issue 14 asks that the repository's defaults be "the posterior's representative point".
A posterior over 15-30 parameters has no single obvious point: its weighted mean can fall
between modes, and its best particle was scored on one noisy simulation (the ABC
distance of a particle is one draw of a random variable, so the smallest one is biased
low: a winner's curse). So the point is chosen by a second, separate measurement:

1. candidates: ``k`` draws picked by weight (:func:`vsvsim.posterior.select`, systematic
   resampling, repeats dropped) plus the weighted marginal medians (one point, labelled
   ``median``), so a central point competes with the particles;
2. every candidate is run on the same :data:`CHOOSING_SEEDS` (common random numbers: the
   candidates differ by their parameters, not by their seeds), ``replications`` runs at
   ``students`` each, and scored by the inference's own distance
   (:class:`vsvsim.analysis.inference.Discrepancy`) of the replication means, over the
   fit targets only (a validation target must not choose the point it validates), with
   the scales recomputed for that number of replications;
3. the eligible candidate with the smallest distance is the representative point; or,
   with ``finalists`` > 0, the best ``finalists`` eligible candidates go on to a second,
   larger measurement on other seeds (:data:`CONFIRMING_SEEDS`) and the smallest
   distance there is the point. Picking the best of many on one block and reporting its
   score there is the winner's curse again, one level up: the first block screens, the
   second decides, and a paired bootstrap over the second block's replications (the
   finalists share its seeds) gives each finalist's chance of being best (``p_best``),
   which says how firm the choice is.

The distance's Monte Carlo scales are the pilot's, recomputed for the number of
replications and, where the pilot records its cohort size, for ``students`` (a target's
Monte Carlo variance falls as one over the cohort), so a choice at another cohort size
than the inference's weighs noise as that size has it.

The current defaults are scored the same way beside the candidates (labelled
``defaults``). Every candidate gets a *depth* (:func:`depth`): the posterior weight of the
particles more central than it, by the Mahalanobis distance in the posterior's weighted
covariance (on the prior's scale: log for a log-uniform prior). A draw is a sample of the
posterior and is always eligible; a point that is not a sample (the medians, the
defaults) is eligible only inside the posterior's central :data:`CENTRAL` region (depth
at most 0.9, as central as nine in ten of its own particles), so a point between modes or
out in a tail cannot become "the posterior's" point however well it scores. The defaults
(a history-matching fit, made on other seeds) are therefore the representative point
exactly when they are a typical point of the posterior and fit at least as well as every
other eligible candidate on these seeds: keeping them is then the posterior's choice, not
a default left in place.

The choosing and confirming seeds lie in :data:`vsvsim.analysis.seeds.CHOOSE`, offset
from the predictive checks' block (which starts at ``CHOOSE.start``), so choosing,
confirming, checking, fitting and guarding never share a seed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from vsvsim.analysis.inference import Discrepancy, scales, weighted_quantile
from vsvsim.analysis.seeds import CHOOSE
from vsvsim.analysis.targets import Target, measure
from vsvsim.posterior import Posterior, records, select

__all__ = [
    "CENTRAL",
    "CHOOSING_SEEDS",
    "CONFIRMING_SEEDS",
    "FIRM",
    "MEDIAN",
    "REFERENCE",
    "Choice",
    "candidates",
    "choose",
    "depth",
]

#: Seeds of the choosing runs (replication i uses ``CHOOSING_SEEDS.start + i``): inside
#: the range reserved for choosing and checking, clear of the predictive checks' block.
CHOOSING_SEEDS = range(CHOOSE.start + 50_000, CHOOSE.stop)
#: Seeds of the confirming runs (replication i uses ``CONFIRMING_SEEDS.start + i``): a
#: second block inside :data:`CHOOSING_SEEDS`' range, beyond any first block's length.
CONFIRMING_SEEDS = range(CHOOSING_SEEDS.start + 10_000, CHOOSING_SEEDS.stop)
#: Bootstrap resamples of the confirming replications behind ``p_best``.
BOOTSTRAP = 2000
#: The bootstrap chance of being best on the confirming block at which a choice is called
#: firm: below it the finalists are not told apart by the block's noise.
FIRM = 0.9
#: Label of the weighted-median candidate in the tables.
MEDIAN = "median"
#: Label of the current defaults, scored beside the candidates.
REFERENCE = "defaults"
#: Largest depth (:func:`depth`) at which a point that is not a posterior draw may be
#: chosen: inside the central 90% of the posterior's weight.
CENTRAL = 0.9


def depth(posterior: Posterior, points: pd.DataFrame, log: Sequence[str] = ()) -> np.ndarray:
    """How far out in the posterior each point lies: 0 at its centre, 1 beyond every particle.

    The depth of a point is the posterior weight of the particles whose squared
    Mahalanobis distance from the weighted mean (in the weighted covariance) is smaller
    than the point's. It treats the posterior as one elliptical cloud: it sees a point in
    a tail or off the cloud's correlations, not one in a hole between two modes.

    Args:
        posterior: The posterior sample.
        points: One row per point, with (at least) the posterior's parameter columns.
        log: Parameters measured on a log scale (a log-uniform prior).

    Returns:
        One depth in [0, 1] per row of ``points``.
    """
    names = list(posterior.draws.columns)

    def scaled(frame: pd.DataFrame) -> np.ndarray:
        x = np.array(frame[names], dtype=float)  # a copy: the logs must not write through
        for j, n in enumerate(names):
            if n in log:
                x[:, j] = np.log(x[:, j])
        return x

    x, w = scaled(posterior.draws), np.asarray(posterior.weights, dtype=float)
    w = w / w.sum()
    mean = w @ x
    cov = np.atleast_2d(np.cov(x, rowvar=False, aweights=w))
    inv = np.linalg.pinv(cov)  # pinv: a parameter the posterior holds fixed adds nothing

    def d2(z: np.ndarray) -> np.ndarray:
        dz = z - mean
        return np.einsum("ij,jk,ik->i", dz, inv, dz)

    particles = d2(x)
    return np.clip([float(w[particles < v].sum()) for v in d2(scaled(points))], 0.0, 1.0)


def candidates(posterior: Posterior, k: int, seed: int = 0) -> pd.DataFrame:
    """The candidate points: the weighted marginal medians, then ``k`` picked draws.

    Args:
        posterior: The posterior sample.
        k: Draws to pick by weight (repeats of one particle are kept once).
        seed: Seed of the pick.

    Returns:
        One row per candidate: ``candidate`` (``median`` or ``draw <row>``), ``row`` (the
        posterior row, -1 for the median) and one column per parameter.
    """
    draws = posterior.draws
    w = posterior.weights
    median = {n: weighted_quantile(draws[n].to_numpy(dtype=float), w, 0.5) for n in draws.columns}
    picked = select(posterior, k, seed).drop_duplicates("row")
    rows = [{"candidate": MEDIAN, "row": -1, **median}]
    for rec, row in zip(records(picked), picked["row"], strict=True):
        rows.append({"candidate": f"draw {int(row)}", "row": int(row), **rec})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Choice:
    """The outcome of :func:`choose`.

    Attributes:
        point: The representative point, {parameter: value}.
        label: Its candidate label (``median``, ``draw <row>`` or ``defaults``).
        scores: One row per candidate: candidate, row, distance, fit targets inside their
            band (``in_band``), its ``depth`` in the posterior, whether it may be chosen
            (``eligible``) and the parameters; sorted by distance. The reference
            (``defaults``, row -2), when scored, is among them. With a confirming block
            also ``confirm_distance``, ``confirm_in_band`` and ``p_best`` (NaN for the
            candidates that did not go on).
        values: The chosen point's per-target means over the deciding runs (the
            confirming block if there was one) (target, mean, low, high, in_band).
    """

    point: dict[str, float]
    label: str
    scores: pd.DataFrame
    values: pd.DataFrame


def choose(
    cands: pd.DataFrame,
    targets: Sequence[Target],
    pilot_table: pd.DataFrame,
    students: int = 2000,
    replications: int = 8,
    fixed: Mapping[str, Any] | None = None,
    measure_fn: Any = measure,
    reference: Mapping[str, float] | None = None,
    posterior: Posterior | None = None,
    log: Sequence[str] = (),
    finalists: int = 0,
    confirm_replications: int = 16,
    seed: int = 0,
) -> Choice:
    """Score every candidate on the choosing seeds and pick the eligible smallest distance.

    Args:
        cands: :func:`candidates`' table.
        targets: The targets that score (the fit targets of the run).
        pilot_table: The inference's pilot (``mc_sd``, ``obs_sd`` per target): the
            distance's scales, recomputed for ``replications``.
        students: Cohort size of every target scenario.
        replications: Runs per candidate, on seeds ``CHOOSING_SEEDS.start + i``.
        fixed: Values applied to every candidate besides its parameters.
        measure_fn: :func:`vsvsim.analysis.targets.measure` (replaceable in tests).
        reference: The current defaults of the candidates' parameters: scored on the
            same seeds as a ``defaults`` row.
        posterior: The posterior the candidates come from: gives each its depth. Without
            it only the draws are eligible (the median and the defaults are scored, not
            chosen).
        log: Parameters on a log scale for the depth (log-uniform priors).
        finalists: How many of the best eligible candidates go on to the confirming
            block (0: none; the first block decides).
        confirm_replications: Runs per finalist, on seeds ``CONFIRMING_SEEDS.start + i``.
        seed: Seed of the bootstrap behind ``p_best``.

    Returns:
        The :class:`Choice`.
    """
    names = [c for c in cands.columns if c not in ("candidate", "row")]
    ids = [t.id for t in targets]
    pilot_rows = pilot_table.set_index("target").loc[ids].reset_index()
    if "students" in pilot_rows:
        # The pilot's MC SD is for its own cohort size; a target's variance goes as 1/n.
        pilot_rows = pilot_rows.assign(
            mc_sd=pilot_rows["mc_sd"] * np.sqrt(pilot_rows["students"] / students)
        )

    def run(point: dict[str, float], start: int, reps: int) -> pd.DataFrame:
        """Targets x replications of one point, on the block starting at ``start``."""
        values = measure_fn(
            students=students,
            replications=reps,
            seed=start,
            overrides={**dict(fixed or {}), **point},
            targets=tuple(targets),
        )
        return values.pivot_table(index="target", columns="replication", values="value")

    def in_band(x: Mapping[str, float]) -> int:
        return int(sum(t.low <= x[t.id] <= t.high for t in targets))

    distance = Discrepancy.for_targets(targets, scales(pilot_rows, replications))
    if reference is not None:
        ref = {"candidate": REFERENCE, "row": -2, **{n: reference[n] for n in names}}
        cands = pd.concat([cands, pd.DataFrame([ref])], ignore_index=True)
    depths = depth(posterior, cands, log) if posterior is not None else np.full(len(cands), np.nan)
    rows, means_by = [], {}
    for rec, dep in zip(cands.itertuples(index=False), depths, strict=True):
        point = {n: float(getattr(rec, n)) for n in names}
        means = run(point, CHOOSING_SEEDS.start, replications).mean(axis=1)
        x = {i: float(means.get(i, np.nan)) for i in ids}
        means_by[rec.candidate] = x
        rows.append(
            {
                "candidate": rec.candidate,
                "row": rec.row,
                "distance": distance(x),
                "in_band": in_band(x),
                "depth": float(dep),
                # a draw is a posterior sample; another point must lie in its centre
                "eligible": bool(rec.row >= 0 or dep <= CENTRAL),
                **point,
            }
        )
    scores = pd.DataFrame(rows).sort_values("distance", kind="stable").reset_index(drop=True)
    best = scores[scores["eligible"]].iloc[0]
    if finalists > 0:
        confirm = Discrepancy.for_targets(targets, scales(pilot_rows, confirm_replications))
        top = scores[scores["eligible"]].head(finalists)
        blocks = [
            run({n: float(rec[n]) for n in names}, CONFIRMING_SEEDS.start, confirm_replications)
            .reindex(ids)
            .to_numpy(dtype=float)
            for _, rec in top.iterrows()
        ]
        p_best = _p_best(blocks, ids, confirm, seed)
        for label, block, p in zip(top["candidate"], blocks, p_best, strict=True):
            x = dict(zip(ids, block.mean(axis=1), strict=True))
            means_by[label] = x  # the deciding block's means from here on
            at = scores["candidate"] == label
            scores.loc[at, ["confirm_distance", "confirm_in_band", "p_best"]] = (
                confirm(x),
                in_band(x),
                p,
            )
        # the parameters last, after the confirming columns
        scores = scores[[c for c in scores.columns if c not in names] + names]
        best = scores.dropna(subset=["confirm_distance"])
        best = best.sort_values("confirm_distance", kind="stable").iloc[0]
    x = means_by[best["candidate"]]
    values = pd.DataFrame(
        [
            {
                "target": t.id,
                "mean": x[t.id],
                "low": t.low,
                "high": t.high,
                "in_band": bool(t.low <= x[t.id] <= t.high),
            }
            for t in targets
        ]
    )
    return Choice(
        point={n: float(best[n]) for n in names},
        label=str(best["candidate"]),
        scores=scores,
        values=values,
    )


def _p_best(
    blocks: Sequence[np.ndarray], ids: Sequence[str], distance: Discrepancy, seed: int
) -> np.ndarray:
    """Each finalist's bootstrap chance of the smallest distance on the confirming block.

    ``blocks``: per finalist its targets x replications values. The bootstrap is paired:
    one resample of the replication indices serves every finalist (they share the seeds),
    so the chance reflects their differences, not the seeds' common noise.
    """
    reps = blocks[0].shape[1]
    picks = np.random.default_rng(seed).integers(0, reps, size=(BOOTSTRAP, reps))
    boot = np.array(
        [
            [distance(dict(zip(ids, m[:, p].mean(axis=1), strict=True))) for p in picks]
            for m in blocks
        ]
    )
    return np.bincount(boot.argmin(axis=0), minlength=len(blocks)) / BOOTSTRAP
