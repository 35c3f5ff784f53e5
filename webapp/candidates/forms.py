from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired


class DeleteCandidateForm(FlaskForm):
    confirm = BooleanField(
        _l("I understand that this deletes the candidate's interviews, answers, recordings, resumes and "
           "profiles for good."),
        validators=[DataRequired(_l("Tick the box to confirm the deletion."))],
    )
