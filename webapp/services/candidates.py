"""Candidates as HR sees them, and deleting a candidate's data on request.

Deletion removes the candidate row and, through the database's cascades, their
interviews, answers, analyses, reports, resume uploads and profile versions;
the files (recordings and resumes) are removed from ``MEDIA_ROOT`` first and
live tasks about them are cancelled, so no worker writes them back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, func, select

from ..extensions import db
from ..models import Answer, Candidate, CandidateProfile, InterviewSession, ResumeUpload, TaskRecord
from . import task_records as records
from .errors import NotFound

log = logging.getLogger(__name__)


def get_candidate(candidate_id: int) -> Candidate:
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None:
        raise NotFound("No candidate with this id.")
    return candidate


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    interviews: int
    uploads: int
    profile_version: int | None


def list_candidates(limit: int = 200) -> list[CandidateRow]:
    interviews = (
        select(InterviewSession.candidate_id, func.count().label("n")).group_by(InterviewSession.candidate_id).subquery()
    )
    uploads = select(ResumeUpload.candidate_id, func.count().label("n")).group_by(ResumeUpload.candidate_id).subquery()
    versions = (
        select(CandidateProfile.candidate_id, func.max(CandidateProfile.version).label("v"))
        .group_by(CandidateProfile.candidate_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Candidate, interviews.c.n, uploads.c.n, versions.c.v)
        .outerjoin(interviews, interviews.c.candidate_id == Candidate.id)
        .outerjoin(uploads, uploads.c.candidate_id == Candidate.id)
        .outerjoin(versions, versions.c.candidate_id == Candidate.id)
        .order_by(Candidate.created_at.desc(), Candidate.id.desc())
        .limit(limit)
    ).all()
    return [CandidateRow(c, n or 0, u or 0, v) for c, n, u, v in rows]


@dataclass(frozen=True)
class DataSummary:
    """What deleting a candidate removes, shown before and after."""

    interviews: int
    answers: int
    media_files: int
    resumes: int
    profile_versions: int


def _session_ids(candidate_id: int) -> list[int]:
    return list(db.session.scalars(select(InterviewSession.id).where(InterviewSession.candidate_id == candidate_id)))


def _media_files(session_ids: list[int], uploads: list[ResumeUpload]) -> list[Path]:
    root = Path(current_app.config["MEDIA_ROOT"]).resolve()
    paths: list[str] = []
    if session_ids:
        paths += [
            p
            for p in db.session.scalars(
                select(Answer.media_path).where(Answer.session_id.in_(session_ids), Answer.media_path.is_not(None))
            )
        ]
    paths += [u.path for u in uploads]
    out = []
    for raw in paths:
        path = (root / raw).resolve()
        if root in path.parents:  # never follow a stored path outside the media folder
            out.append(path)
    return out


def data_summary(candidate: Candidate) -> DataSummary:
    session_ids = _session_ids(candidate.id)
    answers = (
        db.session.scalar(select(func.count()).select_from(Answer).where(Answer.session_id.in_(session_ids)))
        if session_ids
        else 0
    )
    uploads = list(db.session.scalars(select(ResumeUpload).where(ResumeUpload.candidate_id == candidate.id)))
    media = [p for p in _media_files(session_ids, []) if p.exists()]
    profiles = db.session.scalar(
        select(func.count()).select_from(CandidateProfile).where(CandidateProfile.candidate_id == candidate.id)
    )
    return DataSummary(len(session_ids), answers or 0, len(media), len(uploads), profiles or 0)


def delete_candidate_data(candidate_id: int, *, deleted_by_id: int | None = None) -> DataSummary:
    """Remove everything stored about one candidate; returns what was removed."""
    candidate = get_candidate(candidate_id)
    summary = data_summary(candidate)
    session_ids = _session_ids(candidate_id)
    uploads = list(db.session.scalars(select(ResumeUpload).where(ResumeUpload.candidate_id == candidate_id)))
    answer_ids = (
        list(db.session.scalars(select(Answer.id).where(Answer.session_id.in_(session_ids)))) if session_ids else []
    )
    subjects = [("session", session_ids), ("answer", answer_ids), ("resume", [u.id for u in uploads])]

    # Stop work about this candidate first, so no worker writes results back.
    for subject_type, ids in subjects:
        if not ids:
            continue
        for record in db.session.scalars(
            select(TaskRecord).where(TaskRecord.subject_type == subject_type, TaskRecord.subject_id.in_(ids))
        ):
            if record.is_live:
                records.cancel(record.id)
    files = _media_files(session_ids, uploads)

    # Rows next: ORM delete of the candidate would try to null out the children,
    # so the tables are deleted directly and the database cascades the rest.
    db.session.execute(delete(CandidateProfile).where(CandidateProfile.candidate_id == candidate_id))
    db.session.execute(delete(ResumeUpload).where(ResumeUpload.candidate_id == candidate_id))
    if session_ids:
        from ..models import AnswerAnalysis, Report, SessionAnalysis

        if answer_ids:
            db.session.execute(delete(AnswerAnalysis).where(AnswerAnalysis.answer_id.in_(answer_ids)))
        db.session.execute(delete(Answer).where(Answer.session_id.in_(session_ids)))
        db.session.execute(delete(SessionAnalysis).where(SessionAnalysis.session_id.in_(session_ids)))
        db.session.execute(delete(Report).where(Report.session_id.in_(session_ids)))
        db.session.execute(delete(InterviewSession).where(InterviewSession.id.in_(session_ids)))
    for subject_type, ids in subjects:
        if ids:
            db.session.execute(
                delete(TaskRecord).where(
                    TaskRecord.subject_type == subject_type,
                    TaskRecord.subject_id.in_(ids),
                    TaskRecord.state.in_(("succeeded", "failed", "cancelled")),
                )
            )
    db.session.execute(delete(Candidate).where(Candidate.id == candidate_id))
    db.session.commit()

    # Files last: a failed commit leaves data and files together, never rows without files.
    removed = 0
    for path in files:
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    folder = Path(current_app.config["MEDIA_ROOT"]).resolve() / "resumes" / str(candidate_id)
    if folder.is_dir():
        for leftover in folder.iterdir():
            leftover.unlink(missing_ok=True)
        folder.rmdir()
    log.info(
        "candidate data deleted candidate_id=%s by=%s interviews=%s answers=%s files=%s resumes=%s profiles=%s",
        candidate_id,
        deleted_by_id,
        summary.interviews,
        summary.answers,
        removed,
        summary.resumes,
        summary.profile_versions,
    )
    return summary
