"""Interview-level tasks (queue ``interview``) and Celery's view of any task."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from flask import current_app

from ..services import analysis as analysis_service
from ..services import reports as report_service
from ..services.task_records import BROKER_ERRORS
from . import broker, names
from .base import WAITING, run_recorded


@shared_task(bind=True, name=names.PROCESS_INTERVIEW_ANALYSIS)
def process_interview_analysis(self, session_id: int, record_id: str) -> Any:
    """Queue every answer not yet analysed; aggregate at once if none is pending."""

    def work(progress, started):
        if analysis_service.dispatch_session_analysis(session_id, record_id, progress):
            analysis_service.aggregate_session(session_id, progress)
            report_service.start_report_after_analysis(session_id)
            return {"session_id": session_id}
        # Each answer task reports back; the last one triggers the aggregation.
        if analysis_service.session_answers_done(session_id):
            analysis_service.request_aggregation(session_id, record_id)
        return WAITING

    return run_recorded(self, record_id, work)


@shared_task(bind=True, name=names.FINISH_INTERVIEW_ANALYSIS)
def finish_interview_analysis(self, session_id: int, record_id: str) -> Any:
    """Second stage of ``process_interview_analysis``: the interview-level aggregation."""

    def work(progress, started):
        result = analysis_service.aggregate_session(session_id, progress)
        report_service.start_report_after_analysis(session_id)
        return result

    return run_recorded(self, record_id, work)


@shared_task(bind=True, name=names.PROCESS_INTERVIEW_REPORT)
def process_interview_report(self, session_id: int, record_id: str) -> Any:
    return run_recorded(self, record_id, lambda progress, started: report_service.build_report(session_id, progress))


CELERY_VIEW_UNAVAILABLE = "Celery's view of the task is unavailable: Redis cannot be reached."


def get_interview_task_info(celery_task_id: str) -> dict[str, Any]:
    """Celery's own view of a task: state, progress meta, result, error, worker, queue.

    ``available`` is False (and ``state`` ``UNAVAILABLE``) when Redis cannot be
    reached: the answer comes back at once instead of hanging the request.
    """
    info = _empty_info(celery_task_id)
    if not broker.redis_available():
        return {**info, "available": False, "state": "UNAVAILABLE", "error": CELERY_VIEW_UNAVAILABLE}
    try:
        return _read_info(celery_task_id, info)
    except BROKER_ERRORS:
        broker.forget_probe()
        return {**info, "available": False, "state": "UNAVAILABLE", "error": CELERY_VIEW_UNAVAILABLE}


def _empty_info(celery_task_id: str) -> dict[str, Any]:
    return {
        "celery_task_id": celery_task_id,
        "available": True,
        "state": None,
        "progress": None,
        "step": None,
        "result": None,
        "error": None,
        "date_done": None,
        "retries": None,
        "worker": None,
        "queue": None,
        "name": None,
    }


def _read_info(celery_task_id: str, info: dict[str, Any]) -> dict[str, Any]:
    # One read of the stored meta: each attribute of an unfinished AsyncResult
    # (state, info, date_done, worker...) would fetch it from Redis again.
    meta = current_app.extensions["celery"].backend.get_task_meta(celery_task_id)
    state = meta.get("status")
    value = meta.get("result")
    info["state"] = state
    if state == "PROGRESS" and isinstance(value, dict):
        info["progress"] = value.get("progress")
        info["step"] = value.get("step")
    elif state == "SUCCESS":
        info["progress"] = 100
        info["result"] = value if isinstance(value, (dict, list, str, int, float, type(None))) else repr(value)
    elif state in ("FAILURE", "RETRY"):
        info["error"] = f"{type(value).__name__}: {value}" if value is not None else None
    done = meta.get("date_done")
    info["date_done"] = done.isoformat() if hasattr(done, "isoformat") else done
    for key in ("retries", "worker", "queue", "name"):
        info[key] = meta.get(key)
    return info
