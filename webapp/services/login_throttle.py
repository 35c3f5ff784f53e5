"""Slow down password guessing: too many recent failed sign-ins for an account, or
from one address, and sign-in waits.

Every attempt is recorded as a failure until its password proves right.

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


def begin_attempt(email: str, ip: str) -> Lock | None:
    """Note a sign-in attempt before its password is checked; a lock when the limits are used up.

    The attempt is written (and committed) first and then counted with every
    other recent one, so requests sent in parallel cannot all pass a check made
    before any of them was recorded: the k-th attempt always sees at least k.
    A locked attempt is removed again, so waiting out the lock works.
    """
    config = current_app.config
    now = utcnow()
    attempt = LoginFailure(email=email[:254], ip=ip[:64], at=now)
    db.session.add(attempt)
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < now - KEEP))
    db.session.commit()
    since = now - _window()
    for column, value, limit in (
        (LoginFailure.email, attempt.email, config["LOGIN_MAX_FAILURES"]),
        (LoginFailure.ip, attempt.ip, config["LOGIN_MAX_FAILURES_PER_IP"]),
    ):
        if limit <= 0:
            continue
        recent = db.session.scalars(
            select(LoginFailure.at).where(column == value, LoginFailure.at >= since, LoginFailure.id != attempt.id)
            .order_by(LoginFailure.at.desc()).limit(limit)
        ).all()
        if len(recent) >= limit:
            attempt_id = attempt.id
            db.session.execute(delete(LoginFailure).where(LoginFailure.id == attempt_id))
            db.session.commit()
            return _wait(recent[-1], now)
    return None


def succeeded(email: str) -> None:
    """The password was right: the account's failures (this attempt's included) are forgotten."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == email[:254]))
    db.session.commit()
