"""Settings, read once from environment variables with explicit names.

Development gets working defaults (SQLite and media under ``instance/``, Redis on
localhost); production (``APP_ENV=production``) refuses to start without a real
``SECRET_KEY``. ``.env.example`` documents every variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = BASE_DIR / "instance"
DEV_SECRET = "dev-only-not-secret"


class ConfigError(RuntimeError):
    """The environment does not describe a usable deployment."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from exc


def _database_url(url: str) -> str:
    # Heroku-style URLs and bare "postgresql://" both go through psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def load_config(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    env = os.environ if env is None else env
    app_env = env.get("APP_ENV", "development")
    instance = Path(env.get("INSTANCE_PATH") or DEFAULT_INSTANCE)

    secret = env.get("SECRET_KEY", "")
    if not secret:
        if app_env == "production":
            raise ConfigError("SECRET_KEY must be set when APP_ENV=production")
        secret = DEV_SECRET

    database_url = _database_url(env.get("DATABASE_URL") or f"sqlite:///{instance / 'interview.db'}")
    redis_url = env.get("REDIS_URL") or "redis://127.0.0.1:6379/0"

    cfg: dict[str, Any] = {
        "APP_ENV": app_env,
        "SECRET_KEY": secret,
        "INSTANCE_PATH": str(instance),
        "SQLALCHEMY_DATABASE_URI": database_url,
        # A server's connections can die (restart, idle timeout): test each one as it
        # leaves the pool. A SQLite file cannot, and the test would be a query per checkout.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": not database_url.startswith("sqlite")},
        "REDIS_URL": redis_url,
        "CELERY_RESULT_EXPIRES": _int(env, "CELERY_RESULT_EXPIRES", 86400),
        # Namespaces every broker key, so several deployments (or test runs) can
        # share one Redis database without taking each other's tasks.
        "CELERY_KEY_PREFIX": env.get("CELERY_KEY_PREFIX", ""),
        "MEDIA_ROOT": env.get("MEDIA_ROOT") or str(instance / "media"),
        "MODEL_CACHE_DIR": env.get("MODEL_CACHE_DIR") or str(instance / "models"),
        # Whole-request cap; per-kind limits below give clearer messages first.
        "MAX_CONTENT_LENGTH": _int(env, "MAX_UPLOAD_MB", 200) * 1024 * 1024,
        "MAX_MEDIA_MB": _int(env, "MAX_MEDIA_MB", 200),
        "MAX_RESUME_MB": _int(env, "MAX_RESUME_MB", 10),
        "INVITE_TTL_DAYS": _int(env, "INVITE_TTL_DAYS", 14),
        "MEDIA_RETENTION_DAYS": _int(env, "MEDIA_RETENTION_DAYS", 180),
        # Recordings arrive in chunks of at most this size; a partial upload untouched
        # for UPLOAD_ABANDON_HOURS is deleted by the periodic clean-up.
        "UPLOAD_CHUNK_MB": _int(env, "UPLOAD_CHUNK_MB", 2),
        "UPLOAD_ABANDON_HOURS": _int(env, "UPLOAD_ABANDON_HOURS", 24),
        # Task machinery (webapp/tasks/settings.py explains how these fit together).
        "TASK_MAX_DELIVERIES": _int(env, "TASK_MAX_DELIVERIES", 3),
        "TASK_STALL_SECONDS": _int(env, "TASK_STALL_SECONDS", 90),
        "TASK_CHECK_SECONDS": _int(env, "TASK_CHECK_SECONDS", 30),
        "TASK_MAX_RETRIES": _int(env, "TASK_MAX_RETRIES", 5),
        "TASK_RETRY_BACKOFF_SECONDS": _int(env, "TASK_RETRY_BACKOFF_SECONDS", 2),
        # Sign-in waits after this many failures for one account, or from one address,
        # within LOGIN_LOCK_MINUTES (0 turns a limit off).
        "LOGIN_MAX_FAILURES": _int(env, "LOGIN_MAX_FAILURES", 5),
        "LOGIN_MAX_FAILURES_PER_IP": _int(env, "LOGIN_MAX_FAILURES_PER_IP", 20),
        "LOGIN_LOCK_MINUTES": _int(env, "LOGIN_LOCK_MINUTES", 15),
        # Reverse proxies in front of gunicorn whose X-Forwarded-For/-Proto/-Host are
        # trusted: 1 behind one nginx. The client's address counts failed sign-ins.
        "TRUSTED_PROXIES": _int(env, "TRUSTED_PROXIES", 0),
        "BABEL_DEFAULT_LOCALE": env.get("DEFAULT_LOCALE", "en"),
        # htmx from a CDN with its integrity hash; the same file is served from
        # /static/vendor when the CDN cannot be reached (offline installs).
        "HTMX_URL": env.get("HTMX_URL", "https://unpkg.com/htmx.org@2.0.4/dist/htmx.min.js"),
        "HTMX_INTEGRITY": env.get(
            "HTMX_INTEGRITY", "sha384-HGfztofotfshcF7+8n44JQL2oJmowVChPTg48S+jvZoztPfvwD79OC/LTtG6dMp+"
        ),
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", "").rstrip("/"),
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), app_env == "production"),
        "REMEMBER_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), app_env == "production"),
        "WTF_CSRF_TIME_LIMIT": None,
        # CSRF is checked in a before_request hook so Bearer-token API calls can skip it.
        "WTF_CSRF_CHECK_DEFAULT": False,
    }
    return cfg
