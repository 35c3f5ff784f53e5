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

from ..errors import render_error
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
            return render_error(401, "Send an API token: Authorization: Bearer <token>.")
        return view(*args, **kwargs)

    return wrapped


def ok(data: Any, status: int = 200, message: str = "ok"):
    return jsonify({"message": message, "data": data}), status


def body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ServiceError("Send a JSON object with Content-Type: application/json.")
    return data


def _str(value: Any, name: str, *, required: bool = False, default: str = "") -> str:
    if value is None:
        if required:
            raise ServiceError(f"“{name}” is required.")
        return default
    if not isinstance(value, str):
        raise ServiceError(f"“{name}” must be a string.")
    if required and not value.strip():
        raise ServiceError(f"“{name}” is required.")
    return value


def _list_of_str(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ServiceError(f"“{name}” must be a list of strings.")
    return value


def _skills(value: Any) -> list[position_service.SkillInput]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ServiceError("“skills” must be a list of {name, weight}.")
    skills = []
    for item in value:
        if isinstance(item, str):
            skills.append(position_service.SkillInput(item, 3.0))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ServiceError("Each skill needs a “name” (and optionally a “weight” from 1 to 5).")
        weight = item.get("weight", 3)
        if not isinstance(weight, (int, float)) or isinstance(weight, bool):
            raise ServiceError("A skill's “weight” must be a number.")
        skills.append(position_service.SkillInput(item["name"], float(weight)))
    return skills


def _question(item: Any) -> position_service.QuestionInput:
    if not isinstance(item, dict):
        raise ServiceError("Each question must be an object with at least “text”.")
    duration = item.get("max_duration_s", 180)
    if not isinstance(duration, int) or isinstance(duration, bool):
        raise ServiceError("“max_duration_s” must be an integer number of seconds.")
    return position_service.QuestionInput(
        text=_str(item.get("text"), "text", required=True),
        kind=_str(item.get("kind"), "kind", default="technical"),
        expected_points=_list_of_str(item.get("expected_points"), "expected_points"),
        skills=_list_of_str(item.get("skills"), "skills"),
        max_duration_s=duration,
        text_zh=_str(item.get("text_zh"), "text_zh") or None,
        expected_points_zh=_list_of_str(item.get("expected_points_zh"), "expected_points_zh"),
    )


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


@bp.get("/positions")
@token_required
def list_positions():
    return ok([position_json(p) for p in position_service.list_positions()])


@bp.post("/positions")
@token_required
def create_position():
    data = body()
    template = data.get("template")
    if template is not None:
        base = question_bank.position_input(
            _str(template, "template"),
            title=_str(data.get("title"), "title") or None,
            description=data.get("description") if isinstance(data.get("description"), str) else None,
        )
        extra = [_question(q) for q in data.get("questions") or []]
        spec = replace(
            base,
            skills=_skills(data["skills"]) if "skills" in data else base.skills,
            questions=[*base.questions, *extra],
            practice_mode=bool(data.get("practice_mode", False)),
        )
    else:
        questions = data.get("questions") or []
        if not isinstance(questions, list):
            raise ServiceError("“questions” must be a list.")
        spec = position_service.PositionInput(
            title=_str(data.get("title"), "title", required=True),
            description=_str(data.get("description"), "description"),
            skills=_skills(data.get("skills")),
            questions=[_question(q) for q in questions],
            practice_mode=bool(data.get("practice_mode", False)),
        )
    position = position_service.create_position(spec, created_by_id=g._login_user.id)
    return ok(position_json(position), 201, "Position created.")


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
        raise ServiceError("“candidate” must be an object with a “name” (and optionally “email”).")
    session = session_service.invite(
        position,
        candidate_name=_str(candidate.get("name"), "candidate.name", required=True),
        candidate_email=_str(candidate.get("email"), "candidate.email") or None,
        language=_str(data.get("language"), "language", default="en"),
        created_by_id=g._login_user.id,
    )
    return ok(session_json(session), 201, "Interview created.")


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
        return render_error(404, "No report yet: start the analysis, then the report.")
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
        raise ServiceError("Consent needs {\"agree\": true}.")
    session_service.record_consent(session)
    return ok(candidate_state(session), message="Consent recorded.")


@bp.post("/candidate/<token>/answers")
def candidate_answer(token: str):
    session = session_service.session_by_token(token)
    data = body()
    question_id = data.get("question_id")
    if not isinstance(question_id, int) or isinstance(question_id, bool):
        raise ServiceError("“question_id” must be an integer.")
    answer, created = session_service.submit_text_answer(session, question_id, _str(data.get("text"), "text", required=True))
    if created:
        analysis_service.queue_answer_analysis(answer)
    return ok(
        {"answer_id": answer.id, "question_id": answer.question_id, "created": created, **candidate_state(session)},
        201 if created else 200,
        "Answer saved." if created else "This question was already answered; the first answer is kept.",
    )


@bp.post("/candidate/<token>/finish")
def candidate_finish(token: str):
    session = session_service.session_by_token(token)
    analysis_service.finish_and_analyse(session)
    return ok(candidate_state(session), message="Interview finished.")
