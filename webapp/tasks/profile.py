"""Resume parsing and profile building (queue ``profile``)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from ..services import resumes as resume_service
from . import names
from .base import run_recorded


@shared_task(bind=True, name=names.PARSE_RESUME)
def parse_resume(self, upload_id: int, record_id: str) -> Any:
    """Read an uploaded resume into a draft profile for a person to correct."""
    return run_recorded(self, record_id, lambda progress, started: resume_service.parse_upload(upload_id, progress))
