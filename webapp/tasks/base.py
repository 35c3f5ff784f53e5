"""The wrapper every recorded task runs through.

It ties a Celery delivery to our ``task_records`` row: skip work that is
finished, cancelled or already running elsewhere, cap deliveries of a task that
keeps killing its worker, prove the task is alive with a heartbeat (a thread,
so a single 60-second step does not look stalled), report progress by step,
retry transient errors with exponential backoff and jitter, and record a
readable failure otherwise.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any

from celery.exceptions import Ignore, Retry, SoftTimeLimitExceeded
from celery.utils.log import get_task_logger
from flask import Flask, current_app
from sqlalchemy.exc import OperationalError as DBOperationalError

from ..extensions import db
from ..models.tasks import FINAL_STATES
from ..services import task_lifecycle as lifecycle
from ..services import task_records as records
from ..services.errors import PermanentTaskError, QueueUnavailable, TransientError
from .settings import RETRY_BACKOFF_MAX, heartbeat_seconds

log = get_task_logger(__name__)

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    TransientError,
    QueueUnavailable,
    DBOperationalError,
    *records.BROKER_ERRORS,
)


class TaskCancelled(Exception):
    """Raised inside work when its record was cancelled, ended elsewhere or deleted between steps."""


class WAITING:
    """Returned by work that continues in other tasks; the record stays running."""


def backoff(retries: int, base: float = 2.0) -> float:
    """Exponential backoff with full jitter (half to all of the step), capped."""
    ceiling = min(RETRY_BACKOFF_MAX, base * (2**retries))
    return round(random.uniform(ceiling / 2, ceiling), 2)


class Heartbeat:
    """A daemon thread that marks the record alive while the task works.

    It also notices that the work is no longer wanted (the record cancelled,
    ended by another delivery or deleted), which the next progress call turns
    into ``TaskCancelled``. Errors (the database briefly away) are logged and the
    beat goes on: a missing beat only makes the record look stalled later.
    """

    def __init__(self, app: Flask, started: lifecycle.Started, interval: float):
        self.app = app
        self.started = started
        self.interval = interval
        self.abandoned = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{started.record_id[:8]}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        with self.app.app_context():
            while not self._stop.wait(self.interval):
                try:
                    state = lifecycle.heartbeat(
                        self.started.record_id, self.started.delivery_id, self.started.parent_id
                    )
                except Exception as exc:  # keep beating; the stall check is the safety net
                    log.warning("heartbeat failed task_id=%s error=%r", self.started.record_id, exc)
                    continue
                if state is None or state in FINAL_STATES:
                    self.abandoned = True
            db.session.remove()


class Progress:
    """What work calls to report a step; raises TaskCancelled once the record is abandoned."""

    def __init__(self, task: Any, record_id: str, parent_id: str | None, heartbeat: Heartbeat | None = None):
        self.task = task
        self.record_id = record_id
        self.parent_id = parent_id
        self.heartbeat = heartbeat

    def __call__(self, step: str, percent: float, index: int | None = None, total: int | None = None) -> None:
        if self.heartbeat is not None and self.heartbeat.abandoned:
            raise TaskCancelled(self.record_id)
        still_running = lifecycle.report_progress(
            self.record_id, step=step, percent=percent, index=index, total=total, parent_id=self.parent_id
        )
        if not still_running and records.is_abandoned(self.record_id):
            raise TaskCancelled(self.record_id)
        meta = {"progress": int(percent), "step": step, "step_index": index, "step_total": total}
        try:
            self.task.update_state(state="PROGRESS", meta=meta)
        except records.BROKER_ERRORS:  # the side channel is optional
            log.warning("could not publish progress task_id=%s", self.record_id)


def run_recorded(task: Any, record_id: str, work: Callable[[Progress, lifecycle.Started], Any]) -> Any:
    config = current_app.config
    started = lifecycle.begin(
        record_id,
        celery_task_id=task.request.id,
        worker=task.request.hostname,
        max_crashes=config["TASK_MAX_DELIVERIES"],
        stall_seconds=config["TASK_STALL_SECONDS"],
    )
    if started is None:
        return {"skipped": True}
    log.info("task start task_id=%s kind=%s delivery=%s", record_id, started.kind, started.deliveries)
    app = current_app._get_current_object()
    try:
        with Heartbeat(app, started, heartbeat_seconds(config["TASK_STALL_SECONDS"])) as beat:
            outcome = work(Progress(task, record_id, started.parent_id, beat), started)
    except (Retry, Ignore):
        raise
    except TaskCancelled:
        db.session.rollback()
        log.info("task cancelled (its record was cancelled, ended elsewhere or deleted) task_id=%s", record_id)
        return {"cancelled": True}
    except PermanentTaskError as exc:
        db.session.rollback()
        records.fail(record_id, exc.message, exc=exc)
        raise
    except SoftTimeLimitExceeded as exc:
        db.session.rollback()
        records.fail(record_id, lifecycle.TIME_LIMIT_MESSAGE, exc=exc)
        raise
    except TRANSIENT_ERRORS as exc:
        db.session.rollback()
        retry_later(task, record_id, exc)
    except Exception as exc:
        db.session.rollback()
        records.fail(record_id, f"Unexpected error: {type(exc).__name__}", exc=exc)
        raise
    if outcome is WAITING:
        return {"waiting": True}
    records.succeed(record_id, outcome if isinstance(outcome, dict) else None)
    log.info("task done task_id=%s kind=%s", record_id, started.kind)
    return outcome


def retry_later(task: Any, record_id: str, exc: BaseException) -> None:
    """Retry with backoff while attempts remain, else fail with what went wrong (always raises)."""
    config = current_app.config
    max_retries = config["TASK_MAX_RETRIES"]
    retries = task.request.retries
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if retries < max_retries:
        countdown = backoff(retries, base=config["TASK_RETRY_BACKOFF_SECONDS"])
        message = f"temporary problem ({what[:200]}); attempt {retries + 2} of {max_retries + 1}"
        lifecycle.mark_retrying(record_id, message, countdown)
        log.warning("task retry task_id=%s in=%.1fs error=%r", record_id, countdown, exc)
        raise task.retry(exc=exc, countdown=countdown, max_retries=max_retries) from exc
    records.fail(record_id, f"Gave up after {retries + 1} attempts: {what}", exc=exc)
    raise exc
