"""``make run``: the whole product on one machine, stopped together with Ctrl-C.

Starts Redis (``REDIS_URL`` if set, else the embedded server with append-only
persistence under ``instance/redis``), applies migrations, loads the demo,
then runs a Celery worker for all three queues, Celery beat and gunicorn.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
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


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in reversed(procs):
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 20
    for proc in reversed(procs):
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> int:
    env = dict(os.environ, FLASK_APP="wsgi", PYTHONUNBUFFERED="1")
    instance = Path(env.get("INSTANCE_PATH") or ROOT / "instance")
    procs: list[subprocess.Popen] = []
    try:
        if not env.get("REDIS_URL"):
            if embedded_redis.port_open("127.0.0.1", EMBEDDED_REDIS_PORT):
                sys.exit(
                    f"Port {EMBEDDED_REDIS_PORT} is taken: set REDIS_URL to use a running Redis, "
                    "or EMBEDDED_REDIS_PORT to pick another port."
                )
            redis_proc, port = embedded_redis.start(instance / "redis", EMBEDDED_REDIS_PORT)
            procs.append(redis_proc)
            env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
            print(f"Embedded Redis on port {port}, data in {instance / 'redis'}", flush=True)

        run([str(BIN / "flask"), "db", "upgrade"], env)
        run([str(BIN / "flask"), "seed-demo"], env)

        procs.append(
            subprocess.Popen(
                [str(BIN / "celery"), "-A", "wsgi.celery_app", "worker",
                 "--queues=interview,analysis,profile", "--loglevel=INFO",
                 f"--concurrency={env.get('WORKER_CONCURRENCY', '2')}", "--hostname=worker@%h"],
                env=env, cwd=ROOT,
            )
        )
        procs.append(
            subprocess.Popen(
                [str(BIN / "celery"), "-A", "wsgi.celery_app", "beat", "--loglevel=INFO",
                 f"--schedule={instance / 'celerybeat-schedule'}"],
                env=env, cwd=ROOT,
            )
        )
        procs.append(
            subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
                 "--bind", f"{HOST}:{PORT}", "wsgi:app"],
                env=env, cwd=ROOT,
            )
        )
        wait_http(f"http://{HOST}:{PORT}/healthz", procs)
        print(
            f"\n  Interview Console is running at http://{HOST}:{PORT}/\n"
            "  Demo login: hr@example.com / interview-demo\n"
            "  Press Ctrl-C to stop.\n",
            flush=True,
        )
        while True:
            for proc in procs:
                if proc.poll() is not None:
                    print(f"{Path(proc.args[0]).name} stopped (exit code {proc.returncode}); stopping the rest.", flush=True)
                    return 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        return 0
    except RuntimeError as exc:
        print(f"Could not start: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        stop(procs)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    sys.exit(main())
