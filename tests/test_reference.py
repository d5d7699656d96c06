"""The benchmark's per-agent reference stays in step with the engine.

``benchmarks/reference_mesa.py`` re-implements the core dynamics one agent at a time (the
way a plain Mesa model would) for the throughput benchmark's speed-up figure. It draws its
own random numbers, so it is compared statistically: the same students (the engine's
population for the seed), the mechanism set the reference covers (no peers, no coach
relationship), and the enrolled students' mean states after some weeks within a stated
tolerance. A change to the engine's dynamics that the reference does not follow fails.
"""

import sys
from pathlib import Path

import numpy as np
import pytest

from vsvsim.core.state import Status
from vsvsim.mesa_model import DropoutModel

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from reference_mesa import ReferenceModel

STUDENTS, WEEKS = 2000, 20
#: Largest allowed gap between the two models' mean states (0-1 scales). With 2,000
#: students the sampling spread of a mean after 20 weeks is about 0.003.
TOLERANCE = 0.012
STATES = ("commitment", "time_investment", "confidence", "wellbeing", "stress", "teacher_control")


def _engine_means(**params) -> dict[str, float]:
    model = DropoutModel(
        scenario_name="baseline",
        students=STUDENTS,
        rng=0,
        peer_influence=False,
        coach_relationship=False,
        **params,
    )
    for _ in range(WEEKS):
        model.step()
    e = model.state.status == Status.ENROLLED
    return {name: float(model.state[name][e].mean()) for name in STATES}


@pytest.fixture(scope="module")
def reference_means() -> dict[str, float]:
    ref = ReferenceModel(students=STUDENTS, seed=0)
    for _ in range(WEEKS):
        ref.step()
    return {name: ref.mean_enrolled(name) for name in STATES}


def test_reference_mean_states_match_the_engine(reference_means):
    engine = _engine_means()
    gaps = {name: abs(engine[name] - reference_means[name]) for name in STATES}
    assert max(gaps.values()) < TOLERANCE, gaps


def test_the_comparison_would_notice_a_changed_engine(reference_means):
    """A climate change in the engine alone shows as a gap beyond the tolerance."""
    engine = _engine_means(climate_autonomy=0.2)
    gaps = np.array([abs(engine[name] - reference_means[name]) for name in STATES])
    assert gaps.max() > TOLERANCE
