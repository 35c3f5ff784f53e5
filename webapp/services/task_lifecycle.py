"""The worker's side of a task record: claim a delivery, heartbeats, progress, crashes.

Called by ``run_recorded`` in the task process and by the worker's main
process (``webapp/tasks/worker.py``) when a task process dies. Every write is
one conditional UPDATE, so deliveries racing on any database agree on who runs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, bindparam, case, func, or_, select, update

from ..extensions import db
from ..models import TaskRecord
from ..models.base import utcnow
from ..models.tasks import FINAL_STATES, LIVE_STATES
from .task_records import fail

log = logging.getLogger(__name__)

TIME_LIMIT_MESSAGE = "The task took longer than its time limit and was stopped."


def _bind(name: str, column: str):
    """A named parameter typed like the column it is compared with or written to."""
    return bindparam(name, type_=TaskRecord.__table__.c[column].type)


# The claim, built once: constructing a statement this size costs more than
# running it, and every task runs it. Parameters: b_id, b_now, b_fresh_after,
# b_delivery, b_worker.
_STALE = or_(TaskRecord.heartbeat_at.is_(None), TaskRecord.heartbeat_at < _bind("b_fresh_after", "heartbeat_at"))
_CLAIM = (
    update(TaskRecord)
    .where(
        TaskRecord.id == bindparam("b_id"),
        TaskRecord.state.not_in(tuple(FINAL_STATES)),
        or_(
            TaskRecord.state != "running",
            _STALE,
            TaskRecord.delivery_id.is_(None),
            TaskRecord.delivery_id != bindparam("b_delivery"),
        ),
    )
    .values(
        state="running",
        deliveries=TaskRecord.deliveries + 1,
        crashes=TaskRecord.crashes + case((and_(TaskRecord.state == "running", _STALE), 1), else_=0),
        started_at=func.coalesce(TaskRecord.started_at, _bind("b_now", "started_at")),
        heartbeat_at=_bind("b_now", "heartbeat_at"),
        next_retry_at=None,
        worker=bindparam("b_worker"),
        delivery_id=bindparam("b_delivery"),
        step="Starting",
    )
    .returning(
        TaskRecord.state,
        TaskRecord.kind,
        TaskRecord.subject_id,
        TaskRecord.parent_id,
        TaskRecord.deliveries,
        TaskRecord.crashes,
    )
)
_READ_CLAIM = select(TaskRecord.state).where(TaskRecord.id == bindparam("b_id"))


@dataclass(frozen=True)
class Started:
    record_id: str
    kind: str
    subject_id: int
    parent_id: str | None
    deliveries: int
    delivery_id: str


def begin(
    record_id: str,
    *,
    celery_task_id: str,
    worker: str | None,
    max_crashes: int,
    stall_seconds: float,
) -> Started | None:
    """Claim a record for this delivery; ``None`` means the work must not run.

    One conditional UPDATE decides, so two deliveries racing on any database
    cannot both win. Not run: an unknown or finished (or cancelled) record, a
    second copy of the delivery that is running now with a fresh heartbeat,
    and a record that has crashed its worker ``max_crashes`` times. A record
    found ``running`` with a stale heartbeat was abandoned by a dead worker:
    that counts as a crash.
    """
    now = utcnow()
    params = {
        "b_id": record_id,
        "b_now": now,
        "b_fresh_after": now - timedelta(seconds=stall_seconds),
        "b_delivery": celery_task_id,
        "b_worker": (worker or "")[:200] or None,
    }
    with db.engine.begin() as conn:
        row = conn.execute(_CLAIM, params).first()
        claimed = row is not None
        if not claimed:
            row = conn.execute(_READ_CLAIM, params).first()
    if row is None:
        log.warning("task record missing task_id=%s celery_task_id=%s", record_id, celery_task_id)
        return None
    if not claimed:
        log.info("skip delivery task_id=%s celery_task_id=%s state=%s", record_id, celery_task_id, row.state)
        return None
    if row.crashes >= max_crashes:
        fail(record_id, crash_message(row.crashes))
        return None
    return Started(record_id, row.kind, row.subject_id, row.parent_id, row.deliveries, celery_task_id)


def crash_message(crashes: int) -> str:
    return (
        f"Stopped after {crashes} attempts: each time the worker running it stopped "
        "(killed, out of memory, or no sign of life). It will not be tried again by itself."
    )


def note_lost(delivery_id: str, *, max_crashes: int) -> str | None:
    """The worker's main process saw the process running this delivery die.

    Marks the record ``stalled`` so the message it puts back runs again, or
    fails it once it has crashed ``max_crashes`` times. Returns the new state.
    """
    with db.engine.begin() as conn:
        changed = conn.execute(
            update(TaskRecord)
            .where(TaskRecord.delivery_id == delivery_id, TaskRecord.state == "running")
            .values(
                state="stalled",
                crashes=TaskRecord.crashes + 1,
                step="The worker process stopped; running the task again",
            )
        ).rowcount
        row = conn.execute(
            select(TaskRecord.id, TaskRecord.crashes).where(TaskRecord.delivery_id == delivery_id)
        ).first()
    if not changed or row is None:
        return None
    log.warning("worker process lost task_id=%s crashes=%s", row.id, row.crashes)
    if row.crashes >= max_crashes:
        fail(row.id, crash_message(row.crashes))
        return "failed"
    return "stalled"


def note_time_limit(delivery_id: str) -> None:
    """The hard time limit killed the process before the task could record it."""
    record_id = db.session.scalar(
        select(TaskRecord.id).where(TaskRecord.delivery_id == delivery_id, TaskRecord.state == "running")
    )
    db.session.rollback()
    if record_id is not None:
        fail(record_id, TIME_LIMIT_MESSAGE)


def report_progress(
    record_id: str,
    *,
    step: str,
    percent: float,
    index: int | None = None,
    total: int | None = None,
    parent_id: str | None = None,
) -> bool:
    """Store progress and a heartbeat; returns False when the task was cancelled."""
    now = utcnow()
    values: dict[str, Any] = {
        "step": step[:200],
        "progress": max(0, min(100, int(round(percent)))),
        "heartbeat_at": now,
    }
    if index is not None:
        values["step_index"] = index
        values["step_total"] = total
    with db.engine.begin() as conn:
        result = conn.execute(
            update(TaskRecord)
            .where(TaskRecord.id == record_id, TaskRecord.state.in_(("running", "stalled")))
            .values(state="running", **values)
        )
        if parent_id:
            conn.execute(
                update(TaskRecord)
                .where(TaskRecord.id == parent_id, TaskRecord.state.in_(tuple(LIVE_STATES)))
                .values(heartbeat_at=now)
            )
    return result.rowcount == 1


def heartbeat(record_id: str, delivery_id: str, parent_id: str | None = None) -> str | None:
    """Prove this delivery is alive; returns the record's state (``cancelled`` stops the work)."""
    now = utcnow()
    with db.engine.begin() as conn:
        conn.execute(
            update(TaskRecord)
            .where(
                TaskRecord.id == record_id,
                TaskRecord.delivery_id == delivery_id,
                TaskRecord.state.in_(("running", "stalled")),
            )
            .values(state="running", heartbeat_at=now)
        )
        if parent_id:
            conn.execute(
                update(TaskRecord)
                .where(TaskRecord.id == parent_id, TaskRecord.state.in_(tuple(LIVE_STATES)))
                .values(heartbeat_at=now)
            )
        return conn.scalar(select(TaskRecord.state).where(TaskRecord.id == record_id))


def mark_retrying(record_id: str, message: str, countdown: float) -> None:
    now = utcnow()
    with db.engine.begin() as conn:
        conn.execute(
            update(TaskRecord)
            .where(TaskRecord.id == record_id)
            .values(
                state="retrying",
                retries=TaskRecord.retries + 1,
                next_retry_at=now + timedelta(seconds=countdown),
                error=message[:500],
                step=f"Waiting to retry: {message}"[:200],
                heartbeat_at=now,
            )
        )
