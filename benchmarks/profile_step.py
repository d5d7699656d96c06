"""Where the engine's weekly step spends its time, sub-step by sub-step.

Builds ``DropoutModel(scenario_name="baseline", students=N, rng=0)``, steps one warm-up
week, then wraps every module's step of the week's order (``vsvsim.week.WEEK``: the
draws in ``week_start``, each intervention and mechanism, exits, ...), the end-of-week
clipping and the DataCollector in a timer and steps ``--weeks`` weeks. Prints
milliseconds per week and the share of the step for each part; ``--cprofile`` adds
cProfile's top entries. ``--backend numpy`` times the numpy reference path instead of
the fused kernels (the default; the warm-up week compiles them or loads numba's cache).

Usage::

    uv run python benchmarks/profile_step.py                   # 100,000 students, 10 weeks
    uv run python benchmarks/profile_step.py --cprofile
    uv run python benchmarks/profile_step.py --backend numpy   # the reference path
    uv run --with line_profiler python benchmarks/profile_step.py --lines   # line by line
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections import defaultdict

from vsvsim.core import state as state_module
from vsvsim.core.sim import WeekStart
from vsvsim.mechanisms import _kernels, coach_relationship, integrate, leaving, peers
from vsvsim.mesa_model import DropoutModel


def _timed(acc: dict[str, float], name: str, fn):
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            acc[name] += time.perf_counter() - t0

    return wrapper


def breakdown(students: int, weeks: int) -> None:
    model = DropoutModel(scenario_name="baseline", students=students, rng=0)
    model.step()  # warm-up
    acc: dict[str, float] = defaultdict(float)
    model.datacollector.collect = _timed(acc, "DataCollector.collect", model.datacollector.collect)
    for module in model.sim.weekly:  # the step order is data: wrap each module's step
        module.step = _timed(acc, module.name, module.step)
    saved = state_module.StudentArrays.clip
    state_module.StudentArrays.clip = _timed(acc, "StudentArrays.clip", saved)
    try:
        t0 = time.perf_counter()
        for _ in range(weeks):
            model.step()
        total = time.perf_counter() - t0
    finally:
        state_module.StudentArrays.clip = saved
    print(f"{students:,} students: {1e3 * total / weeks:.2f} ms per week ({weeks} weeks)")
    for name, seconds in sorted(acc.items(), key=lambda kv: -kv[1]):
        print(f"  {name:40s} {1e3 * seconds / weeks:7.2f} ms/week {100 * seconds / total:6.1f} %")
    rest = total - sum(acc.values())
    print(f"  {'(rest of DropoutModel.step)':40s} {1e3 * rest / weeks:7.2f} ms/week")


def cprofile_top(students: int, weeks: int, top: int) -> None:
    model = DropoutModel(scenario_name="baseline", students=students, rng=0)
    model.step()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(weeks):
        model.step()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def line_profile(students: int, weeks: int) -> None:
    from line_profiler import LineProfiler

    model = DropoutModel(scenario_name="baseline", students=students, rng=0)
    model.step()
    profiler = LineProfiler()
    for fn in (
        peers.peer_influence,
        coach_relationship.coach_relationship,
        peers.friends_who_left,
        integrate.integrate,
        leaving.leaving_and_after,
        WeekStart.step,
    ):
        profiler.add_function(fn)
    profiler.enable_by_count()
    for _ in range(weeks):
        model.step()
    profiler.disable_by_count()
    profiler.print_stats(output_unit=1e-3, stripzeros=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--weeks", type=int, default=10)
    parser.add_argument("--cprofile", action="store_true", help="also print cProfile's top")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--lines", action="store_true", help="line_profiler on the hot spots")
    parser.add_argument(
        "--backend", choices=_kernels.BACKENDS, default="numba", help="kernels or numpy path"
    )
    args = parser.parse_args(argv)
    _kernels.set_backend(args.backend)
    print(f"backend: {args.backend}")
    breakdown(args.students, args.weeks)
    if args.cprofile:
        cprofile_top(args.students, args.weeks, args.top)
    if args.lines:
        line_profile(args.students, args.weeks)


if __name__ == "__main__":
    main()
