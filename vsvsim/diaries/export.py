r"""The platform's response CSV export, byte for byte (diary-format.md section 4).

One file per questionnaire, ``responses_<idify(name)>_<YYYY-MM-DD>.csv``: separator
``;``, every non-nil value in double quotes, nil as an empty unquoted field, no escaping
(a ``"`` inside a value becomes ``'``, a ``'`` becomes a backslash), ``\n`` line ends,
UTF-8, dates ``%d-%m-%Y %H:%M:%S`` in Amsterdam local time without offset. One row per
scheduled response (unanswered and stopped ones too) ordered by ``open_from``; item
columns are the union of stored keys, in the platform's natural sort, after the
metadata columns of the chosen export version:

- ``2017`` (code up to 2018-03-07): ``response_id; person_id; protocol_subscription_id;
  measurement_id; open_from; invited_state; opened_at; completed_at; created_at;
  updated_at``, person ids as the hashed 29-character bubblebabble string;
- ``2018`` (2018-03-08 to 2018-07-08): ``response_id; filled_out_by_id;
  filled_out_for_id; protocol_subscription_id; measurement_id; invitation_set_id;
  open_from; opened_at; completed_at; created_at; updated_at``, hashed ids;
- ``current`` (2018-07-09 on): the same columns, 4-character external identifiers.

Next to the exports, ``diary_persons.csv`` (not a platform file) maps every pseudonymous
id back to the run's ``student_id`` or ``coach_id``, and ``diary_subscriptions.csv`` maps
each protocol subscription to its respondent and student (what the platform's
protocol-subscription export would give).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from vsvsim.diaries.items import COACH, CONTROL, QUESTIONNAIRES, STUDENT, natural_key
from vsvsim.diaries.simulate import Diaries, simulate_diaries

__all__ = [
    "EXPORT_VERSIONS",
    "METADATA",
    "diaries_from_result",
    "diaries_from_run_dir",
    "export_text",
    "format_datetime",
    "replace_quotes",
    "write_exports",
]

METADATA = {
    "2017": (
        "response_id", "person_id", "protocol_subscription_id", "measurement_id",
        "open_from", "invited_state", "opened_at", "completed_at", "created_at", "updated_at",
    ),
    "2018": (
        "response_id", "filled_out_by_id", "filled_out_for_id", "protocol_subscription_id",
        "measurement_id", "invitation_set_id", "open_from", "opened_at", "completed_at",
        "created_at", "updated_at",
    ),
}  # fmt: skip
METADATA["current"] = METADATA["2018"]
EXPORT_VERSIONS = tuple(METADATA)
_TIMES = ("open_from", "opened_at", "completed_at", "created_at", "updated_at")


def replace_quotes(text: Any) -> str:
    r"""The platform's ``replace_quotes``: ``'`` becomes ``\``, then ``"`` becomes ``'``."""
    return str(text).replace("'", "\\").replace('"', "'")


def format_datetime(value: Any) -> str | None:
    """``%d-%m-%Y %H:%M:%S`` of an Amsterdam-local time, or None for a missing one."""
    if value is None or pd.isna(value):
        return None
    return value.strftime("%d-%m-%Y %H:%M:%S")


def _line(values: list[str | None]) -> str:
    return ";".join("" if v is None else f'"{replace_quotes(v)}"' for v in values)


def export_text(diaries: Diaries, key: str, version: str = "current") -> str:
    """The export file of one questionnaire as text.

    Args:
        diaries: Simulated diaries.
        key: Questionnaire key (``student_diary``, ``student_diary_control``,
            ``mentor_diary``).
        version: Export version (:data:`EXPORT_VERSIONS`).

    Raises:
        ValueError: For an unknown version or questionnaire.
    """
    if version not in METADATA:
        raise ValueError(
            f"export version {version!r} is not known; use one of {', '.join(EXPORT_VERSIONS)}"
        )
    if key not in QUESTIONNAIRES:
        raise ValueError(
            f"questionnaire {key!r} is not known; use one of {', '.join(QUESTIONNAIRES)}"
        )
    r = diaries.responses[key]
    ids = diaries.persons.set_index("person")[
        "hashed_id" if version != "current" else "external_id"
    ]
    keys = sorted({k for c in r["content"] for k in c}, key=natural_key)
    header = [*METADATA[version], *keys]
    lines = [_line(header)]
    by = r["person"].map(ids).tolist()
    for_ = r["for_person"].map(ids).tolist()
    done = r["completed"].tolist()
    plain = ("response_id", "protocol_subscription_id", "measurement_id", "invitation_set_id")
    cols = {c: r[c].tolist() for c in (*plain, "invited_state")}
    times = {c: [format_datetime(v) for v in r[c]] for c in _TIMES}
    for i, content in enumerate(r["content"]):
        meta = {
            "response_id": str(cols["response_id"][i]),
            "person_id": by[i],
            # Set by Response#complete!: empty for uncompleted rows.
            "filled_out_by_id": by[i] if done[i] else None,
            "filled_out_for_id": for_[i] if done[i] else None,
            "protocol_subscription_id": str(cols["protocol_subscription_id"][i]),
            "measurement_id": str(cols["measurement_id"][i]),
            "invitation_set_id": str(cols["invitation_set_id"][i]),
            "invited_state": cols["invited_state"][i],
            **{c: times[c][i] for c in _TIMES},
        }
        lines.append(_line([meta[h] for h in METADATA[version]] + [content.get(k) for k in keys]))
    return "\n".join(lines) + "\n"


def write_exports(
    diaries: Diaries,
    out: str | Path,
    *,
    version: str = "current",
    date: dt.date | None = None,
) -> list[Path]:
    """Write the three diary exports and the id maps into ``out`` (all or nothing).

    Args:
        diaries: Simulated diaries.
        out: Output folder (created).
        version: Export version (:data:`EXPORT_VERSIONS`).
        date: The export's date in the file names; default the day after the last diary.

    Returns:
        The paths written.
    """
    if version not in METADATA:
        raise ValueError(
            f"--version {version!r} is not known; use one of {', '.join(EXPORT_VERSIONS)}"
        )
    date = date or diaries.export_date()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".vsvsim-diaries-", dir=out))
    written = []
    try:
        for q in (STUDENT, CONTROL, COACH):
            name = f"{q.file_stem}_{date.isoformat()}.csv"
            # newline="" keeps the platform's bare \n line ends on every OS.
            with open(scratch / name, "w", encoding="utf-8", newline="") as fh:
                fh.write(export_text(diaries, q.key, version))
            written.append(name)
        persons = diaries.persons.rename(columns={"hashed_id": "hashed_person_id"})
        persons.drop(columns="person").to_csv(scratch / "diary_persons.csv", index=False)
        subs = []
        for key, r in diaries.responses.items():
            first = r.drop_duplicates("protocol_subscription_id")
            ids = diaries.persons.set_index("person")
            subs.append(
                pd.DataFrame(
                    {
                        "protocol_subscription_id": first["protocol_subscription_id"],
                        "questionnaire": QUESTIONNAIRES[key].name,
                        "external_id": first["person"].map(ids["external_id"]),
                        "hashed_person_id": first["person"].map(ids["hashed_id"]),
                        "for_external_id": first["for_person"].map(ids["external_id"]),
                        "student_id": first["student_id"],
                    }
                )
            )
        pd.concat(subs).sort_values("protocol_subscription_id").to_csv(
            scratch / "diary_subscriptions.csv", index=False
        )
        written += ["diary_persons.csv", "diary_subscriptions.csv"]
        for name in written:
            (scratch / name).replace(out / name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return [out / n for n in written]


def diaries_from_run_dir(
    run_dir: str | Path,
    *,
    seed: int | None = None,
    params: dict[str, Any] | None = None,
    study_start: int | None = None,
) -> Diaries:
    """Simulate diaries from a ``vsvsim run ... --trajectories`` output folder.

    The start year and the study's first week (the scenario's intake week) come from the
    run's scenario (its name in summary.parquet; parameters.parquet when present).

    Raises:
        ValueError: When the folder lacks a table (with the command that writes it).
    """
    run_dir = Path(run_dir)
    need = ("students.parquet", "summary.parquet", "weekly.parquet")
    missing = [n for n in need if not (run_dir / n).is_file()]
    if missing:
        raise ValueError(
            f"RUN_DIR {run_dir}: {', '.join(missing)} not found; write it with "
            f"`vsvsim run process_study --trajectories --out {run_dir}`"
        )
    summary = pd.read_parquet(run_dir / "summary.parquet").iloc[0]
    students = pd.read_parquet(run_dir / "students.parquet")
    weekly = pd.read_parquet(run_dir / "weekly.parquet")
    scenario_params = _scenario_params(summary, run_dir / "parameters.parquet")
    return simulate_diaries(
        weekly,
        students,
        seed=int(summary.get("seed", 0)) if seed is None else seed,
        start_year=int(scenario_params.get("start_year", 2025)),
        study_start=study_start if study_start is not None else _study_start(scenario_params),
        params=params,
    )


def _scenario_params(summary: pd.Series, parameters: Path | None = None) -> dict[str, Any]:
    """The run's parameters: its parameters table, else the scenario file's values.

    ``vsvsim run`` writes ``parameters.parquet`` (name, value, value_number); older run
    folders carried the parameters as summary columns, which are read too.
    """
    from vsvsim.scenario import ScenarioError, load_scenario

    values: dict[str, Any] = {}
    try:
        values.update(load_scenario(str(summary.get("scenario", "baseline"))).params)
    except ScenarioError:
        pass
    for key in ("start_year", "intake_week", "preventive"):
        if key in summary.index:
            values[key] = summary[key]
    if parameters is not None and parameters.is_file():
        table = pd.read_parquet(parameters).set_index("name")
        for key in ("start_year", "intake_week"):
            if key in table.index:
                values[key] = int(table.loc[key, "value_number"])
        if "preventive" in table.index:
            values["preventive"] = str(table.loc["preventive", "value"])
    return values


def _study_start(params: dict[str, Any]) -> int | None:
    """The study starts at the screening intake; otherwise at the first coaching week."""
    if params.get("preventive") == "screening" and "intake_week" in params:
        return int(params["intake_week"])
    return None


def diaries_from_result(result, *, seed: int | None = None, params=None) -> Diaries:
    """Simulate diaries from an in-memory :class:`vsvsim.Result` (with trajectories)."""
    if result.weekly is None:
        raise ValueError("the run has no weekly table; run it with trajectories=True")
    sp = dict(result.scenario.params)
    return simulate_diaries(
        result.weekly,
        result.students,
        seed=result.seed if seed is None else seed,
        start_year=int(sp.get("start_year", 2025)),
        study_start=_study_start(sp),
        params=params,
    )
