"""kill -9 while an analysis runs, and a task that always kills its process.

Each test starts its own worker on this module's Redis, kills real processes
with SIGKILL and checks our table and the analysis rows afterwards: the work
ran again, finished, and left exactly one result.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import _clear_tables
from tests.helpers import make_session
from tests.reliability.conftest import (
    kill_worker_tree,
    pool_processes,
    record_state,
    start_probe,
    wait_until,
)
from tests.reliability.probe_tasks import CRASH, marker_lines
from webapp.extensions import db
from webapp.models import AnswerAnalysis, Report, SessionAnalysis, TaskRecord
from webapp.services import analysis as analysis_service
from webapp.services import sessions as session_service
from webapp.tasks import names

pytestmark = pytest.mark.worker

LONG_ANSWER = (Path(__file__).resolve().parents[1] / "data" / "answer_en.txt").read_text().strip()


def long_session(name: str):
    """An interview of two typed answers, long enough that analysing one takes a moment."""
    session = make_session(name=name)
    session_service.record_consent(session)
    text = (LONG_ANSWER + " ") * (19_000 // (len(LONG_ANSWER) + 1))
    for qid in session.question_ids:
        session_service.submit_text_answer(session, qid, text)
    return session


def answer_records(session_id: int) -> list[TaskRecord]:
    db.session.expire_all()
    rows = db.session.scalars(
        select(TaskRecord).where(TaskRecord.kind == names.KIND_ANSWER_ANALYSIS).order_by(TaskRecord.queued_at)
    ).all()
    for row in rows:
        db.session.expunge(row)
    db.session.rollback()
    return list(rows)


def kill_during_answer_analysis(session, kill) -> tuple[bool, str, str]:
    """Start the interview's analysis and kill as soon as an answer's analysis is running.

    Returns whether the kill landed while that analysis was still running (it
    can finish first: it takes well under a second), the interview analysis's
    record id and the killed answer analysis's record id.
    """
    parent, created = analysis_service.start_session_analysis(session)
    assert created

    def running_answer():
        return next((r for r in answer_records(session.id) if r.state == "running"), None)

    victim = wait_until(running_answer, 90, every=0.005)
    kill()
    db.session.expire_all()
    return record_state(victim.id).state != "succeeded", parent.id, victim.id


def assert_one_set_of_results(session_id: int, parent_id: str, worker) -> None:
    parent = wait_until(lambda: (r := record_state(parent_id)) and r.is_final and r, 120, worker.tail)
    assert parent.state == "succeeded", (parent.error, worker.tail())
    report = analysis_service.records.latest_record(names.KIND_INTERVIEW_REPORT, "session", session_id)
    wait_until(lambda: record_state(report.id).state == "succeeded", 60, worker.tail)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(AnswerAnalysis)) == 2
    assert db.session.scalar(select(func.count()).select_from(SessionAnalysis)) == 1
    assert db.session.scalar(select(func.count()).select_from(Report)) == 1
    db.session.rollback()


def test_kill_9_of_the_task_process_reruns_the_analysis_once(rapp, spawn):
    worker = spawn(concurrency=1)
    for attempt in range(3):
        session = long_session(f"Kill child {attempt}")
        landed, parent_id, victim_id = kill_during_answer_analysis(
            session, lambda: [os.kill(pid, signal.SIGKILL) for pid in pool_processes(worker)]
        )
        assert_one_set_of_results(session.id, parent_id, worker)
        if landed:
            break
        _clear_tables()
    else:
        pytest.fail("the analysis finished before every kill: nothing was tested")
    victim = record_state(victim_id)
    # Killed once mid-run, put back by the worker's main process, run again.
    assert victim.state == "succeeded"
    assert victim.crashes == 1 and victim.deliveries == 2, (victim.crashes, victim.deliveries)
    assert worker.proc.poll() is None, "the worker's main process survives its child"


def test_kill_9_of_the_whole_worker_comes_back_through_the_stall_check(rapp, spawn):
    spawn("beat")
    worker = spawn(concurrency=1)
    for attempt in range(3):
        session = long_session(f"Power cut {attempt}")
        landed, parent_id, victim_id = kill_during_answer_analysis(
            session, lambda w=worker: kill_worker_tree(w)
        )
        # Nobody acknowledges the message now (the visibility timeout is 15 minutes):
        # the heartbeat goes silent, beat's check marks the task stalled and sends it again.
        worker = spawn(concurrency=1)
        assert_one_set_of_results(session.id, parent_id, worker)
        if landed:
            break
        _clear_tables()
    else:
        pytest.fail("the analysis finished before every kill: nothing was tested")
    victim = record_state(victim_id)
    assert victim.state == "succeeded"
    assert victim.crashes == 1, victim.crashes


def test_a_task_that_always_kills_its_process_fails_after_the_cap(rapp, spawn, tmp_path):
    worker = spawn(concurrency=1)
    marker = str(tmp_path / "crash.log")
    record_id = start_probe(CRASH, 1, marker)
    record = wait_until(lambda: (r := record_state(record_id)) and r.is_final and r, 120, worker.tail)
    assert record.state == "failed"
    assert record.crashes == 3 and record.deliveries == 3, (record.crashes, record.deliveries)
    assert "Stopped after 3 attempts" in record.error
    assert record.error_ref
    # Three processes died, none after the cap; the worker itself carries on.
    assert len(marker_lines(marker)) == 3
    assert worker.proc.poll() is None
