"""The simulation: one cohort, a list of modules, stepped week by week.

:class:`Simulation` knows nothing about any particular mechanism. It instantiates the
modules of the week's order (a switched-off module's neutral replacement in its place,
or nothing), lets each ``init`` in order (the population module first builds the student
arrays), and every week lets each ``step`` in order. :class:`WeekStart`, a module like the
others, draws every random number the week's modules declared (all rows, from the named
streams) and builds the week's inputs and fresh drivers. At the end of a week every
bounded state is clipped back into its range and the clipping is counted
(``sim.clipped``, a diagnostic). With ``check=True`` the simulation also records, after
every module's step, how far each state and driver lies outside its declared range
*before* any clipping (``sim.excursions``), which the invariant tests read.

The Mesa model (:class:`vsvsim.mesa_model.DropoutModel`) is a thin adapter over this
class: agents as views onto rows, the DataCollector, the weekly table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np

from vsvsim.core.calendar import SchoolCalendar, Week
from vsvsim.core.module import Channel, Module
from vsvsim.core.params import kernel_params
from vsvsim.core.state import STATE, StateVar, Status
from vsvsim.core.streams import Streams
from vsvsim.mechanisms.base import Drivers, WeekInputs

__all__ = ["Simulation", "WeekStart", "active_modules"]


class WeekStart(Module):
    """Draw the week's random numbers, take the enrolment masks, start fresh drivers."""

    name = "week_start"
    title = "Week start: every declared random draw (all rows), enrolment masks, fresh drivers"

    def step(self, sim: Simulation) -> None:
        """Prepare ``sim.draws``, ``sim.w`` and ``sim.d`` for the modules after it."""
        s = sim.state
        n = s.n
        draws = {}
        for d in sim.draw_plan:
            if not sim.draw_live[d.name]:
                draws[d.name] = sim.idle_draw(d.name, n)
                continue
            gen = sim.streams(d.stream)
            if d.kind == "normal":
                draws[d.name] = gen.standard_normal(n, dtype=np.float32)
            else:
                draws[d.name] = gen.random(n, dtype=np.float32)
        sim.draws = SimpleNamespace(**draws)
        enrolled = s.status == Status.ENROLLED
        out = (s.status == Status.SWITCHED) | (s.status == Status.LEFT)
        sim.w = WeekInputs(sim.week, sim.draws, enrolled, out, sim.friend_matrix, sim.friend_degree)
        sim.d = Drivers(n, sim.channels)


def active_modules(order: Sequence[type[Module]], params: Mapping[str, Any]) -> list[type[Module]]:
    """The module classes that run for ``params``: switched-off ones by their neutral."""
    out = []
    for cls in order:
        if cls.switchable and not params[cls.name]:
            if cls.neutral is not None:
                out.append(cls.neutral)
        else:
            out.append(cls)
    return out


class Simulation:
    """One run: the parameters, the random streams, the modules and the student arrays.

    Args:
        params: Every parameter's value (a complete set).
        seed: The integer seed every random stream derives from.
        order: The week's module classes, in order (see :data:`vsvsim.week.WEEK`).
        registry: The state variables to allocate (default: every registered one).
        channels: The driver channels (default: those the modules in ``order`` declare).
        scenario_name: Name recorded in the outputs.
        check: Record range excursions before clipping after every module's step.

    Attributes:
        state: The student arrays (set by the population module's ``init``).
        p: The parameters as attributes.
        pb: The parameters as the batched modules' array updates see them (float ones as
            float32; :func:`~vsvsim.core.params.kernel_params`).
        modules: The module instances that run, in order.
        calendar: The school calendar; ``len(calendar)`` steps make a run.
        week: The current week.
        draws: This week's random numbers (one array per declared draw).
        w: This week's inputs (:class:`~vsvsim.mechanisms.base.WeekInputs`).
        d: This week's drivers (:class:`~vsvsim.mechanisms.base.Drivers`).
        clipped: Values clipped at the end of a week so far, by state.
        excursions: With ``check``, the largest excursion outside its range that a
            module's step produced or widened, by ``(module, variable)`` (a driver
            channel as ``d.<name>``).
    """

    def __init__(
        self,
        params: Mapping[str, Any],
        seed: int,
        order: Sequence[type[Module]],
        registry: Mapping[str, StateVar] | None = None,
        channels: tuple[Channel, ...] | None = None,
        scenario_name: str = "",
        check: bool = False,
    ):
        self.params = dict(params)
        self.p = SimpleNamespace(**self.params)
        self.pb = kernel_params(self.params)
        self.seed = int(seed)
        self.scenario_name = scenario_name
        self.streams = Streams(self.seed)
        self.calendar = SchoolCalendar(self.p.start_year, self.p.years)
        self.week_index = 0
        self.week: Week = self.calendar[0]
        self.registry = dict(STATE if registry is None else registry)
        self.channels = (
            tuple(c for cls in order for c in cls.channels) if channels is None else channels
        )
        self.check = check
        self.clipped: dict[str, int] = {}
        self.excursions: dict[tuple[str, str], float] = {}
        self._last_found: dict[str, float] = {}
        self.modules: list[Module] = [cls() for cls in active_modules(order, self.params)]
        self.by_name: dict[str, Module] = {m.name: m for m in self.modules}
        self.draw_plan = tuple(d for m in self.modules for d in m.draws)
        # Draws of switched-off modules are not made (Draw.when); their arrays are zeros.
        self.draw_live = {d.name: d.live(self.params) for d in self.draw_plan}
        self._idle: dict[str, np.ndarray] = {}
        self.left_now = np.zeros(0, dtype=bool)
        for m in self.modules:
            m.init(self)
        self.weekly = [m for m in self.modules if m.weekly]

    def idle_draw(self, name: str, n: int) -> np.ndarray:
        """The zeros standing in for a draw this run does not make (see Draw.when)."""
        idle = self._idle.get(name)
        if idle is None or idle.size != n:
            idle = self._idle[name] = np.zeros(n, dtype=np.float32)
        return idle

    def module(self, name: str) -> Module | None:
        """The running module called ``name``, or None (switched off or not in the order)."""
        return self.by_name.get(name)

    @property
    def running(self) -> bool:
        """Whether weeks remain."""
        return self.week_index < len(self.calendar)

    def step(self) -> None:
        """Advance one week: every module's step in order, then clip states."""
        self.week = self.calendar[self.week_index]
        if self.check:
            self._last_found = {}
            for m in self.weekly:
                m.step(self)
                self._record_excursions(m.name)
        else:
            for m in self.weekly:
                m.step(self)
        for name, count in self.state.clip().items():
            self.clipped[name] = self.clipped.get(name, 0) + count
        self.week_index += 1

    def run(self) -> Simulation:
        """Step to the end and finalize; return self."""
        while self.running:
            self.step()
        self.finalize()
        return self

    def finalize(self) -> None:
        """Let every module wrap up."""
        for m in self.modules:
            m.finalize(self)

    def outputs(self) -> dict[str, Any]:
        """The summary columns the modules contribute, in the week's order."""
        row: dict[str, Any] = {}
        for m in self.modules:
            row.update(m.outputs(self))
        return row

    def _record_excursions(self, module: str) -> None:
        found = dict(self.state.excursions())
        d = getattr(self, "d", None)
        if d is not None:
            for c in self.channels:
                if c.low is None and c.high is None:
                    continue
                arr = getattr(d, c.name)
                low = -np.inf if c.low is None else c.low
                high = np.inf if c.high is None else c.high
                found[f"d.{c.name}"] = float(max(low - arr.min(), arr.max() - high, 0.0))
        # Attribute an excursion to the module whose step produced or widened it.
        last = self._last_found
        for name, value in found.items():
            key = (module, name)
            if value > last.get(name, 0.0) and value > self.excursions.get(key, 0.0):
                self.excursions[key] = value
        self._last_found = found
