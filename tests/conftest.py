"""Shared fixtures: cached runs so several tests can look at one simulation."""

from __future__ import annotations

import functools

import pytest

import vsvsim

#: The modules of issues 10 and 11, on by default since the refit with them on, switched
#: off: the core model as it was before them. For tests of a core mechanism's own
#: property that one of these modules legitimately changes (say, that age alone moves no
#: outcome: the qualification duty reads age); a test that uses it says why.
WITHOUT_NEW_MODULES = {
    "tracks": False,
    "study_choice": False,
    "binding_study_advice": False,
    "deregistration": False,
    "absence_protocol": False,
    "qualification_duty": False,
    "life_domains": False,
    "curative_process": False,
    "success_factors": False,
    "coach_intensity": "fixed",
}


@functools.lru_cache(maxsize=64)
def _cached(scenario: str, students: int, seed: int, trajectories: bool, items: tuple):
    return vsvsim.run(
        scenario, students=students, seed=seed, trajectories=trajectories, overrides=dict(items)
    )


def cached_run(scenario="baseline", *, students=3000, seed=0, trajectories=False, **overrides):
    """Run once per distinct argument set within a test session."""
    return _cached(scenario, students, seed, trajectories, tuple(sorted(overrides.items())))


@pytest.fixture
def run_cached():
    return cached_run
