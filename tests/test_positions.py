"""HR's side: positions, questions from the bank or written by hand, invitations."""

from __future__ import annotations

import pytest
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
    assert "Line “Python: lots”: The weight must be a whole number from 1 to 5." in response.get_data(as_text=True)
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


# --- one set of rules for the form and the API --------------------------------------------


def _api_headers(user) -> dict[str, str]:
    from webapp.models import ApiToken
    from webapp.models.users import hash_token

    raw = ApiToken.generate()
    db.session.add(ApiToken(user=user, token_hash=hash_token(raw), prefix=raw[:10]))
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def errors_in(page: str) -> list[str]:
    import html
    import re

    lists = re.findall(r'<ul class="errors">(.*?)</ul>', page, re.S)
    return [html.unescape(e) for block in lists for e in re.findall(r"<li>(.*?)</li>", block, re.S)]


def test_a_long_title_gets_the_same_message_from_the_form_and_the_api(client):
    user = make_user()
    csrf = login(client)
    message = "The title may be at most 200 characters; this one has 201."
    form = client.post("/positions/new", data={"csrf_token": csrf, "title": "T" * 201, "template": "", "skills": ""})
    assert form.status_code == 400
    assert message in form.get_data(as_text=True)
    api = client.post("/api/v1/positions", json={"title": "T" * 201}, headers=_api_headers(user))
    assert api.status_code == 400 and api.json["error"]["fields"]["title"] == [message]
    assert db.session.scalar(select(Position)) is None


def test_editing_a_position_never_cuts_its_title(client):
    make_user()
    csrf = login(client)
    position = make_position()
    if db.engine.dialect.name == "sqlite":
        # A title written before the rule: SQLite kept it (PostgreSQL never could).
        position.title = "T" * 250
        db.session.commit()
        page = client.get(f"/positions/{position.id}/edit").get_data(as_text=True)
        assert f'value="{"T" * 250}"' in page
    original = db.session.get(Position, position.id).title
    response = client.post(
        f"/positions/{position.id}/edit", data={"csrf_token": csrf, "title": "T" * 250, "skills": "Python: 4"}
    )
    assert response.status_code == 400
    assert "The title may be at most 200 characters; this one has 250." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Position, position.id).title == original
    # The service refuses too, rather than cutting.
    from webapp.services import positions as position_service

    with pytest.raises(position_service.InvalidInput) as refused:
        position_service.update_position(
            db.session.get(Position, position.id), title="U" * 201, description="", skills=[], practice_mode=False
        )
    assert refused.value.fields == {"title": ["The title may be at most 200 characters; this one has 201."]}
    db.session.rollback()
    ok = client.post(f"/positions/{position.id}/edit", data={"csrf_token": csrf, "title": "Backend", "skills": "Python: 4"})
    assert ok.status_code == 302
    db.session.expire_all()
    assert db.session.get(Position, position.id).title == "Backend"


@pytest.mark.parametrize(
    "skills, messages",
    [
        ("Python: 5\npython: 2\n: 4", [
            "Line “python: 2”: “python” is already listed as “Python”; give each skill once.",
            "Line “: 4”: A skill needs a name.",
        ]),
        ("Python: 2.5", ["Line “Python: 2.5”: The weight must be a whole number from 1 to 5."]),
        ("Python: 0, SQL: 6", [
            "Line “Python: 0”: The weight must be a whole number from 1 to 5.",
            "Line “SQL: 6”: The weight must be a whole number from 1 to 5.",
        ]),
        ("S" * 81 + ": 3", ["Line “" + "S" * 59 + "…”: A skill name may be at most 80 characters; this one has 81."]),
    ],
    ids=["duplicate and nameless", "fraction", "out of range", "long name"],
)
def test_bad_skill_lines_are_named_not_dropped(client, skills, messages):
    make_user()
    csrf = login(client)
    response = client.post("/positions/new", data={"csrf_token": csrf, "title": "Support", "template": "", "skills": skills})
    assert response.status_code == 400
    assert errors_in(response.get_data(as_text=True)) == messages
    assert db.session.scalar(select(Position)) is None
    # The edit form reads its skills box the same way.
    position = make_position(skills=[])
    edit = client.post(f"/positions/{position.id}/edit", data={"csrf_token": csrf, "title": "Backend", "skills": skills})
    assert edit.status_code == 400 and errors_in(edit.get_data(as_text=True)) == messages
    db.session.expire_all()
    assert db.session.get(Position, position.id).skills == []


def test_skill_lines_keep_their_weights_and_the_default(client):
    make_user()
    csrf = login(client)
    client.post("/positions/new", data={"csrf_token": csrf, "title": "Support", "template": "",
                                        "skills": "Python: 1\n\nSQL\nGo: 5.0"})
    position = db.session.scalar(select(Position))
    assert [(s.name, s.weight) for s in position.skills] == [("Python", 1), ("SQL", 3), ("Go", 5)]


@pytest.mark.parametrize(
    "fields, messages",
    [
        ({"expected_points": "\n".join(f"Point {i}" for i in range(11))},
         ["At most 10 expected points per question; there are 11."]),
        ({"expected_points": "Fine\n" + "p" * 501},
         ["Line “" + "p" * 59 + "…”: An expected point may be at most 500 characters; this one has 501."]),
        ({"skills": ", ".join(f"S{i}" for i in range(11))}, ["At most 10 skills per question; there are 11."]),
        ({"max_duration_s": "14"}, ["The answer time limit must be a whole number of seconds from 15 to 900."]),
        ({"text": "Q" * 2001}, ["A question may be at most 2000 characters; this one has 2001."]),
    ],
    ids=["too many points", "long point", "too many skills", "too short a limit", "long text"],
)
def test_a_question_that_breaks_a_rule_is_refused_not_cut(client, fields, messages):
    make_user()
    csrf = login(client)
    position = make_position(questions=[])
    data = {"csrf_token": csrf, "kind": "technical", "text": "Why?", "expected_points": "", "skills": "",
            "max_duration_s": "120", **fields}
    response = client.post(f"/positions/{position.id}/questions", data=data)
    assert response.status_code == 400
    assert errors_in(response.get_data(as_text=True)) == messages
    db.session.refresh(position)
    assert position.active_questions == []


def _bank_keys(n: int) -> list[str]:
    from webapp.services import question_bank

    return [q.key for q in question_bank.all_questions()[:n]]


def _flashes(page: str) -> list[str]:
    import re

    return [re.sub(r"\s+", " ", m) for m in re.findall(r'<div class="flash [a-z]+" role="status">(.*?)</div>', page, re.S)]


def test_adding_from_the_bank_stops_at_the_maximum_and_says_what_was_added(client):
    from tests.helpers import GOOD_QUESTION
    from webapp.services import question_bank
    from webapp.services.position_rules import MAX_QUESTIONS

    make_user()
    csrf = login(client)
    position = make_position(questions=[GOOD_QUESTION] * (MAX_QUESTIONS - 1))
    page = client.get(f"/positions/{position.id}/bank").get_data(as_text=True)
    assert "Room for 1 more question: a position has at most 30." in page
    first, second, third = _bank_keys(3)
    response = client.post(f"/positions/{position.id}/bank", data={"csrf_token": csrf, "question": [first, second, third]})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/positions/{position.id}#questions")
    db.session.refresh(position)
    assert len(position.active_questions) == MAX_QUESTIONS and position.active_questions[-1].bank_key == first
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    added, over = _flashes(page)
    text = {k: question_bank.find_question(k).text for k in (first, second, third)}
    assert added.startswith("Added 1 question: “") and text[first][:40] in added
    assert over.startswith("2 questions were not added, as they would exceed the maximum of 30 questions per position: “")
    assert text[second][:40] in over and text[third][:40] in over and text[first][:40] not in over
    assert "questions: This position" not in page  # no field name of the rules' message

    # Full: nothing added, the same page, and why.
    response = client.post(f"/positions/{position.id}/bank", data={"csrf_token": csrf, "question": [second]})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/positions/{position.id}#questions")
    (full,) = _flashes(client.get(response.headers["Location"]).get_data(as_text=True))
    assert full == ("This position already has the maximum of 30 questions, so 1 ticked question was not added. "
                    "Remove a question to make room.")
    db.session.refresh(position)
    assert len(position.active_questions) == MAX_QUESTIONS
    bank = client.get(f"/positions/{position.id}/bank").get_data(as_text=True)
    assert "This position has the maximum of 30 questions." in bank and 'type="submit" disabled' in bank


def test_adding_nothing_from_the_bank_says_so(client):
    make_user()
    csrf = login(client)
    position = make_position(questions=[])
    response = client.post(f"/positions/{position.id}/bank", data={"csrf_token": csrf})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/positions/{position.id}/bank")
    assert _flashes(client.get(response.headers["Location"]).get_data(as_text=True)) == ["No question was ticked, so none was added."]
    (key,) = _bank_keys(1)
    client.post(f"/positions/{position.id}/bank", data={"csrf_token": csrf, "question": [key]})
    client.get(f"/positions/{position.id}")  # shows (and so clears) its message
    two = _bank_keys(2)
    response = client.post(f"/positions/{position.id}/bank", data={"csrf_token": csrf, "question": two})
    (added,) = _flashes(client.get(response.headers["Location"]).get_data(as_text=True))
    assert added.startswith("Added 1 question: ")  # the one already there is not added twice
    db.session.refresh(position)
    assert [q.bank_key for q in position.active_questions] == two
