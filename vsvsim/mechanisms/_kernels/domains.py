"""Fused kernel of the life domains' week (:mod:`vsvsim.mechanisms.life_domains`).

The reference, :func:`~vsvsim.mechanisms.life_domains.step_domains` plus the needs and the
time cost of :class:`~vsvsim.mechanisms.life_domains.LifeDomains`, makes some forty
``(domains, n)`` temporaries a week; here every row's seven domains are one pass. The
parameters come per batch member (a member's rows are contiguous), as small float32
tables computed from the member's own parameters the way the reference computes them, so
every comparison and product is the reference's float32 one.
"""

from __future__ import annotations

import numpy as np

from vsvsim.mechanisms._kernels.common import F0, F1, f32, njit
from vsvsim.mechanisms.life_domains import (
    _CRISIS,
    _OUTSIDE_NEED,
    CRISIS_DRAW,
    DOMAINS,
    NO_CRISIS_DRAW,
    NO_TYPE,
    prevalence_table,
)

__all__ = ["step", "tables"]

_K = len(DOMAINS)
_TIMELY = np.array([d.takes_time for d in DOMAINS], dtype=np.bool_)
#: The need outside school each domain frustrates, as an index into :data:`_NEED_STATES`.
_NEED_STATES = tuple(_OUTSIDE_NEED.values())
_NEED = np.array([tuple(_OUTSIDE_NEED).index(d.need) for d in DOMAINS], dtype=np.int8)
_TINY = f32(1e-12)
_CRISIS_U, _NO_CRISIS_U = f32(CRISIS_DRAW), f32(NO_CRISIS_DRAW)


@njit
def _week(
    starts, stops, u, sev, enrolled, out, level, colour, context_stress, disruption, problems,
    peak, stress_base, crisis_type, u_life, needs, d_time,
    onset_rate, rate, acute_floor, smin, one_minus, decay, burden, floor, frustration, cost,
    crisis_codes, timely, need_of,
):  # fmt: skip
    aut, comp, rel = needs
    for m in range(starts.size):
        for i in range(starts[m], stops[m]):
            alive = enrolled[i] or out[i]
            dis = disruption[i] * decay[m]
            total = floor[m] + context_stress[i]
            f = frustration[m]
            # Each need loses its domains' frustration in DOMAINS' order, as the reference.
            left_a, left_c, left_r = aut[i], comp[i], rel[i]
            crisis = NO_TYPE
            count = 0
            r = i - starts[m]  # the row within the member (its uniforms)
            for k in range(_K):
                x = sev[k][i]
                if alive:
                    uk = u[m, k, r]
                    if x > F0:
                        if uk < rate[m, k]:
                            x = F0
                    else:
                        q = onset_rate[m, k, level[i], colour[i]]
                        if uk < q:
                            v = uk / max(q, _TINY)  # uniform given an onset
                            if enrolled[i] and v >= acute_floor[m, k] and crisis == NO_TYPE:
                                crisis = crisis_codes[k]
                            x = smin[m] + one_minus[m] * v
                            if timely[k]:
                                dis = dis + x
                    sev[k][i] = x
                if x > F0:
                    count += 1
                total = total + burden[m, k] * x
                j = need_of[k]
                if j == 0:
                    left_a = left_a - f * x
                elif j == 1:
                    left_c = left_c - f * x
                else:
                    left_r = left_r - f * x
            crisis_type[i] = crisis
            problems[i] = count
            if enrolled[i]:
                if count > peak[i]:
                    peak[i] = count
                aut[i] = max(left_a, F0)
                comp[i] = max(left_c, F0)
                rel[i] = max(left_r, F0)
            if alive:
                disruption[i] = dis
                stress_base[i] = min(max(total, F0), F1)
            u_life[i] = _CRISIS_U if crisis != NO_TYPE else _NO_CRISIS_U
            d_time[i] -= cost[m] * disruption[i]


def tables(members) -> tuple[np.ndarray, ...]:
    """Each member's parameters as the reference computes them (float32), stacked.

    The onset chance by domain, level and risk tier is tabled with the reference's
    float32 operations (prevalence / (1 - prevalence) / weeks), so that the row loop
    divides only for an onset.
    """
    f = np.float32
    onset, rate, acute, smin, one_minus, decay = [], [], [], [], [], []
    burden, floor, frustration, cost = [], [], [], []
    for p in members:
        w = np.array([getattr(p, f"domain_weeks_{d.name}") for d in DOMAINS])
        pi = prevalence_table(p)
        onset.append(pi / (f(1.0) - pi) / w.astype(f)[:, None, None])
        rate.append((1.0 / w).astype(f))
        acute.append(
            np.array([1.0 - getattr(p, f"domain_acute_share_{d.name}") for d in DOMAINS], dtype=f)
        )
        # As numpy promotes a Python float against float32: each scalar rounded to float32.
        smin.append(f(p.domain_severity_min))
        one_minus.append(f(1.0 - p.domain_severity_min))
        decay.append(f(1.0 - 1.0 / p.domain_disruption_weeks))
        burden.append(np.array([getattr(p, f"domain_burden_{d.name}") for d in DOMAINS]).astype(f))
        floor.append(f(p.domain_stress_floor))
        frustration.append(f(p.domain_need_frustration))
        cost.append(f(p.domain_time_cost))
    return (
        np.stack(onset), np.stack(rate), np.stack(acute), np.array(smin, dtype=f),
        np.array(one_minus, dtype=f), np.array(decay, dtype=f), np.stack(burden),
        np.array(floor, dtype=f), np.array(frustration, dtype=f), np.array(cost, dtype=f),
    )  # fmt: skip


def step(params, sizes, u, s, w, d, u_life) -> None:
    """Fused week of the life domains (resolution, onset, crises, stress, needs, time).

    Args:
        params: :func:`tables` of each member's parameters (a run: one member).
        sizes: Each member's number of rows (contiguous, in order).
        u: The week's uniforms, ``(members, domains, rows of a member)``, each member's
            from its own stream.
        s: Student arrays of all rows.
        w: The week's inputs (enrolment masks).
        d: Drivers (``time``).
        u_life: The week's life-event draws, overwritten (crisis or none).
    """
    stops = np.cumsum(np.asarray(sizes, dtype=np.int64))
    starts = stops - np.asarray(sizes, dtype=np.int64)
    sev = tuple(s[f"problem_{dom.name}"] for dom in DOMAINS)
    needs = tuple(s[name] for name in _NEED_STATES)
    _week(
        starts, stops, u, sev, w.enrolled, w.out, s.level, s.true_colour, s.context_stress,
        s.domain_disruption, s.problems, s.problems_peak, s.stress_base, s.crisis_type, u_life,
        needs, d.time, *params, _CRISIS, _TIMELY, _NEED,
    )  # fmt: skip
