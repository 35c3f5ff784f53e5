"""HR's view of one interview, the task routes of the contract, and the report."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.security import staff_required
from ..errors import wants_json
from ..services import analysis as analysis_service
from ..services import reports as report_service
from ..services import sessions as session_service
from ..services import task_records as records
from ..services.errors import Conflict, QueueUnavailable
from ..services.task_status import KIND_LABELS, describe
from ..tasks import names
from ..tasks.interview import get_interview_task_info

bp = Blueprint("interviews", __name__, url_prefix="/interviews")


def _tasks_for(session_id: int) -> dict:
    return {
        "analysis_task": records.latest_record(names.KIND_INTERVIEW_ANALYSIS, "session", session_id),
        "report_task": records.latest_record(names.KIND_INTERVIEW_REPORT, "session", session_id),
    }


def candidate_link(session) -> str:
    path = url_for("console.open_invite", token=session.token)
    base = request.host_url.rstrip("/") if not _public_base() else _public_base()
    return base + path


def _public_base() -> str:
    from flask import current_app

    return current_app.config.get("PUBLIC_BASE_URL", "")


@bp.get("/<int:session_id>")
@staff_required
def detail(session_id: int):
    session = session_service.get_session(session_id)
    questions = session_service.session_questions(session)
    answers = {a.question_id: a for a in session.answers}
    analyses = {a.id: analysis_service.current_analysis(a.id) for a in session.answers}
    return render_template(
        "interviews/detail.html",
        session=session,
        questions=questions,
        answers=answers,
        analyses=analyses,
        link=candidate_link(session),
        report=report_service.current_report(session.id),
        **_tasks_for(session.id),
    )


@bp.get("/<int:session_id>/tasks")
@staff_required
def tasks_panel(session_id: int):
    session = session_service.get_session(session_id)
    response = make_response(
        render_template(
            "interviews/_tasks.html",
            session=session,
            report=report_service.current_report(session.id),
            **_tasks_for(session.id),
        )
    )
    response.headers["Vary"] = "HX-Request"
    return response


def _started_response(record, created: bool, what: str, session_id: int):
    message = (
        _("%(what)s started.", what=what) if created else _("%(what)s is already running.", what=what)
    )
    if wants_json():
        body = {"message": message, "data": {"task_id": record.id, "celery_task_id": record.celery_task_id}}
        return jsonify(body), (202 if created else 200)
    if request.headers.get("HX-Request"):
        response = _progress_response(record)
        response.headers["HX-Trigger"] = "tasks-changed"
        return response
    flash(message, "success" if created else "info")
    return redirect(url_for("interviews.detail", session_id=session_id))


def _start(session_id: int, starter, what: str):
    session = session_service.get_session(session_id)
    if not session.answers:
        raise Conflict(_("This interview has no answers yet, so there is nothing to analyse."))
    try:
        record, created = starter(session, created_by_id=current_user.id)
    except QueueUnavailable as exc:
        if wants_json() or request.headers.get("HX-Request"):
            raise
        flash(exc.message, "error")
        return redirect(url_for("interviews.detail", session_id=session_id))
    return _started_response(record, created, what, session_id)


@bp.post("/<int:session_id>/analysis")
@staff_required
def start_analysis(session_id: int):
    return _start(session_id, analysis_service.start_session_analysis, _("Analysis"))


@bp.post("/<int:session_id>/report")
@staff_required
def generate_report(session_id: int):
    return _start(session_id, report_service.start_report, _("Report"))


def _progress_response(record):
    data = describe(record)
    response = make_response(
        render_template("interviews/_progress.html", task=data, label=KIND_LABELS.get(record.kind, record.kind))
    )
    response.headers["Vary"] = "HX-Request, Accept"
    response.headers["Cache-Control"] = "no-store"
    if not data["live"]:
        # Tell the page a task ended, so panels that depend on it refresh once.
        response.headers["HX-Trigger"] = "task-finished"
    return response


@bp.get("/task-status/<task_id>")
@staff_required
def task_status(task_id: str):
    record = records.status_snapshot(task_id)
    if request.headers.get("HX-Request"):
        return _progress_response(record)
    data = describe(record)
    if wants_json():
        data["celery"] = get_interview_task_info(record.celery_task_id)
        response = jsonify({"message": data["state_label"], "data": data})
        response.headers["Vary"] = "HX-Request, Accept"
        response.headers["Cache-Control"] = "no-store"
        return response
    return render_template("interviews/task.html", task=data, label=KIND_LABELS.get(record.kind, record.kind))


@bp.get("/celery-task-status/<celery_task_id>")
@staff_required
def celery_task_status(celery_task_id: str):
    # Celery answers PENDING for ids it never saw; only ids we issued are looked up.
    record = records.find_record(celery_task_id)
    if record is None or record.celery_task_id != celery_task_id:
        abort(404)
    info = get_interview_task_info(celery_task_id)
    if not info["available"]:
        return jsonify({"message": info["error"], "data": info, "error": {"status": 503}}), 503
    return jsonify({"message": info["state"], "data": info})


@bp.get("/<int:session_id>/report")
@staff_required
def report(session_id: int):
    session = session_service.get_session(session_id)
    report_row = report_service.current_report(session.id)
    if wants_json():
        if report_row is None:
            abort(404)
        return jsonify({"message": "ok", "data": report_row.data})
    from ..reports.context import report_context

    return render_template("interviews/report.html", **report_context(session, staff=True), **_tasks_for(session.id))
