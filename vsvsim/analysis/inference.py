"""Calibration as inference (issue 14): ABC-SMC over the calibrated parameters, with pyabc.

History matching (``experiments/calibrate.py``) finds points inside the target bands; its
"uncertainty" is the spread of the best points inside a search box. This module gives a
posterior instead: approximate Bayesian computation with sequential Monte Carlo
(pyabc's :class:`pyabc.ABCSMC`), with

- the prior from the parameter declarations (:attr:`vsvsim.core.params.Param.prior` on
  the fitting range, :func:`prior`),
- the model: :func:`~vsvsim.analysis.targets.measure` at a configurable cohort size and
  number of replications, returning the means of the fit-role targets
  (:class:`TargetModel`); each simulation draws its first seed from
  :data:`SIMULATION_SEEDS` (the :data:`~vsvsim.analysis.seeds.FIT` range),
- the distance: Euclidean over the fit targets, each deviation scaled by
  ``sqrt(obs_sd^2 + mc_sd^2 / R)`` with the Monte Carlo SD ``mc_sd`` of one replication
  measured by a pilot at the current defaults (:func:`pilot`, :class:`Discrepancy`),
- a sampler that is reproducible from one seed whatever the executor and the number of
  workers (:class:`SeededSampler`; pyabc's own parallel samplers are not, see there),
- the history in pyabc's SQLite database, resumable (:func:`run_abc`).

:func:`run_inference` puts it together and writes the posterior (one row per particle of
the last generation: parameter columns and ``weight``), the diagnostics per generation
and the identifiability tables (:func:`identifiability`, :func:`correlations`).
``experiments/infer.py`` is its command line.
"""

from __future__ import annotations

import gzip
import json
import logging
import math
import random
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cloudpickle
import numpy as np
import pandas as pd
import pyabc
from scipy import special, stats

from vsvsim.analysis.seeds import FIT
from vsvsim.analysis.targets import Target, fit_targets, measure, targets_with_role
from vsvsim.core.params import PARAMETERS, Param
from vsvsim.posterior import Posterior

__all__ = [
    "DEFAULT_SCALING",
    "DEFAULT_SHARE",
    "DEFAULT_SPACE",
    "DEFAULT_TRANSITION",
    "ESS_FLOOR",
    "EXECUTORS",
    "MIN_ESS",
    "NAN_PENALTY",
    "NOT_CONSTRAINED",
    "PILOT_SEEDS",
    "PROPOSAL_SETTINGS",
    "SCHEDULE_SETTINGS",
    "SCREENING_SEED",
    "SIMULATION_SEEDS",
    "SPACES",
    "TRANSITIONS",
    "DefensiveTransition",
    "Discrepancy",
    "GaussianTransition",
    "InSpace",
    "LowESSWarning",
    "ParameterSpace",
    "SeededSampler",
    "TargetModel",
    "calibrated",
    "correlations",
    "diagnostics",
    "executor",
    "identifiability",
    "pilot",
    "pool_size",
    "posterior_frame",
    "prior",
    "prior_distribution",
    "resumed_settings",
    "run_abc",
    "run_inference",
    "scales",
    "screen",
    "transition",
    "weighted_quantile",
]

logger = logging.getLogger("ABC.vsvsim")

#: The pilot's seeds (the first of the FIT range) and the simulations' (the rest).
PILOT_SEEDS = range(FIT.start, FIT.start + 10_000)
SIMULATION_SEEDS = range(PILOT_SEEDS.stop, FIT.stop)
#: Scaled deviation a target counts with when the model gives no value (NaN: no leavers
#: in a group, say): far outside, but finite, so such a particle is rejected, not fatal.
NAN_PENALTY = 5.0
#: Posterior 90% interval / prior 90% interval above which a parameter is "not constrained".
NOT_CONSTRAINED = 0.8
#: Effective sample size below which the identifiability flags are not trusted: a few
#: particles carrying most of the weight look narrow and strongly correlated whatever
#: the targets say.
MIN_ESS = 50.0
#: Executors :func:`executor` can make.
EXECUTORS = ("local", "mpi", "dask")
#: Effective sample size, as a share of the population, below which a generation is
#: flagged (and :class:`LowESSWarning` raised): its weights rest on a few particles.
ESS_FLOOR = 1 / 3
#: Proposal kernels (:func:`transition`): "marginal", one 1-D Gaussian kernel density per
#: parameter (pyabc's ``AggregatedTransition`` of ``MultivariateNormalTransition``);
#: "mvn", one joint Gaussian kernel density (pyabc's default, the trial's); "local",
#: pyabc's ``LocalTransition`` (a joint kernel per particle from its nearest neighbours);
#: "gaussian", one multivariate normal fitted to the population (:class:`GaussianTransition`);
#: "defensive", per parameter a share from the prior and a 1-D kernel density
#: (:class:`DefensiveTransition`, scores only).
TRANSITIONS = ("marginal", "mvn", "local", "gaussian", "defensive")
#: Scales the proposal works on (:class:`ParameterSpace`): "scores", each parameter's
#: normal score ``Phi^-1(F(x))`` (``F`` its prior's distribution function), under which
#: the prior is a standard normal; "natural", the parameters themselves (the trial's).
SPACES = ("scores", "natural")
#: The defaults, measured in docs/calibration-inference.md: in 37 (or 33) dimensions with
#: some hundred particles only a proposal that factorises keeps the effective sample size
#: up; a joint kernel density there is a set of separate bumps (see :func:`transition`).
DEFAULT_TRANSITION = "marginal"
DEFAULT_SPACE = "scores"
#: Twice pyabc's bandwidth (Silverman's rule, about 0.4 of the population's SD per
#: parameter at 100 particles): a proposal with tails heavier than the next target keeps
#: the weights bounded; at 1 the ten-parameter stand-in dropped below the floor in two
#: of seven seeds, at 2 in none (docs/calibration-inference.md).
DEFAULT_SCALING = 2.0
#: Per parameter, the share of a "defensive" proposal's draws that come from the prior.
#: Each parameter mixes on its own, so only ``(1 - share) ** d`` of the proposals have
#: every parameter from the kernel: at 0.2 and 16 parameters 3%, and each of the others
#: has about ``d * share`` parameters from the prior. Once the posterior is narrower than
#: the prior that costs acceptance: measured on generation 6 of the committed run at
#: generation 7's epsilon, 1 of 160 proposals accepted, against 5 of 160 at a share of
#: 0.05 and with none ("marginal"); the default stays 0.2 (the stored runs') and a resume
#: may lower it (docs/calibration-inference.md, "The proposal's cost").
DEFAULT_SHARE = 0.2
#: The settings of a run stored before the transition became a setting (the trial's),
#: and before the defensive share did (it was 0.2 then).
LEGACY_SETTINGS = {"transition": "mvn", "space": "natural", "scaling": 1.0, "share": 0.2}
#: Settings that choose the proposal only: a resume may change them (importance weights
#: correct for any proposal, so the generations still target the same posterior), and
#: the change is recorded with its first generation (``proposals`` in the settings).
PROPOSAL_SETTINGS = ("transition", "scaling", "share")
#: Settings of the epsilon schedule: a resume may change them too (they choose where the
#: run stops, not what it infers), recorded with their first generation (``schedule``).
SCHEDULE_SETTINGS = ("epsilon_floor",)


class FloorEpsilon(pyabc.epsilon.MedianEpsilon):
    """Pyabc's median epsilon schedule, never below ``floor``.

    The run's stopping rule calls a run converged once epsilon is within
    :data:`vsvsim.posterior.CONVERGED_DROP` of the noise floor (:func:`vsvsim.posterior.
    at_floor`); below that a generation narrows the posterior by the simulator's noise.
    Where the median of the last distances falls under ``floor`` the generation runs at
    ``floor`` instead (and :func:`run_abc` stops after it): the cheapest generation the
    rule calls converged, instead of one that overshoots into the noise at a higher cost.

    Args:
        floor: The lowest epsilon (None: pyabc's median schedule unchanged).
    """

    def __init__(self, floor: float | None = None) -> None:
        super().__init__(median_multiplier=1)
        self.floor = floor

    def get_config(self) -> dict:
        return {**super().get_config(), "floor": self.floor}

    def _update(self, t: int, weighted_distances: pd.DataFrame) -> None:
        super()._update(t, weighted_distances)
        if self.floor is not None:
            self._look_up[t] = max(float(self._look_up[t]), float(self.floor))


class GenerationPaused(Exception):
    """A generation stopped at the sampler's deadline, its particles so far checkpointed.

    Rerunning the same command (a resume) goes on from the checkpoint: the generation is
    the one an uninterrupted run gives (:class:`SeededSampler`).

    Attributes:
        t: The generation.
        simulations: Particles simulated in it so far (every session's).
        accepted: Of which accepted.
        n: The population it needs.
        checkpoint: The checkpoint file.
        session: Of the simulations, those run since the last resume.
    """

    def __init__(
        self, t: int, simulations: int, accepted: int, n: int, checkpoint: Path, session: int
    ):
        self.t, self.simulations, self.accepted, self.n = t, simulations, accepted, n
        self.checkpoint, self.session = checkpoint, session
        left = remaining_simulations(self)
        more = f" ({left} more expected at its acceptance so far)" if math.isfinite(left) else ""
        super().__init__(
            f"paused in generation {t}: {accepted} of {n} particles accepted in "
            f"{simulations} simulations{more}, checkpointed in {checkpoint}"
        )


def remaining_simulations(u: Any) -> int | float:
    """Simulations a paused generation still needs at its acceptance so far (inf: none yet).

    ``u`` has ``simulations``, ``accepted`` and ``n`` (:class:`GenerationPaused`,
    :class:`UnderWay`).
    """
    if u.accepted <= 0:
        return math.inf
    return math.ceil((u.n - u.accepted) * u.simulations / u.accepted)


class LowESSWarning(UserWarning):
    """A generation whose effective sample size is below :data:`ESS_FLOOR` of its size."""


# --- prior ------------------------------------------------------------------------------


def calibrated(names: Sequence[str] | None = None) -> dict[str, Param]:
    """The parameters to infer: every inferred one, or the given subset in that order.

    By default the calibrated parameters without :attr:`~vsvsim.core.params.Param.fixed`
    (those the declarations keep at their defaults); named explicitly, a fixed one can
    still be inferred.

    Raises:
        ValueError: If a name is unknown or not calibrated (has no fitting range).
    """
    if names is None:
        return {n: p for n, p in PARAMETERS.items() if p.inferred}
    bad = [n for n in names if n not in PARAMETERS or not PARAMETERS[n].calibrated]
    if bad:
        raise ValueError(f"not calibrated parameters (no fitting range): {', '.join(bad)}")
    return {n: PARAMETERS[n] for n in names}


def prior_distribution(p: Param) -> Any:
    """The prior of one calibrated parameter as a frozen scipy distribution."""
    low, high = p.fit
    if p.prior == "log-uniform":
        return stats.loguniform(low, high)
    return stats.uniform(low, high - low)


def prior(params: Mapping[str, Param]) -> pyabc.Distribution:
    """The joint prior (independent per parameter) as a pyabc distribution."""
    rvs = {}
    for name, p in params.items():
        low, high = p.fit
        if p.prior == "log-uniform":
            rvs[name] = pyabc.RV("loguniform", low, high)
        else:
            rvs[name] = pyabc.RV("uniform", low, high - low)
    return pyabc.Distribution(**rvs)


@dataclass(frozen=True)
class ParameterSpace:
    """The scale the sampler's particles live on, and the way back to the parameters.

    On the "natural" scale a particle is the parameter point and the prior is
    :func:`prior` (uniform or log-uniform boxes). On the "scores" scale a particle holds
    each parameter's normal score ``z = Phi^-1(F(x))``: the prior is then a standard
    normal per coordinate, the box has no edges a proposal can step over (in 37
    dimensions most proposals of a kernel around a uniform population leave the box
    somewhere and are drawn again), and a log-uniform parameter moves in its logarithm.
    The posterior is the same distribution either way; the weights carry over, since
    the prior on the scores is the image of the prior on the parameters.

    Attributes:
        kind: A key of :data:`SPACES`.
        names: The parameters, in declaration order.
        priors: Per parameter its prior shape ("uniform" or "log-uniform").
        bounds: Per parameter its fitting range.
    """

    kind: str
    names: tuple[str, ...]
    priors: tuple[str, ...]
    bounds: tuple[tuple[float, float], ...]

    @classmethod
    def of(cls, params: Mapping[str, Param], kind: str = DEFAULT_SPACE) -> ParameterSpace:
        """The space of ``params`` on scale ``kind``."""
        if kind not in SPACES:
            raise ValueError(f"space {kind!r}: use one of {', '.join(SPACES)}")
        return cls(
            kind,
            tuple(params),
            tuple(p.prior for p in params.values()),
            tuple((float(p.fit[0]), float(p.fit[1])) for p in params.values()),
        )

    def prior(self) -> pyabc.Distribution:
        """The prior of a particle (on this scale)."""
        if self.kind == "natural":
            rvs = {}
            for name, shape, (low, high) in zip(self.names, self.priors, self.bounds, strict=True):
                if shape == "log-uniform":
                    rvs[name] = pyabc.RV("loguniform", low, high)
                else:
                    rvs[name] = pyabc.RV("uniform", low, high - low)
            return pyabc.Distribution(**rvs)
        return pyabc.Distribution(**{n: pyabc.RV("norm", 0.0, 1.0) for n in self.names})

    def natural(self, point: Mapping[str, float]) -> dict[str, float]:
        """The parameter point of a particle."""
        if self.kind == "natural":
            return {n: float(point[n]) for n in self.names}
        out = {}
        for name, shape, (low, high) in zip(self.names, self.priors, self.bounds, strict=True):
            out[name] = float(_from_quantile(shape, low, high, special.ndtr(point[name])))
        return out

    def natural_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The parameter points of a frame of particles (other columns kept)."""
        if self.kind == "natural":
            return frame.copy()
        out = frame.copy()
        for name, shape, (low, high) in zip(self.names, self.priors, self.bounds, strict=True):
            u = special.ndtr(frame[name].to_numpy(dtype=float))
            out[name] = _from_quantile(shape, low, high, u)
        return out


def _from_quantile(shape: str, low: float, high: float, u: Any) -> Any:
    """The value at prior quantile ``u`` of a uniform or log-uniform prior on (low, high)."""
    return low * (high / low) ** u if shape == "log-uniform" else low + (high - low) * u


@dataclass(frozen=True)
class InSpace:
    """A model of parameter points seen from the sampler's scale: maps, then simulates."""

    model: Callable[[Mapping[str, float]], Mapping[str, float]]
    space: ParameterSpace

    def __call__(self, point: Mapping[str, float]) -> Mapping[str, float]:
        """Simulate the parameter point of particle ``point``."""
        return self.model(self.space.natural(point))


class GaussianTransition(pyabc.transition.Transition):
    """One multivariate normal fitted to the population: weighted mean, scaled covariance.

    Not a kernel density: the proposal is a single Gaussian with the population's
    weighted mean and ``scaling`` times its weighted covariance, whatever the particles'
    positions. In 30 dimensions a kernel density over a few hundred particles is a set of
    separate bumps (its density at a draw is its parent's kernel alone), and one that
    factorises ("marginal") ignores the correlations the posterior develops, so its
    mismatch compounds over generations; a single Gaussian on the normal scores (where
    the prior is a standard normal and a near-prior parameter stays near Gaussian) has a
    smooth density, follows the correlations and keeps the log weight's spread small
    when the population is near Gaussian. Its price: a posterior far from Gaussian on the
    scores (two modes, a curved ridge) is proposed badly (acceptance falls, the weights
    say so).

    Args:
        scaling: Factor on the population's covariance (above 1: tails heavier than the
            population's, which bounds the weights of particles in its tails).
    """

    def __init__(self, scaling: float = 1.5) -> None:
        self.scaling = float(scaling)

    def fit(self, X: pd.DataFrame, w: np.ndarray) -> None:
        """Fit the mean and covariance to the weighted population."""
        from pyabc.transition.util import smart_cov

        arr = X.to_numpy(dtype=float)
        self._mean = np.asarray(w, float) @ arr
        self._cov = np.atleast_2d(smart_cov(arr, w)) * self.scaling
        self._normal = stats.multivariate_normal(self._mean, self._cov, allow_singular=True)

    def rvs_single(self) -> pyabc.Parameter:
        """One draw (numpy's global stream, which the sampler seeds per particle)."""
        x = np.random.multivariate_normal(self._mean, self._cov)  # noqa: NPY002
        return pyabc.Parameter(dict(zip(self.X.columns, x, strict=True)))

    def pdf(self, x: Any) -> Any:
        """The proposal density at a particle (or each row of a frame)."""
        if isinstance(x, pd.DataFrame):
            return np.atleast_1d(self._normal.pdf(x[self.X.columns].to_numpy(dtype=float)))
        return float(self._normal.pdf(np.array([x[k] for k in self.X.columns], dtype=float)))


class DefensiveTransition(pyabc.transition.Transition):
    """A 1-D proposal on a normal score: a share from the prior, the rest from a kernel.

    ``q = share * phi + (1 - share) * kde`` with ``phi`` the standard normal (the prior of
    a parameter on the "scores" scale) and ``kde`` pyabc's 1-D kernel density of the
    population. Its weight term ``phi / q`` is at most ``1 / share`` (a defensive mixture,
    Hesterberg 1995), and for a parameter the targets leave near its prior it is close to
    1, where a kernel density of a near-prior population (wider than the prior by its
    bandwidth) adds a term that grows with the score's square; over 30 such parameters
    those terms add up in the log weight. Used per parameter through pyabc's
    ``AggregatedTransition`` ("defensive"); on the scores only.

    Args:
        share: Share of the draws from the prior.
        scaling: Factor on the kernel's bandwidth (as "marginal").
    """

    def __init__(self, share: float = DEFAULT_SHARE, scaling: float = DEFAULT_SCALING) -> None:
        self.share = float(share)
        self.scaling = float(scaling)
        self.kernel = pyabc.MultivariateNormalTransition(scaling=scaling)

    def fit(self, X: pd.DataFrame, w: np.ndarray) -> None:
        """Fit the kernel part to the weighted population."""
        self.kernel.fit(X, w)

    def rvs_single(self) -> pyabc.Parameter:
        """One draw: from the prior with chance ``share``, else from the kernel."""
        if np.random.random() < self.share:  # noqa: NPY002
            return pyabc.Parameter({c: float(np.random.standard_normal()) for c in self.X.columns})  # noqa: NPY002
        return self.kernel.rvs_single()

    def pdf(self, x: Any) -> Any:
        """The mixture's density at a particle (or each row of a frame)."""
        if isinstance(x, pd.DataFrame):
            z = x[self.X.columns].to_numpy(dtype=float)
            prior = np.prod(stats.norm.pdf(z), axis=1)
        else:
            prior = float(np.prod(stats.norm.pdf([x[c] for c in self.X.columns])))
        return self.share * prior + (1 - self.share) * self.kernel.pdf(x)


def transition(
    kind: str = DEFAULT_TRANSITION,
    names: Sequence[str] = (),
    scaling: float = DEFAULT_SCALING,
    share: float = DEFAULT_SHARE,
) -> pyabc.transition.Transition:
    """The proposal kernel of the generations after the first, from pyabc's transitions.

    The importance weight of a particle is prior / proposal density. With a joint
    Gaussian kernel density ("mvn", pyabc's default) over some hundred particles in 30+
    dimensions the kernels do not overlap (two particles lie about ``sqrt(2 d)`` kernel
    widths apart): the proposal density of a new particle is that of its own parent's
    kernel alone, whose logarithm varies by about ``sqrt(d / 2)`` from one draw to the
    next (a chi-square with d degrees of freedom), and the weights spread over orders of
    magnitude. "marginal" proposes each parameter from its own 1-D kernel density
    (pyabc's ``AggregatedTransition``); in one dimension a hundred kernels overlap well,
    and the density factorises, so its mismatch with the population grows slowly with
    the dimension. The price: correlations in the posterior are not proposed along.

    Args:
        kind: A key of :data:`TRANSITIONS`.
        names: The parameters (needed by "marginal").
        scaling: Factor on pyabc's bandwidth (Silverman's rule) or on the local
            covariance ("local").
        share: Per parameter the prior's share of the draws ("defensive" only).
    """
    if kind == "mvn":
        return pyabc.MultivariateNormalTransition(scaling=scaling)
    if kind == "local":
        return pyabc.LocalTransition(k_fraction=0.25, scaling=scaling)
    if kind == "gaussian":
        return GaussianTransition(scaling=scaling)
    if kind == "defensive":
        if not names:
            raise ValueError("the defensive transition needs the parameter names")
        return pyabc.AggregatedTransition(
            {n: DefensiveTransition(share=share, scaling=scaling) for n in names}
        )
    if kind == "marginal":
        if not names:
            raise ValueError("the marginal transition needs the parameter names")
        return pyabc.AggregatedTransition(
            {n: pyabc.MultivariateNormalTransition(scaling=scaling) for n in names}
        )
    raise ValueError(f"transition {kind!r}: use one of {', '.join(TRANSITIONS)}")


# --- model and distance ------------------------------------------------------------------


def draw_seed(replications: int) -> int:
    """A simulation's first seed, from numpy's global stream (seeded per particle)."""
    # numpy's legacy global stream, not a Generator: pyabc draws its proposals from it, and
    # the sampler seeds it per particle, so proposal and seed follow from one seed.
    stop = SIMULATION_SEEDS.stop - replications
    return int(np.random.randint(SIMULATION_SEEDS.start, stop))  # noqa: NPY002


@dataclass(frozen=True)
class TargetModel:
    """The model as the inference sees it: a parameter point -> the fit targets' means.

    Picklable (it is sent to worker processes). Its seed comes from numpy's global stream,
    which :class:`SeededSampler` seeds for every particle, so a particle's simulation is
    fixed by the sampler's seed.

    Attributes:
        targets: The targets to return (the fit-role ones).
        students: Cohort size of every target scenario.
        replications: Runs per scenario; the statistic is their mean.
        fixed: Parameter values applied besides the point (those not inferred).
    """

    targets: tuple[Target, ...]
    students: int
    replications: int
    fixed: dict[str, Any] = field(default_factory=dict)

    def __call__(self, point: Mapping[str, float]) -> dict[str, float]:
        """Simulate one point; return {target id: mean over replications}."""
        return self.simulate(point, draw_seed(self.replications))

    def simulate(self, point: Mapping[str, float], seed: int) -> dict[str, float]:
        """Simulate one point on seeds ``seed``, ``seed + 1``, ...; the targets' means."""
        overrides = {**self.fixed, **{k: float(v) for k, v in point.items()}}
        values = measure(
            students=self.students,
            replications=self.replications,
            seed=seed,
            overrides=overrides,
            targets=self.targets,
        )
        means = values.groupby("target")["value"].mean()  # NaN replications skipped
        return {t.id: float(means.get(t.id, np.nan)) for t in self.targets}


@dataclass(frozen=True)
class Discrepancy:
    """Euclidean distance over targets, each deviation in units of its own scale.

    A point target deviates by ``value - reference``; a direction target (side +1 or -1)
    only when the value is on the wrong side of its reference (the band's edge nearest
    zero), as :meth:`vsvsim.analysis.targets.Target.deviation`.

    Attributes:
        reference: Per statistic, the observed value or the edge.
        scale: Per statistic, the unit of deviation (``sqrt(obs_sd^2 + mc_sd^2 / R)``).
        side: Per statistic, 0 (point), +1 (must be above) or -1 (must be below); missing
            keys are point statistics.
    """

    reference: dict[str, float]
    scale: dict[str, float]
    side: dict[str, int] = field(default_factory=dict)

    @classmethod
    def for_targets(cls, targets: Sequence[Target], scale: Mapping[str, float]) -> Discrepancy:
        """The distance over ``targets`` with the given scales."""
        return cls(
            reference={t.id: t.reference for t in targets},
            scale={t.id: float(scale[t.id]) for t in targets},
            side={t.id: t.side for t in targets},
        )

    def scaled(self, x: Mapping[str, float]) -> dict[str, float]:
        """Per statistic the scaled deviation (NaN values count :data:`NAN_PENALTY`)."""
        out = {}
        for key, ref in self.reference.items():
            value = x.get(key, np.nan)
            if value is None or not math.isfinite(value):
                out[key] = NAN_PENALTY
                continue
            gap = value - ref
            side = self.side.get(key, 0)
            gap = min(gap, 0.0) if side > 0 else max(gap, 0.0) if side < 0 else gap
            out[key] = gap / self.scale[key]
        return out

    def __call__(self, x: Mapping[str, float], x0: Mapping[str, float] | None = None) -> float:
        """The distance of simulated statistics ``x`` (``x0``: pyabc's record, unused)."""
        return float(math.sqrt(sum(d * d for d in self.scaled(x).values())))


def pilot(
    targets: Sequence[Target],
    students: int,
    replications: int = 8,
    overrides: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Monte Carlo SD of one replication of each target at the defaults.

    Runs ``replications`` replications on :data:`PILOT_SEEDS` at cohort size ``students``.

    Returns:
        One row per target: mean, mc_sd (SD over replications), obs_sd, replications.
    """
    values = measure(
        students=students,
        replications=replications,
        seed=PILOT_SEEDS.start,
        overrides=dict(overrides or {}),
        targets=tuple(targets),
    )
    by = values.groupby("target")["value"]
    rows = []
    for t in targets:
        v = by.get_group(t.id).to_numpy(dtype=float)
        v = v[np.isfinite(v)]
        rows.append(
            {
                "target": t.id,
                "mean": float(v.mean()) if len(v) else np.nan,
                "mc_sd": float(v.std(ddof=1)) if len(v) > 1 else np.nan,
                "obs_sd": t.obs_sd,
                "replications": len(v),
                "students": students,
            }
        )
    return pd.DataFrame(rows)


def scales(pilot_table: pd.DataFrame, replications: int) -> dict[str, float]:
    """Per target ``sqrt(obs_sd^2 + mc_sd^2 / R)`` (a missing MC SD counts as 0)."""
    mc = pilot_table["mc_sd"].fillna(0.0).to_numpy()
    obs = pilot_table["obs_sd"].to_numpy()
    return dict(zip(pilot_table["target"], np.sqrt(obs**2 + mc**2 / replications), strict=True))


# --- the sampler ------------------------------------------------------------------------


def _simulate_chunk(payload: bytes, seeds: Sequence[int]) -> list:
    """Simulate one particle per seed (worker side): numpy and random seeded for each."""
    simulate_one = cloudpickle.loads(payload)
    out = []
    for s in seeds:
        # The global streams, which pyabc's proposals and the model's seed draw use.
        np.random.seed(s)  # noqa: NPY002
        random.seed(s)
        out.append(simulate_one())
    return out


class _Rejected:
    """The place of a rejected particle a checkpoint did not keep (pyabc records none)."""

    accepted = False
    weight = 0.0


def _same_particle(a: Any, b: Any) -> bool:
    """Whether two simulations of one particle seed agree (proposal, distance, verdict)."""
    pa, pb = dict(a.parameter), dict(b.parameter)
    return (
        a.accepted == b.accepted
        and pa.keys() == pb.keys()
        and all(math.isclose(pa[k], pb[k], rel_tol=1e-12) for k in pa)
        and math.isclose(a.distance, b.distance, rel_tol=1e-9)
    )


class SeededSampler(pyabc.sampler.Sampler):
    """A pyabc sampler whose result is fixed by one seed, on any executor.

    pyabc's own parallel samplers (``MappingSampler``, ``MulticoreEvalParallelSampler``,
    ``MulticoreParticleParallelSampler``, ``DaskDistributedSampler``) reseed numpy from the
    operating system in every worker (``np.random.seed()``) and, the dynamic ones, keep
    the particles that happen to finish first: their populations cannot be reproduced.
    Here particle ``j`` of generation ``t`` is simulated after seeding numpy and
    ``random`` with a seed derived from (``seed``, ``t``, ``j``) only; particles are
    simulated in batches (static scheduling) and the population is the first ``n``
    accepted in index order, so neither the executor, nor the number of workers, nor the
    batch sizes, nor a resume change it. The price: a batch's particles after the
    ``n``-th acceptance are simulated for nothing (a few per generation with batches
    sized by the last acceptance rate).

    ``nr_evaluations_`` (what pyabc stores as the generation's number of samples, the
    denominator of its acceptance rate) counts the particles up to the ``n``-th
    acceptance, so the rate is that of the sequence; :attr:`simulations` counts every
    simulation run, per generation.

    The guard on the weights: :attr:`ess` holds each generation's effective sample size
    (of the accepted particles' importance weights, the same as the stored population's),
    and a generation below :data:`ESS_FLOOR` of ``n`` raises a :class:`LowESSWarning`
    and logs it as it happens, not only in the diagnostics at the end.

    Args:
        seed: The seed of the whole run.
        executor: Anything with ``submit(fn, *args)`` returning a future with
            ``result()`` (a ``concurrent.futures`` executor, ``MPIPoolExecutor``, a Dask
            ``Client``), or None to simulate in this process.
        workers: Chunks a batch is split into (one per worker).
        max_batch: Largest batch, as a multiple of the population size.
        checkpoint: A file the unfinished generation's particles are saved to after
            every batch (then at most ``n`` particles each), read back when the same
            generation of the same seed starts again and deleted when it is complete:
            a generation interrupted (killed, or paused at ``deadline``) goes on where
            it stopped. None: no checkpoint.
        deadline: A ``time.monotonic()`` time after which a generation with a
            checkpoint stops after its current batch (raises :class:`GenerationPaused`).
    """

    def __init__(
        self,
        seed: int = 0,
        executor: Any = None,
        workers: int = 1,
        max_batch: float = 4.0,
        checkpoint: Path | None = None,
        deadline: float | None = None,
    ) -> None:
        super().__init__()
        self.seed = int(seed)
        self.executor = executor
        self.workers = max(1, int(workers))
        self.max_batch = max_batch
        self.checkpoint = Path(checkpoint) if checkpoint is not None else None
        self.deadline = deadline
        self.simulations: dict[int, int] = {}
        self.ess: dict[int, float] = {}
        self._rate = 1.0

    def __getstate__(self) -> dict:
        # The executor stays with the parent; a pickled sampler (pyabc pickles parts of
        # the analysis) carries the seed only.
        state = self.__dict__.copy()
        state["executor"] = None
        return state

    def particle_seed(self, t: int, j: int) -> int:
        """The seed of particle ``j`` of generation ``t`` (t = -1: the prior sample)."""
        seq = np.random.SeedSequence(entropy=self.seed, spawn_key=(t + 1, j))
        return int(seq.generate_state(1)[0])

    def _evaluate(self, payload: bytes, seeds: list[int]) -> list:
        if self.executor is None or len(seeds) == 1:
            # In this process: keep the caller's global streams as they were.
            np_state, py_state = np.random.get_state(), random.getstate()  # noqa: NPY002
            try:
                return _simulate_chunk(payload, seeds)
            finally:
                np.random.set_state(np_state)  # noqa: NPY002
                random.setstate(py_state)
        size = math.ceil(len(seeds) / self.workers)
        chunks = [seeds[i : i + size] for i in range(0, len(seeds), size)]
        futures = [self.executor.submit(_simulate_chunk, payload, c) for c in chunks]
        return [particle for f in futures for particle in f.result()]

    def sample_until_n_accepted(
        self,
        n,
        simulate_one,
        t,
        *,
        max_eval=np.inf,
        all_accepted=False,
        ana_vars=None,
    ):
        """Simulate particles 0, 1, ... of generation ``t`` until ``n`` are accepted."""
        payload = cloudpickle.dumps(simulate_one)
        rate = 1.0 if all_accepted else self._rate
        record = self._create_empty_sample().record_rejected
        particles: list = self._restore(t, payload) if self.checkpoint else []
        touched = bool(particles)  # whether the checkpoint is this generation's
        restored = len(particles)
        accepted = sum(p.accepted for p in particles)
        if particles:
            rate = max(accepted, 0.5) / len(particles)
        # With a checkpoint a batch is at most n particles, so little is lost when a run
        # is stopped; batch sizes do not change the population.
        largest = n if self.checkpoint else self.max_batch * n
        while accepted < n and len(particles) < max_eval:
            need = n - accepted
            # 10% over the expected need, none when every particle is accepted.
            size = need if all_accepted else math.ceil(need / max(rate, 1e-3) * 1.1)
            size = max(size, self.workers, need)
            size = int(min(size, largest, max_eval - len(particles)))
            start = len(particles)
            seeds = [self.particle_seed(t, j) for j in range(start, start + size)]
            particles += self._evaluate(payload, seeds)
            accepted = sum(p.accepted for p in particles)
            # Pessimistic when nothing was accepted yet: the next batch grows.
            rate = max(accepted, 0.5) / len(particles)
            if accepted < n and len(particles) < max_eval and self.checkpoint:
                self._save(t, n, particles, record)
                touched = True
                if self.deadline is not None and time.monotonic() >= self.deadline:
                    raise GenerationPaused(
                        t, len(particles), accepted, n, self.checkpoint, len(particles) - restored
                    )
        if touched:
            # This generation's checkpoint only: a later one's stays (a resume paused in
            # generation 0 keeps it while it redraws the prior's calibration sample).
            self.checkpoint.unlink(missing_ok=True)
        self.simulations[t] = len(particles)
        # The population: the first n accepted, and the rejected ones before the last.
        kept, count = [], 0
        for p in particles:
            if count == n:
                break
            kept.append(p)
            count += p.accepted
        sample = self._create_empty_sample()
        for p in kept:
            sample.append(p)
        self.nr_evaluations_ = len(kept)
        if not all_accepted and kept:
            self._rate = max(count, 0.5) / len(kept)
        if count < n:
            sample.ok = False
        self._check_ess(t, n, [p.weight for p in kept if p.accepted])
        return sample

    def _save(self, t: int, n: int, particles: list, record_rejected: bool) -> None:
        """Write the unfinished generation's particles, atomically.

        A kill never leaves half a file. Rejected ones are kept only when pyabc records
        them (else only their places count: they set the acceptance rate).
        """
        kept = [(j, p) for j, p in enumerate(particles) if p.accepted or record_rejected]
        state = {"seed": self.seed, "t": t, "n": n, "count": len(particles), "particles": kept}
        partial = self.checkpoint.with_name(self.checkpoint.name + ".partial")
        partial.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(partial, "wb") as f:
            cloudpickle.dump(state, f)
        partial.replace(self.checkpoint)

    def _restore(self, t: int, payload: bytes) -> list:
        """The particles a checkpoint of generation ``t`` holds, or none.

        A checkpoint of another seed or generation is discarded, and so is one whose
        first stored particle, simulated again now, comes out otherwise (the model, the
        targets or the run changed since): starting the generation over is always right.
        """
        if not self.checkpoint.is_file():
            return []
        with gzip.open(self.checkpoint, "rb") as f:
            state = cloudpickle.load(f)
        if state["seed"] == self.seed and state["t"] > t:
            return []  # a later generation's: this one is not the one paused
        if state["seed"] != self.seed or state["t"] != t:
            logger.warning(
                "checkpoint %s is of seed %s, generation %s, not of seed %s, generation "
                "%s: discarded", self.checkpoint, state["seed"], state["t"], self.seed, t
            )  # fmt: skip
            self.checkpoint.unlink()
            return []
        particles: list = [_Rejected()] * state["count"]
        for j, p in state["particles"]:
            particles[j] = p
        if state["particles"]:
            j, stored = state["particles"][0]
            (again,) = self._evaluate(payload, [self.particle_seed(t, j)])
            if not _same_particle(stored, again):
                message = (
                    f"checkpoint {self.checkpoint}: particle {j} of generation {t} "
                    "simulated again differs from the stored one (the model or the run "
                    "changed): the generation starts over"
                )
                logger.warning(message)
                warnings.warn(message, RuntimeWarning, stacklevel=2)
                self.checkpoint.unlink()
                return []
        logger.info(
            f"generation {t}: {len(particles)} particles ({sum(p.accepted for p in particles)}"
            f" accepted) restored from {self.checkpoint}"
        )
        return particles

    def _check_ess(self, t: int, n: int, weights: Sequence[float]) -> None:
        """Record the generation's effective sample size; warn when it is low."""
        w = np.asarray(weights, dtype=float)
        if not len(w) or not np.isfinite(w).all() or w.sum() <= 0:
            return
        ess = float(w.sum() ** 2 / (w**2).sum())
        self.ess[t] = ess
        if ess < ESS_FLOOR * n:
            message = (
                f"generation {t}: effective sample size {ess:.1f} of {n} (below "
                f"{ESS_FLOOR:.2f} of the population, largest weight {w.max() / w.sum():.2f}): "
                "the population rests on a few particles"
            )
            logger.warning(message)
            warnings.warn(message, LowESSWarning, stacklevel=2)


@contextmanager
def executor(kind: str = "local", workers: int = 2, address: str | None = None) -> Iterator[Any]:
    """An executor for :class:`SeededSampler` (None: simulate in this process).

    Args:
        kind: "local" (worker processes on this machine; ``workers`` = 1: none),
            "mpi" (``mpi4py.futures.MPIPoolExecutor``: start with ``mpiexec -n K python
            -m mpi4py.futures experiments/infer.py ...``) or "dask" (a
            ``dask.distributed.Client`` on ``address``, or a local cluster of ``workers``
            single-threaded processes).
        workers: Worker processes (local, and Dask without an address).
        address: Scheduler address (Dask only).
    """
    if kind not in EXECUTORS:
        raise ValueError(f"executor {kind!r}: use one of {', '.join(EXECUTORS)}")
    if kind == "local":
        if workers <= 1:
            yield None
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # forkserver, not fork: pyabc's parent has threads (SQLAlchemy, logging), and a
        # forked child of a threaded process can deadlock.
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            yield pool
    elif kind == "mpi":
        from mpi4py.futures import MPIPoolExecutor

        with MPIPoolExecutor() as pool:
            yield pool
    else:
        from dask.distributed import Client

        client = (
            Client(address)
            if address
            else Client(n_workers=workers, threads_per_worker=1, processes=True)
        )
        try:
            yield client
        finally:
            client.close()


def pool_size(ex: Any, default: int) -> int:
    """The workers an executor has.

    An ``MPIPoolExecutor``'s worker ranks, a Dask client's workers, else ``default`` (a
    local pool is made with that many).
    """
    n = getattr(ex, "num_workers", None)
    if n is None and hasattr(ex, "scheduler_info"):
        n = len(ex.scheduler_info().get("workers", {}))
    return int(n) if n else default


# --- running and resuming ------------------------------------------------------------------


def checkpoint_file(db: Path) -> Path:
    """Where :func:`run_inference` checkpoints the unfinished generation of ``db``."""
    db = Path(db)
    return db.with_name(db.name + ".generation.pkl.gz")


@dataclass(frozen=True)
class UnderWay:
    """A generation checkpointed before its end (:class:`SeededSampler`).

    Attributes:
        t: The generation.
        simulations: Particles simulated in it so far.
        accepted: Of which accepted.
        n: The population it needs (None in a checkpoint that does not say).
    """

    t: int
    simulations: int
    accepted: int
    n: int | None = None


def under_way(checkpoint: Path) -> UnderWay | None:
    """The generation a checkpoint holds, or None when there is none."""
    checkpoint = Path(checkpoint)
    if not checkpoint.is_file():
        return None
    with gzip.open(checkpoint, "rb") as f:
        state = cloudpickle.load(f)
    accepted = sum(bool(p.accepted) for _, p in state["particles"])
    n = state.get("n")
    return UnderWay(int(state["t"]), int(state["count"]), accepted, None if n is None else int(n))


def run_abc(
    model: Callable[[Mapping[str, float]], Mapping[str, float]],
    parameter_prior: pyabc.Distribution,
    distance: Discrepancy,
    db: Path,
    population: int,
    generations: int,
    sampler: pyabc.sampler.Sampler,
    resume: bool = False,
    min_epsilon: float = 0.0,
    proposal: pyabc.transition.Transition | None = None,
    epsilon_floor: float | None = None,
) -> pyabc.storage.History:
    """Run ABC-SMC until ``generations`` generations are in the database ``db``.

    A new run needs a database that does not exist yet; with ``resume`` the run stored
    in ``db`` goes on from its last generation (the same model, prior, distance,
    proposal and sampler seed must be given: the run is then the one an uninterrupted
    run would have given). Stops early when epsilon falls below ``min_epsilon``.
    ``proposal`` is the transition (:func:`transition`; None: pyabc's default, a joint
    Gaussian kernel density). ``epsilon_floor``: no generation's epsilon below it
    (:class:`FloorEpsilon`), and the run stops after the first one at it.

    Returns:
        The history (pyabc's view of the database).
    """
    db = Path(db)
    abc = pyabc.ABCSMC(
        model,
        parameter_prior,
        distance,
        population_size=population,
        sampler=sampler,
        transitions=proposal,
        # None: pyabc's own default (the median schedule), so a run without a floor is
        # the one it always was.
        eps=None if epsilon_floor is None else FloorEpsilon(epsilon_floor),
    )
    if epsilon_floor is not None:
        min_epsilon = max(min_epsilon, float(epsilon_floor))
    url = f"sqlite:///{db.resolve()}"
    if resume:
        if not db.exists():
            raise FileNotFoundError(f"--resume: no database {db}")
        history = abc.load(url, 1)
        remaining = generations - (history.max_t + 1)
    else:
        if db.exists():
            raise FileExistsError(f"{db} exists: resume it (--resume) or choose another --db")
        db.parent.mkdir(parents=True, exist_ok=True)
        abc.new(url, dict(distance.reference))
        remaining = generations
    if remaining > 0:
        abc.run(max_nr_populations=remaining, minimum_epsilon=min_epsilon)
    return abc.history


def _proposal(settings: Mapping[str, Any], first: int) -> dict[str, Any]:
    """The proposal settings in ``settings``, with the first generation they drew."""
    return {"from_generation": int(first), **{k: settings[k] for k in PROPOSAL_SETTINGS}}


def resumed_settings(
    stored: Mapping[str, Any], given: Mapping[str, Any], next_t: int
) -> dict[str, Any]:
    """The settings of a resumed run: the stored run's, with the proposal as given.

    Every setting that defines what the run infers (parameters, cohort, replications,
    population, seed, targets, scale, left-out groups) must be the stored run's; a
    resume with another is refused, naming each. The proposal's settings
    (:data:`PROPOSAL_SETTINGS`) may differ: importance sampling corrects for any proposal,
    so the later generations target the same posterior, and one that wastes simulations
    (the "defensive" share once the posterior narrows, :data:`DEFAULT_SHARE`) can be
    replaced mid-run. A change is appended to ``proposals`` with ``next_t``, the first
    generation it proposes, so the run stays reproducible from its settings.

    Args:
        stored: The stored run's settings (``<db>.settings.json``).
        given: This session's settings.
        next_t: The first generation this session runs.

    Returns:
        The settings to store and run with.

    Raises:
        ValueError: A run-defining setting differs from the stored run's.
    """
    # A run stored before the proposal was a setting used the trial's; one stored before
    # the schedule was had none.
    old = {**LEGACY_SETTINGS, "left_out": [], "epsilon_floor": None, **stored}
    may_change = PROPOSAL_SETTINGS + SCHEDULE_SETTINGS
    differ = {
        k: (old.get(k), v) for k, v in given.items() if k not in may_change and old.get(k) != v
    }
    if differ:
        raise ValueError(f"--resume with other settings than the stored run: {differ}")
    proposals = list(old.get("proposals") or [_proposal(old, 0)])
    if any(old[k] != given[k] for k in PROPOSAL_SETTINGS):
        proposals.append(_proposal(given, next_t))
    schedule = list(old.get("schedule") or [])
    if any(old.get(k) != given.get(k, old.get(k)) for k in SCHEDULE_SETTINGS):
        schedule.append(
            {"from_generation": int(next_t), **{k: given[k] for k in SCHEDULE_SETTINGS}}
        )
    out = {**old, **given, "proposals": proposals}
    if schedule:
        out["schedule"] = schedule
    return out


# --- outputs ------------------------------------------------------------------------------


def posterior_frame(
    history: pyabc.storage.History,
    t: int | None = None,
    names: Sequence[str] | None = None,
    space: ParameterSpace | None = None,
) -> pd.DataFrame:
    """The particles of generation ``t`` (default: the last): parameters and ``weight``.

    The parameter columns come in the order of ``names`` (pyabc sorts them by name), as
    parameter values: particles stored on another scale are mapped back by ``space``.
    """
    frame, weights = history.get_distribution(m=0, t=history.max_t if t is None else t)
    out = frame.reset_index(drop=True)
    if space is not None:
        out = space.natural_frame(out)
    if names is not None:
        out = out[list(names)]
    out.columns.name = None
    out["weight"] = np.asarray(weights, dtype=float) / float(np.sum(weights))
    return out


def pack_db(db: Path, packed: Path | None = None) -> None:
    """Write the database gzipped beside it (:func:`packed_file`): what a committed folder keeps.

    pyabc's SQLite file is mostly pickled summary statistics and packs about 7:1 (6 MB to
    0.9 MB at five generations of 300 particles). ``mtime=0``: an unchanged database gives
    the same bytes, so git sees no change.
    """
    packed = packed_file(db) if packed is None else packed
    tmp = packed.with_name(packed.name + ".partial")
    with db.open("rb") as src, tmp.open("wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as dst:
            shutil.copyfileobj(src, dst)
    tmp.replace(packed)


def unpack_db(packed: Path, db: Path) -> None:
    """Restore a database from its packed copy (written whole, or not at all)."""
    tmp = db.with_name(db.name + ".partial")
    with gzip.open(packed, "rb") as src, tmp.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    tmp.replace(db)


def packed_file(db: Path) -> Path:
    """Where a folder keeps ``db`` packed (:func:`pack_db`): ``abc.db`` -> ``abc.db.gz``."""
    db = Path(db)
    return db.with_name(db.name + ".gz")


def restore_db(db: Path) -> bool:
    """Unpack ``db`` from its packed copy when only that is there; say whether it did.

    A committed folder keeps only the packed copy, so on a fresh clone this is what lets a
    paused run go on from it.
    """
    db = Path(db)
    packed = packed_file(db)
    if db.exists() or not packed.exists():
        return False
    unpack_db(packed, db)
    return True


@contextmanager
def readable_db(folder: Path) -> Iterator[Path]:
    """The database of a run's folder to read: its ``abc.db``, or one unpacked for a while.

    A committed folder keeps only ``abc.db.gz``; it is unpacked into a temporary folder,
    beside a copy of the run's settings (which :func:`generation_posterior` reads), and
    removed afterwards, so reading never writes into the folder.
    """
    folder = Path(folder)
    db = folder / "abc.db"
    if db.exists():
        yield db
        return
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / db.name
        unpack_db(packed_file(db), copy)
        settings = folder / "abc.db.settings.json"
        if settings.exists():
            shutil.copy(settings, Path(tmp) / settings.name)
        yield copy


def generation_posterior(db: Path, t: int) -> Posterior:
    """Generation ``t`` of a stored run as a posterior.

    Its parameters and scale come from the settings stored beside the database. A
    leave-one-group-out fit is compared with the full fit at the same generation, so the
    two differ by the targets left out, not by how far each has converged.
    """
    settings = json.loads(db.with_name(db.name + ".settings.json").read_text())
    names = list(settings["parameters"])
    space = ParameterSpace.of(calibrated(names), settings.get("space", DEFAULT_SPACE))
    history = pyabc.History(f"sqlite:///{db}")
    if not 0 <= t <= history.max_t:
        raise ValueError(f"{db} holds generations 0 to {history.max_t}, not {t}")
    frame = posterior_frame(history, t=t, names=names, space=space)
    return Posterior(frame[names], frame["weight"].to_numpy(dtype=float), f"{db} t={t}")


def diagnostics(history: pyabc.storage.History, simulations: Mapping[int, int] | None = None):
    """Per generation: epsilon, acceptance rate, effective sample size, simulations, time.

    ``t`` = -1 is the prior sample pyabc draws to set the first epsilon. ``samples`` are
    the simulations pyabc counts (up to the population's last acceptance), ``simulations``
    every one run (this session's generations only; NaN for generations run before a
    resume). ``ess_fraction`` is the effective sample size over the population, and
    ``ess_low`` flags a generation below :data:`ESS_FLOOR`: its population, and every
    table made from it, rests on a few particles.
    """
    pops = history.get_all_populations()
    rows = []
    for _, r in pops.iterrows():
        t = int(r["t"])
        ess = np.nan
        if t >= 0:
            _, w = history.get_distribution(m=0, t=t)
            ess = float(pyabc.weighted_statistics.effective_sample_size(np.asarray(w)))
        rows.append(
            {
                "t": t,
                "epsilon": float(r["epsilon"]) if t >= 0 else np.nan,
                # pyabc stores no population for the prior sample.
                "particles": int(r["particles"]) if t >= 0 else np.nan,
                "samples": int(r["samples"]),
                "acceptance_rate": int(r["particles"]) / int(r["samples"]) if t >= 0 else 1.0,
                "ess": ess,
                "ess_fraction": ess / int(r["particles"]) if t >= 0 else np.nan,
                "ess_low": bool(ess < ESS_FLOOR * int(r["particles"])) if t >= 0 else False,
                "simulations": (simulations or {}).get(t, np.nan),
                "wall_time_s": float(r["wall_time"]) if pd.notna(r["wall_time"]) else np.nan,
            }
        )
    return pd.DataFrame(rows)


def weighted_quantile(x: np.ndarray, w: np.ndarray, q: float) -> float:
    """The ``q`` quantile of ``x`` under weights ``w`` (linear between mid-weight points)."""
    order = np.argsort(x)
    cum = np.cumsum(w[order]) - 0.5 * w[order]
    return float(np.interp(q, cum / w.sum(), x[order]))


def identifiability(posterior: pd.DataFrame, params: Mapping[str, Param]) -> pd.DataFrame:
    """Per parameter: prior against posterior width, and whether the data constrain it.

    ``width_ratio`` is the posterior's 90% interval over the prior's; a parameter whose
    ratio is above :data:`NOT_CONSTRAINED` is flagged "not constrained": the fit targets
    say about as little about it as the prior did. With an effective sample size below
    :data:`MIN_ESS` the flag reads "unreliable (ESS ...)" instead: a degenerate
    population (a few particles with most of the weight) looks narrow anyway.
    """
    w = posterior["weight"].to_numpy(dtype=float)
    ess = float(pyabc.weighted_statistics.effective_sample_size(w / w.sum()))
    rows = []
    for name, p in params.items():
        x = posterior[name].to_numpy(dtype=float)
        d = prior_distribution(p)
        mean = float(np.average(x, weights=w))
        sd = float(np.sqrt(np.average((x - mean) ** 2, weights=w)))
        lo, hi = weighted_quantile(x, w, 0.05), weighted_quantile(x, w, 0.95)
        prior_width = float(d.ppf(0.95) - d.ppf(0.05))
        ratio = (hi - lo) / prior_width
        rows.append(
            {
                "parameter": name,
                "prior": p.prior_text(),
                "default": p.default,
                "posterior_mean": mean,
                "posterior_p5": lo,
                "posterior_p95": hi,
                "prior_p5": float(d.ppf(0.05)),
                "prior_p95": float(d.ppf(0.95)),
                "sd_ratio": sd / float(d.std()),
                "width_ratio": ratio,
                "constrained": (
                    f"unreliable (ESS {ess:.0f})"
                    if ess < MIN_ESS
                    else "not constrained"
                    if ratio > NOT_CONSTRAINED
                    else "constrained"
                ),
                "ess": ess,
            }
        )
    return pd.DataFrame(rows)


def correlations(posterior: pd.DataFrame, names: Sequence[str], top: int = 10) -> pd.DataFrame:
    """The ``top`` strongest weighted posterior correlations between parameters."""
    names = list(names)
    w = posterior["weight"].to_numpy(dtype=float)
    x = posterior[names].to_numpy(dtype=float)
    if len(names) < 2 or len(x) < 3:
        return pd.DataFrame(columns=["parameter_a", "parameter_b", "correlation"])
    cov = np.cov(x, rowvar=False, aweights=w)
    sd = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = cov / np.outer(sd, sd)
    rows = [
        {"parameter_a": names[i], "parameter_b": names[j], "correlation": float(corr[i, j])}
        for i in range(len(names))
        for j in range(i + 1, len(names))
        if np.isfinite(corr[i, j])
    ]
    frame = pd.DataFrame(rows)
    order = frame["correlation"].abs().sort_values(ascending=False).index
    return frame.loc[order].head(top).reset_index(drop=True)


#: First seed of the screening's runs: in the pilot's block, after the pilot's seeds.
SCREENING_SEED = PILOT_SEEDS.start + 1000


def screen(
    names: Sequence[str] | None = None,
    students: int = 1000,
    replications: int = 2,
    trajectories: int = 10,
    levels: int = 4,
    seed: int = 0,
    workers: int = 2,
    pilot_table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Morris screening: which calibrated parameters the fit targets can see.

    Elementary effects (SALib's Morris design, ``trajectories`` * (k + 1) points) on the
    prior's quantile scale (so a log-uniform parameter steps in its log), every point on
    the same seeds (common random numbers: the effects are not drowned in seed noise),
    each target's effect in units of its distance scale (:func:`scales`, from
    ``pilot_table``, or the observational SD alone). A parameter whose largest mean
    absolute effect (``mu_star_max``) stays well below 1 moves no fit target by a scale
    unit over a step of about 2/3 of its prior: the targets cannot tell its values apart,
    and fixing it before the inference costs little and saves simulations.

    Returns:
        One row per parameter: mu_star_max, the target it moves most, mu_star_rms (over
        targets), and per target ``mu_star_<id>``; sorted by mu_star_max.
    """
    from SALib.analyze import morris as morris_analyze
    from SALib.sample import morris as morris_sample

    params = calibrated(names)
    targets = targets_with_role("fit")
    if pilot_table is None:
        scale = {t.id: t.obs_sd for t in targets}
    else:
        scale = scales(pilot_table, replications)
    names = list(params)
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    design = morris_sample.sample(problem, trajectories, num_levels=levels, seed=seed)
    frozen = [prior_distribution(params[n]) for n in names]
    points = [
        {
            n: float(d.ppf(np.clip(u, 1e-9, 1 - 1e-9)))
            for n, d, u in zip(names, frozen, row, strict=True)
        }
        for row in design
    ]
    # The workers look the targets up themselves: their statistics are lambdas, which
    # the pool's plain pickle cannot send.
    n = len(points)
    with executor("local", workers) as pool:
        mapper = map if pool is None else pool.map
        outputs = list(mapper(_fixed_seed_run, [students] * n, [replications] * n, points))
    rows = {n: {"parameter": n} for n in names}
    for t in targets:
        y = np.array([o.get(t.id, np.nan) for o in outputs], dtype=float) / scale[t.id]
        y = np.where(np.isfinite(y), y, np.nanmean(y))  # a rare NaN: no effect, not a crash
        res = morris_analyze.analyze(problem, design, y, num_levels=levels)
        for n, mu in zip(names, res["mu_star"], strict=True):
            rows[n][f"mu_star_{t.id}"] = float(mu)
    frame = pd.DataFrame(rows.values())
    effects = frame[[f"mu_star_{t.id}" for t in targets]]
    frame.insert(1, "mu_star_max", effects.max(axis=1))
    frame.insert(2, "moves_most", effects.idxmax(axis=1).str.removeprefix("mu_star_"))
    frame.insert(3, "mu_star_rms", np.sqrt((effects**2).mean(axis=1)))
    return frame.sort_values("mu_star_max").reset_index(drop=True)


def _fixed_seed_run(
    students: int, replications: int, point: Mapping[str, float]
) -> dict[str, float]:
    """One screening point on the screening's seeds (the same for every point)."""
    targets = targets_with_role("fit")
    values = measure(
        students=students,
        replications=replications,
        seed=SCREENING_SEED,
        overrides=dict(point),
        targets=targets,
    )
    means = values.groupby("target")["value"].mean()
    return {t.id: float(means.get(t.id, np.nan)) for t in targets}


def run_inference(
    names: Sequence[str] | None = None,
    students: int = 2000,
    replications: int = 4,
    population: int = 500,
    generations: int = 8,
    db: Path = Path("results/inference/abc.db"),
    out: Path = Path("docs/calibration"),
    posterior_path: Path | None = None,
    seed: int = 0,
    executor_kind: str = "local",
    workers: int = 2,
    address: str | None = None,
    pilot_replications: int = 8,
    resume: bool = False,
    min_epsilon: float = 0.0,
    transition_kind: str = DEFAULT_TRANSITION,
    space_kind: str = DEFAULT_SPACE,
    scaling: float = DEFAULT_SCALING,
    leave_out: Sequence[str] = (),
    log: Callable[[str], None] = print,
    share: float = DEFAULT_SHARE,
    max_minutes: float | None = None,
    epsilon_floor: float | None = None,
) -> dict[str, Path]:
    """Infer the calibrated parameters from the fit-role targets and write the results.

    The settings and the pilot are stored beside the database (``<db>.settings.json``,
    ``<db>.pilot.csv``); a resume reads them, so its distance is the first run's, and
    refuses other settings, except the proposal's (:data:`PROPOSAL_SETTINGS`, see
    :func:`resumed_settings`).

    Args:
        names: Parameters to infer (default: every calibrated one not declared fixed);
            the others keep their defaults.
        students: Cohort size of every target scenario in a simulation.
        replications: Replications per simulation (R; a statistic is their mean).
        population: Particles per generation.
        generations: Generations in all (a resume runs the missing ones).
        db: The pyabc SQLite database.
        out: Directory of the diagnostics, identifiability and pilot tables.
        posterior_path: The posterior file (default ``out / "posterior.parquet"``).
        seed: Seed of the sampler: fixes every proposal and every simulation seed.
        executor_kind: A key of :data:`EXECUTORS`.
        workers: Worker processes (local and Dask executors).
        address: Dask scheduler address.
        pilot_replications: Replications of the pilot at the defaults.
        resume: Continue the run stored in ``db``.
        min_epsilon: Stop once epsilon falls below this.
        transition_kind: The proposal, a key of :data:`TRANSITIONS` (:func:`transition`).
        space_kind: The scale it works on, a key of :data:`SPACES` (:class:`ParameterSpace`).
        scaling: Factor on the proposal's bandwidth.
        share: Per parameter the prior's share of a "defensive" proposal's draws.
        leave_out: Target groups (T2, T6, ...: :func:`~vsvsim.analysis.targets.
            target_group`) the distance leaves out, for a leave-one-group-out fit whose
            posterior then predicts them (:mod:`vsvsim.analysis.predictive`); their
            scenarios are not run unless a kept target needs them.
        log: Where progress lines go.
        epsilon_floor: No generation's epsilon below this, and stop after the first at
            it (:class:`FloorEpsilon`; the noise floor's at-floor threshold,
            :func:`vsvsim.posterior.floor_threshold`). A schedule setting: a resume may
            set or change it, recorded in the settings' ``schedule``.
        max_minutes: Stop the generation under way once this many minutes have passed
            (after its current batch; None: no limit). Its particles so far are in the
            checkpoint (``<db>.generation.pkl.gz``, see :class:`SeededSampler`, always
            kept), and rerunning with ``resume`` goes on from there: a generation longer
            than a session is run over several, with the result of one uninterrupted run.

    Returns:
        The files written, by kind; after a pause only ``{"checkpoint": file}`` (the
        posterior and the tables are those of the generations complete before).
    """
    started = time.monotonic()
    db, out = Path(db), Path(out)
    params = calibrated(names)
    targets = fit_targets(leave_out)
    settings = {
        "parameters": list(params),
        "students": students,
        "replications": replications,
        "population": population,
        "seed": seed,
        "targets": [t.id for t in targets],
        "transition": transition_kind,
        "space": space_kind,
        "scaling": float(scaling),
        "share": float(share),
        "left_out": sorted(leave_out),
        "epsilon_floor": None if epsilon_floor is None else float(epsilon_floor),
    }
    settings_file = db.with_name(db.name + ".settings.json")
    pilot_file = db.with_name(db.name + ".pilot.csv")
    if resume:
        if not db.exists():
            raise FileNotFoundError(f"--resume: no database {db}")
        stored = json.loads(settings_file.read_text())
        next_t = pyabc.History(f"sqlite:///{db.resolve()}").max_t + 1
        settings = resumed_settings(stored, settings, next_t)
        settings_file.write_text(json.dumps(settings, indent=1))
        pilot_table = pd.read_csv(pilot_file)
    else:
        settings["proposals"] = [_proposal(settings, 0)]
        if db.exists():
            raise FileExistsError(f"{db} exists: resume it (--resume) or choose another --db")
        # A new run: a checkpoint left beside a deleted database is another run's.
        checkpoint_file(db).unlink(missing_ok=True)
        t0 = time.perf_counter()
        pilot_table = pilot(targets, students, pilot_replications)
        log(
            f"pilot: {pilot_replications} replications at the defaults, "
            f"{time.perf_counter() - t0:.0f} s"
        )
        db.parent.mkdir(parents=True, exist_ok=True)
        settings_file.write_text(json.dumps(settings, indent=1))
        pilot_table.to_csv(pilot_file, index=False)
    scale = scales(pilot_table, replications)
    pilot_table = pilot_table.assign(scale=pilot_table["target"].map(scale))
    distance = Discrepancy.for_targets(targets, scale)
    space = ParameterSpace.of(params, space_kind)
    model = InSpace(TargetModel(targets, students, replications), space)
    proposal = transition(
        settings["transition"], list(params), settings["scaling"], settings["share"]
    )
    t0 = time.monotonic()
    with executor(executor_kind, workers, address) as ex:
        # A batch is split into one chunk per worker: on a cluster that is the pool's size,
        # not --workers (its default of 2 would leave 62 of 64 MPI ranks idle).
        workers = pool_size(ex, workers)
        deadline = None if max_minutes is None else started + 60.0 * max_minutes
        sampler = SeededSampler(
            seed=seed, executor=ex, workers=workers, checkpoint=checkpoint_file(db),
            deadline=deadline,
        )  # fmt: skip
        try:
            history = run_abc(
                model,
                space.prior(),
                distance,
                db,
                population,
                generations,
                sampler,
                resume,
                min_epsilon,
                proposal,
                settings.get("epsilon_floor"),
            )
        except GenerationPaused as pause:
            minutes, left = (time.monotonic() - t0) / 60, remaining_simulations(pause)
            pace = ""
            if pause.session and math.isfinite(left):
                per_minute = pause.session / max(minutes, 1e-9)
                pace = (
                    f"; at this session's pace ({per_minute:.0f} simulations a minute) "
                    f"about {left / per_minute:.0f} min more"
                )
            log(
                f"{pause} after {(time.monotonic() - started) / 60:.0f} min "
                f"(--max-minutes {max_minutes:g}){pace}; rerun the same command to go on"
            )
            return {"checkpoint": pause.checkpoint}
    log(
        f"ABC-SMC: {history.max_t + 1} generation(s) in the database, "
        f"{time.monotonic() - t0:.0f} s this session"
    )
    post = posterior_frame(history, names=list(params), space=space)
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "posterior": Path(posterior_path) if posterior_path else out / "posterior.parquet",
        "diagnostics": out / "inference_diagnostics.csv",
        "identifiability": out / "inference_identifiability.csv",
        "correlations": out / "inference_correlations.csv",
        "pilot": out / "inference_pilot.csv",
    }
    files["posterior"].parent.mkdir(parents=True, exist_ok=True)
    post.to_parquet(files["posterior"], index=False)
    diag = diagnostics(history, sampler.simulations)
    if files["diagnostics"].is_file():
        # A resume knows only its own generations' simulation counts: keep the earlier ones.
        before = pd.read_csv(files["diagnostics"]).set_index("t")["simulations"]
        diag["simulations"] = diag["simulations"].fillna(diag["t"].map(before))
    diag.to_csv(files["diagnostics"], index=False)
    for _, row in diag[diag["ess_low"]].iterrows():
        log(
            f"warning: generation {row['t']:.0f} has an effective sample size of "
            f"{row['ess']:.1f} of {row['particles']:.0f} (below {ESS_FLOOR:.2f}): "
            "its tables rest on a few particles"
        )
    identifiability(post, params).to_csv(files["identifiability"], index=False)
    correlations(post, list(params)).to_csv(files["correlations"], index=False)
    pilot_table.to_csv(files["pilot"], index=False)
    return files
