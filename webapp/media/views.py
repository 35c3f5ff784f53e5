"""Recorded answers for staff: playback with range requests, and the report's transcript helpers.

Recordings live outside the web root (MEDIA_ROOT) and are only ever sent
through a route that checks who asks: staff here, the candidate's own invite
link in the console blueprint.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, send_file

from ..analysis.media.marks import Mark, transcript_marks
from ..analysis.media.speech import SpeechAnalysis
from ..auth.security import staff_required
from ..extensions import db
from ..models import Answer
from ..services import media as media_service

bp = Blueprint("media", __name__, url_prefix="/media")


def send_recording(answer: Answer, path: Path):
    """The file with its content-checked type; Range requests get 206 for seeking."""
    response = send_file(
        path,
        mimetype=answer.media_mime or "application/octet-stream",
        conditional=True,
        etag=True,
        max_age=0,
        download_name=f"answer-{answer.id}{path.suffix}",
        as_attachment=False,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/answers/<int:answer_id>")
@staff_required
def answer_media(answer_id: int):
    answer = db.session.get(Answer, answer_id)
    if answer is None:
        abort(404)
    path = media_service.stored_file(answer)
    if path is None:
        abort(404)
    return send_recording(answer, path)


@bp.app_template_global("transcript_marks")
def transcript_marks_global(speech: dict[str, Any] | None) -> list[Mark]:
    """Words and pauses of a stored speech analysis, for the report's transcript."""
    if not speech:
        return []
    return transcript_marks(SpeechAnalysis.from_dict(speech))


@bp.app_template_filter("clock")
def clock(seconds: float | None) -> str:
    """0:07.4 within an answer: minutes, seconds and tenths."""
    if seconds is None:
        return "—"
    tenths = int(round(seconds * 10))
    return f"{tenths // 600}:{tenths % 600 // 10:02d}.{tenths % 10}"


@bp.app_template_filter("mmss")
def mmss(seconds: float | None) -> str:
    """3:00 for a question's time limit or an answer's length."""
    if seconds is None:
        return "—"
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
