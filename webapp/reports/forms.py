"""Forms of the report pages: HR's review and the position's competency weights."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..analysis.scoring import COMPETENCIES
from .labels import BAND, COMPETENCY


class ReviewForm(FlaskForm):
    overall = IntegerField(_l("Your overall rating (0-100)"), validators=[Optional(), NumberRange(min=0, max=100)])
    recommendation = SelectField(
        _l("Your recommendation"),
        choices=[SelectChoice("", _l("— none —"))] + [SelectChoice(k, BAND[k]) for k in ("strong_match", "possible_match", "weak_match")],
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=10_000)])

    def ratings(self) -> dict[str, int | None]:
        return {c: getattr(self, f"rating_{c}").data for c in COMPETENCIES}


class WeightsForm(FlaskForm):
    def weights(self) -> dict[str, float]:
        return {c: float(getattr(self, f"weight_{c}").data or 0) for c in COMPETENCIES}


for _competency in COMPETENCIES:
    setattr(ReviewForm, f"rating_{_competency}", IntegerField(
        COMPETENCY[_competency], validators=[Optional(), NumberRange(min=0, max=100)]))
    setattr(WeightsForm, f"weight_{_competency}", DecimalField(
        COMPETENCY[_competency], places=2, validators=[InputRequired(), NumberRange(min=0, max=10)]))
