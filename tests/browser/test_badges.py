"""Badges are shown whole in Chromium: the report's confidence badge is not clipped by the
recorder's sound-meter style, and the operations page's state badges stay inside their cards.

The pages come from the test client and are loaded with their stylesheets inlined (no server).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import login, make_user
from tests.report_helpers import TEXTS, interview, make_bank_position
from webapp.extensions import db
from webapp.models import TaskRecord

pytestmark = [pytest.mark.browser]

STATIC = Path(__file__).resolve().parents[2] / "webapp" / "static"


def show(browser, html: str, width: int = 1280):
    """A page with the app's stylesheets inlined and nothing loaded from anywhere."""
    html = re.sub(r'<link rel="stylesheet" href="/static/([^"?]+)[^"]*">',
                  lambda m: f"<style>{(STATIC / m.group(1)).read_text(encoding='utf-8')}</style>", html)
    html = re.sub(r"<script[^>]*></script>", "", html)
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.route("**/*", lambda route: route.abort())
    page.set_content(html)
    return page


def test_the_confidence_badge_is_shown_whole(app, client, browser):
    make_user()
    login(client)
    session = interview(make_bank_position(), "Mia Mixed", TEXTS["mixed"])
    page = show(browser, client.get(f"/interviews/{session.id}/report").get_data(as_text=True))
    badge = page.locator("#summary .badge.confidence-level")
    assert badge.inner_text().startswith("confidence:")
    box = badge.evaluate("""el => ({overflow: getComputedStyle(el).overflow, height: el.getBoundingClientRect().height,
                                    scroll: el.scrollHeight, client: el.clientHeight})""")
    assert box["overflow"] == "visible" and box["height"] >= 16, box
    assert box["scroll"] <= box["client"] + 1, box
    assert page.locator(".level").count() == 0  # the recorder's meter class is not used on the report
    page.close()


def test_state_badges_stay_inside_their_cards(app, client, browser):
    make_user(role="admin")
    login(client)
    db.session.add(TaskRecord(task_name="probe", kind="interview_report", subject_type="session", subject_id=1,
                              state="stalled", deliveries=2, crashes=1))
    db.session.commit()
    html = client.get("/operations/").get_data(as_text=True)
    for width in (900, 1280):
        page = show(browser, html, width)
        cards = page.locator(".ops-states .card")
        assert cards.count() == 7
        assert "Stalled, retrying" in page.locator(".ops-states").inner_text()
        for i in range(cards.count()):
            card = cards.nth(i)
            inner, outer = card.locator(".badge").bounding_box(), card.bounding_box()
            assert outer["x"] <= inner["x"] and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5, \
                (width, card.inner_text(), inner, outer)
        page.close()
