"""Experiment files: TOML in, a validated, immutable :class:`Experiment` out.

An experiment names the scenario(s) to run, the **levers** (policy choices, always crossed
full-factorially), the **uncertainties** (context and model parameters, sampled by the
design), the design, the replications with their seeds, and the outcomes to keep::

    name = "coach_capacity_x_screening"
    scenarios = ["preventive_screening"]   # two or more: "scenario" becomes a lever

    [fixed]                                # parameter values for every run
    students = 1000

    [levers]
    coaches = [5, 10, 20, 40]              # shorthand for { values = [...] }

    [uncertainties]
    screening_accuracy = { low = 0.5, high = 0.9, levels = 5 }
    labour_market_pull = { low = 0.2, high = 0.8, distribution = "triangular", mode = 0.5 }

    [all_parameters]                       # optional: every ranged parameter as uncertainty
    spread = 0.25                          # default +- 25 %, clipped to the allowed range
    exclude = ["coach_hours"]

    [design]
    kind = "full_factorial"                # latin_hypercube, monte_carlo, sobol, morris
    samples = 16                           # LHS/Monte Carlo size, Sobol N, Morris trajectories
    levels = 4                             # factorial levels / Morris grid levels
    seed = 1                               # seed of the design's sampler

    [replications]
    count = 3                              # replication i runs with seed + i at every point
    seed = 0

    # optional, at the top: every design point over 8 draws of the posterior sample
    # posterior = 8
    # posterior_file = "my.parquet"  # default docs/calibration/inference/posterior.parquet

    [outcomes]
    keep = ["dropout_rate", "reentry_rate"]
    reference = "baseline"                 # adds prevented dropouts and their cost
    per_student = false                    # also write the per-student tables

    [analysis.prim]                        # defaults for `vsvsim analyse prim`
    lever = "scenario"
    candidate = "preventive_screening"
    baseline = "curative"
    outcome = "net_dropout_rate"

With ``posterior = K`` every design point runs over K draws of the calibration's posterior
sample (:mod:`vsvsim.posterior`; picked by systematic resampling with the design's seed)
x the replications: draw d with seed ``seed + i`` at every point, the same draws at every
point and in the reference run. The sample is read and checked on load; a parameter it
varies may not also be fixed, a lever or an uncertainty.

Anything else (an unknown key, low > high, a value outside the parameter's allowed range,
an unknown design) stops the load with one :class:`ExperimentError` naming the file, the
key, the value and what is allowed, before anything runs or is written.
"""

from __future__ import annotations

import hashlib
import json
import math
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# Only the public run API (vsvsim, vsvsim.scenario.available, vsvsim.params.validate_value):
# the package internals are being reorganised.
from vsvsim import PARAMETERS, ScenarioError, load_scenario
from vsvsim.outputs.funder import REFERENCE_COLUMNS
from vsvsim.params import validate_value
from vsvsim.scenario import available, resolve_toml

__all__ = [
    "DESIGNS",
    "DISTRIBUTIONS",
    "EXPERIMENT_DIR",
    "Design",
    "Experiment",
    "ExperimentError",
    "Factor",
    "load_experiment",
]

#: Experiment files shipped with the project.
EXPERIMENT_DIR = Path(__file__).resolve().parent.parent.parent / "experiments"

#: Designs an experiment may ask for.
DESIGNS = ("full_factorial", "latin_hypercube", "monte_carlo", "sobol", "morris")

#: Distributions of a numeric uncertainty (all on [low, high]).
DISTRIBUTIONS = ("uniform", "triangular", "normal")

#: Outcomes kept when the file does not say (columns of ``Result.summary``).
DEFAULT_OUTCOMES = (
    "students_entered",
    "dropout_rate",
    "switcher_rate",
    "school_leaver_rate",
    "diploma_rate",
    "reentry_rate",
    "dropouts",
    "wellbeing_after_leaving",
    "preventive_entrants",
    "curative_entrants",
    "coach_hours",
    "coach_cost",
)

#: Outcomes the sweep derives itself (not columns of ``Result.summary``).
DERIVED_OUTCOMES = ("net_dropout_rate",)

#: Derived from the paired reference run, when ``outcomes.reference`` is set.
REFERENCE_OUTCOMES = ("reference_dropout_rate", *REFERENCE_COLUMNS)

# Parameters that never vary in ``all_parameters``: run length and calendar change what an
# outcome means, and the level shares must add up to 1 (varying one alone is invalid).
_NEVER_ALL = {
    "students",
    "years",
    "start_year",
    *(n for n in PARAMETERS if n.startswith("share_level_")),
}

_TOP = {
    "name",
    "description",
    "scenario",
    "scenarios",
    "fixed",
    "levers",
    "uncertainties",
    "all_parameters",
    "design",
    "replications",
    "outcomes",
    "analysis",
    "posterior",
    "posterior_file",
}
_FACTOR_KEYS = {"values", "low", "high", "levels", "distribution", "mode", "mean", "sd"}
_DESIGN_KEYS = {"kind", "samples", "levels", "seed", "second_order"}
_REPL_KEYS = {"count", "seed"}
_OUTCOME_KEYS = {"keep", "reference", "per_student"}
_ALL_KEYS = {"spread", "exclude"}
_PRIM_KEYS = {"lever", "candidate", "baseline", "outcome", "lower_is_better"}


class ExperimentError(ScenarioError):
    """Invalid experiment input; the message says what is wrong and what is allowed."""


@dataclass(frozen=True)
class Factor:
    """One lever or uncertainty.

    Attributes:
        name: A parameter name, or ``"scenario"`` for the scenario lever.
        role: ``"lever"`` or ``"uncertainty"``.
        kind: ``"real"``, ``"integer"`` or ``"categorical"`` (strings, booleans, lists).
        low: Lower end of the range (numeric factors without ``values``).
        high: Upper end of the range.
        values: Explicit levels (categorical factors, or numeric levels given by hand).
        levels: Number of evenly spaced levels in a full factorial.
        distribution: ``uniform``, ``triangular`` (with ``mode``) or ``normal`` (with
            ``mean`` and ``sd``, truncated to [low, high]).
        mode: Mode of the triangular distribution.
        mean: Mean of the normal distribution.
        sd: Standard deviation of the normal distribution.
    """

    name: str
    role: str
    kind: str
    low: float | None = None
    high: float | None = None
    values: tuple | None = None
    levels: int | None = None
    distribution: str = "uniform"
    mode: float | None = None
    mean: float | None = None
    sd: float | None = None


@dataclass(frozen=True)
class Design:
    """How the uncertainties are sampled.

    Attributes:
        kind: One of :data:`DESIGNS`.
        samples: LHS/Monte Carlo sample size, Sobol base N, Morris trajectories.
        levels: Levels per numeric factor in a full factorial; Morris grid levels.
        seed: Seed of the sampler.
        second_order: Sobol second-order indices (more runs).
    """

    kind: str = "full_factorial"
    samples: int = 16
    levels: int = 4
    seed: int = 0
    second_order: bool = False


@dataclass(frozen=True)
class Experiment:
    """A validated experiment.

    Attributes:
        name: Short name (the file stem by default).
        description: What the experiment asks.
        scenarios: Scenario names or absolute paths; two or more make a ``scenario`` lever.
        fixed: Parameter values for every run.
        levers: Policy factors, crossed full-factorially.
        uncertainties: Context and model factors, sampled by the design.
        design: The design.
        replications: Replications per design point.
        seed: Seed of replication 0; replication i runs with ``seed + i`` at every point.
        outcomes: Outcome columns kept.
        reference: Scenario every run is paired with (same uncertainties and seed) for the
            prevented dropouts and the cost per prevented dropout; None for no pairing.
        per_student: Also write the per-student table of every run.
        analysis: Defaults for the analyses (``{"prim": {...}}``).
        source: Where the experiment was loaded from.
        posterior: Posterior draws per design point (0: none).
        posterior_file: The posterior sample the draws came from (None: none).
        draws: The picked draws' parameter values, one dict per draw (empty: none).
    """

    name: str
    description: str
    scenarios: tuple[str, ...]
    fixed: dict[str, Any] = field(default_factory=dict)
    levers: tuple[Factor, ...] = ()
    uncertainties: tuple[Factor, ...] = ()
    design: Design = field(default_factory=Design)
    replications: int = 1
    seed: int = 0
    outcomes: tuple[str, ...] = DEFAULT_OUTCOMES
    reference: str | None = None
    per_student: bool = False
    analysis: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    posterior: int = 0
    posterior_file: str | None = None
    draws: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (stored next to the results, read back by the analyses)."""
        out = asdict(self)
        out["scenarios"] = list(self.scenarios)
        return out

    def fingerprint(self) -> str:
        """A hash of everything that decides which runs the experiment holds.

        The name, description, source and analysis defaults are left out: editing them
        does not make an existing results folder belong to another experiment; so is the
        posterior file's path (its draws, which decide the runs, are in).
        """
        data = self.to_dict()
        for key in ("name", "description", "source", "analysis", "posterior_file"):
            data.pop(key)
        text = json.dumps(data, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @property
    def factors(self) -> tuple[Factor, ...]:
        """Levers then uncertainties."""
        return self.levers + self.uncertainties


def experiment_from_dict(data: dict[str, Any]) -> Experiment:
    """Rebuild an :class:`Experiment` from :meth:`Experiment.to_dict` output."""
    d = dict(data)
    d["scenarios"] = tuple(d["scenarios"])
    d["levers"] = tuple(_factor_from_dict(f) for f in d["levers"])
    d["uncertainties"] = tuple(_factor_from_dict(f) for f in d["uncertainties"])
    d["design"] = Design(**d["design"])
    d["outcomes"] = tuple(d["outcomes"])
    d["draws"] = tuple(dict(x) for x in d.get("draws", ()))
    return Experiment(**d)


def _factor_from_dict(f: dict[str, Any]) -> Factor:
    f = dict(f)
    if f.get("values") is not None:
        f["values"] = tuple(f["values"])
    return Factor(**f)


def available_experiments() -> list[str]:
    """Names of the experiment files shipped in ``experiments/``."""
    return sorted(p.stem for p in EXPERIMENT_DIR.glob("*.toml"))


def _resolve(spec: str | Path) -> Path:
    return resolve_toml(spec, EXPERIMENT_DIR, "experiment", ExperimentError)


def load_experiment(spec: str | Path | Experiment) -> Experiment:
    """Load and validate an experiment file.

    Args:
        spec: A loaded :class:`Experiment` (returned as is), a path to a TOML file, or the
            name of a file in ``experiments/``.

    Returns:
        The validated experiment.

    Raises:
        ExperimentError: With one message naming the key, the value and what is allowed.
    """
    if isinstance(spec, Experiment):
        return spec
    path = _resolve(spec)
    where = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ExperimentError(f"{where}: not valid TOML ({err})") from None
    return parse_experiment(data, where=where, default_name=path.stem, base=path.parent)


def _check_keys(table: Any, allowed: set[str], prefix: str, where: str) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ExperimentError(f"{where}: {prefix} must be a table, got {table!r}")
    for key in table:
        if key not in allowed:
            place = f"in [{prefix}]" if prefix else "at the top level"
            raise ExperimentError(
                f"{where}: unknown key {(prefix + '.' if prefix else '') + key!r}; "
                f"allowed {place}: {', '.join(sorted(allowed))}"
            )
    return table


def _int(value: Any, key: str, where: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ExperimentError(f"{where}: {key} = {value!r}: use a whole number >= {minimum}")
    return value


def _param_value(name: str, value: Any, key: str, where: str) -> Any:
    try:
        return validate_value(name, value, f"{where}: {key}")
    except ValueError as err:  # the parameter table's error type (a ValueError)
        raise ExperimentError(str(err)) from None


def _scenario_ident(name: Any, base: Path | None, where: str) -> str:
    if not isinstance(name, str):
        raise ExperimentError(f"{where}: scenario {name!r} must be a string")
    path = Path(name)
    if path.suffix == ".toml" and not path.is_absolute() and base is not None:
        if (base / path).is_file():
            path = base / path
    ident = str(path.resolve()) if path.suffix == ".toml" else name
    try:
        load_scenario(ident)
    except ScenarioError as err:
        raise ExperimentError(f"{where}: {err}") from None
    return ident


def _parse_factor(name: str, raw: Any, role: str, where: str, default_levels: int | None) -> Factor:
    key = f"{role}s.{name}"
    if name == "scenario":
        raise ExperimentError(
            f"{where}: {key}: list the scenarios in the top-level 'scenarios' instead"
        )
    if name not in PARAMETERS:
        raise ExperimentError(
            f"{where}: unknown parameter {key!r}; see `vsvsim params` for the allowed names"
        )
    if isinstance(raw, list):
        raw = {"values": raw}
    table = _check_keys(raw, _FACTOR_KEYS, key, where)
    p = PARAMETERS[name]
    numeric = p.kind in (int, float)
    if "values" in table:
        values = table["values"]
        if not isinstance(values, list) or len(values) < 1:
            raise ExperimentError(f"{where}: {key}.values = {values!r}: give a non-empty list")
        extra = set(table) - {"values"}
        if extra:
            raise ExperimentError(
                f"{where}: {key}: with 'values' give no {', '.join(sorted(extra))}"
            )
        checked = tuple(_param_value(name, v, f"{key}.values", where) for v in values)
        if len(set(checked)) != len(checked):
            raise ExperimentError(f"{where}: {key}.values = {values!r} lists a value twice")
        return Factor(name=name, role=role, kind="categorical", values=checked)
    if not numeric:
        raise ExperimentError(
            f"{where}: {key}: {name} is {p.allowed()}; give its values as a list, "
            f"for example {name} = {[p.default] if p.kind is not bool else [True, False]!r}"
        )
    for end in ("low", "high"):
        if end not in table:
            raise ExperimentError(f"{where}: {key}: give 'low' and 'high' (or 'values')")
    low = _param_value(name, table["low"], f"{key}.low", where)
    high = _param_value(name, table["high"], f"{key}.high", where)
    if low > high:
        raise ExperimentError(f"{where}: {key}: low = {low!r} is more than high = {high!r}")
    if low == high:
        raise ExperimentError(
            f"{where}: {key}: low = high = {low!r}; put a single value in [fixed]"
        )
    dist = table.get("distribution", "uniform")
    if dist not in DISTRIBUTIONS:
        raise ExperimentError(
            f"{where}: {key}.distribution = {dist!r}; allowed: {', '.join(DISTRIBUTIONS)}"
        )
    mode = mean = sd = None
    if dist == "triangular":
        mode = table.get("mode")
        if not isinstance(mode, int | float) or not low <= mode <= high:
            raise ExperimentError(
                f"{where}: {key}.mode = {mode!r}: a triangular distribution needs a mode "
                f"from {low} to {high}"
            )
    if dist == "normal":
        mean, sd = table.get("mean"), table.get("sd")
        if not isinstance(mean, int | float) or not low <= mean <= high:
            raise ExperimentError(
                f"{where}: {key}.mean = {mean!r}: give a mean from {low} to {high}"
            )
        if not isinstance(sd, int | float) or sd <= 0:
            raise ExperimentError(f"{where}: {key}.sd = {sd!r}: give a standard deviation > 0")
    for unused in ("mode", "mean", "sd"):
        if (
            unused in table
            and {"mode": dist != "triangular", "mean": dist != "normal", "sd": dist != "normal"}[
                unused
            ]
        ):
            raise ExperimentError(
                f"{where}: {key}.{unused} does not apply to distribution {dist!r}"
            )
    levels = table.get("levels", default_levels)
    if levels is not None:
        levels = _int(levels, f"{key}.levels", where, 2)
    kind = "integer" if p.kind is int else "real"
    return Factor(
        name=name,
        role=role,
        kind=kind,
        low=float(low) if kind == "real" else int(low),
        high=float(high) if kind == "real" else int(high),
        levels=levels,
        distribution=dist,
        mode=None if mode is None else float(mode),
        mean=None if mean is None else float(mean),
        sd=None if sd is None else float(sd),
    )


def _all_parameters(table: Any, taken: set[str], where: str) -> list[Factor]:
    table = _check_keys(table, _ALL_KEYS, "all_parameters", where)
    spread = table.get("spread", 0.25)
    if not isinstance(spread, int | float) or isinstance(spread, bool) or not 0 < spread <= 1:
        raise ExperimentError(
            f"{where}: all_parameters.spread = {spread!r}: use a number above 0 and at most 1"
        )
    exclude = table.get("exclude", [])
    if not isinstance(exclude, list):
        raise ExperimentError(f"{where}: all_parameters.exclude must be a list of names")
    for name in exclude:
        if name not in PARAMETERS:
            raise ExperimentError(
                f"{where}: all_parameters.exclude: unknown parameter {name!r}; see `vsvsim params`"
            )
    out = []
    for p in PARAMETERS.values():
        if p.kind not in (int, float) or p.low is None or p.high is None:
            continue
        if p.name in _NEVER_ALL or p.name in exclude or p.name in taken:
            continue
        # default +- spread x default, or the bottom of the range when the default is 0.
        if p.default:
            low, high = sorted((p.default * (1 - spread), p.default * (1 + spread)))
        else:
            low, high = p.low, p.low + spread * (p.high - p.low)
        low, high = max(low, p.low), min(high, p.high)
        if p.kind is int:
            low, high = math.floor(low), math.ceil(high)
            low, high = max(low, int(p.low)), min(high, int(p.high))
        if low >= high:
            continue
        kind = "integer" if p.kind is int else "real"
        out.append(Factor(name=p.name, role="uncertainty", kind=kind, low=low, high=high))
    return out


def parse_experiment(
    data: dict[str, Any],
    *,
    where: str = "experiment",
    default_name: str = "experiment",
    base: Path | None = None,
) -> Experiment:
    """Validate an experiment given as nested dicts (the parsed form of a TOML file).

    Args:
        data: The parsed TOML.
        where: Label used in error messages (usually the file name).
        default_name: Name used when ``data`` has none.
        base: Folder relative scenario paths are resolved against.

    Returns:
        The validated experiment.

    Raises:
        ExperimentError: On the first problem found.
    """
    _check_keys(data, _TOP, "", where)
    for key in ("name", "description"):
        if key in data and not isinstance(data[key], str):
            raise ExperimentError(f"{where}: {key} = {data[key]!r} must be a string")
    if "scenario" in data and "scenarios" in data:
        raise ExperimentError(f"{where}: give either 'scenario' or 'scenarios', not both")
    names = data.get("scenarios", data.get("scenario", "baseline"))
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list) or not names:
        raise ExperimentError(
            f"{where}: scenarios = {names!r}: give a list of scenario names, "
            f"for example [{', '.join(repr(n) for n in available()[:2])}]"
        )
    scenarios = tuple(_scenario_ident(n, base, where) for n in names)
    if len(set(scenarios)) != len(scenarios):
        raise ExperimentError(f"{where}: scenarios = {names!r} lists a scenario twice")

    design_t = _check_keys(data.get("design", {}), _DESIGN_KEYS, "design", where)
    kind = design_t.get("kind", "full_factorial")
    if kind not in DESIGNS:
        raise ExperimentError(
            f"{where}: design.kind = {kind!r} is not a known design; allowed: {', '.join(DESIGNS)}"
        )
    second = design_t.get("second_order", False)
    if not isinstance(second, bool):
        raise ExperimentError(f"{where}: design.second_order = {second!r}: use true or false")
    design = Design(
        kind=kind,
        samples=_int(design_t.get("samples", 16), "design.samples", where, 1),
        levels=_int(design_t.get("levels", 4), "design.levels", where, 2),
        seed=_int(design_t.get("seed", 0), "design.seed", where, 0),
        second_order=second,
    )

    if kind == "sobol" and design.samples & (design.samples - 1):
        raise ExperimentError(
            f"{where}: design.samples = {design.samples}: a Sobol design needs a power of 2 "
            "(for example 64, 256 or 1024)"
        )

    fixed_t = _check_keys(data.get("fixed", {}), set(PARAMETERS), "fixed", where)
    fixed = {k: _param_value(k, v, f"fixed.{k}", where) for k, v in fixed_t.items()}

    levers_t = data.get("levers", {})
    if not isinstance(levers_t, dict):
        raise ExperimentError(f"{where}: levers must be a table ([levers])")
    unc_t = data.get("uncertainties", {})
    if not isinstance(unc_t, dict):
        raise ExperimentError(f"{where}: uncertainties must be a table ([uncertainties])")
    factorial_levels = design.levels if kind == "full_factorial" else None
    levers = [_parse_factor(n, r, "lever", where, design.levels) for n, r in levers_t.items()]
    uncs = [_parse_factor(n, r, "uncertainty", where, factorial_levels) for n, r in unc_t.items()]
    taken = {f.name for f in levers + uncs}
    both = {f.name for f in levers} & {f.name for f in uncs}
    if both:
        raise ExperimentError(
            f"{where}: {', '.join(sorted(both))} is both a lever and an uncertainty; pick one"
        )
    clash = taken & set(fixed)
    if clash:
        raise ExperimentError(
            f"{where}: {', '.join(sorted(clash))} is in [fixed] and also varied; pick one"
        )
    posterior, posterior_file, draws = _posterior(data, design.seed, base, where)
    sampled = set(draws[0]) if draws else set()
    varied = sorted(sampled & (taken | set(fixed)))
    if varied:
        raise ExperimentError(
            f"{where}: {', '.join(varied)} is varied by the posterior sample {posterior_file} "
            "and also fixed, a lever or an uncertainty; pick one"
        )
    if "all_parameters" in data:
        # The posterior's parameters stay the posterior's: they are not swept again.
        uncs += _all_parameters(data["all_parameters"], taken | set(fixed) | sampled, where)
    if kind in ("sobol", "morris") and len(uncs) < 2:
        raise ExperimentError(f"{where}: a {kind} design needs at least two uncertainties")
    if kind in ("sobol", "morris"):
        for f in uncs:
            if f.kind == "categorical" and len(f.values) < 2:
                raise ExperimentError(
                    f"{where}: uncertainties.{f.name}: a {kind} design needs two values or more"
                )

    repl_t = _check_keys(data.get("replications", {}), _REPL_KEYS, "replications", where)
    replications = _int(repl_t.get("count", 1), "replications.count", where, 1)
    seed = _int(repl_t.get("seed", 0), "replications.seed", where, 0)

    out_t = _check_keys(data.get("outcomes", {}), _OUTCOME_KEYS, "outcomes", where)
    keep = out_t.get("keep", list(DEFAULT_OUTCOMES))
    if not isinstance(keep, list) or not keep or not all(isinstance(k, str) for k in keep):
        raise ExperimentError(f"{where}: outcomes.keep = {keep!r}: give a list of column names")
    reference = out_t.get("reference")
    if reference is not None:
        reference = _scenario_ident(reference, base, where)
    per_student = out_t.get("per_student", False)
    if not isinstance(per_student, bool):
        raise ExperimentError(f"{where}: outcomes.per_student = {per_student!r}: true or false")

    analysis = data.get("analysis", {})
    _check_keys(analysis, {"prim"}, "analysis", where)
    if "prim" in analysis:
        _check_keys(analysis["prim"], _PRIM_KEYS, "analysis.prim", where)

    exp = Experiment(
        name=data.get("name", default_name),
        description=data.get("description", ""),
        scenarios=scenarios,
        fixed=fixed,
        levers=tuple(levers),
        uncertainties=tuple(uncs),
        design=design,
        replications=replications,
        seed=seed,
        outcomes=tuple(dict.fromkeys(keep)),
        reference=reference,
        per_student=per_student,
        analysis=analysis,
        source=where,
        posterior=posterior,
        posterior_file=posterior_file,
        draws=draws,
    )
    _check_outcomes(exp, where)
    _check_fixed(exp, where)
    return exp


def _posterior(
    data: dict[str, Any], seed: int, base: Path | None, where: str
) -> tuple[int, str | None, tuple[dict[str, Any], ...]]:
    """``posterior`` and ``posterior_file``: the number of draws, the file, the draws."""
    from vsvsim.posterior import records, resolve_posterior, select

    if "posterior" not in data:
        if "posterior_file" in data:
            raise ExperimentError(
                f"{where}: posterior_file needs posterior = K (the draws per design point)"
            )
        return 0, None, ()
    k = _int(data["posterior"], "posterior", where, 1)
    raw = data.get("posterior_file")
    path = None
    if raw is not None:
        if not isinstance(raw, str):
            raise ExperimentError(f"{where}: posterior_file = {raw!r} must be a string (a path)")
        path = Path(raw)
        # Relative to the experiment file when it is there (as scenario paths are).
        if not path.is_absolute() and base is not None and (base / path).is_file():
            path = base / path
    try:
        sample = resolve_posterior(path, option="posterior_file = FILE")
    except ScenarioError as err:
        raise ExperimentError(f"{where}: {err}") from None
    picked = select(sample, k, seed)
    return k, sample.source, tuple(records(picked))


def summary_columns() -> set[str]:
    """The outcome columns a run produces (from one tiny run, cached)."""
    global _SUMMARY_COLUMNS
    if _SUMMARY_COLUMNS is None:
        import vsvsim

        # A tiny run is the one reliable list: the summary's columns are the run API's.
        result = vsvsim.run("baseline", students=20, seed=0, overrides={"years": 1})
        _SUMMARY_COLUMNS = set(result.summary.columns)
    return _SUMMARY_COLUMNS


_SUMMARY_COLUMNS: set[str] | None = None


def _check_outcomes(exp: Experiment, where: str) -> None:
    allowed = summary_columns() | set(DERIVED_OUTCOMES)
    if exp.reference is not None:
        allowed |= set(REFERENCE_OUTCOMES)
    for name in exp.outcomes:
        if name not in allowed:
            hint = " (set outcomes.reference to get it)" if name in REFERENCE_OUTCOMES else ""
            raise ExperimentError(
                f"{where}: outcomes.keep: unknown outcome {name!r}{hint}; allowed: "
                + ", ".join(sorted(allowed - set(PARAMETERS)))
            )


def _check_fixed(exp: Experiment, where: str) -> None:
    """Validate the fixed values (and each posterior draw) against each scenario.

    Relations such as level shares that add up are checked here.

    A combination of sampled values that breaks a relation is not caught here: it is a
    failed run, recorded with its error (see :mod:`vsvsim.experiments.sweep`).
    """
    for scenario in exp.scenarios:
        spec = load_scenario(scenario)
        try:
            fixed = spec.with_params(where=where, **exp.fixed)
            for d, values in enumerate(exp.draws):
                fixed.with_params(where=f"{where}: posterior draw {d}", **values)
        except ScenarioError as err:
            raise ExperimentError(str(err)) from None
