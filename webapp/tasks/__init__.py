"""Celery, bound to the Flask app the way Flask's own docs do it.

Task modules: ``interview`` (session-level work, queue ``interview``),
``analysis`` (one answer at a time, queue ``analysis``) and ``profile``
(resumes, queue ``profile``). Tasks take ids, run inside an app context and
keep their durable state in our ``task_records`` table.
"""

from __future__ import annotations

from celery import Celery, Task
from flask import Flask

from .settings import celery_settings

TASK_MODULES = (
    "webapp.tasks.interview",
    "webapp.tasks.analysis",
    "webapp.tasks.profile",
    "webapp.tasks.maintenance",
    "webapp.tasks.worker",
)


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        # Tells our records when a task process dies (webapp/tasks/worker.py).
        Request = "webapp.tasks.worker:RecordedRequest"

        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.import_name, task_cls=FlaskTask)
    celery_app.config_from_object(celery_settings(app.config))
    celery_app.set_default()
    celery_app.autodiscover_tasks(lambda: ["webapp.tasks"], related_name=None)
    for module in TASK_MODULES:
        __import__(module)
    celery_app.flask_app = app  # for signal handlers that run outside a task
    app.extensions["celery"] = celery_app
    return celery_app
