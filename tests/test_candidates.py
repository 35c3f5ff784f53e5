"""HR's candidate pages, the skill match in the report, and deleting a candidate's data."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.helpers import login, make_position, make_session, make_user
from tests.resume_helpers import SHARED, draft_fields, latest_upload, parse_now, upload_as_staff
from webapp.extensions import db
from webapp.models import (
    Answer,
    Candidate,
    CandidateProfile,
    InterviewSession,
    Report,
    ResumeUpload,
    TaskRecord,
)
from webapp.services import positions as position_service
from webapp.services import reports as report_service
from webapp.services import resumes as resume_service
from webapp.services import sessions as session_service


@pytest.fixture
def hr(client, app):
    make_user("hr@example.org", "hr")
    return login(client)


def confirmed_profile(client, csrf: str, candidate_id: int, path: Path = SHARED / "resume_1col.pdf", **changes):
    upload_as_staff(client, csrf, candidate_id, path)
    upload = parse_now(latest_upload().id)
    fields = draft_fields(client.get(f"/resumes/{upload.id}").get_data(as_text=True), **changes)
    response = client.post(f"/resumes/{upload.id}/confirm", data=fields)
    assert response.status_code == 302
    return upload


def test_candidate_pages_list_interviews_uploads_and_versions(client, app, hr):
    session = make_session(name="Jane Doe", email="jane@example.org")
    make_session(make_position("Data Engineer"), name="Jane Doe", email="jane@example.org")
    confirmed_profile(client, hr, session.candidate_id)
    index = client.get("/candidates/").get_data(as_text=True)
    assert "Jane Doe" in index and "version 1" in index
    page = client.get(f"/candidates/{session.candidate_id}").get_data(as_text=True)
    assert "Backend Engineer" in page and "Data Engineer" in page
    assert "resume_1col.pdf" in page and "confirmed" in page and "version 1" in page
    assert 'id="upload"' in page
    assert "Candidate page" in client.get(f"/interviews/{session.id}").get_data(as_text=True)


def test_report_carries_and_shows_the_skill_match(client, app, hr):
    position = make_position(
        skills=[position_service.SkillInput("Python", 5), position_service.SkillInput("Kubernetes", 2)]
    )
    session = make_session(position, name="Jane Doe")
    report_service.save_report(session.id, report_service.assemble(session))
    page = client.get(f"/interviews/{session.id}/report").get_data(as_text=True)
    assert "Skill match (resume)" in page and "No confirmed resume profile" in page

    confirmed_profile(client, hr, session.candidate_id)
    page = client.get(f"/interviews/{session.id}/report").get_data(as_text=True)
    assert "Profile version 1 was confirmed after this report was built" in page

    data = report_service.assemble(session)
    assert data["skill_match"]["profile_version"] == 1
    report_service.save_report(session.id, data)
    page = client.get(f"/interviews/{session.id}/report").get_data(as_text=True)
    assert "1 of 2 required skills shown" in page
    assert "Kubernetes" in page and "missing" in page and "<q>Python, SQL, Flask</q>" in page
    assert "was confirmed after this report" not in page


def test_deletion_needs_confirmation_and_removes_everything_of_that_candidate_only(client, app, hr):
    session = make_session(name="Jane Doe", email="jane@example.org")
    keep = make_session(name="Bob Keep", email="bob@example.org")
    jane_id = session.candidate_id
    session_service.record_consent(session)
    answer, _ = session_service.submit_text_answer(session, session.question_ids[0], "I would design the API well.")
    media_root = Path(app.config["MEDIA_ROOT"])
    recording = media_root / "answers" / f"{answer.id}.webm"
    recording.parent.mkdir(parents=True, exist_ok=True)
    recording.write_bytes(b"\x1aE\xdf\xa3 recorded answer")
    answer.media_path = str(recording.relative_to(media_root))
    db.session.commit()
    report_service.save_report(session.id, report_service.assemble(session))
    confirmed_profile(client, hr, session.candidate_id)
    confirmed_profile(client, hr, keep.candidate_id, SHARED / "resume.docx")
    jane_files = [resume_service.absolute_path(u) for u in resume_service.uploads_of(session.candidate_id)]
    bob_files = [resume_service.absolute_path(u) for u in resume_service.uploads_of(keep.candidate_id)]
    assert all(p.exists() for p in jane_files + bob_files)

    page = client.get(f"/candidates/{session.candidate_id}/delete").get_data(as_text=True)
    assert "1 interview" in page and "1 answer" in page and "1 recording file" in page and "1 resume upload" in page
    # Without ticking the box nothing happens.
    response = client.post(f"/candidates/{session.candidate_id}/delete", data={"csrf_token": hr})
    assert response.status_code == 400 and "Tick the box" in response.get_data(as_text=True)
    assert db.session.get(Candidate, jane_id) is not None

    response = client.post(
        f"/candidates/{jane_id}/delete", data={"csrf_token": hr, "confirm": "y"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Deleted all data of Jane Doe: 1 interviews, 1 answers, 1 recordings, 1 resumes" in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.get(Candidate, jane_id) is None
    assert db.session.scalar(select(func.count()).select_from(Candidate)) == 1
    assert db.session.scalar(select(func.count()).select_from(InterviewSession)) == 1
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0
    assert db.session.scalar(select(func.count()).select_from(ResumeUpload)) == 1
    assert db.session.scalar(select(func.count()).select_from(CandidateProfile)) == 1
    assert db.session.scalar(
        select(func.count()).select_from(TaskRecord).where(TaskRecord.subject_type == "resume")
    ) == 1
    assert not recording.exists() and not any(p.exists() for p in jane_files)
    assert all(p.exists() for p in bob_files)
    assert client.get(f"/candidates/{keep.candidate_id}").status_code == 200
