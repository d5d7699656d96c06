"""Generated parts of docs/ODD.md: the parameter table and the state-variable table.

Both are generated from the registries (:data:`vsvsim.params.PARAMETERS`,
:data:`vsvsim.state.STATE`) and written between marker comments, so the documentation
cannot drift from the code: ``vsvsim docs`` rewrites them and a test checks they match.
"""

from __future__ import annotations

import re
from pathlib import Path

from vsvsim.params import GROUPS, PARAMETERS
from vsvsim.state import STATE

__all__ = ["ODD_PATH", "parameter_table", "render", "state_table", "update"]

ODD_PATH = Path(__file__).resolve().parent.parent / "docs" / "ODD.md"


def _range(p) -> str:
    if p.kind is bool:
        return "true / false"
    if p.choices:
        return " / ".join(p.choices)
    return f"{p.low:g} – {p.high:g}"


def parameter_table() -> str:
    """Markdown table of every parameter, grouped as in scenario files."""
    lines = []
    for group, title in GROUPS.items():
        lines += [
            f"**[{group}]** {title}",
            "",
            "| name | default | range | unit | meaning | source |",
            "|---|---|---|---|---|---|",
        ]
        for p in PARAMETERS.values():
            if p.group == group:
                default = str(p.default).lower() if p.kind is bool else f"{p.default}"
                lines.append(
                    f"| `{p.name}` | {default} | {_range(p)} | {p.unit} | {p.doc} | {p.source} |"
                )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def state_table() -> str:
    """Markdown table of every per-student variable."""
    lines = ["| name | kind | type | range | meaning |", "|---|---|---|---|---|"]
    for v in STATE.values():
        rng = "" if v.low is None else f"{v.low:g} – {'' if v.high is None else f'{v.high:g}'}"
        lines.append(f"| `{v.name}` | {v.kind} | {v.dtype} | {rng} | {v.meaning} |")
    return "\n".join(lines) + "\n"


_BLOCKS = {"PARAMETERS": parameter_table, "STATE": state_table}


def render(text: str) -> str:
    """Return ``text`` with every generated block replaced by its current content."""
    for name, make in _BLOCKS.items():
        pattern = re.compile(
            rf"(<!-- BEGIN GENERATED {name} -->\n).*?(<!-- END GENERATED {name} -->)", re.S
        )
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + m.group(2), text)
    return text


def update(path: Path = ODD_PATH) -> bool:
    """Rewrite the generated blocks of ``path``; return True if anything changed."""
    old = path.read_text(encoding="utf-8")
    new = render(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old
