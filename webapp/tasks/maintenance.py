"""Periodic upkeep run by Celery beat (queue ``interview``)."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from flask import current_app

from ..services import task_watch
from . import names
from .settings import VISIBILITY_TIMEOUT


@shared_task(name=names.CHECK_TASKS, ignore_result=True)
def check_tasks() -> dict[str, Any]:
    """Re-queue or fail stalled work, and send what never reached the broker."""
    config = current_app.config
    report = task_watch.check_tasks(
        stall_seconds=config["TASK_STALL_SECONDS"],
        max_crashes=config["TASK_MAX_DELIVERIES"],
        visibility_timeout=VISIBILITY_TIMEOUT,
    )
    return report.to_dict()
