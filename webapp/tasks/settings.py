"""Every Celery setting, in one place, with the reason for it.

The promise is that a task the web app accepted finishes exactly once in
effect, whatever crashes. Celery gives at-least-once delivery with the options
below; our idempotent tasks and the ``task_records`` table turn that into
exactly-once results.
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
# A message not acknowledged within this time is given to another worker. It
# must exceed the hard time limit and every retry countdown, or a slow task
# would run twice in parallel.
VISIBILITY_TIMEOUT = 900
# Longest retry backoff, kept well below the visibility timeout.
RETRY_BACKOFF_MAX = 120
# How often recordings past MEDIA_RETENTION_DAYS and abandoned uploads are deleted.
PURGE_MEDIA_EVERY = 3600.0


def celery_settings(config: Mapping[str, Any]) -> dict[str, Any]:
    redis_url = config["REDIS_URL"]
    broker_options: dict[str, Any] = {
        "visibility_timeout": VISIBILITY_TIMEOUT,
        # Fail fast when Redis is down instead of hanging a web request.
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
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
        "broker_connection_retry_on_startup": True,
        "broker_connection_max_retries": None,
        "worker_cancel_long_running_tasks_on_connection_loss": False,
        "worker_send_task_events": True,
        "task_send_sent_event": True,
        # Run by `celery beat` (one per deployment).
        "beat_schedule": {
            "purge-media": {"task": names.PURGE_MEDIA, "schedule": PURGE_MEDIA_EVERY},
        },
    }
