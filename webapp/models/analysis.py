from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

ANALYSIS_STATUSES = ("ok", "no_speech", "empty", "failed")


class AnswerAnalysis(db.Model):
    """One analysis of one answer by one pipeline version; re-runs update it in place."""

    __tablename__ = "answer_analyses"
    __table_args__ = (UniqueConstraint("answer_id", "pipeline_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    pipeline_version: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="ok")
    message: Mapped[str | None] = mapped_column(String(500))
    content: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    speech: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    video: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    scores: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    elapsed_ms: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    answer: Mapped[Answer] = relationship()  # noqa: F821


class SessionAnalysis(db.Model):
    """The interview-level aggregation of the answer analyses."""

    __tablename__ = "session_analyses"
    __table_args__ = (UniqueConstraint("session_id", "pipeline_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="CASCADE"), index=True
    )
    pipeline_version: Mapped[str] = mapped_column(String(32))
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Report(db.Model):
    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("session_id", "scoring_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="CASCADE"), index=True
    )
    scoring_version: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    session: Mapped[InterviewSession] = relationship()  # noqa: F821
