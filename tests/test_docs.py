"""docs/ODD.md's generated tables match the registries; every mechanism is described."""

import vsvsim
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


def test_every_target_says_whether_it_emerges_or_is_set_and_names_real_parameters():
    import re

    from vsvsim.analysis.targets import BASIS_KINDS, TARGET_BASIS, TARGETS

    assert list(TARGET_BASIS) == [t.id for t in TARGETS]
    for target, (kind, note) in TARGET_BASIS.items():
        assert kind in BASIS_KINDS, target
        # Every parameter-like name the note gives must exist (the note is evidence).
        for name in re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", note):
            assert name in vsvsim.PARAMETERS, (target, name)
