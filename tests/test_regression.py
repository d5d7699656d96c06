"""The regression baseline: every packaged scenario reproduces its recorded outcomes.

A deliberate change of behaviour is recorded with ``uv run vsvsim regression --update``
and explained in the commit message.
"""

import json

from vsvsim import regression


def test_every_scenario_reproduces_the_regression_baseline():
    baseline = json.loads(regression.BASELINE_PATH.read_text(encoding="utf-8"))
    current = regression.compute()
    diffs = regression.compare(current, baseline)
    assert not diffs, "behaviour changed (update with `vsvsim regression --update`):\n" + "\n".join(
        diffs[:40]
    )


def test_compare_reports_a_changed_outcome():
    record = {"runs": {"a/0": {"outcomes": {"dropout_rate": 0.1}, "students_digest": "x"}}}
    changed = {"runs": {"a/0": {"outcomes": {"dropout_rate": 0.1 + 1e-6}, "students_digest": "x"}}}
    assert regression.compare(record, record) == []
    assert regression.compare(changed, record) == ["a/0: dropout_rate 0.1 -> 0.100001"]
