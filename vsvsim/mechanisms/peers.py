"""Mechanism 8, peers: friends' attendance, commitment and leaving; popularity."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from vsvsim.core.module import Channel
from vsvsim.core.params import Param
from vsvsim.core.state import StateVar, StudentArrays
from vsvsim.mechanisms import _kernels
from vsvsim.mechanisms.base import Drivers, F, Mechanism, WeekInputs
from vsvsim.mechanisms.needs import NEUTRAL

# fmt: off
PARAMS = (
    Param("peer_influence_strength", "strengths", 0.25, 0.0, 1.0, unit="0-1 per 0-1",
          doc="Pull of friends' attendance and commitment"),
    Param("friend_leaving_shock", "strengths", 0.05, 0.0, 0.5, unit="0-1 per friend",
          doc="Drop in commitment when a friend leaves"),
    Param("popularity_time_cost", "strengths", 0.1, 0.0, 1.0, unit="0-1 per 0-1",
          source="UCA ch. 3 (popular students invest less time)",
          doc="Time investment lost by popular students"),
    Param("peer_attendance_share", "strengths", 0.5, 0.0, 1.0, unit="x strength",
          doc="Pull of friends' attendance on the time-investment set point, relative to "
              "peer_influence_strength"),
    Param("peer_commitment_share", "strengths", 0.3, 0.0, 1.0, unit="x strength",
          doc="Pull of friends' commitment on the commitment set point, relative to "
              "peer_influence_strength"),
    Param("popularity_relatedness_gain", "strengths", 0.2, 0.0, 1.0, unit="0-1 per 0-1",
          source="UCA ch. 3 (popular students feel more related)",
          doc="Relatedness at school gained by popular students (around the midpoint)"),
)
FRIENDS_PARAMS = (
    Param("friend_leaving_memory", "strengths", 0.8, 0.0, 1.0, unit="share kept per week",
          doc="Share of the count of friends who left that is still felt a week later"),
)
# fmt: on

# fmt: off
STATES = (
    StateVar("friends_left", "float32", 0.0, 0.0, None, "recent friends who left (decaying)"),
)
# fmt: on


def peer_influence(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Mechanism 8: friends' attendance, commitment and leaving; popularity.

    Friends (classmates) pull a student's time investment towards their attendance (a
    friend who left counts as absent) and commitment towards theirs; a friend leaving is a
    shock to commitment that fades over weeks. Popular students feel more related at
    school but invest less time. Off: students are not influenced by peers.
    """
    if w.friends.nnz:
        E = w.enrolled.astype(F)
        # One sparse product gives, per student, the sums over friends of attendance,
        # enrolment and commitment.
        sums = w.friends @ np.column_stack((s.time_investment * E, E, s.commitment * E))
        deg = w.friend_degree
        n_enr = sums[:, 1]
        att = sums[:, 0] / np.maximum(deg, 1)
        com = sums[:, 2] / np.maximum(n_enr, 1)
        k = p.peer_influence_strength
        att_pull = p.peer_attendance_share * k * (att - s.time_investment)
        com_pull = p.peer_commitment_share * k * (com - s.commitment)
        d.time += np.where(deg > 0, att_pull, 0).astype(F)
        d.commit += np.where(n_enr > 0, com_pull, 0).astype(F)
        d.commit -= p.friend_leaving_shock * s.friends_left
    d.time -= p.popularity_time_cost * (s.popularity - NEUTRAL)
    d.peer_relatedness += p.popularity_relatedness_gain * (s.popularity - NEUTRAL)


def friends_who_left(
    s: StudentArrays, p: SimpleNamespace, w: WeekInputs, left_now: np.ndarray
) -> None:
    """Decaying count of friends who left (input to :func:`peer_influence`)."""
    s.friends_left *= p.friend_leaving_memory
    if left_now.any() and w.friends.nnz:
        s.friends_left += w.friends @ left_now.astype(F)


class PeerInfluence(Mechanism):
    """Friends' attendance, commitment and leaving; popularity."""

    name = "peer_influence"
    number = 8
    kind = "mechanism"
    switchable = True
    title = "Friends' attendance, commitment and leaving; popularity"
    source = "UCA ch. 3"
    params = PARAMS
    channels = (
        Channel("peer_relatedness", meaning="shift of the relatedness-at-school set point"),
    )
    update = staticmethod(peer_influence)
    fused = _kernels.Fused("peers", "peer_influence")


class FriendsWhoLeft(Mechanism):
    """Friends notice who left this week (input to :func:`peer_influence`; always on)."""

    name = "friends_who_left"
    kind = "core"
    switchable = False
    title = "Friends notice who left this week"
    params = FRIENDS_PARAMS
    states = STATES

    def step(self, sim) -> None:
        """Count this week's leavers among each student's friends."""
        if _kernels.enabled():
            self._fused(sim.state, sim.pb, sim.w, sim.left_now)
        else:
            friends_who_left(sim.state, sim.pb, sim.w, sim.left_now)

    _fused = _kernels.Fused("peers", "friends_who_left")
