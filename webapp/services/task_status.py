"""What the status routes and progress bars show for a task record."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select

from ..extensions import db
from ..models import TaskRecord
from ..models.tasks import FINAL_STATES, LIVE_STATES
from ..tasks import names
from .analysis import AGGREGATING_STEP

STATE_LABELS = {
    "queued": "Queued",
    "running": "Running",
    "retrying": "Retrying",
    "succeeded": "Finished",
    "failed": "Failed",
    "cancelled": "Cancelled",
    "stalled": "Stalled, retrying",
}

KIND_LABELS = {
    names.KIND_INTERVIEW_ANALYSIS: "Analysis",
    names.KIND_INTERVIEW_REPORT: "Report",
    names.KIND_ANSWER_ANALYSIS: "Answer analysis",
    names.KIND_RESUME_PARSE: "Resume parsing",
}


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def children_of(record: TaskRecord) -> list[TaskRecord]:
    return list(
        db.session.scalars(
            select(TaskRecord).where(TaskRecord.parent_id == record.id).order_by(TaskRecord.subject_id)
        )
    )


def effective_progress(record: TaskRecord) -> tuple[int, str, int | None, int | None]:
    """Progress, step, index and total; a waiting parent reports its children.

    Answers analysed before the interview's analysis started (while the
    candidate was still answering) are not children, but they count as done.
    """
    if record.kind != names.KIND_INTERVIEW_ANALYSIS or record.state in FINAL_STATES or record.stage:
        return record.progress, record.step, record.step_index, record.step_total
    children = children_of(record)
    if not children:
        return record.progress, record.step, record.step_index, record.step_total
    total = max(len(children), record.step_total or 0)
    done_before = total - len(children)
    finished = done_before + sum(1 for c in children if c.state in FINAL_STATES)
    share = (done_before + sum(1 if c.state in FINAL_STATES else c.progress / 100 for c in children)) / total
    progress = max(record.progress, 5 + int(85 * share))
    running = [c for c in children if c.state not in FINAL_STATES]
    if running:
        number = done_before + children.index(running[0]) + 1
        step = f"Answer {number} of {total}: {running[0].step}"
    else:
        step = AGGREGATING_STEP
    return progress, step, finished, total


def describe(record: TaskRecord | Row) -> dict[str, Any]:
    """The record (or its ``status_snapshot`` row) as the status routes and progress bars show it."""
    progress, step, index, total = effective_progress(record)
    return {
        "task_id": record.id,
        "celery_task_id": record.celery_task_id,
        "kind": record.kind,
        "subject": {"type": record.subject_type, "id": record.subject_id},
        "state": record.state,
        "state_label": STATE_LABELS.get(record.state, record.state),
        "live": record.state in LIVE_STATES,
        "progress": progress,
        "step": step,
        "step_index": index,
        "step_total": total,
        "attempts": record.deliveries,
        "retries": record.retries,
        "crashes": record.crashes,
        "worker": record.worker,
        "next_retry_at": _iso(record.next_retry_at),
        "error": record.error,
        "error_ref": record.error_ref,
        "queued_at": _iso(record.queued_at),
        "started_at": _iso(record.started_at),
        "heartbeat_at": _iso(record.heartbeat_at),
        "finished_at": _iso(record.finished_at),
    }
