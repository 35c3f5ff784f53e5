"""Invitations and the candidate's side of an interview."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Answer, Candidate, InterviewSession, Position, Question
from ..models.base import utcnow
from .errors import Conflict, NotFound, ServiceError

log = logging.getLogger(__name__)

CONSENT_VERSION = "2026-1"
MAX_TEXT_ANSWER_CHARS = 20_000


def new_invite_token() -> str:
    return secrets.token_urlsafe(32)


def invite(
    position: Position,
    *,
    candidate_name: str,
    candidate_email: str | None,
    language: str = "en",
    created_by_id: int | None = None,
    candidate: Candidate | None = None,
) -> InterviewSession:
    questions = position.active_questions
    if not questions:
        raise ServiceError(_("This position has no questions yet; add at least one before inviting."))
    if language not in ("en", "zh"):
        raise ServiceError(_("Unsupported interview language."))
    if candidate is None:
        email = (candidate_email or "").strip().lower() or None
        candidate = None
        if email:
            candidate = db.session.scalar(select(Candidate).where(Candidate.email == email).limit(1))
        if candidate is None:
            candidate = Candidate(name=candidate_name.strip(), email=email)
            db.session.add(candidate)
    session = InterviewSession(
        position=position,
        candidate=candidate,
        token=new_invite_token(),
        expires_at=utcnow() + timedelta(days=current_app.config["INVITE_TTL_DAYS"]),
        language=language,
        question_ids=[q.id for q in questions],
        created_by_id=created_by_id,
    )
    db.session.add(session)
    db.session.commit()
    log.info("invited session_id=%s position_id=%s candidate_id=%s", session.id, position.id, candidate.id)
    return session


def session_by_token(token: str) -> InterviewSession:
    """The session an invite link opens; an unknown or expired token opens nothing."""
    if not token or len(token) > 64:
        raise NotFound(_("This interview link is not valid."))
    session = db.session.scalar(select(InterviewSession).where(InterviewSession.token == token))
    if session is None:
        raise NotFound(_("This interview link is not valid."))
    return session


def ensure_open(session: InterviewSession) -> None:
    if session.status == "withdrawn":
        raise ServiceError(_("This interview was withdrawn."), status=410)
    if session.status != "completed" and session.is_expired(utcnow()):
        raise ServiceError(_("This interview link has expired. Ask the recruiter for a new one."), status=410)


def record_consent(session: InterviewSession) -> None:
    ensure_open(session)
    if session.consent_at is None:
        session.consent_at = utcnow()
        session.consent_version = CONSENT_VERSION
    if session.status == "invited":
        session.status = "in_progress"
        session.started_at = utcnow()
    db.session.commit()


def session_questions(session: InterviewSession) -> list[Question]:
    by_id = {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(session.question_ids)))}
    return [by_id[qid] for qid in session.question_ids if qid in by_id]


@dataclass(frozen=True)
class Progress:
    total: int
    answered: int
    current: Question | None  # the first unanswered question
    current_number: int  # 1-based position of ``current``

    @property
    def done(self) -> bool:
        return self.current is None


def progress(session: InterviewSession) -> Progress:
    questions = session_questions(session)
    answered = {a.question_id for a in session.answers}
    for number, question in enumerate(questions, start=1):
        if question.id not in answered:
            return Progress(len(questions), len(answered), question, number)
    return Progress(len(questions), len(answered), None, len(questions))


def require_answerable(session: InterviewSession, question_id: int) -> Question:
    ensure_open(session)
    if session.consent_at is None:
        raise ServiceError(_("Please read and accept the consent first."))
    if session.status == "completed":
        raise Conflict(_("This interview is already finished."))
    if question_id not in session.question_ids:
        raise NotFound(_("This question is not part of your interview."))
    question = db.session.get(Question, question_id)
    if question is None:
        raise NotFound(_("This question is not part of your interview."))
    return question


def existing_answer(session: InterviewSession, question_id: int) -> Answer | None:
    return db.session.scalar(
        select(Answer).where(Answer.session_id == session.id, Answer.question_id == question_id)
    )


def submit_text_answer(session: InterviewSession, question_id: int, text: str) -> tuple[Answer, bool]:
    """Store a typed answer; a repeated submit of the same question returns the first one."""
    require_answerable(session, question_id)
    # Browsers send a typed line break as CR LF but count it as one character, as the
    # answer box's limit does: store and count it as one.
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ServiceError(_("Please write an answer before submitting."))
    if len(text) > MAX_TEXT_ANSWER_CHARS:
        raise ServiceError(_("Answers are limited to %(limit)s characters.", limit=f"{MAX_TEXT_ANSWER_CHARS:,}"))
    return store_answer(session, question_id, mode="text", text=text)


def store_answer(session: InterviewSession, question_id: int, **fields) -> tuple[Answer, bool]:
    previous = existing_answer(session, question_id)
    if previous is not None:
        return previous, False
    answer = Answer(session_id=session.id, question_id=question_id, **fields)
    db.session.add(answer)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a double click won the race; keep its answer
        previous = existing_answer(session, question_id)
        if previous is None:
            raise
        return previous, False
    log.info("answer stored session_id=%s answer_id=%s mode=%s", session.id, answer.id, answer.mode)
    return answer, True


def finish(session: InterviewSession) -> bool:
    """Mark the interview complete; returns False if it already was."""
    if session.status == "completed":
        return False
    ensure_open(session)
    state = progress(session)
    if state.answered == 0:
        raise ServiceError(_("Answer at least one question before finishing."))
    session.status = "completed"
    session.completed_at = utcnow()
    db.session.commit()
    log.info("interview finished session_id=%s answers=%s", session.id, state.answered)
    return True


def get_session(session_id: int) -> InterviewSession:
    session = db.session.get(InterviewSession, session_id)
    if session is None:
        raise NotFound(_("No interview with this id."))
    return session
