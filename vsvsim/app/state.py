"""Per-session state: one :class:`Session` per browser session, made by the page's root.

Every field is a Solara reactive created with ``solara.use_reactive`` in the root
component, so each browser session (each Solara kernel) has its own; nothing here is a
module-level global. The fields live at the root rather than inside the tabs so that
switching tabs or language keeps every setting.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import solara

from vsvsim import compare as cmp
from vsvsim.app import engine, i18n

__all__ = ["Session", "use_session"]


@dataclasses.dataclass
class Session:
    """The reactive state of one browser session (see the module docstring)."""

    lang: solara.Reactive[str]
    tab: solara.Reactive[int]
    # compare page
    slots: solara.Reactive[list[engine.Slot]]
    uploads: solara.Reactive[dict[str, Any]]
    students_text: solara.Reactive[str]
    replications_text: solara.Reactive[str]
    seed_text: solara.Reactive[str]
    mix: solara.Reactive[str]
    #: (settings, specs, comparison) of the last finished comparison, or None.
    shown: solara.Reactive[tuple | None]
    upload_message: solara.Reactive[tuple | None]
    run_message: solara.Reactive[str | None]
    # story page
    story_scenario: solara.Reactive[str]
    story_students_text: solara.Reactive[str]
    story_seed_text: solara.Reactive[str]
    story_kind: solara.Reactive[str]
    story_student: solara.Reactive[int | None]
    week: solara.Reactive[int]
    playing: solara.Reactive[bool]
    whatif_change: solara.Reactive[str]
    whatif_week: solara.Reactive[int]
    whatif_mechanism: solara.Reactive[str]
    #: Overrides of the what-if replay shown, or None.
    whatif: solara.Reactive[dict | None]


def use_session() -> Session:
    """Create the session's state (call once, in the root component)."""
    return Session(
        lang=solara.use_reactive(i18n.DEFAULT_LANGUAGE),
        tab=solara.use_reactive(0),
        slots=solara.use_reactive(engine.default_slots()),
        uploads=solara.use_reactive({}),
        students_text=solara.use_reactive(str(cmp.DEFAULT_STUDENTS)),
        replications_text=solara.use_reactive(str(cmp.DEFAULT_REPLICATIONS)),
        seed_text=solara.use_reactive("0"),
        mix=solara.use_reactive("standard"),
        shown=solara.use_reactive(None),
        upload_message=solara.use_reactive(None),
        run_message=solara.use_reactive(None),
        story_scenario=solara.use_reactive(engine.STORY_SCENARIO),
        story_students_text=solara.use_reactive(str(engine.STORY_STUDENTS)),
        story_seed_text=solara.use_reactive("0"),
        story_kind=solara.use_reactive("keen_leaver"),
        story_student=solara.use_reactive(None),
        week=solara.use_reactive(0),
        playing=solara.use_reactive(False),
        whatif_change=solara.use_reactive("start"),
        whatif_week=solara.use_reactive(10),
        whatif_mechanism=solara.use_reactive(engine.MECHANISMS[0]),
        whatif=solara.use_reactive(None),
    )
