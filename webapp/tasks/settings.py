"""Every Celery setting, in one place, with the reason for it.

The promise is that a task the web app accepted finishes exactly once in
effect, whatever crashes. Celery gives at-least-once delivery with the options
below; our idempotent tasks and the ``task_records`` table (which skips a
delivery of finished, cancelled or still-alive work) turn that into
exactly-once results.

How the timings fit together (defaults; the first three come from the
environment, see ``.env.example``)::

    heartbeat          every TASK_STALL_SECONDS / 6     15 s   written by a thread beside the task
    stall threshold    TASK_STALL_SECONDS               90 s   no heartbeat for this long: stalled
    periodic check     TASK_CHECK_SECONDS (beat)        30 s   re-queues or fails stalled work
    retry backoff      2 s, 4 s, 8 s ... capped at     120 s   full jitter (half to all of it)
    soft time limit                                    600 s   the task records a readable failure
    hard time limit                                    660 s   the worker kills the process
    visibility timeout                                 900 s   > hard limit + longest countdown
    kombu's restore of expired unacked messages      every 10 s (kombu's own default: every 100 s)

What brings a task back after a crash:

* the worker *process* dies (kill -9, out of memory, a crashing library): the
  worker's main process sees it at once and puts the message back
  (``task_reject_on_worker_lost``); our request class marks the record
  ``stalled`` first, so the next delivery runs it. Back within seconds.
* the whole worker or its machine dies: nobody acknowledges and no heartbeat
  arrives; the periodic check marks the record ``stalled`` and sends its
  message again once the heartbeat is TASK_STALL_SECONDS old. Back within
  ``TASK_STALL_SECONDS + TASK_CHECK_SECONDS`` (two minutes by default).
* if beat is not running either, kombu restores the unacknowledged message
  itself once the visibility timeout has passed (15 minutes), checked every
  10 seconds by our transport.

The visibility timeout cannot be short: kombu hands a message that is not
acknowledged within it to another worker, and a message is unacknowledged for
as long as its task runs (late acknowledgement) plus any retry countdown it
waits for. So it must exceed the hard time limit plus the longest countdown,
and the fast path after a crash is our heartbeat check, not kombu. The longest
task is the analysis of one recorded answer: at most 15 minutes of media at
about 0.2x real time is three minutes of work, so 600 s leaves room for a busy
machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kombu import Exchange, Queue

from . import names

QUEUES = ("interview", "analysis", "profile")

# Longest a single task may run (hard limit); the soft limit fires first so the
# task can record a readable failure.
TASK_SOFT_TIME_LIMIT = 600
TASK_TIME_LIMIT = 660
# Longest retry backoff.
RETRY_BACKOFF_MAX = 120
# How often recordings past MEDIA_RETENTION_DAYS and abandoned uploads are deleted.
PURGE_MEDIA_EVERY = 3600.0
# A message not acknowledged within this time is given to another worker: it
# must exceed the hard time limit plus the longest retry countdown, or a slow
# task would run twice in parallel.
VISIBILITY_TIMEOUT = 900
# A worker killed while restoring expired messages holds kombu's restore lock
# until it expires (kombu's default is 300 s): restoring takes milliseconds.
UNACKED_MUTEX_EXPIRE = 60

assert TASK_SOFT_TIME_LIMIT < TASK_TIME_LIMIT
assert TASK_TIME_LIMIT + RETRY_BACKOFF_MAX < VISIBILITY_TIMEOUT


def heartbeat_seconds(stall_seconds: int) -> float:
    """How often a running task proves it is alive: six beats fit in the stall threshold."""
    return max(0.5, stall_seconds / 6)


def celery_settings(config: Mapping[str, Any]) -> dict[str, Any]:
    redis_url = config["REDIS_URL"]
    check_seconds = config.get("TASK_CHECK_SECONDS", 30)
    broker_options: dict[str, Any] = {
        "visibility_timeout": VISIBILITY_TIMEOUT,
        "unacked_mutex_expire": UNACKED_MUTEX_EXPIRE,
        # Fail fast when Redis is down instead of hanging a web request.
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
        "socket_keepalive": True,
        "retry_on_timeout": True,
        "health_check_interval": 10,
    }
    backend_options: dict[str, Any] = {
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
        "retry_on_timeout": True,
        "health_check_interval": 10,
    }
    if config.get("CELERY_KEY_PREFIX"):
        broker_options["global_keyprefix"] = config["CELERY_KEY_PREFIX"]
        backend_options["global_keyprefix"] = config["CELERY_KEY_PREFIX"]
    return {
        "broker_url": redis_url,
        # kombu's Redis transport with expired unacknowledged messages restored
        # every 10 s instead of every 100 s (webapp/tasks/transport.py).
        "broker_transport": "webapp.tasks.transport:Transport",
        # Redis, through a backend class that does not subscribe to results on send.
        "result_backend": f"webapp.tasks.backend:RecordedRedisBackend+{redis_url}",
        # Results are a side channel (our table is the truth): keep them a day.
        "result_expires": config.get("CELERY_RESULT_EXPIRES", 86400),
        # Store task name, args, worker and queue with the result for the status route.
        "result_extended": True,
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "timezone": "UTC",
        "enable_utc": True,
        # One direct exchange per queue, so a message reaches exactly its queue.
        "task_queues": [Queue(name, Exchange(name, type="direct"), routing_key=name) for name in QUEUES],
        "task_default_queue": "interview",
        "task_default_exchange": "interview",
        "task_default_routing_key": "interview",
        "task_routes": {
            "webapp.tasks.interview.*": {"queue": "interview"},
            "webapp.tasks.maintenance.*": {"queue": "interview"},
            "webapp.tasks.analysis.*": {"queue": "analysis"},
            "webapp.tasks.profile.*": {"queue": "profile"},
        },
        # Acknowledge after the task ran, and put the message back if the worker
        # process dies mid-task: a crash means a re-run, never a lost task.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        # One message at a time per process, so a long analysis does not hold
        # back queued work that another process could take.
        "worker_prefetch_multiplier": 1,
        # Celery's side channel says STARTED as soon as a process takes the task.
        "task_track_started": True,
        # Each worker process loads its models when it starts (worker_process_init);
        # give that time before the parent gives up on the child.
        "worker_proc_alive_timeout": 120,
        "task_soft_time_limit": TASK_SOFT_TIME_LIMIT,
        "task_time_limit": TASK_TIME_LIMIT,
        "broker_transport_options": broker_options,
        "result_backend_transport_options": backend_options,
        "redis_socket_connect_timeout": 2,
        "redis_socket_timeout": 5,
        "broker_connection_timeout": 2,
        # Start even when Redis is not up yet, and keep reconnecting for ever
        # when it goes away: work continues without anyone restarting workers.
        "broker_connection_retry_on_startup": True,
        "broker_connection_retry": True,
        "broker_connection_max_retries": None,
        # A lost connection does not cancel running tasks: they finish, and the
        # record (not the unacknowledged message) says they did.
        "worker_cancel_long_running_tasks_on_connection_loss": False,
        # Events for Flower (`celery -A wsgi.celery_app flower`).
        "worker_send_task_events": True,
        "task_send_sent_event": True,
        # The periodic check of stalled, lost and never-sent work. A check that
        # waited longer than its interval is dropped: the next one comes anyway.
        "beat_schedule": {
            "check-tasks": {
                "task": names.CHECK_TASKS,
                "schedule": float(check_seconds),
                "options": {"queue": "interview", "expires": float(check_seconds)},
            },
            "purge-media": {"task": names.PURGE_MEDIA, "schedule": PURGE_MEDIA_EVERY},
        },
    }
