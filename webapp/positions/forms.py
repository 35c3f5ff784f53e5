from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..services.positions import SkillInput


def parse_skill_lines(raw: str) -> list[SkillInput]:
    """``Python: 3`` per line (weight 1-5, default 3); commas also separate skills."""
    skills: list[SkillInput] = []
    for line in raw.replace(",", "\n").splitlines():
        line = line.strip()
        if not line:
            continue
        name, sep, weight = line.rpartition(":")
        if not sep:
            name, weight = line, "3"
        try:
            value = float(weight.strip())
        except ValueError as exc:
            raise ValidationError(f"“{line}”: the weight after the colon must be a number from 1 to 5.") from exc
        skills.append(SkillInput(name.strip(), value))
    return skills


def skill_lines(skills) -> str:
    return "\n".join(f"{s.name}: {s.weight:g}" for s in skills)


class SkillsField(TextAreaField):
    def pre_validate(self, form) -> None:
        try:
            self.parsed = parse_skill_lines(self.data or "")
        except ValidationError as exc:
            raise ValidationError(str(exc)) from exc
        for skill in self.parsed:
            if not 1 <= skill.weight <= 5:
                raise ValidationError(f"“{skill.name}”: weights go from 1 to 5.")


class PositionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    template = SelectField(_l("Start from the question bank"), choices=[], validate_choice=True)
    skills = SkillsField(
        _l("Required skills"),
        description=_l("One per line as “Skill: weight” (weight 1-5)."),
        validators=[Optional(), Length(max=4000)],
    )
    practice_mode = BooleanField(_l("Practice mode: candidates see their own feedback report"))


class PositionEditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    skills = SkillsField(_l("Required skills"), validators=[Optional(), Length(max=4000)])
    practice_mode = BooleanField(_l("Practice mode: candidates see their own feedback report"))


class QuestionForm(FlaskForm):
    kind = SelectField(
        _l("Kind"), choices=[SelectChoice("technical", _l("Technical")), SelectChoice("behavioural", _l("Behavioural"))]
    )
    text = TextAreaField(_l("Question"), validators=[DataRequired(), Length(max=2000)])
    expected_points = TextAreaField(
        _l("Expected points"),
        description=_l("One per line: what an excellent answer covers."),
        validators=[Optional(), Length(max=4000)],
    )
    skills = StringField(_l("Skills it probes"), description=_l("Comma-separated."), validators=[Optional(), Length(max=500)])
    max_duration_s = IntegerField(
        _l("Answer time limit (seconds)"), default=180, validators=[DataRequired(), NumberRange(min=15, max=900)]
    )


class InviteForm(FlaskForm):
    candidate_name = StringField(_l("Candidate name"), validators=[DataRequired(), Length(max=200)])
    candidate_email = StringField(_l("Candidate email"), validators=[Optional(), Length(max=254)])
    language = SelectField(_l("Interview language"), choices=[SelectChoice("en", "English"), SelectChoice("zh", "中文")])
