"""The seed ranges of fitting, choosing and guarding are disjoint (issue 14)."""

from __future__ import annotations

import itertools

import pytest

from vsvsim.analysis import seeds


def _overlap(a: range, b: range) -> bool:
    return max(a.start, b.start) < min(a.stop, b.stop)


def test_uses_are_disjoint():
    for (u, ra), (v, rb) in itertools.combinations(seeds.USES.items(), 2):
        for a, b in itertools.product(ra, rb):
            assert not _overlap(a, b), f"{u} {a} overlaps {v} {b}"


def test_guard_blocks_tile_the_guard_range():
    blocks = [seeds.guard_block(k) for k in range(seeds.GUARD_BLOCKS)]
    assert blocks[0].start == seeds.GUARD.start and blocks[-1].stop == seeds.GUARD.stop
    assert all(len(b) == seeds.GUARD_BLOCK for b in blocks)
    assert all(a.stop == b.start for a, b in itertools.pairwise(blocks))
    with pytest.raises(ValueError, match="guard block"):
        seeds.guard_block(seeds.GUARD_BLOCKS)
