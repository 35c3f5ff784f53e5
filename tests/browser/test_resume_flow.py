"""A candidate uploads each sample resume, watches it being read, corrects and confirms the
profile; HR then sees the skill match on the report. Real browser, worker and server."""

from __future__ import annotations

import re
import time

import pytest

from tests.helpers import PASSWORD, make_position, make_session, make_user
from tests.resume_helpers import SHARED
from webapp.services import positions as position_service

pytestmark = [pytest.mark.browser, pytest.mark.worker]

ANSWER = (
    "I would model orders as resources at /orders and /orders/{id}. GET reads, POST creates and returns "
    "201 Created, PATCH updates and DELETE cancels. Validation errors give 400 and a missing order 404."
)


def wait_for_draft(page, timeout_s: float = 90) -> None:
    """Wait until the draft form replaces the progress bar (the bar polls until the parse ends)."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if page.locator("#draft-form").count():
            return
        # Read without waiting: the bar may be replaced by the form between two calls.
        text = page.evaluate("() => document.querySelector('#parse-progress .task')?.innerText")
        if text:
            seen.append(text)
        time.sleep(0.05)
    raise AssertionError(f"no draft after {timeout_s}s; progress seen: {seen[-3:]}")


def test_candidate_confirms_a_resume_profile_and_hr_sees_the_skill_match(app, live_server, worker, browser, tmp_path):
    make_user("hr@example.org", "hr")
    position = make_position(
        "Support Engineer",
        skills=[position_service.SkillInput(n, w) for n, w in [("Python", 5), ("PostgreSQL", 3), ("Kubernetes", 2)]],
    )
    session = make_session(position, name="Jane Doe", email="jane.doe@example.com")

    candidate = browser.new_context(viewport={"width": 1000, "height": 1000}).new_page()
    candidate.goto(f"{live_server}/i/{session.token}")
    candidate.check("input[name=agree]")
    candidate.click("button:has-text('Start the interview')")
    candidate.click("a:has-text('Add my resume')")
    assert "Your resume (optional)" in candidate.inner_text("main")

    # Something that is not a resume is refused with its reason.
    candidate.set_input_files("#resume-file", {"name": "notes.pdf", "mimeType": "application/pdf", "buffer": b"just text"})
    candidate.click("button:has-text('Upload and read it')")
    assert "plain text, not a PDF or Word document" in candidate.inner_text("#upload-error")

    # 1. The one-column PDF: progress, then the draft; correct a field; it survives a reload; confirm.
    candidate.set_input_files("#resume-file", str(SHARED / "resume_1col.pdf"))
    candidate.click("button:has-text('Upload and read it')")
    wait_for_draft(candidate)
    candidate.screenshot(path=str(tmp_path / "1-draft.png"), full_page=True)
    assert candidate.input_value("input[name=name]") == "Jane Doe"
    assert candidate.input_value("input[name=email]") == "jane.doe@example.com"
    assert candidate.input_value("input[name='experience-0-company']") == "Acme Corp"
    assert candidate.locator(".field.low").count() >= 1  # unsure values are marked
    assert "From line" in candidate.inner_text("#draft-form")
    candidate.fill("input[name=phone]", "+1 555 0199")
    candidate.locator("input[name=phone]").blur()
    candidate.wait_for_selector("#draft-status:has-text('Draft saved at')")
    candidate.reload()
    assert candidate.input_value("input[name=phone]") == "+1 555 0199"
    candidate.click("#confirm-button")
    candidate.wait_for_selector("text=Profile confirmed as version 1")

    # 2. The two-column PDF: a new draft that says a confirmed version exists.
    candidate.goto(f"{live_server}/resumes/i/{session.token}")
    candidate.set_input_files("#resume-file", str(SHARED / "resume_2col.pdf"))
    candidate.click("button:has-text('Upload and read it')")
    wait_for_draft(candidate)
    assert "A confirmed profile already exists (version 1" in candidate.inner_text("#confirmed-notice")
    assert candidate.input_value("input[name='education-0-school']") == "State University"

    # 3. The DOCX: add a skill by its alias, confirm as version 2.
    candidate.goto(f"{live_server}/resumes/i/{session.token}")
    candidate.set_input_files("#resume-file", str(SHARED / "resume.docx"))
    candidate.click("button:has-text('Upload and read it')")
    wait_for_draft(candidate)
    empty_skill = candidate.locator(".skill input[placeholder='Add a skill']").first
    empty_skill.fill("postgres")
    candidate.click("#confirm-button")
    candidate.wait_for_selector("text=Profile confirmed as version 2")
    assert "PostgreSQL" in [v for v in candidate.locator(".skill input").evaluate_all("els => els.map(e => e.value)")]
    candidate.screenshot(path=str(tmp_path / "3-confirmed.png"), full_page=True)

    # The interview itself, typed.
    candidate.goto(f"{live_server}/i/{session.token}")
    assert "Your resume profile is confirmed (version 2)" in candidate.inner_text("body")
    for _ in range(2):
        candidate.fill("textarea.answer", ANSWER)
        candidate.click("#answer-form button[type=submit]")
    candidate.click("button:has-text('Finish the interview')")
    candidate.wait_for_selector("text=your interview is complete")

    # HR reads the report: the skill match comes from the confirmed profile.
    hr = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    hr.goto(live_server + "/login")
    hr.fill("input[name=email]", "hr@example.org")
    hr.fill("input[name=password]", PASSWORD)
    hr.click("button[type=submit]")
    hr.goto(f"{live_server}/interviews/{session.id}")
    hr.wait_for_selector("#session-tasks a:has-text('Open the report')", timeout=180_000)
    hr.click("#session-tasks a:has-text('Open the report')")
    section = hr.inner_text("#skill-match")
    hr.screenshot(path=str(tmp_path / "4-report.png"), full_page=True)
    assert "profile version 2" in section
    assert re.search(r"2 of 3 required skills shown", section)
    assert "PostgreSQL" in section and "Kubernetes" in section and "missing" in section

    # HR's candidate page lists the uploads and both versions.
    hr.click("a:has-text('Jane Doe')")
    hr.click("a:has-text('Candidate page')")
    text = hr.inner_text("main")
    hr.screenshot(path=str(tmp_path / "5-candidate.png"), full_page=True)
    for name in ("resume_1col.pdf", "resume_2col.pdf", "resume.docx", "version 2", "version 1"):
        assert name in text
