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

    return Api()


def test_create_position_validates_input(api):
    assert api.post("/api/v1/positions", json={"title": ""}).status_code == 400
    bad = api.post("/api/v1/positions", json={"title": "X", "questions": [{"text": "Q", "kind": "riddle"}]})
    assert bad.status_code == 400 and "kind" in bad.json["message"]
    bad = api.post("/api/v1/positions", json={"title": "X", "skills": [{"name": "Python", "weight": 9}]})
    assert bad.status_code == 400 and "between 0 and 5" in bad.json["message"]
    not_json = api.post("/api/v1/positions")
    assert not_json.status_code == 400 and "JSON" in not_json.json["message"]
    assert api.post("/api/v1/positions", json={"template": "no_such_template"}).status_code == 404


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
