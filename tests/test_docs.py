"""docs/ODD.md's generated tables match the registries; every mechanism is described."""

from vsvsim.docs import ODD_PATH, render
from vsvsim.week import mechanism_names

MECHANISMS = mechanism_names()


def test_odd_tables_are_in_sync():
    text = ODD_PATH.read_text(encoding="utf-8")
    assert render(text) == text, "run `uv run vsvsim docs` to regenerate docs/ODD.md tables"


def test_odd_names_every_mechanism():
    text = ODD_PATH.read_text(encoding="utf-8")
    for name in MECHANISMS:
        assert f"`{name}`" in text, name
