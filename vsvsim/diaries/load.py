"""Load u-can-act response exports (real or simulated) into tidy tables.

:func:`load_export` reads one ``responses_<questionnaire>_<date>.csv`` of either export
version (diary-format.md section 4), validates it and returns a :class:`LoadedDiary`:

- ``table``: one row per person (coach diary: per coach-student pair) per study week 1-35,
  with the metadata, a ``status`` (``completed``, ``opened`` = opened but not completed,
  ``not_opened``, ``not_scheduled`` = no response row for that week) and the items as
  typed columns named by their stored key (sliders as numbers, radios as text, checkbox
  options as booleans, the coach's time as ``v4_minutes``; the coach's v2 as a reason
  code ``v2_reason``). The meaning of every column is in ``items``.
- ``reasons``: why each item is missing in each row (``not_scheduled``, ``not_opened``,
  ``opened_not_completed``, ``hidden`` by its condition, ``untouched`` = a visible slider
  absent in current-platform data, ``hidden_posted`` = a hidden time dropdown the 2017-18
  platform posted anyway, dropped) and ``midpoint_suspected`` where a visible slider holds
  exactly its midpoint (the 2017-18 platform stored an untouched slider so; the value is
  kept).
- ``missing``: those reasons counted per item.

Free-text columns (textareas, "Anders, namelijk" text) are dropped unless
``keep_text=True``: they may hold first names. Timing keys (``..._timing``), ``locale``
and ``csrf_failed`` are dropped. The same function reads simulated exports, so real and
simulated diaries go through identical code before any statistic is computed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from vsvsim.diaries.items import COACH, CONTROL, STUDENT, Item, Questionnaire
from vsvsim.diaries.simulate import STUDY_WEEKS

__all__ = ["DiaryError", "LoadedDiary", "load_export", "load_folder"]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_OLD = (
    "response_id",
    "person_id",
    "protocol_subscription_id",
    "measurement_id",
    "open_from",
    "invited_state",
    "opened_at",
    "completed_at",
    "created_at",
    "updated_at",
)
_NEW = ("response_id", "filled_out_by_id", "filled_out_for_id", "protocol_subscription_id",
        "measurement_id", "invitation_set_id", "open_from", "opened_at", "completed_at",
        "created_at", "updated_at")  # fmt: skip
_TIMES = ("open_from", "opened_at", "completed_at", "created_at", "updated_at")
_IGNORED = re.compile(r"(_timing$|^locale$|^csrf_failed$)")
_SLOT = re.compile(r"^v3_(\d+)_(\d+)(_.*)?$")
#: Coach v2 answers as reason codes, by a pattern that survives the first-name
#: substitution of 2017-18 values ("... geen contact gehad met Rik.").
V2_PATTERNS = (
    ("no_contact", re.compile(r"geen contact gehad", re.I)),
    ("coach_stopped", re.compile(r"gestopt met de begeleiding", re.I)),
    ("student_left", re.compile(r"is gestopt met de opleiding", re.I)),
    ("handed_over", re.compile(r"overgedragen", re.I)),
    ("other", re.compile(r"^Anders", re.I)),
)


class DiaryError(ValueError):
    """A file that is not a valid diary export; the message says where and why."""


@dataclass
class LoadedDiary:
    """One loaded export.

    Attributes:
        questionnaire: The diary (``STUDENT``, ``CONTROL`` or ``COACH``).
        version: ``2017`` (person_id columns) or ``2018`` (filled_out_by/for columns).
        table: One row per person (pair) per study week; see the module docstring.
        reasons: Missingness reason per row (index as ``table``) and item column.
        items: Item column -> meaning.
        notes: What was dropped or looked odd, in words.
    """

    questionnaire: Questionnaire
    version: str
    table: pd.DataFrame
    reasons: pd.DataFrame
    items: dict[str, str]
    notes: list[str] = field(default_factory=list)

    @property
    def missing(self) -> pd.DataFrame:
        """Counts per item and reason (rows: items; columns: reasons)."""
        long = self.reasons.melt(var_name="item", value_name="reason")
        long = long[long["reason"] != ""]
        if long.empty:
            return pd.DataFrame()
        return long.groupby(["item", "reason"]).size().unstack(fill_value=0)


def _questionnaire(path: Path, header: list[str]) -> Questionnaire:
    name = path.name
    if name.startswith("responses_dagboek_studenten_controle"):
        return CONTROL
    if name.startswith("responses_dagboek_studenten"):
        return STUDENT
    if name.startswith("responses_dagboek_mentoren"):
        return COACH
    keys = set(header)
    if any(k.startswith("v3_0_") or k.startswith("v4_") for k in keys):
        return COACH
    if keys & {"v18", "v19", "v20", "v21", "v22", "v23", "v24"}:
        return STUDENT
    if keys & {"v10", "v25"}:
        return CONTROL
    raise DiaryError(
        f"{path}: cannot tell which diary this is; name the file as the platform does "
        "(responses_dagboek_studenten_<date>.csv, responses_dagboek_studenten_controle_"
        "<date>.csv or responses_dagboek_mentoren_<date>.csv)"
    )


def _parse_times(records: list[dict], name: str) -> None:
    """Parse the date columns in place (vectorised); name the first bad value's line."""
    for t in _TIMES:
        raw = pd.Series([r[t] for r in records], dtype=object)
        parsed = pd.to_datetime(raw, format="%d-%m-%Y %H:%M:%S", errors="coerce")
        bad = np.flatnonzero(raw.notna().to_numpy() & parsed.isna().to_numpy())
        if bad.size:
            r = records[bad[0]]
            raise DiaryError(
                f"{name} line {r['_line']} column {t}: {r[t]!r} is not a platform date; "
                "expected DD-MM-YYYY HH:MM:SS"
            )
        for r, v in zip(records, parsed, strict=True):
            r[t] = None if pd.isna(v) else v


def _canonical(key: str, known: set[str]) -> str | None:
    """The canonical stored key for ``key`` (first names in 2017-18 coach keys undone)."""
    if key in known:
        return key
    m = _SLOT.match(key)
    if m and m.group(1) != "0":
        slot0 = f"v3_0_{m.group(2)}{m.group(3) or ''}"
        return _canonical(slot0, known)
    # Keys built from a substituted title held the student's first name where the seed
    # says deze_student (fixed 2018-03-26; FixResponses renames them back).
    for k in known:
        if "deze_student" in k:
            pattern = re.escape(k).replace("deze_student", r"[a-z0-9_]+")
            if re.fullmatch(pattern, key):
                return k
    return None


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DiaryError(f"{path}: cannot read the file ({err.strerror})") from None
    if not raw.strip():
        raise DiaryError(f"{path}: the file is empty; expected a u-can-act response export")
    try:
        text = raw.decode("utf-8-sig")  # a file re-saved by a spreadsheet may carry a BOM
    except UnicodeDecodeError as err:
        raise DiaryError(
            f"{path}: not a u-can-act response export: byte {err.start} is not UTF-8 text "
            "(the platform's response export is a UTF-8 CSV file)"
        ) from None
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"'))
    return rows[0], rows[1:]


def _valid(v: str, it: Item, check: str, allowed: tuple[str, ...]) -> bool:
    if check == "range":
        return v.isdigit() and it.low <= int(v) <= it.high
    return v in allowed


def _refuse(v: str, it: Item, check: str, allowed: tuple[str, ...], col: str) -> None:
    if check == "range":
        _int(v, it, col)
    if check == "checkbox":
        raise DiaryError(f"{col}: {v!r} is not allowed; a ticked option is 'true'")
    raise DiaryError(f"{col}: {v!r} is not allowed; use one of {', '.join(allowed)}")


def _int(text: str, item: Item, where: str) -> int:
    if not (text.isdigit() or re.fullmatch(r"-\d+", text)):
        raise DiaryError(
            f"{where}: {text!r} is not allowed; use a whole number {item.low}-{item.high}"
        )
    v = int(text)
    if not item.low <= v <= item.high:
        raise DiaryError(f"{where}: {v} is not allowed; use a whole number {item.low}-{item.high}")
    return v


def load_export(path: str | Path, *, keep_text: bool = False) -> LoadedDiary:
    """Read and validate one response export.

    Args:
        path: The CSV file.
        keep_text: Keep free-text columns (they may hold first names).

    Returns:
        The :class:`LoadedDiary`.

    Raises:
        DiaryError: When the file is not a diary export, naming line, column and value.
    """
    path = Path(path)
    header, rows = _read(path)
    if tuple(header[: len(_NEW)]) == _NEW:
        version, meta = "2018", _NEW
    elif tuple(header[: len(_OLD)]) == _OLD:
        version, meta = "2017", _OLD
    else:
        raise DiaryError(
            f"{path}: not a u-can-act response export: the header must start with "
            f"{';'.join(_OLD)} (exports up to 2018-03-07) or {';'.join(_NEW)} (later); "
            f"found {';'.join(header[:4])}..."
        )
    q = _questionnaire(path, header)
    key_item: dict[str, tuple[Item, str]] = {}
    for it in q.items:
        for k in it.keys():
            key_item[k] = (it, k)
    notes: list[str] = []
    ignored = [h for h in header[len(meta) :] if _IGNORED.search(h)]
    if ignored:
        notes.append(f"dropped {len(ignored)} timing/locale columns")
    canon: dict[int, str] = {}
    unknown = []
    for j, h in enumerate(header[len(meta) :], start=len(meta)):
        if _IGNORED.search(h):
            continue
        c = _canonical(h, set(key_item))
        if c is None:
            unknown.append(h)
        else:
            canon[j] = c
    if unknown:
        notes.append(f"ignored {len(unknown)} columns not in {q.name}: {', '.join(unknown[:8])}")
    columns = []
    for j, c in canon.items():
        it, _ = key_item[c]
        m = _SLOT.match(header[j])
        if it.kind == "checkbox" and not c.endswith("_text"):
            check, allowed = "checkbox", ("true",)
        elif it.kind == "range":
            check, allowed = "range", ()
        elif it.kind == "radio" and c == it.id and it.id != "v2":
            check = "radio"
            allowed = (*it.options, "Anders, namelijk:") if it.otherwise else it.options
        else:
            check, allowed = "", ()
        columns.append((j, c, it, m.group(1) if m else None, check, allowed))
    records = []
    for n, row in enumerate(rows, start=2):
        if row == []:
            continue
        where = f"{path.name} line {n}"
        if len(row) != len(header):
            raise DiaryError(f"{where}: {len(row)} fields, the header has {len(header)}")
        rec: dict = {h: (v if v != "" else None) for h, v in zip(meta, row, strict=False)}
        rec["_line"] = n
        if rec["response_id"] is None or not rec["response_id"].isdigit():
            raise DiaryError(f"{where} column response_id: {rec['response_id']!r} is not an id")
        if rec["open_from"] is None:
            raise DiaryError(f"{where} column open_from: empty; every response has one")
        content: dict[str, str] = {}
        slots: set[str] = set()
        for j, c, it, slot, check, allowed in columns:
            v = row[j]
            if v == "":
                continue
            if slot is not None:
                slots.add(slot)
            if check and not _valid(v, it, check, allowed):
                _refuse(v, it, check, allowed, f"{where} column {header[j]}")
            if c in content and (it.kind == "checkbox" or (slot is not None and slot != "0")):
                continue  # a later slot: ticks are merged, slot 0's sliders are kept
            content[c] = v
        rec["content"] = content
        rec["action_series"] = len(slots)
        records.append(rec)
    if not records:
        raise DiaryError(f"{path}: the export has a header but no responses")
    _parse_times(records, path.name)
    table, reasons = tidy(records, q, version, keep_text=keep_text)
    if not keep_text:
        dropped = [it.id for it in q.items if it.free_text] + ["*_anders_namelijk_text"]
        notes.append(f"free text dropped ({', '.join(dropped)}); use --keep-text to keep it")
    return LoadedDiary(q, version, table, reasons, item_meanings(q), notes)


def item_meanings(q: Questionnaire) -> dict[str, str]:
    """Tidy item column -> meaning (question, scale, labels)."""
    out = {}
    for it in q.items:
        if it.kind == "range":
            out[it.id] = f"{it.text} ({it.low} {it.low_label} - {it.high} {it.high_label})"
        elif it.kind == "checkbox":
            for title, key in it.option_keys().items():
                out[key] = f"{it.text}: {title} ticked"
        elif it.kind == "time":
            out["v4_minutes"] = f"{it.text} (minutes, from v4_uren and v4_minuten)"
        elif it.kind == "radio":
            out[it.id] = f"{it.text} ({' / '.join(it.options)})"
    if q is COACH:
        out["v2_reason"] = (
            "why no actions: no_contact, coach_stopped, student_left, handed_over, other"
        )
        out["action_series"] = "number of action series (v3 slots) filled in"
    return out


def _shown(it: Item, content: dict[str, str]) -> bool:
    if it.id == "v3_0_5" and content.get("v3_0_51_niet_van_toepassing") == "true":
        return False  # "Niet van toepassing" hides the satisfaction slider
    if it.shown_if is None:
        return True
    item, value = it.shown_if
    if item == "v2":
        reason = _v2_reason(content.get("v2"))
        return reason == {"b": "coach_stopped", "c": "student_left"}.get(value)
    if item == "v9" and _v2_reason(content.get("v2")) == "handed_over":
        return True
    return content.get(item) == value


def _v2_reason(value: str | None) -> str | None:
    if value is None:
        return None
    for code, pattern in V2_PATTERNS:
        if pattern.search(value):
            return code
    return "other"


def tidy(
    records: list[dict], q: Questionnaire, version: str, *, keep_text: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Records (metadata + content dict) into the tidy table and its missingness reasons.

    Used for loaded exports; simulated diaries are exported and loaded, so both take
    this same path.
    """
    meta = pd.DataFrame(
        [{k: v for k, v in r.items() if k not in ("content", "_line")} for r in records]
    )
    person = meta["person_id"] if version == "2017" else meta["filled_out_by_id"]
    meta["person_id"] = person
    if version == "2017":
        meta["filled_out_for_id"] = None
    meta["protocol_subscription_id"] = meta["protocol_subscription_id"].astype(int)
    meta["response_id"] = meta["response_id"].astype(int)
    # Study week: whole weeks since the subscription's first diary (the platform steps
    # open_from weekly from the start date).
    first = meta.groupby("protocol_subscription_id")["open_from"].transform("min")
    meta["study_week"] = ((meta["open_from"] - first).dt.days // 7 + 1).astype(int)
    # Ids are set on completion only (2018+): carry them over the subscription's rows.
    for c in ("person_id", "filled_out_for_id"):
        first_id = meta.groupby("protocol_subscription_id")[c].transform("first")
        meta[c] = meta[c].fillna(first_id)
    done = meta["completed_at"].notna().to_numpy()
    opened = meta["opened_at"].notna().to_numpy()
    meta["status"] = np.where(done, "completed", np.where(opened, "opened", "not_opened"))
    n = len(records)
    cols: dict[str, list] = {}
    why: dict[str, list[str]] = {}
    status_reason = np.where(opened, "opened_not_completed", "not_opened")
    for it in q.items:
        if it.free_text and not keep_text:
            continue
        if it.kind == "checkbox":
            names = list(it.option_keys().values())
        elif it.kind == "time":
            names = ["v4_minutes"]
        elif it.id == "v2" and q is COACH:
            names = ["v2_reason"] + (["v2"] if keep_text else [])
        else:
            names = [it.id]
        for name in names:
            cols[name] = [None] * n
            why[name] = [""] * n
        for i, r in enumerate(records):
            c = r["content"]
            if not done[i]:
                for name in names:
                    why[name][i] = status_reason[i]
                continue
            if not _shown(it, c):
                for name in names:
                    why[name][i] = "hidden"
                if it.kind == "time" and f"{it.id}_uren" in c:
                    why["v4_minutes"][i] = "hidden_posted"
                continue
            if it.kind == "checkbox":
                for name in names:
                    cols[name][i] = c.get(name) == "true"
            elif it.kind == "time":
                h, m = c.get(f"{it.id}_uren"), c.get(f"{it.id}_minuten")
                if h is None and m is None:
                    why["v4_minutes"][i] = "untouched"
                else:
                    cols["v4_minutes"][i] = 60 * int(h or 0) + int(m or 0)
            elif it.id == "v2" and q is COACH:
                cols["v2_reason"][i] = _v2_reason(c.get("v2"))
                if keep_text:
                    cols["v2"][i] = c.get("v2")
            elif it.kind == "range":
                v = c.get(it.id)
                if v is None:
                    why[it.id][i] = "untouched"
                else:
                    cols[it.id][i] = int(v)
                    if int(v) == it.midpoint:
                        why[it.id][i] = "midpoint_suspected"
            else:
                cols[it.id][i] = c.get(it.id)
        if keep_text and it.otherwise:
            key = f"{it.id}_anders_namelijk_text"
            cols[key] = [r["content"].get(key) for r in records]
            why[key] = [""] * n
    items = pd.DataFrame(cols)
    for it in q.items:
        if it.kind == "range" and it.id in items:
            items[it.id] = pd.array(items[it.id], dtype="Int16")
        if it.kind == "checkbox":
            for key in it.option_keys().values():
                if key in items:
                    items[key] = pd.array(items[key], dtype="boolean")
    if "v4_minutes" in items:
        items["v4_minutes"] = pd.array(items["v4_minutes"], dtype="Int16")
    keep = [
        "response_id", "person_id", "filled_out_for_id", "protocol_subscription_id",
        "measurement_id", "study_week", "status", *_TIMES,
    ]  # fmt: skip
    if q is COACH:
        keep.append("action_series")
    table = pd.concat([meta[keep].reset_index(drop=True), items], axis=1)
    reasons = pd.DataFrame(why)
    table, reasons = _add_unscheduled(table, reasons)
    for t in _TIMES:
        table[t] = table[t].dt.tz_localize(AMSTERDAM, ambiguous="NaT", nonexistent="NaT")
    table.attrs["questionnaire"] = q.key
    return table, reasons


def _add_unscheduled(table: pd.DataFrame, reasons: pd.DataFrame):
    """Rows for study weeks 1-35 without a response (``not_scheduled``)."""
    subs = table.drop_duplicates("protocol_subscription_id")[
        ["protocol_subscription_id", "person_id", "filled_out_for_id"]
    ]
    grid = subs.loc[subs.index.repeat(STUDY_WEEKS)].reset_index(drop=True)
    grid["study_week"] = np.tile(np.arange(1, STUDY_WEEKS + 1), len(subs))
    have = table.set_index(["protocol_subscription_id", "study_week"]).index
    extra = grid[~grid.set_index(["protocol_subscription_id", "study_week"]).index.isin(have)]
    if extra.empty:
        return table, reasons
    extra = extra.assign(status="not_scheduled")
    table = pd.concat([table, extra], ignore_index=True)
    add = pd.DataFrame("not_scheduled", index=range(len(extra)), columns=reasons.columns)
    reasons = pd.concat([reasons, add], ignore_index=True)
    order = table.sort_values(["protocol_subscription_id", "study_week"], kind="stable").index
    return table.loc[order].reset_index(drop=True), reasons.loc[order].reset_index(drop=True)


def load_folder(folder: str | Path, *, keep_text: bool = False) -> dict[str, LoadedDiary]:
    """Every ``responses_dagboek_*.csv`` in a folder, by questionnaire key.

    Raises:
        DiaryError: When the folder holds no diary export (or one fails to load).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DiaryError(f"{folder}: not a folder; give the folder holding the exports")
    out: dict[str, LoadedDiary] = {}
    for f in sorted(folder.glob("responses_dagboek_*.csv")):
        d = load_export(f, keep_text=keep_text)
        if d.questionnaire.key in out:
            raise DiaryError(f"{folder}: two exports of {d.questionnaire.name}; keep one per diary")
        out[d.questionnaire.key] = d
    if not out:
        raise DiaryError(
            f"{folder}: no diary export found (responses_dagboek_studenten_<date>.csv, "
            "responses_dagboek_studenten_controle_<date>.csv, responses_dagboek_mentoren_"
            "<date>.csv)"
        )
    return out
