"""kombu's Redis transport, restoring expired unacknowledged messages sooner.

With late acknowledgement a message stays in Redis's ``unacked`` hash while
its task runs; if the whole worker dies, kombu puts it back on its queue once
the visibility timeout has passed. Stock kombu looks for such messages only
on every tenth call of a 10-second timer, so a crashed task could wait 100 s
more than the visibility timeout. Here every call looks (one ZRANGEBYSCORE
under a lock, every 10 s per worker). Everything else is kombu's own code.
"""

from __future__ import annotations

from kombu.transport import redis


class QoS(redis.QoS):
    def restore_visible(self, start: int = 0, num: int = 10, interval: int = 1) -> None:
        return super().restore_visible(start=start, num=num, interval=1)


class Channel(redis.Channel):
    QoS = QoS


class Transport(redis.Transport):
    Channel = Channel
