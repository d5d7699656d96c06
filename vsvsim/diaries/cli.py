"""``vsvsim diaries export | load | compare``: the diary bridge on the command line.

Registered in :mod:`vsvsim.cli` by :func:`add_parser`. Bad input (a folder without the
run's tables, a file that is not a diary export, an unknown diary parameter) gets one
message naming what is wrong and exit status 2; nothing is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any

__all__ = ["add_parser"]


def _diary_set(items: list[str] | None) -> dict[str, Any]:
    from vsvsim.diaries.response import diary_params

    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise ValueError(
                f"--diary-set {item!r}: use KEY=VALUE, e.g. --diary-set rate_coach=0.5"
            )
        try:
            out[key.strip()] = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            out[key.strip()] = raw
    diary_params(out)  # validate before anything runs
    return out


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD") from None


def cmd_export(args: argparse.Namespace) -> int:
    """Simulate the run's diaries and write the platform's exports."""
    from vsvsim.diaries.export import EXPORT_VERSIONS, diaries_from_run_dir, write_exports

    if args.version not in EXPORT_VERSIONS:
        raise ValueError(
            f"--version {args.version!r} is not known; use one of {', '.join(EXPORT_VERSIONS)}"
        )
    diaries = diaries_from_run_dir(args.run_dir, seed=args.seed, params=_diary_set(args.diary_set))
    paths = write_exports(diaries, args.out, version=args.version, date=args.date)
    for key, r in diaries.responses.items():
        print(
            f"{key}: {r['person'].nunique()} respondents, {len(r)} scheduled diaries, "
            f"{r['completed'].mean():.1%} completed"
        )
    print("written: " + ", ".join(p.name for p in paths) + f" in {args.out}/")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    """Read and validate an export; print its summary; optionally write tidy tables."""
    from vsvsim.diaries.load import load_export

    d = load_export(args.file, keep_text=args.keep_text)  # raises before anything is written
    t = d.table
    pairs = t["protocol_subscription_id"].nunique()
    print(f"{d.questionnaire.name} (export version {d.version}): {t['person_id'].nunique()} "
          f"respondents, {pairs} subscriptions, {len(t)} person-weeks")  # fmt: skip
    print("status: " + ", ".join(f"{k} {v}" for k, v in t["status"].value_counts().items()))
    for note in d.notes:
        print(f"note: {note}")
    miss = d.missing
    if len(miss):
        print("missing values by item and reason:")
        print(miss.to_string())
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".vsvsim-", dir=out))
        try:
            stem = d.questionnaire.key
            t.to_parquet(scratch / f"{stem}.parquet", index=False)
            d.reasons.to_parquet(scratch / f"{stem}_missing_reasons.parquet", index=False)
            miss.to_csv(scratch / f"{stem}_missing.csv")
            meanings = {"column": list(d.items), "meaning": list(d.items.values())}
            import pandas as pd

            pd.DataFrame(meanings).to_csv(scratch / f"{stem}_items.csv", index=False)
            for f in scratch.iterdir():
                f.replace(out / f.name)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        print(f"tidy tables written to {out}/")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    """Real and simulated diaries side by side."""
    from vsvsim.cli import _parse_set
    from vsvsim.diaries.compare import compare_diaries

    table = compare_diaries(
        args.real_dir,
        scenario=args.scenario,
        students=args.students,
        seed=args.seed,
        out=args.out,
        overrides=_parse_set(args.set or []),
        diary=_diary_set(args.diary_set),
    )
    print(f"{int(table['differs'].sum())} of {len(table)} diary statistics differ beyond "
          f"twice their sampling error; figure and report in {args.out}/")  # fmt: skip
    return 0


def add_parser(sub, positive_int, nonnegative_int) -> None:
    """Register ``vsvsim diaries`` and its subcommands on the main parser's subparsers."""
    p = sub.add_parser(
        "diaries",
        help="process-study diaries: export simulated ones, load real ones, compare",
        description="The weekly diaries of the process study in the u-can-act export "
        "format. See docs/diaries.md.",
    )
    dsub = p.add_subparsers(dest="diaries_command", required=True)
    diary_set = {
        "action": "append",
        "metavar": "KEY=VALUE",
        "help": "override a diary parameter (repeatable); see docs/diaries.md",
    }

    e = dsub.add_parser("export", help="simulate a run's diaries; write the platform's CSVs")
    e.add_argument("run_dir", metavar="RUN_DIR", help="folder of `vsvsim run ... --trajectories`")
    e.add_argument("--out", default="results/diaries", help="output folder")
    e.add_argument("--version", default="current",
                   help="export version: 2017, 2018 or current (default current)")  # fmt: skip
    e.add_argument("--date", type=_date, help="export date in the file names (YYYY-MM-DD)")
    e.add_argument("--seed", type=nonnegative_int, help="diary seed (default: the run's seed)")
    e.add_argument("--diary-set", **diary_set)
    e.set_defaults(func=cmd_export)

    ld = dsub.add_parser("load", help="read and validate an export into tidy tables")
    ld.add_argument("file", metavar="FILE", help="responses_dagboek_<...>_<date>.csv")
    ld.add_argument("--out", help="write tidy Parquet tables here (only if the file is valid)")
    ld.add_argument("--keep-text", action="store_true",
                    help="keep free-text columns (they may hold first names)")  # fmt: skip
    ld.set_defaults(func=cmd_load)

    c = dsub.add_parser("compare", help="real and simulated diaries side by side")
    c.add_argument("real_dir", metavar="REAL_DIR", help="folder with the real exports")
    c.add_argument("--scenario", default="process_study", help="scenario to simulate")
    c.add_argument("--students", type=positive_int, default=2000, help="cohort size")
    c.add_argument("--seed", type=nonnegative_int, default=0, help="random seed")
    c.add_argument("--out", default="results/diaries_compare", help="output folder")
    c.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="override a model parameter (repeatable)")  # fmt: skip
    c.add_argument("--diary-set", **diary_set)
    c.set_defaults(func=cmd_compare)
