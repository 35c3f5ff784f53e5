"""The periodic check (Celery beat, every TASK_CHECK_SECONDS) of work nobody is doing.

It finds, in our table:

* running records whose heartbeat is older than TASK_STALL_SECONDS: the
  worker died or hangs. Each such silence counts as a crash; the record is
  marked ``stalled`` and its message sent again, or it fails once it has
  crashed TASK_MAX_DELIVERIES times. A parent that waits for live children
  is left alone (the children are checked themselves); a parent whose
  children all ended but which never aggregated is re-run like any other.
* stalled records that nobody took within the threshold: sent again.
* retrying records whose retry time passed long ago (the worker holding the
  countdown message died): sent again.
* queued records whose message never reached the broker (the web process
  stopped between commit and send), or reached it longer ago than the
  visibility timeout (Redis lost it): sent again.

Every change is a conditional UPDATE, so two checks running at once do not
act twice. A message sent twice is harmless: a delivery of a finished record,
or a second copy of a live one, is skipped when it starts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import TaskRecord
from ..models.base import utcnow
from ..models.tasks import LIVE_STATES
from . import task_records as records
from .task_lifecycle import crash_message

log = logging.getLogger(__name__)

# A queued record with no message yet gets this long for its web request to send it.
SEND_GRACE_SECONDS = 30


@dataclass
class CheckReport:
    stalled: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    resent: list[str] = field(default_factory=list)
    send_errors: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "stalled": self.stalled,
            "failed": self.failed,
            "resent": self.resent,
            "send_errors": self.send_errors,
        }


def check_tasks(
    *,
    stall_seconds: float,
    max_crashes: int,
    visibility_timeout: float,
    now: datetime | None = None,
) -> CheckReport:
    now = now or utcnow()
    report = CheckReport()
    silent_since = now - timedelta(seconds=stall_seconds)
    child = aliased(TaskRecord)
    has_live_children = exists().where(child.parent_id == TaskRecord.id, child.state.in_(tuple(LIVE_STATES)))
    silent = or_(TaskRecord.heartbeat_at.is_(None), TaskRecord.heartbeat_at < silent_since)

    running = db.session.scalars(
        select(TaskRecord.id).where(TaskRecord.state == "running", silent, ~has_live_children)
    ).all()
    stalled = db.session.scalars(select(TaskRecord.id).where(TaskRecord.state == "stalled", silent)).all()
    retrying = db.session.scalars(
        select(TaskRecord.id).where(TaskRecord.state == "retrying", TaskRecord.next_retry_at < silent_since)
    ).all()
    queued = db.session.scalars(
        select(TaskRecord.id).where(
            TaskRecord.state == "queued",
            or_(
                (TaskRecord.enqueued_at.is_(None))
                & (TaskRecord.queued_at < now - timedelta(seconds=SEND_GRACE_SECONDS)),
                TaskRecord.enqueued_at < now - timedelta(seconds=visibility_timeout),
            ),
        )
    ).all()
    db.session.rollback()

    silence = int(stall_seconds)
    for record_id in running:
        crashes = _mark_stalled(record_id, silent_since, now, silence)
        if crashes is None:
            continue
        if crashes >= max_crashes:
            records.fail(record_id, crash_message(crashes))
            report.failed.append(record_id)
            continue
        report.stalled.append(record_id)
        _resend(record_id, report)
    for record_id in stalled:
        if _touch(record_id, "stalled", silent, now):
            _resend(record_id, report)
    for record_id in retrying:
        if _touch(record_id, "retrying", TaskRecord.next_retry_at < silent_since, now, stalled_step=True):
            _resend(record_id, report)
    for record_id in queued:
        _resend(record_id, report)
    if report.stalled or report.failed or report.resent:
        log.warning("task check %s", report.to_dict())
    return report


def _mark_stalled(record_id: str, silent_since: datetime, now: datetime, silence: int) -> int | None:
    """Claim a silent running record as stalled (one crash more); returns its crash count."""
    with db.engine.begin() as conn:
        claimed = conn.execute(
            update(TaskRecord)
            .where(
                TaskRecord.id == record_id,
                TaskRecord.state == "running",
                or_(TaskRecord.heartbeat_at.is_(None), TaskRecord.heartbeat_at < silent_since),
            )
            .values(
                state="stalled",
                crashes=TaskRecord.crashes + 1,
                heartbeat_at=now,
                step=f"No sign of life for {silence} s; sent to a worker again",
            )
        ).rowcount
        if not claimed:
            return None
        return conn.scalar(select(TaskRecord.crashes).where(TaskRecord.id == record_id))


def _touch(record_id: str, state: str, condition, now: datetime, *, stalled_step: bool = False) -> bool:
    values: dict[str, object] = {"heartbeat_at": now}
    if stalled_step:
        values.update(state="stalled", step="The retry did not arrive; sent to a worker again")
    with db.engine.begin() as conn:
        return bool(
            conn.execute(
                update(TaskRecord).where(TaskRecord.id == record_id, TaskRecord.state == state, condition).values(**values)
            ).rowcount
        )


def _resend(record_id: str, report: CheckReport) -> None:
    record = db.session.get(TaskRecord, record_id)
    if record is None:
        return
    task_name, args, celery_id = record.task_name, list(record.args or []), record.celery_task_id
    db.session.rollback()
    try:
        records.send(task_name, args, task_id=celery_id)
    except records.BROKER_ERRORS as exc:
        log.warning("task resend failed task_id=%s error=%r", record_id, exc)
        report.send_errors += 1
        return
    records.mark_enqueued(record_id)
    report.resent.append(record_id)
