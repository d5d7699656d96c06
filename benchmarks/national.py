"""National scale: 500,000 students through one school year, weekly output streamed to disk.

Runs ``vsvsim.run("baseline", students=500_000, seed=0, weekly_path=<tmp>/weekly.parquet)``
in a fresh child process, so the peak resident memory it reports belongs to this run
alone (``resource.getrusage(RUSAGE_SELF).ru_maxrss`` in the child, which on Linux is in
KiB; the parent cross-checks with ``RUSAGE_CHILDREN``). Reports the wall time of the
``run`` call (imports excluded), the peak RSS, the RSS after imports (the interpreter,
numpy, pandas, pyarrow and Mesa), and the Parquet file's size, row count and row groups.

Usage::

    uv run python benchmarks/national.py            # 500,000 students
    uv run python benchmarks/national.py --quick    # 50,000 students
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Targets from the brief.
WALL_TARGET_S = 60.0
MEMORY_TARGET_GB = 4.0


def _rss_now_mb() -> float:
    """Current resident set size in MiB (Linux ``/proc``), or NaN elsewhere."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
    except OSError:
        return float("nan")
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def child(students: int, path: Path, seed: int) -> None:
    """Do the run in this (fresh) process and print its figures as one JSON line."""
    t0 = time.perf_counter()
    import vsvsim

    imported = time.perf_counter()
    rss_imports = _rss_now_mb()
    result = vsvsim.run("baseline", students=students, seed=seed, weekly_path=path)
    done = time.perf_counter()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures = {
        "students": students,
        "weeks": int(result.summary["weeks"].iloc[0]),
        "dropout_rate": float(result.summary["dropout_rate"].iloc[0]),
        "import_s": imported - t0,
        "run_s": done - imported,
        "rss_after_imports_mb": rss_imports,
        "peak_rss_mb": peak_kib / 1024,
        "rss_end_mb": _rss_now_mb(),
    }
    print(json.dumps(figures))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="50,000 students")
    parser.add_argument("--dir", type=Path, help="directory for weekly.parquet (default: tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the Parquet file")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.students = 50_000
    if args.child is not None:
        child(args.students, args.child, args.seed)
        return {}

    import pyarrow.parquet as pq

    workdir = Path(tempfile.mkdtemp(prefix="vsvsim-national-", dir=args.dir))
    path = workdir / "weekly.parquet"
    cmd = [sys.executable, __file__, "--child", str(path)]
    cmd += ["--students", str(args.students), "--seed", str(args.seed)]
    print(f"national run: {args.students:,} students, one school year, weekly table -> {path}")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, check=True, capture_output=True, text=True)
    wall_process = time.perf_counter() - t0
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["process_wall_s"] = wall_process
    figures["children_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    meta = pq.ParquetFile(path).metadata
    figures["parquet_bytes"] = path.stat().st_size
    figures["parquet_rows"] = meta.num_rows
    figures["parquet_row_groups"] = meta.num_row_groups
    figures["parquet_columns"] = meta.num_columns
    expected = figures["students"] * figures["weeks"]

    wall_ok = "met" if figures["run_s"] < WALL_TARGET_S else "MISSED"
    peak_gb = figures["peak_rss_mb"] / 1024
    mem_ok = "met" if peak_gb < MEMORY_TARGET_GB else "MISSED"
    sw = figures["students"] * figures["weeks"]
    print(
        f"vsvsim.run wall time: {figures['run_s']:.1f} s (target < {WALL_TARGET_S:g} s: {wall_ok});"
        f" imports {figures['import_s']:.1f} s; whole child process {wall_process:.1f} s"
    )
    print(f"  {sw:,} student-weeks, {sw / figures['run_s']:,.0f} student-weeks/s incl. output")
    print(
        f"peak RSS: {figures['peak_rss_mb']:,.0f} MiB = {peak_gb:.2f} GiB "
        f"(target < {MEMORY_TARGET_GB:g} GB: {mem_ok}); after imports "
        f"{figures['rss_after_imports_mb']:,.0f} MiB; RUSAGE_CHILDREN "
        f"{figures['children_peak_rss_mb']:,.0f} MiB"
    )
    print(
        f"Parquet: {figures['parquet_bytes'] / 2**20:,.1f} MiB, {figures['parquet_rows']:,} rows "
        f"(expected {expected:,}), {figures['parquet_columns']} columns, "
        f"{figures['parquet_row_groups']} row groups"
    )
    print(f"dropout rate {figures['dropout_rate']:.4f}")
    if args.keep:
        print(f"kept {path}")
    else:
        path.unlink()
        workdir.rmdir()
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
