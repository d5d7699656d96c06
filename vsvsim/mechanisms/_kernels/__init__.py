"""Fused kernels: the hot weekly updates as one compiled loop over the rows.

Every mechanism's plain numpy ``update`` (in ``vsvsim/mechanisms/<name>.py``) is the
reference: it says what the model does, in array expressions that the array API standard
can express. A kernel here computes the same update in a single pass over the rows with
numba (``@njit(cache=True)``, as Starsim does for its hot paths): one read of each state
array it needs and one write of each it changes, instead of one temporary array per
operator. ``tests/test_kernels.py`` compares every kernel with its reference.

The backend is chosen by the environment variable ``VSVSIM_KERNELS`` (``numba``, the
default, or ``numpy`` for the reference path) when vsvsim is imported, and can be changed
at run time with :func:`set_backend` or, for a block, :func:`backend`. With
``numpy`` numba is never imported.

Conventions inside the kernels:

- Arithmetic is float32 throughout (constants are ``np.float32``, parameters are cast to
  float32), so a result does not depend on whether a parameter came as a Python float, a
  float32 scalar or a per-row array.
- A float parameter arrives as a scalar (a Python float or a numpy scalar, rounded to
  float32 inside the kernel) or, in a batch, as a float32 array of length *n* (one value
  per row), and is read as ``at(param, i)``
  (:func:`~vsvsim.mechanisms._kernels.common.at`), which numba resolves when it compiles:
  one kernel source, a specialisation for each form. Int and bool parameters and the
  week's flags are scalars.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Iterator

__all__ = ["BACKENDS", "Fused", "backend", "enabled", "get_backend", "set_backend"]

#: The two paths: compiled kernels, or the numpy reference.
BACKENDS = ("numba", "numpy")

_backend = os.environ.get("VSVSIM_KERNELS", "numba").strip().lower() or "numba"
if _backend not in BACKENDS:
    raise ValueError(f"VSVSIM_KERNELS={_backend!r}: use one of {', '.join(BACKENDS)}")


def get_backend() -> str:
    """The current backend: ``"numba"`` or ``"numpy"``."""
    return _backend


def set_backend(name: str) -> None:
    """Select the kernels (``"numba"``) or the numpy reference path (``"numpy"``)."""
    global _backend
    if name not in BACKENDS:
        raise ValueError(f"backend {name!r}: use one of {', '.join(BACKENDS)}")
    _backend = name


def enabled() -> bool:
    """Whether the fused kernels run (backend ``numba``)."""
    return _backend == "numba"


@contextlib.contextmanager
def backend(name: str) -> Iterator[None]:
    """Use backend ``name`` for the duration of a ``with`` block."""
    saved = _backend
    set_backend(name)
    try:
        yield
    finally:
        set_backend(saved)


class Fused:
    """The fused version of a mechanism's update, imported on first use.

    A class attribute ``fused = Fused("peers", "peer_influence")`` names the function
    ``peer_influence`` in ``vsvsim/mechanisms/_kernels/peers.py``; it has the update's
    signature ``(s, p, w, d)``. Importing lazily keeps numba out of the numpy path.

    Args:
        module: Module name inside :mod:`vsvsim.mechanisms._kernels`.
        name: Function name in that module.
    """

    def __init__(self, module: str, name: str):
        self.module = module
        self.name = name
        self._fn = None

    def resolve(self):
        """The wrapped function (imported on the first call)."""
        if self._fn is None:
            mod = importlib.import_module(f"{__name__}.{self.module}")
            self._fn = getattr(mod, self.name)
        return self._fn

    def __call__(self, *args, **kwargs):
        return self.resolve()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"Fused({self.module!r}, {self.name!r})"
