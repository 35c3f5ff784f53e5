"""The Redis result backend, without the web side's result subscriptions.

Celery's Redis backend subscribes to a pub/sub channel for every task a
process sends, so that ``.get()`` can wait on it. Nothing here ever waits on a
result (our ``task_records`` table is the source of truth), and the
subscription makes a send hang for 20 reconnection attempts when Redis is
down. Workers store results exactly as before.
"""

from __future__ import annotations

from celery.backends.redis import RedisBackend


class RecordedRedisBackend(RedisBackend):
    def on_task_call(self, producer, task_id):
        return None
