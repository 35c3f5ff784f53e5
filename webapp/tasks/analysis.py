"""Per-answer analysis (queue ``analysis``): one task per answer."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.exceptions import Retry
from celery.signals import worker_process_init

from ..services import analysis as analysis_service
from . import names
from .base import run_recorded


@shared_task(bind=True, name=names.ANALYSE_ANSWER)
def analyse_answer(self, answer_id: int, record_id: str) -> Any:
    def work(progress, started):
        return analysis_service.analyse_answer(answer_id, progress)

    try:
        result = run_recorded(self, record_id, work)
    except Retry:
        raise
    except Exception:
        # A final failure also completes the answer: the interview goes on without it.
        analysis_service.notify_answer_finished(answer_id)
        raise
    analysis_service.notify_answer_finished(answer_id)
    return result


@worker_process_init.connect
def load_models(**_kwargs) -> None:
    """Load analysis models once per worker process (in the child, never the parent)."""
    from ..analysis import content

    content.warm_up()
