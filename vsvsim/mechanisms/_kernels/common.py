"""What the kernels share: the decorator, float32 constants and small row functions."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import numba
import numpy as np
from numba import types
from numba.extending import overload

from vsvsim.mechanisms.needs import NEUTRAL

__all__ = ["F0", "F1", "HALF", "at", "clip01", "f32", "fp_all", "need_index", "njit", "sigmoid"]

#: The sources a kernel's compiled code depends on beyond its own file: the helpers here
#: (inlined into every kernel) and the modules whose constants the kernels read (numba
#: freezes a global's value into the compiled code).
_PACKAGE = Path(__file__).resolve().parents[2]
_CACHE = Path(__file__).resolve().parent / "__pycache__"
_DEPENDENCIES = ("mechanisms/**/*.py", "interventions/*.py", "core/state.py", "population/*.py")


def _invalidate_stale_cache(package: Path = _PACKAGE, cache: Path = _CACHE) -> bool:
    """Delete numba's cached kernels when a source they depend on has changed.

    numba checks only the file that defines a cached function, so an edit of a helper in
    this file or of a constant in a mechanism's file would otherwise keep running the old
    compiled code. A fingerprint of those files (path, size, modification time) is kept
    beside the cache; when it differs, the cached kernels next to the sources are deleted
    and compiled afresh. (A cache numba keeps elsewhere, for a read-only installation,
    belongs to sources that are not edited.)

    Returns:
        Whether the cache was found stale (and deleted).
    """
    files = sorted(f for pattern in _DEPENDENCIES for f in package.glob(pattern))
    digest = hashlib.sha256()
    for f in files:
        st = f.stat()
        digest.update(f"{f.relative_to(package)}:{st.st_size}:{st.st_mtime_ns};".encode())
    stamp = cache / "kernels.fingerprint"
    try:
        if stamp.is_file() and stamp.read_text() == digest.hexdigest():
            return False
        for old in (*cache.glob("*.nbi"), *cache.glob("*.nbc")):
            old.unlink()
        cache.mkdir(exist_ok=True)
        stamp.write_text(digest.hexdigest())
    except OSError:  # a read-only installation: numba caches elsewhere
        return False
    return True


_invalidate_stale_cache()

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


def at(param, i):
    """A float parameter's value for row ``i``: ``param[i]`` for an array, else ``param``.

    Inside a kernel this is resolved when the kernel is compiled (the overload below), so
    a run with scalar parameters gets a kernel in which each parameter is one register,
    and a batch whose parameters are per-row arrays gets one that indexes them; the
    loop is the same source. (Indexing a zero-stride broadcast array instead works for
    both, but costs twice the time: a pointer per parameter, bumped every row.)
    """
    return param[i] if np.ndim(param) else param


@overload(at, inline="always")
def _at(param, i):
    if isinstance(param, types.Array):
        return lambda param, i: param[i]
    # A scalar (a Python float arrives as float64) is rounded to float32 once, outside the
    # loop: the same rounding as np.float32(value), without building that object per call.
    return lambda param, i: np.float32(param)


def fp_all(p, n: int, *names: str) -> tuple:
    """The float parameters ``names`` of ``p`` as the kernels take them.

    A scalar (a Python float or a numpy scalar) passes as it is and is rounded to float32
    inside the kernel (:func:`at`); a batch's per-row array of length ``n`` becomes a
    float32 array (no copy if it is one already). Either way the kernel computes in
    float32, so a value gives the same result whichever form it came in.
    """
    return tuple(_fp(getattr(p, k), n) for k in names)


def _fp(value, n: int):
    # isinstance, not np.ndim: this runs for every parameter of every kernel call, and
    # np.ndim costs microseconds, which at 2,000 students is more than the kernel itself.
    if not isinstance(value, np.ndarray):
        return value
    if value.ndim == 0:
        return f32(value)
    arr = np.asarray(value, dtype=f32)
    if arr.shape != (n,):
        raise ValueError(f"a per-row parameter must have shape ({n},), not {arr.shape}")
    return arr
