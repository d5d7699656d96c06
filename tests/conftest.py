"""Shared fixtures: cached runs so several tests can look at one simulation."""

from __future__ import annotations

import functools

import pytest

import vsvsim


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
