"""The candidate console: consent, one question at a time, typed answers, finish."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from tests.helpers import candidate_csrf, make_position, make_session
from webapp.extensions import db
from webapp.models import Answer
from webapp.models.base import utcnow

GOOD = (
    "I would model orders as resources at /orders and /orders/{id}, use GET to read, POST to create "
    "returning 201 Created, PATCH to update and DELETE to cancel; validation errors give 400, a missing "
    "order 404 and a conflicting update 409. I version the API under /v1/ and paginate list endpoints."
)


def consent(client, token: str) -> str:
    csrf = candidate_csrf(client, token)
    response = client.post(f"/i/{token}/consent", data={"agree": "yes", "csrf_token": csrf})
    assert response.status_code == 302
    return csrf


def test_unknown_link_is_404(client, app):
    response = client.get("/i/not-a-real-token")
    assert response.status_code == 404
    assert "not valid" in response.get_data(as_text=True)


def test_consent_comes_first(client, app):
    session = make_session()
    page = client.get(f"/i/{session.token}").get_data(as_text=True)
    assert "How your answers are used" in page
    csrf = candidate_csrf(client, session.token)
    # Without ticking the box nothing starts.
    client.post(f"/i/{session.token}/consent", data={"csrf_token": csrf})
    db.session.refresh(session)
    assert session.consent_at is None
    # Answering before consent is refused.
    response = client.post(
        f"/i/{session.token}/answer",
        data={"csrf_token": csrf, "question_id": session.question_ids[0], "text": "hello"},
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_one_question_at_a_time_then_finish(client, app):
    session = make_session()
    csrf = consent(client, session.token)
    page = client.get(f"/i/{session.token}").get_data(as_text=True)
    assert "Question 1 of 2" in page and "REST API" in page
    client.post(f"/i/{session.token}/answer", data={"csrf_token": csrf, "question_id": session.question_ids[0], "text": GOOD})
    page = client.get(f"/i/{session.token}").get_data(as_text=True)
    assert "Question 2 of 2" in page and "conflict" in page
    client.post(
        f"/i/{session.token}/answer",
        data={"csrf_token": csrf, "question_id": session.question_ids[1], "text": "We talked and agreed."},
    )
    page = client.get(f"/i/{session.token}").get_data(as_text=True)
    assert "All questions answered" in page
    client.post(f"/i/{session.token}/finish", data={"csrf_token": csrf})
    db.session.refresh(session)
    assert session.status == "completed" and session.completed_at is not None
    assert "your interview is complete" in client.get(f"/i/{session.token}").get_data(as_text=True)
    # Nothing can be added after the end.
    response = client.post(f"/i/{session.token}/answer", data={"csrf_token": csrf, "question_id": session.question_ids[1], "text": "late"})
    assert response.status_code == 409


def test_double_submit_keeps_one_answer(client, app):
    session = make_session()
    csrf = consent(client, session.token)
    data = {"csrf_token": csrf, "question_id": session.question_ids[0], "text": GOOD}
    first = client.post(f"/i/{session.token}/answer", data=data)
    second = client.post(f"/i/{session.token}/answer", data={**data, "text": "second click"})
    assert first.status_code == second.status_code == 302
    answers = db.session.scalars(select(Answer)).all()
    assert len(answers) == 1 and answers[0].text == GOOD


def test_empty_answer_keeps_the_page_with_an_error(client, app):
    session = make_session()
    csrf = consent(client, session.token)
    response = client.post(f"/i/{session.token}/answer", data={"csrf_token": csrf, "question_id": session.question_ids[0], "text": "   "})
    assert response.status_code == 400
    assert "Please write an answer" in response.get_data(as_text=True)


def test_too_long_answer_is_refused_and_kept_in_the_form(client, app):
    session = make_session()
    csrf = consent(client, session.token)
    text = "word " * 5000
    response = client.post(f"/i/{session.token}/answer", data={"csrf_token": csrf, "question_id": session.question_ids[0], "text": text})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "limited to 20,000 characters" in body and "word word word" in body


def test_a_link_opens_only_its_own_session(client, app):
    position = make_position()
    other_position = make_position("Data Engineer")
    mine = make_session(position, "Mine")
    theirs = make_session(other_position, "Theirs")
    csrf = consent(client, mine.token)
    # A question of another interview cannot be answered through my link.
    response = client.post(
        f"/i/{mine.token}/answer",
        data={"csrf_token": csrf, "question_id": theirs.question_ids[0], "text": GOOD},
    )
    assert response.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0
    assert "Theirs" not in client.get(f"/i/{mine.token}").get_data(as_text=True)


def test_expired_link_is_refused(client, app):
    session = make_session()
    session.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.get(f"/i/{session.token}")
    assert response.status_code == 410
    assert "expired" in response.get_data(as_text=True)


def test_candidate_text_is_escaped(client, app):
    session = make_session(name="<script>alert(1)</script>")
    page = client.get(f"/i/{session.token}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_chinese_interview_shows_chinese_questions(client, app):
    from webapp.services import question_bank
    from webapp.services.positions import create_position

    position = create_position(question_bank.position_input("backend_engineer"))
    session = make_session(position, "李雷", language="zh")
    consent(client, session.token)
    page = client.get(f"/i/{session.token}").get_data(as_text=True)
    assert "REST API" in page and "资源" in page


def test_finishing_early_asks_first_and_keeps_the_interview_open_until_confirmed(client, app):
    session = make_session()
    csrf = consent(client, session.token)
    client.post(f"/i/{session.token}/answer", data={"csrf_token": csrf, "question_id": session.question_ids[0], "text": GOOD})
    page = client.get(f"/i/{session.token}").get_data(as_text=True)
    assert "Finish with 1 of 2 answers" in page

    assert f'href="/i/{session.token}/finish"' in page  # a link to a page that asks, not a form that finishes
    ask = client.get(f"/i/{session.token}/finish")
    text = ask.get_data(as_text=True)
    assert ask.status_code == 200 and "Finish with 1 of 2 answers?" in text
    assert "cannot come back" in text and "Go back to question 2" in text
    db.session.refresh(session)
    assert session.status != "completed"
    # A POST without the confirmation (an old page) asks too.
    assert client.post(f"/i/{session.token}/finish", data={"csrf_token": csrf}).headers["Location"].endswith("/finish")
    # Going back: the next question is still there to answer.
    assert "Question 2 of 2" in client.get(f"/i/{session.token}").get_data(as_text=True)

    done = client.post(f"/i/{session.token}/finish", data={"csrf_token": csrf, "confirm": "yes"})
    assert done.status_code == 302
    db.session.refresh(session)
    assert session.status == "completed"


def test_line_breaks_count_once_as_the_answer_box_counts_them(client, app):
    from webapp.services.sessions import MAX_TEXT_ANSWER_CHARS

    session = make_session()
    csrf = consent(client, session.token)
    lines = 500
    body = ("x" * (MAX_TEXT_ANSWER_CHARS // lines - 1) + "\r\n") * lines  # exactly the limit in the browser's count
    body = body[: MAX_TEXT_ANSWER_CHARS + lines - 2]
    response = client.post(f"/i/{session.token}/answer",
                           data={"csrf_token": csrf, "question_id": session.question_ids[0], "text": body})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    stored = db.session.scalar(select(Answer))
    assert "\r" not in stored.text and len(stored.text) <= MAX_TEXT_ANSWER_CHARS
