"""The story page (trainers): one student week by week, the loop that drives them, what if.

A story cohort is one school year of one scenario with weekly rows for every student
(:func:`vsvsim.app.engine.story_run`, about half a second for 1,000 students). The what-if
replay reruns the same scenario with the same seed and one change: the same cohort on
the same random draws, so the student's two paths differ only through the change.
"""

from __future__ import annotations

import time
from html import escape

import matplotlib

matplotlib.use("Agg")
import pandas as pd
import solara
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from vsvsim.app import engine, i18n
from vsvsim.app.engine import InputProblem
from vsvsim.app.state import Session
from vsvsim.app.widgets import Choice, Help, Problem
from vsvsim.scenario import ScenarioError

__all__ = ["StoryPage", "loop_figure", "narrate", "outcome_text", "path_figure", "use_story"]

LINE_COLOURS = {
    "commitment": "#c0392b",
    "time_investment": "#2e86c1",
    "confidence": "#8e44ad",
    "wellbeing": "#28b463",
    "need_school": "#e67e22",
    "need_outside": "#7f8c8d",
    "need_coach": "#16a085",
}
PLAY_SECONDS = 0.6


def _f(x: float, lang: str) -> str:
    return i18n.fmt_number(float(x), lang, 2)


def narrate(rows: pd.DataFrame, week: int, lang: str) -> list[str]:
    """One sentence per event and coach action of ``week`` (rows indexed by week)."""
    row = rows.loc[week]
    prev = rows.loc[week - 1] if week - 1 in rows.index else None
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    out = []
    if row["status"] != "enrolled":
        if prev is not None and prev["status"] == "enrolled":
            out.append(t(f"n_left_{row['status']}"))
        else:
            out.append(t("n_out", status=i18n.pair(i18n.STATUSES, row["status"], lang)))
        return out
    out.append(t("n_attended" if bool(row["attended"]) else "n_absent"))
    if row["event_school"] > 0.65:
        out.append(t("n_school_good"))
    elif row["event_school"] < 0.35:
        out.append(t("n_school_bad"))
    if row["event_outside"] > 0.65:
        out.append(t("n_outside_good"))
    elif row["event_outside"] < 0.35:
        out.append(t("n_outside_bad"))
    if row["stress"] > 0.45:
        out.append(t("n_stress"))
    if row["teacher_control"] > 0.2:
        out.append(t("n_control"))
    if bool(row["life_event"]):
        out.append(t("n_life_event"))
    if row["coach_minutes"] > 0 and row["coach_action"] in i18n.ACTIONS:
        goal = (
            i18n.pair(i18n.GOALS, row["coach_goal"], lang)
            if row["coach_goal"] in i18n.GOALS
            else "-"
        )
        out.append(
            t(
                "n_coach",
                minutes=i18n.fmt_number(row["coach_minutes"], lang),
                action=i18n.pair(i18n.ACTIONS, row["coach_action"], lang),
                goal=goal,
            )
        )
    out.append(
        t(
            "n_state",
            **{
                k: _f(row[k], lang)
                for k in ("commitment", "time_investment", "confidence", "wellbeing")
            },
        )
    )
    return out


def outcome_text(rows: pd.DataFrame, lang: str) -> str:
    """How the year ended for the student, in one phrase."""
    left = rows.index[rows["status"] != "enrolled"]
    coached = int((rows["coach_action"] != "none").sum())  # project coach, not the mentor
    if len(left) == 0:
        text = i18n.t("o_stayed", lang)
    else:
        week = int(left[0])
        status = rows.loc[week, "status"]
        if status == "diploma":
            text = i18n.t("o_diploma", lang, week=week + 1)
        else:
            text = i18n.t(
                "o_left",
                lang,
                status=i18n.pair(i18n.STATUSES, status, lang),
                week=week + 1,
                month=i18n.month(rows.loc[week, "month"], lang),
            )
    text += i18n.t("o_coached", lang, weeks=coached) if coached else i18n.t("o_uncoached", lang)
    return text


def path_figure(
    rows: pd.DataFrame, other: pd.DataFrame | None, week: int, lang: str, who: str
) -> Figure:
    """The student's state as lines over the weeks; the what-if path dashed."""
    fig = Figure(figsize=(9, 4.4))
    ax = fig.subplots()
    weeks = rows.index.to_numpy() + 1
    for col, colour in LINE_COLOURS.items():
        main = col in ("commitment", "time_investment", "confidence", "wellbeing")
        ax.plot(
            weeks,
            rows[col],
            color=colour,
            lw=2.2 if main else 1.0,
            alpha=1 if main else 0.7,
            label=i18n.pair(i18n.SERIES, col, lang),
        )
        if other is not None:
            ax.plot(weeks, other[col], color=colour, lw=1.6 if main else 0.8, ls="--", alpha=0.9)
    ax.axvline(week + 1, color="black", lw=1)
    left = rows.index[rows["status"] != "enrolled"]
    if len(left):
        ax.axvspan(int(left[0]) + 1, weeks[-1], color="#eeeeee", zorder=0)
    ax.set_ylim(0, 1)
    ax.set_xlim(1, weeks[-1])
    ax.set_xlabel(i18n.t("axis_week", lang))
    ax.set_ylabel(i18n.t("axis_score", lang))
    title = i18n.t("lines_title", lang, who=who)
    if other is not None:
        title += f"  (— {i18n.t('original', lang)}, - - {i18n.t('whatif', lang)})"
    ax.set_title(title, fontsize=10, loc="left")
    ax.legend(fontsize=7, loc="lower left", ncol=2)
    fig.tight_layout()
    return fig


#: Causal loop diagram: node -> (x, y, text key, weekly column shown).
_NODES = {
    "commitment": (0.0, 1.0, "cld_commitment", "commitment"),
    "time": (2.4, 1.0, "cld_time", "time_investment"),
    "confidence": (3.6, -0.4, "cld_confidence", "confidence"),
    "need_school": (0.0, -1.0, "cld_need_school", "need_school"),
    "control": (1.6, -1.6, "cld_control", "teacher_control"),
    "wellbeing": (-1.8, -0.2, "cld_wellbeing", "wellbeing"),
    "outside": (4.2, 1.9, "cld_outside", "stress"),
    "bond": (-1.6, 1.9, "cld_bond", "bond"),
}
#: Arrows: (from, to, sign, loop they belong to).
_EDGES = (
    ("commitment", "time", "+", "spiral"),
    ("time", "commitment", "+", "spiral"),
    ("time", "control", "−", "teacher_control"),
    ("control", "need_school", "−", "teacher_control"),
    ("need_school", "commitment", "+", "teacher_control"),
    ("time", "confidence", "+", "confidence"),
    ("confidence", "time", "+", "confidence"),
    ("outside", "time", "−", "outside"),
    ("outside", "wellbeing", "−", "outside"),
    ("need_school", "wellbeing", "+", "none"),
    ("bond", "commitment", "+", "coach"),
    ("bond", "wellbeing", "+", "coach"),
)


def loop_figure(rows: pd.DataFrame, week: int, lang: str) -> tuple[Figure, str]:
    """The causal loop diagram with this week's driving loop in red; returns (figure, loop)."""
    loop = engine.driving_loop(rows, week)
    active = {"spiral_down": "spiral", "spiral_up": "spiral"}.get(loop, loop)
    row = rows.loc[week]
    fig = Figure(figsize=(6.4, 4.4))
    ax = fig.subplots()
    ax.set_xlim(-2.9, 5.3)
    ax.set_ylim(-2.2, 2.5)
    ax.axis("off")
    for a, b, sign, name in _EDGES:
        (x1, y1), (x2, y2) = _NODES[a][:2], _NODES[b][:2]
        on = name == active
        arrow = FancyArrowPatch(
            (x1, y1),
            (x2, y2),
            connectionstyle="arc3,rad=0.25",
            arrowstyle="-|>",
            mutation_scale=14,
            color="#d32f2f" if on else "#9e9e9e",
            lw=2.6 if on else 1.1,
            shrinkA=26,
            shrinkB=26,
        )
        ax.add_patch(arrow)
        mx, my = (x1 + x2) / 2 + 0.25 * (y2 - y1) / 2, (y1 + y2) / 2 - 0.25 * (x2 - x1) / 2
        ax.text(
            mx,
            my,
            sign,
            fontsize=11,
            ha="center",
            va="center",
            color="#d32f2f" if on else "#616161",
        )
    for x, y, key, col in _NODES.values():
        ax.text(
            x,
            y,
            f"{i18n.t(key, lang)}\n{_f(row[col], lang)}",
            ha="center",
            va="center",
            fontsize=10,
            bbox={"boxstyle": "round,pad=0.4", "fc": "#fffbe6", "ec": "#bbbbbb"},
        )
    label = engine.LOOP_LABELS[loop][lang]
    ax.set_title(i18n.t("cld_title", lang, loop=label), fontsize=10, loc="left", wrap=True)
    fig.tight_layout()
    return fig, loop


def use_story(s: Session) -> tuple[engine.Story | None, dict[str, str], str | None]:
    """The session's story cohort (remembered per input), input problems, run problem."""
    problems: dict[str, str] = {}
    lang = s.lang.value
    values = {}
    for key, text, what, high in (
        ("students", s.story_students_text, "story_students", engine.MAX_STORY_STUDENTS),
        ("seed", s.story_seed_text, "seed_input", None),
    ):
        try:
            values[key] = engine.parse_whole(
                text.value,
                what,
                engine.MIN_STUDENTS if key == "students" else 0,
                5_000_000 if key == "students" else engine.MAX_SEED,
                high,
            )
        except InputProblem as err:
            problems[key] = err.message(lang)
    if problems:
        return None, problems, None
    try:
        story = engine.story_run(
            engine.base_scenario(s.story_scenario.value, s.uploads.value),
            values["students"],
            values["seed"],
        )
    except ScenarioError as err:
        return None, problems, i18n.t("err_model", lang, reason=str(err))
    return story, problems, None


@solara.component
def StoryPage(s: Session):
    """The story tab."""
    lang = s.lang.value
    story, problems, failure = use_story(s)
    picks = engine.pick_students(story, s.story_kind.value) if story is not None else []
    student = (
        s.story_student.value if s.story_student.value in picks else (picks[0] if picks else None)
    )
    total = 52

    def play():
        # Advance a week every PLAY_SECONDS while playing; a new call (pause) stops this one.
        while s.playing.value and task.is_current():
            time.sleep(PLAY_SECONDS)
            if not (s.playing.value and task.is_current()):
                return
            if s.week.value >= total - 1:
                s.playing.set(False)
                return
            s.week.set(s.week.value + 1)

    task = solara.lab.use_task(play, dependencies=[s.playing.value])

    solara.HTML(tag="p", unsafe_innerHTML=escape(i18n.t("story_intro", lang)))
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}):
        with solara.Card(style={"min-width": "260px", "max-width": "340px"}):

            def new_story(setter):
                def set_value(v):
                    setter(v)
                    s.whatif.set(None)

                return set_value

            Choice(
                i18n.t("story_scenario", lang),
                s.story_scenario.value,
                [(n, i18n.scenario_label(n, lang)) for n in engine.policy_scenarios()],
                new_story(s.story_scenario.set),
            )
            for key, text, what in (
                ("students", s.story_students_text, "story_students"),
                ("seed", s.story_seed_text, "seed_input"),
            ):
                with solara.Div(attributes={"data-input": f"story_{key}"}):
                    solara.InputText(
                        i18n.t(what, lang),
                        value=text.value,
                        on_value=new_story(text.set),
                        error=key in problems,
                    )
                    if key in problems:
                        Problem(problems[key])
            with solara.Div(attributes={"data-input": "story_kind"}):
                Choice(
                    i18n.t("story_filter", lang),
                    s.story_kind.value,
                    [(k, engine.STORY_LABELS[k][lang]) for k in engine.STORY_KINDS],
                    new_story(s.story_kind.set),
                )
            if story is not None and picks:
                Choice(
                    i18n.t("story_pick", lang),
                    student,
                    [(i, i18n.t("student_n", lang, id=i)) for i in picks],
                    new_story(s.story_student.set),
                    classes=["vsv-student"],
                )
            elif story is not None:
                Problem(i18n.t("story_none", lang), "note")
            if failure:
                Problem(failure)
        if story is None or student is None:
            return
        rows = story.result.weekly
        rows = rows[rows["student_id"] == student].set_index("week").sort_index()
        info = story.result.students.set_index("student_id").loc[student]
        other = None
        if s.whatif.value is not None:
            try:
                replay = engine.story_run(
                    story.scenario,
                    int(story.scenario.params["students"]),
                    story.seed,
                    s.whatif.value,
                )
                other = replay.result.weekly
                other = other[other["student_id"] == student].set_index("week").sort_index()
            except ScenarioError as err:
                Problem(i18n.t("err_model", lang, reason=str(err)))
        week = min(max(int(s.week.value), 0), total - 1)
        with solara.Card(style={"min-width": "520px", "flex": "1"}):
            desc = i18n.t(
                "student_desc",
                lang,
                id=student,
                level=int(info["mbo_level"]),
                colour=i18n.pair(i18n.COLOURS_RISK, info["risk_colour"], lang),
                outcome=outcome_text(rows, lang),
            )
            solara.HTML(
                tag="div", unsafe_innerHTML=f"<b>{escape(desc)}</b>", classes=["vsv-student-desc"]
            )
            with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
                solara.Button(
                    i18n.t("step_back", lang),
                    icon_name="mdi-step-backward",
                    outlined=True,
                    on_click=lambda: s.week.set(max(s.week.value - 1, 0)),
                    disabled=week == 0,
                )
                solara.Button(
                    i18n.t("step", lang),
                    icon_name="mdi-step-forward",
                    color="primary",
                    classes=["vsv-step"],
                    on_click=lambda: s.week.set(min(s.week.value + 1, total - 1)),
                    disabled=week >= total - 1,
                )
                if s.playing.value:
                    solara.Button(
                        i18n.t("pause", lang),
                        icon_name="mdi-pause",
                        outlined=True,
                        on_click=lambda: s.playing.set(False),
                    )
                else:
                    solara.Button(
                        i18n.t("play", lang),
                        icon_name="mdi-play",
                        outlined=True,
                        on_click=lambda: s.playing.set(True),
                    )
                month = i18n.month(rows.loc[week, "month"], lang)
                solara.HTML(
                    tag="span",
                    unsafe_innerHTML=escape(
                        i18n.t("week_of", lang, week=week + 1, total=total, month=month)
                    ),
                    classes=["vsv-week"],
                )
            solara.SliderInt(
                i18n.t("week", lang),
                value=week + 1,
                min=1,
                max=total,
                on_value=lambda v: s.week.set(int(v) - 1),
            )
            who = i18n.t("student_n", lang, id=student)
            solara.FigureMatplotlib(
                path_figure(rows, other, week, lang, who),
                dependencies=[story.seed, student, week, lang, str(s.whatif.value)],
                format="png",
            )
            with solara.Row(style={"flex-wrap": "wrap", "align-items": "flex-start"}):
                with solara.Column(style={"min-width": "260px", "flex": "1"}):
                    solara.HTML(tag="h4", unsafe_innerHTML=escape(i18n.t("this_week", lang)))
                    items = "".join(f"<li>{escape(x)}</li>" for x in narrate(rows, week, lang))
                    solara.HTML(tag="ul", unsafe_innerHTML=items, classes=["vsv-narration"])
                    solara.HTML(
                        tag="div",
                        unsafe_innerHTML=escape(
                            i18n.t("outcome_original", lang, text=outcome_text(rows, lang))
                        ),
                    )
                    if other is not None:
                        solara.HTML(
                            tag="div",
                            unsafe_innerHTML=escape(
                                i18n.t(
                                    "outcome_whatif",
                                    lang,
                                    change=_change_text(s, lang),
                                    text=outcome_text(other, lang),
                                )
                            ),
                            classes=["vsv-whatif-outcome"],
                        )
                with solara.Column(style={"min-width": "460px", "flex": "2"}):
                    fig, _ = loop_figure(rows, week, lang)
                    solara.FigureMatplotlib(
                        fig, dependencies=[story.seed, student, week, lang], format="png"
                    )
        with solara.Card(
            i18n.t("whatif_title", lang), style={"min-width": "260px", "max-width": "340px"}
        ):
            Help(i18n.t("whatif_help", lang))
            Choice(
                i18n.t("whatif_kind", lang),
                s.whatif_change.value,
                [(k, i18n.t(f"wi_{k}", lang)) for k in ("start", "nocoach", "mechanism")],
                s.whatif_change.set,
            )
            if s.whatif_change.value == "start":
                solara.Text(f"{i18n.t('wi_week', lang)}: {s.whatif_week.value}")
                solara.SliderInt(
                    "", value=s.whatif_week.value, min=0, max=40, on_value=s.whatif_week.set
                )
                Help(i18n.help_text("intake_week", lang))
            elif s.whatif_change.value == "mechanism":
                Choice(
                    i18n.t("wi_mech", lang),
                    s.whatif_mechanism.value,
                    [(m, i18n.label(m, lang)) for m in engine.MECHANISMS],
                    s.whatif_mechanism.set,
                )
                Help(i18n.help_text(s.whatif_mechanism.value, lang))
            solara.Button(
                i18n.t("replay", lang),
                icon_name="mdi-replay",
                color="primary",
                classes=["vsv-replay"],
                on_click=lambda: s.whatif.set(
                    engine.whatif_overrides(
                        story, s.whatif_change.value, s.whatif_week.value, s.whatif_mechanism.value
                    )
                ),
            )


def _change_text(s: Session, lang: str) -> str:
    """The what-if change shown, in words."""
    change = s.whatif.value or {}
    if "intake_week" in change:
        return f"{i18n.t('wi_week', lang)} {change['intake_week']}"
    if change.get("preventive") == "none" and change.get("curative") is False:
        return i18n.t("wi_nocoach", lang)
    off = [k for k in engine.MECHANISMS if change.get(k) is False]
    if off:
        return f"{i18n.label(off[0], lang)}: {i18n.t('no', lang)}"
    return i18n.t("whatif", lang)
