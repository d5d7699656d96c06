"""Generated parts of docs/ODD.md: the week's order, parameter, state and target tables.

All are generated from the module registry (:data:`vsvsim.week.WEEK` and the tables it
fills, :data:`vsvsim.core.params.PARAMETERS` and :data:`vsvsim.core.state.STATE`) and
written between marker comments, so the documentation cannot drift from the code:
``vsvsim docs`` rewrites them and a test checks they match.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
from pathlib import Path

from vsvsim.core.params import GROUPS, PARAMETERS, UNIFORM_REASON
from vsvsim.core.state import STATE
from vsvsim.week import modules, step_order_table

__all__ = [
    "ODD_PATH",
    "constants_table",
    "parameter_table",
    "render",
    "state_table",
    "target_basis_table",
    "update",
]

ODD_PATH = Path(__file__).resolve().parent.parent / "docs" / "ODD.md"
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


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
            "| name | default | range | prior (calibration) | unit | meaning | source | module |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for p in PARAMETERS.values():
            if p.group == group:
                default = str(p.default).lower() if p.kind is bool else f"{p.default}"
                # The prior is on the fitting range; only a reason other than the usual
                # one of a uniform prior is spelled out (the note under the tables).
                fit = p.prior_text() + (f" ({p.prior_reason})" if p.prior_reason else "")
                if p.fixed:
                    fit += f"; not inferred, kept at the default ({p.fixed})"
                lines.append(
                    f"| `{p.name}` | {default} | {_range(p)} | {fit} | {p.unit} | {p.doc} "
                    f"| {p.source} | `{p.module}` |"
                )
        lines.append("")
    lines += [
        "*Prior (calibration)*: the fitting range of a calibrated parameter and the shape of "
        "the prior the inference (`experiments/infer.py`) puts on it; history matching "
        "(`experiments/calibrate.py`) searches the same range. A uniform prior without a "
        f"reason has the usual one: {UNIFORM_REASON}. *Not inferred*: the inference "
        "keeps the parameter at its default (the fit targets cannot tell its values apart; "
        "docs/calibration-inference.md).",
        "",
    ]
    return "\n".join(lines).rstrip() + "\n"


def target_basis_table() -> str:
    """Markdown table: each calibration target, its kind of basis and what sets it."""
    from vsvsim.analysis.targets import BASIS_KINDS, REPORTED_CHECKS, TARGET_BASIS, TARGETS

    lines = ["| kind | what a pass shows |", "|---|---|"]
    lines += [f"| {kind} | {meaning} |" for kind, meaning in BASIS_KINDS.items()]
    lines += ["", "| target | what | basis | what sets or produces it |", "|---|---|---|---|"]
    for t in TARGETS:
        kind, note = TARGET_BASIS[t.id]
        lines.append(f"| {t.id} | {t.description} | {kind} | {note} |")
    lines += [
        "",
        "Reported checks, not scored (`REPORTED_CHECKS`):",
        "",
        "| check | what | basis | what sets or produces it |",
        "|---|---|---|---|",
    ]
    for cid, (what, kind, note) in REPORTED_CHECKS.items():
        lines.append(f"| {cid} | {what} | {kind} | {note} |")
    return "\n".join(lines) + "\n"


def state_table() -> str:
    """Markdown table of every per-student variable, with the module that declares it."""
    owner = {v.name: cls.name for cls in modules() for v in cls.states}
    lines = [
        "| name | kind | type | range | meaning | module |",
        "|---|---|---|---|---|---|",
    ]
    for v in STATE.values():
        rng = "" if v.low is None else f"{v.low:g} – {'' if v.high is None else f'{v.high:g}'}"
        lines.append(
            f"| `{v.name}` | {v.kind} | {v.dtype} | {rng} | {v.meaning} | `{owner[v.name]}` |"
        )
    return "\n".join(lines) + "\n"


def constants_table() -> str:
    """Markdown table of the named constants that remain in the modules' files.

    Upper-case module-level names bound to numbers (midpoints, memories, reference
    values that are not parameters), read from the modules themselves, so the list
    cannot miss one.
    """
    lines = ["| constant | value | file |", "|---|---|---|"]
    seen = set()
    for cls in modules():
        mod = sys.modules[cls.__module__]
        if mod.__name__ in seen or not mod.__name__.startswith("vsvsim."):
            continue
        seen.add(mod.__name__)
        path = Path(inspect.getsourcefile(mod)).resolve()
        rel = path.relative_to(_PACKAGE_ROOT)
        for name in _defined_names(path):
            value = getattr(mod, name, None)
            if name.isupper() and isinstance(value, int | float) and not isinstance(value, bool):
                lines.append(f"| `{name}` | {value:g} | `{rel}` |")
    return "\n".join(lines) + "\n"


def _defined_names(path: Path) -> list[str]:
    """Names a file binds at its top level (imported names excluded)."""
    names = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        for target in targets:
            elts = target.elts if isinstance(target, ast.Tuple) else [target]
            names += [e.id for e in elts if isinstance(e, ast.Name)]
    return names


_BLOCKS = {
    "STEPS": step_order_table,
    "PARAMETERS": parameter_table,
    "STATE": state_table,
    "CONSTANTS": constants_table,
    "TARGETS": target_basis_table,
}


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
