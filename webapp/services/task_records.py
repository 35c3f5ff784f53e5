"""Our durable records of background work, and the only way work is started.

Every task follows commit-then-enqueue: the record is committed first, then
the message is sent with the record's pre-assigned Celery id, so a worker can
never start before its row exists. If the broker is down the record is marked
failed at once: no row is left ``queued`` without a message behind it.
"""

from __future__ import annotations

import logging
import secrets
import traceback as tb
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from kombu.exceptions import OperationalError as KombuOperationalError
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import TaskRecord
from ..models.base import utcnow
from ..models.tasks import FINAL_STATES, LIVE_STATES, new_id
from ..tasks import broker
from .errors import NotFound, QueueUnavailable

log = logging.getLogger(__name__)

BROKER_ERRORS: tuple[type[BaseException], ...] = (KombuOperationalError, ConnectionError, OSError, TimeoutError)
try:  # redis-py's errors do not all derive from the builtin ConnectionError
    import redis.exceptions as _redis_exc

    BROKER_ERRORS += (_redis_exc.ConnectionError, _redis_exc.TimeoutError)
except ImportError:  # pragma: no cover
    pass

QUEUE_DOWN_MESSAGE = (
    "The task queue (Redis) cannot be reached, so nothing was started. "
    "Everything already saved is safe; try again in a minute."
)


def live_key(kind: str, subject_type: str, subject_id: int) -> str:
    return f"{kind}:{subject_type}:{subject_id}"


def new_error_ref() -> str:
    return secrets.token_hex(4).upper()


def find_record(any_id: str) -> TaskRecord | None:
    """A record by our local id or by its Celery id."""
    if not any_id or len(any_id) > 64:
        return None
    return db.session.scalar(
        select(TaskRecord).where(or_(TaskRecord.id == any_id, TaskRecord.celery_task_id == any_id))
    )


def get_record(any_id: str) -> TaskRecord:
    record = find_record(any_id)
    if record is None:
        raise NotFound("No task with this id.")
    return record


def live_record(kind: str, subject_type: str, subject_id: int) -> TaskRecord | None:
    return db.session.scalar(
        select(TaskRecord).where(TaskRecord.live_key == live_key(kind, subject_type, subject_id))
    )


def latest_record(kind: str, subject_type: str, subject_id: int) -> TaskRecord | None:
    return db.session.scalar(
        select(TaskRecord)
        .where(
            TaskRecord.kind == kind,
            TaskRecord.subject_type == subject_type,
            TaskRecord.subject_id == subject_id,
        )
        .order_by(TaskRecord.queued_at.desc(), TaskRecord.id.desc())
        .limit(1)
    )


def start_task(
    task_name: str,
    *,
    kind: str,
    subject_type: str,
    subject_id: int,
    extra_args: Iterable[Any] = (),
    created_by_id: int | None = None,
    parent_id: str | None = None,
) -> tuple[TaskRecord, bool]:
    """Record, commit, then enqueue ``task_name(subject_id, record_id, *extra_args)``.

    Returns ``(record, created)``; when the same work is already live the
    running record is returned with ``created=False``.
    """
    existing = live_record(kind, subject_type, subject_id)
    if existing is not None:
        return existing, False

    record = TaskRecord(
        id=new_id(),
        celery_task_id=str(uuid.uuid4()),
        task_name=task_name,
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        parent_id=parent_id,
        live_key=live_key(kind, subject_type, subject_id),
        state="queued",
        step="Waiting for a worker",
        created_by_id=created_by_id,
    )
    record.args = [subject_id, record.id, *extra_args]
    db.session.add(record)
    try:
        db.session.commit()
    except IntegrityError:
        # Lost a race with an identical request: return the winner.
        db.session.rollback()
        winner = live_record(kind, subject_type, subject_id)
        if winner is None:
            raise
        return winner, False

    enqueue(record)
    return record, True


def send(task_name: str, args: list[Any], *, task_id: str | None = None, countdown: float | None = None) -> None:
    """Publish one message without retrying, so a broker outage surfaces at once.

    A quick probe comes first (never a cached answer: Redis may just be
    back): when Redis is down the send fails in milliseconds instead of
    waiting for kombu's connection timeout.
    """
    if not broker.redis_available(fresh=True):
        raise KombuOperationalError("Redis cannot be reached")
    try:
        current_app.extensions["celery"].send_task(
            task_name, args=args, task_id=task_id, countdown=countdown, retry=False
        )
    except BROKER_ERRORS:
        broker.forget_probe()
        raise


def enqueue(record: TaskRecord, countdown: float | None = None) -> None:
    """Send the record's message; on a broker failure fail the record and raise."""
    try:
        send(
            record.task_name,
            record.args,
            task_id=record.celery_task_id,
            countdown=countdown,
        )
    except BROKER_ERRORS as exc:
        log.warning("enqueue failed task_id=%s kind=%s error=%r", record.id, record.kind, exc)
        _finish(record.id, "failed", error=QUEUE_DOWN_MESSAGE, error_ref=new_error_ref())
        db.session.expire(record)
        raise QueueUnavailable(QUEUE_DOWN_MESSAGE) from exc
    mark_enqueued(record.id)
    log.info(
        "enqueued task_id=%s celery_task_id=%s kind=%s subject=%s:%s",
        record.id,
        record.celery_task_id,
        record.kind,
        record.subject_type,
        record.subject_id,
    )


def mark_enqueued(record_id: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(update(TaskRecord).where(TaskRecord.id == record_id).values(enqueued_at=utcnow()))


def succeed(record_id: str, result: dict[str, Any] | None = None, step: str = "Done") -> None:
    _finish(record_id, "succeeded", result=result, step=step, progress=100)


def fail(record_id: str, message: str, *, exc: BaseException | None = None) -> str:
    ref = new_error_ref()
    trace = "".join(tb.format_exception(exc)) if exc is not None else None
    _finish(record_id, "failed", error=message[:500], error_ref=ref, traceback=trace)
    log.error("task failed task_id=%s error_ref=%s message=%s", record_id, ref, message)
    return ref


def cancel(record_id: str) -> list[str]:
    """Cancel a live record and its live children; returns the Celery ids to revoke.

    Being in our table, the cancellation holds across worker restarts: every
    delivery checks the record when it starts, and a running task stops at
    its next step or heartbeat.
    """
    ids: list[str] = []
    children = db.session.scalars(
        select(TaskRecord.id).where(TaskRecord.parent_id == record_id, TaskRecord.state.in_(tuple(LIVE_STATES)))
    ).all()
    for target in [record_id, *children]:
        row = db.session.execute(
            select(TaskRecord.celery_task_id, TaskRecord.delivery_id).where(TaskRecord.id == target)
        ).first()
        db.session.rollback()
        if row is not None and _finish(target, "cancelled", step="Cancelled", only_live=True):
            ids += sorted({i for i in (row.celery_task_id, row.delivery_id) if i})
            log.info("task cancelled task_id=%s", target)
    return ids


def _finish(
    record_id: str,
    state: str,
    *,
    only_live: bool = False,
    **values: Any,
) -> bool:
    now = utcnow()
    values.setdefault("step", {"failed": "Failed", "cancelled": "Cancelled"}.get(state, "Done"))
    stmt = update(TaskRecord).where(TaskRecord.id == record_id)
    if only_live:
        stmt = stmt.where(TaskRecord.state.in_(tuple(LIVE_STATES)))
    else:
        stmt = stmt.where(TaskRecord.state.not_in(tuple(FINAL_STATES)))
    with db.engine.begin() as conn:
        result = conn.execute(
            stmt.values(state=state, finished_at=now, heartbeat_at=now, live_key=None, next_retry_at=None, **values)
        )
    return result.rowcount == 1


def claim_stage(record_id: str, stage: str, *, step: str, percent: int) -> bool:
    """Move a running record into ``stage`` once; True only for the caller that did it.

    The step and progress move with it, so the bar never steps back while the
    next stage waits for a worker.
    """
    with db.engine.begin() as conn:
        result = conn.execute(
            update(TaskRecord)
            .where(
                TaskRecord.id == record_id,
                TaskRecord.state.in_(tuple(LIVE_STATES)),
                or_(TaskRecord.stage.is_(None), TaskRecord.stage != stage),
            )
            .values(stage=stage, step=step, progress=percent, heartbeat_at=utcnow())
        )
    return result.rowcount == 1


def is_abandoned(record_id: str) -> bool:
    """Nobody wants this work any more: its record was cancelled, ended by another
    delivery or the stall check, or deleted with its subject (a candidate's data
    deleted on request). A delivery that finds this must stop without writing."""
    with db.engine.connect() as conn:
        state = conn.scalar(select(TaskRecord.state).where(TaskRecord.id == record_id))
    return state is None or state in FINAL_STATES


def stale_before(seconds: int) -> datetime:
    return utcnow() - timedelta(seconds=seconds)


def release_stage(record_id: str, stage: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            update(TaskRecord).where(TaskRecord.id == record_id, TaskRecord.stage == stage).values(stage=None)
        )
