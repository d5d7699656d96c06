"""Diary summary statistics, computed the same way from real and simulated diaries.

Everything here starts from loaded diaries (:func:`vsvsim.diaries.load.load_export`, or
:func:`as_loaded` for simulated ones, which runs the same tidy code), so missingness,
hidden items and the platform's quirks are treated alike on both sides.

Groups follow the study: ``comparison`` (the control diary), ``stayers`` and ``dropouts``
among the at-risk students (the student diary). A dropout is a student whose coach
reported "is gestopt met de opleiding" (coach v2) in some week; the coach diary links to
the student through ``filled_out_for_id`` (export version 2018 or later). Periods are by
the month a diary opened: ``early`` December-February, ``late`` April-July (T2).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from vsvsim.diaries.items import ACTION_CATEGORIES, COACH, GOAL_OPTIONS, QUESTIONNAIRES
from vsvsim.diaries.load import LoadedDiary, tidy

__all__ = [
    "FIGURE_ITEMS",
    "as_loaded",
    "coach_shares",
    "intention_experience_corr",
    "student_groups",
    "summary_statistics",
    "weekly_means",
    "weekly_response_rates",
]

#: The study's figure items: commitment, time, confidence, wellbeing.
FIGURE_ITEMS = {
    "v10": "the programme fits me (commitment)",
    "v7": "hours on school (0-40)",
    "v11": "confidence to pass",
    "v25": "how did you feel (wellbeing)",
}
EARLY, LATE = (12, 1, 2), (4, 5, 6, 7)
GROUPS = ("comparison", "stayers", "dropouts")


def as_loaded(
    diaries, version: str = "current", keys: tuple[str, ...] | None = None
) -> dict[str, LoadedDiary]:
    """Simulated :class:`~vsvsim.diaries.simulate.Diaries` as loaded diaries, in memory.

    The records carry what the export would write (ids of the chosen version, content
    dicts) and go through :func:`vsvsim.diaries.load.tidy`, the loader's own code; the
    export-import round-trip test shows the CSV step changes nothing. ``keys`` limits
    the result to some questionnaires (``student_diary``, ``student_diary_control``,
    ``mentor_diary``).
    """
    ids = diaries.persons.set_index("person")[
        "hashed_id" if version != "current" else "external_id"
    ]
    out = {}
    for key, r in diaries.responses.items():
        if keys is not None and key not in keys:
            continue
        by, for_ = r["person"].map(ids), r["for_person"].map(ids)
        done = r["completed"].to_numpy()
        meta = pd.DataFrame(
            {
                "response_id": r["response_id"].astype(str),
                "person_id": by,
                "filled_out_by_id": by.where(done),
                "filled_out_for_id": for_.where(done),
                "protocol_subscription_id": r["protocol_subscription_id"].astype(str),
                "measurement_id": r["measurement_id"].astype(str),
                "invitation_set_id": r["invitation_set_id"].astype(str),
                "invited_state": r["invited_state"],
                "action_series": [int(any(k.startswith("v3_0") for k in c)) for c in r["content"]],
            }
        )
        for t in ("open_from", "opened_at", "completed_at", "created_at", "updated_at"):
            # Whole seconds, as the export writes them.
            meta[t] = r[t].dt.floor("s")
        records = meta.to_dict("records")
        for rec, c in zip(records, r["content"], strict=True):
            rec["content"] = c
            for t in ("opened_at", "completed_at"):
                if pd.isna(rec[t]):
                    rec[t] = None
        v = "2017" if version == "2017" else "2018"
        q = QUESTIONNAIRES[key]
        table, reasons = tidy(records, q, v)
        out[key] = LoadedDiary(q, v, table, reasons, {}, [])
    return out


def student_groups(loaded: dict[str, LoadedDiary]) -> dict[str, str]:
    """Person id -> ``comparison``, ``stayers`` or ``dropouts``."""
    groups: dict[str, str] = {}
    if "student_diary_control" in loaded:
        for p in loaded["student_diary_control"].table["person_id"].dropna().unique():
            groups[p] = "comparison"
    left: set[str] = set()
    if "mentor_diary" in loaded:
        t = loaded["mentor_diary"].table
        left = set(t.loc[t["v2_reason"] == "student_left", "filled_out_for_id"].dropna())
    if "student_diary" in loaded:
        for p in loaded["student_diary"].table["person_id"].dropna().unique():
            groups[p] = "dropouts" if p in left else "stayers"
    return groups


def _students(loaded: dict[str, LoadedDiary]) -> pd.DataFrame:
    frames = [loaded[k].table for k in ("student_diary", "student_diary_control") if k in loaded]
    if not frames:
        return pd.DataFrame(columns=["person_id", "status", "study_week", "open_from"])
    t = pd.concat(frames, ignore_index=True)
    t["group"] = t["person_id"].map(student_groups(loaded))
    return t


def weekly_means(loaded: dict[str, LoadedDiary], item: str) -> pd.DataFrame:
    """Mean, standard error and n of an item per study week and group (completed diaries)."""
    t = _students(loaded)
    t = t[t["status"] == "completed"]
    v = pd.to_numeric(t[item], errors="coerce")
    g = pd.DataFrame({"study_week": t["study_week"], "group": t["group"], "v": v}).dropna()
    out = g.groupby(["group", "study_week"])["v"].agg(["mean", "std", "count"]).reset_index()
    out["se"] = out["std"] / np.sqrt(out["count"].clip(lower=1))
    return out.drop(columns="std").rename(columns={"count": "n"})


def weekly_response_rates(loaded: dict[str, LoadedDiary]) -> pd.DataFrame:
    """Share of scheduled diaries completed, per study week, for each diary group."""
    rows = []
    names = {
        "student_diary": "at_risk",
        "student_diary_control": "comparison",
        "mentor_diary": "coach",
    }
    for key, name in names.items():
        if key not in loaded:
            continue
        t = loaded[key].table
        t = t[t["status"] != "not_scheduled"]
        r = (t["status"] == "completed").groupby(t["study_week"]).agg(["mean", "count"])
        rows.append(r.reset_index().assign(group=name))
    if not rows:
        return pd.DataFrame(columns=["study_week", "mean", "count", "group"])
    return pd.concat(rows, ignore_index=True)


def coach_shares(loaded: dict[str, LoadedDiary]) -> pd.DataFrame:
    """Share of coach action series with each category and each goal ticked."""
    if "mentor_diary" not in loaded:
        return pd.DataFrame(columns=["kind", "option", "share", "n"])
    t = loaded["mentor_diary"].table
    acted = t[(t["status"] == "completed") & (t["v1"] == "Ja")]
    rows = []
    for kind, item, options in (
        ("action", "v3_0_2", ACTION_CATEGORIES),
        ("goal", "v3_0_3", GOAL_OPTIONS),
    ):
        keys = COACH.item(item).option_keys()
        for title in options:
            col = acted[keys[title]].astype("boolean")
            rows.append(
                {"kind": kind, "option": title, "share": float(col.mean()) if len(col) else np.nan,
                 "n": len(col)}
            )  # fmt: skip
    return pd.DataFrame(rows)


def _mean(s: pd.Series) -> float:
    v = pd.to_numeric(s, errors="coerce").dropna()
    return float(v.mean()) if len(v) else np.nan


def summary_statistics(loaded: dict[str, LoadedDiary]) -> dict[str, float]:
    """The diary statistics used as calibration targets (names are stable keys).

    Response rates by diary group and their late decline, the share of weeks the student
    spoke to the coach and the coach acted, the coach's minutes in an action week, the
    relationship-goal share (T12), the figure items by group and period (T2), the link
    between the coach's intended and the student's experienced support (T7), and the link
    between responding and commitment (informative missingness).
    """
    out: dict[str, float] = {}
    rates = weekly_response_rates(loaded)
    for g in ("comparison", "at_risk", "coach"):
        r = rates[rates["group"] == g]
        if len(r):
            n = r["count"].to_numpy()
            m = r["mean"].to_numpy()
            w = r["study_week"].to_numpy()
            out[f"response_rate_{g}"] = float((m * n).sum() / n.sum())
            early, late = w < 25, w >= 25
            out[f"response_drop_{g}"] = float(
                (m[early] * n[early]).sum() / max(n[early].sum(), 1)
                - (m[late] * n[late]).sum() / max(n[late].sum(), 1)
            )
    if "student_diary" in loaded:
        t = loaded["student_diary"].table
        done = t[t["status"] == "completed"]
        out["spoke_to_coach_share"] = float((done["v18"] == "Ja").mean()) if len(done) else np.nan
        out["experienced_support"] = _mean(done[["v22", "v23", "v24"]].mean(axis=1))
        # Informative missingness: more committed students respond more often.
        per = t[t["status"] != "not_scheduled"].groupby("person_id")
        rate = per["status"].apply(lambda s: (s == "completed").mean())
        fit = done.groupby("person_id")["v10"].mean().astype(float)
        both = pd.concat([rate, fit], axis=1, keys=["rate", "v10"]).dropna()
        out["response_commitment_corr"] = (
            float(both["rate"].corr(both["v10"])) if len(both) > 2 else np.nan
        )
    if "mentor_diary" in loaded:
        t = loaded["mentor_diary"].table
        done = t[t["status"] == "completed"]
        acted = done[done["v1"] == "Ja"]
        out["coach_acted_share"] = float((done["v1"] == "Ja").mean()) if len(done) else np.nan
        out["coach_minutes_action_week"] = _mean(acted["v4_minutes"])
        out["coach_intended_support"] = _mean(acted[["v6", "v7", "v8"]].mean(axis=1))
        shares = coach_shares(loaded).set_index("option")["share"]
        out["relationship_goal_share"] = float(shares.iloc[len(ACTION_CATEGORIES)])
        out["confronting_share"] = float(shares.get("Confronteren", np.nan))
    out["intention_experience_corr"] = intention_experience_corr(loaded)
    st = _students(loaded)
    if len(st):
        st = st[st["status"] == "completed"]
        month = st["open_from"].dt.month
        for item in FIGURE_ITEMS:
            for period, months in (("early", EARLY), ("late", LATE)):
                sel = st[month.isin(months)]
                for g in GROUPS:
                    out[f"{item}_{g}_{period}"] = _mean(sel.loc[sel["group"] == g, item])
    return out


def intention_experience_corr(loaded: dict[str, LoadedDiary]) -> float:
    """Correlation of intended (coach v6-v8) and experienced (student v22-v24) support.

    T7: the coach's intention is not systematically related to what the student
    experiences in the same week. Pairs a coach diary with its student's diary by
    ``filled_out_for_id`` and study week; NaN when the export cannot link them (version
    2017) or fewer than 10 pairs remain.
    """
    if "mentor_diary" not in loaded or "student_diary" not in loaded:
        return np.nan
    c = loaded["mentor_diary"].table
    s = loaded["student_diary"].table
    c = c[(c["status"] == "completed") & (c["v1"] == "Ja")]
    s = s[(s["status"] == "completed") & (s["v18"] == "Ja")]
    intended = c[["v6", "v7", "v8"]].astype(float).mean(axis=1).rename("intended")
    felt = s[["v22", "v23", "v24"]].astype(float).mean(axis=1).rename("felt")
    left = pd.concat([c[["filled_out_for_id", "study_week"]], intended], axis=1)
    right = pd.concat([s[["person_id", "study_week"]], felt], axis=1)
    both = left.merge(
        right, left_on=["filled_out_for_id", "study_week"], right_on=["person_id", "study_week"]
    ).dropna(subset=["intended", "felt"])
    if len(both) < 10:
        return np.nan
    return float(both["intended"].corr(both["felt"]))


def statistic_table(stats: dict[str, Any]) -> pd.DataFrame:
    """A statistics dict as a two-column table."""
    return pd.DataFrame({"statistic": list(stats), "value": list(stats.values())})
