"""Fused kernel of :mod:`vsvsim.mechanisms.confidence` (mechanism 3 and its neutral)."""

from __future__ import annotations

from vsvsim.mechanisms._kernels.common import F0, F1, HALF, at, clip01, fp_all, njit

__all__ = ["confidence_loop", "unbiased_confidence"]


@njit
def _confidence(
    n, biased, school_week, enrolled, comp_s, time, event_school, locus, success, confidence,
    d_confidence_fall,
    rate, bias, w_comp, w_effort, w_event,
):  # fmt: skip
    for i in range(n):
        old = confidence[i]
        if enrolled[i] and school_week:
            effort_weight = (F1 - locus[i]) if biased else F1
            x = (
                HALF
                + at(w_comp, i) * (comp_s[i] - HALF)
                + at(w_effort, i) * effort_weight * (time[i] - HALF)
                + at(w_event, i) * (event_school[i] - HALF)
            )
            success[i] = clip01(x)
            perceived = success[i] + (at(bias, i) * (old - HALF) if biased else F0)
            confidence[i] = old + at(rate, i) * (clip01(perceived) - old)
        d_confidence_fall[i] = max(old - confidence[i], F0)


def _update(s, p, w, d, biased: bool) -> None:
    n = s.n
    _confidence(
        n, biased, bool(w.week.school_week), w.enrolled, s.comp_school, s.time_investment,
        s.event_school, s.locus, s.success, s.confidence, d.confidence_fall,
        *fp_all(p, n, "confidence_rate", "confidence_bias", "success_competence_weight",
                "success_effort_weight", "success_event_weight"),
    )  # fmt: skip


def confidence_loop(s, p, w, d) -> None:
    """Fused :func:`vsvsim.mechanisms.confidence.confidence_loop`."""
    _update(s, p, w, d, True)


def unbiased_confidence(s, p, w, d) -> None:
    """Fused :func:`vsvsim.mechanisms.confidence.unbiased_confidence`."""
    _update(s, p, w, d, False)
