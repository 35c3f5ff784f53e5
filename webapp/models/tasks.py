from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

TASK_STATES = ("queued", "running", "retrying", "succeeded", "failed", "cancelled", "stalled")
LIVE_STATES = frozenset({"queued", "running", "retrying", "stalled"})
FINAL_STATES = frozenset({"succeeded", "failed", "cancelled"})


def new_id() -> str:
    return uuid.uuid4().hex


class TaskRecord(db.Model):
    """Our durable record of one piece of background work: the source of truth.

    ``live_key`` is set while the task is live and cleared when it ends; its
    unique constraint makes "one running analysis per session" hold even when
    two requests race.
    """

    __tablename__ = "task_records"
    __table_args__ = (
        Index("ix_task_records_subject", "subject_type", "subject_id", "kind"),
        Index("ix_task_records_finished_at", "finished_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    celery_task_id: Mapped[str] = mapped_column(String(64), unique=True, default=lambda: str(uuid.uuid4()))
    task_name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(40), index=True)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column()
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("task_records.id", ondelete="SET NULL"), index=True)
    live_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    progress: Mapped[int] = mapped_column(default=0)
    step: Mapped[str] = mapped_column(String(200), default="")
    # Named checkpoint for tasks that run in stages (e.g. "aggregating").
    stage: Mapped[str | None] = mapped_column(String(40))
    step_index: Mapped[int | None] = mapped_column()
    step_total: Mapped[int | None] = mapped_column()
    deliveries: Mapped[int] = mapped_column(default=0)
    # Deliveries that ended with their process or worker gone (killed, out of
    # memory, no heartbeat): TASK_MAX_DELIVERIES of them and the record fails.
    crashes: Mapped[int] = mapped_column(default=0, server_default="0")
    # The Celery id of the delivery running the record now (a stage of the work
    # can run under its own id); a second copy of that delivery is skipped.
    delivery_id: Mapped[str | None] = mapped_column(String(64))
    retries: Mapped[int] = mapped_column(default=0)
    next_retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(String(500))
    error_ref: Mapped[str | None] = mapped_column(String(16))
    traceback: Mapped[str | None] = mapped_column(Text)
    args: Mapped[list[Any]] = mapped_column(JSON, default=list)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    worker: Mapped[str | None] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the message last reached the broker: NULL on a queued record means the
    # web process stopped between commit and send, and the periodic check sends it.
    enqueued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    children: Mapped[list[TaskRecord]] = relationship(back_populates="parent")
    parent: Mapped[TaskRecord | None] = relationship(back_populates="children", remote_side=[id])

    @property
    def is_live(self) -> bool:
        return self.state in LIVE_STATES

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    def __repr__(self) -> str:
        return f"<TaskRecord {self.id} {self.kind} {self.state} {self.progress}%>"
