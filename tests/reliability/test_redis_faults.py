"""Redis restarts mid-task, and Redis down while people use the product.

The module owns its Redis server (append-only persistence, as shipped), so it
can stop and start it; workers and gunicorn are real processes pointed at it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import ROOT, ProcessHandle, stop_process
from tests.helpers import PASSWORD, login, make_session, make_user
from tests.reliability.conftest import record_state, start_probe, wait_until
from tests.reliability.probe_tasks import STEPS, marker_lines
from webapp.extensions import db
from webapp.models import TaskRecord
from webapp.services import sessions as session_service

pytestmark = pytest.mark.worker

GOOD = (
    "I would model orders as resources at /orders and /orders/{id}, use GET to read, POST to create "
    "returning 201 Created, PATCH to update and DELETE to cancel; a missing order gives 404."
)


def answered_session(name: str = "Ada"):
    session = make_session(name=name)
    session_service.record_consent(session)
    for qid in session.question_ids:
        session_service.submit_text_answer(session, qid, GOOD)
    return session


def test_redis_restart_mid_task_the_worker_reconnects_and_the_task_finishes_once(rapp, spawn, redis_server, tmp_path):
    worker = spawn(concurrency=1)
    marker = str(tmp_path / "steps.log")
    record_id = start_probe(STEPS, 1, 16, 0.5, marker)
    wait_until(lambda: record_state(record_id).progress >= 10, 60, worker.tail)

    redis_server.stop()
    time.sleep(2)
    redis_server.start()

    record = wait_until(lambda: (r := record_state(record_id)) and r.is_final and r, 90, worker.tail)
    assert record.state == "succeeded", (record.error, worker.tail())
    assert worker.proc.poll() is None, "the worker process must survive a Redis restart:\n" + worker.tail()
    # The worker consumes again: a task sent after the restart runs too.
    after = start_probe(STEPS, 2, 1, 0.1, marker)
    assert wait_until(lambda: (r := record_state(after)) and r.is_final and r, 60, worker.tail).state == "succeeded"
    # Give a redelivery of the first message (restored on reconnect) time to show up: it is skipped.
    time.sleep(3)
    lines = marker_lines(marker)
    assert sum(1 for line in lines if line.startswith("done")) == 2, lines
    assert record_state(record_id).deliveries == 1


@pytest.fixture
def own_server(rel_env, tmp_path):
    """gunicorn on this module's Redis, as deployed."""
    from scripts.embedded_redis import free_port

    port = free_port()
    log = tmp_path / "gunicorn.log"
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "wsgi:app"],
        cwd=ROOT, env={**os.environ, **rel_env}, stdout=open(log, "ab"), stderr=subprocess.STDOUT,
    )
    handle = ProcessHandle(proc, log)
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1):
                return True
        except OSError:
            return False

    wait_until(up, 60, handle.tail, every=0.2)
    yield url
    stop_process(handle)


def timed_get(client, path: str, **kw):
    started = time.monotonic()
    response = client.get(path, **kw)
    return response, time.monotonic() - started


def test_with_redis_down_every_page_loads_and_starting_fails_fast(rapp, redis_server):
    make_user("admin@example.org", "admin")
    client = rapp.test_client()
    token = login(client, "admin@example.org")
    session = answered_session()
    from webapp.services import analysis as analysis_service

    done, _ = analysis_service.start_session_analysis(session)  # while Redis is up: a record to look at
    redis_server.stop()
    try:
        json = {"Accept": "application/json"}
        pages = [
            ("/", {}), ("/positions/", {}), (f"/interviews/{session.id}", {}), (f"/interviews/{session.id}/report", {}),
            (f"/interviews/task-status/{done.id}", {}), (f"/interviews/task-status/{done.id}", {"HX-Request": "true"}),
            (f"/interviews/task-status/{done.id}", json), ("/operations/", {}), ("/operations/summary", {}),
            ("/operations/workers", {}), (f"/i/{session.token}", {}), ("/healthz", {}),
        ]
        for path, headers in pages:
            response, elapsed = timed_get(client, path, headers=headers)
            assert response.status_code == 200, (path, response.status_code, response.get_data(as_text=True)[:300])
            assert elapsed < 2, (path, elapsed)
        status, _ = timed_get(client, f"/interviews/task-status/{done.id}", headers=json)
        assert status.json["data"]["state"] == "queued"
        assert status.json["data"]["celery"]["available"] is False
        celery_view, elapsed = timed_get(client, f"/interviews/celery-task-status/{done.celery_task_id}")
        assert celery_view.status_code == 503 and "Redis cannot be reached" in celery_view.json["message"]
        assert elapsed < 2
        ops = client.get("/operations/").get_data(as_text=True)
        assert "Redis cannot be reached." in ops
        for path in ("/interviews/task-status/nope", "/interviews/celery-task-status/0f8fad5b-d9cb-469f-a165-70867728950e"):
            assert client.get(path, headers=json).status_code == 404, path

        # Starting fails within 2 seconds with a clear message and records nothing half-way.
        db.session.execute(TaskRecord.__table__.delete())
        db.session.commit()
        started = time.monotonic()
        response = client.post(f"/interviews/{session.id}/analysis", headers={**json, "X-CSRFToken": token})
        assert time.monotonic() - started < 2
        assert response.status_code == 503
        assert "cannot be reached" in response.json["message"]
        states = db.session.scalars(select(TaskRecord.state)).all()
        assert states == ["failed"], states
        db.session.rollback()
    finally:
        redis_server.start()


def test_stop_redis_start_from_the_page_then_start_again_when_it_is_back(rapp, own_server, spawn, redis_server, browser):
    make_user("hr@example.org", "hr")
    session = answered_session("Grace")
    worker = spawn(concurrency=1)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(own_server + "/login")
    page.fill("input[name=email]", "hr@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(own_server + "/")
    page.goto(f"{own_server}/interviews/{session.id}")

    redis_server.stop()
    try:
        started = time.monotonic()
        page.click("button:has-text('Start analysis')")
        page.wait_for_selector("text=cannot be reached", timeout=5000)
        assert time.monotonic() - started < 2.5  # 2 s for the server, the rest is the browser
        page.screenshot(path=str(Path(os.environ.get("SCREENSHOT_DIR", "/tmp")) / "redis-down-start.png"))
        assert db.session.scalars(select(TaskRecord.state)).all() == ["failed"]
        db.session.rollback()
    finally:
        redis_server.start()

    # Redis is back: no restart of anything, the next start works and finishes.
    page.goto(f"{own_server}/interviews/{session.id}")
    page.click("button:has-text('Retry')")
    page.wait_for_selector(".task.succeeded >> text=Analysis", timeout=60000)
    assert worker.proc.poll() is None
    states = sorted(db.session.scalars(select(TaskRecord.state).where(TaskRecord.kind == "interview_analysis")).all())
    assert states == ["failed", "succeeded"], states
    db.session.rollback()
