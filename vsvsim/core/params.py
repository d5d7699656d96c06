"""Parameters: the declaration of one parameter, validation, and the shared table.

Every model parameter is declared once, by the module that owns it (see
:mod:`vsvsim.core.module`), with a default, an allowed range (or set of choices), a unit, a
provenance (a source from the model brief, or "assumption") and a one-line meaning; a
parameter that calibration may fit also carries its fitting range. :data:`PARAMETERS` is
the union of what the registered modules declare (filled by :mod:`vsvsim.week`); the
scenario loader, the model's keyword signature, the ODD parameter table and the app's
levers are all generated from it, so they cannot drift apart.

Sources (short names as in ``shared/model-brief.md``): UCA (Van der Gaag et al., the
u-can-act book), KvJ (Kansen voor Jongeren evaluation), NJi (NJi/ECBO 2023), REG (regional
VSV evaluation), FS (regional factsheet), plus the theory papers cited there (Finn 1989;
Jang, Kim & Reeve 2016; Zaff et al. 2017).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np

__all__ = [
    "GROUPS",
    "LEVEL_SHARES",
    "PARAMETERS",
    "PRIOR_SHAPES",
    "Param",
    "ParamError",
    "check_consistency",
    "defaults",
    "switch",
    "validate_value",
]


class ParamError(ValueError):
    """A parameter value that is not allowed; the message names key, value and what is allowed."""


@dataclass(frozen=True)
class Param:
    """One model parameter.

    Attributes:
        name: Unique name; also the model keyword argument and the scenario-file key.
        group: Scenario-file table the key lives in (``[cohort]``, ``[school]``, ...).
        default: Default value; its Python type (bool, int, float, str) is the parameter's type.
        low: Smallest allowed value (numbers only).
        high: Largest allowed value (numbers only).
        choices: Allowed values (strings only).
        unit: Unit of the value.
        source: Provenance: a source from the brief, or "assumption".
        doc: One-line meaning.
        fit: Fitting range ``(low, high)`` where calibration may fit the value, else None.
            A parameter with a fitting range is calibrated: history matching
            (``experiments/calibrate.py``) searches the range and the inference
            (:mod:`vsvsim.analysis.inference`) puts its prior on it.
        prior: Shape of the calibration prior on the fitting range, a key of
            :data:`PRIOR_SHAPES`: "uniform", or "log-uniform" for a parameter whose range
            spans an order of magnitude or more (a rate or a time scale, where 0.02 to 0.04
            is as large a step as 0.4 to 0.8).
        prior_reason: Why that prior, in a few words ("" for the usual reason of a uniform
            prior, :data:`UNIFORM_REASON`).
        fixed: Why the inference keeps this calibrated parameter at its default ("": it
            is inferred). Set where a screening found that no fit target can tell the
            values in the fitting range apart: such a parameter would keep its prior in
            the posterior anyway and only adds dimensions to the proposal. History
            matching still searches its range.
        module: Name of the module that declares it (set when the module is registered).
    """

    name: str
    group: str
    default: Any
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    unit: str = "-"
    source: str = "assumption"
    doc: str = ""
    fit: tuple[float, float] | None = None
    prior: str = "uniform"
    prior_reason: str = ""
    fixed: str = ""
    module: str = ""

    def __post_init__(self) -> None:
        # A prior is part of the declaration: a bad shape must fail at import, not
        # halfway through an inference run.
        if self.prior not in PRIOR_SHAPES:
            raise ValueError(f"{self.name}: prior {self.prior!r} is not one of {PRIOR_SHAPES}")
        if self.prior == "log-uniform" and (self.fit is None or self.fit[0] <= 0):
            raise ValueError(f"{self.name}: a log-uniform prior needs a fitting range above 0")
        if self.fixed and self.fit is None:
            raise ValueError(f"{self.name}: only a calibrated parameter can be fixed")

    @property
    def kind(self) -> type:
        """The parameter's Python type."""
        return type(self.default)

    @property
    def calibrated(self) -> bool:
        """Whether calibration fits this parameter (it has a fitting range)."""
        return self.fit is not None

    @property
    def inferred(self) -> bool:
        """Whether the inference puts a prior on it (calibrated and not :attr:`fixed`)."""
        return self.fit is not None and not self.fixed

    def prior_text(self) -> str:
        """The prior in words, for tables ("" for a parameter that is not calibrated)."""
        if self.fit is None:
            return ""
        return f"{self.prior} {self.fit[0]:g} – {self.fit[1]:g}"

    def prior_why(self) -> str:
        """Why this prior ("" for a parameter that is not calibrated)."""
        if self.fit is None:
            return ""
        return self.prior_reason or UNIFORM_REASON

    def allowed(self) -> str:
        """Human-readable description of the allowed values."""
        if self.kind is bool:
            return "true or false"
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        kind = "an integer" if self.kind is int else "a number"
        return f"{kind} from {self.low:g} to {self.high:g}"


#: Prior shapes a calibrated parameter can declare (the prior lives on its fitting range).
PRIOR_SHAPES = ("uniform", "log-uniform")
#: The reason of a uniform prior when the declaration gives none.
UNIFORM_REASON = (
    "plausible range from the sources and the model's scales; no value inside it preferred"
)

GROUPS: dict[str, str] = {
    "run": "Run length and calendar",
    "cohort": "Cohort size and mix",
    "school": "School programme and climate",
    "outside": "Outside-school context",
    "domains": "Life domains: problems by domain, and the screening that reads them",
    "dynamics": "Weekly state dynamics",
    "mechanisms": "Mechanism switches (ablations)",
    "strengths": "Mechanism strengths",
    "mentoring": "Regular school mentoring (slb'er)",
    "coaching": "Project coaching: preventive, curative, integrated",
    "law": "The law and registration: qualification duty, VSV indicator, reasons",
    "tracks": "Tracks (BOL/BBL), exits the school decides, study choice and switching",
}

#: Every registered parameter by name (filled by the module registry, :mod:`vsvsim.week`).
PARAMETERS: dict[str, Param] = {}


def switch(name: str, doc: str, source: str, default: bool = True) -> Param:
    """The on/off parameter of a switchable mechanism (scenario table ``[mechanisms]``)."""
    return Param(name, "mechanisms", default, unit="switch", source=source, doc=doc)


LEVEL_SHARES = ("share_level_1", "share_level_2", "share_level_3", "share_level_4")


def defaults() -> dict[str, Any]:
    """Return a fresh dict of every parameter's default value."""
    return {name: p.default for name, p in PARAMETERS.items()}


class KernelParams(SimpleNamespace):
    """The parameters as the array updates see them (``sim.pb``; see :func:`kernel_params`).

    In a batch (:mod:`vsvsim.core.batch`) a float parameter on which the members differ
    is an array with one value per row; :meth:`rows` gives the parameters of a subset of
    rows, for the updates that work on the rows of a minority (leavers, this week's
    contacts) only.
    """

    def rows(self, index: np.ndarray) -> KernelParams:
        """The parameters of the rows ``index`` (self when no parameter varies by row)."""
        rowwise = self.__dict__.get("_rowwise", ())
        if not rowwise:
            return self
        out = KernelParams(**self.__dict__)
        for name in rowwise:
            setattr(out, name, getattr(self, name)[index])
        out._rowwise = rowwise
        return out


def rows_of(p: Any, index: np.ndarray) -> Any:
    """The parameters of the rows ``index`` (``p.rows(index)``).

    A plain namespace of scalars (as tests and the per-agent reference pass) is returned
    as it is.
    """
    return p.rows(index) if isinstance(p, KernelParams) else p


def kernel_params(values: dict[str, Any]) -> KernelParams:
    """The parameters as the array updates see them: every float parameter as float32.

    Mechanisms (:class:`~vsvsim.mechanisms.base.Mechanism`) read their parameters from
    this namespace (``sim.pb``). A float parameter is a ``numpy.float32`` here, so that the
    arithmetic a mechanism does with it is float32 arithmetic whether the value is one
    number (a run) or one value per row (a batch of parameter points,
    :mod:`vsvsim.core.batch`): a member of a batch then computes exactly what a separate
    run computes. Integers, switches and choices stay Python values.

    Args:
        values: A complete parameter dict.

    Returns:
        The namespace.
    """
    return KernelParams(
        **{k: np.float32(v) if isinstance(v, float) else v for k, v in values.items()}
    )


def validate_value(name: str, value: Any, where: str = "") -> Any:
    """Check one value against its declaration and return it in the parameter's type.

    Args:
        name: Parameter name.
        value: Proposed value.
        where: Prefix for the error message (for example the file and table).

    Returns:
        The value, converted to float where an int was given for a float parameter.

    Raises:
        ParamError: If the name is unknown or the value has the wrong type or range.
    """
    prefix = f"{where}: " if where else ""
    if name not in PARAMETERS:
        raise ParamError(f"{prefix}unknown parameter {name!r}")
    p = PARAMETERS[name]
    bad = ParamError(f"{prefix}{p.group}.{name} = {value!r} is not allowed; use {p.allowed()}")
    if p.kind is bool:
        if not isinstance(value, bool):
            raise bad
        return value
    if p.kind is str:
        if not isinstance(value, str) or value not in (p.choices or ()):
            raise bad
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad
    if p.kind is int and not float(value).is_integer():
        raise bad
    if not (p.low <= value <= p.high) or value != value:  # value != value catches NaN
        raise bad
    return int(value) if p.kind is int else float(value)


def check_consistency(values: dict[str, Any], where: str = "") -> None:
    """Check relations between parameters (shares that must add up).

    Args:
        values: A complete parameter dict.
        where: Prefix for the error message.

    Raises:
        ParamError: If the level shares do not sum to 1 or the risk shares exceed 1.
    """
    prefix = f"{where}: " if where else ""
    total = sum(values[k] for k in LEVEL_SHARES)
    if abs(total - 1.0) > 1e-6:
        listed = ", ".join(f"{k} = {values[k]:g}" for k in LEVEL_SHARES)
        raise ParamError(f"{prefix}cohort level shares must add up to 1, got {total:g} ({listed})")
    if values["share_orange"] + values["share_red"] > 1.0:
        raise ParamError(
            f"{prefix}cohort.share_orange + cohort.share_red = "
            f"{values['share_orange'] + values['share_red']:g} is more than 1"
        )
