"""A task's attempt is named only after a real retry or crash, and says which.

The interview analysis is delivered twice by design (once to queue its answers, once to combine
them), so its delivery count is not a count of attempts: "Done · attempt 2" for an analysis that
never failed was wrong.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers import login, make_user
from webapp.extensions import db
from webapp.models import TaskRecord
from webapp.models.base import utcnow

HTMX = {"HX-Request": "true"}


def record(state: str, deliveries: int, retries: int = 0, crashes: int = 0, **kw) -> TaskRecord:
    row = TaskRecord(task_name="webapp.tasks.interview.process_interview_analysis", kind="interview_analysis",
                     subject_type="session", subject_id=1, state=state, deliveries=deliveries, retries=retries,
                     crashes=crashes, progress=100 if state == "succeeded" else 50,
                     step="Done" if state == "succeeded" else "Combining the answers", heartbeat_at=utcnow(), **kw)
    db.session.add(row)
    db.session.commit()
    return row


def step_of(client, row: TaskRecord) -> str:
    html = client.get(f"/interviews/task-status/{row.id}", headers=HTMX).get_data(as_text=True)
    step = re.search(r'<div class="step">(.*?)</div>', html, re.S)[1]
    return " ".join(re.sub(r"<[^>]+>", "", step).split())


@pytest.mark.parametrize(
    ("deliveries", "retries", "crashes", "shown"),
    [
        (2, 0, 0, None),  # waiting for the answers, then combining them: one attempt
        (1, 0, 0, None),
        (3, 1, 0, "attempt 2: 1 retry after an error"),
        (3, 0, 1, "attempt 2: 1 restart after its worker stopped"),
        (5, 2, 1, "attempt 4: 2 retries after errors, 1 restart after its worker stopped"),
    ],
)
def test_the_progress_bar_names_the_attempt_only_after_a_retry_or_crash(app, client, deliveries, retries, crashes, shown):
    make_user()
    login(client)
    step = step_of(client, record("succeeded", deliveries, retries, crashes))
    if shown is None:
        assert step == "Done" and "attempt" not in step
    else:
        assert step == f"Done · {shown}"


def test_the_operations_page_names_attempts_the_same_way(app, client):
    make_user(role="admin")
    login(client)
    waiting = record("running", 2)
    restarted = record("running", 3, crashes=1)
    failed = record("failed", 4, retries=2, error="Gave up after 3 attempts", finished_at=utcnow())
    page = client.get("/operations/").get_data(as_text=True)
    live = page.split("Not finished", 1)[1].split("</section>", 1)[0]
    row = live.split(waiting.id, 1)[1].split("</tr>", 1)[0]
    assert "attempt" not in row
    row = " ".join(live.split(restarted.id, 1)[1].split("</tr>", 1)[0].split())
    assert "attempt 2: 1 restart after its worker stopped" in row
    failures = " ".join(page.split('id="failures"', 1)[1].split("</section>", 1)[0].split())
    assert f"failure-{failed.id}" in failures and "attempt 3: 2 retries after errors" in failures
