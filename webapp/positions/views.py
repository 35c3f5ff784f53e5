from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..auth.security import staff_required
from ..services import positions as position_service
from ..services import question_bank
from ..services import sessions as session_service
from ..services.errors import ServiceError
from ..services.position_rules import MAX_QUESTIONS
from ..services.positions import InvalidInput
from .forms import InviteForm, PositionEditForm, PositionForm, QuestionForm, show_problems, skill_lines

bp = Blueprint("positions", __name__, url_prefix="/positions")


@bp.get("/")
@staff_required
def index():
    return render_template("positions/index.html", positions=position_service.list_positions())


@bp.route("/new", methods=["GET", "POST"])
@staff_required
def create():
    form = PositionForm()
    form.template.choices = [SelectChoice("", _("Blank: write my own questions"))] + [
        SelectChoice(key, title) for key, title in question_bank.template_choices()
    ]
    if form.validate_on_submit():
        skills = form.skills.parsed
        if form.template.data:
            data = question_bank.position_input(
                form.template.data, title=form.title.data, description=form.description.data or None
            )
            if skills:
                data = replace(data, skills=skills)
        else:
            data = position_service.PositionInput(
                title=form.title.data, description=form.description.data or "", skills=skills
            )
        data = replace(data, practice_mode=form.practice_mode.data)
        try:
            position = position_service.create_position(data, created_by_id=current_user.id)
        except InvalidInput as exc:
            show_problems(form, exc, fallback="template" if form.template.data else "title")
        else:
            flash(_("Position created."), "success")
            return redirect(url_for("positions.detail", position_id=position.id))
    return render_template("positions/new.html", form=form), (400 if form.errors else 200)


@bp.get("/<int:position_id>")
@staff_required
def detail(position_id: int):
    position = position_service.get_position(position_id)
    return render_template(
        "positions/detail.html",
        position=position,
        question_form=QuestionForm(),
        invite_form=InviteForm(),
        sessions=sorted(position.sessions, key=lambda s: s.created_at, reverse=True),
    )


@bp.route("/<int:position_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(position_id: int):
    position = position_service.get_position(position_id)
    form = PositionEditForm(obj=position)
    if request.method == "GET":
        form.skills.data = skill_lines(position.skills)
    if form.validate_on_submit():
        try:
            position_service.update_position(
                position,
                title=form.title.data,
                description=form.description.data or "",
                skills=form.skills.parsed,
                practice_mode=form.practice_mode.data,
            )
        except InvalidInput as exc:
            show_problems(form, exc, fallback="title")
        else:
            flash(_("Position saved."), "success")
            return redirect(url_for("positions.detail", position_id=position.id))
    return render_template("positions/edit.html", form=form, position=position), (400 if form.errors else 200)


@bp.post("/<int:position_id>/questions")
@staff_required
def add_question(position_id: int):
    position = position_service.get_position(position_id)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            position_service.add_question(
                position,
                position_service.QuestionInput(
                    text=form.text.data,
                    kind=form.kind.data,
                    expected_points=form.expected_points.parsed,
                    skills=form.skills.parsed,
                    max_duration_s=form.max_duration_s.data,
                ),
            )
        except InvalidInput as exc:
            show_problems(form, exc, fallback="text")
        else:
            flash(_("Question added."), "success")
            return redirect(url_for("positions.detail", position_id=position.id, _anchor="questions"))
    return (
        render_template(
            "positions/detail.html",
            position=position,
            question_form=form,
            invite_form=InviteForm(),
            sessions=position.sessions,
        ),
        400,
    )


@bp.get("/<int:position_id>/bank")
@staff_required
def bank(position_id: int):
    position = position_service.get_position(position_id)
    used = {q.bank_key for q in position.active_questions if q.bank_key}
    return render_template(
        "positions/bank.html", position=position, bank=question_bank.bank(), used=used,
        room=max(0, MAX_QUESTIONS - len(position.active_questions)), max_questions=MAX_QUESTIONS,
    )


def _listed(texts: list[str], limit: int = 60) -> str:
    """Questions named in a message, each quoted and cut to `limit` characters."""
    return ", ".join(f"“{t if len(t) <= limit else t[: limit - 1] + '…'}”" for t in texts)


@bp.post("/<int:position_id>/bank")
@staff_required
def add_from_bank(position_id: int):
    """Adds the ticked questions while the position has room; says which were added and which not."""
    position = position_service.get_position(position_id)
    used = {q.bank_key for q in position.active_questions if q.bank_key}
    ticked = [question_bank.find_question(key) for key in dict.fromkeys(request.form.getlist("question"))]
    new = [q for q in ticked if q.key not in used]
    if not new:
        flash(_("The ticked questions are already in this position.") if ticked
              else _("No question was ticked, so none was added."), "info")
        return redirect(url_for("positions.bank", position_id=position.id))
    if len(position.active_questions) >= MAX_QUESTIONS:
        flash(ngettext("This position already has the maximum of %(max)d questions, so %(num)d ticked question "
                       "was not added. Remove a question to make room.",
                       "This position already has the maximum of %(max)d questions, so %(num)d ticked questions "
                       "were not added. Remove a question to make room.", len(new), max=MAX_QUESTIONS), "error")
        return redirect(url_for("positions.detail", position_id=position.id, _anchor="questions"))
    added, over, refused = [], [], {}
    for q in new:
        if len(position.active_questions) >= MAX_QUESTIONS:
            over.append(q.text)
            continue
        try:
            position_service.add_question(position, question_bank.question_input(q))
        except InvalidInput as exc:  # another person filled the position meanwhile, or a rule changed
            refused.setdefault("; ".join(p.message for p in exc.problems), []).append(q.text)
        else:
            added.append(q.text)
    if added:
        flash(ngettext("Added %(num)d question: %(questions)s.", "Added %(num)d questions: %(questions)s.",
                       len(added), questions=_listed(added)), "success")
    if over:
        flash(ngettext("%(num)d question was not added, as it would exceed the maximum of %(max)d questions per "
                       "position: %(questions)s.",
                       "%(num)d questions were not added, as they would exceed the maximum of %(max)d questions per "
                       "position: %(questions)s.", len(over), max=MAX_QUESTIONS, questions=_listed(over)), "warning")
    for problem, texts in refused.items():
        flash(_("Not added: %(questions)s. %(problem)s", questions=_listed(texts), problem=problem), "error")
    return redirect(url_for("positions.detail", position_id=position.id, _anchor="questions"))


@bp.post("/<int:position_id>/questions/<int:question_id>/archive")
@staff_required
def archive_question(position_id: int, question_id: int):
    position = position_service.get_position(position_id)
    position_service.archive_question(position, question_id)
    flash(_("Question removed. Interviews that already include it keep it."), "info")
    return redirect(url_for("positions.detail", position_id=position.id, _anchor="questions"))


@bp.post("/<int:position_id>/questions/<int:question_id>/move")
@staff_required
def move_question(position_id: int, question_id: int):
    position = position_service.get_position(position_id)
    offset = -1 if request.form.get("direction") == "up" else 1
    position_service.move_question(position, question_id, offset)
    return redirect(url_for("positions.detail", position_id=position.id, _anchor="questions"))


@bp.post("/<int:position_id>/invite")
@staff_required
def invite(position_id: int):
    position = position_service.get_position(position_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            session = session_service.invite(
                position,
                candidate_name=form.candidate_name.data,
                candidate_email=form.candidate_email.data,
                language=form.language.data,
                created_by_id=current_user.id,
            )
        except ServiceError as exc:
            flash(exc.message, "error")
            return redirect(url_for("positions.detail", position_id=position.id))
        flash(_("Invitation created. Send the candidate the link below."), "success")
        return redirect(url_for("interviews.detail", session_id=session.id))
    return (
        render_template(
            "positions/detail.html",
            position=position,
            question_form=QuestionForm(),
            invite_form=form,
            sessions=position.sessions,
        ),
        400,
    )
