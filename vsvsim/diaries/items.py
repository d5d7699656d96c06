"""The diary items: ids, scales, end labels, conditions, stored keys and the state mapping.

One :class:`Item` per question of the three weekly diaries of the process study, as the
u-can-act seeds define them (``docs/diaries.md`` and ``../shared/diary-format.md``):

- ``dagboek studenten`` (:data:`STUDENT`), at-risk (coached) students;
- ``dagboek studenten controle`` (:data:`CONTROL`), comparison students: the same without
  the coaching section (v18-v24);
- ``dagboek mentoren`` (:data:`COACH`), one per coach-student pair.

Each item also names the vsvsim weekly-table column it is simulated from (``source``)
and how (``mapping``); :func:`mapping_table` renders that as the table in
docs/diaries.md. Stored keys follow the platform's generators: :func:`idify` is Rails'
``parameterize.underscore``, :func:`natural_key` the export's column sort.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "COACH",
    "CONTROL",
    "QUESTIONNAIRES",
    "STUDENT",
    "Item",
    "Questionnaire",
    "idify",
    "mapping_table",
    "natural_key",
]

OTHERWISE = "Anders, namelijk:"


def _ascii(ch: str) -> str:
    if ch.isascii():
        return ch
    plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
    return plain or "?"


def idify(*parts: str) -> str:
    """The platform's key builder: each part ``parameterize.underscore``, joined with ``_``.

    Lower-case, transliterate accents, any run of characters outside ``[a-z0-9_-]``
    becomes one ``_``, underscores trimmed at both ends (Rails turns ``-`` into ``_`` in
    ``underscore``).
    """
    out = []
    for part in parts:
        # Rails transliterates accents away and turns what has no ASCII form (a curly
        # apostrophe) into "?", which parameterize then makes a separator: collega_s.
        text = "".join(_ascii(ch) for ch in str(part))
        text = re.sub(r"[^a-z0-9_-]+", "_", text.lower()).replace("-", "_")
        out.append(re.sub(r"_+", "_", text).strip("_"))
    return "_".join(out)


def natural_key(key: str) -> tuple[str, ...]:
    """Sort key of the export's item columns.

    The key is split on ``_`` and the first number in each token is zero-padded to four
    digits, so ``v2 < v10`` and ``v3_0_5 < v3_0_51_niet_van_toepassing``.
    """
    # Empty tokens (from "__") are skipped, as the platform's tokenizer does.
    return tuple(
        re.sub(r"\d+", lambda m: m.group().zfill(4), tok, count=1) for tok in key.split("_") if tok
    )


@dataclass(frozen=True)
class Item:
    """One diary question.

    Attributes:
        id: Item id in the seed (``v10``, ``v3_0_2``).
        kind: ``radio``, ``range``, ``checkbox``, ``time`` or ``textarea``.
        section: Section of the questionnaire.
        text: The question, glossed in English.
        low_label: Label at the minimum (sliders; Dutch as shown).
        high_label: Label at the maximum.
        low: Scale minimum (sliders; hours for ``time``).
        high: Scale maximum.
        options: Option titles (radio, checkbox), as in the seed, with ``{{deze_student}}``
            substituted by the platform's default ("deze student").
        otherwise: Whether the platform adds ``Anders, namelijk:`` (with a text field).
        shown_if: Condition, as ``(item, value)``: shown only when ``item`` has ``value``
            (None: always shown).
        source: Weekly-table column(s) the simulated answer comes from.
        mapping: How the answer follows from ``source``.
        free_text: True for text that may hold names (dropped on load by default).
    """

    id: str
    kind: str
    section: str
    text: str
    low_label: str = ""
    high_label: str = ""
    low: int = 0
    high: int = 100
    options: tuple[str, ...] = ()
    otherwise: bool = False
    shown_if: tuple[str, str] | None = None
    source: str = ""
    mapping: str = ""
    free_text: bool = False

    @property
    def midpoint(self) -> int:
        """Where an HTML range input starts: the value of an untouched slider."""
        return (self.low + self.high) // 2

    def option_keys(self) -> dict[str, str]:
        """Stored key per option of a checkbox (``<id>_<idify(title)>``)."""
        keys = {title: idify(self.id, title) for title in self.options}
        if self.otherwise:
            keys[OTHERWISE] = idify(self.id, OTHERWISE)
        return keys

    def keys(self) -> list[str]:
        """Every key this item can store."""
        if self.kind == "checkbox":
            out = list(self.option_keys().values())
            if self.otherwise:
                out.append(f"{self.id}_anders_namelijk_text")
            return out
        if self.kind == "time":
            return [f"{self.id}_uren", f"{self.id}_minuten"]
        if self.kind == "radio" and self.otherwise:
            return [self.id, f"{self.id}_anders_namelijk_text"]
        return [self.id]


@dataclass(frozen=True)
class Questionnaire:
    """One diary: its platform name, key, items and who fills it in.

    Attributes:
        name: Questionnaire name (``dagboek studenten``); the export's file name part.
        key: Questionnaire key in the seeds.
        role: ``student`` or ``coach``.
        items: The items in order.
    """

    name: str
    key: str
    role: str
    items: tuple[Item, ...]

    @property
    def file_stem(self) -> str:
        """``responses_<idify(name)>``; the export adds ``_<YYYY-MM-DD>.csv``."""
        return f"responses_{idify(self.name)}"

    def item(self, item_id: str) -> Item:
        """The item with this id."""
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    def keys(self) -> list[str]:
        """Every storable key, in the export's natural sort order."""
        return sorted({k for it in self.items for k in it.keys()}, key=natural_key)


_S1, _S2, _S3, _S4 = "School en Stage", "Buiten School", "Begeleiding", "Algemeen"
_BAD_GOOD = ("heel slecht", "heel goed")
_NARE_LEUKE = ("vooral nare dingen", "vooral leuke dingen")
_SUPPORT = ("niet", "heel sterk")


def _range(i, section, text, labels, source, mapping, shown_if=None, high=100, **kw) -> Item:
    return Item(
        i, "range", section, text, labels[0], labels[1], 0, high,
        shown_if=shown_if, source=source, mapping=mapping, **kw,
    )  # fmt: skip


_ATT = ("v1", "Ja")
_SPOKE = ("v18", "Ja")
_STUDENT_ITEMS = (
    Item("v1", "radio", _S1, "Went to school and/or internship last week?",
         options=("Ja", "Nee"), source="attended",
         mapping="Ja if the student attended in a school week (Nee in holidays and after "
         "leaving)"),
    _range("v2", _S1, "What did you experience at school/internship?", _NARE_LEUKE,
           "event_school", "100 x event_school + noise", _ATT),
    _range("v3", _S1, "Did things at school because you had to ... wanted to (autonomy)",
           ("omdat ik moest", "omdat ik het zelf wilde"), "need_school",
           "100 x need_school + noise (the weekly table has only the mean of the three needs)",
           _ATT),
    _range("v4", _S1, "How well did you do things at school (competence)", _BAD_GOOD,
           "need_school", "100 x need_school + noise", _ATT),
    _range("v5", _S1, "Got on with friends at school (relatedness)", _BAD_GOOD,
           "need_school", "100 x need_school + noise", _ATT),
    _range("v6", _S1, "Got on with teachers / supervisors (relatedness)", _BAD_GOOD,
           "need_school, teacher_control",
           "100 x (need_school - 0.5 x (teacher_control - 0.1)) + noise", _ATT),
    _range("v7", _S1, "Hours on school, internship and homework together",
           ("0 uur", "40 uur of meer"), "time_investment, attended",
           "40 x time_investment (x absent_hours_share in a week not attended) + noise / 2.5",
           high=40),
    _range("v8", _S1, "Was this enough time to do well (felt time investment)",
           ("niet genoeg tijd", "te veel tijd"), "time_investment",
           "100 x time_investment + noise"),
    _range("v9", _S1, "Happy with the choice of this programme",
           ("niet blij met keuze", "heel blij met keuze"), "commitment",
           "100 x commitment + noise"),
    _range("v10", _S1, "The programme fits me (commitment)",
           ("past niet goed", "past heel goed"), "commitment", "100 x commitment + noise"),
    _range("v11", _S1, "Confident to pass this school year", ("geen vertrouwen", "veel vertrouwen"),
           "confidence", "100 x confidence + noise"),
    _range("v12", _S2, "What did you experience outside school?", _NARE_LEUKE,
           "event_outside", "100 x event_outside + noise"),
    Item("v13", "checkbox", _S2, "What were the most important events about? (several)",
         options=("hobby/sport", "werk", "vriendschap", "romantische relatie", "thuis"),
         otherwise=True, source="event_outside, life_event",
         mapping="each option ticked with its base chance, more often in a week with a "
         "salient outside event (|event_outside - 0.5| large); a life event ticks thuis "
         "(the weekly table has no event domain)"),
    _range("v14", _S2, "Did things outside school because you had to ... wanted to",
           ("omdat ik moest", "omdat ik wilde"), "need_outside", "100 x need_outside + noise"),
    _range("v15", _S2, "How well did you do things outside school", _BAD_GOOD,
           "need_outside", "100 x need_outside + noise"),
    _range("v16", _S2, "Got on with friends outside school", _BAD_GOOD,
           "need_outside", "100 x need_outside + noise"),
    _range("v17", _S2, "Got on with parents/family", _BAD_GOOD, "need_outside, stress",
           "100 x (need_outside - 0.3 x (stress - 0.3)) + noise"),
    Item("v18", "radio", _S3, "Talked to your coach last week?", options=("Ja", "Nee"),
         otherwise=True, source="coach_action",
         mapping="Ja in a week with a project-coach contact (coach_action is not none)"),
    _range("v19", _S3, "Got on with the coach (bond)", _BAD_GOOD, "bond",
           "100 x bond + noise", _SPOKE),
    _range("v20", _S3, "How open were you with the coach", ("gesloten", "open"), "openness",
           "100 x openness + noise", _SPOKE),
    _range("v21", _S3, "Did the coach help you well", ("niet goed geholpen", "heel goed geholpen"),
           "experienced_support, bond",
           "100 x (experienced_support + bond) / 2 + noise", _SPOKE),
    _range("v22", _S3, "Felt supported in making own decisions (autonomy support)", _SUPPORT,
           "experienced_support", "100 x experienced_support + noise", _SPOKE),
    _range("v23", _S3, "Felt the coach was there for you (relatedness support)", _SUPPORT,
           "experienced_support", "100 x experienced_support + noise", _SPOKE),
    _range("v24", _S3, "Felt you can do things well (competence support)", _SUPPORT,
           "experienced_support", "100 x experienced_support + noise", _SPOKE),
    _range("v25", _S4, "How did you feel this week (wellbeing)", ("Heel slecht", "Heel goed"),
           "wellbeing", "100 x wellbeing + noise"),
)  # fmt: skip

#: Coach-diary action categories (v3_i_2), in the seed's order, with the vsvsim action
#: (:data:`vsvsim.interventions.coaching.ACTIONS`) each one stands for ("" for none: extra
#: ticks only).
ACTION_CATEGORIES: dict[str, str] = {
    "Laagdrempelig contact leggen": "low_threshold_contact",
    "Visuele oefeningen uitvoeren": "exercises",
    "Verbale oefeningen uitvoeren": "exercises",
    "Motiveren": "motivating",
    "Confronteren": "confronting",
    "Uitleg geven": "",
    "Ondersteunen van schoolwerk": "schoolwork_support",
    "Emotionele steun bieden": "emotional_support",
    "De omgeving van deze student betrekken bij de begeleiding": "involving_environment",
    "Hulp vragen aan/overleggen met collega’s of andere professionals": "",
    "Observaties doen": "",
}
#: Coach-diary goals (v3_i_3), with the vsvsim goal (:data:`vsvsim.interventions.coaching.GOALS`).
GOAL_OPTIONS: dict[str, str] = {
    "De relatie met deze student verbeteren en/of onderhouden": "relationship",
    "Emotioneel welzijn van deze student ontwikkelen": "emotional_wellbeing",
    "Vaardigheden van deze student ontwikkelen": "school_skills",
    "Deze student zelfinzicht geven": "self_insight",
    "Inzicht krijgen in de belevingswereld van deze student": "",
    "Inzicht krijgen in de omgeving van deze student": "",
    "De omgeving van deze student veranderen": "environment",
}
#: Coach v2 answers (the reason for no action), as stored with the default substitution.
NO_ACTION_REASONS: dict[str, str] = {
    "no_contact": "Ik heb deze week geen contact gehad met deze student.",
    "coach_stopped": "Ik ben gestopt met de begeleiding van deze student.",
    "student_left": "Deze student is gestopt met de opleiding.",
}
_ACT = ("v1", "Ja")
_COACH_ITEMS = (
    Item("v1", "radio", "", "Took actions in coaching this student this week?",
         options=("Ja", "Nee"), source="coach_action",
         mapping="Ja in a week with a project-coach contact"),
    Item("v2", "radio", "", "Why no coaching actions this week?",
         options=tuple(NO_ACTION_REASONS.values()), otherwise=True, shown_if=("v1", "Nee"),
         source="status", mapping="student left (switched or left): c; otherwise a: no "
         "contact. b (coach stopped) and d (handed over) are not simulated"),
    Item("v3_0_1", "textarea", "Actie(reeks)", "Which action (series) did you carry out?",
         shown_if=_ACT, source="coach_action",
         mapping="the action category's name (a placeholder description)", free_text=True),
    Item("v3_0_2", "checkbox", "Actie(reeks)", "Categories of this action series (several)",
         options=tuple(ACTION_CATEGORIES), otherwise=True, shown_if=_ACT,
         source="coach_action",
         mapping="the week's action ticks its category (exercises: visual or verbal at "
         "random); a second action type (coach_action2, coaching intensity need) ticks "
         "its category too; in runs without second labels a second category is ticked "
         "with chance extra_category_share"),
    Item("v3_0_3", "checkbox", "Actie(reeks)", "Goals of this action series (several)",
         options=tuple(GOAL_OPTIONS), otherwise=True, shown_if=_ACT, source="coach_goal",
         mapping="the week's goal ticks its option, and its second goal (coach_goal2, "
         "coaching intensity need) too; in runs without second labels a second goal with "
         "chance extra_goal_share, the relationship goal with chance "
         "extra_relationship_share"),
    _range("v3_0_4", "Actie(reeks)", "How important for the student's progress",
           ("niet belangrijk", "heel belangrijk"), "intended_support",
           "100 x intended_support + noise", _ACT),
    Item("v3_0_51", "checkbox", "Actie(reeks)", "Satisfaction with the interaction: "
         "not applicable", options=("Niet van toepassing",), shown_if=_ACT,
         source="-", mapping="ticked with chance not_applicable_share"),
    _range("v3_0_5", "Actie(reeks)", "Satisfaction with the interaction",
           ("ontevreden", "heel tevreden"), "bond", "100 x (0.4 + 0.6 x bond) + noise; "
           "absent when v3_0_51 is ticked", _ACT),
    Item("v4", "time", "Overige vragen", "Hours and minutes spent coaching this student",
         low=0, high=10, shown_if=_ACT, source="coach_minutes",
         mapping="the week's minutes (mentor minutes included; see docs) rounded to "
         "15-minute steps, hours capped at 10"),
    _range("v5", "Overige vragen", "Actions mostly intuitive ... planned",
           ("helemaal intuïtief", "helemaal gepland"), "-", "50 + noise (not in the model)",
           _ACT),
    _range("v6", "Overige vragen", "Tried to support own decisions (autonomy)", _SUPPORT,
           "intended_support", "100 x intended_support + noise", _ACT),
    _range("v7", "Overige vragen", "Tried to make the student feel competent", _SUPPORT,
           "intended_support", "100 x intended_support + noise", _ACT),
    _range("v8", "Overige vragen", "Tried to make the student feel you are there (relatedness)",
           _SUPPORT, "intended_support", "100 x intended_support + noise", _ACT),
    Item("v9", "radio", "Overige vragen", "Handed over most of the coaching this week?",
         options=("Ja", "Nee"), shown_if=_ACT, source="-", mapping="always Nee"),
    Item("v10", "textarea", "", "Why did you hand over the coaching?", shown_if=("v9", "Ja"),
         free_text=True),
    Item("v11", "textarea", "", "To whom did you hand over the coaching?",
         shown_if=("v9", "Ja"), free_text=True),
    Item("v12", "textarea", "", "What did that person do this week?", shown_if=("v9", "Ja"),
         free_text=True),
    Item("v14", "textarea", "", "Why did you stop coaching?", shown_if=("v2", "b"),
         free_text=True),
    Item("v15", "radio", "", "Is the student still at risk of leaving?",
         options=("Ja", "Nee"), otherwise=True, shown_if=("v2", "b")),
    Item("v16", "textarea", "", "Why did the student stop the programme?",
         shown_if=("v2", "c"), free_text=True, source="outcome",
         mapping="empty text"),
    Item("v17", "radio", "", "What will the student do now?",
         options=("Werken", "Een andere opleiding volgen", "Weet ik niet"), otherwise=True,
         shown_if=("v2", "c"), source="outcome",
         mapping="switcher: Een andere opleiding volgen; school leaver: Werken or Weet ik "
         "niet (half each)"),
    Item("v18", "radio", "", "Does your coaching stop now the student has left?",
         options=("Ja", "Nee"), otherwise=True, shown_if=("v2", "c"), source="-",
         mapping="Ja (the subscription stops: later rows stay unanswered)"),
)  # fmt: skip

STUDENT = Questionnaire("dagboek studenten", "student_diary", "student", _STUDENT_ITEMS)
CONTROL = Questionnaire(
    "dagboek studenten controle",
    "student_diary_control",
    "student",
    tuple(it for it in _STUDENT_ITEMS if it.section != _S3),
)
COACH = Questionnaire("dagboek mentoren", "mentor_diary", "coach", _COACH_ITEMS)
QUESTIONNAIRES = {q.key: q for q in (STUDENT, CONTROL, COACH)}


def mapping_table(q: Questionnaire) -> str:
    """Markdown table of one diary's items: id, type, scale and labels, condition, mapping."""
    lines = [
        "| id | type | question | scale / options | shown if | from | mapping |",
        "|---|---|---|---|---|---|---|",
    ]
    for it in q.items:
        if it.kind == "range":
            scale = f"{it.low} {it.low_label!r} – {it.high} {it.high_label!r}"
        elif it.kind == "time":
            scale = "hours 0–10, minutes 0/15/30/45"
        elif it.options:
            scale = " / ".join(it.options) + (" / Anders, namelijk:" if it.otherwise else "")
        else:
            scale = "free text"
        cond = f"{it.shown_if[0]} = {it.shown_if[1]}" if it.shown_if else "always"
        cells = (it.id, it.kind, it.text, scale, cond, it.source or "-", it.mapping or "-")
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)
