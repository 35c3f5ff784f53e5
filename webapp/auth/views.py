from __future__ import annotations

import functools
import logging
from urllib.parse import urlsplit

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import User
from ..models.base import utcnow
from ..services import login_throttle as throttle
from .forms import LoginForm

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)


@functools.cache
def _dummy_hash() -> str:
    """A hash to check typed passwords against when no account has the email."""
    return generate_password_hash("no account has this password")


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        ip = request.remote_addr or "unknown"
        lock = throttle.begin_attempt(email, ip)
        if lock is not None:
            log.warning("login throttled email=%s ip=%s", email, ip)
            form.password.errors.append(
                _("Too many failed sign-ins. Try again in %(n)d minute(s).", n=lock.minutes)
            )
            response = make_response(render_template("auth/login.html", form=form), 429)
            response.headers["Retry-After"] = str(lock.minutes * 60)
            return response
        user = db.session.scalar(select(User).where(User.email == email))
        # The same work whether or not the account exists, so timing tells nothing.
        password_ok = user.check_password(form.password.data) if user else check_password_hash(
            _dummy_hash(), form.password.data
        )
        if user is None or not user.active or not password_ok:
            log.info("login failed email=%s ip=%s", email, ip)  # the attempt stays recorded as a failure
            form.password.errors.append(_("Wrong email or password."))
            return render_template("auth/login.html", form=form), 401
        throttle.succeeded(email)
        login_user(user, remember=form.remember.data)
        user.last_login_at = utcnow()
        db.session.commit()
        log.info("login user_id=%s", user.id)
        return redirect(_safe_next(request.args.get("next")) or url_for("main.dashboard"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
