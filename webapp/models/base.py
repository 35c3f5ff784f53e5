"""Column types and helpers shared by every model."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend.

    SQLite drops the offset, so values are stored as naive UTC and given their
    UTC tzinfo back when loaded.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use datetime.now(UTC)")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enable_sqlite_pragmas(engine) -> None:
    """WAL and a busy timeout let the web app and worker processes share one SQLite file.

    ``synchronous=NORMAL`` is SQLite's recommended setting for WAL: a commit no
    longer waits for an fsync of its own (the log is synced at checkpoints), so
    the several small commits of every task cost microseconds instead of
    milliseconds. The database stays consistent through any crash, and a
    process crash loses nothing; a power cut may roll back the commits made
    since the last checkpoint, much as Redis with ``appendfsync everysec`` may
    lose its last second of messages. Deployments that need more use PostgreSQL.
    """
    from sqlalchemy import event

    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # pragma: no cover - trivial
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=15000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()
