"""What makes a project work: Kansen voor Jongeren's success factors as levers.

Issue 11, item 3. The KvJ evaluation (brief sections 4 and 9) names what raises a
coached youngster's chance of a basic qualification: close ties between project and
college, a warm handover from school to project, early (preventive) intervention, a
focus on school skills (planning, goals, learning to learn) beside care, the youngster's
motivation for the trajectory, and tackling debts first; a focus on socio-economic
problems alone lowers the chance. Each factor here acts through a mechanism the model
already has (the coach's choice of action and goal, the support the coach intends, the
bond at the start, the start of contacts, referral, a student state), never on the
outcome. On by default since the refit with the modules on (issue 10, item 9; issue 11,
item 7; docs/calibration.md); ``success_factors = false`` in a scenario file (table
``[coaching]``) switches it off: then nothing below runs and no stream is drawn, so the
model runs bit for bit as it would without the module.

With ``success_factors = True`` each factor is a level on 0-1; at the level the
evaluation found on average (the *generic* project, :data:`GENERIC`, the parameters'
defaults) a factor has no effect, so the calibrated model (fitted to the KvJ averages,
T5 and T8) stands for the average project, and a factor above or below that level helps
or hurts:

- **College ties** (``college_ties``): a project that knows what the school expects and
  works with the school's staff. What lands of the coach's support in every project-coach
  contact (``support_reception``, mechanism 7) is multiplied by ``1 + ties_support_effect
  * motivation * (ties - 0.5)`` (the coach's work carries into school), and the school
  refers more willingly:
  ``referral_inside``/``referral_outside`` + ``ties_referral_effect * (ties - 0.5)``.
- **Warm handover** (``warm_handover``: the share of preventive referrals handed over in
  person, with the transfer file). A student handed over warmly starts with bond
  ``warm_handover_bond`` (trust lent by the mentor) instead of zero (with mechanism 7,
  whose state the bond is, on); one handed over cold starts ``cold_handover_weeks``
  later (the coach first has to find and reach the student). Drawn per student once at
  set-up (stream ``warm_handover``), so common random numbers hold between levels.
- **Preventive timing** is the coaching module's own (``preventive`` against
  ``curative``; ``intake_week``): nothing new here.
- **School skills** (``school_skills_focus``, generic 0.3: the sources found school-skills
  goals pursued least) and **socio-economic focus** (``socioeconomic_focus``, generic
  0.5): the weights of the school-skills goal and of schoolwork support, respectively of
  the environment goal and of involving the environment, are multiplied by ``max(1 +
  focus_choice_shift * (focus - generic), 0.1)``. The coach's work splits between school
  and care (share = skills / (skills + socio-economic), generic 0.375); every contact
  intends ``skills_competence_support * (share - 0.375)`` extra competence
  support (planning, learning to learn; negative below the generic share), felt as
  competence support, which raises time investment (mechanism 7). A focus on
  socio-economic problems alone thus leaves the student with less competence support,
  lower time investment and a lower chance to pass the year.
- **Motivation for the trajectory** (state ``trajectory_motivation``, 0-1), measured when
  a trajectory is assigned: ``clip(motivation_mean + motivation_commitment_weight *
  (commitment - 0.5) + motivation_sd * z)``, ``z`` a fixed per-student draw (stream
  ``trajectory_motivation``). It grows in every project-coach contact by
  ``motivation_growth * bond * (1 - motivation)``. It scales what lands of the coach's
  support (``support_reception``, not the coach's intention: the diaries' intended support
  is the coach's) by ``max(1 + motivation_effect * (motivation - 0.6), 0)`` (0.6: the
  generic project's mean) and it multiplies the ties' term: an unmotivated youngster gets
  little out of coaching and out of a well-tied project. With
  ``admission_motivation`` above 0 (Mijn School's admission committee) the project admits
  only students whose measured motivation reaches it; the others stay with regular
  mentoring and may be referred again at a later moment.
- **Debts first** is the coach-tiers module's lever (``debts_first``, with the life
  domains; :mod:`vsvsim.interventions.tiers`).

The strengths of ties, handover and motivation are chosen so that the evaluation's sizes
come out as near as the model allows (each parameter's source; docs/ODD.md): input-set,
not emergent. Not batched (it reads the
coaching module's per-run arrays), like the coaching module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from vsvsim.core.params import Param
from vsvsim.core.state import StateVar
from vsvsim.interventions.base import Intervention

if TYPE_CHECKING:
    from vsvsim.core.sim import Simulation

__all__ = ["GENERIC", "SuccessFactors", "choice_multipliers", "referral_shift"]

#: The factor levels of the generic project, where each factor has no effect: the
#: evaluation's average (assumption: the sources report effects, not the average levels;
#: school skills low because school-skills goals were pursued least, UCA ch. 4-5).
GENERIC = {
    "college_ties": 0.5,
    "warm_handover": 0.5,
    "school_skills_focus": 0.3,
    "socioeconomic_focus": 0.5,
}
#: Mean motivation for the trajectory of the generic project's youngsters: the level at
#: which motivation neither raises nor damps the coach's support (the default of
#: ``motivation_mean``; assumption).
MOTIVATION_REFERENCE = 0.6
#: The generic project's share of school-skills work (school skills / (school skills +
#: socio-economic focus) at the generic levels).
GENERIC_SCHOOL_SHARE = GENERIC["school_skills_focus"] / (
    GENERIC["school_skills_focus"] + GENERIC["socioeconomic_focus"]
)
#: Least multiplier a focus puts on an action's or goal's weight (a focus never rules out
#: an action entirely).
MIN_CHOICE_WEIGHT = 0.1
#: Action and goal positions (coaching.ACTIONS, coaching.GOALS) a focus shifts.
ENVIRONMENT_ACTION, SCHOOLWORK_ACTION = 3, 4
ENVIRONMENT_GOAL, SCHOOL_SKILLS_GOAL = 2, 4

_KVJ = "KvJ (brief sections 4 and 9)"
_SET = (
    "; value chosen so that preventive timing, close ties and a warm handover together about "
    "double the chance of a basic qualification (docs/ODD.md): input-set, not emergent"
)

# fmt: off
PARAMS = (
    Param("success_factors", "coaching", True, unit="switch",
          source=_KVJ + ": what raises a coached youngster's chance of a diploma",
          doc="KvJ's success factors act (college ties, warm handover, school-skills and "
              "socio-economic focus, the youngster's motivation); off: none of them"),
    Param("college_ties", "coaching", GENERIC["college_ties"], 0.0, 1.0, unit="0-1",
          source=_KVJ + " (close ties between project and college); 0.5 is the generic "
                 "project (assumption)",
          doc="Ties between project and college (with success factors): the coach's work "
              "carries into school and the school refers more willingly"),
    Param("warm_handover", "coaching", GENERIC["warm_handover"], 0.0, 1.0, unit="share",
          source=_KVJ + " (a warm handover from school to project); 0.5 is the generic "
                 "project (assumption)",
          doc="Share of preventive referrals handed over warmly (with success factors): "
              "the student starts with some trust; the others start later"),
    Param("school_skills_focus", "coaching", GENERIC["school_skills_focus"], 0.0, 1.0,
          unit="0-1",
          source=_KVJ + " (planning, goals, learning to learn beside care); 0.3 is the "
                 "generic project (school-skills goals were pursued least, UCA ch. 4-5)",
          doc="Focus on school skills (with success factors): more school-skills goals and "
              "schoolwork support, which carry extra competence support"),
    Param("socioeconomic_focus", "coaching", GENERIC["socioeconomic_focus"], 0.0, 1.0,
          unit="0-1",
          source=_KVJ + " (a focus on socio-economic problems alone lowers the chance of a "
                 "diploma); 0.5 is the generic project (assumption)",
          doc="Focus on socio-economic problems (with success factors): more environment "
              "goals and involving the environment, at the cost of the rest"),
    Param("admission_motivation", "coaching", 0.0, 0.0, 1.0, unit="0-1",
          source="brief section 9 (Mijn School's own admission committee and orientation "
                 "phase); 0 admits everyone",
          doc="Least measured motivation for the trajectory a project admits (with success "
              "factors)"),
    Param("ties_support_effect", "coaching", 2.5, 0.0, 5.0, unit="x per 0-1",
          source=_KVJ + _SET,
          doc="Change of what lands of the coach's support per unit of college ties above "
              "the generic level (times the student's motivation)"),
    Param("ties_referral_effect", "coaching", 0.3, 0.0, 1.0, unit="probability per 0-1",
          source=_KVJ + " (colleges reluctant to refer outside); value assumption",
          doc="Change of the school's referral willingness per unit of college ties above "
              "the generic level"),
    Param("warm_handover_bond", "coaching", 0.3, 0.0, 1.0, unit="0-1",
          source=_KVJ + " (warm handover)" + _SET,
          doc="Bond a warmly handed-over student starts with (trust lent by the mentor)"),
    Param("cold_handover_weeks", "coaching", 4, 0, 26, unit="weeks",
          source=_KVJ + " (warm handover)" + _SET,
          doc="Extra weeks before contacts start after a cold handover (the coach first "
              "has to reach the student)"),
    Param("focus_choice_shift", "coaching", 1.5, 0.0, 5.0, unit="x per 0-1",
          source="assumption (UCA ch. 4-5: projects differ in what they work on)",
          doc="Change of the weight of the focused actions and goals per unit of focus "
              "above the generic level"),
    Param("skills_competence_support", "coaching", 1.0, 0.0, 2.0, unit="0-1 per 0-1",
          source=_KVJ + " (school skills beside care; socio-economic problems alone lower "
                 "the chance); value assumption",
          doc="Competence support a coach intends in every contact per unit of the share of "
              "its work on school skills (school skills over school skills plus "
              "socio-economic focus) above the generic project's (times the student's "
              "motivation)"),
    Param("motivation_mean", "coaching", 0.6, 0.0, 1.0, unit="0-1",
          source=_KVJ + " (motivation for the trajectory, measured at intake); value "
                 "assumption",
          doc="Mean motivation for the trajectory measured at intake (at average "
              "commitment)"),
    Param("motivation_sd", "coaching", 0.2, 0.0, 0.5, unit="0-1",
          source="assumption", doc="Spread of the motivation for the trajectory at intake"),
    Param("motivation_commitment_weight", "coaching", 0.5, 0.0, 2.0, unit="0-1 per 0-1",
          source="assumption (motivation for help goes with commitment to school)",
          doc="Motivation for the trajectory per unit of commitment above 0.5 at intake"),
    Param("motivation_growth", "coaching", 0.03, 0.0, 0.5, unit="per contact per unit bond",
          source=_KVJ + " (motivation can grow); value assumption",
          doc="Share of the missing motivation gained per contact, per unit of bond"),
    Param("motivation_effect", "coaching", 3.0, 0.0, 5.0, unit="x per 0-1",
          source=_KVJ + " (lacking motivation almost halves the chance of a diploma); "
                 "value chosen so that the youngsters lacking motivation reach about half "
                 "the others' chance (docs/ODD.md): input-set, not emergent",
          doc="Change of what lands of the coach's support per unit of motivation above the "
              "generic project's mean (0.6)"),
    Param("motivation_lacking", "coaching", 0.4, 0.0, 1.0, unit="0-1",
          source="assumption (a reporting threshold, no effect)",
          doc="Motivation at intake below which a youngster counts as lacking motivation "
              "in the report"),
)
STATES = (
    StateVar("trajectory_motivation", "float32", 0.0, 0.0, 1.0,
             "motivation for the coaching trajectory (success factors), measured at "
             "intake, grows with the bond", "state"),
    StateVar("motivation_at_intake", "float32", np.nan, 0.0, 1.0,
             "motivation for the trajectory measured when the first trajectory was "
             "assigned, NaN if never (success factors)", "attribute"),
    StateVar("warm_handed_over", "bool", False, None, None,
             "the school handed the student over to the project warmly (success factors)",
             "attribute"),
)
# fmt: on


def _focus_multiplier(p: Any, name: str) -> float:
    """Weight multiplier of a focus level relative to the generic project."""
    return max(1.0 + p.focus_choice_shift * (getattr(p, name) - GENERIC[name]), MIN_CHOICE_WEIGHT)


def school_share(p: Any) -> float:
    """Share of the coach's work that goes to school skills rather than socio-economic care."""
    total = p.school_skills_focus + p.socioeconomic_focus
    return p.school_skills_focus / total if total > 0 else GENERIC_SCHOOL_SHARE


def choice_multipliers(p: Any) -> tuple[np.ndarray, np.ndarray]:
    """Multipliers on the action (7) and goal (5) weights by the project's focus."""
    action, goal = np.ones(7), np.ones(5)
    if not p.success_factors:
        return action, goal
    skills = _focus_multiplier(p, "school_skills_focus")
    socio = _focus_multiplier(p, "socioeconomic_focus")
    action[SCHOOLWORK_ACTION] *= skills
    goal[SCHOOL_SKILLS_GOAL] *= skills
    action[ENVIRONMENT_ACTION] *= socio
    goal[ENVIRONMENT_GOAL] *= socio
    return action, goal


def referral_shift(p: Any) -> float:
    """Change of the school's referral willingness by the college ties."""
    if not p.success_factors:
        return 0.0
    return p.ties_referral_effect * (p.college_ties - GENERIC["college_ties"])


class SuccessFactors(Intervention):
    """KvJ's success factors: ties, warm handover, focus, motivation (see the module)."""

    name = "success_factors"
    title = "Success factors: college ties, warm handover, school-skills focus, motivation"
    source = "KvJ; brief sections 4 and 9"
    params = PARAMS
    states = STATES

    def init(self, sim: Simulation) -> None:
        """Fixed per-student draws (handover, motivation noise) when the factors are on."""
        p, s = sim.p, sim.state
        self.on = bool(p.success_factors) and (p.preventive != "none" or p.curative)
        self.refused = 0
        if not self.on:
            return
        self.u_warm = sim.streams("warm_handover").random(s.n)
        self.z_motivation = sim.streams("trajectory_motivation").standard_normal(s.n)

    # --- hooks called by the coaching module -----------------------------------------------

    def measure(self, sim: Simulation, rows: np.ndarray) -> np.ndarray:
        """Motivation for the trajectory of students ``rows`` as measured now."""
        s, p = sim.state, sim.p
        m = (
            p.motivation_mean
            + p.motivation_commitment_weight * (s.commitment[rows] - 0.5)
            + p.motivation_sd * self.z_motivation[rows]
        )
        return np.clip(m, 0.0, 1.0).astype(np.float32)

    def admit(self, sim: Simulation, rows: np.ndarray) -> np.ndarray:
        """The referred students the project admits (measured motivation high enough)."""
        if not self.on or sim.p.admission_motivation <= 0 or rows.size == 0:
            return rows
        ok = self.measure(sim, rows) >= sim.p.admission_motivation
        self.refused += int((~ok).sum())
        return rows[ok]

    def on_assign(self, sim: Simulation, rows: np.ndarray, preventive: bool) -> None:
        """A new trajectory: measure motivation; a preventive referral is handed over."""
        if not self.on or rows.size == 0:
            return
        s, p = sim.state, sim.p
        m = self.measure(sim, rows)
        s.trajectory_motivation[rows] = m
        first = np.isnan(s.motivation_at_intake[rows])
        s.motivation_at_intake[rows[first]] = m[first]
        if not preventive:
            return
        warm = self.u_warm[rows] < p.warm_handover
        s.warm_handed_over[rows] = warm
        if p.coach_relationship:  # the trust lent is a bond: none without mechanism 7
            s.bond[rows] = np.where(warm, np.float32(p.warm_handover_bond), s.bond[rows])
        s.coach_start[rows] += np.where(warm, 0, p.cold_handover_weeks)

    # --- weekly step (after the coach tiers, before the student's experience) -------------

    def step(self, sim: Simulation) -> None:
        """This week's project-coach contacts: motivation and ties scale what lands."""
        if not self.on:
            return
        s, p = sim.state, sim.p
        rows = np.flatnonzero(s.contact & (s.coach_action >= 0))
        if rows.size == 0:
            return
        m = s.trajectory_motivation[rows]
        ties = 1.0 + p.ties_support_effect * m * (p.college_ties - GENERIC["college_ties"])
        gate = np.maximum(1.0 + p.motivation_effect * (m - MOTIVATION_REFERENCE), 0.0)
        factor = np.maximum(ties, 0.0) * gate
        # The school-skills work is the coach's intention; motivation and ties decide how
        # much of all the support lands (mechanism 7), not what the coach intends.
        extra = p.skills_competence_support * (school_share(p) - GENERIC_SCHOOL_SHARE)
        s.intended_comp[rows] = np.clip(s.intended_comp[rows] + extra, 0.0, 1.0)
        s.support_reception[rows] *= factor
        s.trajectory_motivation[rows] = m + p.motivation_growth * s.bond[rows] * (1.0 - m)

    def outputs(self, sim: Simulation) -> dict[str, Any]:
        """Share of preventive entrants lacking motivation, warm handovers, refusals."""
        s, p = sim.state, sim.p
        row: dict[str, Any] = {
            "admission_refusals": self.refused,
            "warm_handovers": int(s.warm_handed_over.sum()),
        }
        seen = ~np.isnan(s.motivation_at_intake)
        row["lacking_motivation_share"] = (
            float((s.motivation_at_intake[seen] < p.motivation_lacking).mean())
            if seen.any()
            else np.nan
        )
        return row
