"""Batch throughput: B replications of one school year as separate runs and as one batch.

In one process, after a warm-up run of each kind, for B replications (seeds 0 ... B-1) of
``baseline`` with S students, one school year:

(a) B separate ``vsvsim.run`` calls (the full Mesa model, every table);
(b) one ``vsvsim.run_batch(seeds=range(B))`` with every table (identical tables to (a));
(c) the same batch with ``tables=("summary",)``, what a sweep keeps;
(d) the stacking ceiling: one run of B x S students (summary only), per S of its rows.
    That is what a member would cost if every module, construction and the summary ran
    once over all members' rows at the cost they have at that size, with no per-member
    work at all; a batch cannot beat it (each member keeps its own streams, queues and
    summary), so (a) / (d) bounds what any batch of this model can reach.

Prints seconds per run and the throughput of (b) and (c) against (a) (target: (b) at
least 4x (a) at B = 64, S = 2,000). The batch is split into batches of at most
``--max-rows`` rows (default: every member in one batch).

Usage::

    uv run python benchmarks/batch.py                # B = 64, S = 2,000
    uv run python benchmarks/batch.py --quick        # B = 8, S = 500
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from pathlib import Path

import vsvsim

TARGET = 4.0


def _timed(fn) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replications", type=int, default=64)
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--scenario", default="baseline")
    parser.add_argument("--max-rows", type=int, default=None)
    parser.add_argument("--quick", action="store_true", help="8 replications of 500 students")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if args.quick:
        args.replications, args.students = 8, 500
    b, n, sc = args.replications, args.students, args.scenario
    max_rows = args.max_rows or b * n
    seeds = list(range(b))

    vsvsim.run(sc, students=n, seed=0)
    vsvsim.run_batch(sc, seeds=[0, 1], students=n)
    separate = _timed(lambda: [vsvsim.run(sc, students=n, seed=s) for s in seeds])
    batch = _timed(lambda: vsvsim.run_batch(sc, seeds=seeds, students=n, max_rows=max_rows))
    lean = _timed(
        lambda: vsvsim.run_batch(
            sc, seeds=seeds, students=n, max_rows=max_rows, tables=("summary",)
        )
    )
    one = _timed(lambda: vsvsim.run_batch(sc, seeds=[0], students=b * n, tables=("summary",)))
    out = {
        "replications": b,
        "students": n,
        "max_rows": max_rows,
        "separate_s_per_run": separate / b,
        "batch_s_per_run": batch / b,
        "batch_summary_only_s_per_run": lean / b,
        "speedup_batch": separate / batch,
        "speedup_batch_summary_only": separate / lean,
        "ceiling_s_per_run": one / b,
        "speedup_ceiling": separate / one,
    }
    print(f"{b} replications x {n} students, one school year ({sc}), rows per batch {max_rows:,}")
    print(f"  (a) separate vsvsim.run         {separate / b * 1e3:8.1f} ms per run")
    print(
        f"  (b) run_batch, every table      {batch / b * 1e3:8.1f} ms per run   "
        f"x{separate / batch:.2f} (target >= {TARGET:g}x)"
    )
    print(
        f"  (c) run_batch, summary only     {lean / b * 1e3:8.1f} ms per run   "
        f"x{separate / lean:.2f}"
    )
    print(
        f"  (d) ceiling: one run of {b * n:,}   {one / b * 1e3:8.1f} ms per {n:,} rows  "
        f"x{separate / one:.2f} (no batch of this model can beat this)"
    )
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return out


if __name__ == "__main__":
    main()
