"""Plain helpers that make rows and drive the app, instead of a factory framework."""

from __future__ import annotations

import re
import time
from typing import Any

from webapp.extensions import db
from webapp.models import InterviewSession, Position, TaskRecord, User
from webapp.services import positions as position_service
from webapp.services import sessions as session_service

PASSWORD = "correct horse battery"

GOOD_QUESTION = position_service.QuestionInput(
    text="How would you design a REST API for managing customer orders?",
    kind="technical",
    expected_points=(
        "Orders as resources with noun URLs such as /orders/{id}",
        "HTTP methods used for their meaning",
        "Correct status codes such as 201, 400, 404 and 409",
        "API versioning",
    ),
    skills=("REST APIs",),
)
STAR_QUESTION = position_service.QuestionInput(
    text="Tell me about a time you had to resolve a conflict within your team.",
    kind="behavioural",
    expected_points=("Describes the situation", "Explains own actions", "States the outcome"),
)


def make_user(email: str = "hr@example.org", role: str = "hr", password: str = PASSWORD) -> User:
    user = User(email=email, name=email.split("@")[0], role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def make_position(title: str = "Backend Engineer", questions=None, skills=None, **kw: Any) -> Position:
    return position_service.create_position(
        position_service.PositionInput(
            title=title,
            skills=skills if skills is not None else [position_service.SkillInput("Python", 4)],
            questions=questions if questions is not None else [GOOD_QUESTION, STAR_QUESTION],
            **kw,
        )
    )


def make_session(position: Position | None = None, name: str = "Ada Candidate", **kw: Any) -> InterviewSession:
    position = position or make_position()
    return session_service.invite(position, candidate_name=name, candidate_email=kw.pop("email", None), **kw)


CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def login(client, email: str = "hr@example.org", password: str = PASSWORD) -> str:
    """Sign in through the real form; returns a CSRF token for later posts."""
    page = client.get("/login")
    token = csrf_from(page.get_data(as_text=True))
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return csrf_from(client.get("/positions/").get_data(as_text=True))


def candidate_csrf(client, token: str) -> str:
    return csrf_from(client.get(f"/i/{token}").get_data(as_text=True))


def wait_for_task(record_id: str, timeout: float = 120, states=("succeeded", "failed", "cancelled")) -> TaskRecord:
    deadline = time.monotonic() + timeout
    while True:
        db.session.expire_all()
        record = db.session.get(TaskRecord, record_id)
        if record is not None and record.state in states:
            return record
        if time.monotonic() > deadline:
            raise AssertionError(f"task {record_id} still {record.state if record else 'missing'} after {timeout}s")
        time.sleep(0.2)
