"""The regression baseline: every packaged scenario reproduces its recorded outcomes.

A deliberate change of behaviour is recorded with ``uv run vsvsim regression --update``
and explained in the commit message.
"""

import json

import pytest

from vsvsim import regression
from vsvsim.mechanisms import _kernels


@pytest.mark.slow
def test_every_scenario_reproduces_the_regression_baseline():
    baseline = json.loads(regression.BASELINE_PATH.read_text(encoding="utf-8"))
    current = regression.compute()
    # The baseline records the fused kernels (the default). The numpy reference path
    # (VSVSIM_KERNELS=numpy) rounds differently in float32, which moves an outcome in the
    # eighth digit at most; the students tables must still be identical.
    rel = 1e-9 if _kernels.enabled() else 1e-6
    diffs = regression.compare(current, baseline, rel=rel)
    assert not diffs, "behaviour changed (update with `vsvsim regression --update`):\n" + "\n".join(
        diffs[:40]
    )


def test_compare_reports_a_changed_outcome():
    record = {"runs": {"a/0": {"outcomes": {"dropout_rate": 0.1}, "students_digest": "x"}}}
    changed = {"runs": {"a/0": {"outcomes": {"dropout_rate": 0.1 + 1e-6}, "students_digest": "x"}}}
    assert regression.compare(record, record) == []
    assert regression.compare(changed, record) == ["a/0: dropout_rate 0.1 -> 0.100001"]
