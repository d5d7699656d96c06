"""What the fused kernels cost before they run: numba's compile, and loading its cache.

Runs two fresh child processes one after the other with the same, initially empty,
numba cache directory (``NUMBA_CACHE_DIR``, a temporary folder; the cache next to the
sources is not touched): the first compiles every kernel the baseline week uses and
writes the cache, the second loads it. Each child imports vsvsim, builds a
2,000-student baseline model and steps two weeks; the first week's extra time over the
second is the compile (or load) time. A third child does the same with the numpy path
(``VSVSIM_KERNELS=numpy``) for comparison.

Usage::

    uv run python benchmarks/kernel_compile.py
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

CHILD = r"""
import json, time
t0 = time.perf_counter()
from vsvsim.mesa_model import DropoutModel
t1 = time.perf_counter()
model = DropoutModel(scenario_name="baseline", students=2000, rng=0)
t2 = time.perf_counter()
model.step()
t3 = time.perf_counter()
model.step()
t4 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "build_s": t2 - t1, "first_week_s": t3 - t2,
                  "second_week_s": t4 - t3, "extra_s": (t3 - t2) - (t4 - t3)}))
"""


def child(env: dict) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache, "VSVSIM_KERNELS": "numba"}
        cold = child(env)
        warm = child(env)
    numpy_path = child({**os.environ, "VSVSIM_KERNELS": "numpy"})
    for label, r in (("compile (empty cache)", cold), ("from cache", warm), ("numpy", numpy_path)):
        print(
            f"{label:22s} import {r['import_s']:.2f} s, build {r['build_s']:.3f} s, "
            f"first week {r['first_week_s']:.3f} s, second {r['second_week_s']:.4f} s, "
            f"first-week extra {r['extra_s']:.2f} s"
        )
    result = {"cold": cold, "warm": warm, "numpy": numpy_path}
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2)
    return result


if __name__ == "__main__":
    main()
