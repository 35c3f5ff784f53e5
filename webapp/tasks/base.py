"""The wrapper every recorded task runs through.

It ties a Celery delivery to our ``task_records`` row: skip work that is
finished or cancelled, cap deliveries of a task that keeps killing its worker,
report progress by step with a heartbeat, retry transient errors with
exponential backoff and jitter, and record a readable failure otherwise.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from celery.exceptions import Ignore, Retry, SoftTimeLimitExceeded
from celery.utils.log import get_task_logger
from flask import current_app
from sqlalchemy.exc import OperationalError as DBOperationalError

from ..extensions import db
from ..services import task_records as records
from ..services.errors import PermanentTaskError, TransientError
from .settings import RETRY_BACKOFF_MAX

log = get_task_logger(__name__)

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (TransientError, DBOperationalError, *records.BROKER_ERRORS)
MAX_RETRIES = 5


class TaskCancelled(Exception):
    """Raised inside work when the record was cancelled between steps."""


class WAITING:
    """Returned by work that continues in other tasks; the record stays running."""


def backoff(retries: int, base: float = 2.0) -> float:
    """Exponential backoff with full jitter, capped well below the visibility timeout."""
    ceiling = min(RETRY_BACKOFF_MAX, base * (2**retries))
    return round(random.uniform(ceiling / 2, ceiling), 2)


class Progress:
    """What work calls to report a step; raises TaskCancelled once the record is cancelled."""

    def __init__(self, task: Any, record_id: str, parent_id: str | None):
        self.task = task
        self.record_id = record_id
        self.parent_id = parent_id

    def __call__(self, step: str, percent: float, index: int | None = None, total: int | None = None) -> None:
        still_running = records.report_progress(
            self.record_id, step=step, percent=percent, index=index, total=total, parent_id=self.parent_id
        )
        if not still_running and records.is_cancelled(self.record_id):
            raise TaskCancelled(self.record_id)
        meta = {"progress": int(percent), "step": step, "step_index": index, "step_total": total}
        try:
            self.task.update_state(state="PROGRESS", meta=meta)
        except records.BROKER_ERRORS:  # the side channel is optional
            log.warning("could not publish progress task_id=%s", self.record_id)


def run_recorded(task: Any, record_id: str, work: Callable[[Progress, records.Started], Any]) -> Any:
    started = records.begin(
        record_id,
        celery_task_id=task.request.id,
        worker=task.request.hostname,
        max_deliveries=current_app.config["TASK_MAX_DELIVERIES"],
    )
    if started is None:
        return {"skipped": True}
    log.info("task start task_id=%s kind=%s delivery=%s", record_id, started.kind, started.deliveries)
    progress = Progress(task, record_id, started.parent_id)
    try:
        outcome = work(progress, started)
    except (Retry, Ignore):
        raise
    except TaskCancelled:
        db.session.rollback()
        log.info("task cancelled task_id=%s", record_id)
        return {"cancelled": True}
    except PermanentTaskError as exc:
        db.session.rollback()
        records.fail(record_id, exc.message, exc=exc)
        raise
    except SoftTimeLimitExceeded as exc:
        db.session.rollback()
        records.fail(record_id, "The task took longer than its time limit and was stopped.", exc=exc)
        raise
    except TRANSIENT_ERRORS as exc:
        db.session.rollback()
        retries = task.request.retries
        if retries < MAX_RETRIES:
            countdown = backoff(retries)
            message = f"temporary problem ({type(exc).__name__}); attempt {retries + 2} of {MAX_RETRIES + 1}"
            records.mark_retrying(record_id, message, countdown)
            log.warning("task retry task_id=%s in=%.1fs error=%r", record_id, countdown, exc)
            raise task.retry(exc=exc, countdown=countdown, max_retries=MAX_RETRIES) from exc
        records.fail(record_id, f"Gave up after {retries + 1} attempts: {type(exc).__name__}: {exc}", exc=exc)
        raise
    except Exception as exc:
        db.session.rollback()
        records.fail(record_id, f"Unexpected error: {type(exc).__name__}", exc=exc)
        raise
    if outcome is WAITING:
        return {"waiting": True}
    records.succeed(record_id, outcome if isinstance(outcome, dict) else None)
    log.info("task done task_id=%s kind=%s", record_id, started.kind)
    return outcome
