"""The task contract of PRODUCT.md section 3, through a real worker on a real Redis."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from tests.helpers import login, make_session, make_user, wait_for_task
from webapp.extensions import db
from webapp.models import AnswerAnalysis, Report, TaskRecord
from webapp.services import analysis as analysis_service
from webapp.services import sessions as session_service
from webapp.services import task_records as records
from webapp.tasks import names

GOOD = (
    "I would model orders as resources at /orders and /orders/{id}, use GET to read, POST to create "
    "returning 201 Created, PATCH to update and DELETE to cancel; validation errors give 400, a missing "
    "order 404 and a conflicting update 409. I version the API under /v1/ and paginate list endpoints."
)
STAR = (
    "Last year two engineers on my team disagreed about the database migration plan. My task was to get "
    "a decision before the release. I met each of them, wrote down both options with their risks and ran a "
    "short meeting where we compared them against our uptime goal. As a result we chose the staged "
    "migration, shipped on time with zero downtime, and both said the process felt fair."
)


def answered_session(name: str = "Ada", answers=(GOOD, STAR)):
    session = make_session(name=name)
    session_service.record_consent(session)
    for qid, text in zip(session.question_ids, answers):
        session_service.submit_text_answer(session, qid, text)
    return session


@pytest.fixture
def staff(client):
    make_user()
    return login(client)


def test_unknown_ids_are_404(client, staff):
    for path in (
        "/interviews/task-status/nope",
        "/interviews/task-status/0f8fad5b-d9cb-469f-a165-70867728950e",
        "/interviews/celery-task-status/0f8fad5b-d9cb-469f-a165-70867728950e",
    ):
        response = client.get(path, headers={"Accept": "application/json"})
        assert response.status_code == 404, path
        assert response.json["message"]
    assert client.post("/interviews/999/analysis", headers={"Accept": "application/json", "X-CSRFToken": staff}).status_code == 404


def test_starting_without_answers_is_a_clear_conflict(client, staff):
    session = make_session()
    response = client.post(
        f"/interviews/{session.id}/analysis", headers={"Accept": "application/json", "X-CSRFToken": staff}
    )
    assert response.status_code == 409
    assert "no answers" in response.json["message"]


def test_double_start_returns_the_running_task(app):
    session = answered_session()
    # A running record exists: starting again must return it and enqueue nothing.
    running = TaskRecord(
        task_name=names.PROCESS_INTERVIEW_ANALYSIS,
        kind=names.KIND_INTERVIEW_ANALYSIS,
        subject_type="session",
        subject_id=session.id,
        live_key=records.live_key(names.KIND_INTERVIEW_ANALYSIS, "session", session.id),
        state="running",
    )
    db.session.add(running)
    db.session.commit()
    record, created = analysis_service.start_session_analysis(session)
    assert not created and record.id == running.id


def test_racing_starts_create_one_record(app, worker):
    session = answered_session()
    results: list[str] = []

    def start() -> None:
        with app.app_context():
            record, _ = analysis_service.start_session_analysis(db.session.get(type(session), session.id))
            results.append(record.id)
            db.session.remove()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1
    count = db.session.scalar(
        select(func.count()).select_from(TaskRecord).where(TaskRecord.kind == names.KIND_INTERVIEW_ANALYSIS)
    )
    assert count == 1
    wait_for_task(results[0])


@pytest.mark.worker
def test_analysis_runs_on_the_worker_and_builds_the_report(client, staff, worker):
    session = answered_session()
    response = client.post(
        f"/interviews/{session.id}/analysis", headers={"Accept": "application/json", "X-CSRFToken": staff}
    )
    assert response.status_code in (200, 202), response.json
    body = response.json
    assert set(body) == {"message", "data"}
    task_id, celery_id = body["data"]["task_id"], body["data"]["celery_task_id"]
    assert task_id and celery_id and task_id != celery_id

    seen_progress: list[int] = []
    deadline = time.monotonic() + 180
    while True:
        status = client.get(f"/interviews/task-status/{task_id}", headers={"Accept": "application/json"})
        assert status.status_code == 200
        data = status.json["data"]
        seen_progress.append(data["progress"])
        if data["state"] in ("succeeded", "failed"):
            break
        assert time.monotonic() < deadline, f"analysis stuck: {data}\n{worker.tail()}"
        time.sleep(0.1)
    assert data["state"] == "succeeded", (data, worker.tail())
    assert data["progress"] == 100 and data["finished_at"]
    assert seen_progress == sorted(seen_progress), "progress never goes backwards"
    assert {"task_id", "celery_task_id", "state", "progress", "step", "attempts", "error", "celery"} <= set(data)

    # The same record answers to its Celery id.
    by_celery = client.get(f"/interviews/task-status/{celery_id}", headers={"Accept": "application/json"})
    assert by_celery.json["data"]["task_id"] == task_id
    celery_view = client.get(f"/interviews/celery-task-status/{celery_id}")
    assert celery_view.status_code == 200
    assert celery_view.json["data"]["state"] in ("SUCCESS", "PROGRESS", "STARTED")

    # Each answer analysed once, and the report follows on its own.
    assert db.session.scalar(select(func.count()).select_from(AnswerAnalysis)) == 2
    report_task = records.latest_record(names.KIND_INTERVIEW_REPORT, "session", session.id)
    assert report_task is not None
    assert wait_for_task(report_task.id).state == "succeeded", worker.tail()
    report = client.get(f"/interviews/{session.id}/report", headers={"Accept": "application/json"})
    assert report.status_code == 200
    assert report.json["data"]["scores"]["competencies"]

    # Running it again is idempotent: same rows, updated in place.
    again = client.post(f"/interviews/{session.id}/analysis", headers={"Accept": "application/json", "X-CSRFToken": staff})
    wait_for_task(again.json["data"]["task_id"])
    wait_for_task(records.latest_record(names.KIND_INTERVIEW_REPORT, "session", session.id).id)
    assert db.session.scalar(select(func.count()).select_from(AnswerAnalysis)) == 2
    assert db.session.scalar(select(func.count()).select_from(Report)) == 1


@pytest.mark.worker
def test_progress_fragment_polls_while_live_and_stops_when_done(client, staff, worker):
    session = answered_session()
    record, _ = analysis_service.start_session_analysis(session)
    htmx = {"HX-Request": "true"}
    first = client.get(f"/interviews/task-status/{record.id}", headers=htmx)
    assert first.status_code == 200
    assert first.headers["Vary"].startswith("HX-Request")
    wait_for_task(record.id)
    final = client.get(f"/interviews/task-status/{record.id}", headers=htmx)
    html = final.get_data(as_text=True)
    assert "hx-trigger" not in html and "hx-get" not in html
    assert final.headers["HX-Trigger"] == "task-finished"
    assert "100 %" in html


def test_queue_down_fails_fast_and_leaves_nothing_queued(stack_env):
    from scripts.embedded_redis import free_port
    from webapp import create_app

    app = create_app({"TESTING": True, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})
    with app.app_context():
        from tests.conftest import _clear_tables

        _clear_tables()
        make_user()
        client = app.test_client()
        token = login(client)
        session = answered_session()
        started = time.monotonic()
        response = client.post(
            f"/interviews/{session.id}/analysis", headers={"Accept": "application/json", "X-CSRFToken": token}
        )
        elapsed = time.monotonic() - started
        assert response.status_code == 503
        assert "cannot be reached" in response.json["message"]
        assert elapsed < 5
        states = db.session.scalars(select(TaskRecord.state)).all()
        assert "queued" not in states
        # The answers are all still there.
        assert len(session.answers) == 2
        db.session.remove()
        db.engine.dispose()
