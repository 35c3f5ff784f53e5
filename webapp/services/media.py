"""Recorded answers on disk: chunked uploads, checks by content, storage.

Layout under MEDIA_ROOT (outside the web root; on several hosts a shared mount
that the web app and the workers both read and write):

    uploads/<upload id>.part    the bytes received so far
    uploads/<upload id>.lock    serialises the requests of one upload across processes
    answers/<session id>/q<question id>-<upload id>.<ext>    stored recordings

Paths in the database are relative to MEDIA_ROOT, so the mount may sit at a
different place on each host. A recording is checked by its content (never its
name or declared type), its length is measured from the decoded samples, and
it is stored and committed as an Answer before anything analyses it.
"""

from __future__ import annotations

import dataclasses
import fcntl
import logging
import os
import re
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..analysis.media import MediaError, MediaInfo, MediaSettings, decoded_duration, probe_media
from ..extensions import db
from ..models import Answer, InterviewSession, MediaUpload, Question
from ..models.base import utcnow
from . import sessions as session_service
from .errors import Conflict, NotFound, ServiceError

log = logging.getLogger(__name__)

UPLOADS = "uploads"
ANSWERS = "answers"
# MediaRecorder stops a moment after the button; this much over a question's limit is accepted.
DURATION_TOLERANCE_S = 3.0
_UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
_EXTENSION = {"webm": "webm", "matroska": "mkv", "mp4": "mp4", "ogg": "ogg", "wav": "wav", "mp3": "mp3", "flac": "flac"}
_SUBTYPE = {"webm": "webm", "matroska": "x-matroska", "mp4": "mp4", "ogg": "ogg", "wav": "wav", "mp3": "mpeg", "flac": "flac"}
_UPLOAD_MESSAGES = {
    MediaError.EMPTY: _l("The recording is empty. Please record again."),
    MediaError.NOT_MEDIA: _l("This file is not an audio or video recording."),
    MediaError.DAMAGED: _l("The recording is damaged and cannot be played. Please record again."),
}


class UploadOutOfStep(Conflict):
    """The client's idea of what arrived differs from ours; it resumes from ``received``."""

    def __init__(self, message: str, received: int):
        super().__init__(message)
        self.received = received


# --- where files live ------------------------------------------------------------------


def media_root() -> Path:
    return Path(current_app.config["MEDIA_ROOT"])


def resolve(relative: str) -> Path:
    """The absolute path of a stored file; refuses anything that would leave MEDIA_ROOT."""
    root = media_root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValueError(f"media path outside MEDIA_ROOT: {relative!r}")
    return path


def stored_file(answer: Answer) -> Path | None:
    """The answer's recording, or None when there is none (typed, or deleted)."""
    if not answer.media_path:
        return None
    path = resolve(answer.media_path)
    return path if path.is_file() else None


def media_settings(config: Mapping[str, Any]) -> MediaSettings:
    """Pipeline settings: tunables from the ANALYSIS_* variables, models under MODEL_CACHE_DIR.

    The app's config decides where models are assembled so that a fresh machine
    keeps everything under ``instance/``.
    """
    return dataclasses.replace(MediaSettings.from_env(), model_dir=str(config["MODEL_CACHE_DIR"]))


def media_mime(info: MediaInfo) -> str:
    return f"{'video' if info.has_video else 'audio'}/{_SUBTYPE.get(info.container, info.container)}"


def limits() -> tuple[int, int]:
    """Largest chunk and largest recording, in bytes."""
    config = current_app.config
    return config["UPLOAD_CHUNK_MB"] * 1024 * 1024, config["MAX_MEDIA_MB"] * 1024 * 1024


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size < 10 * 1024 * 1024 else f"{size / (1024 * 1024):.0f} MB"


def too_large_message(size: int, limit: int) -> str:
    return _("The recording is too large (%(size)s); the limit is %(limit)s.", size=_megabytes(size), limit=_megabytes(limit))


def minutes(seconds: float) -> str:
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def _uploads_dir() -> Path:
    path = media_root() / UPLOADS
    path.mkdir(parents=True, exist_ok=True)
    return path


def part_path(upload_id: str) -> Path:
    return _uploads_dir() / f"{upload_id}.part"


@contextmanager
def _locked(upload_id: str) -> Iterator[None]:
    """One request at a time per upload, across gunicorn processes and threads."""
    if not _UPLOAD_ID.match(upload_id or ""):
        raise NotFound(_("No such upload."))
    with open(_uploads_dir() / f"{upload_id}.lock", "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


# --- the upload, step by step ----------------------------------------------------------


def upload_json(upload: MediaUpload) -> dict[str, Any]:
    chunk_bytes, max_bytes = limits()
    return {
        "upload_id": upload.id,
        "question_id": upload.question_id,
        "state": upload.state,
        "received": upload.received_bytes,
        "expected": upload.expected_bytes,
        "chunk_bytes": chunk_bytes,
        "max_bytes": max_bytes,
        "answer_id": upload.answer_id,
        "error": upload.error,
    }


def start_upload(
    session: InterviewSession, question_id: int, *, declared_mime: str = "", expected_bytes: int | None = None
) -> MediaUpload:
    """Open an upload for one question of this session (the invite link's own)."""
    session_service.require_answerable(session, question_id)
    if session_service.existing_answer(session, question_id) is not None:
        raise Conflict(_("This question is already answered."))
    _chunk_bytes, max_bytes = limits()
    if expected_bytes is not None:
        if expected_bytes <= 0:
            raise ServiceError(_("The recording is empty. Please record again."))
        if expected_bytes > max_bytes:
            raise ServiceError(too_large_message(expected_bytes, max_bytes), status=413)
    upload = MediaUpload(
        id=secrets.token_hex(16),
        session_id=session.id,
        question_id=question_id,
        declared_mime=(declared_mime or "")[:100],
        expected_bytes=expected_bytes,
    )
    db.session.add(upload)
    db.session.commit()
    part_path(upload.id).touch()
    log.info("upload started session_id=%s question_id=%s upload_id=%s bytes=%s",
             session.id, question_id, upload.id, expected_bytes)
    return upload


def get_upload(session: InterviewSession, upload_id: str) -> MediaUpload:
    """An upload of this session only: another link's upload id is simply not found."""
    if not _UPLOAD_ID.match(upload_id or ""):
        raise NotFound(_("No such upload."))
    upload = db.session.scalar(
        select(MediaUpload)
        .where(MediaUpload.id == upload_id, MediaUpload.session_id == session.id)
        .with_for_update()
    )
    if upload is None:
        raise NotFound(_("No such upload."))
    return upload


def receive_chunk(session: InterviewSession, upload_id: str, *, offset: int, data: bytes) -> MediaUpload:
    """Write one chunk at ``offset``. A resent chunk is verified, not written twice."""
    with _locked(upload_id):
        upload = get_upload(session, upload_id)
        if upload.state == "completed":
            return upload
        if upload.state == "rejected":
            raise Conflict(upload.error or _("This upload was discarded. Please record again."))
        chunk_bytes, max_bytes = limits()
        if not data:
            raise ServiceError(_("The chunk is empty."))
        if len(data) > chunk_bytes:
            raise ServiceError(_("A chunk may be at most %(size)s.", size=_megabytes(chunk_bytes)), status=413)
        end = offset + len(data)
        if end > max_bytes:
            raise ServiceError(too_large_message(end, max_bytes), status=413)
        if upload.expected_bytes is not None and end > upload.expected_bytes:
            raise ServiceError(_("More data arrived than the recording's announced size. Please record again."))
        part = part_path(upload.id)
        if offset < 0 or offset > upload.received_bytes or (offset < upload.received_bytes < end):
            raise UploadOutOfStep(_("Resume the upload from the bytes already received."), upload.received_bytes)
        if end <= upload.received_bytes:
            with part.open("rb") as fh:
                fh.seek(offset)
                if fh.read(len(data)) != data:
                    raise Conflict(
                        _("This part of the recording arrived before with different content. Please record again.")
                    )
            return upload
        # Write at the last known good offset and cut anything after it: bytes a
        # crashed request wrote but never recorded are overwritten, never kept.
        with part.open("r+b" if part.exists() else "w+b") as fh:
            fh.seek(offset)
            fh.write(data)
            fh.truncate()
            fh.flush()
            os.fsync(fh.fileno())
        upload.received_bytes = end
        upload.chunks += 1
        db.session.commit()
        return upload


def complete_upload(
    session: InterviewSession, upload_id: str, *, expected_bytes: int | None = None
) -> tuple[Answer, bool]:
    """Check the joined recording by content, store it and commit its Answer.

    Returns ``(answer, created)``. Completing twice returns the same answer, and
    a retry after a crash half way picks up where it stopped.
    """
    with _locked(upload_id):
        upload = get_upload(session, upload_id)
        if upload.state == "completed" and upload.answer_id is not None:
            return db.session.get(Answer, upload.answer_id), False
        if upload.state == "rejected":
            raise Conflict(upload.error or _("This upload was discarded. Please record again."))
        question = session_service.require_answerable(session, upload.question_id)
        _check_size(upload, expected_bytes)
        final = resolve(upload.final_path) if upload.final_path else None
        source = final if final is not None and final.is_file() else part_path(upload.id)
        info, duration = _check(upload, source, question)
        if source != final:
            relative = f"{ANSWERS}/{session.id}/q{question.id}-{upload.id}.{_EXTENSION.get(info.container, 'bin')}"
            upload.final_path = relative
            db.session.commit()
            final = resolve(relative)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, final)
            _fsync_dir(final.parent)
        answer, created = session_service.store_answer(
            session,
            question.id,
            mode="video" if info.has_video else "audio",
            media_path=upload.final_path,
            media_mime=media_mime(info),
            media_bytes=info.size_bytes,
            duration_s=round(duration, 2),
            meta={"media": info.to_dict(), "declared_mime": upload.declared_mime, "upload_id": upload.id},
        )
        if not created and answer.media_path != upload.final_path:
            _remove(final)  # the question was answered another way meanwhile; keep that answer
        upload.state = "completed"
        upload.answer_id = answer.id
        upload.completed_at = utcnow()
        db.session.commit()
        _remove(_uploads_dir() / f"{upload.id}.lock")
        log.info("upload stored session_id=%s answer_id=%s upload_id=%s bytes=%s duration_s=%.1f",
                 session.id, answer.id, upload.id, info.size_bytes, duration)
        return answer, created


def _check_size(upload: MediaUpload, size: int | None) -> None:
    """Compare the size the browser completes with against what arrived and what it announced.

    Fewer bytes than the recording has: the browser resumes from ``received``
    (409). More bytes than it has, or a size other than the one the upload was
    opened for: no resume can finish this take (chunks past the announced size
    are refused), so it is refused (422) and recorded again.
    """
    if size is not None and size <= 0:
        raise ServiceError(_("“size” must be the recording's size in bytes, a whole number above 0."))
    announced = upload.expected_bytes
    expected = size if size is not None else announced
    received = upload.received_bytes
    if expected is not None and received > expected:
        raise _rejected(upload, _("%(received)d bytes arrived but the recording is %(size)d bytes. "
                                  "Please record again.", received=received, size=expected))
    if size is not None and announced is not None and size != announced:
        raise _rejected(upload, _("The upload was opened for a recording of %(announced)d bytes, not %(size)d bytes. "
                                  "Please record again.", announced=announced, size=size))
    if expected is not None and received < expected:
        raise UploadOutOfStep(
            _("Only %(received)d of %(size)d bytes have arrived; resume the upload.", received=received, size=expected),
            received,
        )


def _check(upload: MediaUpload, path: Path, question: Question) -> tuple[MediaInfo, float]:
    """Probe by content and measure the decoded length; reject the upload with a clear message."""
    if upload.received_bytes == 0:
        raise _rejected(upload, str(_UPLOAD_MESSAGES[MediaError.EMPTY]))
    limit = float(question.max_duration_s)
    try:
        info = probe_media(path)
        duration = decoded_duration(path, max_seconds=limit + DURATION_TOLERANCE_S)
    except MediaError as err:
        log.info("upload refused upload_id=%s code=%s detail=%s", upload.id, err.code, err.detail)
        if err.code == MediaError.TOO_LONG:
            message = _("The recording is longer than the %(limit)s allowed for this question. "
                        "Please record a shorter answer.", limit=minutes(limit))
        else:
            message = str(_UPLOAD_MESSAGES.get(err.code, err))
        raise _rejected(upload, message) from err
    return info, duration


def _rejected(upload: MediaUpload, message: str) -> ServiceError:
    """Mark the upload refused and drop its bytes; the caller raises the returned error."""
    upload.state = "rejected"
    upload.error = message[:500]
    db.session.commit()
    _remove(part_path(upload.id))
    _remove(_uploads_dir() / f"{upload.id}.lock")
    return ServiceError(message, status=422)


def discard_upload(session: InterviewSession, upload_id: str) -> None:
    """The candidate recorded again: drop what arrived of the old take (idempotent)."""
    with _locked(upload_id):
        upload = get_upload(session, upload_id)
        if upload.state != "receiving":
            return
        upload.state = "rejected"
        upload.error = _("Discarded: the candidate recorded again.")
        db.session.commit()
        _remove(part_path(upload.id))
    _remove(_uploads_dir() / f"{upload_id}.lock")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
