"""``make run``: the whole product on one machine, stopped together with Ctrl-C.

Starts Redis (``REDIS_URL`` if set, else the embedded server with append-only
persistence under ``instance/redis``), applies migrations, loads the demo,
then runs a Celery worker for all three queues, Celery beat and gunicorn, and
starts again any of them that stops by itself.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import embedded_redis  # noqa: E402

BIN = Path(sys.executable).parent
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8000"))
EMBEDDED_REDIS_PORT = int(os.environ.get("EMBEDDED_REDIS_PORT", "6389"))


def run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, cwd=ROOT)
    if result.returncode != 0:
        sys.exit(f"`{' '.join(args)}` failed with exit code {result.returncode}")


def wait_http(url: str, procs: list[subprocess.Popen], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in procs:
            if proc.poll() is not None:
                raise RuntimeError(f"{proc.args[0]} exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


class Service:
    """One process of the stack, started again with a growing delay when it stops by itself.

    Redis, the worker and beat come back on their own after a crash, so one
    failing part does not take the web pages down; a part that keeps stopping
    (five times within a minute) stops the whole stack with its name.
    """

    RESTART_DELAYS = (1, 2, 5, 10, 30)
    MAX_CRASHES = 5
    CRASH_WINDOW = 60.0

    def __init__(self, name: str, launch: Callable[[], subprocess.Popen]) -> None:
        self.name = name
        self.launch = launch
        self.proc: subprocess.Popen | None = None
        self.crashes: list[float] = []
        self.restart_at: float | None = None

    def start(self) -> None:
        self.proc = self.launch()
        self.restart_at = None

    def check(self, now: float) -> bool:
        """Notice a stop and schedule or perform the restart; False when it keeps stopping."""
        if self.restart_at is not None:
            if now >= self.restart_at:
                print(f"Starting {self.name} again.", flush=True)
                try:
                    self.start()
                except RuntimeError as exc:
                    print(f"{self.name} could not start: {exc}", flush=True)
                    return self._crashed(now)
            return True
        if self.proc is None or self.proc.poll() is None:
            return True
        print(f"{self.name} stopped (exit code {self.proc.returncode}).", flush=True)
        return self._crashed(now)

    def _crashed(self, now: float) -> bool:
        self.crashes = [t for t in self.crashes if now - t < self.CRASH_WINDOW] + [now]
        if len(self.crashes) >= self.MAX_CRASHES:
            return False
        delay = self.RESTART_DELAYS[min(len(self.crashes), len(self.RESTART_DELAYS)) - 1]
        print(f"Restarting {self.name} in {delay} s; the rest keeps running.", flush=True)
        self.restart_at = now + delay
        self.proc = None
        return True

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)

    def wait(self, deadline: float) -> None:
        if self.proc is None:
            return
        try:
            self.proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.proc.kill()


def stop(services: list[Service]) -> None:
    """Web first, Redis last: the others may still be talking to it."""
    for service in reversed(services):
        service.stop()
        service.wait(time.monotonic() + 20)


def main() -> int:
    env = dict(os.environ, FLASK_APP="wsgi", PYTHONUNBUFFERED="1")
    instance = Path(env.get("INSTANCE_PATH") or ROOT / "instance")
    services: list[Service] = []

    def add(name: str, launch: Callable[[], subprocess.Popen]) -> None:
        service = Service(name, launch)
        service.start()
        services.append(service)

    def process(args: list[str]) -> Callable[[], subprocess.Popen]:
        return lambda: subprocess.Popen(args, env=env, cwd=ROOT)

    try:
        if not env.get("REDIS_URL"):
            if embedded_redis.port_open("127.0.0.1", EMBEDDED_REDIS_PORT):
                sys.exit(
                    f"Port {EMBEDDED_REDIS_PORT} is taken: set REDIS_URL to use a running Redis, "
                    "or EMBEDDED_REDIS_PORT to pick another port."
                )
            add("Redis", lambda: embedded_redis.start(instance / "redis", EMBEDDED_REDIS_PORT)[0])
            env["REDIS_URL"] = f"redis://127.0.0.1:{EMBEDDED_REDIS_PORT}/0"
            print(f"Embedded Redis on port {EMBEDDED_REDIS_PORT}, data in {instance / 'redis'}", flush=True)

        run([str(BIN / "flask"), "db", "upgrade"], env)
        run([str(BIN / "flask"), "seed-demo"], env)

        add("the Celery worker", process(
            [str(BIN / "celery"), "-A", "wsgi.celery_app", "worker",
             "--queues=interview,analysis,profile", "--loglevel=INFO",
             f"--concurrency={env.get('WORKER_CONCURRENCY', '2')}", "--hostname=worker@%h"]))
        add("Celery beat", process(
            [str(BIN / "celery"), "-A", "wsgi.celery_app", "beat", "--loglevel=INFO",
             f"--schedule={instance / 'celerybeat-schedule'}"]))
        add("gunicorn", process(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
             "--bind", f"{HOST}:{PORT}", "wsgi:app"]))
        wait_http(f"http://{HOST}:{PORT}/healthz", [s.proc for s in services if s.proc is not None])
        print(
            f"\n  Interview Console is running at http://{HOST}:{PORT}/\n"
            "  Demo login: hr@example.com / interview-demo\n"
            "  Press Ctrl-C to stop.\n",
            flush=True,
        )
        while True:
            now = time.monotonic()
            for service in services:
                if not service.check(now):
                    print(f"{service.name} keeps stopping; stopping everything.", file=sys.stderr, flush=True)
                    return 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        return 0
    except RuntimeError as exc:
        print(f"Could not start: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        stop(services)


if __name__ == "__main__":
    # Ctrl-C and a plain kill both stop everything (a shell starting this in the
    # background would otherwise leave SIGINT ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    sys.exit(main())
