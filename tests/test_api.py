"""The JSON API, driven the way a script would drive it."""

from __future__ import annotations

import pytest

from tests.helpers import make_user, wait_for_task
from webapp.extensions import db
from webapp.models import ApiToken
from webapp.models.users import hash_token

GOOD = (
    "I would model orders as resources at /orders and /orders/{id}, use GET to read, POST to create "
    "returning 201 Created, PATCH to update and DELETE to cancel; validation errors give 400, a missing "
    "order 404 and a conflicting update 409. I version the API under /v1/ and paginate list endpoints."
)
OFF_TOPIC = (
    "My favourite holiday was a trip to the mountains with my family. We hiked every morning, "
    "ate cheese in small villages and watched the sunset over the lake. I love the fresh air there."
)
QUESTION = {
    "text": "How would you design a REST API for managing customer orders?",
    "kind": "technical",
    "expected_points": [
        "Orders as resources with noun URLs such as /orders/{id}",
        "HTTP methods used for their meaning",
        "Correct status codes such as 201, 400, 404 and 409",
        "API versioning",
    ],
    "skills": ["REST APIs"],
}


def competency(report: dict, key: str) -> dict:
    return next(c for c in report["scores"]["competencies"] if c["competency"] == key)


@pytest.fixture
def api(client):
    user = make_user("bot@example.org", "hr")
    raw = ApiToken.generate()
    db.session.add(ApiToken(user=user, token_hash=hash_token(raw), prefix=raw[:10]))
    db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}

    class Api:
        def get(self, path):
            return client.get(path, headers=headers)

        def post(self, path, json=None):
            return client.post(path, json=json, headers=headers)

        def post_raw(self, path, body: str):
            return client.post(path, data=body, headers={**headers, "Content-Type": "application/json"})

    return Api()


def test_create_position_validates_input(api):
    assert api.post("/api/v1/positions", json={"title": ""}).status_code == 400
    bad = api.post("/api/v1/positions", json={"title": "X", "questions": [{"text": "Q", "kind": "riddle"}]})
    assert bad.status_code == 400 and "kind" in bad.json["message"]
    bad = api.post("/api/v1/positions", json={"title": "X", "skills": [{"name": "Python", "weight": 9}]})
    assert bad.status_code == 400 and "whole number from 1 to 5" in bad.json["message"]
    not_json = api.post("/api/v1/positions")
    assert not_json.status_code == 400 and "JSON" in not_json.json["message"]
    assert api.post("/api/v1/positions", json={"template": "no_such_template"}).status_code == 404


def test_a_title_longer_than_its_column_is_refused(api):
    response = api.post("/api/v1/positions", json={"title": "T" * 5000, "questions": [QUESTION]})
    assert response.status_code == 400
    assert response.json["error"]["fields"] == {
        "title": ["The title may be at most 200 characters; this one has 5000."]
    }
    assert response.json["message"] == "title: The title may be at most 200 characters; this one has 5000."
    assert api.get("/api/v1/positions").json["data"] == []


WEIGHT = "The weight must be a whole number from 1 to 5."


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({"description": "d" * 5001}, "description",
         "The description may be at most 5000 characters; this one has 5001."),
        ({"skills": [{"name": "Python", "weight": 0}]}, "skills[0].weight", WEIGHT),
        ({"skills": [{"name": "Python", "weight": 2.5}]}, "skills[0].weight", WEIGHT),
        ({"skills": [{"name": "Python", "weight": 6}]}, "skills[0].weight", WEIGHT),
        ({"skills": [{"name": "Python", "weight": True}]}, "skills[0].weight", WEIGHT),
        ({"skills": [{"name": "Python", "weight": None}]}, "skills[0].weight", WEIGHT),
        ({"skills": ["SQL", {"name": "  "}]}, "skills[1].name", "A skill needs a name."),
        ({"skills": [{"weight": 3}]}, "skills[0].name", "A skill needs a name."),
        ({"skills": ["S" * 81]}, "skills[0].name", "A skill name may be at most 80 characters; this one has 81."),
        ({"skills": ["Python", {"name": "python", "weight": 2}]}, "skills[1].name",
         "“python” is already listed as “Python”; give each skill once."),
        ({"skills": [f"Skill {i}" for i in range(41)]}, "skills", "At most 40 skills per position; there are 41."),
        ({"questions": [{"text": "Q" * 2001}]}, "questions[0].text",
         "A question may be at most 2000 characters; this one has 2001."),
        ({"questions": [{"text": "  "}]}, "questions[0].text", "A question needs its text."),
        ({"questions": [{"text": "Q", "text_zh": "问" * 2001}]}, "questions[0].text_zh",
         "A question may be at most 2000 characters; this one has 2001."),
        ({"questions": [{"text": "Q", "expected_points": [f"Point {i}" for i in range(11)]}]},
         "questions[0].expected_points", "At most 10 expected points per question; there are 11."),
        ({"questions": [{"text": "Q", "expected_points": ["ok", "p" * 501]}]}, "questions[0].expected_points[1]",
         "An expected point may be at most 500 characters; this one has 501."),
        ({"questions": [{"text": "Q", "skills": [f"S{i}" for i in range(11)]}]}, "questions[0].skills",
         "At most 10 skills per question; there are 11."),
        ({"questions": [{"text": "Q", "max_duration_s": 14}]}, "questions[0].max_duration_s",
         "The answer time limit must be a whole number of seconds from 15 to 900."),
        ({"questions": [{"text": "Q", "max_duration_s": 901}]}, "questions[0].max_duration_s",
         "The answer time limit must be a whole number of seconds from 15 to 900."),
        ({"questions": [{"text": "Q", "max_duration_s": 90.5}]}, "questions[0].max_duration_s",
         "The answer time limit must be a whole number of seconds from 15 to 900."),
        ({"questions": [{"text": "Q"}] * 31}, "questions", "At most 30 questions per position; there are 31."),
        ({"questions": [{"text": 12}]}, "questions[0].text", "“questions[0].text” must be a string."),
        ({"practice_mode": "no"}, "practice_mode", "“practice_mode” must be true or false."),
        ({"template": "backend_engineer", "title": "T" * 201}, "title",
         "The title may be at most 200 characters; this one has 201."),
        ({"template": "backend_engineer", "skills": [{"name": "Go", "weight": 4.5}]}, "skills[0].weight", WEIGHT),
    ],
)
def test_invalid_positions_get_a_message_per_field(api, body, field, message):
    response = api.post("/api/v1/positions", json={"title": "Backend", **body})
    assert response.status_code == 400, response.json
    assert response.json["error"]["fields"] == {field: [message]}
    assert f"{field}: {message}" in response.json["message"]
    assert api.get("/api/v1/positions").json["data"] == []


def test_every_problem_is_reported_at_once_and_valid_limits_pass(api):
    bad = api.post("/api/v1/positions", json={
        "title": "", "skills": [{"name": "Go", "weight": 9}], "questions": [{"text": "", "kind": "riddle"}],
    })
    assert bad.status_code == 400
    assert set(bad.json["error"]["fields"]) == {"title", "skills[0].weight", "questions[0].text", "questions[0].kind"}
    edge = api.post("/api/v1/positions", json={
        "title": "T" * 200,
        "description": "d" * 5000,
        "skills": [{"name": "A", "weight": 1}, {"name": "B", "weight": 5}, {"name": "C", "weight": 3.0}, "D"],
        "questions": [{"text": "Q" * 2000, "expected_points": [f"Point {i}" for i in range(10)],
                       "max_duration_s": 900}, {"text": "Short", "max_duration_s": 15}],
    })
    assert edge.status_code == 201, edge.json
    data = edge.json["data"]
    assert len(data["title"]) == 200 and len(data["description"]) == 5000
    assert [(s["name"], s["weight"]) for s in data["skills"]] == [("A", 1), ("B", 5), ("C", 3), ("D", 3)]
    assert len(data["questions"][0]["expected_points"]) == 10


def test_create_position_from_the_bank(api):
    response = api.post("/api/v1/positions", json={"template": "frontend_engineer"})
    assert response.status_code == 201
    data = response.json["data"]
    assert data["title"] and len(data["questions"]) >= 6
    assert any(q["kind"] == "behavioural" for q in data["questions"])
    assert api.get(f"/api/v1/positions/{data['id']}").json["data"]["id"] == data["id"]
    assert api.get("/api/v1/positions/999").status_code == 404


def test_candidate_api_errors(api, client):
    position = api.post("/api/v1/positions", json={"title": "API", "questions": [QUESTION]}).json["data"]
    session = api.post(f"/api/v1/positions/{position['id']}/sessions", json={"candidate": {"name": "Bo"}}).json["data"]
    token = session["candidate_url"].rsplit("/", 1)[1]
    qid = position["questions"][0]["id"]
    assert client.post(f"/api/v1/candidate/{token}/answers", json={"question_id": qid, "text": GOOD}).status_code == 400
    assert client.post(f"/api/v1/candidate/{token}/consent", json={"agree": "yes"}).status_code == 400
    assert client.post(f"/api/v1/candidate/{token}/consent", json={"agree": True}).status_code == 200
    assert client.post(f"/api/v1/candidate/{token}/answers", json={"question_id": "1", "text": GOOD}).status_code == 400
    assert client.post(f"/api/v1/candidate/{token}/answers", json={"question_id": 424242, "text": GOOD}).status_code == 404
    assert client.post("/api/v1/candidate/bogus/answers", json={"question_id": qid, "text": GOOD}).status_code == 404
    assert client.post(f"/api/v1/candidate/{token}/finish").status_code == 400  # nothing answered yet


@pytest.mark.worker
def test_full_interview_through_the_api_ranks_good_over_off_topic(api, client, worker):
    position = api.post("/api/v1/positions", json={"title": "API Engineer", "skills": [{"name": "REST APIs", "weight": 5}], "questions": [QUESTION]})
    assert position.status_code == 201, position.json
    position = position.json["data"]
    qid = position["questions"][0]["id"]

    reports = {}
    for name, text in (("Good", GOOD), ("Off", OFF_TOPIC)):
        created = api.post(f"/api/v1/positions/{position['id']}/sessions", json={"candidate": {"name": name, "email": f"{name}@example.org"}})
        assert created.status_code == 201
        session = created.json["data"]
        token = session["candidate_url"].rsplit("/", 1)[1]
        assert client.get(f"/api/v1/candidate/{token}").json["data"]["total"] == 1
        assert client.post(f"/api/v1/candidate/{token}/consent", json={"agree": True}).status_code == 200
        answer = client.post(f"/api/v1/candidate/{token}/answers", json={"question_id": qid, "text": text})
        assert answer.status_code == 201, answer.json
        again = client.post(f"/api/v1/candidate/{token}/answers", json={"question_id": qid, "text": "changed my mind"})
        assert again.status_code == 200 and again.json["data"]["answer_id"] == answer.json["data"]["answer_id"]
        assert client.post(f"/api/v1/candidate/{token}/finish").status_code == 200

        # Finishing started the analysis; starting it again returns the same task or a new finished run.
        start = api.post(f"/interviews/{session['session_id']}/analysis")
        assert start.status_code in (200, 202)
        wait_for_task(start.json["data"]["task_id"])
        info = api.get(f"/api/v1/sessions/{session['session_id']}").json["data"]
        report_task = info["report_task"]
        assert report_task, info
        wait_for_task(report_task["task_id"])
        report = api.get(f"/api/v1/sessions/{session['session_id']}/report")
        assert report.status_code == 200, report.json
        reports[name] = report.json["data"]

    good_q = reports["Good"]["questions"][0]
    off_q = reports["Off"]["questions"][0]
    assert good_q["content"]["relevance"]["score"] > off_q["content"]["relevance"]["score"] + 0.3
    good_pk = competency(reports["Good"], "professional_knowledge")["score"]
    off_pk = competency(reports["Off"], "professional_knowledge")["score"]
    assert good_pk >= off_pk + 30, (good_pk, off_pk)


def test_me_names_the_token_owner(client):
    from webapp.models import ApiToken, User
    from webapp.models.users import hash_token

    user = make_user("ops@example.org", "admin")
    raw = ApiToken.generate()
    db.session.add(ApiToken(user=db.session.get(User, user.id), token_hash=hash_token(raw), prefix=raw[:10], name="t"))
    db.session.commit()
    assert client.get("/api/v1/me").status_code == 401
    data = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).json["data"]
    assert data == {"id": user.id, "email": "ops@example.org", "name": "ops", "role": "admin"}


@pytest.mark.parametrize(
    "raw",
    ['{"title": "X", "questions": [{"text": "Q?", "max_duration_s": 1%s}]}' % ("0" * 400),
     '{"title": "X", "skills": [{"name": "Python", "weight": 1%s}]}' % ("0" * 400),
     '{"title": "X", "skills": [{"name": "Python", "weight": Infinity}]}',
     '{"title": "X", "questions": [{"text": "Q?", "max_duration_s": 1e400}]}'],
    ids=["huge duration", "huge weight", "infinite weight", "float overflow"],
)
def test_numbers_too_large_for_anything_are_refused_not_a_crash(client, api, raw):
    response = api.post_raw("/api/v1/positions", raw)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["error"]["fields"]
