"""Resume upload, the draft form, confirmation and access, through the routes.

Parsing runs in this process through the same service function the ``profile``
task runs (tests/test_resume_tasks.py runs it through a real worker).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.helpers import candidate_csrf, login, make_position, make_session, make_user
from tests.resume_helpers import (
    HOSTILE,
    SHARED,
    draft_fields,
    latest_upload,
    parse_now,
    upload_as_candidate,
    upload_as_staff,
)
from webapp.extensions import db
from webapp.models import CandidateProfile, ResumeUpload, TaskRecord
from webapp.services import resumes as resume_service


def media_files(app) -> list[Path]:
    root = Path(app.config["MEDIA_ROOT"]) / "resumes"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def hr(client, app):
    make_user("hr@example.org", "hr")
    return login(client)


def consented(client, session) -> str:
    csrf = candidate_csrf(client, session.token)
    client.post(f"/i/{session.token}/consent", data={"agree": "yes", "csrf_token": csrf})
    return csrf


# --- upload checks -------------------------------------------------------------


@pytest.mark.parametrize(
    "name, status, words",
    [
        ("not_a_resume.pdf", 415, "plain text, not a PDF or Word document"),
        ("photo.pdf", 415, "PNG image"),
        ("old_word.doc", 415, "old-format Word file"),
        ("opendocument.docx", 415, "OpenDocument"),
        ("zip_bomb.docx", 400, "rejected as unsafe"),
        ("zip_bomb_lying.docx", 400, "damaged or incomplete"),
        ("empty.docx", 400, "The file is empty"),
    ],
)
def test_upload_is_checked_by_content_and_nothing_is_kept(client, app, hr, name, status, words):
    session = make_session()
    before = media_files(app)
    response = upload_as_staff(client, hr, session.candidate_id, HOSTILE / name)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert words in page
    assert 'id="upload-error"' in page  # shown beside the upload form, on the candidate's page
    assert count(ResumeUpload) == 0 and count(TaskRecord) == 0
    assert media_files(app) == before


def test_file_over_the_size_limit_gets_the_resume_limit_message(client, app, hr):
    app.config["MAX_RESUME_MB"] = 1
    session = make_session()
    before = media_files(app)
    big = (SHARED / "resume_1col.pdf").read_bytes() + b"%" + b"x" * (1024 * 1024)
    response = client.post(
        "/resumes/upload",
        data={"csrf_token": hr, "candidate_id": str(session.candidate_id), "resume": (io.BytesIO(big), "big.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "larger than the 1 MB accepted for a resume" in response.get_data(as_text=True)
    # Far over the limit: refused from the request's length, before the body is read.
    huge = b"%PDF-1.7\n" + b"x" * (5 * 1024 * 1024)
    response = client.post(
        "/resumes/upload",
        data={"csrf_token": hr, "candidate_id": str(session.candidate_id), "resume": (io.BytesIO(huge), "huge.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "larger than the 1 MB accepted for a resume" in response.get_data(as_text=True)
    assert count(ResumeUpload) == 0 and media_files(app) == before


def test_upload_stores_the_file_outside_the_web_root_and_queues_the_parse(client, app, hr):
    session = make_session()
    before = media_files(app)
    response = upload_as_staff(client, hr, session.candidate_id, SHARED / "resume_2col.pdf", name="../../etc/Jane CV.pdf")
    assert response.status_code == 302
    upload = latest_upload()
    assert response.headers["Location"].endswith(f"/resumes/{upload.id}")
    assert upload.kind == "pdf" and upload.status == "queued" and upload.source == "staff"
    assert upload.filename == "Jane CV.pdf"  # a display name only; the stored name is ours
    stored = resume_service.absolute_path(upload)
    assert stored.read_bytes() == (SHARED / "resume_2col.pdf").read_bytes()
    assert Path(app.config["MEDIA_ROOT"]).resolve() in stored.parents
    assert "static" not in stored.parts
    record = db.session.scalar(select(TaskRecord).where(TaskRecord.subject_type == "resume"))
    assert record.kind == "resume_parse" and record.task_name == "webapp.tasks.profile.parse_resume"
    assert record.args == [upload.id, record.id]
    page = client.get(f"/resumes/{upload.id}").get_data(as_text=True)
    assert "Reading the resume" in page and f'id="task-{record.id}"' in page
    # The same file again while its draft is unconfirmed: the same draft, no second copy.
    again = upload_as_staff(client, hr, session.candidate_id, SHARED / "resume_2col.pdf")
    assert again.headers["Location"].endswith(f"/resumes/{upload.id}")
    assert count(ResumeUpload) == 1 and len(media_files(app)) == len(before) + 1


def _asks_for_a_file(response, accept: str | None) -> None:
    assert response.status_code == 400
    if accept:
        assert response.get_json()["message"] == "Choose a file to upload."
    else:
        page = response.get_data(as_text=True)
        assert 'id="upload-error"' in page and page.count("Choose a file to upload.") == 1
    assert count(ResumeUpload) == 0


@pytest.mark.parametrize("accept", [None, "application/json"], ids=["page", "json"])
def test_staff_upload_without_a_file_asks_for_one(client, app, hr, accept):
    session = make_session()
    response = client.post(
        "/resumes/upload",
        data={"csrf_token": hr, "candidate_id": str(session.candidate_id)},
        content_type="multipart/form-data",
        headers={"Accept": accept} if accept else {},
    )
    _asks_for_a_file(response, accept)


@pytest.mark.parametrize("accept", [None, "application/json"], ids=["page", "json"])
def test_candidate_upload_without_a_file_asks_for_one(client, app, accept):
    session = make_session()
    csrf = consented(client, session)
    response = client.post(
        f"/resumes/i/{session.token}/upload",
        data={"csrf_token": csrf},
        content_type="multipart/form-data",
        headers={"Accept": accept} if accept else {},
    )
    _asks_for_a_file(response, accept)


def test_upload_answers_json_with_the_task_ids(client, app, hr):
    session = make_session()
    response = upload_as_staff(client, hr, session.candidate_id, SHARED / "resume.docx", Accept="application/json")
    assert response.status_code == 202
    body = response.get_json()
    record = db.session.get(TaskRecord, body["data"]["task_id"])
    assert record.celery_task_id == body["data"]["celery_task_id"]
    assert body["data"]["upload_id"] == latest_upload().id


# --- the draft ----------------------------------------------------------------------


def test_draft_is_filled_from_the_parse_with_confidence_and_source(client, app, hr):
    session = make_session()
    upload_as_staff(client, hr, session.candidate_id, SHARED / "resume_1col.pdf")
    upload = parse_now(latest_upload().id)
    assert upload.status == "parsed" and upload.pages == 1 and upload.parse_ms is not None
    page = client.get(f"/resumes/{upload.id}").get_data(as_text=True)
    fields = draft_fields(page)
    assert fields["name"] == "Jane Doe"
    assert fields["email"] == "jane.doe@example.com"
    assert fields["phone"] == "+1 555 0100"
    assert fields["experience-0-title"] == "Senior Support Engineer"
    assert fields["experience-0-company"] == "Acme Corp"
    assert (fields["experience-0-start"], fields["experience-0-end"]) == ("2019", "2024")
    assert "halved response times" in fields["experience-0-bullets"]
    assert fields["education-0-school"] == "State University"
    skills = {v for k, v in fields.items() if k.startswith("skills-")}
    assert {"Python", "SQL", "Flask"} <= skills
    # A value the reader was unsure of is marked, with the line it came from.
    assert "check this" in page
    assert "From line 1" in page and "<q>Jane Doe</q>" in page


def test_save_draft_survives_reload_and_keeps_sources(client, app, hr):
    session = make_session()
    upload_as_staff(client, hr, session.candidate_id, SHARED / "resume.docx")
    upload = parse_now(latest_upload().id)
    page = client.get(f"/resumes/{upload.id}").get_data(as_text=True)
    fields = draft_fields(
        page,
        name="Jane Q. Doe",
        location="Berlin",
        **{"skills-6": "postgres", "skills-7": "Underwater basket weaving", "languages-2-name": "German",
           "languages-2-level": "B2", "experience-0-remove": "y"},
    )
    response = client.post("/resumes/draft", data=fields)
    assert response.status_code == 302
    db.session.expire_all()
    draft = db.session.get(ResumeUpload, upload.id).draft
    assert draft["name"]["value"] == "Jane Q. Doe" and draft["name"]["confidence"] == 1.0
    assert draft["name"]["source"]["text"] == "Jane Doe"  # where the corrected value came from
    assert draft["email"]["confidence"] == 0.98  # untouched values keep the reader's confidence
    assert draft["experience"] == []
    assert "PostgreSQL" in [s["name"] for s in draft["skills"]]  # an alias, normalised
    assert [f["value"] for f in draft["other_skills"]] == ["Underwater basket weaving"]
    assert {"name": "German", "level": "B2"}.items() <= draft["languages"][-1].items()
    page = client.get(f"/resumes/{upload.id}").get_data(as_text=True)
    again = draft_fields(page)
    assert again["name"] == "Jane Q. Doe" and again["location"] == "Berlin"
    assert "experience-0-title" in again and again["experience-0-title"] == ""  # only the blank row is left
    assert "written “postgres”" in page and "not in the skills list" in page


def test_draft_autosave_by_htmx_answers_a_fragment(client, app, hr):
    session = make_session()
    upload_as_staff(client, hr, session.candidate_id, SHARED / "resume.docx")
    upload = parse_now(latest_upload().id)
    fields = draft_fields(client.get(f"/resumes/{upload.id}").get_data(as_text=True), summary="Support lead.")
    response = client.post("/resumes/draft", data=fields, headers={"HX-Request": "true", "X-CSRFToken": hr})
    assert response.status_code == 200
    assert "Draft saved at" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ResumeUpload, upload.id).draft["summary"]["value"] == "Support lead."


def test_invalid_fields_are_not_saved_and_say_why(client, app, hr):
    session = make_session()
    upload_as_staff(client, hr, session.candidate_id, SHARED / "resume_1col.pdf")
    upload = parse_now(latest_upload().id)
    before = upload.draft
    fields = draft_fields(
        client.get(f"/resumes/{upload.id}").get_data(as_text=True),
        phone="2001 1995",
        email="jane at example",
        **{"experience-0-start": "sometime"},
    )
    response = client.post("/resumes/draft", data=fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "not a pair of years" in page and "not an email address" in page and "Write a date as 2019" in page
    assert 'value="2001 1995"' in page  # what was typed is shown again, not lost
    db.session.expire_all()
    assert db.session.get(ResumeUpload, upload.id).draft == before


def test_invalid_fields_answer_json_with_their_messages(client, app, hr):
    # The other place that hands form errors on: lazy messages, nested by field list, as JSON.
    session = make_session()
    upload_as_staff(client, hr, session.candidate_id, SHARED / "resume_1col.pdf")
    upload = parse_now(latest_upload().id)
    fields = draft_fields(
        client.get(f"/resumes/{upload.id}").get_data(as_text=True),
        email="jane at example",
        **{"experience-0-start": "sometime"},
    )
    response = client.post("/resumes/draft", data=fields, headers={"Accept": "application/json"})
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert errors["email"] == ["This is not an email address."]
    assert "Write a date as 2019" in errors["experience"][0]["start"][0]


def test_add_entry_button_gives_a_blank_row_that_saves_once(client, app, hr):
    session = make_session()
    upload_as_staff(client, hr, session.candidate_id, SHARED / "resume_1col.pdf")
    upload = parse_now(latest_upload().id)
    fields = draft_fields(client.get(f"/resumes/{upload.id}").get_data(as_text=True), action="add_experience")
    response = client.post("/resumes/draft", data=fields)
    assert response.headers["Location"].endswith("?add=experience#experience-new")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="experience-new"' in page
    typed = draft_fields(page, **{"experience-1-title": "Support Engineer", "experience-1-company": "Initech",
                                  "experience-1-start": "Jan 2016", "experience-1-end": "2019.03"})
    # Saved twice (autosave, then the button): still one new entry.
    client.post("/resumes/draft", data=typed, headers={"HX-Request": "true"})
    client.post("/resumes/draft", data=typed)
    db.session.expire_all()
    jobs = db.session.get(ResumeUpload, upload.id).draft["experience"]
    assert [j["company"]["value"] for j in jobs] == ["Acme Corp", "Initech"]
    assert (jobs[1]["start"]["value"], jobs[1]["end"]["value"]) == ("2016-01", "2019-03")


# --- confirm and versions ----------------------------------------------------------


def test_confirm_makes_immutable_versions_and_a_new_upload_does_not_replace_them(client, app, hr):
    session = make_session()
    upload_as_staff(client, hr, session.candidate_id, SHARED / "resume_1col.pdf")
    first = parse_now(latest_upload().id)
    fields = draft_fields(client.get(f"/resumes/{first.id}").get_data(as_text=True))
    response = client.post(f"/resumes/{first.id}/confirm", data=fields, follow_redirects=True)
    assert "Profile confirmed as version 1" in response.get_data(as_text=True)
    # A second click changes nothing.
    response = client.post(f"/resumes/{first.id}/confirm", data=fields, follow_redirects=True)
    assert "no new version was made" in response.get_data(as_text=True)
    assert count(CandidateProfile) == 1

    # A new resume: a new draft that says a confirmed version exists.
    upload_as_staff(client, hr, session.candidate_id, SHARED / "resume.docx")
    second = parse_now(latest_upload().id)
    assert second.id != first.id
    page = client.get(f"/resumes/{second.id}").get_data(as_text=True)
    assert "A confirmed profile already exists (version 1" in page and "Confirm as version 2" in page
    version_one = resume_service.latest_profile(session.candidate_id)
    assert version_one.version == 1 and version_one.data["name"]["value"] == "Jane Doe"

    fields = draft_fields(page, name="Jane Doe-Smith")
    client.post(f"/resumes/{second.id}/confirm", data=fields)
    versions = resume_service.profiles_of(session.candidate_id)
    assert [p.version for p in versions] == [2, 1]
    assert versions[0].data["name"]["value"] == "Jane Doe-Smith"
    assert versions[1].data["name"]["value"] == "Jane Doe"
    assert versions[0].confirmed_by == "staff" and versions[0].upload_id == second.id

    versions[1].data = {"name": None}
    with pytest.raises(ValueError, match="cannot be changed"):
        db.session.commit()
    db.session.rollback()

    page = client.get(f"/candidates/{session.candidate_id}").get_data(as_text=True)
    assert "version 2" in page and "version 1" in page and "resume_1col.pdf" in page and "resume.docx" in page
    page = client.get(f"/resumes/profiles/{versions[1].id}").get_data(as_text=True)
    assert "earlier version" in page and "Jane Doe" in page


def test_confirm_needs_a_name(client, app, hr):
    session = make_session()
    upload_as_staff(client, hr, session.candidate_id, SHARED / "resume_1col.pdf")
    upload = parse_now(latest_upload().id)
    fields = draft_fields(client.get(f"/resumes/{upload.id}").get_data(as_text=True), name="")
    response = client.post(f"/resumes/{upload.id}/confirm", data=fields)
    assert response.status_code == 400
    assert "Add the name" in response.get_data(as_text=True)
    assert count(CandidateProfile) == 0


# --- the candidate's side and access -------------------------------------------------


def test_candidate_uploads_corrects_and_confirms_through_the_invite_link(client, app):
    session = make_session()
    token = session.token
    assert client.get(f"/resumes/i/{token}").status_code == 302  # consent first
    csrf = consented(client, session)
    console = client.get(f"/i/{token}").get_data(as_text=True)
    assert "Add my resume" in console
    page = client.get(f"/resumes/i/{token}").get_data(as_text=True)
    assert "Your resume (optional)" in page
    response = upload_as_candidate(client, csrf, token, SHARED / "resume_2col.pdf")
    assert response.status_code == 302
    upload = parse_now(latest_upload().id)
    assert upload.source == "candidate" and upload.session_id == session.id
    assert "Check my resume" in client.get(f"/i/{token}").get_data(as_text=True)
    page = client.get(f"/resumes/i/{token}/{upload.id}").get_data(as_text=True)
    fields = draft_fields(page, phone="+1 555 0199")
    assert fields["token"] == token
    assert client.post("/resumes/draft", data=fields).status_code == 302
    response = client.post(f"/resumes/i/{token}/{upload.id}/confirm", data=fields, follow_redirects=True)
    assert "Profile confirmed as version 1" in response.get_data(as_text=True)
    profile = resume_service.latest_profile(session.candidate_id)
    assert profile.confirmed_by == "candidate" and profile.data["phone"]["value"] == "+1 555 0199"
    assert "Your resume profile is confirmed (version 1)" in client.get(f"/i/{token}").get_data(as_text=True)


def test_a_candidate_reaches_only_their_own_uploads(client, app):
    mine = make_session(name="Ada", email="ada@example.org")
    other = make_session(name="Bob", email="bob@example.org")
    csrf = consented(client, mine)
    consented(client, other)
    upload_as_candidate(client, csrf, other.token, SHARED / "resume.docx")
    bobs = parse_now(latest_upload().id)
    # Ada's link does not open Bob's upload, its progress, or its draft form.
    assert client.get(f"/resumes/i/{mine.token}/{bobs.id}").status_code == 404
    assert client.get(f"/resumes/i/{mine.token}/{bobs.id}/status").status_code == 404
    fields = draft_fields(client.get(f"/resumes/i/{other.token}/{bobs.id}").get_data(as_text=True), name="Hacked")
    fields["token"] = mine.token
    assert client.post("/resumes/draft", data=fields).status_code == 404
    assert client.post(f"/resumes/i/{mine.token}/{bobs.id}/confirm", data=fields).status_code == 404
    # Without a token, save_resume_draft needs a staff sign-in.
    fields["token"] = ""
    assert client.post("/resumes/draft", data=fields).status_code == 401
    db.session.expire_all()
    assert db.session.get(ResumeUpload, bobs.id).draft["name"]["value"] == "Jane Doe"
    # Staff pages are for staff only.
    assert client.get(f"/resumes/{bobs.id}").status_code == 302
    assert client.get(f"/resumes/{bobs.id}/file").status_code == 302
    assert client.get(f"/candidates/{other.candidate_id}").status_code == 302


def test_a_candidate_does_not_see_what_hr_uploaded(client, app, hr):
    session = make_session()
    upload_as_staff(client, hr, session.candidate_id, SHARED / "resume.docx")
    staff_upload = parse_now(latest_upload().id)
    client.post("/logout", data={"csrf_token": hr})
    consented(client, session)
    assert client.get(f"/resumes/i/{session.token}/{staff_upload.id}").status_code == 404
    assert "resume.docx" not in client.get(f"/resumes/i/{session.token}").get_data(as_text=True)


def test_staff_download_the_original(client, app, hr):
    session = make_session()
    upload_as_staff(client, hr, session.candidate_id, SHARED / "resume.docx")
    upload = latest_upload()
    response = client.get(f"/resumes/{upload.id}/file")
    assert response.status_code == 200
    assert response.data == (SHARED / "resume.docx").read_bytes()
    assert "attachment" in response.headers["Content-Disposition"]


def test_position_skills_are_matched_against_the_confirmed_profile(client, app, hr):
    from webapp.services import positions as position_service

    position = make_position(
        skills=[position_service.SkillInput(name, weight) for name, weight in
                [("Python", 5), ("Postgres", 3), ("Kubernetes", 2), ("Project management", 1)]]
    )
    session = make_session(position)
    assert resume_service.skill_match_for_session(session) is None
    upload_as_staff(client, hr, session.candidate_id, SHARED / "resume_1col.pdf")
    upload = parse_now(latest_upload().id)
    fields = draft_fields(client.get(f"/resumes/{upload.id}").get_data(as_text=True), **{"skills-6": "psql"})
    client.post(f"/resumes/{upload.id}/confirm", data=fields)
    match = resume_service.skill_match_for_session(session)
    assert match["profile_version"] == 1 and match["required"] == 4
    by_skill = {h["skill"]: h for h in match["matched"]}
    assert set(by_skill) == {"Python", "PostgreSQL", "Project management"}
    assert by_skill["Python"]["via"] == "skills" and by_skill["Python"]["evidence"]["text"] == "Python, SQL, Flask"
    assert by_skill["PostgreSQL"]["evidence"] is None  # added by a person when confirming
    assert [h["skill"] for h in match["missing"]] == ["Kubernetes"]
    assert match["score"] == pytest.approx((5 + 3 + 1) / 11, abs=1e-4)


def test_staff_api_token_uploads_saves_and_confirms_without_a_cookie(client, app):
    from webapp.models import ApiToken
    from webapp.models.users import hash_token

    user = make_user("ops@example.org", "hr")
    raw = ApiToken.generate()
    db.session.add(ApiToken(user=user, token_hash=hash_token(raw), prefix=raw[:10]))
    db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    session = make_session()
    response = client.post(
        "/resumes/upload",
        data={"candidate_id": str(session.candidate_id), "resume": (io.BytesIO((SHARED / "resume.docx").read_bytes()), "cv.docx")},
        content_type="multipart/form-data",
        headers=headers,
    )
    assert response.status_code == 202, response.get_data(as_text=True)
    upload = parse_now(response.get_json()["data"]["upload_id"])
    response = client.post(
        "/resumes/draft", data={"upload_id": str(upload.id), "name": "Jane Doe", "skills-0": "Go"}, headers=headers
    )
    assert response.status_code == 200
    assert [s["name"] for s in response.get_json()["data"]["draft"]["skills"]] == ["Go"]
    response = client.post(f"/resumes/{upload.id}/confirm", data={"upload_id": str(upload.id), "name": "Jane Doe",
                                                                 "skills-0": "Go"}, headers=headers)
    assert response.status_code == 201 and response.get_json()["data"]["version"] == 1
    profile = client.get(f"/resumes/profiles/{response.get_json()['data']['profile_id']}", headers=headers).get_json()
    assert profile["data"]["profile"]["name"]["value"] == "Jane Doe"
