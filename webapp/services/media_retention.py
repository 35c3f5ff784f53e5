"""Deleting recordings after the retention period, and uploads nobody finished.

PRODUCT.md section 9: recorded media are deleted after MEDIA_RETENTION_DAYS
(the analysis and transcript stay, the answer notes when its recording went).
Partial uploads untouched for UPLOAD_ABANDON_HOURS are removed, and so are
files no answer refers to any more (a candidate deleted on request). Runs
from Celery beat and from ``flask purge-media``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Answer, MediaUpload
from ..models.base import utcnow
from .media import ANSWERS, UPLOADS, media_root, part_path, resolve

log = logging.getLogger(__name__)

BATCH = 200


@dataclass(frozen=True)
class PurgeResult:
    recordings: int  # answers whose recording passed the retention period
    uploads: int  # abandoned partial uploads
    orphans: int  # stored files no answer refers to

    def to_dict(self) -> dict[str, int]:
        return {"recordings": self.recordings, "uploads": self.uploads, "orphans": self.orphans}


def purge_media(*, now: datetime | None = None, retention_days: int | None = None,
                abandon_hours: int | None = None) -> PurgeResult:
    now = now or utcnow()
    config = current_app.config
    days = config["MEDIA_RETENTION_DAYS"] if retention_days is None else retention_days
    hours = config["UPLOAD_ABANDON_HOURS"] if abandon_hours is None else abandon_hours
    result = PurgeResult(
        recordings=purge_expired_recordings(now, days),
        uploads=clean_abandoned_uploads(now, hours),
        orphans=remove_orphan_files(now, hours),
    )
    log.info("media purged recordings=%s uploads=%s orphans=%s retention_days=%s",
             result.recordings, result.uploads, result.orphans, days)
    return result


def purge_expired_recordings(now: datetime, retention_days: int) -> int:
    """Delete recordings older than the retention period (0 or less keeps them forever)."""
    if retention_days <= 0:
        return 0
    cutoff = now - timedelta(days=retention_days)
    purged = 0
    while True:
        answers = db.session.scalars(
            select(Answer).where(Answer.media_path.is_not(None), Answer.submitted_at < cutoff).limit(BATCH)
        ).all()
        if not answers:
            return purged
        for answer in answers:
            _unlink(resolve(answer.media_path))
            log.info("recording deleted answer_id=%s session_id=%s", answer.id, answer.session_id)
            answer.media_path = None
            answer.media_purged_at = now
            purged += 1
        db.session.commit()


def clean_abandoned_uploads(now: datetime, max_age_hours: int) -> int:
    cutoff = now - timedelta(hours=max_age_hours)
    stale = db.session.scalars(
        select(MediaUpload).where(MediaUpload.state == "receiving", MediaUpload.updated_at < cutoff)
    ).all()
    for upload in stale:
        upload.state = "rejected"
        upload.error = "Abandoned: the upload was never finished."
        _unlink(part_path(upload.id))
        _unlink(part_path(upload.id).with_suffix(".lock"))
    db.session.commit()
    return len(stale)


def remove_orphan_files(now: datetime, min_age_hours: int) -> int:
    """Files under MEDIA_ROOT that nothing refers to, once older than min_age_hours."""
    root = media_root()
    cutoff = (now - timedelta(hours=min_age_hours)).timestamp()
    receiving = set(db.session.scalars(select(MediaUpload.id).where(MediaUpload.state == "receiving")))
    referenced = set(db.session.scalars(select(Answer.media_path).where(Answer.media_path.is_not(None))))
    referenced |= set(
        db.session.scalars(
            select(MediaUpload.final_path).where(MediaUpload.final_path.is_not(None), MediaUpload.state != "rejected")
        )
    )
    removed = 0
    uploads = root / UPLOADS
    for path in uploads.glob("*") if uploads.is_dir() else ():
        if path.is_file() and path.stem not in receiving and path.stat().st_mtime < cutoff:
            _unlink(path)
            removed += path.suffix == ".part"
    answers = root / ANSWERS
    for path in answers.rglob("*") if answers.is_dir() else ():
        relative = path.relative_to(root).as_posix()
        if path.is_file() and relative not in referenced and path.stat().st_mtime < cutoff:
            _unlink(path)
            log.info("orphan recording deleted path=%s", relative)
            removed += 1
    for directory in sorted(answers.glob("*"), reverse=True) if answers.is_dir() else ():
        if directory.is_dir() and not any(directory.iterdir()):
            directory.rmdir()
    return removed


def _unlink(path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
