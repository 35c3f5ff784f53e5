"""The candidate's interview console, opened by the personal invite link.

Every route is keyed by the invite token; it opens that one session and
nothing else. Answers are committed before any analysis is queued, so an
outage of Redis or the workers never loses what the candidate gave.
"""

from __future__ import annotations

import logging
import re

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..errors import render_error
from ..media.views import send_recording
from ..routing import parse_id
from ..services import analysis as analysis_service
from ..services import media as media_service
from ..services import sessions as session_service
from ..services.errors import NotFound, ServiceError

bp = Blueprint("console", __name__, url_prefix="/i")
log = logging.getLogger(__name__)


@bp.after_request
def private(response):
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response


def _load(token: str):
    session = session_service.session_by_token(token)
    g.interview_language = session.language
    return session


@bp.get("/<token>")
def open_invite(token: str):
    session = _load(token)
    if session.status == "completed":
        return render_template("console/done.html", session=session)
    session_service.ensure_open(session)
    if session.consent_at is None:
        return render_template("console/consent.html", session=session, questions=session_service.session_questions(session))
    return _current_page(session)


def _current_page(session, **extra):
    state = session_service.progress(session)
    if state.done:
        return render_template("console/finish.html", session=session, state=state, **extra)
    return render_template(
        "console/question.html",
        session=session,
        state=state,
        question=state.current,
        question_text=state.current.text_for(session.language),
        **extra,
    )


@bp.post("/<token>/consent")
def consent(token: str):
    session = _load(token)
    if request.form.get("agree") != "yes":
        flash(_("Please tick the box to agree before you start."), "error")
        return redirect(url_for("console.open_invite", token=token))
    session_service.record_consent(session)
    return redirect(url_for("console.open_invite", token=token))


@bp.post("/<token>/answer")
def answer(token: str):
    session = _load(token)
    question_id = parse_id(request.form.get("question_id"))
    if question_id is None:
        flash(_("The answer could not be matched to a question. Please try again."), "error")
        return redirect(url_for("console.open_invite", token=token))
    try:
        stored, created = session_service.submit_text_answer(session, question_id, request.form.get("text", ""))
    except ServiceError as exc:
        if exc.status >= 500 or exc.status in (404, 409, 410):
            raise
        # Re-render with what the candidate typed, so nothing is lost.
        return _current_page(session, error=exc.message, draft=request.form.get("text", "")), exc.status
    if created:
        analysis_service.queue_answer_analysis(stored)
    return redirect(url_for("console.open_invite", token=token))


@bp.get("/<token>/finish")
def confirm_finish(token: str):
    """Stopping early leaves questions unanswered for good: a page that asks once more.

    A GET, so the browser's back button returns to it without resubmitting anything.
    """
    session = _load(token)
    if session.status == "completed":
        return redirect(url_for("console.open_invite", token=token))
    state = session_service.progress(session)
    return render_template("console/finish.html", session=session, state=state, early=not state.done)


@bp.post("/<token>/finish")
def finish(token: str):
    session = _load(token)
    if (session.status != "completed" and request.form.get("confirm") != "yes"
            and not session_service.progress(session).done):
        return redirect(url_for("console.confirm_finish", token=token))
    analysis_service.finish_and_analyse(session)
    return redirect(url_for("console.open_invite", token=token))


# --- recorded answers: chunked upload ----------------------------------------------------
# Start an upload, send its bytes in chunks (a resent chunk is verified, a gap
# answers 409 with what arrived, so the browser resumes), then complete it: the
# recording is checked by content, stored, committed as the answer, and only
# then queued for analysis. These routes are a JSON API for static/recorder.js:
# every answer, errors included, is JSON whatever the Accept header says.

UPLOAD_PATH = re.compile(r"^/i/[^/]+/uploads(?:/|$)")
CHUNK_TYPES = ("application/octet-stream", "")


def _chunk_type_refused():
    if request.mimetype in CHUNK_TYPES:
        return None
    return render_error(415, _("Send each chunk as raw bytes with Content-Type: application/octet-stream."))


@bp.before_app_request
def upload_api():
    """Mark the upload routes as JSON, and refuse a chunk sent as a form before its body is read.

    This runs before the CSRF check (blueprint hooks are registered before
    ``init_security`` adds it), so the flag also covers a CSRF failure and
    routing errors (404, 405) under ``/i/<token>/uploads``. The CSRF check
    looks for its token in the form first: for a form content type that parses
    (and so consumes) the chunk's bytes, which would leave the chunk "empty".
    """
    g.json_errors = bool(UPLOAD_PATH.match(request.path))  # set on every request: ``g`` may outlive one
    if request.endpoint == "console.upload_chunk":
        return _chunk_type_refused()
    return None


def _json(data, status: int = 200, message: str = "ok"):
    return jsonify({"message": message, "data": data}), status


def _open_for_upload(token: str):
    session = _load(token)
    session_service.ensure_open(session)
    return session


def _body() -> dict:
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else {}


# Sizes and ids the upload API accepts at all; anything larger is refused before it is used.
_LARGEST = 2**53


def _int_or_none(value, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an infinity in the JSON
        raise ServiceError(_("“%(name)s” must be a whole number.", name=name)) from None
    if isinstance(value, bool) or not 0 <= number <= _LARGEST:
        raise ServiceError(_("“%(name)s” must be a whole number.", name=name))
    return number


def _out_of_step(exc: media_service.UploadOutOfStep):
    return _json({"received": exc.received}, 409, exc.message)


@bp.post("/<token>/uploads")
def start_upload(token: str):
    session = _open_for_upload(token)
    data = _body()
    question_id = _int_or_none(data.get("question_id"), "question_id")
    if question_id is None:
        raise ServiceError(_("The recording could not be matched to a question. Please reload the page."))
    upload = media_service.start_upload(
        session,
        question_id,
        declared_mime=str(data.get("mime") or ""),
        expected_bytes=_int_or_none(data.get("size"), "size"),
    )
    return _json(media_service.upload_json(upload), 201, _("Upload started."))


@bp.get("/<token>/uploads/<upload_id>")
def upload_status(token: str, upload_id: str):
    session = _load(token)
    return _json(media_service.upload_json(media_service.get_upload(session, upload_id)))


@bp.put("/<token>/uploads/<upload_id>/chunks/<int:index>")
def upload_chunk(token: str, upload_id: str, index: int):
    refused = _chunk_type_refused()  # also here, so the view stays right whatever order the hooks run in
    if refused is not None:
        return refused
    session = _open_for_upload(token)
    offset = _int_or_none(request.args.get("offset"), "offset")
    if offset is None:
        raise ServiceError(_("“%(name)s” is required.", name="offset"))
    chunk_bytes, _max = media_service.limits()
    if request.content_length is not None and request.content_length > chunk_bytes:
        raise ServiceError(_("A chunk may be at most %(mb)d MB.", mb=chunk_bytes // (1024 * 1024)), status=413)
    try:
        upload = media_service.receive_chunk(session, upload_id, offset=offset, data=request.get_data(cache=False))
    except media_service.UploadOutOfStep as exc:
        return _out_of_step(exc)
    log.debug("chunk received upload_id=%s index=%s offset=%s", upload_id, index, offset)
    return _json({"received": upload.received_bytes, "state": upload.state})


@bp.post("/<token>/uploads/<upload_id>/complete")
def complete_upload(token: str, upload_id: str):
    session = _open_for_upload(token)
    try:
        stored, created = media_service.complete_upload(
            session, upload_id, expected_bytes=_int_or_none(_body().get("size"), "size")
        )
    except media_service.UploadOutOfStep as exc:
        return _out_of_step(exc)
    if created:
        analysis_service.queue_answer_analysis(stored)
    data = {
        "answer_id": stored.id,
        "mode": stored.mode,
        "duration_s": stored.duration_s,
        "next": url_for("console.open_invite", token=token),
    }
    return _json(data, 201 if created else 200, _("Your answer is saved."))


@bp.delete("/<token>/uploads/<upload_id>")
def discard_upload(token: str, upload_id: str):
    session = _load(token)
    media_service.discard_upload(session, upload_id)
    return _json({"upload_id": upload_id, "state": "rejected"}, message=_("Upload discarded."))


@bp.get("/<token>/answers/<int:answer_id>/media")
def answer_media(token: str, answer_id: int):
    """A candidate's own recording (and nobody else's), with range requests for playback."""
    session = _load(token)
    answer = next((a for a in session.answers if a.id == answer_id), None)
    if answer is None:
        raise NotFound(_("No such recording."))
    path = media_service.stored_file(answer)
    if path is None:
        abort(404)
    return send_recording(answer, path)
