r"""The whole calibration as inference from one command and one seed (issue 14, item 8).

Runs, in order, each step resumable, and each later step skipped when its output was
made from the posterior as it is now (its content digest, kept in ``OUT/pipeline.json``):

1. ``infer``: ABC-SMC (``experiments/infer.py``; resumes its database when it exists, so
   an interrupted run or one given more ``--generations`` continues where it stopped,
   and a complete one runs nothing);
2. ``predictive``: posterior predictive checks of every target on the choosing range's
   seeds (``experiments/predictive.py``);
3. ``choose``: the representative point (``experiments/choose.py``);
4. ``logo`` (with ``--logo``): the leave-one-group-out fits and predictions
   (``experiments/logo.py``: as many full fits as there are fit-target groups);

With ``--max-minutes M`` the inference pauses after M minutes, its unfinished generation
checkpointed in ``OUT/abc.db.generation.pkl.gz`` (commit it with the folder), and the
later steps wait; the same command goes on from there, in this session or a later one,
to the result of an uninterrupted run.

The pipeline keeps the database gzipped beside it (``OUT/abc.db.gz``, what a committed
folder holds; a folder without ``abc.db`` resumes from it), and writes
``OUT/pipeline.csv``: per step its wall time, whether it ran or was skipped, the date,
the commit and the machine's cores, so the calibration's cost on a machine is on record.
Every step's seed derives from ``--seed``::

    uv run python experiments/calibration_pipeline.py --out results/calibration --seed 0
    mpiexec -n 65 python -m mpi4py.futures experiments/calibration_pipeline.py \
        --executor mpi --out results/calibration --seed 0 --logo

A resume needs only the folder and, to go on, more generations: the parameters, cohort,
replications, population, seed and proposal are the stored run's
(``OUT/abc.db.settings.json``) unless given, and given otherwise they are refused, except
the proposal (``--transition``, ``--share``), which a resume may change from its next
generation on (recorded in the settings' ``proposals``)::

    uv run python experiments/calibration_pipeline.py --out docs/calibration/inference \
        --generations 10
    uv run python experiments/calibration_pipeline.py --out docs/calibration/inference \
        --generations 10 --transition marginal

Then regenerate the report from the result: ``uv run python
experiments/calibration_report.py --inference OUT``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd

from vsvsim.analysis.inference import pack_db, restore_db
from vsvsim.posterior import FLOOR_FILE, floor_median, floor_threshold
from vsvsim.provenance import git_commit

HERE = Path(__file__).resolve().parent


def _script(name: str) -> ModuleType:
    """Load ``experiments/<name>.py`` (not a package) as a module."""
    spec = importlib.util.spec_from_file_location(f"experiments_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def _digest(posterior: Path) -> str:
    """A digest of the posterior's content (a resumed inference rewrites the same file)."""
    if not posterior.exists():
        return ""
    frame = pd.read_parquet(posterior)
    return f"{int(pd.util.hash_pandas_object(frame, index=False).sum()) & (2**64 - 1):016x}"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("results/calibration"))
    # The run-defining settings default to None: a resume takes them from the stored run
    # (OUT/abc.db.settings.json), a new run from FRESH.
    ap.add_argument("--seed", type=int, help="the run's seed (every step's; default 0)")
    ap.add_argument("--params", nargs="+", help="parameters to infer (default: all free)")
    ap.add_argument("--students", type=int, help="default 2000")
    ap.add_argument("--replications", type=int, help="default 4")
    ap.add_argument("--population", type=int, help="default 500")
    ap.add_argument("--generations", type=int, default=8)
    ap.add_argument("--transition", default=None, help="infer.py --transition")
    ap.add_argument("--share", type=float, default=None, help="infer.py --share")
    ap.add_argument("--executor", choices=("local", "mpi", "dask"), default="local")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--address")
    ap.add_argument("--pilot-replications", type=int, default=8)
    ap.add_argument("--draws", type=int, default=20, help="posterior draws of the checks")
    ap.add_argument("--check-replications", type=int, default=4)
    ap.add_argument("--check-students", type=int, default=3000)
    ap.add_argument("--candidates", type=int, default=20, help="choose.py --candidates")
    ap.add_argument("--choose-replications", type=int, default=8)
    ap.add_argument("--finalists", type=int, default=4, help="choose.py --finalists")
    ap.add_argument("--confirm-replications", type=int, default=32)
    ap.add_argument("--logo", action="store_true", help="also the leave-one-group-out fits")
    ap.add_argument(
        "--epsilon-floor",
        help="no generation's epsilon below this (a number, or 'floor': the threshold the "
        "stopping rule calls converged, from OUT/convergence_floor.csv); stored with the "
        "run, so a later resume keeps it",
    )
    ap.add_argument(
        "--max-minutes",
        type=float,
        help="pause the inference after this many minutes (infer.py --max-minutes); the "
        "later steps then wait for the run that completes it",
    )
    return ap.parse_args(argv)


#: A new run's settings where the command line gives none.
FRESH = {"seed": 0, "students": 2000, "replications": 4, "population": 500}


def _settle(a: argparse.Namespace, stored: dict) -> None:
    """Fill the run-defining settings not given: the stored run's, else :data:`FRESH`.

    So a later session resumes with ``--out OUT --generations N`` alone; a setting given
    that differs from the stored run's is refused by ``infer.py``, naming it.
    """
    for key, default in FRESH.items():
        if getattr(a, key) is None:
            setattr(a, key, stored.get(key, default))
    if a.params is None:
        a.params = stored.get("parameters")
    if a.transition is None:
        a.transition = stored.get("transition")
    if a.share is None:
        a.share = stored.get("share")
    if a.epsilon_floor is None:
        a.epsilon_floor = stored.get("epsilon_floor")


def _epsilon_floor(value: str | float, out: Path) -> float:
    """``--epsilon-floor``: a number, or "floor" (the at-floor threshold of OUT's floor)."""
    if value != "floor":
        try:
            return float(value)
        except ValueError:
            raise SystemExit(
                f"calibration_pipeline: --epsilon-floor {value!r}: give a number or 'floor'"
            ) from None
    median = floor_median(out)
    if not np.isfinite(median):
        raise SystemExit(
            f"calibration_pipeline: --epsilon-floor floor: no {FLOOR_FILE} in {out}; run "
            "experiments/convergence_check.py first"
        )
    return floor_threshold(median)


def main(argv: list[str] | None = None) -> pd.DataFrame:
    """Run the steps; return the step table written to ``OUT/pipeline.csv``."""
    a = _parse(argv)
    out: Path = a.out
    out.mkdir(parents=True, exist_ok=True)
    db = out / "abc.db"
    posterior = out / "posterior.parquet"
    settings = out / "abc.db.settings.json"
    restore_db(db)  # a fresh clone of a committed folder: resume from the packed database
    _settle(a, json.loads(settings.read_text()) if db.exists() and settings.exists() else {})
    common = ["--executor", a.executor, "--workers", str(a.workers)]
    if a.address:
        common += ["--address", a.address]
    infer_args = [
        "--db", str(db), "--out", str(out), "--seed", str(a.seed),
        "--students", str(a.students), "--replications", str(a.replications),
        "--population", str(a.population), "--generations", str(a.generations),
        "--pilot-replications", str(a.pilot_replications), *common,
    ]  # fmt: skip
    if a.params:
        infer_args += ["--params", *a.params]
    if a.transition:
        infer_args += ["--transition", a.transition]
    if a.share is not None:
        infer_args += ["--share", str(a.share)]
    if a.max_minutes is not None:
        infer_args += ["--max-minutes", str(a.max_minutes)]
    if a.epsilon_floor is not None:
        infer_args += ["--epsilon-floor", repr(_epsilon_floor(a.epsilon_floor, out))]
    if db.exists():
        infer_args.append("--resume")
    paused = False

    def infer() -> None:
        nonlocal paused
        paused = "checkpoint" in _script("infer").main(infer_args)
        pack_db(db)

    def predictive() -> None:
        left = json.loads(settings.read_text()).get("left_out", [])
        _script("predictive").main(
            [
                "--posterior-file", str(posterior), "--out", str(out),
                "--draws", str(a.draws), "--replications", str(a.check_replications),
                "--students", str(a.check_students), "--seed", str(a.seed),
                *(["--left-out", *left] if left else []),
            ]
        )  # fmt: skip

    def choose() -> None:
        _script("choose").main(
            [
                "--inference", str(out), "--settings", str(settings),
                "--candidates", str(a.candidates), "--students", str(a.students),
                "--replications", str(a.choose_replications), "--seed", str(a.seed),
                "--finalists", str(a.finalists),
                "--confirm-replications", str(a.confirm_replications),
            ]
        )  # fmt: skip

    def logo() -> None:
        _script("logo").main(
            [
                "--out", str(out / "logo"), "--seed", str(a.seed), "--reference", str(out),
                "--students", str(a.students), "--replications", str(a.replications),
                "--population", str(a.population), "--generations", str(a.generations),
                "--draws", str(a.draws), "--check-replications", str(a.check_replications),
                "--check-students", str(a.check_students),
                *(["--params", *a.params] if a.params else []),
                *(["--transition", a.transition] if a.transition else []),
                *(["--share", str(a.share)] if a.share is not None else []),
                *common,
            ]
        )  # fmt: skip

    # (name, run, its output; None: always run, a resume with every generation done
    # runs nothing)
    steps: list[tuple[str, Callable[[], None], Path | None]] = [
        ("infer", infer, None),
        ("predictive", predictive, out / "predictive.csv"),
        ("choose", choose, out / "representative.csv"),
    ]
    if a.logo:
        steps.append(("logo", logo, out / "logo" / "logo.csv"))
    state_file = out / "pipeline.json"
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    head, dirty = git_commit(HERE.parent)
    rows = []
    for name, run, output in steps:
        if paused:
            # The generation under way is checkpointed: nothing after it is due yet.
            print(f"== {name}: waits for the paused inference", flush=True)
            break
        t0 = time.perf_counter()
        digest = _digest(posterior)
        skipped = output is not None and output.exists() and state.get(name) == digest
        if not skipped:
            print(f"== {name}", flush=True)
            run()
            if output is not None:
                state[name] = digest
                state_file.write_text(json.dumps(state, indent=1))
        rows.append(
            {
                "step": name,
                "seconds": time.perf_counter() - t0,
                "skipped": skipped,
                "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "commit": head + ("+dirty" if dirty else ""),
                "cores": os.cpu_count(),
                "executor": a.executor,
                "workers": a.workers,
            }
        )
    table = pd.DataFrame(rows)
    log = out / "pipeline.csv"
    # Append: a resumed calibration keeps the time of every session it took.
    table.to_csv(log, mode="a", header=not log.exists(), index=False)
    print(table.to_string(index=False))
    return table


if __name__ == "__main__":
    main()
