"""What the app computes, without any user interface: input checks, comparisons, stories.

Everything the pages show comes from here, and everything here goes through the package's
public functions: comparisons through :mod:`vsvsim.compare` (``prepare``,
``run_comparison``, ``summarise``) so the numbers equal ``vsvsim compare`` for the same
settings, single runs through :func:`vsvsim.run`. Nothing is evaluated from user text:
numbers are parsed with ``int`` after a digits-only check, scenario files go through the
package's loader.

Results are cached in memory keyed by every input (package version included), so a room
of users asking for the same comparison computes it once; the cached objects are never
changed after they are made, so sharing them between sessions is safe. Session state
(which scenarios a user picked, their levers, the week they look at) lives in the page
components, never here.

The default comparison carries parameter uncertainty when the calibration's posterior
sample is adopted (:data:`vsvsim.posterior.DEFAULT_POSTERIOR` exists): it then runs over
:data:`DEFAULT_POSTERIOR_DRAWS` draws x the replications, like ``vsvsim compare
--posterior K``, and its cache key holds the file's content digest and K, so a changed
posterior is never served from an old cache. Without the file it is stochastic only.
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import vsvsim
import vsvsim.posterior as posterior_sample
from vsvsim import compare as cmp
from vsvsim.scenario import Scenario, ScenarioError, available, load_scenario

__all__ = [
    "CALIBRATION_SCENARIOS",
    "DEFAULT_POSTERIOR_DRAWS",
    "DEFAULT_SCENARIOS",
    "LEVERS",
    "MAX_REPLICATIONS",
    "MAX_SCENARIOS",
    "MAX_STUDENTS",
    "MECHANISMS",
    "MIXES",
    "STORY_KINDS",
    "AdoptedPosterior",
    "InputProblem",
    "Slot",
    "Story",
    "adopted_posterior",
    "build_specs",
    "cli_command",
    "default_comparison",
    "driving_loop",
    "friend_network",
    "parse_whole",
    "pick_students",
    "policy_scenarios",
    "run_chunked",
    "run_posterior",
    "start_precompute",
    "story_run",
    "whatif_overrides",
]

# --- bounds -------------------------------------------------------------------------------

#: Largest cohort and replication count the browser app runs (a room full of users shares
#: two cores); the command line has no such cap.
MAX_STUDENTS = 5000
MIN_STUDENTS = 50
MAX_REPLICATIONS = 10
MAX_SEED = 2**32 - 1
MAX_SCENARIOS = 4
MIN_SCENARIOS = 2
#: Story cohorts are smaller: one school year, weekly rows for every student.
MAX_STORY_STUDENTS = 3000
STORY_STUDENTS = 1000
STORY_SCENARIO = "preventive_screening"

#: Scenarios made to calibrate the model, not policy choices; not offered in the app.
CALIBRATION_SCENARIOS = ("process_study", "kvj_projects")
#: The demo's scenarios: the default comparison (precomputed).
DEFAULT_SCENARIOS: tuple[str, ...] = ("baseline", "preventive_screening", "curative")
#: Posterior draws of the default comparison when the calibration's posterior is adopted.
DEFAULT_POSTERIOR_DRAWS = 8

#: Per-scenario levers shown in the compare page (labels and help from the i18n tables).
LEVERS: tuple[str, ...] = (
    "preventive",
    "coach_type",
    "coaches",
    "coach_caseload",
    "intake_week",
    "waiting_weeks",
    "after_leaving",
    "curative",
    "curative_coaches",
    "labour_market_pull",
)
#: Slider limits (low, high, step) narrower than the parameter table's range, where that
#: range is too wide to steer with a slider.
UI_LIMITS: dict[str, tuple[float, float, float]] = {
    "coaches": (0, 100, 1),
    "coach_caseload": (1, 20, 1),
    "intake_week": (0, 40, 1),
    "waiting_weeks": (0, 26, 1),
    "curative_coaches": (0, 100, 1),
    "labour_market_pull": (0.0, 1.0, 0.05),
}
MECHANISMS: tuple[str, ...] = tuple(
    n for n, p in vsvsim.PARAMETERS.items() if p.group == "mechanisms"
)

#: Cohort mixes offered for every scenario at once (an assumption of the app: the brief
#: names "cohort size and mix" as a lever; these presets move the mbo-level and screening
#: shares in plausible directions). Key -> parameter values.
MIXES: dict[str, dict[str, float]] = {
    "standard": {},
    "lower_levels": {
        "share_level_1": 0.15,
        "share_level_2": 0.35,
        "share_level_3": 0.25,
        "share_level_4": 0.25,
    },
    "more_risk": {"share_orange": 0.25, "share_red": 0.10},
}
MIX_LABELS: dict[str, dict[str, str]] = {
    "standard": {"nl": "zoals landelijk", "en": "national mix"},
    "lower_levels": {"nl": "meer niveau 1 en 2", "en": "more levels 1 and 2"},
    "more_risk": {"nl": "meer oranje en rood", "en": "more orange and red"},
}


def policy_scenarios() -> list[str]:
    """Shipped scenarios a user can pick (calibration scenarios left out)."""
    return [n for n in available() if n not in CALIBRATION_SCENARIOS]


# --- input checks -------------------------------------------------------------------------


class InputProblem(ValueError):
    """A value a user typed that cannot be used.

    Attributes:
        key: Text key of the message (:data:`vsvsim.app.i18n.TEXTS`).
        fields: Values for the message; ``what`` is a text key too (the input's name).
    """

    def __init__(self, key: str, **fields: Any):
        super().__init__(key)
        self.key = key
        self.fields = fields

    def message(self, lang: str) -> str:
        """The message in ``lang``."""
        from vsvsim.app.i18n import fmt_number, t

        fields = dict(self.fields)
        if "what" in fields:
            fields["what"] = t(fields["what"], lang)
        for name in ("low", "high"):
            if isinstance(fields.get(name), int):
                fields[name] = fmt_number(fields[name], lang)
        return t(self.key, lang, **fields)


def parse_whole(text: str, what: str, low: int, high: int, cap: int | None = None) -> int:
    """Read a whole number typed by a user, within ``low``..``high``.

    Only ASCII digits are accepted (no sign, decimal point or exponent): ``"1e3"`` and
    ``"3.7"`` are refused rather than silently rounded, and nothing is evaluated.

    Args:
        text: What the user typed (surrounding spaces are ignored).
        what: Text key naming the input in the message.
        low: Smallest allowed value.
        high: Largest allowed value.
        cap: A bound of the app rather than the model: above it the message says the
            command line has no cap.

    Returns:
        The number.

    Raises:
        InputProblem: With a message naming the input, the value and what is allowed.
    """
    raw = (text or "").strip()
    top = cap if cap is not None else high
    if not raw:
        raise InputProblem("err_empty", what=what)
    if not (raw.isascii() and raw.isdigit()):
        if raw.startswith("-") and raw[1:].isascii() and raw[1:].isdigit():
            raise InputProblem("err_range", what=what, value=raw, low=low, high=top)
        raise InputProblem("err_not_whole", what=what, value=raw[:40], low=low, high=top)
    value = int(raw[:30])  # digits only; the slice stops absurdly long input early
    if len(raw) > 30 or value < low or value > high:
        raise InputProblem("err_range", what=what, value=raw[:40], low=low, high=top)
    if cap is not None and value > cap:
        raise InputProblem("err_cap", what=what, value=raw, high=cap)
    return value


# --- comparisons --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Slot:
    """One column of the comparison: a scenario and the levers changed in it.

    Attributes:
        scenario: Name of a shipped scenario or of an uploaded one.
        overrides: Changed levers as sorted ``(name, value)`` pairs.
    """

    scenario: str
    overrides: tuple[tuple[str, Any], ...] = ()

    def with_lever(self, name: str, value: Any, base: Scenario) -> Slot:
        """A copy with lever ``name`` set; a value equal to the scenario's own drops out."""
        items = dict(self.overrides)
        if value == base.params[name]:
            items.pop(name, None)
        else:
            items[name] = value
        return Slot(self.scenario, tuple(sorted(items.items())))


def base_scenario(name: str, uploads: dict[str, Scenario] | None = None) -> Scenario:
    """The scenario a slot starts from: an upload of this session, or a shipped file."""
    if uploads and name in uploads:
        return uploads[name]
    return load_scenario(name)


def build_specs(
    slots: Sequence[Slot],
    uploads: dict[str, Scenario] | None,
    *,
    students: int,
    replications: int,
    mix: str = "standard",
) -> dict[str, Scenario]:
    """Validated scenarios for :func:`run_chunked`, exactly as ``vsvsim compare`` makes them.

    A scenario picked twice gets a numbered name ("preventive_screening (2)"), since a
    comparison needs distinct names. Shared settings (cohort size and mix, two school
    years) go through :func:`vsvsim.compare.prepare` like the command line's.

    Raises:
        InputProblem: When fewer than two or more than four scenarios are picked.
        ScenarioError: When a value is not allowed (the package's message).
    """
    if not MIN_SCENARIOS <= len(slots) <= MAX_SCENARIOS:
        raise InputProblem("err_scenarios")
    made: list[Scenario] = []
    seen: collections.Counter[str] = collections.Counter()
    for slot in slots:
        spec = base_scenario(slot.scenario, uploads)
        if slot.overrides:
            spec = spec.with_params(where=spec.name, **dict(slot.overrides))
        seen[spec.name] += 1
        if seen[spec.name] > 1:
            spec = dataclasses.replace(spec, name=f"{spec.name} ({seen[spec.name]})")
        made.append(spec)
    return cmp.prepare(
        made,
        replications=replications,
        students=students,
        years=cmp.DEFAULT_YEARS,
        overrides=dict(MIXES[mix]),
    )


def _key(
    specs: dict[str, Scenario],
    replications: int,
    seed: int,
    posterior: tuple[str, int] | None = None,
) -> str:
    """Cache key: package version and every input of the comparison.

    Args:
        specs: The validated scenarios (names and every parameter value).
        replications: Replications per scenario (per draw).
        seed: Seed of replication 0.
        posterior: With posterior draws: the sample's content digest and the number of
            draws (a changed file or K is another comparison); None without.
    """
    data = {
        "version": vsvsim.__version__,
        "specs": [[n, sorted((k, repr(v)) for k, v in s.params.items())] for n, s in specs.items()],
        "replications": replications,
        "seed": seed,
    }
    if posterior is not None:
        data["posterior"] = {"sha256": posterior[0], "draws": posterior[1]}
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:24]


_MEMO: collections.OrderedDict[str, cmp.Comparison] = collections.OrderedDict()
_MEMO_SIZE = 24
_MEMO_LOCK = threading.Lock()


def _remember(key: str, comp: cmp.Comparison) -> None:
    with _MEMO_LOCK:
        _MEMO[key] = comp
        _MEMO.move_to_end(key)
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)


def _recall(key: str) -> cmp.Comparison | None:
    with _MEMO_LOCK:
        comp = _MEMO.get(key)
        if comp is not None:
            _MEMO.move_to_end(key)
        return comp


class Cancelled(Exception):
    """The user stopped a comparison."""


def run_chunked(
    specs: dict[str, Scenario],
    *,
    replications: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> cmp.Comparison:
    """Run a comparison one replication at a time, with progress and a way to stop.

    Replication ``i`` is :func:`vsvsim.compare.run_comparison` with one replication and
    seed ``seed + i``: the same runs, seeds and per-replication cost per prevented dropout
    as one call with all replications. The replications are then joined and reduced with
    :func:`vsvsim.compare.summarise`, the function ``run_comparison`` itself reduces with,
    so the table equals ``vsvsim compare`` for the same settings (a test checks it).

    Args:
        specs: Validated scenarios (:func:`build_specs`); the first is the reference.
        replications: Replications per scenario.
        seed: Seed of replication 0.
        progress: Called with (replications done, replications) after each one.
        cancelled: Polled between replications; True stops the run.

    Returns:
        The comparison (also remembered for the next identical request).

    Raises:
        Cancelled: When ``cancelled`` returned True.
    """
    key = _key(specs, replications, seed)
    hit = _recall(key)
    if hit is not None:
        if progress:
            progress(replications, replications)
        return hit
    reps, timing = [], []
    for i in range(replications):
        if cancelled is not None and cancelled():
            raise Cancelled
        part = cmp.run_comparison(specs, replications=1, seed=seed + i)
        reps.append(part.replications.assign(replication=i))
        # One replication's "summary" holds that replication's values: keep them as rows.
        timing.append(
            part.timing[
                ["scenario", "order", "month", "month_name", "left_share", "leaver_share"]
            ].assign(replication=i)
        )
        if progress:
            progress(i + 1, replications)
    replicated = pd.concat(reps, ignore_index=True)
    table = cmp.summarise(
        replicated, "scenario", [m for m in cmp.METRICS if m in replicated.columns]
    )
    # Replications with a gain, per cost per unit (one concat: no fragmented frame).
    counts = {
        f"{name}_n": replicated.groupby("scenario", sort=False)[name].count()
        for name in cmp.COST_PER
        if name in replicated.columns
    }
    table = pd.concat([table, pd.DataFrame(counts)], axis=1)
    months = cmp.summarise(
        pd.concat(timing, ignore_index=True),
        ["scenario", "order", "month", "month_name"],
        ["left_share", "leaver_share"],
    ).reset_index()
    reference = next(iter(specs))
    spec0 = specs[reference]
    comp = cmp.Comparison(
        table=table,
        replications=replicated,
        timing=months,
        reference=reference,
        students=int(spec0.params["students"]),
        years=int(spec0.params["years"]),
        seed=seed,
    )
    _remember(key, comp)
    return comp


def cli_command(
    slots: Sequence[Slot],
    students: int,
    replications: int,
    seed: int,
    mix: str,
    posterior: int = 0,
) -> str | None:
    """The ``vsvsim compare`` command giving the same numbers, when one exists.

    The command line applies ``--set`` to every scenario, so a command exists when no
    lever was changed in only some scenarios and nothing was uploaded. ``posterior``: the
    comparison's posterior draws (0: none), from the default sample.
    """
    shipped = set(available())
    if any(s.scenario not in shipped for s in slots):
        return None
    sets = {s.overrides for s in slots}
    if len(sets) != 1:
        return None
    common = dict(next(iter(sets)))
    common.update(MIXES[mix])
    parts = ["uv run vsvsim compare", *(s.scenario for s in slots)]
    parts += [f"--students {students}", f"--replications {replications}", f"--seed {seed}"]
    if posterior:
        parts.append(f"--posterior {posterior}")
    for name, value in common.items():
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        parts.append(f"--set {name}={shown}")
    return " ".join(parts)


# --- the precomputed default comparison ---------------------------------------------------


def cache_dir() -> Path:
    """Folder for the precomputed default comparison (``VSVSIM_APP_CACHE`` overrides)."""
    configured = os.environ.get("VSVSIM_APP_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vsvsim" / "app"


def default_slots() -> list[Slot]:
    """The default comparison's columns: the demo's scenarios, as shipped."""
    return [Slot(name) for name in DEFAULT_SCENARIOS]


def _default_specs() -> dict[str, Scenario]:
    return build_specs(
        default_slots(),
        None,
        students=cmp.DEFAULT_STUDENTS,
        replications=cmp.DEFAULT_REPLICATIONS,
    )


@dataclasses.dataclass(frozen=True)
class AdoptedPosterior:
    """The calibration's posterior sample as the default comparison uses it.

    Attributes:
        path: The file (:data:`vsvsim.posterior.DEFAULT_POSTERIOR`).
        digest: SHA-256 of its content.
        draws: Draws the default comparison runs over (:data:`DEFAULT_POSTERIOR_DRAWS`).
    """

    path: Path
    digest: str
    draws: int


_log = logging.getLogger(__name__)
#: Whether the sample behind a content digest loads (checked once per digest).
_VALID: dict[str, bool] = {}


def adopted_posterior() -> AdoptedPosterior | None:
    """The adopted posterior sample, or None when there is none (or it does not load).

    Looks at :data:`vsvsim.posterior.DEFAULT_POSTERIOR` and hashes its content at every
    call (a file committed or changed while the server runs counts; a sample of a few
    thousand draws hashes in milliseconds); a file that does not load (the loader's
    checks) is logged once and treated as absent.
    """
    path = Path(posterior_sample.DEFAULT_POSTERIOR)
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:  # absent (or a folder, or unreadable): no posterior adopted
        return None
    if digest not in _VALID:
        try:
            posterior_sample.load_posterior(path)
            _VALID[digest] = True
        except ScenarioError as err:
            _log.warning("posterior sample not used: %s", err)
            _VALID[digest] = False
    return AdoptedPosterior(path, digest, DEFAULT_POSTERIOR_DRAWS) if _VALID[digest] else None


def _default_key(specs: dict[str, Scenario], adopted: AdoptedPosterior | None) -> str:
    posterior = None if adopted is None else (adopted.digest, adopted.draws)
    return _key(specs, cmp.DEFAULT_REPLICATIONS, 0, posterior)


def run_posterior(
    specs: dict[str, Scenario],
    *,
    replications: int,
    seed: int,
    draws: int,
    posterior_file: str | Path,
) -> cmp.Comparison:
    """A comparison over posterior draws x replications, as ``vsvsim compare --posterior``.

    The draws are picked and checked by :func:`vsvsim.compare.prepare_draws` with
    ``seed`` and run in one :func:`vsvsim.compare.run_comparison` call (the variance split
    needs every draw's replications), so the table equals the command line's.
    """
    picked, source = cmp.prepare_draws(
        specs, draws, posterior_file, seed=seed, replications=replications
    )
    comp = cmp.run_comparison(specs, replications=replications, seed=seed, draws=picked)
    comp.posterior = source
    return comp


_TABLES = ("table", "replications", "timing")
#: Tables a comparison over posterior draws adds (None without).
_POSTERIOR_TABLES = ("draws", "difference")


def _load_disk(key: str, specs: dict[str, Scenario]) -> cmp.Comparison | None:
    folder = cache_dir() / key
    if not all((folder / f"{name}.parquet").is_file() for name in _TABLES):
        return None
    try:
        frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in _TABLES}
        for name in _POSTERIOR_TABLES:
            if (folder / f"{name}.parquet").is_file():
                frames[name] = pd.read_parquet(folder / f"{name}.parquet")
        source = folder / "posterior.json"
        meta = json.loads(source.read_text(encoding="utf-8")) if source.is_file() else None
    except (OSError, ValueError):
        return None  # a damaged cache file: compute again
    reference = next(iter(specs))
    return cmp.Comparison(
        reference=reference,
        students=cmp.DEFAULT_STUDENTS,
        years=cmp.DEFAULT_YEARS,
        seed=0,
        posterior=meta,
        **frames,
    )


def _save_disk(key: str, comp: cmp.Comparison) -> None:
    folder = cache_dir() / key
    scratch = folder.with_name(folder.name + ".partial")
    try:
        scratch.mkdir(parents=True, exist_ok=True)
        for name in _TABLES:
            getattr(comp, name).to_parquet(scratch / f"{name}.parquet")
        for name in _POSTERIOR_TABLES:
            frame = getattr(comp, name)
            if frame is not None:
                frame.to_parquet(scratch / f"{name}.parquet")
        if comp.posterior is not None:
            text = json.dumps(comp.posterior)
            (scratch / "posterior.json").write_text(text, encoding="utf-8")
        if not folder.exists():
            scratch.replace(folder)
    except OSError:
        pass  # no cache: the comparison is simply computed again next time


_PRECOMPUTE_LOCK = threading.Lock()
_precompute_thread: threading.Thread | None = None


def default_comparison(compute: bool = False) -> cmp.Comparison | None:
    """The default comparison if it is ready (memory, then disk); computed when asked.

    With the posterior sample adopted (:func:`adopted_posterior`) it runs over
    :data:`DEFAULT_POSTERIOR_DRAWS` draws (:func:`run_posterior`), keyed by the file's
    digest and K; otherwise one replication at a time (:func:`run_chunked`).
    """
    specs = _default_specs()
    adopted = adopted_posterior()
    key = _default_key(specs, adopted)
    comp = _recall(key)
    if comp is None:
        comp = _load_disk(key, specs)
        if comp is not None:
            _remember(key, comp)
    if comp is None and compute:
        if adopted is None:
            comp = run_chunked(specs, replications=cmp.DEFAULT_REPLICATIONS, seed=0)
        else:
            comp = run_posterior(
                specs,
                replications=cmp.DEFAULT_REPLICATIONS,
                seed=0,
                draws=adopted.draws,
                posterior_file=adopted.path,
            )
            _remember(key, comp)
        _save_disk(key, comp)
    return comp


def start_precompute() -> None:
    """Compute the default comparison once in a background thread (at server start).

    Skipped when ``VSVSIM_APP_PRECOMPUTE=0`` (the browser tests use small settings).
    """
    global _precompute_thread
    if os.environ.get("VSVSIM_APP_PRECOMPUTE", "1") == "0":
        return
    with _PRECOMPUTE_LOCK:
        if _precompute_thread is None:
            _precompute_thread = threading.Thread(
                target=default_comparison, kwargs={"compute": True}, daemon=True
            )
            _precompute_thread.start()


def wait_precompute(timeout: float = 600.0) -> None:
    """Wait (bounded) for the background computation of the default comparison."""
    thread = _precompute_thread
    if thread is not None:
        thread.join(timeout)


def precompute_running() -> bool:
    """Whether the default comparison is being computed in the background."""
    return _precompute_thread is not None and _precompute_thread.is_alive()


# --- stories ------------------------------------------------------------------------------

#: Kinds of student a trainer can pick (labels in ``STORY_LABELS``).
STORY_KINDS: tuple[str, ...] = (
    "keen_leaver",
    "school_leaver",
    "switcher",
    "coached_stayer",
    "coached_leaver",
    "any",
)
STORY_LABELS: dict[str, dict[str, str]] = {
    "keen_leaver": {
        "nl": "een latere schoolverlater die enthousiast begon",
        "en": "an eventual school leaver who started keen",
    },
    "school_leaver": {"nl": "een schoolverlater", "en": "a school leaver"},
    "switcher": {"nl": "een overstapper", "en": "a switcher"},
    "coached_stayer": {"nl": "een blijver met een coach", "en": "a stayer who was coached"},
    "coached_leaver": {
        "nl": "een gecoachte student die toch stopte",
        "en": "a coached student who still left",
    },
    "any": {"nl": "willekeurig", "en": "any student"},
}


@dataclasses.dataclass(frozen=True)
class Story:
    """One story cohort: the run with weekly rows, and how it was made."""

    result: vsvsim.Result
    scenario: Scenario
    seed: int
    overrides: tuple[tuple[str, Any], ...]


_STORIES: collections.OrderedDict[tuple, Story] = collections.OrderedDict()
_STORY_LOCK = threading.Lock()


def story_run(
    scenario: Scenario, students: int, seed: int, overrides: dict[str, Any] | None = None
) -> Story:
    """Run one school year with weekly rows for every student (remembered per input).

    The same scenario and seed with different ``overrides`` replays the same cohort on the
    same random draws (the model draws from named streams), so a student's two paths
    differ only through the change.

    Raises:
        ScenarioError: When an override is not allowed.
    """
    items = tuple(sorted((overrides or {}).items()))
    key = (
        vsvsim.__version__,
        scenario.name,
        tuple(sorted(scenario.params.items())),
        students,
        seed,
        items,
    )
    with _STORY_LOCK:
        hit = _STORIES.get(key)
    if hit is not None:
        return hit
    spec = scenario.with_params(where="story", students=students, years=1, **dict(items))
    res = vsvsim.run(spec, seed=seed, trajectories=True)
    story = Story(res, spec, seed, items)
    with _STORY_LOCK:
        _STORIES[key] = story
        while len(_STORIES) > 12:
            _STORIES.popitem(last=False)
    return story


_DROPPED = ("switcher", "school_leaver")


def pick_students(story: Story, kind: str, limit: int = 40) -> list[int]:
    """Student ids of ``kind`` in the story's cohort, the clearest examples first."""
    s = story.result.students.set_index("student_id")
    w = story.result.weekly
    start = w.loc[w["week"] == 0].set_index("student_id")["commitment"].reindex(s.index)
    coached = s["coached"].astype(bool)
    dropped = s["outcome"].isin(_DROPPED)
    if kind == "keen_leaver":
        # Started above the cohort's median commitment, then left education.
        chosen = s.index[(s["outcome"] == "school_leaver") & (start > start.median())]
        order = -start[chosen]
    elif kind == "school_leaver":
        chosen = s.index[s["outcome"] == "school_leaver"]
        order = s.loc[chosen, "left_week"]
    elif kind == "switcher":
        chosen = s.index[s["outcome"] == "switcher"]
        order = s.loc[chosen, "left_week"]
    elif kind == "coached_stayer":
        chosen = s.index[coached & ~dropped]
        order = -s.loc[chosen, "weeks_coached"]
    elif kind == "coached_leaver":
        chosen = s.index[coached & dropped]
        order = s.loc[chosen, "left_week"]
    else:
        chosen = s.index
        order = pd.Series(np.arange(len(chosen)), index=chosen)
    ranked = pd.Series(np.asarray(order, float), index=chosen).sort_values(kind="stable")
    return [int(i) for i in ranked.index[:limit]]


def whatif_overrides(
    story: Story, change: str, week: int = 0, mechanism: str = ""
) -> dict[str, Any]:
    """The changed settings of a what-if replay, on top of the story's own."""
    out = dict(story.overrides)
    if change == "start":
        out["intake_week"] = int(week)
    elif change == "nocoach":
        out.update(preventive="none", curative=False)
    elif change == "mechanism":
        out[mechanism] = False
    else:
        raise ValueError(f"unknown what-if change {change!r}")
    return out


#: Loops of the causal loop diagram (labels in ``LOOP_LABELS``).
LOOPS: tuple[str, ...] = (
    "spiral_down",
    "spiral_up",
    "teacher_control",
    "outside",
    "confidence",
    "coach",
    "left",
    "calm",
)
LOOP_LABELS: dict[str, dict[str, str]] = {
    "spiral_down": {
        "nl": "de spiraal omlaag (minder meedoen, minder binding)",
        "en": "the spiral going down (less participation, less commitment)",
    },
    "spiral_up": {
        "nl": "de spiraal omhoog (meer meedoen, meer binding)",
        "en": "the spiral going up (more participation, more commitment)",
    },
    "teacher_control": {"nl": "de controlelus van docenten", "en": "the teacher-control loop"},
    "outside": {"nl": "trek en druk van buiten school", "en": "outside pull and push"},
    "confidence": {"nl": "de lus van zelfvertrouwen", "en": "the confidence loop"},
    "coach": {"nl": "de band met de coach", "en": "the bond with the coach"},
    "left": {
        "nl": "niets meer: de student is gestopt",
        "en": "nothing any more: the student has left",
    },
    "calm": {
        "nl": "geen lus springt eruit (een rustige week)",
        "en": "no loop stands out (a quiet week)",
    },
}


def driving_loop(rows: pd.DataFrame, week: int) -> str:
    """Which feedback loop drives the student this week (a rule of thumb for trainers).

    Looks at the change since the week before: teacher control clearly above its usual
    level means the teacher-control loop; high outside stress with falling wellbeing or
    time the outside push; a coach contact with a growing bond the coach; commitment and
    time investment moving together the spiral (down or up); falling confidence alone the
    confidence loop. The rules are an illustration, not a decomposition of the model.

    Args:
        rows: The student's weekly rows, indexed by week.
        week: The week to explain.
    """
    row = rows.loc[week]
    if row["status"] != "enrolled":
        return "left"
    prev = rows.loc[week - 1] if week - 1 in rows.index else row
    d = {
        k: float(row[k] - prev[k])
        for k in ("commitment", "time_investment", "confidence", "wellbeing", "bond")
    }
    if row["teacher_control"] > 0.2 and d["time_investment"] <= 0:
        return "teacher_control"
    if row["stress"] > 0.45 and (d["wellbeing"] < 0 or d["time_investment"] < 0):
        return "outside"
    if bool(row["contact"]) and d["bond"] > 0.005:
        return "coach"
    if d["commitment"] < -0.002 and d["time_investment"] < 0:
        return "spiral_down"
    if d["commitment"] > 0.002 and d["time_investment"] > 0:
        return "spiral_up"
    if d["confidence"] < -0.01:
        return "confidence"
    return "calm"


# --- network ------------------------------------------------------------------------------

_NETWORKS: collections.OrderedDict[tuple, tuple[np.ndarray, np.ndarray, dict]] = (
    collections.OrderedDict()
)


def friend_network(story: Story) -> tuple[np.ndarray, np.ndarray, dict[Any, np.ndarray]]:
    """Friendship ties of the story's cohort and node positions, computed once per cohort.

    The ties come from a fresh :class:`vsvsim.DropoutModel` with the story's scenario and
    seed (the cohort and its network are drawn at construction, from named streams, so
    they are the run's). Positions: a spring layout of students and coaches (seeded).

    Returns:
        ``(src, dst, positions)``: tie endpoints (student ids, each tie once) and
        positions keyed by student id or ``("coach", id)``.
    """
    key = (story.scenario.name, tuple(sorted(story.scenario.params.items())), story.seed)
    with _STORY_LOCK:
        hit = _NETWORKS.get(key)
    if hit is not None:
        return hit
    model = vsvsim.DropoutModel(scenario_name=story.scenario, rng=story.seed)
    src, dst = (np.asarray(a) for a in model.friends)
    once = src < dst
    src, dst = src[once], dst[once]
    students = story.result.students
    ids = students["student_id"].to_numpy(int)
    positions = cluster_layout(ids, src, dst)
    coached = students.dropna(subset=["coach_id"])
    coaches = sorted(set(coached["coach_id"].astype(int)))
    if coaches:
        # Coaches in a column right of the classes: their caseloads span classes.
        xs = np.array([p[0] for p in positions.values()])
        ys = np.array([p[1] for p in positions.values()])
        for k, cid in zip(np.linspace(ys.max(), ys.min(), len(coaches)), coaches, strict=True):
            positions["coach", cid] = np.array([xs.max() + 1.2, k])
    with _STORY_LOCK:
        _NETWORKS[key] = (src, dst, positions)
        while len(_NETWORKS) > 6:
            _NETWORKS.popitem(last=False)
    return src, dst, positions


def cluster_layout(ids: np.ndarray, src: np.ndarray, dst: np.ndarray) -> dict[int, np.ndarray]:
    """Positions for students: friendship groups (classmates) on a grid, a spring inside each.

    Friends are classmates, so the friendship graph falls apart into small groups; laying
    each group out on its own is fast (a thousand students in well under a second) and
    shows the classes as islands.
    """
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import connected_components

    index = {int(i): k for k, i in enumerate(ids)}
    keep = [
        (index[int(a)], index[int(b)])
        for a, b in zip(src, dst, strict=True)
        if int(a) in index and int(b) in index
    ]
    ties = np.array(keep, dtype=int).reshape(-1, 2)
    n = len(ids)
    graph = coo_array((np.ones(len(ties)), (ties[:, 0], ties[:, 1])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    groups = sorted((np.flatnonzero(labels == g) for g in np.unique(labels)), key=len, reverse=True)
    side = int(np.ceil(np.sqrt(len(groups))))
    positions: dict[int, np.ndarray] = {}
    for g, members in enumerate(groups):
        local = {int(m): k for k, m in enumerate(members)}
        inner = np.array(
            [(local[a], local[b]) for a, b in ties if a in local and b in local], dtype=int
        ).reshape(-1, 2)
        xy = (
            spring_layout(len(members), inner, seed=g) if len(members) > 1 else np.full((1, 2), 0.5)
        )
        xy = (xy - xy.mean(axis=0)) / (np.abs(xy - xy.mean(axis=0)).max() + 1e-9) * 0.42
        origin = np.array([g % side, -(g // side)], dtype=float)
        for m, p in zip(members, xy, strict=True):
            positions[int(ids[m])] = origin + p
    return positions


def spring_layout(n: int, ties: np.ndarray, seed: int = 1, iterations: int = 60) -> np.ndarray:
    """Fruchterman-Reingold positions of ``n`` nodes with ``ties`` (pairs of node numbers).

    Dense numpy arithmetic: about a second for a thousand nodes, where networkx switches
    to its much slower sparse variant above 500 nodes.
    """
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    adjacency = np.zeros((n, n))
    if len(ties):
        adjacency[ties[:, 0], ties[:, 1]] = adjacency[ties[:, 1], ties[:, 0]] = 1.0
    k = 1.0 / np.sqrt(max(n, 1))
    step = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=-1)).clip(min=0.01)
        force = k * k / dist**2 - adjacency * dist / k
        move = (delta * force[:, :, None]).sum(axis=1)
        length = np.sqrt((move**2).sum(axis=1)).clip(min=0.01)
        pos += move * (np.minimum(length, step) / length)[:, None]
        step -= 0.1 / (iterations + 1)
    return pos


def scenario_error_text(err: ScenarioError) -> str:
    """The package's message for a refused scenario value (it names key, value, allowed)."""
    return str(err)
