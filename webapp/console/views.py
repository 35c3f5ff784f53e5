"""The candidate's interview console, opened by the personal invite link.

Every route is keyed by the invite token; it opens that one session and
nothing else. Answers are committed before any analysis is queued, so an
outage of Redis or the workers never loses what the candidate gave.
"""

from __future__ import annotations

import logging

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..services import analysis as analysis_service
from ..services import sessions as session_service
from ..services.errors import ServiceError

bp = Blueprint("console", __name__, url_prefix="/i")
log = logging.getLogger(__name__)


@bp.after_request
def private(response):
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response


def _load(token: str):
    session = session_service.session_by_token(token)
    g.interview_language = session.language
    return session


@bp.get("/<token>")
def open_invite(token: str):
    session = _load(token)
    if session.status == "completed":
        return render_template("console/done.html", session=session)
    session_service.ensure_open(session)
    if session.consent_at is None:
        return render_template("console/consent.html", session=session, questions=session_service.session_questions(session))
    return _current_page(session)


def _current_page(session, **extra):
    state = session_service.progress(session)
    if state.done:
        return render_template("console/finish.html", session=session, state=state, **extra)
    return render_template(
        "console/question.html",
        session=session,
        state=state,
        question=state.current,
        question_text=state.current.text_for(session.language),
        **extra,
    )


@bp.post("/<token>/consent")
def consent(token: str):
    session = _load(token)
    if request.form.get("agree") != "yes":
        flash(_("Please tick the box to agree before you start."), "error")
        return redirect(url_for("console.open_invite", token=token))
    session_service.record_consent(session)
    return redirect(url_for("console.open_invite", token=token))


@bp.post("/<token>/answer")
def answer(token: str):
    session = _load(token)
    try:
        question_id = int(request.form.get("question_id", ""))
    except ValueError:
        flash(_("The answer could not be matched to a question. Please try again."), "error")
        return redirect(url_for("console.open_invite", token=token))
    try:
        stored, created = session_service.submit_text_answer(session, question_id, request.form.get("text", ""))
    except ServiceError as exc:
        if exc.status >= 500 or exc.status in (404, 409, 410):
            raise
        # Re-render with what the candidate typed, so nothing is lost.
        return _current_page(session, error=exc.message, draft=request.form.get("text", "")), exc.status
    if created:
        analysis_service.queue_answer_analysis(stored)
    return redirect(url_for("console.open_invite", token=token))


@bp.post("/<token>/finish")
def finish(token: str):
    analysis_service.finish_and_analyse(_load(token))
    return redirect(url_for("console.open_invite", token=token))
