"""Simulated diaries: a run's weekly table turned into the platform's diary responses.

The schedule follows the platform's protocols (diary-format.md section 5): every
participant gets 35 weekly diaries, opening on Thursday 12:00 (Amsterdam time) for 30
hours, one reminder 8 hours after opening. All rows are created up front, so unanswered
and stopped ones stay in the export. Participants:

- at-risk students: students who entered preventive coaching, with the student diary
  (``dagboek studenten``);
- their coaches: one coach diary (``dagboek mentoren``) per coach-student pair;
- comparison students (levels 3-4, as the study's comparison group and targets T1-T2),
  with the control diary (``dagboek studenten controle``).

Who answers is the response model (:mod:`vsvsim.diaries.response`); what they answer is
the item mapping (:mod:`vsvsim.diaries.items`) plus noise, on the platform's integer
scales, with hidden items absent and (``platform = "2017"``) untouched sliders stored as
their midpoint. Each response is a metadata row plus a ``content`` dict of stored keys
and string values, exactly what the platform stores; :mod:`vsvsim.diaries.export` writes
it and :func:`vsvsim.diaries.load.tidy` turns it into the analysis table, for simulated
and real diaries alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from vsvsim.core.calendar import HOLIDAYS
from vsvsim.diaries.items import (
    ACTION_CATEGORIES,
    COACH,
    CONTROL,
    GOAL_OPTIONS,
    NO_ACTION_REASONS,
    STUDENT,
    Questionnaire,
)
from vsvsim.diaries.response import completion_chance, diary_params

__all__ = [
    "STUDY_WEEKS",
    "Diaries",
    "bubblebabble",
    "school_year_monday",
    "simulate_diaries",
]

STUDY_WEEKS = 35
OPEN_HOURS = 30
REMINDER_HOURS = 8
#: Measurement ids of the three diaries (internal database ids; any fixed numbers do).
MEASUREMENT_IDS = {"student_diary": 2, "student_diary_control": 12, "mentor_diary": 7}
_HOLIDAY_WEEKS = {w for weeks in HOLIDAYS.values() for w in weeks}
_LEFT = ("switcher", "school_leaver")
_ID_ALPHABET = np.array(list("abcdefghijklmnopqrstuvwxyz0123456789"))


def school_year_monday(start_year: int, week: int) -> dt.date:
    """Monday of run week ``week`` (week 0 is the Monday of ISO week 35 of ``start_year``)."""
    return dt.date.fromisocalendar(start_year, 35, 1) + dt.timedelta(weeks=int(week))


def bubblebabble(data: bytes) -> str:
    """Ruby's ``Digest.bubblebabble`` of ``data`` (the 2017-18 person-id encoding)."""
    vowels, cons = "aeiouy", "bcdfghklmnprstvzx"
    out, seed = ["x"], 1
    rounds = len(data) // 2 + 1
    for i in range(rounds):
        if i + 1 < rounds or len(data) % 2:
            b1 = data[2 * i]
            out += [vowels[(((b1 >> 6) & 3) + seed) % 6], cons[(b1 >> 2) & 15]]
            out.append(vowels[((b1 & 3) + seed // 6) % 6])
            if i + 1 < rounds:
                b2 = data[2 * i + 1]
                out += [cons[(b2 >> 4) & 15], "-", cons[b2 & 15]]
                seed = (seed * 5 + b1 * 7 + b2) % 36
        else:
            out += [vowels[seed % 6], cons[16], vowels[seed // 6]]
    out.append("x")
    return "".join(out)


def hashed_person_id(person: int, salt: str) -> str:
    """The 2017-18 export's person id: bubblebabble(MD5(id + salt)), first 5 groups."""
    digest = hashlib.md5(f"{person}{salt}".encode()).digest()
    return "-".join(bubblebabble(digest).split("-")[:5])


@dataclass
class Diaries:
    """Simulated (or loaded) diary responses.

    Attributes:
        responses: Per questionnaire key, one row per scheduled response: metadata
            (``response_id``, ``person``, ``for_person``, ``protocol_subscription_id``,
            ``measurement_id``, ``invitation_set_id``, ``open_from``, ``opened_at``,
            ``completed_at``, ``created_at``, ``updated_at``, ``invited_state``), the
            study week, internal ids (``student_id``, ``coach_id``) and ``content`` (dict
            of stored key -> string, empty when not completed).
        persons: One row per respondent: internal ``person`` index, ``external_id`` (the
            4-character identifier), ``hashed_id`` (the 2017-18 hash), ``role``,
            ``student_id`` (students) or ``coach_id`` (coaches): the map back to the
            students table.
        params: The diary parameters used.
        start_year: Calendar year the run's first school year starts in.
        study_start: Run week of the first diary week.
    """

    responses: dict[str, pd.DataFrame]
    persons: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)
    start_year: int = 2025
    study_start: int = 0

    def export_date(self) -> dt.date:
        """The day after the last diary closed: the export's date (reproducible)."""
        last = max(r["open_from"].max() for r in self.responses.values() if len(r))
        return (last + dt.timedelta(hours=OPEN_HOURS)).date() + dt.timedelta(days=1)


def _first_action(weekly: pd.DataFrame) -> pd.Series:
    act = weekly[weekly["coach_action"].astype(str) != "none"]
    return act.groupby("student_id")["week"].min()


def _participants(
    weekly: pd.DataFrame, students: pd.DataFrame, study_start: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """At-risk participants (with their start week and coach) and comparison participants."""
    first = _first_action(weekly)
    st = students.set_index("student_id")
    coached = st[(st["entered_coaching"].astype(str) == "preventive") & st["coach_id"].notna()]
    start = first.reindex(coached.index).fillna(study_start).astype(int)
    # The study enrolled the intake cohort at its start; later entrants from their first
    # coaching week (8 weeks covers waiting and matching after the intake moment).
    start = start.where(start > study_start + 8, study_start).clip(lower=study_start)
    at_risk = pd.DataFrame(
        {"student_id": coached.index, "start": start.to_numpy(), "coach_id": coached["coach_id"]}
    )
    at_week = weekly[weekly["week"] == study_start].set_index("student_id")["enrolled"]
    comp = st[(st["group"].astype(str) == "comparison") & (st["mbo_level"] >= 3)]
    comp = comp[at_week.reindex(comp.index).fillna(False).astype(bool)]
    comparison = pd.DataFrame({"student_id": comp.index, "start": study_start})
    return at_risk.reset_index(drop=True), comparison.reset_index(drop=True)


def _schedule(people: pd.DataFrame, weekly: pd.DataFrame) -> pd.DataFrame:
    """One row per participant per study week, joined with that week's weekly row."""
    k = np.arange(1, STUDY_WEEKS + 1)
    rows = people.loc[people.index.repeat(STUDY_WEEKS)].reset_index(drop=True)
    rows["study_week"] = np.tile(k, len(people))
    rows["week"] = rows["start"] + rows["study_week"] - 1
    w = weekly.drop(columns=[c for c in ("coach_id",) if c in weekly.columns])
    return rows.merge(w, on=["student_id", "week"], how="left")


def _slider(rng, n, x, bias, p, high=100) -> np.ndarray:
    """Integer slider answers on 0-``high`` from a 0-1 state with noise and person bias."""
    scale = high / 100.0
    noisy = 100.0 * np.asarray(x, dtype=float) + bias + rng.normal(0, p["noise_sd"], n)
    return np.clip(np.rint(noisy * scale), 0, high).astype(int)


def _times(rng, open_from: pd.Series, done: np.ndarray, opened: np.ndarray, p) -> dict:
    """opened_at / completed_at within the 30-hour window; before or after the reminder."""
    n = len(open_from)
    after = rng.random(n) < p["reminder_share"]
    hours = np.where(
        after,
        REMINDER_HOURS + rng.random(n) * (OPEN_HOURS - REMINDER_HOURS - 0.1),
        rng.random(n) * (REMINDER_HOURS - 0.1) + 0.02,
    )
    completed = open_from + pd.to_timedelta(np.rint(hours * 3600), unit="s")
    dwell = pd.to_timedelta(np.rint(60 + rng.random(n) * 540), unit="s")
    opened_at = (completed - dwell).where(done | opened)
    completed = completed.where(done)
    return {
        "opened_at": opened_at,
        "completed_at": completed,
        "after_reminder": after,
    }


def _pseudonyms(n: int, rng: np.random.Generator, salt: str) -> tuple[list[str], list[str]]:
    """Unique random 4-character identifiers and 2017-18 hashes for ``n`` people."""
    ids: list[str] = []
    seen: set[str] = set()
    while len(ids) < n:
        cand = "".join(rng.choice(_ID_ALPHABET, 4))
        if cand not in seen:
            seen.add(cand)
            ids.append(cand)
    return ids, [hashed_person_id(i, salt) for i in range(n)]


def _student_content(q: Questionnaire, s: pd.DataFrame, bias: np.ndarray, p, rng) -> list[dict]:
    """Stored keys and values of the completed student (or control) diaries in ``s``."""
    n = len(s)
    # The weekly table counts a holiday week as attended (nothing was missed); the diary
    # asks whether the student went to school or internship, which in a holiday is Nee.
    attended = s["attended"].fillna(False).to_numpy(bool) & ~s["holiday"].to_numpy(bool)
    ti = s["time_investment"].to_numpy(float)
    x = {
        "v2": s["event_school"],
        "v3": s["need_school"],
        "v4": s["need_school"],
        "v5": s["need_school"],
        "v6": s["need_school"] - 0.5 * (s["teacher_control"] - 0.1),
        "v8": s["time_investment"],
        "v9": s["commitment"],
        "v10": s["commitment"],
        "v11": s["confidence"],
        "v12": s["event_outside"],
        "v14": s["need_outside"],
        "v15": s["need_outside"],
        "v16": s["need_outside"],
        "v17": s["need_outside"] - 0.3 * (s["stress"] - 0.3),
        "v19": s["bond"],
        "v20": s["openness"],
        "v21": (s["experienced_support"] + s["bond"]) / 2,
        "v22": s["experienced_support"],
        "v23": s["experienced_support"],
        "v24": s["experienced_support"],
        "v25": s["wellbeing"],
    }
    values = {k: _slider(rng, n, v.to_numpy(float), bias, p) for k, v in x.items()}
    hours = 100.0 * ti * np.where(attended, 1.0, p["absent_hours_share"])
    values["v7"] = _slider(rng, n, hours / 100.0, bias, p, high=40)
    untouched = {k: rng.random(n) < p["untouched_share"] for k in values}
    spoke = ~s["coach_action"].astype(str).isin(["none", "nan"]).to_numpy()
    salience = np.abs(s["event_outside"].to_numpy(float) - 0.5) * 2.0
    v13 = q.item("v13")
    tick_p = p["event_tick_rate"] * (0.5 + salience)
    ticks = {opt: rng.random(n) < tick_p for opt in v13.options}
    ticks["thuis"] |= s["life_event"].fillna(False).to_numpy(bool)
    keys13 = v13.option_keys()
    has_coach = any(it.id == "v18" for it in q.items)
    out = []
    for i in range(n):
        c: dict[str, str] = {"v1": "Ja" if attended[i] else "Nee"}
        for it in q.items:
            if it.kind != "range":
                continue
            if it.shown_if == ("v1", "Ja") and not attended[i]:
                continue
            if it.shown_if == ("v18", "Ja") and not spoke[i]:
                continue
            if untouched[it.id][i]:
                if p["platform"] == "2017":
                    c[it.id] = str(it.midpoint)
                continue
            c[it.id] = str(values[it.id][i])
        for opt, key in keys13.items():
            if opt in ticks and ticks[opt][i]:
                c[key] = "true"
        if has_coach:
            c["v18"] = "Ja" if spoke[i] else "Nee"
        out.append(c)
    return out


def _second_labels(s: pd.DataFrame, column: str) -> np.ndarray:
    """A second-label column as names ("none" where absent, or for tables without it)."""
    if column not in s:
        return np.full(len(s), "none", dtype=object)
    return s[column].astype(str).replace("nan", "none").to_numpy()


def _coach_content(s: pd.DataFrame, bias: np.ndarray, p, rng) -> tuple[list[dict], np.ndarray]:
    """Stored coach-diary content; also which rows stop the subscription (v18 = Ja)."""
    n = len(s)
    action = s["coach_action"].astype(str).to_numpy()
    goal = s["coach_goal"].astype(str).to_numpy()
    acted = (action != "none") & (action != "nan")
    # A run with coaching intensity "need" labels some actions with a second type and goal
    # (coach_action2, coach_goal2): then those tick the second options; otherwise (older
    # tables, intensity "fixed") the second ticks are drawn at extra_*_share as before.
    action2, goal2 = _second_labels(s, "coach_action2"), _second_labels(s, "coach_goal2")
    model_labels = bool(((action2 != "none") | (goal2 != "none")).any())
    left = s["status"].astype(str).isin(_LEFT).to_numpy()
    support = s["intended_support"].to_numpy(float)
    sliders = {
        "v3_0_4": support,
        "v3_0_5": 0.4 + 0.6 * s["bond"].to_numpy(float),
        "v5": np.full(n, 0.5),
        "v6": support,
        "v7": support,
        "v8": support,
    }
    values = {k: _slider(rng, n, v, bias, p) for k, v in sliders.items()}
    untouched = {k: rng.random(n) < p["untouched_share"] for k in values}
    minutes = np.rint(s["coach_minutes"].fillna(0).to_numpy(float) / 15.0) * 15
    minutes = np.minimum(minutes, 10 * 60 + 45)
    cat_keys = COACH.item("v3_0_2").option_keys()
    goal_keys = COACH.item("v3_0_3").option_keys()
    by_action: dict[str, list[str]] = {}
    for title, name in ACTION_CATEGORIES.items():
        by_action.setdefault(name, []).append(title)
    goal_title = {name: title for title, name in GOAL_OPTIONS.items() if name}
    cat_titles = list(ACTION_CATEGORIES)
    goal_titles = list(GOAL_OPTIONS)
    u = rng.random((n, 6))
    out, stops = [], np.zeros(n, bool)
    for i in range(n):
        c: dict[str, str] = {}
        if not acted[i]:
            c["v1"] = "Nee"
            if left[i]:
                c["v2"] = NO_ACTION_REASONS["student_left"]
                c["v16"] = ""
                switcher = str(s["outcome"].iat[i]) == "switcher"
                c["v17"] = (
                    "Een andere opleiding volgen"
                    if switcher
                    else ("Werken" if u[i, 0] < 0.5 else "Weet ik niet")
                )
                c["v18"] = "Ja"
                stops[i] = True
            else:
                c["v2"] = NO_ACTION_REASONS["no_contact"]
            if p["platform"] == "2017":
                # Until 2018-10-04 hidden <select>s were posted: v4 as its first option.
                c["v4_uren"] = c["v4_minuten"] = "0"
            out.append(c)
            continue
        c["v1"] = "Ja"
        options = by_action[action[i]]
        primary = options[int(u[i, 1] * len(options))]
        c["v3_0_1"] = primary
        c[cat_keys[primary]] = "true"
        if model_labels:
            if action2[i] != "none":
                options2 = [t for t in by_action[action2[i]] if t != primary]
                c[cat_keys[options2[int(u[i, 3] * len(options2))]]] = "true"
        elif u[i, 2] < p["extra_category_share"]:
            rest = [t for t in cat_titles if t != primary]
            c[cat_keys[rest[int(u[i, 3] * len(rest))]]] = "true"
        g = goal_title[goal[i]]
        c[goal_keys[g]] = "true"
        if model_labels:
            if goal2[i] != "none":
                c[goal_keys[goal_title[goal2[i]]]] = "true"
        elif u[i, 4] < p["extra_goal_share"]:
            rel = goal_titles[0]
            if u[i, 5] < p["extra_relationship_share"] and g != rel:
                second = rel
            else:
                rest = [t for t in goal_titles if t != g]
                second = rest[int(u[i, 5] * len(rest)) % len(rest)]
            c[goal_keys[second]] = "true"
        na = u[i, 0] < p["not_applicable_share"]
        for key in ("v3_0_4", "v3_0_5", "v5", "v6", "v7", "v8"):
            if key == "v3_0_5" and na:
                c["v3_0_51_niet_van_toepassing"] = "true"
                continue
            if untouched[key][i]:
                if p["platform"] == "2017":
                    c[key] = "50"
                continue
            c[key] = str(values[key][i])
        c["v4_uren"] = str(int(minutes[i] // 60))
        c["v4_minuten"] = str(int(minutes[i] % 60))
        c["v9"] = "Nee"
        out.append(c)
    return out, stops


def simulate_diaries(
    weekly: pd.DataFrame,
    students: pd.DataFrame,
    *,
    seed: int = 0,
    start_year: int = 2025,
    study_start: int | None = None,
    params: dict[str, Any] | None = None,
) -> Diaries:
    """Diary responses of a run's students and coaches.

    Args:
        weekly: The run's weekly table (``vsvsim.run(..., trajectories=True).weekly`` or
            ``weekly.parquet``).
        students: The run's students table.
        seed: Seed of the diary draws (who responds, noise, ids); same seed, same diaries.
        start_year: Calendar year the run's first school year starts in (dates).
        study_start: Run week of the first diary week; default the scenario's first week
            of project coaching (the intake week), else week 0.
        params: Diary parameter overrides (:data:`~vsvsim.diaries.response.DIARY_PARAMETERS`).

    Returns:
        The :class:`Diaries`.
    """
    p = diary_params(params)
    rng = np.random.default_rng([int(seed), 15])
    if study_start is None:
        first = _first_action(weekly)
        study_start = int(first.min()) if len(first) else 0
    at_risk, comparison = _participants(weekly, students, study_start)
    if at_risk.empty:
        raise ValueError(
            "the run has no students in preventive coaching, so there is no one to fill in "
            "the student and coach diaries; run a scenario with preventive coaching, e.g. "
            "`vsvsim run process_study --trajectories`"
        )
    n_people = len(at_risk) + len(comparison)
    coaches = sorted(int(c) for c in at_risk["coach_id"].dropna().unique())
    external, hashed = _pseudonyms(n_people + len(coaches), rng, salt=f"vsvsim{seed}")
    persons = pd.DataFrame(
        {
            "person": np.arange(n_people + len(coaches)),
            "external_id": external,
            "hashed_id": hashed,
            "role": ["student"] * n_people + ["coach"] * len(coaches),
            "group": ["at_risk"] * len(at_risk) + ["comparison"] * len(comparison)
            + ["coach"] * len(coaches),
            "student_id": pd.array(
                [*at_risk["student_id"], *comparison["student_id"]] + [None] * len(coaches),
                dtype="Int32",
            ),
            "coach_id": pd.array([None] * n_people + coaches, dtype="Int32"),
        }
    )  # fmt: skip
    student_person = dict(
        zip(persons["student_id"][:n_people], persons["person"][:n_people], strict=True)
    )
    coach_person = {c: n_people + k for k, c in enumerate(coaches)}

    frames = {
        "student_diary": _schedule(at_risk.assign(group="at_risk"), weekly),
        "student_diary_control": _schedule(comparison.assign(group="comparison"), weekly),
        "mentor_diary": _schedule(at_risk.assign(group="coach"), weekly),
    }
    frames["mentor_diary"]["outcome"] = (
        frames["mentor_diary"]["student_id"]
        .map(students.set_index("student_id")["outcome"].astype(str))
        .to_numpy()
    )
    sub_id = 0
    response_id = 0
    invitation = 0
    out: dict[str, pd.DataFrame] = {}
    for key, s in frames.items():
        q = {"student_diary": STUDENT, "student_diary_control": CONTROL}.get(key, COACH)
        s = s.sort_values(["student_id", "study_week"], kind="stable").reset_index(drop=True)
        s["person"] = s["student_id"].map(student_person).astype(int)
        s["for_person"] = s["person"]
        if key == "mentor_diary":
            s["person"] = s["coach_id"].astype(int).map(coach_person)
        n = len(s)
        monday = [school_year_monday(start_year, w) for w in s["week"]]
        open_from = pd.to_datetime(
            pd.Series([dt.datetime.combine(d + dt.timedelta(days=3), dt.time(12)) for d in monday])
        )
        iso = np.array([d.isocalendar().week for d in monday])
        s["holiday"] = np.isin(iso, list(_HOLIDAY_WEEKS))
        enrolled = s["enrolled"].fillna(False).to_numpy(bool)
        observed = s["status"].notna().to_numpy()  # False: a week beyond the run
        chance = completion_chance(
            group=s["group"].to_numpy(),
            person=s["person"].to_numpy(),
            study_week=s["study_week"].to_numpy(),
            holiday=s["holiday"].to_numpy(),
            engagement=s["commitment"].fillna(s["commitment"].mean()).to_numpy(float),
            enrolled=enrolled,
            params=p,
            rng=rng,
        )
        done = (rng.random(n) < chance) & observed
        opened = ~done & (rng.random(n) < p["opened_share"]) & observed
        times = _times(rng, open_from, done, opened, p)
        bias = rng.normal(0, p["person_bias_sd"], int(s["person"].max()) + 1 if n else 0)
        content: list[dict] = [{} for _ in range(n)]
        idx = np.flatnonzero(done)
        if key == "mentor_diary":
            filled, stops = _coach_content(s.iloc[idx], bias[s["person"].to_numpy()[idx]], p, rng)
            # v18 = Ja stops the subscription: the pair's later rows stay unanswered.
            stopped_after = (
                pd.Series(s["study_week"].to_numpy()[idx][stops])
                .groupby(s["student_id"].to_numpy()[idx][stops])
                .min()
            )
            limit = s["student_id"].map(stopped_after).fillna(STUDY_WEEKS + 1).to_numpy()
        else:
            filled = _student_content(q, s.iloc[idx], bias[s["person"].to_numpy()[idx]], p, rng)
            limit = np.full(n, STUDY_WEEKS + 1)
        for i, c in zip(idx, filled, strict=True):
            content[i] = c
        cancelled = s["study_week"].to_numpy() > limit
        for i in np.flatnonzero(cancelled):
            content[i] = {}
        done &= ~cancelled
        times["opened_at"] = times["opened_at"].where(~cancelled)
        times["completed_at"] = times["completed_at"].where(done)
        # Subscriptions: one per person and protocol (coach: per coach-student pair).
        pair = s["student_id"].to_numpy()
        first_row = np.r_[True, pair[1:] != pair[:-1]] if n else np.zeros(0, bool)
        subs = sub_id + np.cumsum(first_row)
        sub_id = int(subs[-1]) if n else sub_id
        created = pd.to_datetime(
            pd.Series(
                [
                    dt.datetime.combine(school_year_monday(start_year, w), dt.time(9))
                    for w in s["start"]
                ]
            )
        ) + pd.to_timedelta(subs, unit="s")
        if key == "mentor_diary":
            # A coach gets one bundled invitation per week for all its students.
            inv_key = s["person"].astype(str) + "-" + s["study_week"].astype(str)
            codes = pd.factorize(inv_key)[0]
        else:
            codes = np.arange(n)
        inv = invitation + 1 + codes
        invitation = int(inv.max()) if n else invitation
        meta = pd.DataFrame(
            {
                "response_id": response_id + 1 + np.arange(n),
                "person": s["person"].to_numpy(),
                "for_person": s["for_person"].to_numpy(),
                "protocol_subscription_id": subs,
                "measurement_id": MEASUREMENT_IDS[key],
                "invitation_set_id": inv,
                "open_from": open_from,
                "opened_at": times["opened_at"],
                "completed_at": times["completed_at"],
                "created_at": created,
                "invited_state": np.where(
                    done & ~times["after_reminder"] | ~observed, "sent", "reminder_sent"
                ),
                "study_week": s["study_week"].to_numpy(),
                "week": s["week"].to_numpy(),
                "student_id": s["student_id"].to_numpy(),
                "coach_id": pd.array(s["coach_id"] if "coach_id" in s else [None] * n,
                                     dtype="Int32"),
                "group": s["group"].to_numpy(),
                "completed": done,
                "content": content,
            }
        )  # fmt: skip
        meta.loc[~observed, "invited_state"] = "not_sent"
        meta["updated_at"] = (
            meta["completed_at"].fillna(meta["opened_at"]).fillna(meta["created_at"])
        )
        response_id += n
        out[key] = meta.sort_values(["open_from", "response_id"], kind="stable").reset_index(
            drop=True
        )
    return Diaries(
        responses=out, persons=persons, params=p, start_year=start_year, study_start=study_start
    )
