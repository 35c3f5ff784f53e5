"""The operations page: a real failure with its traceback and reference, and a Retry that works."""

from __future__ import annotations

import pytest

from tests.helpers import login, make_session, make_user
from tests.reliability.conftest import record_state, wait_until
from webapp.services import sessions as session_service
from webapp.services import task_records as records
from webapp.tasks import names

pytestmark = pytest.mark.worker

JSON = {"Accept": "application/json"}
ANSWER = "I would model orders as resources at /orders/{id}; POST returns 201 Created and a missing order 404."


def test_a_real_failure_shows_with_its_traceback_and_retry_fixes_it(rapp, spawn):
    make_user("admin@example.org", "admin")
    client = rapp.test_client()
    token = login(client, "admin@example.org")
    worker = spawn(concurrency=1)
    session = make_session(name="Katherine")
    session_service.record_consent(session)
    for qid in session.question_ids:
        session_service.submit_text_answer(session, qid, ANSWER)

    # A report asked for before any analysis fails, for a reason a person can read.
    started = client.post(f"/interviews/{session.id}/report", headers={**JSON, "X-CSRFToken": token})
    failed_id = started.json["data"]["task_id"]
    failed = wait_until(lambda: (r := record_state(failed_id)) and r.is_final and r, 60, worker.tail)
    assert failed.state == "failed" and "not analysed yet" in failed.error

    page = client.get("/operations/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert failed.error_ref in html and "The answers are not analysed yet" in html
    assert "Traceback (most recent call last)" in html and "PermanentTaskError" in html
    assert f"/operations/tasks/{failed_id}/retry" in html
    for queue in ("interview", "analysis", "profile"):
        assert f"<code>{queue}</code>" in html
    assert "Redis cannot be reached" not in html

    # The last-day figures count it.
    summary = client.get("/operations/summary", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Report" in summary and "0 %" in summary

    # Workers answer the broadcast.
    workers = client.get("/operations/workers", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "test-" in workers and "interview" in workers

    # Analyse, then Retry the report from the operations page: it runs and succeeds.
    client.post(f"/interviews/{session.id}/analysis", headers={**JSON, "X-CSRFToken": token})
    analysis = records.latest_record(names.KIND_INTERVIEW_ANALYSIS, "session", session.id)
    wait_until(lambda: record_state(analysis.id).state == "succeeded", 60, worker.tail)
    auto_report = records.latest_record(names.KIND_INTERVIEW_REPORT, "session", session.id)
    wait_until(lambda: record_state(auto_report.id).is_final, 60, worker.tail)

    retried = client.post(f"/operations/tasks/{failed_id}/retry", headers={"HX-Request": "true", "X-CSRFToken": token})
    assert retried.status_code == 200 and retried.headers["HX-Trigger"] == "tasks-changed"
    new_id = records.latest_record(names.KIND_INTERVIEW_REPORT, "session", session.id).id
    assert new_id not in (failed_id, auto_report.id)
    assert f'id="task-{new_id}"' in retried.get_data(as_text=True)
    assert wait_until(lambda: (r := record_state(new_id)) and r.is_final and r, 60, worker.tail).state == "succeeded"
    # Retrying what is not failed is refused.
    again = client.post(f"/operations/tasks/{new_id}/retry", headers={**JSON, "X-CSRFToken": token})
    assert again.status_code == 409


def test_the_operations_page_is_for_admins(rapp):
    make_user("hr@example.org", "hr")
    client = rapp.test_client()
    login(client)
    assert client.get("/operations/").status_code == 403
    assert client.get("/operations/summary").status_code == 403
    assert "Operations" not in client.get("/").get_data(as_text=True)
