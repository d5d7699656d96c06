"""The network page: the story's cohort, friendships and coaches, coloured by state per week.

Positions are computed once per cohort (:func:`vsvsim.app.engine.friend_network`, a
seeded spring layout), not per frame; moving the week slider only recolours the nodes.
"""

from __future__ import annotations

from html import escape

import matplotlib

matplotlib.use("Agg")
import numpy as np
import solara
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from vsvsim.app import engine, i18n
from vsvsim.app.state import Session
from vsvsim.app.story_page import use_story
from vsvsim.app.widgets import Problem

__all__ = ["NetworkPage", "network_figure"]

STATUS_MARKERS = {
    "enrolled": "o",
    "switcher": "x",
    "school_leaver": "X",
    "diploma": "*",
    "pending": ".",
}
STATUS_COLOURS = {
    "enrolled": "#2e86c1",
    "switcher": "#f5b041",
    "school_leaver": "#c0392b",
    "diploma": "#28b463",
    "pending": "#d5d8dc",
}


def network_figure(story: engine.Story, week: int, lang: str, highlight: int | None) -> Figure:
    """Students (dots), friendships (grey), coaches (squares) and coaching ties (orange)."""
    src, dst, pos = engine.friend_network(story)
    weekly = story.result.weekly
    now = weekly[weekly["week"] == week].set_index("student_id")
    students = story.result.students
    ids = students["student_id"].to_numpy()
    xy = np.array([pos[int(i)] for i in ids])
    fig = Figure(figsize=(9, 7))
    ax = fig.subplots()
    ax.axis("off")
    lines = [(pos[int(a)], pos[int(b)]) for a, b in zip(src, dst, strict=True)]
    ax.add_collection(LineCollection(lines, colors="#b0b0b0", linewidths=0.3, alpha=0.35, zorder=1))
    coached = students.dropna(subset=["coach_id"])
    # A project-coach action this week (coach_minutes also counts the regular mentor).
    active = now["coach_action"].reindex(coached["student_id"]).fillna("none").to_numpy() != "none"
    # Only this week's coaching contacts are drawn: all caseload ties at once hide the classes.
    ties = [
        (pos[int(s)], pos["coach", int(c)])
        for s, c, on in zip(coached["student_id"], coached["coach_id"], active, strict=True)
        if on
    ]
    if len(coached):
        ax.add_collection(
            LineCollection(ties, colors="#e67e22", linewidths=0.5, alpha=0.35, zorder=2)
        )
        cxy = np.array([pos[n] for n in pos if isinstance(n, tuple)])
        ax.scatter(
            cxy[:, 0],
            cxy[:, 1],
            marker="s",
            s=36,
            c="#222222",
            zorder=4,
            label=i18n.t("coach", lang),
        )
    status = now["status"].reindex(ids).fillna("pending").to_numpy()
    commitment = now["commitment"].reindex(ids).to_numpy(float)
    counts = []
    for name, marker in STATUS_MARKERS.items():
        mask = status == name
        if not mask.any():
            continue
        label = f"{i18n.pair(i18n.STATUSES, name, lang)} ({i18n.fmt_number(mask.sum(), lang)})"
        counts.append(label)
        if name == "enrolled":
            # Enrolled students coloured by their commitment this week (red low, green high).
            dots = ax.scatter(
                xy[mask, 0],
                xy[mask, 1],
                s=14,
                c=commitment[mask],
                cmap="RdYlGn",
                vmin=0,
                vmax=1,
                zorder=3,
                label=label,
                linewidths=0,
            )
            bar = fig.colorbar(dots, ax=ax, fraction=0.03, pad=0.01)
            bar.set_label(i18n.pair(i18n.SERIES, "commitment", lang), fontsize=8)
        else:
            ax.scatter(
                xy[mask, 0],
                xy[mask, 1],
                s=40,
                marker=marker,
                c=STATUS_COLOURS[name],
                zorder=4,
                label=label,
                linewidths=1.2,
            )
    if highlight is not None and int(highlight) in pos:
        hx, hy = pos[int(highlight)]
        ax.scatter([hx], [hy], s=140, facecolors="none", edgecolors="black", linewidths=2, zorder=5)
    ax.set_title(
        i18n.t("network_title", lang, week=week + 1, counts=", ".join(counts)),
        fontsize=9,
        loc="left",
    )
    ax.legend(fontsize=8, loc="lower left", markerscale=1.5)
    ax.set_aspect("equal")
    fig.tight_layout()
    return fig


@solara.component
def NetworkPage(s: Session):
    """The network tab (the story page's cohort and week)."""
    lang = s.lang.value
    story, problems, failure = use_story(s)
    solara.HTML(tag="p", unsafe_innerHTML=escape(i18n.t("network_intro", lang)))
    if story is None:
        for text in [*problems.values(), failure]:
            if text:
                Problem(text)
        return
    week = min(max(int(s.week.value), 0), 51)
    solara.SliderInt(
        i18n.t("week", lang),
        value=week + 1,
        min=1,
        max=52,
        on_value=lambda v: s.week.set(int(v) - 1),
    )
    picks = engine.pick_students(story, s.story_kind.value)
    highlight = (
        s.story_student.value if s.story_student.value in picks else (picks[0] if picks else None)
    )
    with solara.Div(classes=["vsv-network"]):
        solara.FigureMatplotlib(
            network_figure(story, week, lang, highlight),
            dependencies=[story.seed, id(story), week, lang, highlight],
            format="png",
        )
