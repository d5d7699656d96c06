"""The cumulation curve of the life domains, measured (T11; reported, not scored).

T11 (FS): the risk of leaving rises with the number of problems a youngster carries, from
about 5% with none to up to 25% with several. With the life domains on
(:mod:`vsvsim.mechanisms.life_domains`) nothing sets that curve: the domains raise usual
stress, frustrate a need and cost time, their acute onsets are crises, and who leaves
follows from the weekly dynamics. :func:`cumulation` measures it: the first-exit rate by
the number of problems a student had when it entered, and by the most it had at once
while enrolled, with and without the domains' effects (what is left without them is the
confounding by level and risk tier, which also carry more problems).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from vsvsim.mechanisms.life_domains import DOMAINS

__all__ = ["NO_EFFECTS", "cumulation"]

#: The domains on with every effect on the student off (stress at a flat 0.2).
NO_EFFECTS = {
    "life_domains": True,
    "domain_time_cost": 0.0,
    "domain_need_frustration": 0.0,
    "domain_stress_floor": 0.2,
    **{f"domain_burden_{d.name}": 0.0 for d in DOMAINS},
    **{f"domain_acute_share_{d.name}": 0.0 for d in DOMAINS},
}
#: Problem counts reported on their own; the last is "this many or more".
COUNTS = (0, 1, 2, 3)


def cumulation(
    scenario: str = "baseline",
    seeds: Sequence[int] = range(6),
    students: int = 2000,
    overrides: dict | None = None,
) -> pd.DataFrame:
    """First-exit rate by number of domain problems, pooled over ``seeds``.

    Args:
        scenario: Scenario to run (the domains are switched on).
        seeds: Seeds, one run each (run as one batch).
        students: Cohort size.
        overrides: Further parameter values.

    Returns:
        One row per count (``"3+"`` for three or more) and measure (``at_entry``,
        ``peak``): students, first exits, the rate, and the rate's range over seeds.
    """
    from vsvsim.run import run_batch

    params = {"life_domains": True, **(overrides or {})}
    results = run_batch(scenario, seeds=list(seeds), params=params, students=students)
    rows = []
    for measure, column in (("at_entry", "problems_at_entry"), ("peak", "problems_peak")):
        per_seed = []
        for r in results:
            st = r.students
            exited = st["outcome"].isin(["switcher", "school_leaver"]).to_numpy()
            count = np.minimum(st[column].to_numpy(), COUNTS[-1])
            per_seed.append((count, exited))
        for k in COUNTS:
            n = sum(int((c == k).sum()) for c, _ in per_seed)
            x = sum(int(e[c == k].sum()) for c, e in per_seed)
            rates = [e[c == k].mean() for c, e in per_seed if (c == k).any()]
            rows.append(
                {
                    "measure": measure,
                    "problems": f"{k}+" if k == COUNTS[-1] else str(k),
                    "students": n,
                    "exits": x,
                    "rate": x / n if n else np.nan,
                    "rate_min": min(rates) if rates else np.nan,
                    "rate_max": max(rates) if rates else np.nan,
                }
            )
    return pd.DataFrame(rows)
