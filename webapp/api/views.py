"""The JSON API for scripts and integrations.

Staff endpoints need ``Authorization: Bearer <token>`` (``flask create-token``);
candidate endpoints are authorised by the invite token in their URL, exactly
like the browser console. Starting analysis and reports, and reading task
status, use the ``/interviews/...`` routes, which accept the same bearer token.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any

from flask import Blueprint, g, jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import render_error
from ..extensions import db
from ..services import analysis as analysis_service
from ..services import positions as position_service
from ..services import question_bank
from ..services import reports as report_service
from ..services import sessions as session_service
from ..services import task_records as records
from ..services.errors import ServiceError
from ..services.task_status import describe
from ..tasks import names

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def token_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not g.get("api_user"):
            return render_error(401, _("Send an API token: Authorization: Bearer <token>."))
        return view(*args, **kwargs)

    return wrapped


@bp.errorhandler(position_service.InvalidInput)
def invalid_input(exc: position_service.InvalidInput):
    """Like every API error, plus ``error.fields``: each field's messages (``"skills[1].weight": [...]``)."""
    db.session.rollback()
    body = {"message": exc.message, "error": {"status": exc.status, "fields": exc.fields}}
    return jsonify(body), exc.status


def ok(data: Any, status: int = 200, message: str = "ok"):
    return jsonify({"message": message, "data": data}), status


def body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ServiceError(_("Send a JSON object with Content-Type: application/json."))
    return data


def _str(value: Any, name: str, *, required: bool = False, default: str = "") -> str:
    if value is None:
        if required:
            raise ServiceError(_("“%(name)s” is required.", name=name))
        return default
    if not isinstance(value, str):
        raise ServiceError(_("“%(name)s” must be a string.", name=name))
    if required and not value.strip():
        raise ServiceError(_("“%(name)s” is required.", name=name))
    return value


class _PositionReader:
    """Reads a position's JSON: wrong types are problems of their field; values go to the shared rules.

    The rules themselves (lengths, weights, counts) are ``services.positions``'s,
    the same the web form runs, so the API says what the form says.
    """

    def __init__(self) -> None:
        self.problems: list[position_service.Problem] = []

    def _wrong(self, path: tuple, message: str) -> None:
        self.problems.append(position_service.Problem(path, message))

    def _name(self, path: tuple) -> str:
        return position_service.Problem(path, "").field

    def text(self, value: Any, path: tuple, default: str | None = "") -> str | None:
        if value is None:
            return default
        if not isinstance(value, str):
            self._wrong(path, _("“%(name)s” must be a string.", name=self._name(path)))
            return default
        return value

    def texts(self, value: Any, path: tuple) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._wrong(path, _("“%(name)s” must be a list of strings.", name=self._name(path)))
            return []
        return value

    def flag(self, value: Any, path: tuple) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self._wrong(path, _("“%(name)s” must be true or false.", name=self._name(path)))
            return False
        return value

    def skills(self, value: Any) -> list[position_service.SkillInput]:
        if value is None:
            return []
        if not isinstance(value, list):
            self._wrong(("skills",), _("“skills” must be a list of {name, weight}."))
            return []
        skills = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                skills.append(position_service.SkillInput(item))
            elif isinstance(item, dict):
                name = self.text(item.get("name"), ("skills", i, "name"))
                skills.append(position_service.SkillInput(name, item.get("weight", position_service.DEFAULT_WEIGHT)))
            else:
                self._wrong(("skills", i), _("Each skill is a name, or an object with a “name” and a “weight” from 1 to 5."))
        return skills

    def questions(self, value: Any) -> list[position_service.QuestionInput]:
        if value is None:
            return []
        if not isinstance(value, list):
            self._wrong(("questions",), _("“questions” must be a list."))
            return []
        return [q for i, item in enumerate(value) if (q := self.question(item, ("questions", i))) is not None]

    def question(self, item: Any, path: tuple) -> position_service.QuestionInput | None:
        if not isinstance(item, dict):
            self._wrong(path, _("Each question must be an object with at least “text”."))
            return None
        return position_service.QuestionInput(
            text=self.text(item.get("text"), (*path, "text")),
            kind=self.text(item.get("kind"), (*path, "kind"), default="technical"),
            expected_points=self.texts(item.get("expected_points"), (*path, "expected_points")),
            skills=self.texts(item.get("skills"), (*path, "skills")),
            max_duration_s=item.get("max_duration_s", 180),
            text_zh=self.text(item.get("text_zh"), (*path, "text_zh"), default=None),
            expected_points_zh=self.texts(item.get("expected_points_zh"), (*path, "expected_points_zh")),
        )

    def done(self) -> None:
        if self.problems:
            raise position_service.InvalidInput(self.problems)


def position_json(position) -> dict[str, Any]:
    return {
        "id": position.id,
        "title": position.title,
        "description": position.description,
        "practice_mode": position.practice_mode,
        "skills": [{"name": s.name, "weight": s.weight} for s in position.skills],
        "questions": [
            {
                "id": q.id,
                "kind": q.kind,
                "text": q.text,
                "text_zh": q.text_zh,
                "expected_points": q.expected_points,
                "skills": q.skills,
                "max_duration_s": q.max_duration_s,
            }
            for q in position.active_questions
        ],
        "created_at": position.created_at.isoformat(),
    }


@bp.get("/me")
@token_required
def me():
    """Whose token this is: lets a script check its token and role before it starts."""
    user = current_user
    return ok({"id": user.id, "email": user.email, "name": user.name, "role": user.role})


@bp.get("/positions")
@token_required
def list_positions():
    return ok([position_json(p) for p in position_service.list_positions()])


@bp.post("/positions")
@token_required
def create_position():
    data = body()
    read = _PositionReader()
    template = data.get("template")
    title = read.text(data.get("title"), ("title",), default=None)
    description = read.text(data.get("description"), ("description",), default=None)
    skills = read.skills(data.get("skills"))
    questions = read.questions(data.get("questions"))
    practice_mode = read.flag(data.get("practice_mode"), ("practice_mode",))
    if template is not None:
        template = read.text(template, ("template",))
    read.done()
    if template is not None:
        base = question_bank.position_input(template, title=title or None, description=description)
        spec = replace(
            base,
            skills=skills if "skills" in data else base.skills,
            questions=[*base.questions, *questions],
            practice_mode=practice_mode,
        )
    else:
        spec = position_service.PositionInput(
            title=title or "",
            description=description or "",
            skills=skills,
            questions=questions,
            practice_mode=practice_mode,
        )
    position = position_service.create_position(spec, created_by_id=g._login_user.id)
    return ok(position_json(position), 201, _("Position created."))


@bp.get("/positions/<int:position_id>")
@token_required
def get_position(position_id: int):
    return ok(position_json(position_service.get_position(position_id)))


def session_json(session) -> dict[str, Any]:
    from ..interviews.views import candidate_link

    analysis = records.latest_record(names.KIND_INTERVIEW_ANALYSIS, "session", session.id)
    report_task = records.latest_record(names.KIND_INTERVIEW_REPORT, "session", session.id)
    return {
        "session_id": session.id,
        "position_id": session.position_id,
        "candidate": {"id": session.candidate.id, "name": session.candidate.name, "email": session.candidate.email},
        "status": session.status,
        "language": session.language,
        "candidate_url": candidate_link(session),
        "expires_at": session.expires_at.isoformat(),
        "consent_at": session.consent_at.isoformat() if session.consent_at else None,
        "completed_at": session.completed_at.isoformat() if session.completed_at else None,
        "answers": len(session.answers),
        "questions": len(session.question_ids),
        "analysis_task": describe(analysis) if analysis else None,
        "report_task": describe(report_task) if report_task else None,
        "report_url": url_for("api.get_report", session_id=session.id),
    }


@bp.post("/positions/<int:position_id>/sessions")
@token_required
def create_session(position_id: int):
    position = position_service.get_position(position_id)
    data = body()
    candidate = data.get("candidate")
    if not isinstance(candidate, dict):
        raise ServiceError(_("“candidate” must be an object with a “name” (and optionally “email”)."))
    session = session_service.invite(
        position,
        candidate_name=_str(candidate.get("name"), "candidate.name", required=True),
        candidate_email=_str(candidate.get("email"), "candidate.email") or None,
        language=_str(data.get("language"), "language", default="en"),
        created_by_id=g._login_user.id,
    )
    return ok(session_json(session), 201, _("Interview created."))


@bp.get("/sessions/<int:session_id>")
@token_required
def get_session(session_id: int):
    return ok(session_json(session_service.get_session(session_id)))


@bp.get("/sessions/<int:session_id>/report")
@token_required
def get_report(session_id: int):
    session = session_service.get_session(session_id)
    report = report_service.current_report(session.id)
    if report is None:
        return render_error(404, _("No report yet: start the analysis, then the report."))
    return ok(report.data)


# --- candidate side, authorised by the invite token ------------------------------------


def candidate_state(session) -> dict[str, Any]:
    state = session_service.progress(session)
    answered = {a.question_id for a in session.answers}
    return {
        "status": session.status,
        "consented": session.consent_at is not None,
        "language": session.language,
        "answered": state.answered,
        "total": state.total,
        "questions": [
            {
                "id": q.id,
                "number": n,
                "kind": q.kind,
                "text": q.text_for(session.language),
                "max_duration_s": q.max_duration_s,
                "answered": q.id in answered,
            }
            for n, q in enumerate(session_service.session_questions(session), start=1)
        ],
        "current_question_id": state.current.id if state.current else None,
    }


@bp.get("/candidate/<token>")
def candidate_session(token: str):
    session = session_service.session_by_token(token)
    session_service.ensure_open(session)
    return ok(candidate_state(session))


@bp.post("/candidate/<token>/consent")
def candidate_consent(token: str):
    session = session_service.session_by_token(token)
    data = body()
    if data.get("agree") is not True:
        raise ServiceError(_("Consent needs {\"agree\": true}."))
    session_service.record_consent(session)
    return ok(candidate_state(session), message=_("Consent recorded."))


@bp.post("/candidate/<token>/answers")
def candidate_answer(token: str):
    session = session_service.session_by_token(token)
    data = body()
    question_id = data.get("question_id")
    if not isinstance(question_id, int) or isinstance(question_id, bool):
        raise ServiceError(_("“question_id” must be an integer."))
    answer, created = session_service.submit_text_answer(session, question_id, _str(data.get("text"), "text", required=True))
    if created:
        analysis_service.queue_answer_analysis(answer)
    return ok(
        {"answer_id": answer.id, "question_id": answer.question_id, "created": created, **candidate_state(session)},
        201 if created else 200,
        _("Answer saved.") if created else _("This question was already answered; the first answer is kept."),
    )


@bp.post("/candidate/<token>/finish")
def candidate_finish(token: str):
    session = session_service.session_by_token(token)
    analysis_service.finish_and_analyse(session)
    return ok(candidate_state(session), message=_("Interview finished."))
