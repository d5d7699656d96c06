"""Mechanism 1, the participation-identification spiral (Finn 1989)."""

from __future__ import annotations

from types import SimpleNamespace

from vsvsim.core.params import Param
from vsvsim.core.state import StudentArrays
from vsvsim.mechanisms import _kernels
from vsvsim.mechanisms.base import Drivers, Mechanism, WeekInputs, sigmoid
from vsvsim.mechanisms.integrate import TYPICAL_TIME_INVESTMENT

#: Reference commitment at which the spiral's push on time investment is zero (centring).
SPIRAL_REFERENCE_COMMITMENT = 0.62

# fmt: off
PARAMS = (
    Param("spiral_commitment_to_time", "strengths", 0.429, 0.0, 2.0, unit="0-1 per 0-1",
          source="Finn 1989; fitted (docs/calibration.md)",
          doc="How strongly commitment drives time investment (sigmoid response)",
          fit=(0.2, 0.8)),
    Param("spiral_time_to_commitment", "strengths", 0.326, 0.0, 2.0, unit="0-1 per 0-1",
          source="Finn 1989; fitted (docs/calibration.md)",
          doc="How strongly time investment feeds back into commitment",
          fit=(0.1, 0.6)),
    Param("spiral_tipping_commitment", "strengths", 0.38, 0.0, 1.0, unit="0-1",
          source="Finn 1989; value assumption",
          doc="Commitment at which participation collapses (centre of the spiral's sigmoid)"),
    Param("spiral_steepness", "strengths", 9.0, 0.0, 30.0, unit="1/0-1",
          source="assumption",
          doc="Steepness of the spiral's sigmoid response of time investment to commitment"),
)
# fmt: on


def participation_identification_spiral(
    s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers
) -> None:
    """Mechanism 1: participation and commitment reinforce each other (Finn 1989).

    Commitment drives time investment through a steep sigmoid around
    ``spiral_tipping_commitment`` (committed students participate; far below that
    participation collapses), and time investment feeds back into commitment. The loop is a
    positive feedback with a tipping point: it can spiral down towards dropout or up towards
    success. Off: the two are decoupled.
    """
    ref = sigmoid(p.spiral_steepness * (SPIRAL_REFERENCE_COMMITMENT - p.spiral_tipping_commitment))
    response = sigmoid(p.spiral_steepness * (s.commitment - p.spiral_tipping_commitment))
    d.time += p.spiral_commitment_to_time * (response - ref)
    d.commit += p.spiral_time_to_commitment * (s.time_investment - TYPICAL_TIME_INVESTMENT)


class ParticipationIdentificationSpiral(Mechanism):
    """Participation and commitment reinforce each other."""

    name = "participation_identification_spiral"
    number = 1
    kind = "mechanism"
    switchable = True
    title = "Participation and commitment reinforce each other"
    source = "Finn 1989 (UCA ch. 3)"
    params = PARAMS
    update = staticmethod(participation_identification_spiral)
    fused = _kernels.Fused("small", "participation_identification_spiral")
