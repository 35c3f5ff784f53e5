"""Exceptions the services raise, each with a message a person can read."""

from __future__ import annotations


class ServiceError(Exception):
    """A request that cannot be done as asked; ``message`` is shown to the person."""

    status = 400

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class NotFound(ServiceError):
    status = 404


class Conflict(ServiceError):
    status = 409


class QueueUnavailable(ServiceError):
    """Redis (the broker) cannot be reached; nothing was queued."""

    status = 503


class TransientError(Exception):
    """A failure worth retrying later (a service briefly unreachable)."""


class PermanentTaskError(Exception):
    """A failure no retry will fix; ``message`` is shown on the status route."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
