"""Our durable records of background work, and the only way work is started.

Every task follows commit-then-enqueue: the record is committed first, then
the message is sent with the record's pre-assigned Celery id, so a worker can
never start before its row exists. If the broker is down the record is marked
failed at once: no row is left ``queued`` without a message behind it.
"""

from __future__ import annotations

import functools
import logging
import secrets
import traceback as tb
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from kombu.exceptions import OperationalError as KombuOperationalError
from sqlalchemy import bindparam, or_, select, update
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


def _id_column(any_id: str):
    """The column an id belongs to: ours are 32 hex digits, Celery's are UUIDs with dashes.

    One indexed equality instead of an OR over both columns, which SQLite answers
    about twice as slowly; the status routes are polled.
    """
    if not any_id or len(any_id) > 64:
        return None
    return TaskRecord.__table__.c.id if len(any_id) == 32 and "-" not in any_id else TaskRecord.__table__.c.celery_task_id


def find_record(any_id: str) -> TaskRecord | None:
    """A record by our local id or by its Celery id."""
    column = _id_column(any_id)
    if column is None:
        return None
    return db.session.scalar(select(TaskRecord).where(column == any_id))


# What the status routes read: every column but the large ones (traceback, args, result).
_STATUS_COLUMNS = tuple(c for c in TaskRecord.__table__.c if c.name not in ("traceback", "args", "result"))


def status_snapshot(any_id: str):
    """A read-only row of the record for the polled status routes, without ORM loading.

    It has the record's column attributes (``state``, ``progress``, ``step``...),
    which is all ``task_status.describe`` needs.
    """
    column = _id_column(any_id)
    row = None
    if column is not None:
        row = db.session.execute(select(*_STATUS_COLUMNS).where(column == any_id)).first()
    if row is None:
        raise NotFound("No task with this id.")
    return row


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
    # No look-up first: the unique live_key refuses a second live record, and the
    # rare duplicate (a double click) costs a rollback instead of every start a query.
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
    # What the message needs, read before the commit expires the object (reading
    # it afterwards would cost a SELECT per start).
    message = (record.id, record.task_name, record.args, record.celery_task_id, record.kind)
    db.session.add(record)
    try:
        db.session.commit()
    except IntegrityError:
        # The same work is already live (or an identical request won the race): return it.
        db.session.rollback()
        winner = live_record(kind, subject_type, subject_id)
        if winner is None:
            raise
        return winner, False

    _enqueue(*message)
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


def _enqueue(record_id: str, task_name: str, args: list[Any], celery_task_id: str, kind: str) -> None:
    """Send a committed record's message; on a broker failure fail the record and raise."""
    try:
        send(task_name, args, task_id=celery_task_id)
    except BROKER_ERRORS as exc:
        log.warning("enqueue failed task_id=%s kind=%s error=%r", record_id, kind, exc)
        _finish(record_id, "failed", error=QUEUE_DOWN_MESSAGE, error_ref=new_error_ref())
        raise QueueUnavailable(QUEUE_DOWN_MESSAGE) from exc
    mark_enqueued(record_id)
    log.info("enqueued task_id=%s celery_task_id=%s kind=%s subject_id=%s", record_id, celery_task_id, kind, args[0])


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
    stmt = _finish_statement(only_live, tuple(sorted(values)))
    params = {"b_id": record_id, "b_state": state, "b_now": now, **{f"b_{k}": v for k, v in values.items()}}
    with db.engine.begin() as conn:
        result = conn.execute(stmt, params)
    return result.rowcount == 1


@functools.cache
def _finish_statement(only_live: bool, columns: tuple[str, ...]):
    """The UPDATE that ends a record, built once per set of columns: every task ends with one."""
    table = TaskRecord.__table__

    def bind(name: str):
        return bindparam(f"b_{name}", type_=table.c[name].type)

    stmt = update(TaskRecord).where(TaskRecord.id == bindparam("b_id"))
    if only_live:
        stmt = stmt.where(TaskRecord.state.in_(tuple(LIVE_STATES)))
    else:
        stmt = stmt.where(TaskRecord.state.not_in(tuple(FINAL_STATES)))
    return stmt.values(
        state=bindparam("b_state"),
        finished_at=bindparam("b_now", type_=table.c.finished_at.type),
        heartbeat_at=bindparam("b_now", type_=table.c.heartbeat_at.type),
        live_key=None,
        next_retry_at=None,
        **{name: bind(name) for name in columns},
    )


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
