"""What the web side asks Redis directly: is it up, how long are the queues.

Every call here is bounded by a short timeout and never retries, so a page
that shows broker facts still loads in well under a second when Redis is
down; it shows "unreachable" instead. The answer to "is Redis up" is kept
for a moment, so a page polled by many browsers does not ping on every request.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import redis
from flask import current_app

from .settings import QUEUES

log = logging.getLogger(__name__)

PROBE_TIMEOUT = 0.5
# How long an answer of the probe is reused.
PROBE_TTL_UP = 2.0
PROBE_TTL_DOWN = 1.0
# kombu's Redis transport keeps messages of priority > 0 in lists of their own.
PRIORITY_SEPARATOR = "\x06\x16"
PRIORITY_STEPS = (3, 6, 9)

_clients: dict[str, redis.Redis] = {}
_clients_lock = threading.Lock()
_probe: dict[str, tuple[float, bool]] = {}


def client(url: str | None = None) -> redis.Redis:
    """A plain Redis client with short timeouts and no retries, one per URL and process."""
    url = url or current_app.config["REDIS_URL"]
    with _clients_lock:
        found = _clients.get(url)
        if found is None:
            found = redis.Redis.from_url(
                url,
                socket_connect_timeout=PROBE_TIMEOUT,
                socket_timeout=PROBE_TIMEOUT,
                retry_on_timeout=False,
                retry=None,
                health_check_interval=0,
            )
            _clients[url] = found
        return found


def redis_available(*, fresh: bool = False) -> bool:
    """True when Redis answers a PING within half a second."""
    url = current_app.config["REDIS_URL"]
    now = time.monotonic()
    cached = _probe.get(url)
    if cached is not None and not fresh:
        checked, up = cached
        if now - checked < (PROBE_TTL_UP if up else PROBE_TTL_DOWN):
            return up
    try:
        up = bool(client(url).ping())
    except (redis.RedisError, OSError) as exc:
        log.warning("redis unreachable url=%s error=%r", _safe(url), exc)
        up = False
    _probe[url] = (time.monotonic(), up)
    return up


def forget_probe() -> None:
    """Drop cached answers (after a send failed, so the next request asks again)."""
    _probe.clear()


def _safe(url: str) -> str:
    return url.split("@")[-1]


@dataclass(frozen=True)
class QueueDepth:
    name: str
    waiting: int


@dataclass(frozen=True)
class BrokerFacts:
    reachable: bool
    queues: tuple[QueueDepth, ...] = ()
    # Messages handed to workers and not yet acknowledged: running tasks,
    # retries waiting for their countdown, and those of a worker that died.
    unacked: int = 0
    error: str | None = None


def broker_facts() -> BrokerFacts:
    if not redis_available(fresh=True):
        return BrokerFacts(reachable=False, error="Redis cannot be reached.")
    prefix = current_app.config.get("CELERY_KEY_PREFIX", "")
    try:
        pipe = client().pipeline(transaction=False)
        for name in QUEUES:
            pipe.llen(prefix + name)
            for step in PRIORITY_STEPS:
                pipe.llen(f"{prefix}{name}{PRIORITY_SEPARATOR}{step}")
        pipe.hlen(prefix + "unacked")
        counts = pipe.execute()
    except (redis.RedisError, OSError) as exc:
        forget_probe()
        return BrokerFacts(reachable=False, error=f"Redis stopped answering: {type(exc).__name__}")
    per_queue = len(PRIORITY_STEPS) + 1
    queues = tuple(
        QueueDepth(name, sum(counts[i * per_queue : (i + 1) * per_queue])) for i, name in enumerate(QUEUES)
    )
    return BrokerFacts(reachable=True, queues=queues, unacked=counts[-1])


@dataclass(frozen=True)
class WorkerFacts:
    name: str
    active: tuple[dict[str, Any], ...]
    queues: tuple[str, ...]


def workers_online(timeout: float = 1.0) -> tuple[bool, list[WorkerFacts]]:
    """Workers that answer a broadcast within ``timeout``, with what each runs now."""
    if not redis_available(fresh=True):
        return False, []
    celery_app = current_app.extensions["celery"]
    try:
        inspector = celery_app.control.inspect(timeout=timeout)
        active = inspector.active() or {}
        queues = inspector.active_queues() or {}
    except Exception as exc:  # any broker error: the page says so instead of failing
        log.warning("worker inspection failed error=%r", exc)
        forget_probe()
        return False, []
    workers = [
        WorkerFacts(
            name=name,
            active=tuple(
                {"id": t.get("id"), "name": (t.get("name") or "").rsplit(".", 1)[-1], "started": t.get("time_start")}
                for t in tasks
            ),
            queues=tuple(sorted(q.get("name", "") for q in queues.get(name, []))),
        )
        for name, tasks in sorted(active.items())
    ]
    return True, workers


def revoke(celery_task_ids: list[str]) -> bool:
    """Tell every worker to drop these messages; our table still decides at start."""
    if not celery_task_ids or not redis_available():
        return False
    try:
        current_app.extensions["celery"].control.revoke(celery_task_ids)
    except Exception as exc:  # best effort: begin() skips cancelled records anyway
        log.warning("revoke failed ids=%s error=%r", celery_task_ids, exc)
        return False
    return True
