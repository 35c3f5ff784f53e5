"""The skills box of the position forms: what a line means."""

from __future__ import annotations

from webapp.positions.forms import skill_line_parts


def test_commas_separate_skills_but_not_a_decimal_weight():
    parts = skill_line_parts("Python: 2,5\nSQL, Flask: 4\nGo")
    assert [(name, weight.strip()) for _line, name, weight in parts] == [
        ("Python", "2,5"), ("SQL", "3"), ("Flask", "4"), ("Go", "3")]


def test_a_decimal_comma_weight_is_refused_on_its_line(client, app):
    from tests.helpers import login, make_user

    make_user()
    csrf = login(client)
    response = client.post("/positions/new", data={"csrf_token": csrf, "title": "Backend", "skills": "Python: 2,5"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Python: 2,5" in page and "whole number from 1 to 5" in page
