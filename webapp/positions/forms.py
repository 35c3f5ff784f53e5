"""The position and question forms: their checks are the shared rules of ``services/positions.py``.

The JSON API runs the same rules, so a title, a weight or a question the form
refuses is refused there too, with the same message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from ..services import position_rules as rules
from ..services.position_rules import InvalidInput, InvalidValue, SkillInput


def rule(check: Callable[[object], object]) -> Callable[[FlaskForm, Field], None]:
    """A WTForms validator that runs one of the shared rules on the field's value."""

    def validate(form: FlaskForm, field: Field) -> None:
        if field.process_errors:  # e.g. not a number at all: WTForms has said so
            return
        try:
            check(field.data)
        except InvalidValue as exc:
            raise ValidationError(exc.message) from None

    return validate


def _quoted(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def item_messages(exc: InvalidInput, items: Sequence[str], label: str) -> list[str]:
    """The rules' problems for a box of lines, each naming the line it is about."""
    messages = []
    for problem in exc.problems:
        if problem.path and isinstance(problem.path[0], int):
            messages.append(_("%(label)s “%(item)s”: %(problem)s",
                              label=label, item=_quoted(items[problem.path[0]]), problem=problem.message))
        else:
            messages.append(problem.message)
    return messages


_DECIMAL_COMMA_WEIGHT = re.compile(r"^[^:]*:\s*\d+,\d+\s*$")


def skill_line_parts(raw: str) -> list[tuple[str, str, str]]:
    """``(line, name, weight text)`` for each ``Python: 3`` line (commas also separate skills).

    A line without a colon gets the default weight; blank lines are no skill.
    """
    parts = []
    pieces = []
    for line in raw.splitlines():
        # "Python: 2,5" is a weight written with a decimal comma (refused as not whole), not two skills.
        pieces += [line] if _DECIMAL_COMMA_WEIGHT.match(line) else line.split(",")
    for line in pieces:
        line = line.strip()
        if not line:
            continue
        name, sep, weight = line.rpartition(":")
        if not sep:
            name, weight = line, str(rules.DEFAULT_WEIGHT)
        parts.append((line, name, weight))
    return parts


def skill_lines(skills) -> str:
    return "\n".join(f"{s.name}: {s.weight:g}" for s in skills)


class _CheckedItems:
    """A field of items checked together by a shared rule; each problem names its item (a mixin)."""

    label_text = _l("Line")
    parsed: list

    def items(self) -> list[str]:
        return (self.data or "").splitlines()

    def check(self, items: list[str]) -> list:
        raise NotImplementedError

    def pre_validate(self, form) -> None:
        items = self.items()
        try:
            self.parsed = self.check(items)
        except InvalidInput as exc:
            self.parsed = []
            self.errors.extend(item_messages(exc, self._labels(items), str(self.label_text)))
            raise StopValidation() from None

    def _labels(self, items: list[str]) -> list[str]:
        return items


class SkillsField(_CheckedItems, TextAreaField):
    """``Skill: weight`` per line; a duplicate, a line without a name or a bad weight is refused by its line."""

    def items(self) -> list[str]:
        return [line for line, _name, _weight in skill_line_parts(self.data or "")]

    def check(self, items: list[str]) -> list[SkillInput]:
        skills = [SkillInput(name, weight) for _line, name, weight in skill_line_parts(self.data or "")]
        return rules.validate_skills(skills)


class PointsField(_CheckedItems, TextAreaField):
    def check(self, items: list[str]) -> list[str]:
        return rules.validate_points(items)


class ProbesField(_CheckedItems, StringField):
    """The skills a question probes, comma-separated."""

    label_text = _l("Skill")

    def items(self) -> list[str]:
        return (self.data or "").split(",")

    def check(self, items: list[str]) -> list[str]:
        return rules.validate_probes(items)

    def _labels(self, items: list[str]) -> list[str]:
        return [item.strip() for item in items]


def show_problems(form: FlaskForm, exc: InvalidInput, fallback: str) -> None:
    """Put the service's problems on the form's fields (rare: the form ran the same rules first)."""
    for problem in exc.problems:
        name = problem.path[0] if problem.path and isinstance(problem.path[0], str) else fallback
        field = form._fields.get(name) or form._fields[fallback]
        field.errors = [*field.errors, problem.message]


_REQUIRED = {"required": True}


class PositionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[rule(rules.check_title)], render_kw=_REQUIRED)
    description = TextAreaField(_l("Description"), validators=[rule(rules.check_description)])
    template = SelectField(_l("Start from the question bank"), choices=[], validate_choice=True)
    skills = SkillsField(
        _l("Required skills"),
        description=_l("One per line as “Skill: weight” (weight 1-5)."),
    )
    practice_mode = BooleanField(_l("Practice mode: candidates see their own feedback report"))


class PositionEditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[rule(rules.check_title)], render_kw=_REQUIRED)
    description = TextAreaField(_l("Description"), validators=[rule(rules.check_description)])
    skills = SkillsField(_l("Required skills"))
    practice_mode = BooleanField(_l("Practice mode: candidates see their own feedback report"))


class QuestionForm(FlaskForm):
    kind = SelectField(
        _l("Kind"), choices=[SelectChoice("technical", _l("Technical")), SelectChoice("behavioural", _l("Behavioural"))]
    )
    text = TextAreaField(_l("Question"), validators=[rule(rules.check_question_text)], render_kw=_REQUIRED)
    expected_points = PointsField(
        _l("Expected points"),
        description=_l("One per line: what an excellent answer covers."),
    )
    skills = ProbesField(_l("Skills it probes"), description=_l("Comma-separated."))
    max_duration_s = IntegerField(
        _l("Answer time limit (seconds)"), default=180, validators=[rule(rules.check_duration)],
        render_kw=_REQUIRED,
    )


class InviteForm(FlaskForm):
    candidate_name = StringField(_l("Candidate name"), validators=[DataRequired(), Length(max=200)])
    candidate_email = StringField(_l("Candidate email"), validators=[Optional(), Length(max=254)])
    language = SelectField(_l("Interview language"), choices=[SelectChoice("en", "English"), SelectChoice("zh", "中文")])
