"""One error path: a page, an htmx fragment or JSON, by what the client asked for."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from .extensions import db
from .services.errors import ServiceError

log = logging.getLogger(__name__)


def wants_json() -> bool:
    # ``g.json_errors``: a route that is a JSON API whatever its client accepts (the recorder's uploads).
    if request.is_json or request.path.startswith("/api/") or g.get("api_user") or g.get("json_errors"):
        return True
    if request.headers.get("HX-Request"):
        return False
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def render_error(status: int, message: str, *, ref: str | None = None):
    if wants_json():
        body = {"message": message, "error": {"status": status}}
        if ref:
            body["error"]["ref"] = ref
        return make_response(jsonify(body), status)
    template = "errors/_error.html" if request.headers.get("HX-Request") else "errors/error.html"
    response = make_response(render_template(template, status=status, message=message, ref=ref), status)
    if request.headers.get("HX-Request"):
        # Let htmx swap the error into place instead of silently ignoring a 4xx/5xx.
        response.headers["HX-Reswap"] = "innerHTML"
    response.headers["Vary"] = "HX-Request, Accept"
    return response


MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("Please sign in."),
    403: _l("You do not have access to this page."),
    404: _l("Nothing here: the page or item does not exist."),
    405: _l("That action is not allowed here."),
    410: _l("This link is no longer valid."),
}


def init_errors(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def service_error(exc: ServiceError):
        db.session.rollback()
        return render_error(exc.status, exc.message)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc):
        limit_mb = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return render_error(413, _("The upload is too large: the limit is %(mb)d MB.", mb=limit_mb))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        message = MESSAGES.get(exc.code or 500, exc.description or "Error")
        return render_error(exc.code or 500, str(message))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        import secrets

        db.session.rollback()
        ref = secrets.token_hex(4).upper()
        log.exception("unhandled error ref=%s path=%s", ref, request.path)
        return render_error(500, _("Something went wrong on our side."), ref=ref)
