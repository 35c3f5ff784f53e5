"""Ids in URLs and bodies that no table can hold are unknown ids, not database errors."""

from __future__ import annotations

import pytest

from tests.helpers import login, make_user
from webapp.routing import MAX_ID, parse_id

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "path",
    [
        f"/positions/{HUGE}",
        f"/positions/{HUGE}/compare",
        f"/interviews/{HUGE}",
        f"/interviews/{HUGE}/report",
        f"/reports/interviews/{HUGE}/report.pdf",
        f"/candidates/{HUGE}",
        f"/resumes/{HUGE}",
        f"/media/answers/{HUGE}",
        f"/positions/{MAX_ID + 1}",
    ],
)
def test_an_id_too_large_for_any_row_is_a_404(client, path):
    make_user()
    login(client)
    response = client.get(path)
    assert response.status_code == 404, (path, response.status_code)
    assert client.get(path, headers={"Accept": "application/json"}).status_code == 404


def test_the_api_answers_404_for_a_huge_id(client, app):
    from webapp.models import ApiToken, User
    from webapp.models.users import hash_token

    user = make_user()
    raw = ApiToken.generate()
    from webapp.extensions import db

    db.session.add(ApiToken(user=db.session.get(User, user.id), token_hash=hash_token(raw), prefix=raw[:10], name="t"))
    db.session.commit()
    response = client.get(f"/api/v1/positions/{HUGE}", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 404 and response.json["error"]["status"] == 404


@pytest.mark.parametrize(
    "value, expected",
    [("12", 12), (12, 12), (MAX_ID, MAX_ID), (MAX_ID + 1, None), (HUGE, None), ("0", None), ("-3", None),
     ("", None), (None, None), ("1.5", None), (True, None)],
)
def test_parse_id(value, expected):
    assert parse_id(value) == expected


def test_huge_ids_in_bodies_are_unknown_ids(client):
    from tests.helpers import csrf_from, make_session
    from webapp.services import sessions as session_service

    make_user()
    token = login(client)
    response = client.post("/resumes/upload", data={"candidate_id": HUGE, "csrf_token": token})
    assert response.status_code == 404
    session = make_session()
    session_service.record_consent(session)
    answer = client.post(f"/api/v1/candidate/{session.token}/answers", json={"question_id": int(HUGE), "text": "hi"})
    assert answer.status_code in (400, 404), answer.get_data(as_text=True)
    page_token = csrf_from(client.get(f"/i/{session.token}").get_data(as_text=True))
    typed = client.post(f"/i/{session.token}/answer", data={"csrf_token": page_token, "question_id": HUGE, "text": "hi"})
    assert typed.status_code in (302, 400, 404)


def test_text_with_a_nul_character_is_refused_before_it_reaches_the_database(client, app):
    from tests.helpers import csrf_from, make_session
    from webapp.models import ApiToken
    from webapp.models.users import hash_token
    from webapp.services import sessions as session_service

    user = make_user()
    raw = ApiToken.generate()
    from webapp.extensions import db

    db.session.add(ApiToken(user=user, token_hash=hash_token(raw), prefix=raw[:10], name="t"))
    db.session.commit()
    api = client.post("/api/v1/positions", json={"title": "a\u0000b", "questions": [{"text": "Why?"}]},
                      headers={"Authorization": f"Bearer {raw}"})
    assert api.status_code == 400 and "NUL" in api.json["message"]
    session = make_session()
    session_service.record_consent(session)
    token = csrf_from(client.get(f"/i/{session.token}").get_data(as_text=True))
    typed = client.post(f"/i/{session.token}/answer",
                        data={"csrf_token": token, "question_id": session.question_ids[0], "text": "x\u0000y"})
    assert typed.status_code == 400 and "NUL" in typed.get_data(as_text=True)
