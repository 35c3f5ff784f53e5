"""The resume upload form and the draft profile form.

The draft form mirrors the draft document (``analysis/resume/draft.py``): one
text input per field, one sub-form per job, school and project (with a hidden
``key`` so edits land on the right entry), one input per skill, certification
and language. ``edits()`` turns the submitted values into what ``merge_edits``
expects.
"""

from __future__ import annotations

from typing import Any

from flask import g
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from ..analysis.resume import draft as drafts

EXTRA_SKILL_ROWS = 3


def form_meta() -> dict[str, bool]:
    """A request authenticated by an API token carries no CSRF token (and needs none)."""
    return {"csrf": False} if g.get("api_user") else {}


class UploadForm(FlaskForm):
    resume = FileField(_l("Resume (PDF or Word .docx)"), validators=[FileRequired(_l("Choose a file to upload."))])


def error_messages(errors: Any) -> list[str]:
    """Every message in ``form.errors``, as plain text, in the form's order.

    Messages are lazy strings (so they are translated when shown), and field
    lists nest them in lists of dicts; ``"; ".join`` needs ``str`` items.
    """
    if isinstance(errors, dict):
        return [m for value in errors.values() for m in error_messages(value)]
    if isinstance(errors, (list, tuple)):
        return [m for value in errors for m in error_messages(value)]
    return [str(errors)] if errors else []


def _date(form: Form, field: StringField) -> None:
    if drafts.normalise_date(field.data or "") is None:
        raise ValidationError(_l("Write a date as 2019 or 2019-07, or “present”."))


def _email(form: Form, field: StringField) -> None:
    if not drafts.check_email(field.data or ""):
        raise ValidationError(_l("This is not an email address."))


def _phone(form: Form, field: StringField) -> None:
    if not drafts.check_phone(field.data or ""):
        raise ValidationError(_l("This does not look like a phone number (7 to 15 digits, not a pair of years)."))


def _lines(text: str | None) -> list[str]:
    return [line.strip().lstrip("•·-* ").strip() for line in (text or "").splitlines() if line.strip()]


class _EntryForm(Form):
    key = HiddenField()
    remove = BooleanField(_l("Remove"))
    start = StringField(_l("From"), validators=[Optional(), Length(max=40), _date])
    end = StringField(_l("To"), validators=[Optional(), Length(max=40), _date])


class ExperienceForm(_EntryForm):
    title = StringField(_l("Title"), validators=[Length(max=300)])
    company = StringField(_l("Company"), validators=[Length(max=300)])
    location = StringField(_l("Location"), validators=[Length(max=200)])
    bullets = TextAreaField(_l("What they did (one point per line)"), validators=[Length(max=20000)])


class EducationForm(_EntryForm):
    school = StringField(_l("School"), validators=[Length(max=300)])
    degree = StringField(_l("Degree"), validators=[Length(max=200)])
    field = StringField(_l("Field of study"), validators=[Length(max=200)])
    details = TextAreaField(_l("Details (one per line)"), validators=[Length(max=10000)])


class ProjectForm(_EntryForm):
    name = StringField(_l("Project"), validators=[Length(max=300)])
    role = StringField(_l("Role"), validators=[Length(max=200)])
    bullets = TextAreaField(_l("What was done (one point per line)"), validators=[Length(max=20000)])


class LanguageForm(Form):
    name = StringField(_l("Language"), validators=[Length(max=80)])
    level = StringField(_l("Level"), validators=[Length(max=80)])


class DraftForm(FlaskForm):
    upload_id = HiddenField()
    token = HiddenField()
    name = StringField(_l("Name"), validators=[Length(max=200)])
    email = StringField(_l("Email"), validators=[Optional(), Length(max=254), _email])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40), _phone])
    location = StringField(_l("Location"), validators=[Length(max=200)])
    summary = TextAreaField(_l("Summary"), validators=[Length(max=drafts.MAX_SUMMARY_CHARS)])
    links = FieldList(StringField(_l("Link"), validators=[Length(max=500)]), max_entries=drafts.MAX_LIST)
    experience = FieldList(FormField(ExperienceForm), max_entries=drafts.MAX_ENTRIES)
    education = FieldList(FormField(EducationForm), max_entries=drafts.MAX_ENTRIES)
    projects = FieldList(FormField(ProjectForm), max_entries=drafts.MAX_ENTRIES)
    skills = FieldList(StringField(_l("Skill"), validators=[Length(max=120)]), max_entries=drafts.MAX_LIST)
    certifications = FieldList(
        StringField(_l("Certification"), validators=[Length(max=300)]), max_entries=drafts.MAX_LIST
    )
    languages = FieldList(FormField(LanguageForm), max_entries=drafts.MAX_LIST)

    def edits(self) -> dict[str, Any]:
        """The submitted values in the shape ``merge_edits`` takes; removed rows left out."""
        out: dict[str, Any] = {key: self[key].data or "" for key in drafts.SCALARS}
        out["links"] = list(self.links.data)
        for kind in drafts.ENTRY_LISTS:
            rows = []
            for row in self[kind].data:
                if row.get("remove"):
                    continue
                line_key = drafts.ENTRY_LINES[kind]
                rows.append({**row, line_key: _lines(row.get(line_key))})
            out[kind] = rows
        out["skills"] = list(self.skills.data)
        out["certifications"] = list(self.certifications.data)
        out["languages"] = list(self.languages.data)
        return out


def form_data(draft: dict[str, Any], add: str | None = None) -> dict[str, Any]:
    """Initial form values for a draft, with blank rows to type new items into.

    Blank rows get their key now, so saving the same new row twice (autosave,
    then the Save button) updates one entry instead of adding two.
    """
    v = drafts.value
    data: dict[str, Any] = {key: v(draft.get(key)) for key in drafts.SCALARS}
    data["links"] = [link["url"] for link in draft.get("links") or []] + [""]
    for kind in drafts.ENTRY_LISTS:
        line_key = drafts.ENTRY_LINES[kind]
        rows = []
        for entry in draft.get(kind) or []:
            row = {name: v(entry.get(name)) for name in drafts.ENTRY_FIELDS[kind]}
            row[line_key] = "\n".join(item["value"] for item in entry.get(line_key) or [])
            row["key"] = entry.get("key", "")
            rows.append(row)
        if add == kind or not rows:
            rows.append({"key": drafts.new_key()})
        data[kind] = rows
    data["skills"] = skill_rows(draft) + [""] * EXTRA_SKILL_ROWS
    data["certifications"] = [item["value"] for item in draft.get("certifications") or []] + [""]
    data["languages"] = [
        {"name": lang["name"], "level": lang.get("level", "")} for lang in draft.get("languages") or []
    ] + [{"name": "", "level": ""}]
    return data


def skill_rows(draft: dict[str, Any]) -> list[str]:
    return [s["name"] for s in draft.get("skills") or []] + [f["value"] for f in draft.get("other_skills") or []]


def skill_meta(draft: dict[str, Any]) -> list[dict[str, Any]]:
    """Confidence, source and category for each skill row, in the form's order."""
    return [
        {"confidence": s.get("confidence", 1.0), "source": s.get("source"), "category": s.get("category"),
         "matched": s.get("matched")}
        for s in draft.get("skills") or []
    ] + [
        {"confidence": f.get("confidence", 1.0), "source": f.get("source"), "category": None, "matched": None}
        for f in draft.get("other_skills") or []
    ]
