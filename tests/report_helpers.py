"""Interviews analysed and reported in-process (no worker): typed answers, good, weak and off topic."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from flask import current_app

from webapp.extensions import db
from webapp.models import InterviewSession, Position
from webapp.models.base import utcnow
from webapp.services import analysis as analysis_service
from webapp.services import positions as position_service
from webapp.services import question_bank
from webapp.services import reports as report_service
from webapp.services import sessions as session_service

DATA = Path(__file__).resolve().parent / "data"
ANSWERS = json.loads((DATA / "answers.json").read_text(encoding="utf-8"))
KEYS = ("backend.slow_query", "backend.caching", "beh.conflict", "beh.improvement")
WEAK_CACHING = "I would use a cache. It makes things faster."
TEXTS = {
    "good": {
        "backend.slow_query": ANSWERS["answers"][0]["good_en"],
        "backend.caching": "I would put Redis in front of the database with a cache-aside pattern: read from Redis first, "
        "on a miss load from PostgreSQL and store it with a TTL of 5 minutes. When an order changes I delete the key, "
        "so readers never see stale data for long. To avoid a stampede on hot keys I add a short lock. I measure the "
        "hit rate, which was 92 percent in my last job, and the p95 latency dropped from 300 ms to 40 ms.",
        "beh.conflict": ANSWERS["answers"][4]["good_en"],
        "beh.improvement": ANSWERS["star_full_en"],
    },
    "mixed": {
        "backend.slow_query": ANSWERS["answers"][0]["good_en"],
        "backend.caching": WEAK_CACHING,
        "beh.conflict": ANSWERS["answers"][4]["off_topic_en"],
        "beh.improvement": ANSWERS["star_no_result_en"],
    },
    "weak": {
        "backend.slow_query": ANSWERS["answers"][0]["off_topic_en"],
        "backend.caching": WEAK_CACHING,
        "beh.conflict": ANSWERS["answers"][4]["off_topic_en"],
        "beh.improvement": ANSWERS["star_no_result_en"],
    },
}


def quiet(*args, **kwargs) -> None:
    """Progress sink for service calls made outside a task."""


def make_bank_position(title: str = "Backend Engineer", **kw):
    data = question_bank.position_input("backend_engineer", title=title)
    questions = [question_bank.question_input(question_bank.find_question(k)) for k in KEYS]
    return position_service.create_position(replace(data, questions=questions, **kw))


def interview(
    position, name: str, answers: dict[str, str], *, email: str | None = None, language: str = "en"
) -> InterviewSession:
    """Invite, answer in the question order (skipping keys not given), finish, analyse, report.

    The work runs in an app context of its own, as a worker would: the analysis closes its
    database session, which must not detach the caller's objects (or the signed-in user).
    """
    position_id = position.id
    with current_app.app_context():
        position = db.session.get(Position, position_id)
        session = session_service.invite(position, candidate_name=name, candidate_email=email, language=language)
        session_service.record_consent(session)
        for question in session_service.session_questions(session):
            if question.bank_key in answers:
                session_service.submit_text_answer(session, question.id, answers[question.bank_key])
        session.status, session.completed_at = "completed", utcnow()
        db.session.commit()
        session_id, answer_ids = session.id, [a.id for a in session.answers]
        for answer_id in answer_ids:
            analysis_service.analyse_answer(answer_id, quiet)
        report_service.build_report(session_id, quiet)
        db.session.remove()
    db.session.expire_all()
    return db.session.get(InterviewSession, session_id)
