"""Shared fixtures: a migrated database, a real Redis, a real worker, a live server.

Nothing is mocked. The database is SQLite in a temporary directory, or the
PostgreSQL given by TEST_DATABASE_URL; Redis is TEST_REDIS_URL, else database
15 of the Redis on 127.0.0.1:6379, else an embedded server started here. Every
broker key carries a prefix unique to this run, so runs sharing a Redis do not
take each other's tasks.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import embedded_redis  # noqa: E402

# The one headless Chromium of the run (fixtures ``browser`` and ``page``).
pytest_plugins = ["tests.browser.fixtures"]


def _redis_url(tmp: Path) -> tuple[str, subprocess.Popen | None]:
    if os.environ.get("TEST_REDIS_URL"):
        return os.environ["TEST_REDIS_URL"], None
    if embedded_redis.port_open("127.0.0.1", 6379):
        return "redis://127.0.0.1:6379/15", None
    proc, port = embedded_redis.start(tmp / "redis", persist=False)
    return f"redis://127.0.0.1:{port}/15", proc


def _user_model_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "interview-console" / "models"


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    engine = create_engine(target)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def stack_env(tmp_path_factory) -> Iterator[dict[str, str]]:
    """Environment shared by the test process, the worker and the live server."""
    tmp = tmp_path_factory.mktemp("stack")
    redis_url, redis_proc = _redis_url(tmp)
    database_url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp / 'test.db'}"
    if database_url.startswith("postgres"):
        _reset_postgres(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    env = {
        "APP_ENV": "test",
        "SECRET_KEY": "test-secret-" + uuid.uuid4().hex,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}:",
        "INSTANCE_PATH": str(tmp / "instance"),
        "MEDIA_ROOT": str(tmp / "media"),
        # Whisper base is joined from its two wheel halves once per machine, not per run.
        "MODEL_CACHE_DIR": os.environ.get("MODEL_CACHE_DIR") or str(_user_model_cache()),
        "LOG_LEVEL": "INFO",
    }
    os.environ.update(env)  # create_app() in this process reads the same settings

    from flask_migrate import upgrade

    from webapp import create_app

    app = create_app()
    with app.app_context():
        upgrade()
        from webapp.extensions import db

        db.engine.dispose()
    yield env
    if redis_proc is not None:
        redis_proc.terminate()
        redis_proc.wait(10)


def _clear_tables() -> None:
    from webapp.extensions import db

    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def app(stack_env):
    from webapp import create_app
    from webapp.extensions import db

    app = create_app({"TESTING": True})
    with app.app_context():
        _clear_tables()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


class ProcessHandle:
    def __init__(self, proc: subprocess.Popen, log: Path):
        self.proc = proc
        self.log = log

    def tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def start_worker(env: dict[str, str], log: Path, *, concurrency: int = 2, extra: list[str] | None = None) -> ProcessHandle:
    bin_dir = Path(sys.executable).parent
    args = [
        str(bin_dir / "celery"), "-A", "wsgi.celery_app", "worker",
        "--queues=interview,analysis,profile", f"--concurrency={concurrency}",
        "--loglevel=INFO", "--without-gossip", "--without-mingle",
        f"--hostname=test-{uuid.uuid4().hex[:6]}@%h", *(extra or []),
    ]
    fh = open(log, "ab")
    proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env}, stdout=fh, stderr=subprocess.STDOUT)
    handle = ProcessHandle(proc, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"worker exited with {proc.returncode}:\n{handle.tail()}")
        if " ready." in log.read_text(errors="replace"):
            return handle
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"worker not ready after 90 s:\n{handle.tail()}")


def stop_process(handle: ProcessHandle, timeout: float = 30) -> None:
    if handle.proc.poll() is None:
        handle.proc.terminate()
        try:
            handle.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            handle.proc.kill()
            handle.proc.wait(10)


@pytest.fixture(scope="session")
def worker(stack_env, tmp_path_factory) -> Iterator[ProcessHandle]:
    """A real Celery worker process serving all three queues."""
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    handle = start_worker(stack_env, log)
    yield handle
    stop_process(handle)


@pytest.fixture(scope="session")
def live_server(stack_env, tmp_path_factory) -> Iterator[str]:
    """gunicorn serving the app on a free port, as in production."""
    port = embedded_redis.free_port()
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    bin_dir = Path(sys.executable).parent
    fh = open(log, "ab")
    proc = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "wsgi:app"],
        cwd=ROOT, env={**os.environ, **stack_env}, stdout=fh, stderr=subprocess.STDOUT,
    )
    handle = ProcessHandle(proc, log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    import urllib.request

    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{handle.tail()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn not answering:\n{handle.tail()}") from None
            time.sleep(0.2)
    yield url
    stop_process(handle)
