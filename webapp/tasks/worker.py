"""What the worker's main process does for our records when a task process dies.

With ``task_reject_on_worker_lost`` Celery puts the message of a task whose
process died (kill -9, out of memory, a crashing library) back on its queue.
Before that happens, this request class tells our table: the record becomes
``stalled`` (so the next delivery runs it instead of taking it for a duplicate
of a live run), or ``failed`` once it has crashed its worker
``TASK_MAX_DELIVERIES`` times. A process killed by the hard time limit gets a
readable failure.

Also here: each forked task process drops the database connections it
inherited from the main process, which may have used them for the above.
"""

from __future__ import annotations

import logging
from typing import Any

from billiard.einfo import ExceptionWithTraceback
from billiard.exceptions import TimeLimitExceeded, WorkerLostError
from celery import current_app as current_celery
from celery.signals import worker_process_init
from celery.worker.request import Request

log = logging.getLogger(__name__)


def _flask_app():
    return getattr(current_celery, "flask_app", None)


class RecordedRequest(Request):
    def on_failure(self, exc_info: Any, send_failed_event: bool = True, return_ok: bool = False) -> Any:
        exc = exc_info.exception
        if isinstance(exc, ExceptionWithTraceback):
            exc = exc.exc
        if isinstance(exc, (WorkerLostError, TimeLimitExceeded)):
            self._tell_record(exc)
        return super().on_failure(exc_info, send_failed_event=send_failed_event, return_ok=return_ok)

    def _tell_record(self, exc: BaseException) -> None:
        app = getattr(self.task.app, "flask_app", None)
        if app is None:
            return
        from ..extensions import db
        from ..services import task_lifecycle as lifecycle

        try:
            with app.app_context():
                if isinstance(exc, WorkerLostError):
                    lifecycle.note_lost(self.id, max_crashes=app.config["TASK_MAX_DELIVERIES"])
                else:
                    lifecycle.note_time_limit(self.id)
                db.session.remove()
        except Exception:  # the record is fixed later by begin() or the periodic check
            log.exception("could not record a lost task process celery_task_id=%s", self.id)


@worker_process_init.connect
def fresh_database_pool(**_kwargs: Any) -> None:
    """Forget the main process's pooled connections (never share a socket across fork)."""
    app = _flask_app()
    if app is None:
        return
    from ..extensions import db

    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
