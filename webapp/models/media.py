from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

UPLOAD_STATES = ("receiving", "completed", "rejected")


class MediaUpload(db.Model):
    """A recording arriving in chunks, before it becomes an Answer.

    The bytes live in a partial file under MEDIA_ROOT; ``received_bytes`` is how
    much of it is known good, so an interrupted upload resumes from there and a
    resent chunk is recognised. The id is unguessable and only ever looked up
    together with the session of the invite link that started it.
    """

    __tablename__ = "media_uploads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("interview_sessions.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    # What the browser said it recorded; informational only, the content decides.
    declared_mime: Mapped[str] = mapped_column(String(100), default="")
    expected_bytes: Mapped[int | None] = mapped_column()
    received_bytes: Mapped[int] = mapped_column(default=0)
    chunks: Mapped[int] = mapped_column(default=0)
    state: Mapped[str] = mapped_column(String(16), default="receiving", index=True)
    error: Mapped[str | None] = mapped_column(String(500))
    # Relative to MEDIA_ROOT, set just before the file is moved into place.
    final_path: Mapped[str | None] = mapped_column(String(500))
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    answer: Mapped[Answer | None] = relationship()  # noqa: F821
