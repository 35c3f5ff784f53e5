"""The operations page's figures, and Retry and Cancel for any recorded task.

Everything here reads our ``task_records`` table, the source of truth; the
broker's view (queue depths, workers online) comes from ``tasks.broker``.
Durations are computed in Python from the last day's rows so the figures are
the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from ..extensions import db
from ..models import Answer, InterviewSession, TaskRecord
from ..models.base import utcnow
from ..models.tasks import FINAL_STATES, LIVE_STATES, TASK_STATES
from ..tasks import names
from . import task_records as records
from .errors import Conflict, NotFound

WINDOW = timedelta(days=1)
RECENT_FAILURES = 20
LIVE_LIMIT = 50


@dataclass(frozen=True)
class KindFigures:
    kind: str
    finished: int
    succeeded: int
    failed: int
    cancelled: int
    success_rate: float | None
    p50_seconds: float | None
    p95_seconds: float | None


@dataclass(frozen=True)
class Overview:
    by_state: dict[str, int]
    kinds: list[KindFigures]
    live: list[TaskRecord]
    failures: list[TaskRecord]
    since: datetime


def percentile(sorted_values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: a value that occurred, never an interpolation."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


def kind_figures(since: datetime) -> list[KindFigures]:
    rows = db.session.execute(
        select(TaskRecord.kind, TaskRecord.state, TaskRecord.started_at, TaskRecord.finished_at).where(
            TaskRecord.finished_at >= since, TaskRecord.state.in_(tuple(FINAL_STATES))
        )
    ).all()
    grouped: dict[str, list] = {}
    for row in rows:
        grouped.setdefault(row.kind, []).append(row)
    figures = []
    for kind, items in sorted(grouped.items()):
        succeeded = [r for r in items if r.state == "succeeded"]
        failed = sum(1 for r in items if r.state == "failed")
        cancelled = sum(1 for r in items if r.state == "cancelled")
        durations = sorted(
            (r.finished_at - r.started_at).total_seconds() for r in succeeded if r.started_at and r.finished_at
        )
        decided = len(succeeded) + failed
        figures.append(
            KindFigures(
                kind=kind,
                finished=len(items),
                succeeded=len(succeeded),
                failed=failed,
                cancelled=cancelled,
                success_rate=(len(succeeded) / decided) if decided else None,
                p50_seconds=percentile(durations, 0.50),
                p95_seconds=percentile(durations, 0.95),
            )
        )
    return figures


def overview(now: datetime | None = None) -> Overview:
    now = now or utcnow()
    since = now - WINDOW
    by_state = dict.fromkeys(TASK_STATES, 0)
    live_counts = db.session.execute(
        select(TaskRecord.state, func.count()).where(TaskRecord.state.in_(tuple(LIVE_STATES))).group_by(TaskRecord.state)
    ).all()
    final_counts = db.session.execute(
        select(TaskRecord.state, func.count())
        .where(TaskRecord.state.in_(tuple(FINAL_STATES)), TaskRecord.finished_at >= since)
        .group_by(TaskRecord.state)
    ).all()
    for state, count in [*live_counts, *final_counts]:
        by_state[state] = count
    live = db.session.scalars(
        select(TaskRecord)
        .where(TaskRecord.state.in_(tuple(LIVE_STATES)))
        .order_by(TaskRecord.queued_at.desc())
        .limit(LIVE_LIMIT)
    ).all()
    failures = db.session.scalars(
        select(TaskRecord)
        .where(TaskRecord.state == "failed")
        .order_by(TaskRecord.finished_at.desc())
        .limit(RECENT_FAILURES)
    ).all()
    return Overview(by_state=by_state, kinds=kind_figures(since), live=list(live), failures=list(failures), since=since)


# --- Retry and Cancel ---------------------------------------------------------------


def retry(record_id: str, *, created_by_id: int | None = None) -> tuple[TaskRecord, bool]:
    """Start a failed or cancelled task again, as a new record.

    Interview-level work goes through its own service, so the usual rules
    hold (one live analysis per interview, the report after the analysis).
    A failed answer analysis re-runs as part of its interview's analysis, so
    the interview's scores and report include it; other kinds are sent again
    with the same arguments. Raises QueueUnavailable when Redis is down.
    """
    from . import analysis as analysis_service
    from . import reports as report_service

    record = records.get_record(record_id)
    if record.state not in ("failed", "cancelled"):
        raise Conflict("Only a failed or cancelled task can be retried.")
    if record.kind in (names.KIND_INTERVIEW_ANALYSIS, names.KIND_INTERVIEW_REPORT):
        session = _session(record.subject_id)
        start = (
            analysis_service.start_session_analysis
            if record.kind == names.KIND_INTERVIEW_ANALYSIS
            else report_service.start_report
        )
        return start(session, created_by_id=created_by_id)
    if record.kind == names.KIND_ANSWER_ANALYSIS:
        answer = db.session.get(Answer, record.subject_id)
        if answer is None:
            raise NotFound("The answer no longer exists.")
        parent = records.live_record(names.KIND_INTERVIEW_ANALYSIS, "session", answer.session_id)
        if parent is not None:
            return analysis_service.start_answer_analysis(answer, parent_id=parent.id), True
        return analysis_service.start_session_analysis(answer.session, created_by_id=created_by_id)
    return records.start_task(
        record.task_name,
        kind=record.kind,
        subject_type=record.subject_type,
        subject_id=record.subject_id,
        extra_args=list(record.args or [])[2:],
        created_by_id=created_by_id,
    )


def _session(session_id: int) -> InterviewSession:
    session = db.session.get(InterviewSession, session_id)
    if session is None:
        raise NotFound("The interview no longer exists.")
    return session


def cancel(record_id: str) -> list[str]:
    """Cancel a live task and its live children; returns the Celery ids to revoke."""
    record = records.get_record(record_id)
    if not record.is_live:
        raise Conflict("This task has already ended.")
    return records.cancel(record.id)
