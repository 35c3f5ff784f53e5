"""The periodic check and the delivery claim, on real rows and a real Redis (no worker).

Each case builds the rows a crash leaves behind, runs the check once, and
looks at both our table and the messages that reached Redis.
"""

from __future__ import annotations

from datetime import timedelta

import redis

from webapp.extensions import db
from webapp.models import TaskRecord
from webapp.models.base import utcnow
from webapp.models.tasks import new_id
from webapp.services import task_lifecycle as lifecycle
from webapp.services import task_records as records
from webapp.services.task_watch import check_tasks
from webapp.tasks import names

STALL = 6


def make_record(state: str, *, age: float = 0, kind: str = "probe", parent_id: str | None = None, **values) -> TaskRecord:
    now = utcnow()
    record = TaskRecord(
        id=new_id(),
        task_name="tests.reliability.probe_tasks.steps",
        kind=kind,
        subject_type="probe",
        subject_id=values.pop("subject_id", 1),
        state=state,
        parent_id=parent_id,
        live_key=None,
        heartbeat_at=now - timedelta(seconds=age) if state != "queued" else None,
        queued_at=now - timedelta(seconds=age + 1),
        **{"enqueued_at": now - timedelta(seconds=age + 1), **values},
    )
    record.args = [record.subject_id, record.id, 1, 0.1, "/dev/null"]
    db.session.add(record)
    db.session.commit()
    return record


def waiting(app, queue: str = "interview") -> list[bytes]:
    client = redis.Redis.from_url(app.config["REDIS_URL"])
    return client.lrange(app.config["CELERY_KEY_PREFIX"] + queue, 0, -1)


def check(**kw):
    return check_tasks(stall_seconds=STALL, max_crashes=3, visibility_timeout=900, **kw)


def reload(record_id: str) -> TaskRecord:
    db.session.expire_all()
    return db.session.get(TaskRecord, record_id)


def test_a_silent_running_task_is_marked_stalled_and_sent_again(rapp):
    silent = make_record("running", age=STALL + 5, delivery_id="d1")
    alive = make_record("running", age=1, subject_id=2)
    report = check()
    assert report.stalled == [silent.id] and report.resent == [silent.id]
    record = reload(silent.id)
    assert record.state == "stalled" and record.crashes == 1 and "No sign of life" in record.step
    assert reload(alive.id).state == "running"
    messages = waiting(rapp)
    assert len(messages) == 1 and silent.celery_task_id.encode() in messages[0]
    # A second check right away does nothing more: the record was just handled.
    assert check().resent == []


def test_a_task_silent_once_too_often_fails(rapp):
    record = make_record("running", age=STALL + 5, crashes=2)
    report = check()
    assert report.failed == [record.id] and not report.resent
    record = reload(record.id)
    assert record.state == "failed" and record.crashes == 3 and record.live_key is None
    assert "Stopped after 3 attempts" in record.error and record.error_ref
    assert waiting(rapp) == []


def test_a_parent_waiting_for_live_children_is_left_alone_until_they_end(rapp):
    parent = make_record("running", age=STALL + 5, kind=names.KIND_INTERVIEW_ANALYSIS)
    child = make_record("queued", age=0, parent_id=parent.id, subject_id=2)
    assert check().resent == []
    assert reload(parent.id).state == "running"
    # The children ended but nobody aggregated (the last one's worker died): run the parent again.
    records.succeed(child.id)
    report = check()
    assert report.stalled == [parent.id]
    assert reload(parent.id).state == "stalled"


def test_queued_work_whose_message_never_left_is_sent(rapp):
    lost = make_record("queued", age=60, enqueued_at=None)
    fresh = make_record("queued", age=5, enqueued_at=None, subject_id=2)
    sent = make_record("queued", age=60, subject_id=3)
    report = check()
    assert report.resent == [lost.id]
    assert reload(lost.id).enqueued_at is not None
    assert reload(fresh.id).enqueued_at is None and reload(sent.id).state == "queued"
    assert len(waiting(rapp)) == 1


def test_a_retry_that_never_arrived_is_sent_again(rapp):
    record = make_record("retrying", age=30, next_retry_at=utcnow() - timedelta(seconds=STALL + 10))
    on_time = make_record("retrying", age=1, next_retry_at=utcnow() + timedelta(seconds=5), subject_id=2)
    report = check()
    assert report.resent == [record.id]
    assert reload(record.id).state == "stalled" and reload(on_time.id).state == "retrying"


def test_with_redis_down_the_check_keeps_the_record_for_the_next_round(rapp, redis_server):
    record = make_record("running", age=STALL + 5)
    redis_server.stop()
    try:
        report = check()
    finally:
        redis_server.start()
    assert report.send_errors == 1 and report.resent == []
    assert reload(record.id).state == "stalled"
    later = utcnow() + timedelta(seconds=STALL + 1)
    assert check(now=later).resent == [record.id]


def claim(record_id: str, delivery: str, stall: float = STALL):
    return lifecycle.begin(record_id, celery_task_id=delivery, worker="w@test", max_crashes=3, stall_seconds=stall)


def test_begin_runs_a_delivery_once_and_skips_its_live_copy(rapp):
    record = make_record("queued", age=1)
    first = claim(record.id, record.celery_task_id)
    assert first is not None and first.deliveries == 1
    # The same message again (duplicate enqueue, restored by Redis) while the first runs: skipped.
    assert claim(record.id, record.celery_task_id) is None
    assert reload(record.id).deliveries == 1
    # A stage of the same record under its own id runs (the interview's aggregation).
    assert claim(record.id, "stage-id") is not None
    records.succeed(record.id)
    assert claim(record.id, record.celery_task_id) is None  # finished: skipped


def test_begin_counts_an_abandoned_run_as_a_crash_and_caps_it(rapp):
    record = make_record("running", age=STALL + 5, crashes=1, delivery_id="old")
    started = claim(record.id, "old")
    assert started is not None and reload(record.id).crashes == 2
    db.session.execute(
        TaskRecord.__table__.update().where(TaskRecord.id == record.id).values(heartbeat_at=utcnow() - timedelta(seconds=60))
    )
    db.session.commit()
    assert claim(record.id, "old") is None
    record = reload(record.id)
    assert record.state == "failed" and record.crashes == 3


def test_the_main_process_marks_a_lost_delivery_and_fails_it_at_the_cap(rapp):
    record = make_record("running", age=0, delivery_id="lost")
    assert lifecycle.note_lost("lost", max_crashes=2) == "stalled"
    assert reload(record.id).state == "stalled"
    assert claim(record.id, "lost") is not None  # the message it puts back runs
    assert lifecycle.note_lost("lost", max_crashes=2) == "failed"
    assert reload(record.id).state == "failed"
    assert lifecycle.note_lost("unknown", max_crashes=2) is None
