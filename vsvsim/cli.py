"""Command line: `vsvsim run | compare | demo | calibrate | sweep | app | diaries | ...`.

Also `scenarios`, `params`, `docs` and `regression`; `vsvsim --help` lists them all.

Also `vsvsim sweep | analyse`, registered from :mod:`vsvsim.experiments.cli`.

Bad input (an unknown scenario, a parameter out of range, a negative seed) gets one
clear message on stderr and exit status 2; nothing is written and nothing runs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from vsvsim.params import GROUPS, PARAMETERS
from vsvsim.scenario import ScenarioError, available, load_scenario

__all__ = ["main"]


class UsageError(Exception):
    """Bad command-line input."""


def _parse_set(items: list[str]) -> dict[str, Any]:
    """``key=value`` pairs; values are read as TOML (``0.3``, ``true``, ``"preventive"``)."""
    out: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise UsageError(f"--set {item!r}: use KEY=VALUE, for example --set coaches=40")
        try:
            value = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw  # a bare word such as preventive
        out[key.strip()] = value
    return out


def _nonnegative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not allowed; use a whole number >= 0")
    return value


def _positive_int(text: str) -> int:
    value = _nonnegative_int(text)
    if value == 0:
        raise argparse.ArgumentTypeError("0 is not allowed; use a whole number >= 1")
    return value


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    changes = _parse_set(args.set or [])
    if args.students is not None:
        changes["students"] = args.students
    if args.years is not None:
        changes["years"] = args.years
    return changes


def cmd_run(args: argparse.Namespace) -> int:
    """Run one scenario; write students, summary, parameters, mentors (and weekly) tables."""
    from vsvsim.run import run

    spec = load_scenario(args.scenario)
    spec = spec.with_params(where="command line", **_overrides(args))
    out = Path(args.out)
    # Write into a scratch folder next to the target and move files in only on success.
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".vsvsim-", dir=out))
    try:
        weekly = scratch / "weekly.parquet" if args.trajectories else None
        result = run(spec, seed=args.seed, weekly_path=weekly)
        result.students.to_parquet(scratch / "students.parquet", index=False)
        result.summary.to_parquet(scratch / "summary.parquet", index=False)
        result.mentors.to_parquet(scratch / "mentors.parquet", index=False)
        result.parameters.to_parquet(scratch / "parameters.parquet", index=False)
        for f in scratch.iterdir():
            f.replace(out / f.name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    s = result.summary.iloc[0]
    print(
        f"{spec.name}: {int(s.students_entered)} students, seed {result.seed}: "
        f"dropout {s.dropout_rate:.1%} (switchers {s.switcher_rate:.1%}, "
        f"school leavers {s.school_leaver_rate:.1%}), diploma {s.diploma_rate:.1%}"
    )
    print(f"tables written to {out}/")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    """Run scenarios over replications (common random numbers); write table and figure."""
    from vsvsim.compare import compare

    # compare() validates every scenario (and the replications) before anything runs or
    # is written, and writes through a scratch folder, like cmd_run.
    compare(
        args.scenarios,
        replications=args.replications,
        students=args.students,
        seed=args.seed,
        years=args.years,
        out=Path(args.out),
        overrides=_parse_set(args.set or []),
        posterior=args.posterior,
        posterior_file=args.posterior_file,
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Baseline vs preventive screening vs curative coaching (common random numbers)."""
    from vsvsim.demo import demo

    demo(
        students=args.students or 2000,
        seed=args.seed,
        years=args.years or 2,
        out=Path(args.out),
        overrides=_parse_set(args.set or []),
        replications=args.replications,
        posterior=args.posterior,
        posterior_file=args.posterior_file,
    )
    return 0


def cmd_scenarios(args: argparse.Namespace) -> int:
    """List the scenario files."""
    for name in available():
        spec = load_scenario(name)
        print(f"{name:24s} {' '.join(spec.description.split())}")
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    """Print the parameter table."""
    for group, title in GROUPS.items():
        print(f"[{group}]  {title}")
        for p in PARAMETERS.values():
            if p.group == group:
                print(f"  {p.name:36s} {p.default!s:>10}  {p.allowed():34s} {p.unit}")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Score the model against the calibration targets T1-T7."""
    import pandas as pd

    from vsvsim.analysis.targets import measure, score

    overrides = _parse_set(args.set or [])
    load_scenario("baseline").with_params(where="command line", **overrides)  # validate first
    table = score(measure(args.students, args.replications, args.seed, overrides))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "targets.csv", index=False)
    with pd.option_context("display.width", 200, "display.max_colwidth", 70):
        shown = table[["target", "description", "model", "p5", "p95", "low", "high", "pass"]]
        print(shown.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    passed = int(table["pass"].sum())
    print(f"\n{passed} of {len(table)} targets within their band; table in {out}/targets.csv")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    """Regenerate the parameter and state tables in docs/ODD.md."""
    from vsvsim.docs import ODD_PATH, update

    print(f"{ODD_PATH}: {'updated' if update() else 'already up to date'}")
    return 0


def cmd_regression(args: argparse.Namespace) -> int:
    """Check the packaged scenarios against the regression baseline, or record it anew."""
    import json

    from vsvsim import regression

    if args.update:
        path = regression.write()
        print(f"wrote {path}")
        return 0
    baseline = json.loads(regression.BASELINE_PATH.read_text(encoding="utf-8"))
    diffs = regression.compare(regression.compute(), baseline)
    for line in diffs:
        print(line)
    print("regression baseline: " + ("differs" if diffs else "reproduced"))
    return 1 if diffs else 0


def cmd_app(args: argparse.Namespace) -> int:
    """Start the browser app (Solara) on localhost unless --host says otherwise."""
    from vsvsim.app.serve import serve

    return serve(host=args.host, port=args.port, production=not args.dev)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vsvsim",
        description="Agent-based simulation of early school leaving (VSV) in Dutch mbo.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser, out: str) -> None:
        p.add_argument("--students", type=_positive_int, help="initial cohort size")
        p.add_argument("--seed", type=_nonnegative_int, default=0, help="random seed (default 0)")
        p.add_argument("--years", type=_positive_int, help="school years to simulate")
        p.add_argument("--out", default=out, help=f"output folder (default {out})")
        p.add_argument(
            "--set",
            action="append",
            metavar="KEY=VALUE",
            help="override a parameter (repeatable); see `vsvsim params`",
        )

    p_run = sub.add_parser("run", help="run one scenario and write Parquet tables")
    p_run.add_argument("scenario", help="scenario name (see `vsvsim scenarios`) or TOML path")
    common(p_run, "results/run")
    p_run.add_argument(
        "--trajectories", action="store_true", help="also write weekly.parquet (per student)"
    )
    p_run.set_defaults(func=cmd_run)

    p_cmp = sub.add_parser(
        "compare",
        help="run scenarios over replications (common random numbers): table and figure",
        description="Run every scenario R times; replication i uses seed + i in every "
        "scenario (same cohort and draws). The first scenario is the reference for the "
        "cost per prevented dropout. Writes replications.parquet, comparison.csv/.parquet, "
        "timing.parquet and comparison.png. Defaults: 2000 students, 2 school years, "
        "5 replications.",
    )
    p_cmp.add_argument(
        "scenarios", nargs="+", metavar="SCENARIO", help="scenario names or TOML paths"
    )
    common(p_cmp, "results/compare")
    # Checked in compare() rather than by argparse, so 0 gets the one-line message.
    p_cmp.add_argument(
        "--replications", type=int, default=5, help="replications per scenario (default 5)"
    )
    # Checked in compare() as well: too few draws gets the one-line message there.
    p_cmp.add_argument(
        "--posterior",
        type=_positive_int,
        metavar="K",
        help="also run every scenario over K draws of the posterior sample (same draws and "
        "seeds in every scenario): intervals with parameter uncertainty, and the variance "
        "split into parameter and stochastic parts",
    )
    p_cmp.add_argument(
        "--posterior-file",
        metavar="FILE",
        help="the posterior sample (.parquet or .csv: one row per draw, columns = parameter "
        "names and an optional weight; default docs/calibration/inference/posterior.parquet)",
    )
    p_cmp.set_defaults(func=cmd_compare)

    p_demo = sub.add_parser(
        "demo",
        help="baseline vs preventive screening vs curative: table and figures",
        description="Run the three scenarios with common random numbers; write tables and "
        "figures. When the calibration's posterior sample exists "
        "(docs/calibration/inference/posterior.parquet), also compare them over K of its "
        "draws x max(R, 2) replications, with parameter uncertainty, in OUT/posterior/; "
        "without it the intervals are stochastic only.",
    )
    common(p_demo, "results/demo")
    p_demo.add_argument(
        "--replications", type=int, default=1, help="replications per scenario (default 1)"
    )
    # Checked in the demo: 1 gets compare's one-line message (the split needs two draws).
    p_demo.add_argument(
        "--posterior",
        type=_nonnegative_int,
        default=8,
        metavar="K",
        help="also compare over K posterior draws when the posterior sample exists "
        "(default 8; 0: not)",
    )
    p_demo.add_argument(
        "--posterior-file",
        metavar="FILE",
        help="the posterior sample (default docs/calibration/inference/posterior.parquet, "
        "skipped with a note when absent)",
    )
    p_demo.set_defaults(func=cmd_demo)

    sub.add_parser("scenarios", help="list scenario files").set_defaults(func=cmd_scenarios)
    sub.add_parser("params", help="print the parameter table").set_defaults(func=cmd_params)
    sub.add_parser("docs", help="regenerate tables in docs/ODD.md").set_defaults(func=cmd_docs)

    p_reg = sub.add_parser(
        "regression",
        help="check every scenario against the regression baseline (tests/data)",
    )
    p_reg.add_argument(
        "--update", action="store_true", help="record the current outcomes as the baseline"
    )
    p_reg.set_defaults(func=cmd_regression)

    p_cal = sub.add_parser("calibrate", help="score the model against targets T1-T7")
    p_cal.add_argument("--students", type=_positive_int, default=3000)
    p_cal.add_argument("--replications", type=_positive_int, default=3)
    p_cal.add_argument("--seed", type=_nonnegative_int, default=0)
    p_cal.add_argument("--out", default="results/calibration")
    p_cal.add_argument(
        "--set",
        action="append",
        metavar="KEY=VALUE",
        help="override a parameter in every target scenario (repeatable)",
    )
    p_cal.set_defaults(func=cmd_calibrate)

    from vsvsim.diaries.cli import add_parser as add_diaries

    add_diaries(sub, _positive_int, _nonnegative_int)

    p_app = sub.add_parser("app", help="start the browser app (Dutch and English)")
    p_app.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    p_app.add_argument("--port", type=_positive_int, default=8765, help="port (default 8765)")
    p_app.add_argument("--dev", action="store_true", help="reload on code changes (development)")
    p_app.set_defaults(func=cmd_app)

    from vsvsim.experiments.cli import register as register_experiments

    register_experiments(sub)  # sweep, analyse
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``vsvsim`` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (ScenarioError, UsageError, ValueError) as err:
        print(f"vsvsim: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"vsvsim: error: {err.strerror or err}: {err.filename or ''}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
