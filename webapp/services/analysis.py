"""Analysis of answers and of whole interviews: load, compute, persist.

Inputs are copied out of the database into frozen dataclasses and the session
is closed before the (slow) analysis runs; results are written in a fresh
transaction. Every step is idempotent: an answer already analysed by the
current pipeline version is skipped, and re-runs update rows in place.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..analysis import scoring
from ..analysis.content import analyse_content
from ..analysis.media.pipeline import PIPELINE_VERSION as MEDIA_PIPELINE_VERSION
from ..analysis.question_bank import QuestionSpec
from ..analysis.scoring_skills import ResumeSkills
from ..extensions import db
from ..models import Answer, AnswerAnalysis, InterviewSession, SessionAnalysis, TaskRecord
from ..tasks import names
from . import sessions
from . import task_records as records
from .errors import PermanentTaskError, QueueUnavailable

log = logging.getLogger(__name__)

# Names the content scoring and the media pipeline: a change to either re-analyses answers.
PIPELINE_VERSION = f"p1-s{scoring.SCORING_VERSION}+{MEDIA_PIPELINE_VERSION}"
AGGREGATING_STEP = "Combining the answers"

ProgressFn = Callable[..., None]


@dataclass(frozen=True)
class AnswerInput:
    answer_id: int
    session_id: int
    mode: str
    text: str | None
    media_path: str | None
    language: str
    question: QuestionSpec


def question_spec(answer: Answer) -> QuestionSpec:
    """Both language versions: the analysis picks the one matching the answer."""
    q = answer.question
    return QuestionSpec(
        text=q.text,
        kind=q.kind,
        key=q.analysis_key,
        text_zh=q.text_zh or "",
        expected_points=tuple(q.expected_points or ()),
        expected_points_zh=tuple(q.expected_points_zh or ()),
        skills=tuple(q.skills or ()),
    )


def load_answer_input(answer_id: int) -> AnswerInput:
    answer = db.session.get(Answer, answer_id)
    if answer is None:
        raise PermanentTaskError("The answer no longer exists.")
    language = answer.session.language
    data = AnswerInput(
        answer_id=answer.id,
        session_id=answer.session_id,
        mode=answer.mode,
        text=answer.text,
        media_path=answer.media_path,
        language=language,
        question=question_spec(answer),
    )
    db.session.close()
    return data


def current_analysis(answer_id: int) -> AnswerAnalysis | None:
    return db.session.scalar(
        select(AnswerAnalysis).where(
            AnswerAnalysis.answer_id == answer_id, AnswerAnalysis.pipeline_version == PIPELINE_VERSION
        )
    )


def analyse_answer(answer_id: int, progress: ProgressFn) -> dict[str, Any]:
    if current_analysis(answer_id) is not None:
        db.session.close()
        return {"answer_id": answer_id, "skipped": "already analysed"}
    data = load_answer_input(answer_id)
    started = time.perf_counter()
    progress("Reading the answer", 5)
    result = compute_answer_analysis(data, progress)
    progress("Saving the analysis", 95)
    save_answer_analysis(answer_id, result, elapsed_ms=int((time.perf_counter() - started) * 1000))
    log.info("answer analysed answer_id=%s status=%s", answer_id, result["status"])
    return {"answer_id": answer_id, "status": result["status"]}


def compute_answer_analysis(data: AnswerInput, progress: ProgressFn) -> dict[str, Any]:
    if data.mode != "text":
        from .media_analysis import compute_media_analysis

        return compute_media_analysis(data, progress)
    progress("Analysing the content", 20)
    content = analyse_content(data.question, data.text or "")
    progress("Scoring", 80)
    scores = scoring.score_answer(data.question, content)
    status = "empty" if content.status == "empty" else "ok"
    return {
        "status": status,
        "message": "The answer is empty." if status == "empty" else None,
        "content": content.to_dict(),
        "speech": None,
        "video": None,
        "scores": scores.to_dict(),
    }


def save_answer_analysis(answer_id: int, result: dict[str, Any], elapsed_ms: int) -> None:
    fields = {k: result.get(k) for k in ("status", "message", "content", "speech", "video", "scores")}
    row = current_analysis(answer_id)
    if row is None:
        row = AnswerAnalysis(answer_id=answer_id, pipeline_version=PIPELINE_VERSION, elapsed_ms=elapsed_ms, **fields)
        db.session.add(row)
        try:
            db.session.commit()
            return
        except IntegrityError:  # a duplicate delivery got there first: update its row instead
            db.session.rollback()
            row = current_analysis(answer_id)
    for key, value in fields.items():
        setattr(row, key, value)
    row.elapsed_ms = elapsed_ms
    db.session.commit()


# --- per-answer tasks ----------------------------------------------------------------


def start_answer_analysis(answer: Answer, *, parent_id: str | None = None) -> TaskRecord:
    record, _ = records.start_task(
        names.ANALYSE_ANSWER,
        kind=names.KIND_ANSWER_ANALYSIS,
        subject_type="answer",
        subject_id=answer.id,
        parent_id=parent_id,
    )
    return record


def queue_answer_analysis(answer: Answer) -> None:
    """Start an answer's analysis as soon as it is stored.

    If the queue is down the answer stays safe in the database and is picked
    up by the interview's analysis when it runs.
    """
    try:
        start_answer_analysis(answer)
    except QueueUnavailable:
        log.warning("answer stored, analysis deferred answer_id=%s", answer.id)


def answer_done(answer_id: int) -> bool:
    """Whether the answer needs nothing more: analysed, or its last analysis ran and failed.

    A record that failed without running (the queue was down when the answer
    arrived) does not count: that answer still has to be analysed.
    """
    if current_analysis(answer_id) is not None:
        return True
    latest = records.latest_record(names.KIND_ANSWER_ANALYSIS, "answer", answer_id)
    return latest is not None and latest.state == "failed" and latest.deliveries > 0


# --- interview-level orchestration -----------------------------------------------------


def start_session_analysis(session: InterviewSession, *, created_by_id: int | None = None) -> tuple[TaskRecord, bool]:
    return records.start_task(
        names.PROCESS_INTERVIEW_ANALYSIS,
        kind=names.KIND_INTERVIEW_ANALYSIS,
        subject_type="session",
        subject_id=session.id,
        created_by_id=created_by_id,
    )


def finish_and_analyse(session: InterviewSession) -> bool:
    """Hand in the interview and start its analysis; False if it was already finished."""
    if not sessions.finish(session):
        return False
    try:
        start_session_analysis(session)
    except QueueUnavailable:
        log.warning("interview finished, analysis deferred session_id=%s", session.id)
    return True


def dispatch_session_analysis(session_id: int, record_id: str, progress: ProgressFn) -> bool:
    """Queue every answer not yet analysed; True when all are already done."""
    session = db.session.get(InterviewSession, session_id)
    if session is None:
        raise PermanentTaskError("The interview no longer exists.")
    answers = list(session.answers)
    if not answers:
        raise PermanentTaskError("This interview has no answers to analyse yet.")
    progress("Queuing the answers", 2, 0, len(answers))
    pending = 0
    for answer in answers:
        # Earlier failures are tried again: a new start is how HR asks for that.
        if current_analysis(answer.id) is not None:
            continue
        pending += 1
        live = records.live_record(names.KIND_ANSWER_ANALYSIS, "answer", answer.id)
        if live is not None:
            if live.parent_id != record_id:
                live.parent_id = record_id  # adopt the analysis started when the answer arrived
                db.session.commit()
            continue
        start_answer_analysis(answer, parent_id=record_id)
    db.session.close()
    return pending == 0


def session_answers_done(session_id: int) -> bool:
    answer_ids = db.session.scalars(select(Answer.id).where(Answer.session_id == session_id)).all()
    return bool(answer_ids) and all(answer_done(a) for a in answer_ids)


def notify_answer_finished(answer_id: int) -> None:
    """Called after an answer's analysis ends: start the aggregation once all are done."""
    answer = db.session.get(Answer, answer_id)
    if answer is None:
        return
    session_id = answer.session_id
    parent = records.live_record(names.KIND_INTERVIEW_ANALYSIS, "session", session_id)
    if parent is None or not session_answers_done(session_id):
        return
    request_aggregation(session_id, parent.id)


def request_aggregation(session_id: int, record_id: str) -> None:
    if not records.claim_stage(record_id, "aggregating", step=AGGREGATING_STEP, percent=90):
        return  # another finisher already queued it
    try:
        records.send(names.FINISH_INTERVIEW_ANALYSIS, [session_id, record_id])
    except records.BROKER_ERRORS:
        records.release_stage(record_id, "aggregating")
        raise


def aggregate_session(session_id: int, progress: ProgressFn) -> dict[str, Any]:
    session = db.session.get(InterviewSession, session_id)
    if session is None:
        raise PermanentTaskError("The interview no longer exists.")
    progress(AGGREGATING_STEP, 92)
    weights = dict(session.position.competency_weights or {})
    answer_scores = []
    for answer in session.answers:
        row = current_analysis(answer.id)
        if row is not None and row.scores:
            answer_scores.append(scoring.AnswerScores.from_dict(row.scores))
    result = scoring.score_session(
        answer_scores,
        weights,
        skills=[(s.name, s.weight) for s in session.position.skills],
        resume=resume_skills(session),
        asked=len(session.question_ids),
    ).to_dict()
    row = session_analysis(session_id)
    if row is None:
        db.session.add(SessionAnalysis(session_id=session_id, pipeline_version=PIPELINE_VERSION, scores=result))
    else:
        row.scores = result
    try:
        db.session.commit()
    except IntegrityError:  # a duplicate delivery inserted first
        db.session.rollback()
        session_analysis(session_id).scores = result
        db.session.commit()
    log.info("interview aggregated session_id=%s answers=%s", session_id, len(answer_scores))
    return {"session_id": session_id, "answers": len(answer_scores)}


def resume_skills(session: InterviewSession) -> ResumeSkills | None:
    """What the confirmed resume shows of the position's skills, when the resume service has it."""
    from . import resumes  # imported here: the resume service is loaded after this one

    return ResumeSkills.from_match(resumes.skill_match_for_session(session))


def session_analysis(session_id: int) -> SessionAnalysis | None:
    return db.session.scalar(
        select(SessionAnalysis).where(
            SessionAnalysis.session_id == session_id, SessionAnalysis.pipeline_version == PIPELINE_VERSION
        )
    )
