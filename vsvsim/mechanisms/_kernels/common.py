"""What the kernels share: the decorator, float32 constants and small row functions."""

from __future__ import annotations

import functools

import numba
import numpy as np

from vsvsim.mechanisms.needs import NEUTRAL

__all__ = ["F0", "F1", "HALF", "clip01", "f32", "need_index", "njit", "sigmoid"]

#: ``numba.njit`` as every kernel uses it. ``cache=True``: compiled code is written next
#: to the source (``__pycache__``) and loaded by later processes instead of recompiling.
#: ``error_model="numpy"``: a division by zero gives inf/NaN as in numpy instead of a
#: check and an exception in the inner loop. No ``fastmath``: it would let LLVM reorder
#: float operations and drift from the numpy reference.
njit = functools.partial(numba.njit, cache=True, error_model="numpy")

f32 = np.float32
#: float32 constants: a bare ``0.5`` or ``1.0`` in a kernel is float64 and would promote
#: the whole expression.
F0, F1, HALF = f32(0.0), f32(1.0), f32(NEUTRAL)


@njit(inline="always")
def clip01(x):
    """``np.clip(x, 0, 1)`` for one float32.

    ``min``/``max`` compile to branch-free instructions; ``if x < 0`` branches, and on
    values that fall on either side at random the mispredictions cost five times more.
    """
    return min(max(x, F0), F1)


@njit(inline="always")
def need_index(base, amplification, aut, comp, rel):
    """:func:`vsvsim.mechanisms.needs.need_index` for one row."""
    g = base + amplification * aut
    return (aut + g * (comp + rel)) / (F1 + f32(2.0) * g)


@njit(inline="always")
def sigmoid(x):
    """:func:`vsvsim.mechanisms.base.sigmoid` for one float32."""
    return F1 / (F1 + np.exp(-x))


def fp_all(p, n: int, *names: str) -> tuple[np.ndarray, ...]:
    """The float parameters ``names`` of ``p``, each as :func:`~._kernels.fp` makes it."""
    return tuple(np.broadcast_to(np.asarray(getattr(p, k), dtype=f32), (n,)) for k in names)
