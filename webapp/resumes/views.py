"""Resume upload, the draft profile form, confirmation, for HR and for candidates.

HR staff reach any candidate's resumes under ``/resumes/<id>``; a candidate
reaches only their own uploads under ``/resumes/i/<invite token>/...``, the
same way the console is keyed. ``POST /resumes/draft`` (save_resume_draft)
serves both: the candidate's form carries its token.
"""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    flash,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ..analysis.resume import draft as drafts
from ..auth.security import staff_required
from ..errors import render_error, wants_json
from ..models import InterviewSession, ResumeUpload
from ..routing import parse_id
from ..services import candidates as candidate_service
from ..services import resumes as resume_service
from ..services import sessions as session_service
from ..services.errors import NotFound, QueueUnavailable, ServiceError
from ..services.resume_messages import error_text
from ..services.resumes import Actor
from ..services.task_status import KIND_LABELS, describe
from ..tasks import names
from .forms import DraftForm, UploadForm, error_messages, form_data, form_meta, skill_meta

bp = Blueprint("resumes", __name__, url_prefix="/resumes")
log = logging.getLogger(__name__)

UPLOAD_ENDPOINTS = ("resumes.upload", "resumes.candidate_upload")
MULTIPART_MARGIN = 256 * 1024


@bp.before_app_request
def limit_resume_uploads():
    """Refuse an oversized resume before its body is read (the app-wide cap is for recordings)."""
    if request.endpoint in UPLOAD_ENDPOINTS:
        from flask import current_app

        request.max_content_length = current_app.config["MAX_RESUME_MB"] * 1024 * 1024 + MULTIPART_MARGIN


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_exc):
    from flask import current_app

    limit = current_app.config["MAX_RESUME_MB"]
    return render_error(
        413,
        _("The file is larger than the %(mb)d MB accepted for a resume. Upload your resume as a PDF or a Word (.docx) file.",
          mb=limit),
    )


@bp.app_template_global("resume_error")
def resume_error(upload: ResumeUpload) -> str:
    """Why a resume could not be read, in the interface's language."""
    return error_text(upload.error_code, upload.error_message)


@bp.after_request
def private(response):
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


# --- who is asking -----------------------------------------------------------------


def _candidate(token: str) -> InterviewSession:
    session = session_service.session_by_token(token)
    g.interview_language = session.language
    session_service.ensure_open(session)
    if session.consent_at is None:
        raise ServiceError(_("Please read and accept how your data is used first, on the interview page."), status=403)
    return session


def _staff() -> Actor:
    return Actor(user_id=current_user.id)


def _urls(upload: ResumeUpload, actor: Actor) -> dict[str, str | None]:
    if actor.is_staff:
        return {
            "page": url_for("resumes.draft_page", upload_id=upload.id),
            "body": url_for("resumes.draft_body", upload_id=upload.id),
            "poll": None,  # HR polls the task-status route of the contract
            "confirm": url_for("resumes.confirm", upload_id=upload.id),
            "parse": url_for("resumes.reparse", upload_id=upload.id),
            "back": url_for("candidates.detail", candidate_id=upload.candidate_id),
            "upload_again": url_for("candidates.detail", candidate_id=upload.candidate_id) + "#upload",
        }
    token = actor.session.token
    return {
        "page": url_for("resumes.candidate_draft", token=token, upload_id=upload.id),
        "body": url_for("resumes.candidate_body", token=token, upload_id=upload.id),
        "poll": url_for("resumes.candidate_status", token=token, upload_id=upload.id),
        "confirm": url_for("resumes.candidate_confirm", token=token, upload_id=upload.id),
        "parse": url_for("resumes.candidate_reparse", token=token, upload_id=upload.id),
        "back": url_for("resumes.candidate_home", token=token),
        "upload_again": url_for("resumes.candidate_home", token=token) + "#upload",
    }


def _context(upload: ResumeUpload, actor: Actor, form: DraftForm | None = None) -> dict:
    draft = upload.draft or {}
    if form is None and upload.draft is not None:
        form = DraftForm(data=form_data(draft, add=request.args.get("add")))
    if form is not None:
        form.upload_id.data = str(upload.id)
        form.token.data = "" if actor.is_staff else actor.session.token
    task = resume_service.parse_task(upload.id)
    latest = resume_service.latest_profile(upload.candidate_id)
    return {
        "upload": upload,
        "actor": actor,
        "form": form,
        "draft": draft,
        "skill_meta": skill_meta(draft),
        "entries": {kind: {e.get("key"): e for e in draft.get(kind) or []} for kind in drafts.ENTRY_LISTS},
        "task": task,
        "task_view": describe(task) if task is not None else None,
        "task_label": KIND_LABELS.get(names.KIND_RESUME_PARSE),
        "latest": latest,
        "urls": _urls(upload, actor),
        "layout": "base.html" if actor.is_staff else "console/base.html",
        "session": actor.session,
        "low_confidence": drafts.LOW_CONFIDENCE,
        "hide_resume_prompt": True,
    }


def _page(upload: ResumeUpload, actor: Actor, form: DraftForm | None = None, status: int = 200):
    return render_template("resumes/draft.html", **_context(upload, actor, form)), status


def _body(upload: ResumeUpload, actor: Actor):
    response = make_response(render_template("resumes/_body.html", **_context(upload, actor)))
    response.headers["Vary"] = "HX-Request"
    return response


# --- upload ------------------------------------------------------------------------


def _store_and_parse(form: UploadForm, candidate, actor: Actor):
    """Store the checked file, then queue its parse; a queue outage keeps the file."""
    file = form.resume.data
    upload, created = resume_service.store_upload(file.stream, file.filename, candidate=candidate, actor=actor)
    record = None
    queue_down = None
    if created or upload.status == "queued":
        try:
            record, _started = resume_service.start_parse(upload, created_by_id=actor.user_id)
        except QueueUnavailable as exc:
            queue_down = exc.message
    return upload, created, record, queue_down


def _upload_answer(upload, created, record, queue_down, page_url: str):
    if wants_json():
        body = {
            "message": _("Resume stored; reading it.") if created else _("This file was already uploaded."),
            "data": {
                "upload_id": upload.id,
                "task_id": record.id if record else None,
                "celery_task_id": record.celery_task_id if record else None,
            },
        }
        if queue_down:
            body["message"] = queue_down
        return jsonify(body), (202 if created else 200)
    if queue_down:
        flash(_("Your file is saved, but reading it could not start: %(why)s", why=queue_down), "warning")
    elif not created:
        flash(_("This file was already uploaded: here is its draft."), "info")
    return redirect(page_url)


def _rejected(exc: ServiceError, template: str, status: int, **context):
    if wants_json():
        return render_error(status, exc.message)
    return render_template(template, upload_error=exc.message, **context), status


def _invalid(form: UploadForm) -> ServiceError:
    """The form's errors as one message (a missing file: "Choose a file to upload.")."""
    return ServiceError("; ".join(error_messages(form.errors)) or _("Choose a file to upload."))


@bp.post("/upload")
@staff_required
def upload():
    candidate_id = parse_id(request.form.get("candidate_id"))
    if candidate_id is None:
        raise NotFound(_("No candidate with this id."))
    candidate = candidate_service.get_candidate(candidate_id)
    form = UploadForm(meta=form_meta())
    actor = _staff()
    if not form.validate():
        return _candidate_page_with_error(candidate, _invalid(form), 400)
    try:
        result = _store_and_parse(form, candidate, actor)
    except resume_service.ResumeRejected as exc:
        return _candidate_page_with_error(candidate, exc, exc.status)
    upload_row = result[0]
    return _upload_answer(*result, url_for("resumes.draft_page", upload_id=upload_row.id))


def _candidate_page_with_error(candidate, exc: ServiceError, status: int):
    from ..candidates.views import detail_context

    return _rejected(exc, "candidates/detail.html", status, **detail_context(candidate))


@bp.get("/i/<token>")
def candidate_home(token: str):
    session = session_service.session_by_token(token)
    g.interview_language = session.language
    session_service.ensure_open(session)
    if session.consent_at is None:
        return redirect(url_for("console.open_invite", token=token))
    return render_template("resumes/candidate.html", **_candidate_home_context(session, UploadForm(meta=form_meta())))


def _candidate_home_context(session: InterviewSession, form: UploadForm) -> dict:
    actor = Actor(session=session)
    uploads = resume_service.uploads_of(session.candidate_id, actor)
    own_profiles = [p for p in resume_service.profiles_of(session.candidate_id) if p.confirmed_by == "candidate"]
    return {
        "session": session,
        "form": form,
        "uploads": uploads,
        "tasks": {u.id: resume_service.parse_task(u.id) for u in uploads},
        "profile": own_profiles[0] if own_profiles else None,
        "max_mb": resume_service.max_bytes() // (1024 * 1024),
        "hide_resume_prompt": True,
    }


@bp.post("/i/<token>/upload")
def candidate_upload(token: str):
    session = _candidate(token)
    actor = Actor(session=session)
    form = UploadForm(meta=form_meta())
    if not form.validate():
        # The message is shown once, beside the upload field: a fresh form carries no copy of it.
        context = _candidate_home_context(session, UploadForm(meta=form_meta()))
        return _rejected(_invalid(form), "resumes/candidate.html", 400, **context)
    try:
        result = _store_and_parse(form, session.candidate, actor)
    except resume_service.ResumeRejected as exc:
        return _rejected(exc, "resumes/candidate.html", exc.status, **_candidate_home_context(session, form))
    upload_row = result[0]
    return _upload_answer(*result, url_for("resumes.candidate_draft", token=token, upload_id=upload_row.id))


# --- the draft page, its live body and the parse progress ---------------------------


@bp.get("/<int:upload_id>")
@staff_required
def draft_page(upload_id: int):
    actor = _staff()
    return _page(resume_service.get_upload(upload_id, actor), actor)


@bp.get("/<int:upload_id>/body")
@staff_required
def draft_body(upload_id: int):
    actor = _staff()
    return _body(resume_service.get_upload(upload_id, actor), actor)


@bp.get("/i/<token>/<int:upload_id>")
def candidate_draft(token: str, upload_id: int):
    actor = Actor(session=_candidate(token))
    return _page(resume_service.get_upload(upload_id, actor), actor)


@bp.get("/i/<token>/<int:upload_id>/body")
def candidate_body(token: str, upload_id: int):
    actor = Actor(session=_candidate(token))
    return _body(resume_service.get_upload(upload_id, actor), actor)


@bp.get("/i/<token>/<int:upload_id>/status")
def candidate_status(token: str, upload_id: int):
    """The parse's progress fragment for a candidate (HR uses /interviews/task-status/<id>)."""
    actor = Actor(session=_candidate(token))
    upload = resume_service.get_upload(upload_id, actor)
    record = resume_service.parse_task(upload.id)
    if record is None:
        raise NotFound(_("Reading this resume has not started."))
    data = describe(record)
    if wants_json():
        return jsonify({"message": data["state_label"], "data": data})
    response = make_response(
        render_template(
            "interviews/_progress.html",
            task=data,
            label=KIND_LABELS.get(record.kind, record.kind),
            poll_url=_urls(upload, actor)["poll"],
        )
    )
    response.headers["Vary"] = "HX-Request, Accept"
    if not data["live"]:
        response.headers["HX-Trigger"] = "task-finished"
    return response


def _reparse(upload: ResumeUpload, actor: Actor):
    record = resume_service.parse_task(upload.id)
    if upload.status == "parsed" or (record is not None and record.is_live):
        return redirect(_urls(upload, actor)["page"])
    if upload.status == "failed":
        raise ServiceError(_("This file cannot be read as a resume; upload another file."), status=409)
    try:
        resume_service.start_parse(upload, created_by_id=actor.user_id)
    except QueueUnavailable as exc:
        flash(exc.message, "error")
    return redirect(_urls(upload, actor)["page"])


@bp.post("/<int:upload_id>/parse")
@staff_required
def reparse(upload_id: int):
    actor = _staff()
    return _reparse(resume_service.get_upload(upload_id, actor), actor)


@bp.post("/i/<token>/<int:upload_id>/parse")
def candidate_reparse(token: str, upload_id: int):
    actor = Actor(session=_candidate(token))
    return _reparse(resume_service.get_upload(upload_id, actor), actor)


# --- save and confirm -----------------------------------------------------------------


def _form_actor() -> tuple[Actor, ResumeUpload]:
    token = request.form.get("token", "")
    if token:
        actor = Actor(session=_candidate(token))
    elif current_user.is_authenticated and current_user.role in ("admin", "hr"):
        actor = _staff()
    else:
        raise ServiceError(_("Sign in, or open this page from your interview link."), status=401)
    upload_id = parse_id(request.form.get("upload_id"))
    if upload_id is None:
        raise NotFound(_("No resume with this id."))
    return actor, resume_service.get_upload(upload_id, actor)


def _saved_fragment(upload: ResumeUpload, error: str | None = None, status: int = 200):
    response = make_response(render_template("resumes/_saved.html", upload=upload, error=error), status)
    if error:
        response.headers["HX-Reswap"] = "outerHTML"
    return response


def _apply(form: DraftForm, upload: ResumeUpload) -> None:
    draft = drafts.merge_edits(upload.draft or {}, form.edits())
    resume_service.save_draft(upload, draft)


@bp.post("/draft")
def save_resume_draft():
    """Keep the draft as typed so far; it survives reloads until it is confirmed."""
    actor, upload = _form_actor()
    form = DraftForm(meta=form_meta())
    if upload.draft is None:
        raise ServiceError(_("The resume has not been read yet, so there is no draft to save."), status=409)
    if not form.validate():
        if request.headers.get("HX-Request"):
            return _saved_fragment(upload, _("Not saved: correct the marked fields."), 200)
        if wants_json():
            return jsonify({"message": _("Not saved: correct the marked fields."), "errors": form.errors}), 400
        return _page(upload, actor, form, 400)
    _apply(form, upload)
    if request.headers.get("HX-Request"):
        return _saved_fragment(upload)
    if wants_json():
        return jsonify({"message": _("Draft saved."), "data": {"upload_id": upload.id, "draft": upload.draft}})
    action = request.form.get("action", "save")
    page = _urls(upload, actor)["page"]
    if action.startswith("add_") and action[4:] in drafts.ENTRY_LISTS:
        return redirect(f"{page}?add={action[4:]}#{action[4:]}-new")
    flash(_("Draft saved. Confirm it when everything is right."), "success")
    return redirect(page)


def _confirm(upload: ResumeUpload, actor: Actor):
    form = DraftForm(meta=form_meta())
    if upload.draft is not None:
        if not form.validate():
            return _page(upload, actor, form, 400)
        _apply(form, upload)
    profile, created = resume_service.confirm(upload, actor)
    if wants_json():
        return jsonify(
            {
                "message": _("Profile confirmed."),
                "data": {"profile_id": profile.id, "version": profile.version, "created": created},
            }
        ), (201 if created else 200)
    if created:
        flash(_("Profile confirmed as version %(n)d.", n=profile.version), "success")
    else:
        flash(_("Nothing changed since version %(n)d, so no new version was made.", n=profile.version), "info")
    return redirect(_urls(upload, actor)["page"])


@bp.post("/<int:upload_id>/confirm")
@staff_required
def confirm(upload_id: int):
    actor = _staff()
    return _confirm(resume_service.get_upload(upload_id, actor), actor)


@bp.post("/i/<token>/<int:upload_id>/confirm")
def candidate_confirm(token: str, upload_id: int):
    actor = Actor(session=_candidate(token))
    return _confirm(resume_service.get_upload(upload_id, actor), actor)


# --- staff only: the original file and confirmed versions ----------------------------


@bp.get("/<int:upload_id>/file")
@staff_required
def original(upload_id: int):
    upload = resume_service.get_upload(upload_id, _staff())
    path = resume_service.absolute_path(upload)
    if not path.exists():
        raise NotFound(_("The resume file is missing."))
    mimetype = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }[upload.kind]
    return send_file(path, mimetype=mimetype, as_attachment=True, download_name=upload.filename)


@bp.get("/profiles/<int:profile_id>")
@staff_required
def profile(profile_id: int):
    row = resume_service.get_profile(profile_id)
    if wants_json():
        return jsonify({"message": "ok", "data": {"version": row.version, "profile": row.data}})
    return render_template(
        "resumes/profile.html",
        profile=row,
        candidate=candidate_service.get_candidate(row.candidate_id),
        versions=resume_service.profiles_of(row.candidate_id),
    )


# --- helpers for templates elsewhere (the console prompt, the report) -----------------


@bp.app_template_global()
def resume_prompt(session: InterviewSession) -> dict | None:
    """What the console's optional resume step shows, or None to show nothing."""
    if session is None or session.consent_at is None or session.status == "withdrawn":
        return None
    actor = Actor(session=session)
    uploads = resume_service.uploads_of(session.candidate_id, actor)
    confirmed = [p for p in resume_service.profiles_of(session.candidate_id) if p.confirmed_by == "candidate"]
    latest = uploads[0] if uploads else None
    pending = latest is not None and latest.status != "failed" and not any(p.upload_id == latest.id for p in confirmed)
    return {
        "url": url_for("resumes.candidate_home", token=session.token),
        "draft_url": url_for("resumes.candidate_draft", token=session.token, upload_id=latest.id) if pending else None,
        "version": confirmed[0].version if confirmed else None,
    }


@bp.app_template_global()
def latest_profile_version(candidate_id: int) -> int | None:
    row = resume_service.latest_profile(candidate_id)
    return row.version if row else None
