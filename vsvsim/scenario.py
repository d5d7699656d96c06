"""Scenario files: TOML in, a validated, immutable :class:`Scenario` out.

A scenario file has a ``name``, an optional ``description`` and one table per parameter
group (see :data:`vsvsim.params.GROUPS`); every key in a table must be a parameter
declared in that group. Anything else (an unknown key, a wrong type, a value out of range,
level shares that do not add up) stops the load with one :class:`ScenarioError` naming
the file, the key, the value and what is allowed. Nothing runs on invalid input.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from vsvsim.params import (  # the registered table (imports vsvsim.week)
    GROUPS,
    PARAMETERS,
    ParamError,
    check_consistency,
    defaults,
    validate_value,
)

__all__ = ["SCENARIO_DIR", "Scenario", "ScenarioError", "available", "load_scenario"]


def _scenario_dir() -> Path:
    """Where the shipped scenario files are.

    In an installed wheel they are package data (``vsvsim/scenarios``, put there by the
    build's ``force-include``); in a source checkout they are the top-level
    ``scenarios/`` folder next to the package.
    """
    packaged = Path(str(resources.files("vsvsim").joinpath("scenarios")))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "scenarios"


#: Scenario files shipped with the project.
SCENARIO_DIR = _scenario_dir()

_TOP_KEYS = {"name", "description"}


class ScenarioError(ValueError):
    """Invalid scenario input; the message says what is wrong and what is allowed."""


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: a name, a description and a complete parameter set.

    Attributes:
        name: Short name (the file stem by default).
        description: One or two sentences for people choosing a scenario.
        params: Every parameter's value (defaults filled in), read-only.
        source: Where the scenario was loaded from, if from a file.
    """

    name: str
    description: str = ""
    params: MappingProxyType = field(default_factory=lambda: MappingProxyType(defaults()))
    source: str = ""

    def with_params(self, where: str = "override", **overrides: Any) -> Scenario:
        """Return a copy with some parameters changed (validated the same way as files).

        Args:
            where: Label used in error messages.
            **overrides: Parameter values.

        Raises:
            ScenarioError: If a name or value is not allowed.
        """
        values = dict(self.params)
        try:
            for key, value in overrides.items():
                values[key] = validate_value(key, value, where)
            check_consistency(values, where)
        except ParamError as err:
            raise ScenarioError(str(err)) from None
        return Scenario(self.name, self.description, MappingProxyType(values), self.source)

    def __reduce__(self):
        # MappingProxyType does not pickle; rebuild from a plain dict (run() inputs must pickle).
        return (_rebuild, (self.name, self.description, dict(self.params), self.source))


def _rebuild(name: str, description: str, params: dict, source: str) -> Scenario:
    return Scenario(name, description, MappingProxyType(params), source)


def available() -> list[str]:
    """Names of the scenario files shipped in ``scenarios/``."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def resolve_toml(
    spec: str | Path, folder: Path, kind: str, error: type[Exception] = ValueError
) -> Path:
    """The TOML file ``spec`` names: a path, or the stem of a file shipped in ``folder``.

    Raises:
        error: With one message naming what was asked for and what is available.
    """
    path = Path(spec)
    if path.suffix != ".toml" and not path.exists():
        path = folder / f"{spec}.toml"
    if not path.is_file():
        names = ", ".join(sorted(p.stem for p in folder.glob("*.toml"))) or "(none)"
        raise error(
            f"{kind} {str(spec)!r} not found: give a path to a .toml file or one of: {names}"
        )
    return path


def _resolve(spec: str | Path) -> Path:
    return resolve_toml(spec, SCENARIO_DIR, "scenario", ScenarioError)


def load_scenario(spec: str | Path | Scenario) -> Scenario:
    """Load and validate a scenario.

    Args:
        spec: A loaded :class:`Scenario` (returned as is), a path to a TOML file, or the
            name of a file in ``scenarios/`` (``"baseline"``).

    Returns:
        The validated scenario with defaults filled in.

    Raises:
        ScenarioError: With one message naming the key, the value and what is allowed.
    """
    if isinstance(spec, Scenario):
        return spec
    path = _resolve(spec)
    where = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{where}: not valid TOML ({err})") from None
    return from_dict(data, where=where, default_name=path.stem, source=str(path))


def from_dict(
    data: dict[str, Any], *, where: str = "scenario", default_name: str = "custom", source: str = ""
) -> Scenario:
    """Validate a scenario given as nested dicts (the parsed form of a TOML file).

    Args:
        data: ``{"name": ..., "description": ..., "<group>": {"<param>": value}}``.
        where: Label used in error messages (usually the file name).
        default_name: Name used when ``data`` has none.
        source: Recorded origin.

    Returns:
        The validated scenario.

    Raises:
        ScenarioError: On the first problem found.
    """
    values = defaults()
    allowed_top = sorted(_TOP_KEYS | set(GROUPS))
    for key, table in data.items():
        if key in _TOP_KEYS:
            if not isinstance(table, str):
                raise ScenarioError(f"{where}: {key} = {table!r} must be a string")
            continue
        if key not in GROUPS:
            raise ScenarioError(
                f"{where}: unknown key {key!r}; allowed at the top level: {', '.join(allowed_top)}"
            )
        if not isinstance(table, dict):
            raise ScenarioError(f"{where}: {key} must be a table ([{key}]), got {table!r}")
        in_group = sorted(n for n, p in PARAMETERS.items() if p.group == key)
        for name, value in table.items():
            if name not in in_group:
                raise ScenarioError(
                    f"{where}: unknown key {key}.{name!s}; allowed in [{key}]: "
                    + ", ".join(in_group)
                )
            try:
                values[name] = validate_value(name, value, where)
            except ParamError as err:
                raise ScenarioError(str(err)) from None
    try:
        check_consistency(values, where)
    except ParamError as err:
        raise ScenarioError(str(err)) from None
    return Scenario(
        name=data.get("name", default_name),
        description=data.get("description", ""),
        params=MappingProxyType(values),
        source=source,
    )
