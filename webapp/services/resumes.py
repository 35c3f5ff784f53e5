"""Resumes: upload, parse on the ``profile`` queue, correct the draft, confirm a profile version.

Uploads are checked by their bytes before anything is stored, and kept under
``MEDIA_ROOT/resumes/<candidate id>/`` (outside the web root; served only to
staff). Parsing runs as a recorded task; the parser's output is kept as it came
out, next to the draft a person corrects. Confirming appends an immutable
``CandidateProfile`` version, and the latest one feeds the skill match.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..analysis.resume import PARSER_VERSION, ResumeError, match_skills, parse_resume, sniff_document
from ..analysis.resume import draft as drafts
from ..analysis.resume import errors as resume_errors
from ..extensions import db
from ..models import Candidate, CandidateProfile, InterviewSession, ResumeUpload, TaskRecord
from ..models.base import utcnow
from ..tasks import names
from . import task_records as records
from .errors import NotFound, PermanentTaskError, ServiceError
from .resume_messages import error_text

log = logging.getLogger(__name__)

RESUME_DIR = "resumes"
CHUNK = 64 * 1024
MAX_PAGES = 20
# HTTP status for each way an upload can be refused.
REJECT_STATUS = {resume_errors.TOO_LARGE: 413, resume_errors.UNSUPPORTED_TYPE: 415, resume_errors.LEGACY_DOC: 415}
PARSE_STEPS = {
    "Checking file": (1, "Checking the file"),
    "Extracting text": (2, "Reading the text in reading order"),
    "Finding sections": (3, "Finding the sections"),
    "Reading fields": (4, "Reading the fields"),
}
PARSE_TOTAL = 5


class ResumeRejected(ServiceError):
    """An upload refused by its content; ``code`` is the parser's stable error code."""

    def __init__(self, error: ResumeError):
        super().__init__(error_text(error.code, error.message), status=REJECT_STATUS.get(error.code, 400))
        self.code = error.code


@dataclass(frozen=True)
class Actor:
    """Who is asking: a staff member, or a candidate holding an invite link."""

    user_id: int | None = None
    session: InterviewSession | None = None

    @property
    def is_staff(self) -> bool:
        return self.session is None

    @property
    def source(self) -> str:
        return "staff" if self.is_staff else "candidate"


# --- storage ---------------------------------------------------------------------


def max_bytes() -> int:
    return int(current_app.config["MAX_RESUME_MB"]) * 1024 * 1024


def media_root() -> Path:
    return Path(current_app.config["MEDIA_ROOT"]).resolve()


def absolute_path(upload: ResumeUpload) -> Path:
    """The stored file, refusing any path that would leave the media folder."""
    root = media_root()
    path = (root / upload.path).resolve()
    if root not in path.parents:
        raise NotFound("The resume file is missing.")
    return path


def _display_name(filename: str | None) -> str:
    name = os.path.basename((filename or "").replace("\\", "/")).strip()
    return "".join(ch for ch in name if ch.isprintable())[:200] or "resume"


def store_upload(
    stream: IO[bytes], filename: str | None, *, candidate: Candidate, actor: Actor
) -> tuple[ResumeUpload, bool]:
    """Check the bytes, store the file and its row; returns ``(upload, created)``.

    The same file uploaded again for the same candidate while its draft is not
    yet confirmed returns the earlier upload, so a double submit makes one draft.
    """
    limit = max_bytes()
    folder = media_root() / RESUME_DIR / str(candidate.id)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"{uuid.uuid4().hex}.part"
    digest = hashlib.sha256()
    size = 0
    try:
        with open(partial, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ResumeError(
                        resume_errors.TOO_LARGE,
                        f"The file is larger than the {limit // (1024 * 1024)} MB accepted for a resume. "
                        "Upload your resume as a PDF or a Word (.docx) file.",
                    )
                digest.update(chunk)
                out.write(chunk)
        kind = sniff_document(partial, max_bytes=limit)
    except ResumeError as exc:
        partial.unlink(missing_ok=True)
        log.info("resume refused candidate_id=%s code=%s", candidate.id, exc.code)
        raise ResumeRejected(exc) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise

    sha = digest.hexdigest()
    earlier = _unconfirmed_duplicate(candidate.id, sha, actor)
    if earlier is not None:
        partial.unlink(missing_ok=True)
        return earlier, False

    final = partial.with_suffix(f".{kind}")
    partial.rename(final)
    upload = ResumeUpload(
        candidate_id=candidate.id,
        session_id=actor.session.id if actor.session else None,
        uploaded_by_id=actor.user_id,
        source=actor.source,
        filename=_display_name(filename),
        path=str(final.relative_to(media_root())),
        kind=kind,
        size_bytes=size,
        sha256=sha,
        status="queued",
    )
    db.session.add(upload)
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        final.unlink(missing_ok=True)
        raise
    log.info("resume stored upload_id=%s candidate_id=%s kind=%s bytes=%s", upload.id, candidate.id, kind, size)
    return upload, True


def _unconfirmed_duplicate(candidate_id: int, sha: str, actor: Actor) -> ResumeUpload | None:
    earlier = db.session.scalar(
        select(ResumeUpload)
        .where(
            ResumeUpload.candidate_id == candidate_id,
            ResumeUpload.sha256 == sha,
            ResumeUpload.source == actor.source,
            ResumeUpload.status != "failed",
        )
        .order_by(ResumeUpload.id.desc())
        .limit(1)
    )
    if earlier is None:
        return None
    confirmed = db.session.scalar(select(CandidateProfile.id).where(CandidateProfile.upload_id == earlier.id).limit(1))
    return None if confirmed else earlier


# --- parsing -----------------------------------------------------------------------


def start_parse(upload: ResumeUpload, *, created_by_id: int | None = None) -> tuple[TaskRecord, bool]:
    """Queue the parse (commit-then-enqueue); a parse already running is returned as is."""
    return records.start_task(
        names.PARSE_RESUME,
        kind=names.KIND_RESUME_PARSE,
        subject_type="resume",
        subject_id=upload.id,
        created_by_id=created_by_id,
    )


def parse_task(upload_id: int) -> TaskRecord | None:
    return records.latest_record(names.KIND_RESUME_PARSE, "resume", upload_id)


def parse_upload(upload_id: int, progress) -> dict[str, Any]:
    """The work of the ``profile`` task: file -> parsed fields -> first draft.

    Idempotent: a re-delivered task finds the upload parsed by this parser
    version and returns; a draft a person already edited is never replaced.
    """
    upload = db.session.get(ResumeUpload, upload_id)
    if upload is None:
        raise PermanentTaskError("The resume no longer exists.")
    if upload.status == "parsed" and upload.parser_version == PARSER_VERSION:
        return {"upload_id": upload_id, "skipped": "already parsed"}
    path = absolute_path(upload)
    limit = max_bytes()
    # Nothing is held open while the parser reads the file.
    db.session.commit()

    def report(step: str, fraction: float) -> None:
        index, label = PARSE_STEPS.get(step, (None, step))
        progress(label, 5 + 85 * fraction, index, PARSE_TOTAL if index else None)

    started = time.perf_counter()
    try:
        if not path.exists():
            raise PermanentTaskError("The resume file is missing; upload it again.")
        parsed = parse_resume(path, max_bytes=limit, max_pages=MAX_PAGES, progress=report)
    except ResumeError as exc:
        _mark_failed(upload_id, exc.code, exc.message)
        raise PermanentTaskError(exc.message) from exc
    except FileNotFoundError as exc:  # deleted (with the candidate's data) while being read
        raise PermanentTaskError("The resume file is missing; upload it again.") from exc
    except (MemoryError, RecursionError, ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        # A file the parser cannot cope with; a retry would fail the same way.
        message = "The file could not be read as a resume. Save it again as PDF or Word (.docx) and upload it."
        _mark_failed(upload_id, resume_errors.CORRUPT, message)
        raise PermanentTaskError(message) from exc
    elapsed_ms = int((time.perf_counter() - started) * 1000)

    progress("Saving the draft", 95, PARSE_TOTAL, PARSE_TOTAL)
    upload = db.session.get(ResumeUpload, upload_id)
    if upload is None:
        raise PermanentTaskError("The resume was deleted while it was read.")
    upload.parsed = parsed.to_dict()
    upload.parser_version = parsed.parser_version
    upload.pages = parsed.pages
    upload.parse_ms = elapsed_ms
    upload.status = "parsed"
    upload.error_code = upload.error_message = None
    upload.parsed_at = utcnow()
    if upload.draft is None:
        upload.draft = drafts.draft_from_parsed(parsed)
    db.session.commit()
    log.info("resume parsed upload_id=%s pages=%s ms=%s", upload_id, parsed.pages, elapsed_ms)
    return {"upload_id": upload_id, "pages": parsed.pages, "parse_ms": elapsed_ms}


def _mark_failed(upload_id: int, code: str, message: str) -> None:
    """Keep the reason, drop the file: nothing is taken from a file that cannot be read."""
    db.session.rollback()
    upload = db.session.get(ResumeUpload, upload_id)
    if upload is not None:
        upload.status = "failed"
        upload.error_code = code
        upload.error_message = message[:500]
        db.session.commit()
        absolute_path(upload).unlink(missing_ok=True)


# --- access ----------------------------------------------------------------------


def get_upload(upload_id: int, actor: Actor) -> ResumeUpload:
    """An upload the actor may see: staff any; a candidate only their own uploads."""
    upload = db.session.get(ResumeUpload, upload_id)
    if upload is None or not can_see(actor, upload):
        raise NotFound("No resume with this id.")
    return upload


def can_see(actor: Actor, upload: ResumeUpload) -> bool:
    if actor.is_staff:
        return True
    return upload.candidate_id == actor.session.candidate_id and upload.source == "candidate"


def uploads_of(candidate_id: int, actor: Actor | None = None) -> list[ResumeUpload]:
    query = select(ResumeUpload).where(ResumeUpload.candidate_id == candidate_id)
    if actor is not None and not actor.is_staff:
        query = query.where(ResumeUpload.source == "candidate")
    return list(db.session.scalars(query.order_by(ResumeUpload.id.desc())))


# --- drafts and profiles -----------------------------------------------------------


def save_draft(upload: ResumeUpload, draft: dict[str, Any]) -> None:
    if upload.draft is None:
        raise ServiceError("The resume has not been read yet, so there is no draft to save.", status=409)
    upload.draft = draft
    upload.draft_saved_at = utcnow()
    db.session.commit()


def profiles_of(candidate_id: int) -> list[CandidateProfile]:
    return list(
        db.session.scalars(
            select(CandidateProfile)
            .where(CandidateProfile.candidate_id == candidate_id)
            .order_by(CandidateProfile.version.desc())
        )
    )


def latest_profile(candidate_id: int) -> CandidateProfile | None:
    return db.session.scalar(
        select(CandidateProfile)
        .where(CandidateProfile.candidate_id == candidate_id)
        .order_by(CandidateProfile.version.desc())
        .limit(1)
    )


def get_profile(profile_id: int) -> CandidateProfile:
    profile = db.session.get(CandidateProfile, profile_id)
    if profile is None:
        raise NotFound("No profile with this id.")
    return profile


def confirm(upload: ResumeUpload, actor: Actor) -> tuple[CandidateProfile, bool]:
    """Append the draft as the candidate's next profile version; ``created`` is False when
    the draft is what the latest version already says (a second click makes no copy)."""
    if upload.draft is None:
        raise ServiceError("The resume has not been read yet, so there is nothing to confirm.", status=409)
    if not drafts.value(upload.draft.get("name")):
        raise ServiceError("Add the name before confirming the profile.")
    for _attempt in range(3):
        latest = latest_profile(upload.candidate_id)
        if latest is not None and drafts.profile_equal(latest.data, upload.draft):
            return latest, False
        profile = CandidateProfile(
            candidate_id=upload.candidate_id,
            version=(latest.version if latest else 0) + 1,
            upload_id=upload.id,
            data=upload.draft,
            parser_version=upload.parser_version,
            confirmed_by=actor.source,
            confirmed_by_id=actor.user_id,
        )
        db.session.add(profile)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()  # another confirm took this version number; look again
            continue
        log.info(
            "profile confirmed candidate_id=%s version=%s upload_id=%s by=%s",
            upload.candidate_id,
            profile.version,
            upload.id,
            actor.source,
        )
        return profile, True
    raise ServiceError("The profile is being confirmed elsewhere at the same time; try again.", status=409)


# --- skill match -----------------------------------------------------------------


def skill_match_for_session(session: InterviewSession) -> dict[str, Any] | None:
    """The position's required skills against the candidate's latest confirmed profile.

    None when the candidate has no confirmed profile. Otherwise a JSON-ready dict::

        {
          "profile_id": 7, "profile_version": 2, "confirmed_at": "2026-...+00:00",
          "confirmed_by": "candidate" | "staff", "parser_version": "resume-1",
          "position_id": 3,
          "score": 0.8571 | None,       # weighted 0-1 over required skills; None when none required
          "required": 4,                # number of distinct required skills
          "matched": [Hit, ...],        # in the position's order
          "missing": [Hit, ...],
        }

    where a Hit is ``{"skill", "weight", "credit", "via", "evidence"}``: ``credit``
    is 1.0 for a skill the profile lists ("via": "skills") or mentions in its text
    ("text"), 0.5 for one implied by a related skill ("via": "implied by Django"),
    0.0 when missing; ``evidence`` is ``{"text", "line", "page"}`` (the confirmed
    text and the resume line it came from) or None (missing, or added by a person).
    The skill-match competency and the learning path read ``score`` and ``missing``.
    """
    profile = latest_profile(session.candidate_id)
    if profile is None:
        return None
    required = [(skill.name, float(skill.weight)) for skill in session.position.skills]
    match = match_skills(drafts.as_parsed(profile.data), required)
    return {
        "profile_id": profile.id,
        "profile_version": profile.version,
        "confirmed_at": profile.created_at.isoformat(),
        "confirmed_by": profile.confirmed_by,
        "parser_version": profile.parser_version,
        "position_id": session.position_id,
        "score": match.score,
        "required": len(match.matched) + len(match.missing),
        "matched": [hit.to_dict() for hit in match.matched],
        "missing": [hit.to_dict() for hit in match.missing],
    }
