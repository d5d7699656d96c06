"""The social structure of a cohort: classes (one study-career mentor each) and friendships.

Drawn once, at set-up, from the ``network`` stream (friendships) and deterministically
from programme, level, year and intake (classes), for every row the run will use.
"""

from __future__ import annotations

import numpy as np

from vsvsim.core.state import StudentArrays

__all__ = ["assign_classes", "friendships"]


def _group_starts(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start index of each row's group in a sorted key array, and the groups' sizes."""
    new = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
    starts = np.flatnonzero(new)
    group = np.cumsum(new) - 1
    sizes = np.diff(np.r_[starts, sorted_keys.size])
    return starts[group], sizes[group]


def assign_classes(s: StudentArrays, class_size: int, pps: int) -> int:
    """Group students of one programme, level, year and intake into classes."""
    key = ((s.programme.astype(np.int64) * 5 + s.level) * 5 + s.programme_year) * 16 + s.entry_year
    order = np.argsort(key, kind="stable")
    sk = key[order]
    start, size = _group_starts(sk)
    rank = np.arange(sk.size) - start
    # Spread a group evenly over ceil(size / class_size) classes rather than leave a stub.
    n_in_group = -(-size // class_size)
    local = rank * n_in_group // size
    # Classes are numbered by (group key, class within the group), packed into one key.
    # The stride is one more than the largest class number within a group, so a group
    # with many classes (national scale) can never spill into the next group's ids.
    stride = int(local.max()) + 1 if local.size else 1
    _, klass = np.unique(sk * stride + local, return_inverse=True)
    s.klass[order] = klass.astype(np.int32)
    return int(klass.max()) + 1 if klass.size else 0


def friendships(
    s: StudentArrays, k: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Each student befriends ``k`` random classmates; ties are mutual."""
    n = s.n
    if k == 0 or n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    order = np.argsort(s.klass, kind="stable")
    start, size = _group_starts(s.klass[order])
    rank = np.arange(n) - start
    pos = np.empty(n, dtype=np.int64)
    pos[order] = np.arange(n)
    i_start, i_size, i_rank = start[pos], size[pos], rank[pos]
    offs = 1 + (rng.random((k, n)) * np.maximum(i_size - 1, 1)).astype(np.int64)
    friend_sorted = i_start + (i_rank + offs) % i_size
    dst = order[friend_sorted].ravel()
    src = np.tile(np.arange(n), k)
    keep = (i_size > 1)[src]  # a student alone in a class has no classmates to befriend
    src, dst = src[keep], dst[keep]
    # Mutual ties; a pair drawn from both sides simply counts twice (a stronger tie).
    return np.r_[src, dst], np.r_[dst, src]
