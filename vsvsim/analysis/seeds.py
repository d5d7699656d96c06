"""Which seeds calibration uses for what: fitting, choosing and guarding never share one.

Issue 14: a guard scored on the seeds the defaults were chosen on says little, so the
seed ranges of every use are declared here, once, and checked disjoint
(``tests/test_seeds.py``). A seed is the first seed of a run's replications: replication
``i`` of a block starting at ``s`` uses seed ``s + i`` (:func:`vsvsim.analysis.targets.measure`).

- :data:`HISTORICAL`: the seeds the history-matching fits of ``experiments/calibrate.py``
  scored and chose on (steps 0-5), and the old guard's block. Kept out of every new use.
- :data:`FIT`: the seeds the inference's simulations draw (each simulation its own).
- :data:`CHOOSE`: the seeds the representative point is chosen on, and the posterior
  predictive checks.
- :data:`GUARD`: the guard's blocks, :data:`GUARD_BLOCK` seeds each
  (:func:`guard_block`); block 0 runs in the quick suite, blocks 1 to
  :data:`GUARD_BLOCKS` - 1 in the slow one.
"""

from __future__ import annotations

__all__ = [
    "CHOOSE",
    "FIT",
    "GUARD",
    "GUARD_BLOCK",
    "GUARD_BLOCKS",
    "HISTORICAL",
    "USES",
    "guard_block",
]

#: Seeds the earlier fits and guard used: waves (0-99), final checks (100-111), the old
#: guard (300-315) and the blocks candidates were compared on (500-515, 700-715,
#: 2000-2047).
HISTORICAL: tuple[range, ...] = (
    range(0, 112),
    range(300, 316),
    range(500, 516),
    range(700, 716),
    range(2000, 2048),
)
#: Seeds of the inference's simulations (one per replication of a simulation).
FIT = range(1_000_000, 100_000_000)
#: Seeds for choosing the representative point and for posterior predictive checks.
CHOOSE = range(200_000, 300_000)
#: Seeds per guard block, and how many blocks the guard has.
GUARD_BLOCK = 16
GUARD_BLOCKS = 8
#: The guard's seeds: :data:`GUARD_BLOCKS` blocks of :data:`GUARD_BLOCK`.
GUARD = range(900_000, 900_000 + GUARD_BLOCK * GUARD_BLOCKS)

#: Every use and its seed ranges (for the disjointness check and the report).
USES: dict[str, tuple[range, ...]] = {
    "historical": HISTORICAL,
    "fit": (FIT,),
    "choose": (CHOOSE,),
    "guard": (GUARD,),
}


def guard_block(k: int) -> range:
    """The seeds of guard block ``k`` (0 <= k < :data:`GUARD_BLOCKS`)."""
    if not 0 <= k < GUARD_BLOCKS:
        raise ValueError(f"guard block {k}: allowed are 0 to {GUARD_BLOCKS - 1}")
    start = GUARD.start + k * GUARD_BLOCK
    return range(start, start + GUARD_BLOCK)
