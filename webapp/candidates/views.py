"""HR's candidate pages: one candidate's interviews, resumes and profile versions,
and deleting all of a candidate's data on request."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.security import staff_required
from ..errors import wants_json
from ..models import Candidate
from ..resumes.forms import UploadForm, form_meta
from ..services import candidates as candidate_service
from ..services import reports as report_service
from ..services import resumes as resume_service
from .forms import DeleteCandidateForm

bp = Blueprint("candidates", __name__, url_prefix="/candidates")


@bp.get("/")
@staff_required
def index():
    return render_template("candidates/index.html", rows=candidate_service.list_candidates())


def detail_context(candidate: Candidate) -> dict:
    uploads = resume_service.uploads_of(candidate.id)
    return {
        "candidate": candidate,
        "sessions": list(candidate.sessions),
        "reports": {s.id: report_service.current_report(s.id) for s in candidate.sessions},
        "uploads": uploads,
        "tasks": {u.id: resume_service.parse_task(u.id) for u in uploads},
        "confirmed_uploads": {p.upload_id for p in resume_service.profiles_of(candidate.id)},
        "profiles": resume_service.profiles_of(candidate.id),
        "upload_form": UploadForm(meta=form_meta()),
        "max_mb": resume_service.max_bytes() // (1024 * 1024),
    }


@bp.get("/<int:candidate_id>")
@staff_required
def detail(candidate_id: int):
    candidate = candidate_service.get_candidate(candidate_id)
    return render_template("candidates/detail.html", **detail_context(candidate))


@bp.get("/<int:candidate_id>/delete")
@staff_required
def delete_page(candidate_id: int):
    candidate = candidate_service.get_candidate(candidate_id)
    return render_template(
        "candidates/delete.html",
        candidate=candidate,
        summary=candidate_service.data_summary(candidate),
        form=DeleteCandidateForm(meta=form_meta()),
    )


@bp.post("/<int:candidate_id>/delete")
@staff_required
def delete(candidate_id: int):
    candidate = candidate_service.get_candidate(candidate_id)
    form = DeleteCandidateForm(meta=form_meta())
    if not form.validate():
        if wants_json():
            return jsonify({"message": _("Tick the box to confirm the deletion."), "error": {"status": 400}}), 400
        summary = candidate_service.data_summary(candidate)
        return render_template("candidates/delete.html", candidate=candidate, summary=summary, form=form), 400
    name = candidate.name
    summary = candidate_service.delete_candidate_data(candidate_id, deleted_by_id=current_user.id)
    message = _(
        "Deleted all data of %(name)s: %(i)d interviews, %(a)d answers, %(m)d recordings, %(r)d resumes and "
        "%(p)d profile versions.",
        name=name,
        i=summary.interviews,
        a=summary.answers,
        m=summary.media_files,
        r=summary.resumes,
        p=summary.profile_versions,
    )
    if wants_json():
        return jsonify({"message": message, "data": summary.__dict__})
    flash(message, "success")
    return redirect(url_for("candidates.index"))
