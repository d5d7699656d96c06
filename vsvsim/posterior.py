"""A posterior sample of the model's free parameters: the file format, loading, selection.

The calibration as inference writes a sample of parameter sets that fit the targets (one
row per draw); ``vsvsim compare --posterior K`` and an experiment's ``posterior = K`` run
every scenario or design point over K of its draws, so that the answers carry parameter
uncertainty beside the stochastic one.

The format: a Parquet (``.parquet``) or CSV (``.csv``) file, one row per draw, one column
per parameter (names as in ``vsvsim params``; any subset, the others keep the scenario's
value), and an optional ``weight`` column (importance weights, non-negative, normalised
here; absent: equal weights). Every value is checked against the parameter's declaration
(type and allowed range) on load: a bad file gets one :class:`~vsvsim.scenario.ScenarioError`
naming the column, the draw, the value and what is allowed, before anything runs.

:func:`select` picks K draws by systematic resampling on the weights, from a seeded
random offset: the same file, K and seed give the same draws, and every scenario of a
comparison runs on the same K draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vsvsim.params import PARAMETERS, validate_value
from vsvsim.scenario import ScenarioError

__all__ = [
    "CONVERGED_DROP",
    "DEFAULT_POSTERIOR",
    "FIRST_PASS",
    "FLOOR_FILE",
    "RUN_SETTINGS",
    "WEIGHT",
    "Posterior",
    "at_floor",
    "converged",
    "floor_median",
    "last_epsilon",
    "last_epsilon_drop",
    "load_posterior",
    "median_distance",
    "records",
    "resolve_posterior",
    "select",
    "status",
]

#: The posterior sample the repository adopts: the committed output folder of
#: ``experiments/calibration_pipeline.py`` (its diagnostics and checks lie beside it).
DEFAULT_POSTERIOR = (
    Path(__file__).resolve().parent.parent
    / "docs"
    / "calibration"
    / "inference"
    / "posterior.parquet"
)

#: An inference has converged when its last generation lowered epsilon by less than this
#: share (the usual ABC-SMC stopping rule: a tolerance that has stopped moving), or when
#: its last epsilon is within this share above the noise floor's median (see
#: :func:`at_floor`).
CONVERGED_DROP = 0.05

#: The noise floor an inference folder may hold (``experiments/convergence_check.py``):
#: the representative point's distance in repeated simulations at the fit's own settings,
#: one row per simulation, column ``distance``.
FLOOR_FILE = "convergence_floor.csv"

#: :func:`status` of a sample from an inference that had not converged.
FIRST_PASS = "first pass"

#: The optional column of importance weights.
WEIGHT = "weight"

#: Parameters that set the run rather than the model; a posterior may not hold them (the
#: comparison's ``--students``/``--years`` would be overruled by a column without a word).
RUN_SETTINGS = ("students", "years", "start_year")


@dataclass(frozen=True)
class Posterior:
    """A validated posterior sample.

    Attributes:
        draws: One row per draw (index 0..n-1, the file's order), one column per parameter;
            values in the parameter's Python type.
        weights: Normalised weights, one per draw (sum 1).
        source: The file it was read from.
    """

    draws: pd.DataFrame
    weights: np.ndarray
    source: str

    @property
    def parameters(self) -> list[str]:
        """The parameters the sample varies."""
        return list(self.draws.columns)

    def __len__(self) -> int:
        return len(self.draws)


def _native(value: Any) -> Any:
    """Plain Python scalars: the parameter check accepts ``int``, not ``numpy.int64``."""
    return value.item() if isinstance(value, np.generic) else value


def _read(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix == ".csv":
        return pd.read_csv(path)
    raise ScenarioError(
        f"posterior file {path}: unknown format {path.suffix or '(no suffix)'!r}; "
        "use a .parquet or .csv file"
    )


def _weights(column: pd.Series, where: str) -> np.ndarray:
    values = pd.to_numeric(column, errors="coerce").to_numpy(float)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ScenarioError(
            f"{where}: column {WEIGHT!r}, draw {i}: {column.iloc[i]!r} is not allowed; "
            "use a number >= 0 (weights are normalised)"
        )
    total = values.sum()
    if total <= 0:
        raise ScenarioError(f"{where}: column {WEIGHT!r}: the weights add up to 0")
    return values / total


def load_posterior(path: str | Path) -> Posterior:
    """Read and validate a posterior sample.

    Args:
        path: A ``.parquet`` or ``.csv`` file, one row per draw.

    Returns:
        The :class:`Posterior`.

    Raises:
        vsvsim.scenario.ScenarioError: If the file is missing or unreadable, has no draws,
            a column that is not a parameter (or ``weight``), a run setting
            (:data:`RUN_SETTINGS`), or a value of the wrong type or out of range; the
            message names the column, the draw and the value, and says what is allowed.
    """
    path = Path(path)
    where = f"posterior file {path}"
    if not path.is_file():
        raise ScenarioError(f"{where} does not exist")
    try:
        frame = _read(path)
    except ScenarioError:
        raise
    except Exception as err:  # pyarrow's and pandas' own errors: not a readable sample
        raise ScenarioError(f"{where}: cannot be read ({type(err).__name__}: {err})") from None
    if frame.empty:
        raise ScenarioError(f"{where}: holds no draws (one row per draw)")
    for name in frame.columns:
        if name == WEIGHT:
            continue
        if name not in PARAMETERS:
            raise ScenarioError(
                f"{where}: unknown column {name!r}; columns are parameter names "
                f"(see `vsvsim params`) and an optional {WEIGHT!r}"
            )
        if name in RUN_SETTINGS:
            raise ScenarioError(
                f"{where}: column {name!r} sets the run, not the model; "
                f"leave {', '.join(RUN_SETTINGS)} out (give them to the command)"
            )
    names = [c for c in frame.columns if c != WEIGHT]
    if not names:
        raise ScenarioError(f"{where}: no parameter columns (see `vsvsim params`)")
    columns: dict[str, list[Any]] = {}
    for name in names:
        checked = []
        for i, value in enumerate(frame[name].tolist()):
            try:
                checked.append(
                    validate_value(name, _native(value), f"{where}: column {name!r}, draw {i}")
                )
            except ValueError as err:  # ParamError: names the value and what is allowed
                raise ScenarioError(str(err)) from None
        columns[name] = checked
    draws = pd.DataFrame(columns, index=pd.RangeIndex(len(frame), name="draw"))
    if WEIGHT in frame.columns:
        weights = _weights(frame[WEIGHT], where)
    else:
        weights = np.full(len(frame), 1.0 / len(frame))
    return Posterior(draws=draws, weights=weights, source=str(path))


def resolve_posterior(path: str | Path | None, option: str = "--posterior-file") -> Posterior:
    """Load the given posterior file, or the default one, with a message when it is absent.

    Args:
        path: The file asked for, or None for :data:`DEFAULT_POSTERIOR`.
        option: How the caller passes another file (named in the message).

    Returns:
        The :class:`Posterior`.

    Raises:
        vsvsim.scenario.ScenarioError: If the default file does not exist (the message says
            where it looks and how to pass another), or as :func:`load_posterior`.
    """
    if path is None:
        if not DEFAULT_POSTERIOR.is_file():
            raise ScenarioError(
                f"no posterior sample at {DEFAULT_POSTERIOR} (the calibration as inference "
                f"writes it there); give one with {option} FILE (.parquet or .csv, one row "
                f"per draw, columns = parameter names and an optional {WEIGHT!r})"
            )
        path = DEFAULT_POSTERIOR
    return load_posterior(path)


def select(posterior: Posterior, k: int, seed: int) -> pd.DataFrame:
    """Pick ``k`` draws by systematic resampling on the weights, reproducibly.

    One uniform offset ``u`` in [0, 1/k) is drawn from ``numpy.random.default_rng(seed)``;
    draw ``j`` is the first row whose cumulative weight exceeds ``u + j/k``. So each row is
    picked ``floor`` or ``ceil`` of ``k`` x its weight times (the least added noise of the
    usual resampling schemes), rows come in the file's order, and ``k`` above the number
    of rows repeats rows. The picked draws are equally weighted.

    Args:
        posterior: The sample.
        k: Draws to pick (>= 1).
        seed: Seed of the offset.

    Returns:
        One row per picked draw (index ``draw`` 0..k-1): ``row`` (the row of the file) and
        one column per parameter.

    Raises:
        vsvsim.scenario.ScenarioError: If ``k`` is not a whole number >= 1.
    """
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ScenarioError(f"posterior draws = {k!r}: use a whole number >= 1")
    k = int(k)
    u = np.random.default_rng(seed).uniform(0.0, 1.0 / k)
    positions = u + np.arange(k) / k
    cumulative = np.cumsum(posterior.weights)
    cumulative[-1] = 1.0  # rounding must not leave the last position past the end
    rows = np.searchsorted(cumulative, positions, side="right")
    rows = np.minimum(rows, len(posterior) - 1)
    picked = posterior.draws.iloc[rows].reset_index(drop=True)
    picked.insert(0, "row", rows.astype(int))
    picked.index = pd.RangeIndex(k, name="draw")
    return picked


def records(picked: pd.DataFrame) -> list[dict[str, Any]]:
    """The picked draws as parameter overrides, one dict per draw (plain Python values)."""
    names = [c for c in picked.columns if c != "row"]
    rows = picked[names].itertuples(index=False)
    return [{n: _native(v) for n, v in zip(names, row, strict=True)} for row in rows]


def status(path: str | Path) -> str | None:
    """How far the inference that wrote a posterior file had got.

    Reads ``inference_diagnostics.csv`` beside the file (the inference's per-generation
    table) and, when there, the noise floor (:data:`FLOOR_FILE`): ``"converged"`` by
    :func:`converged`, :data:`FIRST_PASS` otherwise, None without the diagnostics (a
    sample from elsewhere).
    """
    path = Path(path)
    diag = path.with_name("inference_diagnostics.csv")
    if not diag.is_file():
        return None
    table = pd.read_csv(diag)
    done = converged(last_epsilon_drop(table), last_epsilon(table), floor_median(path.parent))
    return "converged" if done else FIRST_PASS


def _generations(diagnostics: pd.DataFrame) -> np.ndarray:
    gens = diagnostics.loc[diagnostics["t"] >= 0].sort_values("t")
    return gens["epsilon"].to_numpy(dtype=float)


def last_epsilon(diagnostics: pd.DataFrame) -> float:
    """The last generation's epsilon (NaN without a generation)."""
    eps = _generations(diagnostics)
    return float(eps[-1]) if len(eps) else float("nan")


def last_epsilon_drop(diagnostics: pd.DataFrame) -> float:
    """The last generation's relative fall in epsilon (NaN with fewer than two)."""
    eps = _generations(diagnostics)
    return float(1 - eps[-1] / eps[-2]) if len(eps) >= 2 else float("nan")


def median_distance(floor: pd.DataFrame | None) -> float:
    """The median of a noise floor's distances (column ``distance``; NaN when empty/None)."""
    if floor is None or not len(floor):
        return float("nan")
    return float(np.median(floor["distance"].to_numpy(dtype=float)))


def floor_median(folder: str | Path) -> float:
    """The median of the noise floor's distances in ``folder`` (NaN without the file)."""
    path = Path(folder) / FLOOR_FILE
    return median_distance(pd.read_csv(path)) if path.is_file() else float("nan")


def at_floor(epsilon: float, floor: float) -> bool:
    """Epsilon has come down to the noise floor: at most :data:`CONVERGED_DROP` above it.

    ``floor`` is the median distance of the representative point in repeated simulations
    at the fit's settings. Below it a generation rejects that point in most of its own
    simulations: it then narrows the posterior by the simulator's noise, not by the
    targets, while its cost grows. The distance's scales already hold each target's
    observational and Monte Carlo uncertainty, so a tolerance at the floor is the fit
    those uncertainties allow (ABC's tolerance read as an error model, Wilkinson 2013).
    """
    return bool(np.isfinite(epsilon) and np.isfinite(floor) and epsilon <= floor_threshold(floor))


def floor_threshold(floor: float) -> float:
    """The highest epsilon :func:`at_floor` calls converged, for a floor's median.

    A run given it as its epsilon floor (``calibration_pipeline.py --epsilon-floor
    floor``) stops at the first generation this rule calls converged.
    """
    return float(floor) * (1 + CONVERGED_DROP)


def converged(drop: float, epsilon: float = float("nan"), floor: float = float("nan")) -> bool:
    """The stopping rule: the tolerance has stopped moving, or it has reached the floor.

    Converged when epsilon fell by less than :data:`CONVERGED_DROP` in the last
    generation, or when the last epsilon is at the noise floor (:func:`at_floor`; only
    when the floor is known).
    """
    return bool(np.isfinite(drop) and drop < CONVERGED_DROP) or at_floor(epsilon, floor)
