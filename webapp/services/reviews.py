"""HR's own ratings and notes for an interview, stored apart from the machine's scores."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy import select

from ..analysis.scoring import BANDS, COMPETENCIES
from ..extensions import db
from ..models import InterviewSession, ReportReview
from .errors import ServiceError

log = logging.getLogger(__name__)

RECOMMENDATIONS = tuple(name for _, name in BANDS)
MAX_NOTES = 10_000


def reviews_for(session_id: int) -> list[ReportReview]:
    return list(db.session.scalars(
        select(ReportReview).where(ReportReview.session_id == session_id).order_by(ReportReview.created_at, ReportReview.id)
    ))


def review_by(session_id: int, reviewer_id: int) -> ReportReview | None:
    return db.session.scalar(
        select(ReportReview).where(ReportReview.session_id == session_id, ReportReview.reviewer_id == reviewer_id)
    )


def save_review(
    session: InterviewSession,
    reviewer_id: int,
    *,
    ratings: Mapping[str, int | None],
    overall: int | None,
    recommendation: str | None,
    notes: str,
) -> ReportReview:
    """Create or replace this reviewer's review; the machine's report is not touched."""
    clean: dict[str, int] = {}
    for competency, value in ratings.items():
        if competency not in COMPETENCIES:
            raise ServiceError(f"Unknown competency: {competency}.")
        if value is None:
            continue
        if not 0 <= int(value) <= 100:
            raise ServiceError("Ratings go from 0 to 100.")
        clean[competency] = int(value)
    if overall is not None and not 0 <= overall <= 100:
        raise ServiceError("The overall rating goes from 0 to 100.")
    if recommendation and recommendation not in RECOMMENDATIONS:
        raise ServiceError("Unknown recommendation.")
    if len(notes) > MAX_NOTES:
        raise ServiceError(f"Notes may be at most {MAX_NOTES:,} characters.")
    review = review_by(session.id, reviewer_id)
    if review is None:
        review = ReportReview(session_id=session.id, reviewer_id=reviewer_id)
        db.session.add(review)
    review.ratings = clean
    review.overall = overall
    review.recommendation = recommendation or None
    review.notes = notes.strip()
    db.session.commit()
    log.info("review saved session_id=%s reviewer_id=%s", session.id, reviewer_id)
    return review
