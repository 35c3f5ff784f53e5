"""HR's own reading of an interview, kept apart from the machine's scores."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class ReportReview(db.Model):
    """One staff member's rating and notes for one interview; never shown to the candidate."""

    __tablename__ = "report_reviews"
    __table_args__ = (UniqueConstraint("session_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("interview_sessions.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # competency key -> 0-100, only those the reviewer rated.
    ratings: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    overall: Mapped[int | None] = mapped_column()
    recommendation: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    reviewer: Mapped[User | None] = relationship()  # noqa: F821
