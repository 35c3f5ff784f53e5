"""The whole product once, as people use it: HR in one browser, the candidate in another."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.helpers import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.worker]

GOOD = (
    "I would model orders as resources at /orders and /orders/{id}. GET reads, POST creates and returns "
    "201 Created, PATCH updates and DELETE cancels. Validation errors give 400, a missing order 404 and a "
    "conflicting update 409. I version the API under /v1/ and paginate the list endpoint."
)
OFF_TOPIC = "My favourite holiday was in the mountains. We hiked every morning and ate cheese in small villages."


def test_hr_invites_candidate_answers_and_hr_reads_the_report(app, live_server, worker, browser, tmp_path):
    make_user("hr@example.org", "hr")
    hr = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    hr.goto(live_server + "/login")
    hr.fill("input[name=email]", "hr@example.org")
    hr.fill("input[name=password]", PASSWORD)
    hr.click("button[type=submit]")
    hr.wait_for_url(live_server + "/")

    # A position from scratch with one question of our own.
    hr.click("text=New position")
    hr.fill("input[name=title]", "API Engineer")
    hr.fill("textarea[name=skills]", "REST APIs: 5\nPython: 3")
    hr.click("button:has-text('Create position')")
    hr.wait_for_selector("h1:has-text('API Engineer')")
    hr.click("summary:has-text('Write a question')")
    hr.fill("textarea[name=text]", "How would you design a REST API for managing customer orders?")
    hr.fill(
        "textarea[name=expected_points]",
        "Orders as resources with noun URLs such as /orders/{id}\nHTTP methods used for their meaning\n"
        "Correct status codes such as 201, 400, 404 and 409\nAPI versioning",
    )
    hr.click("button:has-text('Add question')")
    hr.click("summary:has-text('Write a question')")
    hr.select_option("select[name=kind]", "behavioural")
    hr.fill("textarea[name=text]", "Tell me about a time you disagreed with a colleague.")
    hr.click("button:has-text('Add question')")
    assert hr.locator("#questions tbody tr").count() == 2

    hr.fill("input[name=candidate_name]", "Grace Hopper")
    hr.click("button:has-text('Create invitation link')")
    link = hr.input_value("#candidate-link")
    assert re.search(r"/i/[\w-]{40,}$", link)
    session_url = hr.url

    # The candidate, without an account.
    candidate = browser.new_context(viewport={"width": 1000, "height": 900}).new_page()
    candidate.goto(link)
    candidate.check("input[name=agree]")
    candidate.click("button:has-text('Start the interview')")
    assert "Question 1 of 2" in candidate.inner_text("main")
    candidate.fill("textarea.answer", GOOD)
    candidate.click("#answer-form button[type=submit]")
    candidate.wait_for_selector("text=Question 2 of 2")
    candidate.screenshot(path=str(tmp_path / "console.png"), full_page=True)
    candidate.fill("textarea.answer", OFF_TOPIC)
    candidate.click("#answer-form button[type=submit]")
    candidate.click("button:has-text('Finish the interview')")
    candidate.wait_for_selector("text=your interview is complete")

    # HR starts the analysis and watches the bar move to 100 %.
    hr.goto(session_url)
    hr.wait_for_selector("#session-tasks button:has-text('analysis')", timeout=120_000)
    hr.click("#session-tasks button:has-text('analysis')")
    seen: list[int] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        text = hr.locator("#analysis-slot .task .head").first.inner_text()
        match = re.search(r"(\d+) %", text)
        if match:
            seen.append(int(match.group(1)))
        if "Finished" in text:
            break
        time.sleep(0.1)
    assert seen and seen[-1] == 100, (seen, worker.tail())
    # The report is built next, and the panel shows the link when it is ready.
    hr.wait_for_selector("#session-tasks a:has-text('Open the report')", timeout=120_000)
    hr.click("#session-tasks a:has-text('Open the report')")
    hr.wait_for_selector("h1:has-text('Interview report')")
    hr.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    report = hr.inner_text("main")
    assert "Professional knowledge" in report and "Expected points" in report
    # The good answer is on topic, the holiday story is not.
    q1 = hr.inner_text("#q1")
    q2 = hr.inner_text("#q2")
    assert "on topic" in q1 and "off topic" in q2
    assert Path(tmp_path / "report.png").stat().st_size > 10_000
