"""A batch: several runs of the same cohort size stepped as one population.

Researchers mostly run many small cohorts (replications × parameter points), where a run's
cost is dominated by the per-call overhead of some thirty modules on arrays of a few
thousand rows. A :class:`Batch` stacks the rows of its members (one
:class:`~vsvsim.core.sim.Simulation` each) into one set of student arrays, member ``k``
owning rows ``k*n ... (k+1)*n - 1``, and steps the week's order once:

- a **batched** module (``Module.batched``: the mechanisms and the other row-wise
  updates) steps once over all rows, reading its parameters from ``batch.pb``, where a
  float parameter on which the members differ is a float32 array with one value per row
  (:func:`~vsvsim.core.params.kernel_params` gives a single run the same float32 values,
  so the arithmetic is the same);
- a module with per-run bookkeeping may define ``step_batch(batch, instances)``: one
  row-wise pass over the batch, with each member's counters kept by its own instance
  (regular mentoring);
- every other module (population, screening, coaching, re-entry, year closing: modules
  with capacity, queues, their own random streams or per-run bookkeeping) steps once per
  member, on that member's :class:`Simulation`, whose student arrays, draws and drivers
  are views onto its rows of the batch.

Each member keeps its own named random streams (its draws fill its rows), its own module
instances, friendship matrix and outputs, so each member's tables are identical to a
separate run with the same seed and parameters (``tests/test_batch.py``). Members must
agree on everything that shapes the arrays or the order of the week: the number of
students, the calendar, the mechanism switches and every non-float parameter;
:func:`structure_key` gives what must agree, and :func:`vsvsim.run.run_batch` groups
members by it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np
from scipy import sparse

from vsvsim.core.module import Channel, Module
from vsvsim.core.params import KernelParams, kernel_params
from vsvsim.core.sim import Simulation
from vsvsim.core.state import STATE, StateVar, Status, StudentArrays
from vsvsim.mechanisms.base import Drivers, WeekInputs

__all__ = ["Batch", "structure_key"]


def structure_key(params: Mapping[str, Any]) -> tuple:
    """What members of one batch must share: every parameter that is not a float.

    Switches, integers (the number of students, the years) and choices shape the arrays
    or the week's order; float parameters may differ (one value per row).
    """
    return tuple(sorted((k, v) for k, v in params.items() if not isinstance(v, float)))


def _batch_params(members: Sequence[Simulation], n: int) -> KernelParams:
    """``pb`` of the batch: shared values as in a run, differing floats as row arrays."""
    first = members[0].params
    out = kernel_params(first)
    rowwise = []
    for name, value in first.items():
        if not isinstance(value, float):
            continue
        values = [m.params[name] for m in members]
        if any(v != value for v in values):
            setattr(out, name, np.repeat(np.asarray(values, dtype=np.float32), n))
            rowwise.append(name)
    out._rowwise = tuple(rowwise)
    return out


def _stack_csr(mats: Sequence[sparse.csr_array], n: int) -> sparse.csr_array:
    """Block-diagonal CSR of equally sized blocks, each row's entries in the same order.

    (``scipy.sparse.block_diag`` goes through COO and may reorder a row's entries, which
    would change the order of the sums in a row and so the last bits of a float32 sum.)
    """
    data = np.concatenate([m.data for m in mats])
    indices = np.concatenate([m.indices + k * n for k, m in enumerate(mats)])
    nnz = np.cumsum([0] + [m.nnz for m in mats])
    indptr = np.concatenate(
        [mats[0].indptr[:1]] + [m.indptr[1:] + nnz[k] for k, m in enumerate(mats)]
    )
    return sparse.csr_array((data, indices, indptr), shape=(n * len(mats),) * 2)


class _DriverView:
    """A member's drivers: its rows of the batch's current driver arrays, and its flags.

    Mechanisms may rebind a channel (``d.stress = ...``) on the batch's drivers, so a
    channel is looked up on every access, not kept as a view taken at the week's start.
    """

    def __init__(self, batch_d: Drivers, sl: slice, channels: tuple[Channel, ...]):
        object.__setattr__(self, "_batch", batch_d)
        object.__setattr__(self, "_rows", sl)
        object.__setattr__(self, "_names", frozenset(c.name for c in channels))
        object.__setattr__(self, "n", sl.stop - sl.start)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._batch, name)
        return value[self._rows] if name in self._names else value

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self._names:
            raise AttributeError(f"a batch member cannot set the batch-wide driver {name!r}")
        getattr(self._batch, name)[self._rows] = value


class Batch:
    """Members of one structure (see :func:`structure_key`), stepped as one population.

    Args:
        members: Value dicts and seeds, one pair per member.
        order: The week's module classes, in order.
        registry: The state variables to allocate (default: every registered one).
        channels: The driver channels (default: those the modules in ``order`` declare).
        scenario_name: Name recorded in the outputs.
        check: Record range excursions before clipping (per member, as in a run).

    Attributes:
        members: One :class:`Simulation` per member, its arrays views onto its rows.
        state: The stacked student arrays.
        pb: The batched modules' parameters (differing floats as one value per row).
        n: Rows per member.
    """

    def __init__(
        self,
        members: Sequence[tuple[Mapping[str, Any], int]],
        order: Sequence[type[Module]],
        registry: Mapping[str, StateVar] | None = None,
        channels: tuple[Channel, ...] | None = None,
        scenario_name: str = "",
        check: bool = False,
    ):
        if not members:
            raise ValueError("a batch needs at least one member")
        keys = {structure_key(values) for values, _ in members}
        if len(keys) > 1:
            raise ValueError(
                "members of one batch must agree on every non-float parameter "
                "(switches, integers, choices); group them with vsvsim.core.batch.structure_key"
            )
        registry = dict(STATE if registry is None else registry)
        sims = [
            Simulation(values, seed, order, registry, channels, scenario_name, check)
            for values, seed in members
        ]
        self.members = sims
        self.n = n = sims[0].state.n
        self.channels = sims[0].channels
        self.calendar = sims[0].calendar
        self.slices = [slice(k * n, (k + 1) * n) for k in range(len(sims))]
        self.starts = np.arange(len(sims)) * n
        self.state = StudentArrays(n * len(sims), registry)
        for sim, sl in zip(sims, self.slices, strict=True):
            _adopt(self.state, sim.state, sl)
        self.pb = _batch_params(sims, n)
        self.friend_matrix = _stack_csr([m.friend_matrix for m in sims], n)
        self.friend_degree = np.concatenate([m.friend_degree for m in sims])
        self.draw_plan = sims[0].draw_plan
        # Zeros at first: a draw no member makes (Draw.when) stays zeros, as in a run.
        self.draw_arrays = {
            d.name: np.zeros(n * len(sims), dtype=np.float32) for d in self.draw_plan
        }
        # Per member and declared draw: the generator's method and the member's rows of
        # the draw's array (resolved once; the week's start only calls them).
        self._fills = [
            [
                (
                    getattr(
                        sim.streams(d.stream), "standard_normal" if d.kind == "normal" else "random"
                    ),
                    self.draw_arrays[d.name][sl],
                )
                for d in self.draw_plan
                if sim.draw_live[d.name]  # the same in every member (same switches)
            ]
            for sim, sl in zip(sims, self.slices, strict=True)
        ]
        self.left_now = np.zeros(0, dtype=bool)
        self.week_index = 0
        self.week = self.calendar[0]
        # Step k of the week: the module instances at position k, one per member (the
        # members run the same classes in the same order: same structure key).
        self.plan = list(zip(*(m.weekly for m in sims), strict=True))

    @property
    def running(self) -> bool:
        """Whether weeks remain."""
        return self.week_index < len(self.calendar)

    def step(self) -> None:
        """Advance every member one week: the modules in order, then clip states."""
        week = self.calendar[self.week_index]
        self.week = week
        for sim in self.members:
            sim.week = week
            sim._last_found = {}
        for instances in self.plan:
            first = instances[0]
            if first.name == "week_start":
                self._week_start()
            elif hasattr(first, "step_batch"):
                first.step_batch(self, list(instances))
            elif first.batched:
                first.step(self)
                if self.left_now.size and self.members[0].left_now.base is not self.left_now:
                    for sim, sl in zip(self.members, self.slices, strict=True):
                        sim.left_now = self.left_now[sl]
            else:
                for sim, module in zip(self.members, instances, strict=True):
                    module.step(sim)
            if self.members[0].check:
                for sim in self.members:
                    sim._record_excursions(first.name)
        self._clip()
        self.week_index += 1
        for sim in self.members:
            sim.week_index = self.week_index

    def run(self) -> Batch:
        """Step to the end and finalize every member; return self."""
        while self.running:
            self.step()
        self.finalize()
        return self

    def finalize(self) -> None:
        """Let every member's modules wrap up."""
        for sim in self.members:
            sim.finalize()

    def _week_start(self) -> None:
        """The batch's :class:`~vsvsim.core.sim.WeekStart`: each member draws its own rows."""
        for fills in self._fills:
            for fill, out in fills:
                fill(out=out, dtype=np.float32)
        s = self.state
        enrolled = s.status == Status.ENROLLED
        out = (s.status == Status.SWITCHED) | (s.status == Status.LEFT)
        self.draws = SimpleNamespace(**self.draw_arrays)
        self.w = WeekInputs(
            self.week, self.draws, enrolled, out, self.friend_matrix, self.friend_degree
        )
        self.d = Drivers(s.n, self.channels)
        for sim, sl in zip(self.members, self.slices, strict=True):
            sim.draws = SimpleNamespace(**{k: v[sl] for k, v in self.draw_arrays.items()})
            sim.w = WeekInputs(
                self.week, sim.draws, enrolled[sl], out[sl], sim.friend_matrix, sim.friend_degree
            )
            sim.d = _DriverView(self.d, sl, self.channels)

    def _clip(self) -> None:
        """Clip every bounded state; count what was clipped per member (as a run does)."""
        for name, counts in self.state.clip(self.starts).items():
            for sim, count in zip(self.members, counts, strict=True):
                if count:
                    sim.clipped[name] = sim.clipped.get(name, 0) + int(count)


def _adopt(stacked: StudentArrays, own: StudentArrays, sl: slice) -> None:
    """Copy a member's arrays into its rows of the batch and make them views onto those rows."""
    for name in own.registry:
        rows = stacked[name][sl]
        rows[...] = own[name]
        object.__setattr__(own, name, rows)
