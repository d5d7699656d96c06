"""The sweep: every run of an experiment on any ``concurrent.futures.Executor``, resumable.

One code path for every engine: the sweep submits chunks of runs to an executor (local
processes, ``mpi4py.futures.MPIPoolExecutor``, or Dask's ``Client.get_executor()``) and
waits for them. A worker runs its chunk and writes the rows to its own Parquet part file
under ``OUT/parts/``; only a few counts travel back to the parent. A part file is written
to a temporary name and renamed, so it exists whole or not at all: it is the record that
its runs finished. Resuming reads the run ids of the part files and submits only the rest,
so after Ctrl-C, ``kill -9`` or a lost worker the same command computes nothing twice and
loses nothing. When every run is done the parts are merged, in design order, into
``OUT/results.parquet``: the same table whatever the executor or the number of workers.

Folder layout::

    OUT/manifest.json      experiment (validated), its fingerprint, counts
    OUT/experiment.toml    the experiment file as given (for people)
    OUT/design.parquet     one row per design point and replication, with its run id
    OUT/unit.parquet       Sobol/Morris designs: the sample on SALib's unit scale
    OUT/parts/*.parquet    one file per finished chunk (rows of finished runs)
    OUT/students/*.parquet per-student tables, when asked for
    OUT/results.parquet    the merged table (written when every run is done)
    OUT/runs.parquet       per run: worker host and process, seconds (not in results)
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import socket
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Iterator
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vsvsim.experiments.spec import Experiment, ExperimentError, load_experiment
from vsvsim.outputs.funder import against_reference

# designs (and with it the EMA workbench) is imported inside sweep(): workers import this
# module for run_chunk and should start fast.

__all__ = ["SweepInterrupted", "SweepReport", "run_chunk", "run_one", "sweep"]

MANIFEST = "manifest.json"
_FORMAT = 1


class SweepInterrupted(Exception):
    """The sweep stopped before every run finished; the same command resumes it."""


@dataclass
class SweepReport:
    """What a sweep did.

    Attributes:
        out: The results folder.
        total: Distinct runs in the experiment.
        skipped: Runs already finished before this call (resumed).
        computed: Runs computed by this call.
        failed: Runs recorded as failed (in the whole dataset).
        seconds: Wall time of this call.
        results: The merged table.
    """

    out: Path
    total: int
    skipped: int
    computed: int
    failed: int
    seconds: float
    results: pd.DataFrame


# --------------------------------------------------------------------------- worker side


def run_one(task: dict[str, Any], keep: tuple[str, ...], students_dir: str | None) -> dict:
    """Run one task (and its reference run) and return its row of outcomes.

    Runs on a worker. Never raises for a failing run: the error and its type go in the row.
    :func:`run_chunk` runs a chunk's tasks as batches instead, with the same rows.

    Args:
        task: ``run_id``, ``scenario``, ``overrides``, ``seed`` and ``reference``.
        keep: Outcome columns to keep.
        students_dir: Folder for the per-student table, or None.

    Returns:
        ``run_id``, ``status`` (``ok`` or ``error``), ``error``, the kept outcomes.
    """
    calls = _calls([task])
    return _row(task, _separately(calls, list(calls)), keep, students_dir is not None)


def _call_key(scenario: Any, seed: int, overrides: dict[str, Any]) -> str:
    return json.dumps([str(scenario), int(seed), overrides], sort_keys=True, default=str)


def _calls(tasks: list[dict[str, Any]]) -> dict[str, tuple[Any, int, dict[str, Any]]]:
    """The distinct runs a chunk needs: each task's run and its reference run.

    A reference run is shared by the tasks that compare against it with the same seed.
    """
    calls = {}
    for task in tasks:
        calls[_call_key(task["scenario"], task["seed"], task["overrides"])] = (
            task["scenario"],
            task["seed"],
            task["overrides"],
        )
        ref = task["reference"]
        if ref is not None:
            key = _call_key(ref["scenario"], task["seed"], ref["overrides"])
            calls[key] = (ref["scenario"], task["seed"], ref["overrides"])
    return calls


def _separately(calls: dict[str, tuple], keys: list[str]) -> dict[str, Any]:
    """Run ``calls[k]`` one by one: a Result, or the exception it raised."""
    import vsvsim

    out: dict[str, Any] = {}
    for key in keys:
        scenario, seed, overrides = calls[key]
        try:
            out[key] = vsvsim.run(scenario, seed=seed, overrides=overrides)
        except Exception as err:  # a failing run is data, not a reason to stop the sweep
            out[key] = err
    return out


def _batched(calls: dict[str, tuple]) -> dict[str, Any]:
    """Run the calls as batches (:func:`vsvsim.run_batch`), one per scenario.

    A batch's members are identical to separate runs, so this changes no row. Should a
    batch fail, its runs are repeated one by one, so that only the failing run is
    recorded as failed.
    """
    import vsvsim

    by_scenario: dict[str, list[str]] = {}
    for key, (scenario, _, _) in calls.items():
        by_scenario.setdefault(str(scenario), []).append(key)
    out: dict[str, Any] = {}
    for keys in by_scenario.values():
        scenario = calls[keys[0]][0]
        try:
            results = vsvsim.run_batch(
                scenario,
                seeds=[calls[k][1] for k in keys],
                params=[calls[k][2] for k in keys],
                tables=("summary",),
            )
            out.update(zip(keys, results, strict=True))
        except Exception:
            out.update(_separately(calls, keys))
    return out


def _row(task: dict[str, Any], results: dict[str, Any], keep: tuple[str, ...], students: bool):
    """A task's row of outcomes from its run (and its reference run)."""
    row: dict[str, Any] = {"run_id": task["run_id"], "status": "ok", "error": ""}
    try:
        result = results[_call_key(task["scenario"], task["seed"], task["overrides"])]
        if isinstance(result, BaseException):
            raise result
        summary = dict(result.summary_row)
        rate, reentry = summary.get("dropout_rate"), summary.get("reentry_rate")
        # Share of the cohort out of education at the end: left and not come back. Needed
        # to compare curative coaching (which acts on re-entry) with preventive coaching.
        summary["net_dropout_rate"] = (
            rate * (1.0 - reentry) if reentry is not None and not pd.isna(reentry) else rate
        )
        if task["reference"] is not None:
            ref_key = _call_key(
                task["reference"]["scenario"], task["seed"], task["reference"]["overrides"]
            )
            ref = results[ref_key]
            if isinstance(ref, BaseException):
                raise ref
            ref = ref.summary_row
            summary["reference_dropout_rate"] = float(ref["dropout_rate"])
            # Prevented dropouts, youngsters back, basic qualifications and their costs.
            summary.update(against_reference(summary, ref))
        for name in keep:
            row[name] = summary.get(name, np.nan)
        if students:
            table = result.students.copy()
            table.insert(0, "run_id", task["run_id"])
            row["_students"] = table
    except Exception as err:  # a failing run is data, not a reason to stop the sweep
        row["status"] = "error"
        last = traceback.extract_tb(err.__traceback__)[-1]
        row["error"] = f"{type(err).__name__}: {err} (at {Path(last.filename).name}:{last.lineno})"
        for name in keep:
            row[name] = np.nan
    return row


def _atomic_parquet(df: pd.DataFrame, path: Path) -> None:
    """Write ``df`` to ``path`` so that the file appears whole or not at all."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    df.to_parquet(tmp, index=False)
    os.replace(tmp, path)


def run_chunk(
    tasks: list[dict[str, Any]],
    out: str,
    keep: tuple[str, ...],
    per_student: bool,
) -> dict[str, Any]:
    """Run a chunk of tasks on a worker and write their rows to a new part file.

    Only counts are returned: the rows (and any per-student table) stay on disk, so no
    per-student detail travels back to the parent process.

    Args:
        tasks: The runs of the chunk.
        out: The results folder (shared with the parent: the same path on every worker).
        keep: Outcome columns to keep.
        per_student: Also write the per-student tables.

    Returns:
        ``runs``, ``failed``, ``seconds``, ``part`` (the part file's name).
    """
    root = Path(out)
    token = uuid.uuid4().hex[:16]
    host, pid = socket.gethostname(), os.getpid()
    rows, students = [], []
    start = time.perf_counter()
    # The chunk's runs step as batches of stacked rows (vsvsim.run_batch); each run's
    # seconds are its share of the chunk's time.
    results = _batched(_calls(tasks))
    seconds = (time.perf_counter() - start) / max(1, len(tasks))
    for task in tasks:
        row = _row(task, results, keep, per_student)
        if "_students" in row:
            students.append(row.pop("_students"))
        row["_host"], row["_pid"], row["_seconds"] = host, pid, seconds
        rows.append(row)
    if students:
        # Written before the part file: a students file without its part is an orphan the
        # next resume deletes (its runs were not recorded as finished).
        _atomic_parquet(pd.concat(students), root / "students" / f"part-{token}.parquet")
    part = f"part-{token}.parquet"
    _atomic_parquet(pd.DataFrame(rows), root / "parts" / part)
    return {
        "runs": len(rows),
        "failed": sum(r["status"] == "error" for r in rows),
        "seconds": time.perf_counter() - start,
        "part": part,
    }


# --------------------------------------------------------------------------- parent side


def _prepare(exp: Experiment, plan: Any, out: Path, source_text: str | None) -> None:
    """Create the results folder, or check that an existing one holds this experiment.

    The folder appears whole (manifest, design, experiment) through one rename, so an
    interrupted start leaves nothing a later resume would misread.
    """
    manifest = out / MANIFEST
    if manifest.is_file():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data.get("fingerprint") != exp.fingerprint():
            raise ExperimentError(
                f"{out} holds the results of another experiment "
                f"({data.get('experiment', {}).get('name', '?')!r}, fingerprint "
                f"{data.get('fingerprint')}, this one {exp.fingerprint()}); give another "
                "--out, or delete the folder to start again"
            )
        return
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExperimentError(
            f"{out} exists and is not a sweep's results folder; give a new or empty --out"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        plan.design.to_parquet(scratch / "design.parquet", index=False)
        if plan.unit is not None:
            plan.unit.to_parquet(scratch / "unit.parquet", index=False)
        if source_text is not None:
            (scratch / "experiment.toml").write_text(source_text, encoding="utf-8")
        (scratch / "parts").mkdir()
        if exp.per_student:
            (scratch / "students").mkdir()
        data = {
            "format": _FORMAT,
            "fingerprint": exp.fingerprint(),
            "experiment": exp.to_dict(),
            "design_rows": len(plan.design),
            "runs": len(plan.tasks),
        }
        (scratch / MANIFEST).write_text(json.dumps(data, indent=1, default=str), "utf-8")
        if out.exists():
            out.rmdir()
        scratch.rename(out)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


@contextlib.contextmanager
def _lock(out: Path) -> Iterator[None]:
    """One sweep at a time per folder: two would compute the same runs twice."""
    import fcntl

    handle = open(out / ".lock", "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise ExperimentError(
            f"another sweep is writing to {out}; wait for it or stop it"
        ) from None
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _read_parts(out: Path) -> pd.DataFrame:
    """Rows of every complete part file; unreadable files are moved aside, not trusted."""
    parts = sorted((out / "parts").glob("part-*.parquet"))
    frames = []
    for path in parts:
        try:
            frames.append(pd.read_parquet(path))
        except Exception:
            # Cannot happen through the rename, but a copied or damaged folder can hold one:
            # its runs count as not finished and are computed again.
            bad = out / "parts" / "damaged"
            bad.mkdir(exist_ok=True)
            path.replace(bad / path.name)
    if not frames:
        return pd.DataFrame(columns=["run_id", "status", "error"])
    return pd.concat(frames, ignore_index=True)


def _tidy(out: Path) -> None:
    """Remove what an interrupted worker left: temporary files and orphan student files."""
    for folder in (out / "parts", out / "students"):
        if folder.is_dir():
            for tmp in folder.glob(".*.tmp"):
                tmp.unlink(missing_ok=True)
    students = out / "students"
    if students.is_dir():
        committed = {p.name for p in (out / "parts").glob("part-*.parquet")}
        for path in students.glob("part-*.parquet"):
            if path.name not in committed:
                path.unlink(missing_ok=True)


def _finished(rows: pd.DataFrame, retry_failed: bool) -> set[str]:
    if rows.empty:
        return set()
    ok = rows["status"] == "ok"
    return set(rows.loc[ok if retry_failed else slice(None), "run_id"])


def _saved(out: Path) -> int:
    """Runs on disk (what a resume will skip): the part files, not the parent's count."""
    try:
        return len(set(_read_parts(out)["run_id"]))
    except Exception:  # reporting only; never hide the interruption behind another error
        return 0


#: Most runs in one chunk: a chunk is stepped as batches, which gain little beyond a few
#: dozen members, and a chunk that was running when a sweep stopped is computed again.
CHUNK_MAX = 48


def _chunks(tasks: list[dict], workers: int) -> list[list[dict]]:
    """Chunks large enough to batch well, enough of them to keep every worker busy.

    The number of chunks is a multiple of the workers, the chunks as equal as they can
    be: with 21 chunks on 2 workers one worker would run an 11th while the other waits.
    """
    workers = max(1, workers)
    size = max(1, min(CHUNK_MAX, math.ceil(len(tasks) / (workers * 6))))
    count = math.ceil(math.ceil(len(tasks) / size) / workers) * workers
    size = max(1, math.ceil(len(tasks) / count))
    return [tasks[i : i + size] for i in range(0, len(tasks), size)]


def merge(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge the part files into ``results.parquet`` (design order) and ``runs.parquet``.

    A run that finished twice (a failed run retried, or a chunk a lost worker finished
    after all) keeps one row: its successful one if any, else its first.

    Returns:
        The results table and the per-run log.
    """
    design = pd.read_parquet(out / "design.parquet")
    rows = _read_parts(out)
    rows = rows.sort_values(
        ["run_id", "status"], key=lambda c: c.ne("ok") if c.name == "status" else c
    )
    rows = rows.drop_duplicates("run_id", keep="first")
    log = rows[["run_id", "status", "_host", "_pid", "_seconds"]].rename(
        columns=lambda c: c.lstrip("_")
    )
    outcomes = rows.drop(columns=["_host", "_pid", "_seconds"])
    results = design.merge(outcomes, on="run_id", how="left", validate="many_to_one")
    results = results.sort_values("row").reset_index(drop=True)
    _atomic_parquet(results, out / "results.parquet")
    _atomic_parquet(log.sort_values("run_id").reset_index(drop=True), out / "runs.parquet")
    return results, log


def sweep(
    experiment: str | Path | Experiment,
    out: str | Path,
    *,
    executor: Executor | None = None,
    workers: int | None = None,
    progress: bool = True,
    retry_failed: bool = False,
) -> SweepReport:
    """Run (or resume) every run of an experiment and merge the results.

    Args:
        experiment: An experiment file, name or loaded :class:`Experiment`.
        out: The results folder: new, empty, or one this experiment started.
        executor: Where runs go; a local process pool of ``workers`` when None. The
            sweep does not shut down an executor it was given.
        workers: Processes of the local pool (default: the machine's cores); with an
            executor given, the number of its workers (sets the chunk size only).
        progress: Show a progress bar (runs, runs per second, time left) on stderr.
        retry_failed: Compute failed runs again instead of keeping their error rows.

    Returns:
        The :class:`SweepReport`.

    Raises:
        ExperimentError: Bad experiment or folder (nothing written).
        SweepInterrupted: Stopped before the end; the same call resumes.
    """
    from vsvsim.experiments.designs import build_plan

    t_start = time.perf_counter()
    source_text = None
    if not isinstance(experiment, Experiment):
        path = Path(experiment)
        exp = load_experiment(experiment)
        if path.is_file():
            source_text = path.read_text(encoding="utf-8")
    else:
        exp = experiment
    plan = build_plan(exp)
    out = Path(out)
    own = executor is None
    n_workers = workers or os.cpu_count() or 1
    if own:
        executor = local_executor(n_workers)
    try:
        _prepare(exp, plan, out, source_text)
        with _lock(out):
            _tidy(out)
            done = _finished(_read_parts(out), retry_failed)
            todo = [t for rid, t in plan.tasks.items() if rid not in done]
            skipped = len(plan.tasks) - len(todo)
            _run_all(executor, todo, out, exp, n_workers, skipped, len(plan.tasks), progress)
            results, _ = merge(out)
    finally:
        if own:
            executor.shutdown(wait=True, cancel_futures=True)
    failed = int(results.drop_duplicates("run_id")["status"].ne("ok").sum())
    return SweepReport(
        out=out,
        total=len(plan.tasks),
        skipped=skipped,
        computed=len(todo),
        failed=failed,
        seconds=time.perf_counter() - t_start,
        results=results,
    )


def local_executor(workers: int) -> Executor:
    """A pool of ``workers`` fresh processes (spawned: no state inherited by forking).

    The workers start at once and warm up (imports, the numba kernels' cache), so that
    this overlaps with what the parent does before the first chunk (reading the
    experiment, building the design: the EMA workbench's import alone takes seconds).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    for _ in range(workers):
        pool.submit(warm_up)
    return pool


def warm_up() -> None:
    """Import what a chunk needs and load the kernels (a worker's first task)."""
    import vsvsim

    vsvsim.run_batch("baseline", seeds=[0], students=20, tables=("summary",))


def _run_all(
    executor: Executor,
    todo: list[dict],
    out: Path,
    exp: Experiment,
    workers: int,
    skipped: int,
    total: int,
    progress: bool,
) -> None:
    from tqdm import tqdm

    if not todo:
        return
    chunks = _chunks(todo, workers)
    bar = tqdm(
        total=total,
        initial=skipped,
        unit="run",
        desc=exp.name,
        disable=not progress,
        file=sys.stderr,
        smoothing=0.1,
        dynamic_ncols=True,
    )
    futures: list[Future] = []
    try:
        for chunk in chunks:
            futures.append(
                executor.submit(run_chunk, chunk, str(out.resolve()), exp.outcomes, exp.per_student)
            )
        failed = 0
        for fut in as_completed(futures):
            info = fut.result()
            failed += info["failed"]
            bar.update(info["runs"])
            if failed:
                bar.set_postfix(failed=failed, refresh=False)
    except KeyboardInterrupt:
        for fut in futures:
            fut.cancel()
        raise SweepInterrupted(
            f"interrupted: {_saved(out)} of {total} runs finished and saved in {out}; "
            "run the same command to resume"
        ) from None
    except Exception as err:  # a lost worker, a broken pool, a dead scheduler
        for fut in futures:
            fut.cancel()
        raise SweepInterrupted(
            f"the executor failed ({type(err).__name__}: {err}); {_saved(out)} of {total} "
            f"runs finished and saved in {out}; run the same command to resume"
        ) from None
    finally:
        bar.close()
