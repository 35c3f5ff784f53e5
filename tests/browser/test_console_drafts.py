"""The candidate console in Chromium: a typed answer survives the "finish early?" detour."""

from __future__ import annotations

import pytest

from tests.helpers import make_session
from webapp.services import sessions as session_service

pytestmark = pytest.mark.browser


def test_a_typed_answer_survives_going_to_the_finish_page_and_back(app, live_server, page):
    session = make_session()
    session_service.record_consent(session)
    session_service.submit_text_answer(session, session.question_ids[0], "An answer to the first question.")
    page.on("dialog", lambda dialog: dialog.accept())  # "leave this page?" while a draft is unsent
    page.goto(f"{live_server}/i/{session.token}")
    page.wait_for_selector("text=Question 2 of 2")
    page.fill("textarea[name=text]", "Half of my second answer")
    page.dispatch_event("textarea[name=text]", "input")
    assert "24 of 20,000 characters" in page.inner_text(".char-count")

    page.click("text=Finish with 1 of 2 answers")
    page.wait_for_selector("text=Finish with 1 of 2 answers?")
    page.click("text=Go back to question 2")
    page.wait_for_selector("text=Question 2 of 2")
    assert page.input_value("textarea[name=text]") == "Half of my second answer"

    # Sent: the draft is gone, and the interview goes on to the finish page.
    page.click("#answer-form button[type=submit]")
    page.wait_for_selector("text=All questions answered")
    assert page.evaluate("() => Object.keys(sessionStorage).filter(k => k.startsWith('ic-draft:')).length") == 0
