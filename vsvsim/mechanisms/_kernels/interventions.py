"""Fused kernels of two instruments' weekly passes over all students.

:class:`~vsvsim.interventions.mentoring.RegularMentoring` (who the study-career mentor
speaks with) and :func:`~vsvsim.interventions.early_warning.early_warning`. Their numpy
versions in ``vsvsim/interventions/`` stay the reference.
"""

from __future__ import annotations

from vsvsim.core.state import Status
from vsvsim.mechanisms._kernels.common import at, fp_all, njit

__all__ = ["early_warning", "regular_mentoring"]

_ENROLLED = Status.ENROLLED


@njit
def _mentoring(
    n, week_index, status, absence, u_mentor, mentor, coach, coach_start, contact,
    coach_minutes, class_minutes, intended_aut, intended_comp, intended_rel,
    threshold, letter_share, rate, minutes, support,
):  # fmt: skip
    letters = 0
    conversations = 0
    for i in range(n):
        if status[i] != _ENROLLED:
            continue
        conversation = absence[i] > at(threshold, i)
        if conversation:
            conversations += 1
        elif absence[i] > at(letter_share, i) * at(threshold, i):
            letters += 1
        if not (u_mentor[i] < at(rate, i) or conversation):
            continue
        m = at(minutes, i)
        coach_minutes[i] += m
        class_minutes[mentor[i]] += m
        # Students still waiting for their project coach keep the mentor as main contact.
        if coach[i] < 0 or not (coach_start[i] <= week_index):
            contact[i] = True
            intended_aut[i] = at(support, i)
            intended_comp[i] = at(support, i)
            intended_rel[i] = at(support, i)
    return letters, conversations


def regular_mentoring(module, sim) -> None:
    """Fused :meth:`vsvsim.interventions.mentoring.RegularMentoring.step` (a school week)."""
    s, p, n = sim.state, sim.pb, sim.state.n
    letters, conversations = _mentoring(
        n, sim.week.index, s.status, s.absence, sim.draws.u_mentor, s.mentor, s.coach,
        s.coach_start, s.contact, s.coach_minutes, module.minutes, s.intended_aut,
        s.intended_comp, s.intended_rel,
        *fp_all(p, n, "absence_conversation_threshold", "absence_letter_share",
                "mentor_contact_rate", "mentor_minutes", "mentor_support"),
    )  # fmt: skip
    module.letters += int(letters)
    module.conversations += int(conversations)


@njit
def _early_warning(
    n, week_index, semester_ok, status, commitment, confidence, instability, absence,
    commitment_slow, confidence_slow, signalled, signal_week,
    drop, memory_rate, ew_instability, ew_absence,
):  # fmt: skip
    for i in range(n):
        if status[i] != _ENROLLED:
            continue
        falling = (commitment_slow[i] - commitment[i] > at(drop, i)) or (
            confidence_slow[i] - confidence[i] > at(drop, i)
        )
        signal = falling or instability[i] > at(ew_instability, i) or absence[i] > at(ew_absence, i)
        if signal and semester_ok and not signalled[i]:
            signalled[i] = True
            signal_week[i] = week_index
        k = at(memory_rate, i)
        commitment_slow[i] += k * (commitment[i] - commitment_slow[i])
        confidence_slow[i] += k * (confidence[i] - confidence_slow[i])


def early_warning(sim, week) -> None:
    """Fused :func:`vsvsim.interventions.early_warning.early_warning` (a school week)."""
    s, p, n = sim.state, sim.pb, sim.state.n
    semester_ok = (not p.ew_second_semester_only) or week.semester == 2
    _early_warning(
        n, week.index, bool(semester_ok), s.status, s.commitment, s.confidence,
        s.instability, s.absence, s.commitment_slow, s.confidence_slow, s.signalled,
        s.signal_week,
        *fp_all(p, n, "ew_drop", "ew_memory_rate", "ew_instability", "ew_absence"),
    )  # fmt: skip
