"""Who is asking: staff sessions, API bearer tokens, roles, CSRF and headers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from flask import Flask, abort, g, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import csrf, db, login_manager
from ..models import ApiToken, User
from ..models.base import utcnow
from ..models.users import hash_token

LAST_USED_EVERY = timedelta(minutes=1)


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def user_from_token(raw: str) -> User | None:
    token = db.session.scalar(
        select(ApiToken).options(joinedload(ApiToken.user)).where(ApiToken.token_hash == hash_token(raw))
    )
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    # Written at most once a minute: a script polling a status route would
    # otherwise turn every read into a write.
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        token.last_used_at = now
        db.session.commit()
    return token.user


def init_security(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        try:
            return db.session.get(User, int(user_id))
        except (TypeError, ValueError):
            return None

    @login_manager.unauthorized_handler
    def unauthorized():
        from ..errors import render_error, wants_json

        if wants_json() or bearer_token() is not None or request.headers.get("HX-Request"):
            return render_error(401, "Sign in or send a valid API token.")
        from flask import redirect, url_for

        return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))

    @app.before_request
    def authenticate_and_check_csrf():
        raw = bearer_token()
        if raw is not None:
            # A valid API token authenticates this request alone (no cookie is
            # set). Such calls cannot be forged cross-site, so they skip CSRF.
            user = user_from_token(raw)
            if user is None:
                from ..errors import render_error

                return render_error(401, "The API token is not valid.")
            g._login_user = user  # Flask-Login's per-request user
            g.api_user = True
            return None
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return None
        if not app.config.get("WTF_CSRF_ENABLED", True):
            return None
        if request.path.startswith("/api/v1/candidate/"):
            # Authorised by the invite token in the URL, not by a cookie.
            return None
        csrf.protect()
        return None

    @app.before_request
    def refuse_nul_characters():
        """No stored text may hold a NUL: PostgreSQL refuses it, and no person types one."""
        values: list[Any] = list(request.form.values()) if request.mimetype in FORM_TYPES else []
        if request.is_json:
            values.append(request.get_json(silent=True))
        if any(_holds_nul(v) for v in values):
            from ..errors import render_error

            return render_error(400, _("Text may not contain NUL characters (\\0)."))
        return None

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(self), microphone=(self), geolocation=()"
        )
        htmx_origin = _origin(app.config["HTMX_URL"])
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; "
            f"script-src 'self' {htmx_origin}; "
            "style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; media-src 'self' blob:; "
            "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        )
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def _origin(url: str) -> str:
    if url.startswith(("http://", "https://")):
        scheme, _, rest = url.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}"
    return ""


def staff_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in ("admin", "hr"):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role != "admin":
            abort(403)
        return view(*args, **kwargs)

    return wrapped
