"""Downloads and uploads: result tables, scenario files, and checking an uploaded file.

A scenario file written here loads back, through :func:`vsvsim.load_scenario`, to the
same parameters (a test checks the round trip), so a downloaded file reproduces a
comparison with ``vsvsim compare FILE ...``. An uploaded file is checked by the package's
own loader; nothing in it is evaluated.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import vsvsim
from vsvsim.compare import Comparison, format_table
from vsvsim.params import GROUPS, PARAMETERS
from vsvsim.scenario import Scenario, load_scenario

__all__ = [
    "MAX_UPLOAD_BYTES",
    "UploadProblem",
    "comparison_csv",
    "comparison_parquet",
    "comparison_zip",
    "read_upload",
    "scenario_toml",
]

MAX_UPLOAD_BYTES = 64 * 1024


class UploadProblem(ValueError):
    """An uploaded file that cannot be used; ``key``/``fields`` as in :class:`InputProblem`."""

    def __init__(self, key: str, **fields: Any):
        super().__init__(key)
        self.key = key
        self.fields = fields


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a valid TOML basic string
    return repr(value)


def scenario_toml(spec: Scenario, seed: int | None = None, replications: int | None = None) -> str:
    """The scenario as a file: every value that differs from the parameter table's default.

    Args:
        spec: The scenario as run (levers and shared settings applied).
        seed: Seed of replication 0, written as a comment (a seed is not a parameter).
        replications: Written as a comment.
    """
    lines = [f"# vsvsim {vsvsim.__version__} scenario, written by the app"]
    if seed is not None:
        lines.append(f"# seed {seed}" + (f", {replications} replications" if replications else ""))
    name = re.sub(r"[^\w-]+", "_", spec.name).strip("_") or "scenario"
    lines += [f"name = {_toml_value(name)}", f"description = {_toml_value(spec.description)}"]
    for group in GROUPS:
        changed = [
            (n, spec.params[n])
            for n, p in PARAMETERS.items()
            if p.group == group and spec.params[n] != p.default
        ]
        if changed:
            lines += ["", f"[{group}]"] + [f"{n} = {_toml_value(v)}" for n, v in changed]
    return "\n".join(lines) + "\n"


def comparison_csv(comp: Comparison) -> bytes:
    """The comparison table (one row per scenario: mean, 5th and 95th percentile)."""
    return comp.table.to_csv().encode("utf-8")


def comparison_parquet(comp: Comparison) -> bytes:
    """The comparison table as Parquet."""
    buffer = io.BytesIO()
    comp.table.to_parquet(buffer)
    return buffer.getvalue()


def comparison_zip(comp: Comparison, specs: dict[str, Scenario]) -> bytes:
    """Everything: the tables (CSV and Parquet), every replication, timing, scenario files.

    With posterior draws also ``difference`` and ``draws`` (CSV and Parquet).
    """
    buffer = io.BytesIO()
    reps = comp.n_replications
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("comparison.csv", comparison_csv(comp))
        archive.writestr("comparison.parquet", comparison_parquet(comp))
        for name, frame in (("replications", comp.replications), ("timing", comp.timing)):
            part = io.BytesIO()
            frame.to_parquet(part, index=False)
            archive.writestr(f"{name}.parquet", part.getvalue())
            archive.writestr(f"{name}.csv", frame.to_csv(index=False))
        # With posterior draws: each scenario less the reference, and the draws used.
        for name, frame in (("difference", comp.difference), ("draws", comp.draws)):
            if frame is not None:
                part = io.BytesIO()
                frame.to_parquet(part)
                archive.writestr(f"{name}.parquet", part.getvalue())
                archive.writestr(f"{name}.csv", frame.to_csv())
        archive.writestr("comparison.txt", format_table(comp) + "\n")
        for k, (name, spec) in enumerate(specs.items()):
            stem = re.sub(r"[^\w-]+", "_", name).strip("_")
            archive.writestr(f"scenarios/{k + 1}_{stem}.toml", scenario_toml(spec, comp.seed, reps))
    return buffer.getvalue()


def read_upload(filename: str, data: bytes) -> Scenario:
    """Check an uploaded scenario file with the package's loader.

    Raises:
        UploadProblem: Too large or not UTF-8 text (message keys ``upload_too_big``,
            ``upload_not_text``).
        ScenarioError: The loader's message (invalid TOML, unknown key, bad value).
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadProblem("upload_too_big", kb=MAX_UPLOAD_BYTES // 1024)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UploadProblem("upload_not_text") from None
    stem = re.sub(r"[^\w-]+", "_", Path(filename or "upload").stem).strip("_") or "upload"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{stem}.toml"
        path.write_text(text, encoding="utf-8")
        spec = load_scenario(path)
    return Scenario(spec.name, spec.description, spec.params, source=f"upload:{filename}")
