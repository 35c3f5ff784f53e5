"""Reports: the document HR reads, built from the stored analyses."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..analysis import scoring
from ..extensions import db
from ..models import InterviewSession, Report, TaskRecord
from ..tasks import names
from . import analysis as analysis_service
from . import task_records as records
from .errors import PermanentTaskError
from .sessions import session_questions

log = logging.getLogger(__name__)


def start_report(session: InterviewSession, *, created_by_id: int | None = None) -> tuple[TaskRecord, bool]:
    return records.start_task(
        names.PROCESS_INTERVIEW_REPORT,
        kind=names.KIND_INTERVIEW_REPORT,
        subject_type="session",
        subject_id=session.id,
        created_by_id=created_by_id,
    )


def current_report(session_id: int) -> Report | None:
    return db.session.scalar(
        select(Report).where(Report.session_id == session_id, Report.scoring_version == scoring.SCORING_VERSION)
    )


def build_report(session_id: int, progress) -> dict[str, Any]:
    session = db.session.get(InterviewSession, session_id)
    if session is None:
        raise PermanentTaskError("The interview no longer exists.")
    progress("Checking the analysis", 10)
    if not analysis_service.session_answers_done(session_id):
        raise PermanentTaskError("The answers are not analysed yet: start the analysis first.")
    if analysis_service.session_analysis(session_id) is None:
        analysis_service.aggregate_session(session_id, progress)
    progress("Writing the report", 60)
    data = assemble(session)
    save_report(session_id, data)
    progress("Report ready", 100)
    log.info("report built session_id=%s", session_id)
    return {"session_id": session_id, "scoring_version": scoring.SCORING_VERSION}


def assemble(session: InterviewSession) -> dict[str, Any]:
    overall = analysis_service.session_analysis(session.id)
    questions = []
    for number, question in enumerate(session_questions(session), start=1):
        answer = next((a for a in session.answers if a.question_id == question.id), None)
        row = analysis_service.current_analysis(answer.id) if answer else None
        questions.append(
            {
                "number": number,
                "question_id": question.id,
                "key": question.analysis_key,
                "kind": question.kind,
                "text": question.text_for(session.language),
                "expected_points": question.points_for(session.language),
                "answered": answer is not None,
                "mode": answer.mode if answer else None,
                "answer_text": answer.text if answer else None,
                "answer_id": answer.id if answer else None,
                "duration_s": answer.duration_s if answer else None,
                "media_available": bool(answer and answer.media_path),
                "analysis_status": row.status if row else ("failed" if answer else "unanswered"),
                "analysis_message": row.message if row else None,
                "content": row.content if row else None,
                "speech": row.speech if row else None,
                "video": row.video if row else None,
                "scores": row.scores if row else None,
            }
        )
    return {
        "scoring_version": scoring.SCORING_VERSION,
        "pipeline_version": analysis_service.PIPELINE_VERSION,
        "session": {
            "id": session.id,
            "candidate": session.candidate.name,
            "position": session.position.title,
            "language": session.language,
            "completed_at": session.completed_at.isoformat() if session.completed_at else None,
        },
        "scores": overall.scores if overall else None,
        "questions": questions,
    }


def save_report(session_id: int, data: dict[str, Any]) -> Report:
    report = current_report(session_id)
    if report is None:
        report = Report(session_id=session_id, scoring_version=scoring.SCORING_VERSION, data=data)
        db.session.add(report)
        try:
            db.session.commit()
            return report
        except IntegrityError:
            db.session.rollback()
            report = current_report(session_id)
    report.data = data
    db.session.commit()
    return report


def start_report_after_analysis(session_id: int) -> None:
    """Queue the report once the analysis is complete (a live one is left alone)."""
    session = db.session.get(InterviewSession, session_id)
    if session is not None:
        start_report(session)
