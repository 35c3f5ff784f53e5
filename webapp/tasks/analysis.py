"""Per-answer analysis (queue ``analysis``): one task per answer; and the media clean-up."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from celery.exceptions import Retry
from celery.signals import worker_process_init

from ..services import analysis as analysis_service
from . import names
from .base import run_recorded

# Used at process start, outside any task (get_task_logger would print "???" for its name).
log = logging.getLogger(__name__)


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


@shared_task(name=names.PURGE_MEDIA)
def purge_media() -> dict[str, int]:
    """Periodic (Celery beat): recordings past the retention period, abandoned uploads."""
    from ..services.media_retention import purge_media as purge

    return purge().to_dict()


@worker_process_init.connect
def load_models(**_kwargs) -> None:
    """Load analysis models once per worker process (in the child, never the parent).

    Model threads and MediaPipe graphs do not survive a fork, and loading them
    here means the first answer a process takes is not slower than the rest.
    """
    import time

    from ..analysis import content
    from ..analysis.media import warm_up
    from ..config import load_config
    from ..services.media import media_settings

    started = time.perf_counter()
    try:
        content.warm_up()
        # Same settings as the Flask app of this worker: both come from the environment.
        warm_up(media_settings(load_config()))
    except Exception:  # noqa: BLE001 - a broken model must not stop typed answers and reports
        log.exception("analysis models could not be loaded; the analyses that need them will fail")
        return
    log.info("analysis models loaded seconds=%.1f", time.perf_counter() - started)
