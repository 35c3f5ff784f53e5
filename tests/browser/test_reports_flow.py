"""HR reads a report in the browser, exports it, reviews it and compares the candidates."""

from __future__ import annotations

import pytest

from tests.helpers import PASSWORD, make_user
from tests.report_helpers import TEXTS, interview, make_bank_position

pytestmark = [pytest.mark.browser]


def test_report_pdf_review_and_comparison(app, live_server, browser, tmp_path):
    make_user("hr@example.org", "hr")
    position = make_bank_position()
    sessions = {name: interview(position, name.title(), TEXTS[name]) for name in TEXTS}
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(live_server + "/login")
    page.fill("input[name=email]", "hr@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server + "/")

    page.goto(f"{live_server}/interviews/{sessions['mixed'].id}/report")
    assert page.locator("svg.radar").is_visible()
    assert page.locator("#competencies .competency").count() == 7
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    pdf = page.request.get(page.url + ".pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    page.click("summary:has-text('Add or change your review')")
    page.fill("input[name=rating_communication]", "55")
    page.fill("textarea[name=notes]", "Ask about caching again.")
    page.click("button:has-text('Save my review')")
    page.wait_for_selector("text=Your review is saved")
    assert "Ask about caching again." in page.inner_text("#review")

    page.click("a:has-text('Compare candidates')")
    page.click("#compare-table th a:has-text('Professional knowledge')")
    page.wait_for_url("**sort=professional_knowledge**")
    names = page.locator("#compare-table tbody tr td:nth-child(2) a").all_inner_texts()
    assert names == ["Good", "Mixed", "Weak"]
    page.click("#compare-table th a:has-text('Professional knowledge')")  # again: lowest first
    page.wait_for_url("**order=asc**")
    assert page.locator("#compare-table tbody tr td:nth-child(2) a").all_inner_texts() == ["Weak", "Mixed", "Good"]
    page.screenshot(path=str(tmp_path / "compare.png"), full_page=True)
