from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

QUESTION_KINDS = ("technical", "behavioural")
ANSWER_MODES = ("text", "audio", "video")
SESSION_STATES = ("invited", "in_progress", "completed", "withdrawn")
LANGUAGES = ("en", "zh")


class Position(db.Model):
    __tablename__ = "positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    template_key: Mapped[str | None] = mapped_column(String(80))
    # competency key -> weight; empty means the default weights.
    competency_weights: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    practice_mode: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    skills: Mapped[list[PositionSkill]] = relationship(
        back_populates="position", cascade="all, delete-orphan", order_by="PositionSkill.id"
    )
    questions: Mapped[list[Question]] = relationship(
        back_populates="position",
        cascade="all, delete-orphan",
        order_by="(Question.sort_order, Question.id)",
    )
    sessions: Mapped[list[InterviewSession]] = relationship(back_populates="position")

    @property
    def active_questions(self) -> list[Question]:
        return [q for q in self.questions if q.archived_at is None]

    def __repr__(self) -> str:
        return f"<Position {self.id} {self.title!r}>"


class PositionSkill(db.Model):
    __tablename__ = "position_skills"
    __table_args__ = (UniqueConstraint("position_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    weight: Mapped[float] = mapped_column(default=1.0)

    position: Mapped[Position] = relationship(back_populates="skills")


class Question(db.Model):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"), index=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(16), default="technical")
    text: Mapped[str] = mapped_column(Text)
    text_zh: Mapped[str | None] = mapped_column(Text)
    expected_points: Mapped[list[str]] = mapped_column(JSON, default=list)
    expected_points_zh: Mapped[list[str]] = mapped_column(JSON, default=list)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    max_duration_s: Mapped[int] = mapped_column(default=180)
    bank_key: Mapped[str | None] = mapped_column(String(80))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    position: Mapped[Position] = relationship(back_populates="questions")

    @property
    def analysis_key(self) -> str:
        """The key analyses and scores cite this question by."""
        return self.bank_key or f"q{self.id}"

    def text_for(self, language: str) -> str:
        return (self.text_zh or self.text) if language == "zh" else self.text

    def points_for(self, language: str) -> list[str]:
        return list(self.expected_points_zh or self.expected_points) if language == "zh" else list(
            self.expected_points
        )


class Candidate(db.Model):
    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sessions: Mapped[list[InterviewSession]] = relationship(
        back_populates="candidate", order_by="InterviewSession.created_at"
    )


class InterviewSession(db.Model):
    __tablename__ = "interview_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    language: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[str] = mapped_column(String(16), default="invited", index=True)
    # Question ids fixed at invitation, so later edits to the position do not move the ground.
    question_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_version: Mapped[str | None] = mapped_column(String(16))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    position: Mapped[Position] = relationship(back_populates="sessions")
    candidate: Mapped[Candidate] = relationship(back_populates="sessions")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="Answer.id"
    )

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at


class Answer(db.Model):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("session_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    mode: Mapped[str] = mapped_column(String(8), default="text")
    text: Mapped[str | None] = mapped_column(Text)
    media_path: Mapped[str | None] = mapped_column(String(500))
    media_mime: Mapped[str | None] = mapped_column(String(100))
    media_bytes: Mapped[int | None] = mapped_column()
    duration_s: Mapped[float | None] = mapped_column()
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the recording was deleted (retention period or request); the analysis stays.
    media_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[InterviewSession] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
