"""Transient errors retry with backoff; cancelled work stays cancelled across worker restarts."""

from __future__ import annotations

import time

import pytest

from tests.helpers import login, make_user
from tests.reliability.conftest import record_state, start_probe, wait_until
from tests.reliability.probe_tasks import FLAKY, STEPS, marker_lines

pytestmark = pytest.mark.worker

JSON = {"Accept": "application/json"}


def final(record_id: str, worker, timeout: float = 60):
    return wait_until(lambda: (r := record_state(record_id)) and r.is_final and r, timeout, worker.tail)


def test_a_transient_error_retries_with_backoff_visible_on_the_status_route(rapp, spawn):
    make_user()
    client = rapp.test_client()
    login(client)
    worker = spawn()
    record_id = start_probe(FLAKY, 1, 2)  # fails twice, succeeds on the third attempt

    seen: list[dict] = []

    def poll():
        data = client.get(f"/interviews/task-status/{record_id}", headers=JSON).json["data"]
        seen.append(data)
        return data["state"] in ("succeeded", "failed")

    wait_until(poll, 60, worker.tail, every=0.1)
    retrying = [d for d in seen if d["state"] == "retrying"]
    assert retrying, [d["state"] for d in seen]
    assert retrying[0]["next_retry_at"] and retrying[0]["retries"] >= 1
    assert "attempt 2 of 3" in retrying[0]["step"] and "503" in retrying[0]["step"]
    assert seen[-1]["state"] == "succeeded", seen[-1]
    record = record_state(record_id)
    assert record.retries == 2 and record.deliveries == 3 and record.crashes == 0
    # Backoff: two waits of at least 0.5 s and 1 s (base 1 s, full jitter from half).
    assert (record.finished_at - record.started_at).total_seconds() >= 1.5
    # The progress fragment says when the next attempt comes.
    html = client.get(f"/interviews/task-status/{record_id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Finished" in html


def test_an_exhausted_transient_error_ends_failed_with_a_readable_message(rapp, spawn):
    worker = spawn()
    record_id = start_probe(FLAKY, 2, 10)  # more failures than TASK_MAX_RETRIES=2 allows
    record = final(record_id, worker)
    assert record.state == "failed"
    assert record.error.startswith("Gave up after 3 attempts: TransientError: the service answered 503")
    assert record.error_ref and "TransientError" in record.traceback
    assert record.retries == 2 and record.crashes == 0


def test_cancel_of_a_queued_task_holds_when_a_worker_starts_later(rapp, spawn, tmp_path):
    make_user()
    client = rapp.test_client()
    token = login(client)
    marker = str(tmp_path / "steps.log")
    record_id = start_probe(STEPS, 3, 2, 0.1, marker)  # no worker yet: the message waits in Redis
    response = client.post(f"/operations/tasks/{record_id}/cancel", headers={**JSON, "X-CSRFToken": token})
    assert response.status_code == 200, response.json
    # No worker heard the revoke; our table decides when the message is delivered.
    worker = spawn()
    after = start_probe(STEPS, 4, 1, 0.1, marker)
    final(after, worker)
    record = record_state(record_id)
    assert record.state == "cancelled" and record.started_at is None and record.deliveries == 0
    assert sum(1 for line in marker_lines(marker) if line.startswith("start")) == 1  # only the second one ran


def test_cancel_of_a_running_task_stops_it_and_a_worker_restart_does_not_revive_it(rapp, spawn, tmp_path):
    make_user()
    client = rapp.test_client()
    token = login(client)
    marker = str(tmp_path / "steps.log")
    worker = spawn()
    record_id = start_probe(STEPS, 5, 40, 0.25, marker)  # ten seconds of steps
    wait_until(lambda: record_state(record_id).progress >= 5, 60, worker.tail)
    htmx = client.post(
        f"/operations/tasks/{record_id}/cancel", headers={"HX-Request": "true", "X-CSRFToken": token}
    )
    assert htmx.status_code == 200 and "Cancelled" in htmx.get_data(as_text=True)
    assert htmx.headers["HX-Trigger"] == "tasks-changed"
    # It stops at its next step, well before its ten seconds.
    wait_until(lambda: "task cancelled" in worker.tail(200), 10, worker.tail)
    # Restart the worker; its replacement finds nothing to redo.
    from tests.conftest import stop_process

    stop_process(worker)
    second = spawn()
    probe = start_probe(STEPS, 6, 1, 0.1, marker)
    final(probe, second)
    time.sleep(1)
    record = record_state(record_id)
    assert record.state == "cancelled" and record.deliveries == 1
    lines = marker_lines(marker)
    assert sum(1 for line in lines if line.startswith("start")) == 2, lines
    assert sum(1 for line in lines if line.startswith("done")) == 1, lines  # only the later probe
    assert client.post(f"/operations/tasks/{record_id}/cancel", headers={**JSON, "X-CSRFToken": token}).status_code == 409


def test_retry_and_cancel_need_staff_and_unknown_ids_are_404(rapp):
    client = rapp.test_client()
    assert client.post("/operations/tasks/nope/retry", headers=JSON).status_code in (400, 401)
    make_user()
    token = login(client)
    for action in ("retry", "cancel"):
        response = client.post(f"/operations/tasks/nope/{action}", headers={**JSON, "X-CSRFToken": token})
        assert response.status_code == 404, action


def test_a_running_task_whose_record_is_deleted_stops_without_writing(rapp, spawn, tmp_path):
    """A record that disappears under running work (rows deleted by hand, a database restored
    from an older backup): the work stops at its next step instead of writing results for
    rows that are gone or, on SQLite, for new rows that reuse their ids."""
    from sqlalchemy import delete

    from webapp.extensions import db
    from webapp.models import TaskRecord

    marker = str(tmp_path / "steps.log")
    worker = spawn()
    record_id = start_probe(STEPS, 7, 40, 0.25, marker)  # ten seconds of steps
    wait_until(lambda: record_state(record_id).progress >= 5, 60, worker.tail)
    db.session.execute(delete(TaskRecord).where(TaskRecord.id == record_id))
    db.session.commit()
    wait_until(lambda: "task cancelled" in worker.tail(200), 10, worker.tail)
    time.sleep(0.5)
    lines = marker_lines(marker)
    assert [line.split()[0] for line in lines] == ["start"], lines
