"""The operations page (admins): queues, workers, task figures, failures; Retry and Cancel.

Retry and Cancel are open to all staff, because the progress bars on the
interview page offer them too. Every panel reads our table first; broker facts
come with short timeouts, so the page loads when Redis is down and says so.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.security import admin_required, staff_required
from ..errors import wants_json
from ..services import operations
from ..services import task_records as records
from ..services.task_status import KIND_LABELS, STATE_LABELS, describe
from ..tasks import broker

bp = Blueprint("operations", __name__, url_prefix="/operations")


@bp.app_template_filter("seconds")
def seconds(value: float | None) -> str:
    """A duration as people read it: 0.4 s, 12 s, 3 min 5 s."""
    if value is None:
        return "—"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    if value < 10:
        return f"{value:.1f} s"
    if value < 120:
        return f"{value:.0f} s"
    minutes, rest = divmod(int(round(value)), 60)
    return f"{minutes} min {rest} s"


@bp.app_template_filter("when_exact")
def when_exact(value: datetime | None) -> str:
    """Time of day to the second, for heartbeats and failures."""
    if value is None:
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _page_context() -> dict:
    return {
        "overview": operations.overview(),
        "facts": broker.broker_facts(),
        "kind_labels": KIND_LABELS,
        "state_labels": STATE_LABELS,
    }


def _fragment(template: str, **context):
    response = make_response(render_template(template, **context))
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = "HX-Request"
    return response


@bp.get("/")
@admin_required
def index():
    return render_template("operations/index.html", **_page_context())


@bp.get("/summary")
@admin_required
def summary():
    return _fragment("operations/_summary.html", **_page_context())


@bp.get("/workers")
@admin_required
def workers():
    reachable, found = broker.workers_online()
    return _fragment("operations/_workers.html", reachable=reachable, workers=found)


def _back(default: str):
    target = request.form.get("next") or ""
    # Only paths inside this site.
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(default)


@bp.post("/tasks/<task_id>/retry")
@staff_required
def retry(task_id: str):
    record, created = operations.retry(task_id, created_by_id=current_user.id)
    message = _("Started again.") if created else _("It is already running again.")
    return _answer(record, message, status=202 if created else 200)


@bp.post("/tasks/<task_id>/cancel")
@staff_required
def cancel(task_id: str):
    ids = operations.cancel(task_id)
    broker.revoke(ids)
    return _answer(records.get_record(task_id), _("Cancelled."), status=200)


def _answer(record, message: str, *, status: int):
    if wants_json():
        body = {"message": message, "data": {"task_id": record.id, "celery_task_id": record.celery_task_id}}
        return jsonify(body), status
    if request.headers.get("HX-Request"):
        response = _fragment(
            "interviews/_progress.html", task=describe(record), label=KIND_LABELS.get(record.kind, record.kind)
        )
        response.headers["HX-Trigger"] = "tasks-changed"
        return response
    flash(message, "success")
    return _back(url_for("operations.index") if current_user.role == "admin" else url_for("main.dashboard"))
