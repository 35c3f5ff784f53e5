"""What a position may hold, checked once for the web forms and the JSON API.

The forms (``positions/forms.py``) and the API run the same checks and show
the same messages, and every limit keeps a value inside its column
(``models/interviews.py``). Nothing is cut or dropped silently: input that
breaks a rule is refused with a message per field.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..models.interviews import QUESTION_KINDS
from .errors import ServiceError

TITLE_MAX = 200  # positions.title is String(200)
DESCRIPTION_MAX = 5000
SKILL_NAME_MAX = 80  # position_skills.name is String(80); a question's skills name the same skills
WEIGHT_MIN, WEIGHT_MAX, DEFAULT_WEIGHT = 1, 5, 3
MAX_SKILLS = 40
MAX_QUESTIONS = 30
QUESTION_TEXT_MAX = 2000
MAX_POINTS = 10
POINT_MAX = 500
MAX_QUESTION_SKILLS = 10
DURATION_MIN_S, DURATION_MAX_S = 15, 900


@dataclass(frozen=True)
class SkillInput:
    name: str
    # A number; the web form passes the text after the colon, which the rule reads.
    weight: float | str = DEFAULT_WEIGHT


@dataclass(frozen=True)
class QuestionInput:
    text: str
    kind: str = "technical"
    expected_points: Sequence[str] = ()
    skills: Sequence[str] = ()
    max_duration_s: int = 180
    text_zh: str | None = None
    expected_points_zh: Sequence[str] = ()
    bank_key: str | None = None


@dataclass(frozen=True)
class PositionInput:
    title: str
    description: str = ""
    skills: Sequence[SkillInput] = ()
    questions: Sequence[QuestionInput] = ()
    competency_weights: Mapping[str, float] = field(default_factory=dict)
    practice_mode: bool = False
    template_key: str | None = None


# --- the rules ---------------------------------------------------------------------------

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One broken rule: where (``("questions", 0, "text")``) and why."""

    path: FieldPath
    message: str

    @property
    def field(self) -> str:
        """The path as API clients write it: ``questions[0].text``."""
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out


class InvalidValue(ServiceError):
    """One value breaks its rule; the callers say which field it was."""


class InvalidInput(ServiceError):
    """Input that breaks the rules, with every problem found (not only the first)."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" if p.path else p.message for p in self.problems))

    @property
    def fields(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for p in self.problems:
            out.setdefault(p.field, []).append(p.message)
        return out


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []

    def check(self, path: FieldPath, rule, value):
        try:
            return rule(value)
        except InvalidValue as exc:
            self.items.append(Problem(path, exc.message))
            return None

    def add(self, path: FieldPath, message: str) -> None:
        self.items.append(Problem(path, message))

    def raise_any(self) -> None:
        if self.items:
            raise InvalidInput(self.items)


def check_title(value: str | None) -> str:
    title = (value or "").strip()
    if not title:
        raise InvalidValue(_("A position needs a title."))
    if len(title) > TITLE_MAX:
        raise InvalidValue(_("The title may be at most %(max)d characters; this one has %(count)d.",
                             max=TITLE_MAX, count=len(title)))
    return title


def check_description(value: str | None) -> str:
    text = (value or "").strip()
    if len(text) > DESCRIPTION_MAX:
        raise InvalidValue(_("The description may be at most %(max)d characters; this one has %(count)d.",
                             max=DESCRIPTION_MAX, count=len(text)))
    return text


def check_skill_name(value: str | None) -> str:
    name = (value or "").strip()
    if not name:
        raise InvalidValue(_("A skill needs a name."))
    if len(name) > SKILL_NAME_MAX:
        raise InvalidValue(_("A skill name may be at most %(max)d characters; this one has %(count)d.",
                             max=SKILL_NAME_MAX, count=len(name)))
    return name


def _whole_number(value: object, low: int, high: int) -> int | None:
    """``value`` as an int when it is a whole number from ``low`` to ``high``, else None.

    Compares before converting, so a number too large for a float (JSON allows
    any size) or an infinity is out of range, not an OverflowError.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if low <= value <= high else None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and low <= value <= high:
        return int(value)
    return None


def check_weight(value: object) -> int:
    """A whole number from 1 to 5 (``3.0`` counts as 3, ``2.5`` does not); text as typed in the form."""
    number = value
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    weight = _whole_number(number, WEIGHT_MIN, WEIGHT_MAX)
    if weight is None:
        raise InvalidValue(_("The weight must be a whole number from %(min)d to %(max)d.",
                             min=WEIGHT_MIN, max=WEIGHT_MAX))
    return weight


def check_question_text(value: str | None) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidValue(_("A question needs its text."))
    return _check_question_length(text)


def _check_question_length(text: str) -> str:
    if len(text) > QUESTION_TEXT_MAX:
        raise InvalidValue(_("A question may be at most %(max)d characters; this one has %(count)d.",
                             max=QUESTION_TEXT_MAX, count=len(text)))
    return text


def check_translation(value: str | None) -> str | None:
    """The question in Chinese, optional; the same length as the question itself."""
    text = (value or "").strip()
    return _check_question_length(text) if text else None


def check_kind(value: str | None) -> str:
    if value not in QUESTION_KINDS:
        raise InvalidValue(_("The kind of question must be one of: %(kinds)s.", kinds=", ".join(QUESTION_KINDS)))
    return value


def check_duration(value: object) -> int:
    seconds = _whole_number(value, DURATION_MIN_S, DURATION_MAX_S)
    if seconds is None:
        raise InvalidValue(_("The answer time limit must be a whole number of seconds from %(min)d to %(max)d.",
                             min=DURATION_MIN_S, max=DURATION_MAX_S))
    return seconds


def _check_point(value: str) -> str:
    if len(value) > POINT_MAX:
        raise InvalidValue(_("An expected point may be at most %(max)d characters; this one has %(count)d.",
                             max=POINT_MAX, count=len(value)))
    return value


def _skills(skills: Sequence[SkillInput], problems: _Problems, path: FieldPath) -> list[SkillInput]:
    cleaned: list[SkillInput] = []
    seen: dict[str, str] = {}
    for i, skill in enumerate(skills):
        name = problems.check((*path, i, "name"), check_skill_name, skill.name)
        weight = problems.check((*path, i, "weight"), check_weight, skill.weight)
        if name is None:
            continue
        key = name.casefold()
        if key in seen:
            problems.add((*path, i, "name"), _("“%(name)s” is already listed as “%(first)s”; give each skill once.",
                                                name=name, first=seen[key]))
            continue
        seen[key] = name
        if weight is not None:
            cleaned.append(SkillInput(name, float(weight)))
    if len(seen) > MAX_SKILLS:
        problems.add(path, _("At most %(max)d skills per position; there are %(count)d.", max=MAX_SKILLS, count=len(seen)))
    return cleaned


def _items(values: Sequence[str], problems: _Problems, path: FieldPath, rule, limit: int, too_many) -> list[str]:
    """A list of short texts (expected points, the skills a question probes); blank entries carry nothing.

    ``too_many(limit, count)`` is the message when more than ``limit`` entries are given.
    """
    cleaned: list[str] = []
    for i, value in enumerate(values):
        text = (value or "").strip()
        if text and problems.check((*path, i), rule, text) is not None:
            cleaned.append(text)
    count = sum(1 for v in values if v and v.strip())
    if count > limit:
        problems.add(path, too_many(limit, count))
    return cleaned


def _points(values: Sequence[str], problems: _Problems, path: FieldPath) -> list[str]:
    return _items(values, problems, path, _check_point, MAX_POINTS, lambda limit, count: _(
        "At most %(max)d expected points per question; there are %(count)d.", max=limit, count=count))


def _probes(values: Sequence[str], problems: _Problems, path: FieldPath) -> list[str]:
    return _items(values, problems, path, check_skill_name, MAX_QUESTION_SKILLS, lambda limit, count: _(
        "At most %(max)d skills per question; there are %(count)d.", max=limit, count=count))


def _question(q: QuestionInput, problems: _Problems, path: FieldPath) -> QuestionInput:
    before = len(problems.items)
    text = problems.check((*path, "text"), check_question_text, q.text)
    kind = problems.check((*path, "kind"), check_kind, q.kind)
    points = _points(q.expected_points, problems, (*path, "expected_points"))
    skills = _probes(q.skills, problems, (*path, "skills"))
    duration = problems.check((*path, "max_duration_s"), check_duration, q.max_duration_s)
    text_zh = problems.check((*path, "text_zh"), check_translation, q.text_zh)
    points_zh = _points(q.expected_points_zh, problems, (*path, "expected_points_zh"))
    if len(problems.items) > before:
        return q
    return QuestionInput(
        text=text,
        kind=kind,
        expected_points=points,
        skills=skills,
        max_duration_s=duration,
        text_zh=text_zh,
        expected_points_zh=points_zh,
        bank_key=q.bank_key,
    )


def _validated(collect):
    problems = _Problems()
    result = collect(problems)
    problems.raise_any()
    return result


def validate_skills(skills: Sequence[SkillInput]) -> list[SkillInput]:
    """The skills, checked; problems are keyed by the skill's index: ``(2, "weight")``."""
    return _validated(lambda problems: _skills(skills, problems, ()))


def validate_points(values: Sequence[str]) -> list[str]:
    return _validated(lambda problems: _points(values, problems, ()))


def validate_probes(values: Sequence[str]) -> list[str]:
    """The skills one question probes."""
    return _validated(lambda problems: _probes(values, problems, ()))


def validate_question(q: QuestionInput) -> QuestionInput:
    return _validated(lambda problems: _question(q, problems, ()))


def validate_position(data: PositionInput) -> PositionInput:
    """The whole position checked at once, every problem keyed by its field."""

    def collect(problems: _Problems) -> PositionInput:
        title = problems.check(("title",), check_title, data.title)
        description = problems.check(("description",), check_description, data.description)
        skills = _skills(data.skills, problems, ("skills",))
        questions = [_question(q, problems, ("questions", i)) for i, q in enumerate(data.questions)]
        if len(data.questions) > MAX_QUESTIONS:
            problems.add(("questions",), _("At most %(max)d questions per position; there are %(count)d.",
                                           max=MAX_QUESTIONS, count=len(data.questions)))
        return PositionInput(
            title=title or "",
            description=description or "",
            skills=skills,
            questions=questions,
            competency_weights=data.competency_weights,
            practice_mode=data.practice_mode,
            template_key=data.template_key,
        )

    return _validated(collect)


def validate_changes(
    title: str | None, description: str | None, skills: Sequence[SkillInput]
) -> tuple[str, str, list[SkillInput]]:
    """The editable fields of an existing position, checked together."""
    problems = _Problems()
    title = problems.check(("title",), check_title, title)
    description = problems.check(("description",), check_description, description)
    checked = _skills(skills, problems, ("skills",))
    problems.raise_any()
    return title, description, checked


def check_room_for_question(active_questions: int) -> None:
    if active_questions >= MAX_QUESTIONS:
        raise InvalidInput([Problem(("questions",), _("This position has %(max)d questions, the most allowed.",
                                                      max=MAX_QUESTIONS))])
