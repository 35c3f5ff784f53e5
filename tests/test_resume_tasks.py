"""Resume parsing on the ``profile`` queue, through a real worker on a real Redis."""

from __future__ import annotations

import json

import pytest

from tests.helpers import candidate_csrf, login, make_session, make_user, wait_for_task
from tests.resume_helpers import HOSTILE, SHARED, latest_upload, upload_as_candidate, upload_as_staff
from webapp.extensions import db
from webapp.models import CandidateProfile, ResumeUpload
from webapp.services import resumes as resume_service

pytestmark = pytest.mark.worker

TRUTH = json.loads((SHARED / "resume_truth.json").read_text(encoding="utf-8"))


@pytest.fixture
def hr(client, app):
    make_user("hr@example.org", "hr")
    return login(client)


def parsed_through_worker(client, csrf: str, candidate_id: int, path, worker) -> ResumeUpload:
    response = upload_as_staff(client, csrf, candidate_id, path, Accept="application/json")
    assert response.status_code == 202, response.get_data(as_text=True)
    record = wait_for_task(response.get_json()["data"]["task_id"])
    assert record.state in ("succeeded", "failed"), worker.tail()
    db.session.expire_all()
    return db.session.get(ResumeUpload, response.get_json()["data"]["upload_id"])


def in_order(needles: list[str], lines: list[str]) -> bool:
    """Each needle (its first 30 characters: a PDF wraps long lines) is found after the previous one."""
    position = -1
    for needle in (n[:30] for n in needles):
        found = next((i for i, line in enumerate(lines) if i > position and needle in line), None)
        if found is None:
            return False
        position = found
    return True


@pytest.mark.parametrize("name", ["resume_1col.pdf", "resume_2col.pdf", "resume.docx"])
def test_shared_samples_become_drafts_with_every_expected_field(client, hr, worker, name):
    session = make_session()
    upload = parsed_through_worker(client, hr, session.candidate_id, SHARED / name, worker)
    record = resume_service.parse_task(upload.id)
    assert record.state == "succeeded" and record.progress == 100, (record.error, worker.tail())
    assert record.step_total == 5 and record.step_index == 5
    draft = upload.draft
    assert draft["name"]["value"] == "Jane Doe"
    assert draft["email"]["value"] == "jane.doe@example.com"
    assert draft["phone"]["value"] == "+1 555 0100"
    assert {"Python", "SQL", "Flask", "Project management"} <= {s["name"] for s in draft["skills"]}
    assert {"English", "Mandarin"} <= {lang["name"] for lang in draft["languages"]}
    (job,) = draft["experience"]
    assert (job["title"]["value"], job["company"]["value"]) == ("Senior Support Engineer", "Acme Corp")
    assert (job["start"]["value"], job["end"]["value"]) == ("2019", "2024")
    assert "halved response times" in job["bullets"][0]["value"]
    schools = {e["school"]["value"]: e for e in draft["education"]}
    assert schools["State University"]["degree"]["value"] == "BSc"
    assert schools["State University"]["field"]["value"] == "Computer Science"
    assert "北京大学" in schools
    assert [c["value"] for c in draft["certifications"]] == ["AWS Certified Cloud Practitioner"]
    # Reading order: the sidebar and the main column each in order, never mixed on one line.
    lines = [line["text"] for line in upload.parsed["lines"]]
    assert in_order(TRUTH["side"], lines) and in_order(TRUTH["main"], lines)
    for line in lines:
        assert not (any(s in line for s in TRUTH["side"] if len(s) > 6) and any(m in line for m in TRUTH["main"] if len(m) > 6))


@pytest.mark.parametrize(
    "name, message",
    [
        ("scanned.pdf", "no text found: scanned document"),
        ("encrypted.pdf", "protected by a password"),
        ("corrupt.pdf", "The PDF is damaged"),
        ("truncated.pdf", "The PDF is incomplete"),
        ("flate_bomb.pdf", "rejected as unsafe"),
        ("many_pages.pdf", "at most 20 pages"),
        ("blank.pdf", "no text found"),
    ],
)
def test_unreadable_pdfs_fail_with_their_reason_and_no_profile(client, hr, worker, name, message):
    session = make_session()
    upload = parsed_through_worker(client, hr, session.candidate_id, HOSTILE / name, worker)
    record = resume_service.parse_task(upload.id)
    assert record.state == "failed" and message in record.error, (record.error, worker.tail())
    assert record.deliveries == 1  # a file that cannot be read is not retried
    assert upload.status == "failed" and message in upload.error_message
    assert upload.draft is None and upload.parsed is None
    assert not resume_service.absolute_path(upload).exists()  # the unreadable file is not kept
    page = client.get(f"/resumes/{upload.id}").get_data(as_text=True)
    assert "This file could not be read" in page and message in page and "draft-form" not in page
    assert db.session.query(CandidateProfile).count() == 0


def test_dates_are_never_taken_for_a_phone_number(client, hr, worker):
    session = make_session()
    upload = parsed_through_worker(client, hr, session.candidate_id, HOSTILE / "dates_not_phone.pdf", worker)
    assert upload.status == "parsed"
    # The file holds "2001 1995", "2019 - 2024" and "2019.07-2024.06" near the contacts and no phone.
    assert upload.draft["phone"] is None
    assert upload.draft["name"]["value"] == "Tom Baker"
    page = client.get(f"/resumes/{upload.id}").get_data(as_text=True)
    assert 'name="phone" type="text" value=""' in page


def test_candidate_watches_progress_then_gets_the_draft(client, app, worker):
    session = make_session()
    csrf = candidate_csrf(client, session.token)
    client.post(f"/i/{session.token}/consent", data={"agree": "yes", "csrf_token": csrf})
    response = upload_as_candidate(client, csrf, session.token, SHARED / "resume_2col.pdf")
    upload = latest_upload()
    assert response.headers["Location"].endswith(f"/resumes/i/{session.token}/{upload.id}")
    record = resume_service.parse_task(upload.id)
    status_url = f"/resumes/i/{session.token}/{upload.id}/status"
    wait_for_task(record.id)
    fragment = client.get(status_url, headers={"HX-Request": "true"})
    assert fragment.headers["HX-Trigger"] == "task-finished"
    text = fragment.get_data(as_text=True)
    assert "Finished" in text and "hx-get" not in text  # a finished bar stops polling
    body = client.get(f"/resumes/i/{session.token}/{upload.id}/body", headers={"HX-Request": "true"})
    assert 'id="draft-form"' in body.get_data(as_text=True)
    assert client.get(status_url, headers={"Accept": "application/json"}).get_json()["data"]["state"] == "succeeded"
