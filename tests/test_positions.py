"""HR's side: positions, questions from the bank or written by hand, invitations."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import login, make_position, make_user
from webapp.extensions import db
from webapp.models import InterviewSession, Position


def test_create_position_from_a_template(client):
    make_user()
    csrf = login(client)
    response = client.post(
        "/positions/new",
        data={"csrf_token": csrf, "title": "Backend Engineer (Berlin)", "template": "backend_engineer", "skills": ""},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    position = db.session.scalar(select(Position))
    assert position.title == "Backend Engineer (Berlin)"
    assert len(position.skills) >= 3
    kinds = {q.kind for q in position.questions}
    assert kinds == {"technical", "behavioural"}
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Backend Engineer (Berlin)" in page and "Invite a candidate" in page


def test_blank_position_with_own_skills_and_a_question(client):
    make_user()
    csrf = login(client)
    response = client.post(
        "/positions/new",
        data={"csrf_token": csrf, "title": "Support", "template": "", "skills": "Communication: 5\nSQL: 2"},
    )
    position = db.session.scalar(select(Position))
    assert {(s.name, s.weight) for s in position.skills} == {("Communication", 5.0), ("SQL", 2.0)}
    response = client.post(
        f"/positions/{position.id}/questions",
        data={
            "csrf_token": csrf,
            "kind": "behavioural",
            "text": "Tell me about an angry customer you helped.",
            "expected_points": "Situation\nAction\nResult",
            "skills": "Communication",
            "max_duration_s": "120",
        },
    )
    assert response.status_code == 302
    db.session.refresh(position)
    assert position.active_questions[0].expected_points == ["Situation", "Action", "Result"]


def test_invalid_skill_weights_rerender_with_an_error(client):
    make_user()
    csrf = login(client)
    response = client.post("/positions/new", data={"csrf_token": csrf, "title": "X", "template": "", "skills": "Python: lots"})
    assert response.status_code == 400
    assert "must be a number" in response.get_data(as_text=True)
    assert db.session.scalar(select(Position)) is None


def test_add_questions_from_the_bank_once(client):
    make_user()
    csrf = login(client)
    position = make_position(questions=[])
    page = client.get(f"/positions/{position.id}/bank").get_data(as_text=True)
    assert "Question bank" in page
    from webapp.services import question_bank

    key = question_bank.all_questions()[0].key
    client.post(f"/positions/{position.id}/bank", data={"csrf_token": csrf, "question": [key, key]})
    client.post(f"/positions/{position.id}/bank", data={"csrf_token": csrf, "question": [key]})
    db.session.refresh(position)
    assert [q.bank_key for q in position.active_questions] == [key]


def test_invite_and_the_link_survives_question_edits(client):
    make_user()
    csrf = login(client)
    position = make_position()
    response = client.post(
        f"/positions/{position.id}/invite",
        data={"csrf_token": csrf, "candidate_name": "Grace", "candidate_email": "grace@example.org", "language": "en"},
    )
    assert response.status_code == 302
    session = db.session.scalar(select(InterviewSession))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"/i/{session.token}" in page and "Grace" in page
    # Removing a question later does not change an interview already sent.
    client.post(f"/positions/{position.id}/questions/{session.question_ids[0]}/archive", data={"csrf_token": csrf})
    db.session.refresh(position)
    assert len(position.active_questions) == 1
    from webapp.services import sessions as session_service

    assert len(session_service.session_questions(session)) == 2
    session_service.record_consent(session)
    assert "REST API" in client.get(f"/i/{session.token}").get_data(as_text=True)


def test_invite_needs_questions(client):
    make_user()
    csrf = login(client)
    position = make_position(questions=[])
    response = client.post(
        f"/positions/{position.id}/invite", data={"csrf_token": csrf, "candidate_name": "Grace", "language": "en"}
    )
    assert response.status_code == 302
    assert "no questions" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_unknown_position_is_404(client):
    make_user()
    login(client)
    assert client.get("/positions/12345").status_code == 404
