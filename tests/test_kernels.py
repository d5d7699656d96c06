"""The fused kernels against their numpy references (vsvsim/mechanisms/_kernels).

Every module with a kernel is stepped both ways from the same state, week after week of a
realistic run, and on states scrambled at random; the results must agree to float32
precision. The run then goes on along the reference, so differences cannot pile up.
"""

from __future__ import annotations

import copy
from types import SimpleNamespace

import numpy as np
import pytest

from vsvsim.core.params import defaults
from vsvsim.core.sim import Simulation
from vsvsim.mechanisms import _kernels
from vsvsim.scenario import load_scenario
from vsvsim.week import WEEK, channels

#: Absolute tolerance for one module's step: float32 rounding (a few ulps of values on
#: 0-1) with headroom for differently ordered sums; a wrong term is orders larger.
ATOL = 2e-6


def has_kernel(module) -> bool:
    """Whether a module runs differently with the kernels enabled."""
    return getattr(module, "fused", None) is not None or hasattr(module, "_fused")


def build(scenario: str, students: int, seed: int, **overrides) -> Simulation:
    params = {**defaults(), **load_scenario(scenario).params, "students": students, **overrides}
    return Simulation(params, seed, WEEK, channels=channels())


def _arrays(sim: Simulation) -> dict[str, np.ndarray]:
    out = {f"s.{k}": sim.state[k] for k in sim.state.registry}
    d = getattr(sim, "d", None)
    if d is not None:
        out.update({f"d.{k}": v for k, v in vars(d).items() if isinstance(v, np.ndarray)})
    out["left_now"] = np.asarray(sim.left_now)
    return out


def assert_same(ref: Simulation, got: Simulation, where: str) -> None:
    """Every state and driver array of ``got`` equals ``ref``'s within float32 precision."""
    a, b = _arrays(ref), _arrays(got)
    assert a.keys() == b.keys(), where
    for name, x in a.items():
        y = b[name]
        assert x.shape == y.shape, f"{where}: {name} shape"
        if x.dtype.kind == "f":
            bad = ~np.isclose(x, y, rtol=0, atol=ATOL, equal_nan=True)
            assert not bad.any(), (
                f"{where}: {name} differs in {bad.sum()} rows, max {np.nanmax(np.abs(x - y)):.3g}"
            )
        else:
            bad = x != y
            assert not bad.any(), f"{where}: {name} differs in {bad.sum()} rows"
    for m_ref, m_got in zip(ref.modules, got.modules, strict=True):
        assert m_ref.outputs(ref) == m_got.outputs(got), f"{where}: outputs of {m_ref.name}"


#: Modules compared so far (to check that the kernels under test really ran).
COMPARED: set[str] = set()

#: Every module that has a kernel in the baseline's week.
KERNEL_MODULES = {
    "regular_mentoring", "early_warning", "fit_discovery", "events", "teacher_control_loop",
    "outside_pull_push", "peer_influence", "need_fulfilment", "coach_relationship",
    "confidence_loop", "accumulate_strain", "delayed_realisation",
    "participation_identification_spiral", "gradual_abrupt_routes", "integrate",
    "leaving_and_after", "exits", "friends_who_left", "registered_reason", "life_domains",
}  # fmt: skip


def step_compared(sim: Simulation, scramble: np.random.Generator | None = None) -> Simulation:
    """One week; each module with a kernel runs both ways and is compared.

    Returns the simulation to continue with (the reference's copy).
    """
    sim.week = sim.calendar[sim.week_index]
    for i in range(len(sim.weekly)):
        module = sim.weekly[i]
        if not has_kernel(module):
            module.step(sim)
            continue
        if scramble is not None:
            _scramble(sim, scramble)
        ref = copy.deepcopy(sim)
        with _kernels.backend("numpy"):
            ref.weekly[i].step(ref)
        with _kernels.backend("numba"):
            module.step(sim)
        assert_same(ref, sim, f"week {sim.week_index}, {module.name}")
        COMPARED.add(module.name)
        sim = ref
    for name, count in sim.state.clip().items():
        sim.clipped[name] = sim.clipped.get(name, 0) + count
    sim.week_index += 1
    return sim


def _scramble(sim: Simulation, rng: np.random.Generator) -> None:
    """Replace every 0-1 float state and the week's drivers by random values."""
    s = sim.state
    for name, var in s.registry.items():
        arr = s[name]
        if var.dtype == "float32" and var.low == 0.0 and var.high == 1.0 and var.kind == "state":
            arr[:] = rng.random(arr.size, dtype=np.float32)
    d = getattr(sim, "d", None)
    if d is not None:
        for c in sim.channels:
            arr = getattr(d, c.name)
            if arr.dtype == np.float32:
                arr[:] = rng.uniform(-0.3, 0.3, arr.size).astype(np.float32)


@pytest.mark.parametrize(
    "scenario,start,weeks",
    [
        ("baseline", 2, 8),  # autumn: school weeks and the holiday of week 8
        # The other scenarios and seasons (slow: the quick subset keeps the baseline case).
        pytest.param("integrated", 21, 5, marks=pytest.mark.slow),  # semester 2, holiday 25
        pytest.param("kvj_projects", 2, 3, marks=pytest.mark.slow),
        pytest.param("curative", 30, 3, marks=pytest.mark.slow),  # many students out by now
    ],
)
def test_kernels_match_the_reference_on_a_run(scenario, start, weeks):
    sim = build(scenario, 2000, 3)
    with _kernels.backend("numpy"):
        for _ in range(start):
            sim.step()
    COMPARED.clear()
    for _ in range(weeks):
        sim = step_compared(sim)
    assert KERNEL_MODULES <= COMPARED


def test_the_exits_kernel_matches_the_reference_without_the_qualification_duty():
    """The fused exits run only without an exit filter, so with the duty (the default) off."""
    sim = build("baseline", 2000, 3, qualification_duty=False)
    with _kernels.backend("numpy"):
        for _ in range(2):
            sim.step()
    COMPARED.clear()
    for _ in range(4):
        sim = step_compared(sim)
    assert "exits" in COMPARED and sim.d.exit_filter is None
    assert sim.state.first_exit.any()  # someone left: the kernel's decisions were compared


def test_kernels_match_the_reference_with_mechanisms_off():
    """The neutral replacements' kernels (and kernels whose inputs are then neutral)."""
    off = {
        name: False
        for name in (
            "confidence_loop",
            "delayed_realisation",
            "leaving_and_after",
            "outside_pull_push",
            "gradual_abrupt_routes",
        )
    }
    sim = build("integrated", 1500, 7, **off)
    with _kernels.backend("numpy"):
        sim.step()
    COMPARED.clear()
    for _ in range(5):
        sim = step_compared(sim)
    assert {"unbiased_confidence", "immediate_setbacks"} <= COMPARED


def test_kernels_match_the_reference_on_random_states():
    sim = build("integrated", 1500, 5)
    with _kernels.backend("numpy"):
        sim.step()
    rng = np.random.default_rng(11)
    for _ in range(3):
        sim = step_compared(sim, scramble=rng)


def _float_params(p) -> list[str]:
    return [k for k, v in vars(p).items() if isinstance(v, float) and not isinstance(v, bool)]


def _with(p, **values):
    return SimpleNamespace(**{**vars(p), **values})


#: Kernel modules that are not row-local: the registered reason compares each leaver with
#: the statistics of all enrolled rows, so it takes a run's scalar parameters only; in a
#: batch its step_batch gives each member its own (tests/test_batch.py).
NOT_ROW_LOCAL = {"registered_reason"}
#: Kernel modules that read a member's own parameters (``sim.p``, Python floats, as their
#: numpy reference does), never ``sim.pb``'s float32 or per-row forms: in a batch their
#: step_batch passes each member's (tests/test_batch.py checks members against runs).
MEMBER_PARAMS = {"life_domains"}


def test_kernels_take_float32_scalars_and_per_row_parameter_arrays():
    """Batch mode: a float parameter may be a float32 scalar or one value per row.

    A Python float, a float32 scalar and a constant per-row array give bitwise the same
    result; per-row values that differ between two halves of the rows give, row for row,
    what each half's values give on their own (the kernels are row-local; the modules in
    :data:`NOT_ROW_LOCAL` get the scalars only).
    """
    sim = build("integrated", 1200, 9)
    with _kernels.backend("numpy"):
        for _ in range(3):
            sim.step()
    sim.week = sim.calendar[sim.week_index]
    n = sim.state.n
    names = _float_params(sim.p)
    half = np.arange(n) >= n // 2
    p0 = sim.p
    p_scalar = _with(p0, **{k: np.float32(getattr(p0, k)) for k in names})
    p_const = _with(p0, **{k: np.full(n, getattr(p0, k), dtype=np.float32) for k in names})
    p_other = _with(p0, **{k: np.float32(0.9 * getattr(p0, k)) for k in names})
    p_rows = _with(
        p0,
        **{k: np.where(half, np.float32(0.9 * getattr(p0, k)), np.float32(getattr(p0, k)))
           for k in names},
    )  # fmt: skip
    checked = 0
    for i in range(len(sim.weekly)):
        module = sim.weekly[i]
        if has_kernel(module) and module.name not in MEMBER_PARAMS:
            runs = {}
            cases = (
                ("float", p0), ("scalar", p_scalar), ("const", p_const), ("other", p_other),
                ("rows", p_rows),
            )  # fmt: skip
            if module.name in NOT_ROW_LOCAL:
                cases = cases[:2]
            for label, p in cases:
                copy_ = copy.deepcopy(sim)
                copy_.p = p
                with _kernels.backend("numba"):
                    copy_.weekly[i].step(copy_)
                runs[label] = _arrays(copy_)
            for label in [k for k in ("scalar", "const") if k in runs]:
                for name, x in runs["float"].items():
                    assert np.array_equal(x, runs[label][name], equal_nan=True), (
                        f"{module.name}: {name} with {label} parameters"
                    )
            for name, x in runs.get("rows", {}).items():
                if x.shape != (n,):
                    continue
                expected = np.where(half, runs["other"][name], runs["float"][name])
                assert np.array_equal(x, expected, equal_nan=True), (
                    f"{module.name}: {name} with per-row parameters"
                )
            checked += 1
        with _kernels.backend("numpy"):
            module.step(sim)
    assert checked >= 15


def test_a_whole_run_with_kernels_is_close_to_the_reference_run():
    """The same run both ways: float32 differences only flip a few threshold draws."""
    import vsvsim

    with _kernels.backend("numpy"):
        ref = vsvsim.run("baseline", students=2000, seed=2)
    with _kernels.backend("numba"):
        got = vsvsim.run("baseline", students=2000, seed=2)
    a, b = ref.summary.iloc[0], got.summary.iloc[0]
    for col in ("dropout_rate", "switcher_rate", "school_leaver_rate", "diploma_rate"):
        assert abs(a[col] - b[col]) <= 0.01, (col, a[col], b[col])
    for col in ("mean_commitment", "mean_time_investment", "mean_confidence", "mean_wellbeing"):
        diff = (ref.model_data[col] - got.model_data[col]).abs().max()
        assert diff < 0.005, (col, diff)


def test_the_backend_switch():
    saved = _kernels.get_backend()
    with _kernels.backend("numpy"):
        assert not _kernels.enabled()
    assert _kernels.get_backend() == saved
    with pytest.raises(ValueError, match="backend"):
        _kernels.set_backend("cupy")


def test_a_changed_dependency_clears_the_kernel_cache(tmp_path):
    """numba checks only a kernel's own file; an edited helper or constant must recompile."""
    import os

    from vsvsim.mechanisms._kernels.common import _invalidate_stale_cache

    package, cache = tmp_path / "vsvsim", tmp_path / "cache"
    (package / "mechanisms").mkdir(parents=True)
    source = package / "mechanisms" / "events.py"
    source.write_text("TYPICAL_STRESS = 0.2\n")
    cache.mkdir()
    (cache / "events._events-1.py312.nbi").write_text("")
    assert _invalidate_stale_cache(package, cache)  # no fingerprint yet: cleared
    assert not list(cache.glob("*.nbi"))
    (cache / "events._events-1.py312.nbi").write_text("")
    assert not _invalidate_stale_cache(package, cache)  # unchanged: kept
    assert list(cache.glob("*.nbi"))
    source.write_text("TYPICAL_STRESS = 0.25\n")
    os.utime(source, ns=(1, 1))
    assert _invalidate_stale_cache(package, cache)
    assert not list(cache.glob("*.nbi"))
