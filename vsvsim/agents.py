"""The four agent classes: Student, Mentor, School and OutsideSchool.

Agents are Mesa agents, so the model's agent sets, ``mesa.batch_run`` and ``SolaraViz``
work as usual, but their numeric state lives in arrays owned by the model: a
:class:`Student` is a view onto one row of :class:`~vsvsim.core.state.StudentArrays` (reading
``student.commitment`` reads ``model.state.commitment[row]``; writing writes it). The
weekly dynamics are vectorized over those arrays, so no agent has a weekly ``step``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from vsvsim.core.state import STATE, Status

if TYPE_CHECKING:
    from vsvsim.mesa_model import DropoutModel

__all__ = ["Mentor", "OutsideSchool", "School", "Student", "refresh_student_properties"]


class Student(mesa.Agent):
    """A student: a view onto row ``row`` of the model's student arrays.

    Every variable of the state registry (any registered module's too) is a property
    (``student.commitment``, ``student.bond``, ...); see :func:`refresh_student_properties`.

    Args:
        model: The model.
        row: Row in the student arrays (also the ``student_id`` in output tables).
    """

    def __init__(self, model: DropoutModel, row: int):
        super().__init__(model)
        self.row = int(row)

    @property
    def student_id(self) -> int:
        """Stable id used in every output table (the row)."""
        return self.row

    @property
    def status_name(self) -> str:
        """Current status: pending, enrolled, switcher, school_leaver or diploma."""
        return Status.NAMES[self.model.state.status[self.row]]

    @property
    def friends(self) -> list[int]:
        """Rows of this student's friends."""
        src, dst = self.model.friends
        return sorted(set(dst[src == self.row].tolist()))


def _row_property(name: str, meaning: str) -> property:
    def get(self):
        return self.model.state[name][self.row].item()

    def set(self, value):
        self.model.state[name][self.row] = value

    return property(get, set, doc=meaning)


_STATE_PROPERTIES: set[str] = set()


def refresh_student_properties() -> None:
    """One property on :class:`Student` per registered state variable (any module's).

    Called when the registry changes (:func:`vsvsim.week.register`), so a module added
    later is read as ``student.<its state>`` like the built-in ones.
    """
    for name in _STATE_PROPERTIES - set(STATE):
        delattr(Student, name)
    for var in STATE.values():
        setattr(Student, var.name, _row_property(var.name, var.meaning))
    _STATE_PROPERTIES.clear()
    _STATE_PROPERTIES.update(STATE)


class Mentor(mesa.Agent):
    """A study-career mentor (one per class) or a project coach.

    Args:
        model: The model.
        index: Index among mentors (= class) or among coaches.
        kind: ``"mentor"`` or ``"coach"``.
    """

    def __init__(self, model: DropoutModel, index: int, kind: str = "mentor"):
        super().__init__(model)
        self.index = int(index)
        self.kind = kind

    @property
    def caseload(self) -> np.ndarray:
        """Rows of the students this mentor or coach currently holds."""
        s = self.model.state
        if self.kind == "coach":
            return np.flatnonzero(s.coach == self.index)
        return np.flatnonzero((s.mentor == self.index) & (s.status == Status.ENROLLED))


class School(mesa.Agent):
    """A school (college): its climate and programmes.

    Args:
        model: The model.
        index: School index.
    """

    def __init__(self, model: DropoutModel, index: int):
        super().__init__(model)
        self.index = int(index)

    @property
    def climate(self) -> float:
        """Autonomy-supportive climate (0 controlling, 1 autonomy-supportive)."""
        return float(self.model.population.school_climate[self.index])

    @climate.setter
    def climate(self, value: float) -> None:
        self.model.population.school_climate[self.index] = value
        s = self.model.state
        s.climate[s.school == self.index] = value

    @property
    def enrolled(self) -> int:
        """Students enrolled now."""
        s = self.model.state
        return int(((s.school == self.index) & (s.status == Status.ENROLLED)).sum())


class OutsideSchool(mesa.Agent):
    """An outside-school context: neighbourhood, family and peer milieu, local labour market.

    Args:
        model: The model.
        index: Context index.
    """

    def __init__(self, model: DropoutModel, index: int):
        super().__init__(model)
        self.index = int(index)

    @property
    def pull(self) -> float:
        """Local multiplier of labour-market pull."""
        return float(self.model.population.context_pull[self.index])

    @property
    def stress_shift(self) -> float:
        """Local shift of outside stress."""
        return float(self.model.population.context_stress[self.index])
