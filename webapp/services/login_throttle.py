"""Slow down password guessing: too many recent failed sign-ins for an account, or
from one address, and sign-in waits.

Failures are counted for the email typed, whether or not an account has it, so
the answer never tells which emails exist. A success clears the account's
failures. Limits come from LOGIN_MAX_FAILURES (per account) and
LOGIN_MAX_FAILURES_PER_IP within LOGIN_LOCK_MINUTES.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from ..extensions import db
from ..models import LoginFailure
from ..models.base import utcnow

KEEP = timedelta(days=1)


@dataclass(frozen=True)
class Lock:
    minutes: int  # until the oldest counted failure leaves the window, rounded up


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])


def _wait(oldest_counted, now) -> Lock:
    seconds = max(1.0, (oldest_counted + _window() - now).total_seconds())
    return Lock(minutes=math.ceil(seconds / 60))


def locked(email: str, ip: str) -> Lock | None:
    """A lock when the account or the address has used up its failures in the window."""
    config = current_app.config
    now = utcnow()
    since = now - _window()
    for column, value, limit in (
        (LoginFailure.email, email, config["LOGIN_MAX_FAILURES"]),
        (LoginFailure.ip, ip, config["LOGIN_MAX_FAILURES_PER_IP"]),
    ):
        if limit <= 0:
            continue
        recent = db.session.scalars(
            select(LoginFailure.at).where(column == value, LoginFailure.at >= since)
            .order_by(LoginFailure.at.desc()).limit(limit)
        ).all()
        if len(recent) >= limit:
            return _wait(recent[-1], now)
    return None


def record_failure(email: str, ip: str) -> None:
    now = utcnow()
    db.session.add(LoginFailure(email=email[:254], ip=ip[:64], at=now))
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < now - KEEP))
    db.session.commit()


def clear(email: str) -> None:
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
    db.session.commit()

