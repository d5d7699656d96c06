"""The posterior section of the calibration report: what the inference found, and how sure.

Reads one output folder of the calibration as inference
(``experiments/calibration_pipeline.py --out DIR``, committed as
``docs/calibration/inference/``) and turns it into the section of ``docs/calibration.md``:

- the run's settings and time (``abc.db.settings.json``, ``pipeline.csv``);
- convergence over generations (``inference_diagnostics.csv``) and a plain verdict: a run
  whose epsilon still fell by more than :data:`CONVERGED_DROP` in its last generation, and
  is still more than that above the noise floor (``convergence_floor.csv``) when measured,
  is a *first pass*, and a generation whose effective sample size fell below the floor is
  named;
- identifiability (``inference_identifiability.csv``) with the parameters the targets do
  not constrain named as such, and the strongest posterior correlations;
- a weighted pairs plot of the posterior (``posterior.parquet``), drawn by
  :func:`plot_posterior_pairs`;
- the posterior predictive checks (``predictive.csv``) counted by role: fit targets (a
  check), validation and left-out targets (predictions), ``neither`` listed, not counted;
- the representative point (``representative.csv``) beside each parameter's default.

Every file is optional except the posterior and its diagnostics; a missing folder gives a
paragraph saying there is no posterior and how to make one. Nothing here runs the model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from vsvsim.analysis.choose import CENTRAL, FIRM, REFERENCE
from vsvsim.analysis.inference import (
    ESS_FLOOR,
    NOT_CONSTRAINED,
    UnderWay,
    calibrated,
    checkpoint_file,
    remaining_simulations,
    under_way,
    weighted_quantile,
)
from vsvsim.analysis.targets import ALL_TARGETS, target_group, targets_with_role
from vsvsim.params import PARAMETERS

# The one rule, shared with compare's heading and the app.
from vsvsim.posterior import (
    CONVERGED_DROP,
    FLOOR_FILE,
    at_floor,
    converged,
    last_epsilon,
    last_epsilon_drop,
    median_distance,
)

__all__ = [
    "CONVERGED_DROP",
    "PAIRS_MAX",
    "InferenceFolder",
    "convergence",
    "marks",
    "pairs_parameters",
    "plot_posterior_pairs",
    "prior_bounds",
    "read_inference",
    "text_posterior",
    "weighted_summary",
]

#: At most this many parameters in the pairs plot (the most constrained first): a 16 x 16
#: grid is unreadable on a page.
PAIRS_MAX = 8

#: Colour and marker of each marked point of the pairs plot, in order of the marks given.
MARK_STYLES = (("black", "x"), ("tab:red", "+"))

#: Share of posterior draws whose mean must lie in a target's band for the stricter count.
STRICT_SHARE = 0.5

#: Roles of the predictive check, in reading order, with what each count means.
ROLE_TEXT = {
    "fit": "fit targets (a check of the fit)",
    "validate": "validation targets (predictions: nothing fitted them)",
    "left_out": "left-out targets (predictions of a leave-one-group-out fit)",
}


@dataclass(frozen=True)
class InferenceFolder:
    """The tables of one inference output folder (None where a file is absent).

    Attributes:
        path: The folder, as the report names it.
        posterior: One row per particle, a column per parameter and ``weight``.
        diagnostics: Per generation: epsilon, acceptance, ESS, simulations, time.
        identifiability: Per parameter: prior vs posterior width, constrained or not.
        correlations: The strongest weighted posterior correlations.
        settings: The inference's settings (students, replications, population, ...).
        predictive: Per target: role, predictive interval, band, consistent.
        representative: Per parameter: default, chosen value, posterior p5/p95.
        scores: Per candidate of the choice (and the defaults): distance, targets in band.
        pipeline: Per step of the pipeline: its time, commit and cores.
        logo: The leave-one-group-out predictions (``logo/logo.csv``).
        logo_diagnostics: Per left-out group its fit's diagnostics.
        logo_settings: Per left-out group its fit's settings (its proposal's share).
        floor: The defaults' distance in repeated simulations at the fit's settings
            (``convergence_floor.csv``, ``experiments/convergence_check.py``).
        proposals: Per candidate proposal its acceptance at the last and the next
            epsilon (``convergence_acceptance.csv``).
    """

    path: str
    posterior: pd.DataFrame
    diagnostics: pd.DataFrame
    identifiability: pd.DataFrame | None = None
    correlations: pd.DataFrame | None = None
    settings: dict | None = None
    predictive: pd.DataFrame | None = None
    representative: pd.DataFrame | None = None
    scores: pd.DataFrame | None = None
    pipeline: pd.DataFrame | None = None
    logo: pd.DataFrame | None = None
    logo_diagnostics: dict[str, pd.DataFrame] | None = None
    logo_settings: dict[str, dict] | None = None
    floor: pd.DataFrame | None = None
    proposals: pd.DataFrame | None = None
    under_way: UnderWay | None = None
    forecast: pd.DataFrame | None = None
    forecast_history: pd.DataFrame | None = None

    @property
    def parameters(self) -> list[str]:
        """The inferred parameters, in the posterior's column order."""
        return [c for c in self.posterior.columns if c != "weight"]


def _csv(folder: Path, name: str) -> pd.DataFrame | None:
    path = folder / name
    return pd.read_csv(path) if path.is_file() else None


def read_inference(folder: Path, label: str | None = None) -> InferenceFolder | None:
    """Read an inference output folder; None when it holds no posterior.

    Args:
        folder: The folder (``experiments/calibration_pipeline.py --out``).
        label: How the report names it (default: the path as given).
    """
    folder = Path(folder)
    post = folder / "posterior.parquet"
    diag = folder / "inference_diagnostics.csv"
    if not (post.is_file() and diag.is_file()):
        return None
    settings_file = folder / "abc.db.settings.json"
    # A left-out group's folder counts once its fit has finished (a paused one has no
    # diagnostics yet).
    logo_done = [
        d
        for d in sorted((folder / "logo").glob("*"))
        if (d / "inference_diagnostics.csv").is_file()
    ]
    return InferenceFolder(
        path=label or str(folder),
        posterior=pd.read_parquet(post),
        diagnostics=pd.read_csv(diag),
        identifiability=_csv(folder, "inference_identifiability.csv"),
        correlations=_csv(folder, "inference_correlations.csv"),
        settings=json.loads(settings_file.read_text()) if settings_file.is_file() else None,
        predictive=_csv(folder, "predictive.csv"),
        representative=_csv(folder, "representative.csv"),
        scores=_csv(folder, "choose_scores.csv"),
        pipeline=_csv(folder, "pipeline.csv"),
        logo=_csv(folder / "logo", "logo.csv"),
        floor=_csv(folder, FLOOR_FILE),
        proposals=_csv(folder, "convergence_acceptance.csv"),
        under_way=under_way(checkpoint_file(folder / "abc.db")),
        forecast=_csv(folder, "convergence_forecast.csv"),
        forecast_history=_csv(folder, "convergence_forecast_history.csv"),
        logo_diagnostics={d.name: pd.read_csv(d / "inference_diagnostics.csv") for d in logo_done},
        logo_settings={
            d.name: json.loads((d / "abc.db.settings.json").read_text())
            for d in logo_done
            if (d / "abc.db.settings.json").is_file()
        },
    )


@dataclass(frozen=True)
class Convergence:
    """The verdict on a run's generations.

    Attributes:
        generations: Generations run (t >= 0).
        converged: By :func:`vsvsim.posterior.converged`: the last generation lowered
            epsilon by less than :data:`CONVERGED_DROP`, or epsilon is at the noise floor.
        last_drop: The last generation's relative fall in epsilon (NaN with one generation).
        low_ess: Generations whose effective sample size fell below the floor.
        final_ess_fraction: The last population's ESS over its size.
        epsilon: The last generation's epsilon.
        floor: The noise floor's median distance (NaN when not measured).
        at_floor: Epsilon is at the noise floor (:func:`vsvsim.posterior.at_floor`).
    """

    generations: int
    converged: bool
    last_drop: float
    low_ess: list[int]
    final_ess_fraction: float
    epsilon: float = float("nan")
    floor: float = float("nan")
    at_floor: bool = False


def convergence(diagnostics: pd.DataFrame, floor: pd.DataFrame | None = None) -> Convergence:
    """Judge a run by its diagnostics table and, when measured, its noise floor.

    Args:
        diagnostics: ``inference_diagnostics.csv``.
        floor: ``convergence_floor.csv`` (column ``distance``), or None.
    """
    gens = diagnostics[diagnostics["t"] >= 0].sort_values("t")
    drop = last_epsilon_drop(diagnostics)
    eps = last_epsilon(diagnostics)
    median = median_distance(floor)
    low = [int(t) for t, flag in zip(gens["t"], gens["ess_low"], strict=True) if bool(flag)]
    return Convergence(
        generations=len(gens),
        converged=converged(drop, eps, median),
        last_drop=drop,
        low_ess=low,
        final_ess_fraction=float(gens["ess_fraction"].iloc[-1]) if len(gens) else float("nan"),
        epsilon=eps,
        floor=median,
        at_floor=at_floor(eps, median),
    )


def pairs_parameters(inf: InferenceFolder, limit: int = PAIRS_MAX) -> list[str]:
    """The parameters of the pairs plot: the narrowest posteriors relative to their prior."""
    if inf.identifiability is None:
        return inf.parameters[:limit]
    order = inf.identifiability.sort_values("width_ratio")["parameter"].tolist()
    return [p for p in order if p in inf.parameters][:limit]


def plot_posterior_pairs(
    posterior: pd.DataFrame,
    names: list[str],
    path: Path,
    bounds: dict[str, tuple[float, float]] | None = None,
    marks: dict[str, dict[str, float]] | None = None,
) -> Path:
    """A weighted pairs plot: histograms on the diagonal, weighted scatter below it.

    Args:
        posterior: Particles with a ``weight`` column.
        names: The parameters to draw (rows and columns, in this order).
        path: PNG to write.
        bounds: Per parameter the prior's support, drawn as the axis limits (so a
            posterior that fills its axis is a prior the data did not narrow).
        marks: Points to mark, by label (``"default"``, ``"representative"``): a value
            per parameter, drawn as a line on the diagonal and a marker below it.

    Returns:
        ``path``.
    """
    styles = dict(zip(marks or {}, MARK_STYLES, strict=False))
    w = posterior["weight"].to_numpy(dtype=float)
    w = w / w.sum()
    n = len(names)
    fig = Figure(figsize=(1.9 * n + 1, 1.9 * n + 1))
    axes = fig.subplots(n, n, squeeze=False)
    # Marker area proportional to weight, scaled so an equal-weight particle is size 6.
    size = 6 * w * len(w)
    for i, yi in enumerate(names):
        for j, xj in enumerate(names):
            ax = axes[i, j]
            x = posterior[xj].to_numpy(dtype=float)
            lim = (bounds or {}).get(xj)
            if i == j:
                ax.hist(x, bins=20, weights=w, range=lim, color="tab:blue", alpha=0.8)
                ax.set_yticks([])
                for label, values in (marks or {}).items():
                    if xj in values:
                        colour, _ = styles[label]
                        ax.axvline(values[xj], color=colour, lw=1, label=label)
            elif i > j:
                ax.scatter(x, posterior[yi], s=size, color="tab:blue", alpha=0.5, lw=0)
                for label, values in (marks or {}).items():
                    if xj in values and yi in values:
                        colour, marker = styles[label]
                        ax.scatter([values[xj]], [values[yi]], s=30, color=colour, marker=marker)
                if (bounds or {}).get(yi):
                    ax.set_ylim(bounds[yi])
            else:
                ax.axis("off")
                continue
            if lim:
                ax.set_xlim(lim)
            if i == n - 1:
                ax.set_xlabel(xj, fontsize=7)
            else:
                ax.set_xticklabels([])
            if j == 0 and i > 0:
                ax.set_ylabel(yi, fontsize=7)
            elif j > 0:
                ax.set_yticklabels([])
            ax.tick_params(labelsize=6)
    if marks and n > 1:
        handles, labels = axes[0, 0].get_legend_handles_labels()
        axes[0, n - 1].legend(handles, labels, loc="upper right", fontsize=7, frameon=False)
    fig.suptitle("Posterior (weighted particles; axes span the prior)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return path


def _f(x: float, digits: int = 3) -> str:
    return "" if x is None or not np.isfinite(float(x)) else f"{float(x):.{digits}g}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _proposal_label(s: dict) -> str:
    """``transition``, with its share when defensive (``defensive:0.05``)."""
    if s.get("transition") == "defensive" and "share" in s:
        return f"defensive:{s['share']:g}"
    return str(s.get("transition"))


def _settings_text(inf: InferenceFolder) -> str:
    s = inf.settings or {}
    bits = []
    if "students" in s:
        bits.append(f"{s['students']:,} students x R = {s.get('replications', '?')} per simulation")
    if "population" in s:
        bits.append(f"{s['population']} particles per generation")
    changes = s.get("proposals") or []
    if len(changes) > 1:
        # a resume changed the proposal: name each with the generation it started at
        bits.append(
            "proposals "
            + ", ".join(f"`{_proposal_label(c)}` from t = {c['from_generation']}" for c in changes)
        )
    elif "transition" in s:
        bits.append(f"the `{_proposal_label(s)}` proposal")
    floors = [c for c in s.get("schedule") or [] if c.get("epsilon_floor") is not None]
    if floors:
        bits.append(
            "epsilon never below "
            + ", ".join(f"{c['epsilon_floor']:.3f} from t = {c['from_generation']}" for c in floors)
            + " (the noise floor's threshold: the run stops at the first generation there)"
        )
    elif s.get("epsilon_floor") is not None:
        bits.append(f"epsilon never below {s['epsilon_floor']:.3f}")
    if "seed" in s:
        bits.append(f"seed {s['seed']}")
    if s.get("left_out"):
        bits.append("fit without " + ", ".join(s["left_out"]))
    text = f"{len(inf.parameters)} parameters inferred by ABC-SMC (pyabc)"
    if bits:
        text += ", " + ", ".join(bits)
    if inf.pipeline is not None and len(inf.pipeline):
        # pipeline.csv gains rows at every invocation (a resume, a skipped step): sum them.
        by_step = inf.pipeline.groupby("step", sort=False)["seconds"].sum()
        steps = ", ".join(f"{k} {v / 60:.0f} min" for k, v in by_step.items())
        sessions = inf.pipeline["date"].str[:10].nunique() if "date" in inf.pipeline else 1
        text += (
            f". The pipeline took {by_step.sum() / 3600:.1f} h on "
            f"{inf.pipeline['cores'].iloc[-1]} cores over {sessions} day(s) ({steps})"
        )
    return text + "."


def _convergence_text(inf: InferenceFolder, c: Convergence) -> str:
    gens = inf.diagnostics[inf.diagnostics["t"] >= 0].sort_values("t")
    rows = [
        [
            str(int(r.t)),
            _f(r.epsilon),
            _f(r.acceptance_rate, 2),
            f"{r.ess:.0f} ({r.ess_fraction:.2f})" + (" low" if bool(r.ess_low) else ""),
            "" if pd.isna(r.simulations) else f"{int(r.simulations)}",
            "" if pd.isna(r.wall_time_s) else f"{r.wall_time_s / 60:.0f} min",
        ]
        for r in gens.itertuples()
    ]
    above = c.epsilon / c.floor - 1
    if c.at_floor:
        verdict = (
            f"**Converged at the noise floor**: the last epsilon ({c.epsilon:.2f}) is "
            f"{above:.0%} from the floor's median ({c.floor:.2f}; within the report's "
            f"{CONVERGED_DROP:.0%}, see How far to go). A further generation would reject "
            "the representative point in most of its own simulations: it would narrow the "
            "posterior by the simulator's noise, not by the targets, whose observational "
            "and Monte Carlo uncertainty the distance's scales already hold."
        )
    elif c.converged:
        verdict = (
            f"**Converged** by the report's rule: the last generation lowered epsilon by "
            f"{c.last_drop:.0%}, less than {CONVERGED_DROP:.0%}."
        )
    else:
        drop = "" if not np.isfinite(c.last_drop) else f" ({c.last_drop:.0%} in the last one)"
        floor = (
            f", and it is still {above:.0%} above the noise floor's median ({c.floor:.2f}; "
            f"the run stops within {CONVERGED_DROP:.0%} of it)"
            if np.isfinite(above)
            else ""
        )
        verdict = (
            f"**A first pass, not converged**: epsilon is still falling{drop}, more than "
            f"the {CONVERGED_DROP:.0%} of the report's stopping rule{floor}. The posterior "
            "below is wider than the converged one will be; read its widths as upper bounds "
            "and its representative point as provisional."
        )
    if c.low_ess:
        verdict += (
            f" Generation(s) {', '.join(map(str, c.low_ess))} fell below the ESS floor "
            f"({ESS_FLOOR:.2f} of the population): few particles carry the weight there."
        )
    else:
        verdict += (
            f" Every generation kept its effective sample size above the floor "
            f"({ESS_FLOOR:.2f} of the population; the last {c.final_ess_fraction:.2f})."
        )
    return (
        _table(["t", "epsilon", "acceptance", "ESS (fraction)", "simulations", "wall time"], rows)
        + "\n\n"
        + verdict
        + _under_way_text(inf)
        + _floor_text(inf)
        + _forecast_text(inf)
    )


def _forecast_text(inf: InferenceFolder) -> str:
    """The importance forecast of the next generation, and how past forecasts fared."""
    f, past = inf.forecast, inf.forecast_history
    if f is None or not len(f):
        return ""
    t = int(f["generation"].iloc[0])
    ref = str(f["reference"].iloc[0])
    rows = [
        [f"`{r.proposal}`", f"{r.ess_fraction:.2f}", f"{r.relative_acceptance:.2f}"]
        for r in f.itertuples()
    ]
    text = (
        f"\n\n**Importance forecast of generation {t}** (`convergence_check.py`, no "
        f"simulation: the last population's {int(f['points'].iloc[0])} particles within the "
        f"next epsilon {f['epsilon'].iloc[0]:.2f} stand for the next posterior; "
        "docs/calibration-inference.md). Its ESS fraction, and its acceptance relative to "
        f"the run's proposal `{ref}`:\n\n"
        + _table(["proposal", "ESS fraction", "acceptance vs the run's"], rows)
    )
    if past is not None and len(past.dropna()):
        p = past.dropna()
        err = (p["forecast"] - p["realised"]).abs()
        pairs = ", ".join(f"{int(r.t)}: {r.forecast:.2f}/{r.realised:.2f}" for r in p.itertuples())
        text += (
            f"\n\nThe same forecast of each past generation from the one before "
            f"(forecast/realised ESS fraction; t {pairs}): mean error {err.mean():.2f}, "
            f"largest {err.max():.2f}."
        )
    if t <= int(inf.diagnostics["t"].max()):
        text += (
            f"\n\n**This forecast is stale:** the run has gone on to generation "
            f"{int(inf.diagnostics['t'].max())}; rerun `convergence_check.py --forecast-only`."
        )
    return text


def _under_way_text(inf: InferenceFolder) -> str:
    """The generation paused in the checkpoint, if any (its particles are in no table)."""
    u = inf.under_way
    if u is None:
        return ""
    n = u.n or (inf.settings or {}).get("population")
    of, more = "", ""
    if n:
        of = f" of {n}"
        left = remaining_simulations(replace(u, n=int(n)))
        if np.isfinite(left):
            more = f", about {left} more to go at its acceptance so far"
    return (
        f"\n\n**Generation {u.t} is under way** (paused, checkpointed in "
        f"`abc.db.generation.pkl.gz`): {u.accepted}{of} particles accepted in "
        f"{u.simulations} simulations so far{more}. The tables here are those of the generations "
        "complete before it; `calibration_pipeline.py --out <this folder> --generations N` "
        "goes on from the checkpoint."
    )


def _floor_text(inf: InferenceFolder) -> str:
    """How far epsilon is above the noise floor, and what the next generation costs."""
    if inf.floor is None or inf.proposals is None or not len(inf.proposals):
        return ""
    d = inf.floor["distance"].to_numpy(dtype=float)
    p = inf.proposals
    t = int(p["generation"].iloc[0])
    eps = p.groupby("epsilon_of")["epsilon"].first()
    n = inf.settings or {}
    fit = (
        f"{n['students']:,} students x R = {n['replications']}"
        if "students" in n and "replications" in n
        else "its cohort and replications"
    )
    median = median_distance(inf.floor)
    text = (
        f"\n\n**How far to go** (`experiments/convergence_check.py`, after generation {t}). "
        f"The defaults (the representative point) simulated {len(d)} times at the fit's own "
        f"settings ({fit}) give "
        f"distances with median {median:.2f} (5-95%: {np.quantile(d, 0.05):.2f}-"
        f"{np.quantile(d, 0.95):.2f}): that is the noise floor of this distance, below which "
        "a generation mostly rejects the best point's own noise. Generation "
        f"{t}'s epsilon {eps['last']:.2f} accepts them in {np.mean(d <= eps['last']):.0%} of "
        f"simulations and is {eps['last'] / median - 1:.0%} above the floor's median; the "
        f"next epsilon ({eps['next']:.2f}, the weighted median of the last distances) "
        f"accepts them in {np.mean(d <= eps['next']):.0%}.\n\n"
        "The next generation's cost under each proposal, fitted to the last population (the "
        "same seeds for every proposal; acceptance with its 95% interval, the ESS fraction "
        "of the accepted weights, simulations per accepted particle):\n\n"
    )
    rows = []
    for label, g in p.groupby("proposal", sort=False):
        by = g.set_index("epsilon_of")
        cells = [f"`{label}`"]
        for which in ("last", "next"):
            r = by.loc[which]
            cells.append(
                f"{r['acceptance']:.3f} ({r['low']:.3f}-{r['high']:.3f}), "
                f"{int(r['accepted'])}/{int(r['draws'])}"
            )
        r = by.loc["next"]
        cells.append("" if pd.isna(r["ess_fraction"]) else f"{r['ess_fraction']:.2f}")
        cells.append("" if not np.isfinite(r["cost"]) else f"{r['cost']:.0f}")
        rows.append(cells)
    head = [
        "proposal",
        f"at epsilon {eps['last']:.2f}",
        f"at epsilon {eps['next']:.2f}",
        "ESS fraction (next)",
        "simulations per particle (next)",
    ]
    return text + _table(head, rows) + _stale_text(inf, t)


def _stale_text(inf: InferenceFolder, t: int) -> str:
    """Say so when the run has gone on past the generation the check was run after.

    The floor does not change with the run, but the proposals' cost and the epsilons do:
    a stale table reads as the cost of a generation that has already been run.
    """
    last = int(inf.diagnostics["t"].max())
    if last <= t:
        return ""
    return (
        f"\n\n**This check is stale:** it was run after generation {t}, and the run has "
        f"since gone on to generation {last}. Rerun `experiments/convergence_check.py` for "
        "the next generation's cost."
    )


def _identifiability_text(inf: InferenceFolder) -> str:
    ident = inf.identifiability
    if ident is None:
        return "No identifiability table in the folder."
    rep = (
        inf.representative.set_index("parameter")["chosen"]
        if inf.representative is not None
        else pd.Series(dtype=float)
    )
    rows = [
        [
            f"`{r.parameter}`",
            str(r.prior),
            _f(r.default),
            _f(r.posterior_mean),
            f"{_f(r.posterior_p5)} to {_f(r.posterior_p95)}",
            _f(r.width_ratio, 2),
            str(r.constrained),
            _f(rep.get(r.parameter, float("nan"))),
        ]
        for r in ident.sort_values("width_ratio").itertuples()
    ]
    loose = ident.loc[ident["constrained"] == "not constrained", "parameter"].tolist()
    shaky = ident.loc[ident["constrained"].str.startswith("unreliable"), "parameter"].tolist()
    parts = [
        f"Width ratio: the posterior's 90% interval over the prior's. Above {NOT_CONSTRAINED} "
        "the fit targets say about as little as the prior did, and the parameter is "
        "reported as not constrained, not as fitted."
    ]
    if loose:
        parts.append(
            f"**Not constrained ({len(loose)} of {len(ident)})**: "
            + ", ".join(f"`{p}`" for p in loose)
            + ". Policy answers should carry their posterior (`--posterior K`), not a point."
        )
    if shaky:
        parts.append(
            "Flags not trusted (effective sample size too small): "
            + ", ".join(f"`{p}`" for p in shaky)
            + "."
        )
    header = [
        "parameter",
        "prior",
        "default",
        "posterior mean",
        "posterior 90%",
        "width ratio",
        "constrained",
        "representative",
    ]
    return " ".join(parts) + "\n\n" + _table(header, rows)


def _correlation_text(inf: InferenceFolder, top: int = 6) -> str:
    corr = inf.correlations
    if corr is None or corr.empty:
        return ""
    rows = [
        f"`{r.parameter_a}` with `{r.parameter_b}` ({r.correlation:+.2f})"
        for r in corr.head(top).itertuples()
    ]
    return (
        "Strongest posterior correlations (weighted): "
        + "; ".join(rows)
        + ". A strong pair is a trade-off the targets cannot split: the two move together "
        "along a ridge of equally good fits."
    )


def _share(x: float) -> str:
    return f"{x:.0%}" if np.isfinite(x) else "-"


def _predictive_text(inf: InferenceFolder) -> str:
    pred = inf.predictive
    if pred is None:
        return (
            "No posterior predictive check in the folder yet "
            "(`experiments/predictive.py --posterior-file DIR/posterior.parquet --out DIR`)."
        )
    strict = "draws_in_band" in pred
    counts, most = [], []
    for role, what in ROLE_TEXT.items():
        sub = pred[pred["role"] == role]
        if len(sub):
            counts.append(f"{int(sub['consistent'].sum())} of {len(sub)} {what}")
            if strict:
                n = int((sub["draws_in_band"] >= STRICT_SHARE).sum())
                most.append(f"{n} of {len(sub)} {what.split(' (')[0]}")
    neither = pred.loc[pred["role"] == "neither", "target"].tolist()
    text = (
        "A target is consistent when its 90% posterior predictive interval (over draws and "
        "replications) meets its band. Consistent: " + "; ".join(counts) + "."
    )
    if strict:
        # The lenient rule above passes any target a wide posterior straddles; the share
        # of draws whose mean lies in the band says how sure the posterior is of it.
        text += (
            f" Stricter, with at least {STRICT_SHARE:.0%} of the draws' means (over their "
            "replications) inside the band: " + "; ".join(most) + "."
        )
    by_id = {t.id: t for t in ALL_TARGETS}
    revised = [
        t for t in pred.loc[pred["role"] == "validate", "target"] if t in by_id and by_id[t].revised
    ]
    if revised:
        text += (
            f" Of the validation targets, {', '.join(revised)} had their statistic revised "
            "after they were checked ("
            + "; ".join(sorted({by_id[t].revised for t in revised}))
            + "): they are "
            "counted, but are not blind predictions."
        )
    if neither:
        text += (
            " Not counted (set by an input, so neither fit nor prediction): "
            + ", ".join(neither)
            + "."
        )
    misses = pred[~pred["consistent"].astype(bool) & (pred["role"] != "neither")]
    if len(misses):
        text += (
            " Inconsistent: "
            + "; ".join(
                f"{r.target} ({r.role}: {_f(r.p5)} to {_f(r.p95)} "
                f"against {_f(r.low)} to {_f(r.high)})"
                for r in misses.itertuples()
            )
            + "."
        )
    rows = [
        [
            r.target,
            r.role,
            _f(r.mean),
            f"{_f(r.p5)} to {_f(r.p95)}",
            f"{_f(r.draw_mean_p5)} to {_f(r.draw_mean_p95)}",
            f"{_f(r.low)} to {_f(r.high)}",
            "yes" if bool(r.consistent) else "**no**",
            *([_share(r.draws_in_band)] if strict else []),
        ]
        for r in pred.itertuples()
    ]
    header = ["target", "role", "mean", "90% predictive", "draw means 90%", "band", "consistent"]
    header += ["draws in band"] if strict else []
    return text + "\n\n" + _table(header, rows)


def _representative_text(inf: InferenceFolder) -> str:
    rep = inf.representative
    if rep is None:
        return (
            "No representative point has been chosen yet (`experiments/choose.py --inference DIR`)."
        )
    applied = int(rep["applied"].sum())
    text = (
        f"The representative point (`representative.csv`; chosen on the choosing seeds among "
        f"the posterior's weighted medians, its draws and the current defaults, by the "
        f"inference's distance; a point that is not a draw only inside the posterior's "
        f"central {CENTRAL:.0%}) is shown "
        f"in the last column. {applied} of {len(rep)} inferred defaults lie within 2% of "
        f"their range of it"
        + (
            "."
            if applied == len(rep)
            else "; **the rest of this report runs the defaults, not the representative point.**"
        )
    )
    return text + _against_defaults(inf.scores)


def _against_defaults(scores: pd.DataFrame | None) -> str:
    """The chosen point beside the current defaults (same seeds, depth), if scored."""
    if scores is None or REFERENCE not in set(scores["candidate"]):
        return ""
    scores = scores.sort_values("distance", kind="stable")
    if "eligible" not in scores:  # a choice made before depths were recorded
        scores = scores.assign(eligible=scores["candidate"] != REFERENCE, depth=np.nan)
    ref = scores[scores["candidate"] == REFERENCE].iloc[0]
    best = scores[scores["eligible"]].iloc[0]
    where = (
        f" (depth {ref.depth:.2f}: {ref.depth:.0%} of the posterior's weight lies more central)"
        if np.isfinite(ref.depth)
        else ""
    )
    if "p_best" in scores and scores["p_best"].notna().any():
        return _confirmed_text(scores, ref, where)
    if best.candidate == REFERENCE:
        draw = scores[scores["row"] >= 0].iloc[0]
        return (
            f" **The representative point is the current defaults**: they lie inside the "
            f"posterior's central {CENTRAL:.0%}{where} and score distance {ref.distance:.2f} with "
            f"{int(ref.in_band)} fit targets in their band on the choosing seeds, better than "
            f"every draw (the best, {draw.candidate}, {draw.distance:.2f} with "
            f"{int(draw.in_band)}). Keeping them is the posterior's choice."
        )
    text = (
        f" On the choosing seeds the point ({best.candidate}) scores distance "
        f"{best.distance:.2f} with {int(best.in_band)} fit targets in their band; the current "
        f"defaults score {ref.distance:.2f} with {int(ref.in_band)}{where}."
    )
    if ref.distance < best.distance:
        text += (
            " **The defaults fit better than every eligible candidate but lie outside the "
            f"posterior's central {CENTRAL:.0%}**: they are not a typical point of this posterior."
            if np.isfinite(ref.depth)
            else " **The defaults fit better than every candidate** (their depth in the "
            "posterior was not recorded: a choice made before depths were)."
        )
    return text


def _confirmed_text(scores: pd.DataFrame, ref: pd.Series, where: str) -> str:
    """The choice when its finalists were scored again on the confirming block."""
    finals = scores.dropna(subset=["p_best"]).sort_values("confirm_distance", kind="stable")
    best, runner = finals.iloc[0], finals.iloc[1] if len(finals) > 1 else None

    def score(row: pd.Series) -> str:
        return (
            f"{row.confirm_distance:.2f} with {int(row.confirm_in_band)} fit targets in "
            f"their band, chance of being best {row.p_best:.2f}"
        )

    text = (
        f" The {len(finals)} eligible candidates that scored best on the choosing seeds "
        "were scored again on a confirming block of other seeds, which decides (the first "
        "block's winner is biased low by having been picked there)."
    )
    if best.candidate == REFERENCE:
        text += (
            f" **The representative point is the current defaults**: they lie inside the "
            f"posterior's central {CENTRAL:.0%}{where} and score {score(best)}"
        )
    else:
        text += f" The point is {best.candidate}: {score(best)}"
    if runner is not None:
        text += f"; the next, {runner.candidate}: {score(runner)}"
    text += "."
    if best.candidate != REFERENCE:
        text += (
            f" The defaults{where} score {score(ref)}."
            if np.isfinite(ref.get("p_best", np.nan))
            else f" The defaults{where} did not reach the confirming block (first block: "
            f"distance {ref.distance:.2f} with {int(ref.in_band)})."
        )
    text += (
        f" The choice is firm (chance of being best at least {FIRM:.0%})."
        if best.p_best >= FIRM
        else f" **The choice is not firm**: a chance of being best under {FIRM:.0%} means "
        "the confirming block's noise does not tell the finalists apart; they fit about "
        "equally well."
    )
    return text


def text_posterior(inf: InferenceFolder | None, folder: str, pairs_png: str | None) -> str:
    """The posterior section's markdown (without its heading).

    Args:
        inf: The folder's tables, or None when it holds no posterior.
        folder: The folder as the page names it.
        pairs_png: The pairs figure's path relative to the page, or None.
    """
    if inf is None:
        return (
            f"No posterior was found in `{folder}`: the parameters are the history-matching "
            "fit above, and every interval in the policy comparisons is stochastic only. "
            "Run `uv run python experiments/calibration_pipeline.py --out DIR` (issue 14; "
            "docs/calibration-inference.md) and commit its tables as `docs/calibration/"
            "inference/`."
        )
    c = convergence(inf.diagnostics, inf.floor)
    parts = [
        f"From `{folder}`: {_settings_text(inf)} The fit uses the targets whose role is "
        "`fit`; the validation targets were held back before fitting "
        "(docs/calibration-inference.md says which and why).",
        "### Convergence\n\n" + _convergence_text(inf, c),
        "### Identifiability\n\n"
        + _identifiability_text(inf)
        + "\n\n"
        + _representative_text(inf)
        + "\n\n"
        + _correlation_text(inf),
    ]
    if pairs_png:
        parts.append(
            f"![Posterior pairs]({pairs_png})\n\nThe {min(PAIRS_MAX, len(inf.parameters))} "
            "most constrained parameters (the numbers are in the CSV beside the figure)."
        )
    parts.append("### Posterior predictive checks\n\n" + _predictive_text(inf))
    parts.append("### Leave-one-group-out\n\n" + _logo_text(inf))
    return "\n\n".join(p for p in parts if p)


def _share_text(inf: InferenceFolder) -> str:
    """The main fit's defensive share by generation, when a left-out fit names its own.

    The share mixes the prior into the proposal: it changes how a generation's particles
    are proposed, not the posterior they target, but at an early generation a fit with a
    different share is not quite the same run minus the targets left out.
    """
    if not any("share" in s for s in (inf.logo_settings or {}).values()):
        return ""
    proposals = (inf.settings or {}).get("proposals") or []
    steps = [
        f"{p['share']:.2g} from generation {p['from_generation']}"
        for p in proposals
        if "share" in p
    ]
    if not steps:
        return ""
    return (
        " The share is the proposal's defensive share (the prior's part in it); the main "
        f"fit's was {', '.join(steps)}: it changes how particles are proposed, not what "
        "they target."
    )


def _logo_text(inf: InferenceFolder) -> str:
    """Each left-out group predicted by a fit without it, beside the fit with it."""
    groups = sorted({target_group(t.id) for t in targets_with_role("fit")})
    logo = inf.logo
    if logo is None or not len(logo):
        return (
            "No leave-one-group-out fit has been run yet. Each is a fit without one group of "
            f"fit targets ({', '.join(groups)}) that then predicts the group: "
            "`experiments/logo.py`, or the pipeline's `--logo` (each costs what the main fit "
            "costs: a cluster job)."
        )
    done = list(dict.fromkeys(logo["left_out"]))
    gens = []
    for g in done:
        d = (inf.logo_diagnostics or {}).get(g)
        if d is not None and len(d[d["t"] >= 0]):
            last = d[d["t"] >= 0].iloc[-1]
            entry = f"{g}: {int(last.t) + 1} generations, epsilon {last.epsilon:.3g}"
            share = (inf.logo_settings or {}).get(g, {}).get("share")
            if share is not None:
                entry += f", share {share:.2g}"
            gens.append(entry)
    has_with = "with_mean" in logo
    share_text = _share_text(inf)
    text = (
        f"Fits without a group of fit targets (same parameters, proposal kernel, cohort and "
        f"seed as the main fit), each predicting the group it left out ({'; '.join(gens)}; "
        "an epsilon over fewer targets is not comparable with the main fit's). A target is "
        "consistent when the 90% predictive interval meets its band." + share_text
    )
    if has_with:
        text += (
            " Beside each, the main fit's prediction of the same target at the same "
            "generation (so the two differ by the targets left out"
            + (", and by the share where it differs," if share_text else ",")
            + " not by how far each ran)."
        )
    header = ["left out", "target", "band", "without the group: mean (90%)", "draws in band"]
    if has_with:
        header += ["with it, same generation: mean (90%)", "draws in band"]
    header.append("consistent")
    rows = []
    for r in logo.itertuples():
        row = [
            r.left_out,
            r.target,
            f"{_f(r.low)} to {_f(r.high)}",
            f"{_f(r.mean)} ({_f(r.p5)} to {_f(r.p95)})",
            f"{r.draws_in_band:.0%}" if np.isfinite(r.draws_in_band) else "",
        ]
        if has_with:
            row += [
                f"{_f(r.with_mean)} ({_f(r.with_p5)} to {_f(r.with_p95)})",
                f"{r.with_draws_in_band:.0%}" if np.isfinite(r.with_draws_in_band) else "",
            ]
        row.append("yes" if r.consistent else "**no**")
        rows.append(row)
    n_ok = int(logo["consistent"].astype(bool).sum())
    strict = int((logo["draws_in_band"] >= STRICT_SHARE).sum())
    text += (
        f" Consistent: {n_ok} of {len(logo)} left-out targets; with at least "
        f"{STRICT_SHARE:.0%} of the draws' means in the band: {strict} of {len(logo)}."
    )
    missing = [g for g in groups if g not in done]
    if missing:
        text += f" Not yet run: {', '.join(missing)} (cluster)."
    return text + "\n\n" + _table(header, rows)


def prior_bounds(names: list[str]) -> dict[str, tuple[float, float]]:
    """Each parameter's prior support (its fitting range), for the pairs plot's axes."""
    return {n: (float(p.fit[0]), float(p.fit[1])) for n, p in calibrated(names).items()}


def marks(inf: InferenceFolder) -> dict[str, dict[str, float]]:
    """The points the pairs plot marks: the declared defaults and the representative point."""
    out = {"default": {n: float(PARAMETERS[n].default) for n in inf.parameters}}
    if inf.representative is not None:
        out["representative"] = dict(
            zip(inf.representative["parameter"], inf.representative["chosen"], strict=True)
        )
    return out


def weighted_summary(inf: InferenceFolder) -> pd.DataFrame:
    """Weighted 5/50/95th percentiles of each parameter (the pairs plot's CSV companion)."""
    w = inf.posterior["weight"].to_numpy(dtype=float)
    rows = []
    for name in inf.parameters:
        x = inf.posterior[name].to_numpy(dtype=float)
        rows.append(
            {
                "parameter": name,
                **{f"p{int(q * 100)}": weighted_quantile(x, w, q) for q in (0.05, 0.5, 0.95)},
            }
        )
    return pd.DataFrame(rows)
