"""Small building blocks shared by the pages: a translated select, a lever input, messages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Any

import reacton.ipyvuetify as rv
import solara

import vsvsim
from vsvsim.app import i18n
from vsvsim.app.engine import UI_LIMITS

__all__ = ["Choice", "Help", "LeverInput", "Problem", "lever_value_text"]


@solara.component
def Choice(
    label: str,
    value: Any,
    items: Sequence[tuple[Any, str]],
    on_value: Callable[[Any], None],
    disabled: bool = False,
    classes: Sequence[str] = (),
):
    """A select showing translated texts for stored values (``items``: (value, text))."""
    rv.Select(
        label=label,
        v_model=value,
        items=[{"value": v, "text": text} for v, text in items],
        on_v_model=on_value,
        dense=True,
        outlined=True,
        hide_details=True,
        disabled=disabled,
        class_=" ".join(["mt-2", *classes]),
    )


@solara.component
def Help(text: str):
    """A one-line explanation under an input or outcome."""
    if text:
        solara.HTML(tag="div", unsafe_innerHTML=escape(text), classes=["vsv-help"])


@solara.component
def Problem(text: str, data_kind: str = "error"):
    """A message in the page (the page stays as it is)."""
    solara.HTML(
        tag="div",
        unsafe_innerHTML=escape(text),
        classes=["vsv-problem" if data_kind == "error" else "vsv-note"],
    )


def lever_value_text(name: str, value: Any, lang: str) -> str:
    """A lever's value as a policymaker reads it: translated choice, on/off, number + unit."""
    p = vsvsim.PARAMETERS[name]
    if p.kind is bool:
        return i18n.t("yes" if value else "no", lang)
    if p.kind is str:
        return i18n.choice(name, value, lang)
    number = i18n.fmt_number(value, lang, 0 if p.kind is int else 2)
    if p.unit == "week of the school year":
        return number  # the label already says "in week"
    unit = i18n.unit(name, lang)
    return f"{number} ({unit})" if unit[:1].isdigit() else f"{number} {unit}"


@solara.component
def LeverInput(name: str, value: Any, on_value: Callable[[Any], None], lang: str, changed: bool):
    """One lever, generated from the parameter table: select, checkbox or slider.

    The label shows the current value (sliders alone show none until dragged) and a dot
    marks a lever changed from the scenario's own value.
    """
    p = vsvsim.PARAMETERS[name]
    label = i18n.label(name, lang) + (" •" if changed else "")
    with solara.Div(classes=["vsv-lever"], attributes={"data-lever": name}):
        if p.kind is str:
            Choice(label, value, [(c, i18n.choice(name, c, lang)) for c in p.choices], on_value)
        elif p.kind is bool:
            solara.Checkbox(label=label, value=bool(value), on_value=on_value)
        else:
            low, high, step = UI_LIMITS.get(name, (p.low, p.high, 1 if p.kind is int else 0.05))
            solara.Text(
                f"{label}: {lever_value_text(name, value, lang)}", classes=["vsv-lever-label"]
            )
            if p.kind is int:
                solara.SliderInt(
                    "",
                    value=int(value),
                    min=int(low),
                    max=int(high),
                    step=int(step),
                    on_value=on_value,
                    thumb_label=True,
                )
            else:
                solara.SliderFloat(
                    "",
                    value=float(value),
                    min=low,
                    max=high,
                    step=step,
                    on_value=lambda v: on_value(round(float(v), 4)),
                    thumb_label=True,
                )
        Help(i18n.help_text(name, lang))


CSS = """
.vsv-help { font-size: 12px; color: #555; line-height: 1.3; margin: 2px 0 6px 0; }
.vsv-problem { background: #fdecea; color: #611a15; border-left: 4px solid #d32f2f;
               padding: 8px 12px; margin: 6px 0; border-radius: 4px; }
.vsv-note { background: #e8f4fd; color: #0d3c61; border-left: 4px solid #1976d2;
            padding: 8px 12px; margin: 6px 0; border-radius: 4px; }
.vsv-lever { margin-bottom: 4px; }
.vsv-lever-label { font-size: 14px; font-weight: 500; }
table.vsv-table { border-collapse: collapse; font-size: 14px; width: 100%; }
table.vsv-table th, table.vsv-table td { border-bottom: 1px solid #ddd; padding: 5px 8px;
               text-align: right; vertical-align: top; }
table.vsv-table th:first-child, table.vsv-table td:first-child { text-align: left; }
table.vsv-table .vsv-int { color: #666; font-size: 12px; white-space: nowrap; }
table.vsv-table td.vsv-ref { background: #f6f6f6; }
.vsv-narration li { margin-bottom: 3px; }
.vsv-cli { font-family: monospace; font-size: 12px; background: #f4f4f4; padding: 6px;
           white-space: pre-wrap; word-break: break-all; }
"""
