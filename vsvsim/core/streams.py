"""Named random streams: all randomness of a run, derived from its one seed.

Each random decision draws from its own stream, seeded from ``(seed, name)``. Streams are
independent of each other and of the order in which they are first used, so two scenarios
run with the same seed share every draw that the policy does not change (common random
numbers). Weekly draws are made for the whole population (every row, enrolled or not),
so who happens to be enrolled never shifts another student's draws.
"""

from __future__ import annotations

import zlib

import numpy as np

__all__ = ["Streams"]


class Streams:
    """A family of named, independent ``numpy.random.Generator`` streams.

    Args:
        seed: The run's seed (a non-negative integer).
    """

    def __init__(self, seed: int):
        self.seed = int(seed)
        self._streams: dict[str, np.random.Generator] = {}

    def __call__(self, name: str) -> np.random.Generator:
        """Return the stream called ``name`` (created on first use)."""
        gen = self._streams.get(name)
        if gen is None:
            # crc32 is stable across processes, unlike hash(); the spawn key separates streams.
            key = zlib.crc32(name.encode("utf-8"))
            gen = np.random.Generator(
                np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=(key,)))
            )
            self._streams[name] = gen
        return gen
