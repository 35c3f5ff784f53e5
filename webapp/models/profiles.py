"""Resumes as uploaded, and the candidate profiles people confirmed from them.

An upload keeps the parser's output untouched (``parsed``) next to the draft a
person corrects (``draft``). Confirming a draft appends a new
``CandidateProfile`` version; versions are never changed afterwards, so a
report can always name the profile it was built from.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

UPLOAD_STATES = ("queued", "parsed", "failed")
UPLOAD_SOURCES = ("candidate", "staff")


class ResumeUpload(db.Model):
    __tablename__ = "resume_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    # The interview whose link the candidate used, when the candidate uploaded it.
    session_id: Mapped[int | None] = mapped_column(ForeignKey("interview_sessions.id", ondelete="SET NULL"))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(16), default="candidate")
    filename: Mapped[str] = mapped_column(String(255))  # as the uploader named it, for display only
    path: Mapped[str] = mapped_column(String(500))  # relative to MEDIA_ROOT
    kind: Mapped[str] = mapped_column(String(8))  # pdf | docx, from the bytes
    size_bytes: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    error_code: Mapped[str | None] = mapped_column(String(32))
    error_message: Mapped[str | None] = mapped_column(String(500))
    parser_version: Mapped[str | None] = mapped_column(String(32))
    pages: Mapped[int | None] = mapped_column()
    parse_ms: Mapped[int | None] = mapped_column()
    # ParsedResume.to_dict() as the parser produced it; never edited.
    parsed: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The profile a person is correcting (same shape as a confirmed profile's data).
    draft: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    draft_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    parsed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    candidate: Mapped[Candidate] = relationship()  # noqa: F821
    uploaded_by: Mapped[User | None] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<ResumeUpload {self.id} candidate={self.candidate_id} {self.status}>"


class CandidateProfile(db.Model):
    """One confirmed version of a candidate's profile; immutable once written."""

    __tablename__ = "candidate_profiles"
    __table_args__ = (UniqueConstraint("candidate_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column()
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("resume_uploads.id", ondelete="SET NULL"), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    parser_version: Mapped[str | None] = mapped_column(String(32))
    confirmed_by: Mapped[str] = mapped_column(String(16))  # candidate | staff
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    confirmed_by_user: Mapped[User | None] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<CandidateProfile candidate={self.candidate_id} v{self.version}>"


@event.listens_for(CandidateProfile, "before_update")
def _profiles_are_immutable(_mapper, _connection, target: CandidateProfile) -> None:
    raise ValueError(f"profile version {target.version} of candidate {target.candidate_id} cannot be changed")
