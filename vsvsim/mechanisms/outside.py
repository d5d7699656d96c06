"""Mechanism 4, outside-school pull and push."""

from __future__ import annotations

from types import SimpleNamespace

from vsvsim.core.module import Channel
from vsvsim.core.params import Param
from vsvsim.core.state import StudentArrays
from vsvsim.mechanisms import _kernels
from vsvsim.mechanisms.base import Drivers, F, Mechanism, WeekInputs
from vsvsim.mechanisms.events import TYPICAL_STRESS

# fmt: off
PARAMS = (
    Param("labour_market_pull", "outside", 0.5, 0.0, 1.0, unit="0-1",
          source="FS (groenpluk: paid work pulls students out)",
          doc="Tightness of the labour market: attraction of paid work over school"),
    Param("pull_time_cost", "strengths", 0.25, 0.0, 1.0, unit="0-1 per 0-1",
          source="FS; value assumption",
          doc="Time investment lost to an attractive outside alternative at full pull"),
    Param("stress_drain", "strengths", 0.499, 0.0, 1.0, unit="0-1 per 0-1",
          source="fitted (docs/calibration.md)",
          doc="Wellbeing and time investment drained by outside stress",
          fit=(0.1, 0.8)),
    Param("stress_time_share", "strengths", 0.5, 0.0, 1.0, unit="share",
          doc="Share of stress_drain that outside stress costs time investment (wellbeing "
              "bears it fully)"),
)
# fmt: on


def outside_pull_push(s: StudentArrays, p: SimpleNamespace, w: WeekInputs, d: Drivers) -> None:
    """Mechanism 4: need fulfilment outside school pulls or pushes energy away from school.

    Pull: an attractive alternative (paid work; stronger in a tight labour market and in
    some neighbourhoods) fulfils needs outside school and costs time at school. Push:
    outside stress (home crisis, debts) drains wellbeing and time investment. Off: outside
    life neither pulls nor pushes.
    """
    d.pull = (s.pull * p.labour_market_pull * s.context_pull).astype(F)
    d.stress = s.stress
    d.time -= p.pull_time_cost * d.pull + p.stress_time_share * p.stress_drain * s.stress
    d.wellbeing -= p.stress_drain * (s.stress - TYPICAL_STRESS)


class OutsidePullPush(Mechanism):
    """Paid work pulls, outside stress pushes energy away from school."""

    name = "outside_pull_push"
    number = 4
    kind = "mechanism"
    switchable = True
    title = "Paid work pulls, outside stress pushes energy away from school"
    source = "UCA ch. 3; FS"
    params = PARAMS
    channels = (
        Channel("pull", 0.0, "float32", 0.0, None, "effective outside pull (0 when off)"),
        Channel("stress", 0.0, "float32", 0.0, 1.0, "effective outside stress (0 when off)"),
    )
    update = staticmethod(outside_pull_push)
    fused = _kernels.Fused("small", "outside_pull_push")
