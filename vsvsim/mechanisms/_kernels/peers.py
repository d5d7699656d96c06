"""Fused kernels of :mod:`vsvsim.mechanisms.peers` (mechanism 8 and friends who left)."""

from __future__ import annotations

import numpy as np

from vsvsim.mechanisms._kernels.common import F0, F1, HALF, at, fp_all, njit

__all__ = ["friends_who_left", "peer_influence"]


@njit
def _peer_influence(
    n, has_friends, indptr, indices, data, enrolled, deg, time, commit, friends_left,
    popularity, d_time, d_commit, d_peer_rel,
    strength, att_share, com_share, shock, pop_cost, pop_gain,
):  # fmt: skip
    if has_friends:
        # What a friend contributes, packed per row: attendance, enrolment and commitment
        # of enrolled students (0 for the others). One cache line per friend in the
        # gather below instead of three arrays and a branch: half the time.
        packed = np.empty((n, 3), dtype=np.float32)
        for j in range(n):
            e = F1 if enrolled[j] else F0
            packed[j, 0] = time[j] * e
            packed[j, 1] = e
            packed[j, 2] = commit[j] * e
    for i in range(n):
        if has_friends:
            # The row of the friendship matrix: the sums of the reference's sparse product.
            s_att = F0
            s_enr = F0
            s_com = F0
            for k in range(indptr[i], indptr[i + 1]):
                j = indices[k]
                wgt = data[k]
                s_att += wgt * packed[j, 0]
                s_enr += wgt * packed[j, 1]
                s_com += wgt * packed[j, 2]
            k_i = at(strength, i)
            if deg[i] > F0:
                att = s_att / max(deg[i], F1)
                d_time[i] += at(att_share, i) * k_i * (att - time[i])
            if s_enr > F0:
                com = s_com / max(s_enr, F1)
                d_commit[i] += at(com_share, i) * k_i * (com - commit[i])
            d_commit[i] -= at(shock, i) * friends_left[i]
        d_time[i] -= at(pop_cost, i) * (popularity[i] - HALF)
        d_peer_rel[i] += at(pop_gain, i) * (popularity[i] - HALF)


def peer_influence(s, p, w, d) -> None:
    """Fused :func:`vsvsim.mechanisms.peers.peer_influence`."""
    n, m = s.n, w.friends
    _peer_influence(
        n, m.nnz > 0, m.indptr, m.indices, m.data, w.enrolled, w.friend_degree,
        s.time_investment, s.commitment, s.friends_left, s.popularity,
        d.time, d.commit, d.peer_relatedness,
        *fp_all(p, n, "peer_influence_strength", "peer_attendance_share",
                "peer_commitment_share", "friend_leaving_shock", "popularity_time_cost",
                "popularity_relatedness_gain"),
    )  # fmt: skip


@njit
def _decay(x, memory):
    for i in range(x.size):
        x[i] *= at(memory, i)


@njit
def _add_leavers(friends_left, t_indptr, t_indices, t_data, leavers):
    # Scatter from the few leavers over the transposed matrix: row j of the transpose
    # lists the students who count j as a friend.
    for j in leavers:
        for k in range(t_indptr[j], t_indptr[j + 1]):
            friends_left[t_indices[k]] += t_data[k]


#: The transposed friendship matrix of the last matrix seen (it is fixed for a run); the
#: matrix itself is kept so that an identical ``id`` cannot be a different matrix.
_TRANSPOSED: list = [None, None]


def _transposed(m):
    if _TRANSPOSED[0] is not m:
        _TRANSPOSED[:] = [m, m.T.tocsr()]
    return _TRANSPOSED[1]


def friends_who_left(s, p, w, left_now: np.ndarray) -> None:
    """Fused :func:`vsvsim.mechanisms.peers.friends_who_left`."""
    _decay(s.friends_left, fp_all(p, s.n, "friend_leaving_memory")[0])
    leavers = np.flatnonzero(left_now)
    if leavers.size and w.friends.nnz:
        t = _transposed(w.friends)
        _add_leavers(s.friends_left, t.indptr, t.indices, t.data, leavers)
