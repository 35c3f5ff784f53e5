"""Reports: the document HR reads, built from the stored analyses."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..analysis import findings, learning_path, scoring
from ..analysis.content_types import ContentAnalysis
from ..extensions import db
from ..models import InterviewSession, Report, TaskRecord
from ..reports.transcript import marked_transcript
from ..tasks import names
from . import analysis as analysis_service
from . import resumes as resume_service
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
    # Always recombine: the position's weights or the confirmed resume may have changed.
    # (At this task's own scale: the aggregation reports 92 % of an analysis.)
    analysis_service.aggregate_session(session_id, lambda step, *_args, **_kw: progress(step, 30))
    progress("Writing the report", 60)
    data = assemble(session)
    save_report(session_id, data)
    progress("Report ready", 100)
    log.info("report built session_id=%s", session_id)
    return {"session_id": session_id, "scoring_version": scoring.SCORING_VERSION}


def _media(cls, data: dict[str, Any] | None):
    if not data:
        return None
    try:
        return cls.from_dict(data)
    except (KeyError, TypeError, ValueError):  # a shape this version cannot read: treat as absent
        log.warning("unreadable media analysis skipped cls=%s", cls.__name__)
        return None


def _path_data(path: learning_path.LearningPath, language: str, numbers: dict[str, int]) -> dict[str, Any]:
    """The learning path with each catalogue item resolved, so the report reads without the catalogue."""
    catalogue = learning_path.default_catalogue()

    def item(key: str) -> dict[str, Any]:
        it = catalogue.item(key)
        return {"key": it.key, "kind": it.kind, "title": it.title_for(language), "url": it.url, "hours": it.hours,
                "skills": list(it.skills), "competencies": list(it.competencies)}

    data = path.to_dict()
    data["items"] = {s.item: item(s.item) for s in path.steps}
    for q in data["questions"]:
        q["number"] = numbers.get(q["question_key"])
    for week in data["weeks"]:
        week["question_numbers"] = [numbers.get(k) for k in week["questions"]]
    return data


def assemble(session: InterviewSession) -> dict[str, Any]:
    """Everything the report shows, as JSON: deterministic for the same stored analyses."""
    from ..analysis.media.speech import SpeechAnalysis
    from ..analysis.media.video import VideoAnalysis

    overall = analysis_service.session_analysis(session.id)
    scores = scoring.SessionScores.from_dict(overall.scores) if overall and overall.scores else None
    questions, facts, answer_scores, kinds, numbers = [], [], [], {}, {}
    for number, question in enumerate(session_questions(session), start=1):
        answer = next((a for a in session.answers if a.question_id == question.id), None)
        row = analysis_service.current_analysis(answer.id) if answer else None
        key = question.analysis_key
        kinds[key], numbers[key] = question.kind, number
        if row is not None and row.scores:
            answer_scores.append(scoring.AnswerScores.from_dict(row.scores))
        content = ContentAnalysis.from_dict(row.content) if row is not None and row.content else None
        facts.append(findings.AnswerFacts(
            number=number, kind=question.kind, answered=answer is not None, content=content,
            speech=_media(SpeechAnalysis, row.speech if row else None),
            video=_media(VideoAnalysis, row.video if row else None),
        ))
        questions.append(
            {
                "number": number,
                "question_id": question.id,
                "key": key,
                "kind": question.kind,
                "text": question.text_for(session.language),
                "expected_points": question.points_for(session.language),
                "skills": list(question.skills or ()),
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
                "transcript": marked_transcript(row.speech if row else None),
            }
        )
    strengths, issues = findings.find(facts, scores)
    path = learning_path.build_learning_path(scores, answer_scores, kinds) if scores else None
    return {
        "scoring_version": scoring.SCORING_VERSION,
        "pipeline_version": analysis_service.PIPELINE_VERSION,
        "catalogue_version": learning_path.default_catalogue().version,
        "session": {
            "id": session.id,
            "candidate": session.candidate.name,
            "candidate_id": session.candidate_id,
            "position": session.position.title,
            "position_id": session.position_id,
            "language": session.language,
            "completed_at": session.completed_at.isoformat() if session.completed_at else None,
        },
        "scores": scores.to_dict() if scores else None,
        "questions": questions,
        "skill_match": resume_service.skill_match_for_session(session),
        "strengths": [f.to_dict() for f in strengths],
        "issues": [f.to_dict() for f in issues],
        "learning_path": _path_data(path, session.language, numbers) if path else None,
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
