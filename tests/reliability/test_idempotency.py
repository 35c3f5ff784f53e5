"""The same analysis delivered twice produces one set of results."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.helpers import make_session
from tests.reliability.conftest import record_state, wait_until
from webapp.extensions import db
from webapp.models import AnswerAnalysis, Report, SessionAnalysis, TaskRecord
from webapp.services import analysis as analysis_service
from webapp.services import sessions as session_service
from webapp.services import task_records as records
from webapp.tasks import names

pytestmark = pytest.mark.worker

ANSWER = (
    "I would model orders as resources at /orders and /orders/{id}, use GET to read, POST to create "
    "returning 201 Created, PATCH to update and DELETE to cancel; validation errors give 400."
)


def count(model) -> int:
    db.session.expire_all()
    value = db.session.scalar(select(func.count()).select_from(model))
    db.session.rollback()
    return value


def test_every_message_delivered_twice_gives_one_set_of_results(rapp, spawn):
    worker = spawn(concurrency=2)  # two processes, so the copies can run at the same time
    session = make_session(name="Twice")
    session_service.record_consent(session)
    answers = [session_service.submit_text_answer(session, qid, ANSWER)[0] for qid in session.question_ids]

    # Each answer's analysis sent twice with the same id (a duplicate enqueue, or
    # Redis handing the message out again), then the interview's, also twice.
    for answer in answers:
        record = analysis_service.start_answer_analysis(answer)
        records.send(record.task_name, record.args, task_id=record.celery_task_id)
    parent, _ = analysis_service.start_session_analysis(session)
    records.send(parent.task_name, parent.args, task_id=parent.celery_task_id)

    done = wait_until(lambda: (r := record_state(parent.id)) and r.is_final and r, 90, worker.tail)
    assert done.state == "succeeded", (done.error, worker.tail())
    report = records.latest_record(names.KIND_INTERVIEW_REPORT, "session", session.id)
    wait_until(lambda: record_state(report.id).state == "succeeded", 60, worker.tail)
    # Every copy handled: 2 x 2 answers, 2 x the interview, its aggregation and the report.
    wait_until(lambda: worker.tail(400).count("succeeded in") >= 8, 30, worker.tail)

    assert count(AnswerAnalysis) == 2
    assert count(SessionAnalysis) == 1
    assert count(Report) == 1
    rows = db.session.scalars(select(TaskRecord).where(TaskRecord.kind == names.KIND_ANSWER_ANALYSIS)).all()
    # Each answer ran once; its copy was skipped without counting as an attempt.
    assert [r.deliveries for r in rows] == [1, 1] and all(r.state == "succeeded" for r in rows)
    assert db.session.scalar(
        select(func.count()).select_from(TaskRecord).where(TaskRecord.kind == names.KIND_INTERVIEW_REPORT)
    ) == 1
    assert "skip delivery" in worker.tail(400)
    db.session.rollback()
