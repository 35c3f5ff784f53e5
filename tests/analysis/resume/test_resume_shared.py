"""The project's shared sample resumes (copied from shared/data/resumes) parse to the fields they hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from webapp.analysis.resume import parse_resume

SHARED = Path(__file__).resolve().parents[2] / "data" / "resumes" / "shared"
FILES = ["resume_1col.pdf", "resume_2col.pdf", "resume.docx"]


@pytest.fixture(scope="module", params=FILES)
def parsed(request):
    return parse_resume(SHARED / request.param)


def test_contact_fields(parsed):
    assert parsed.name.value == "Jane Doe"
    assert parsed.email.value == "jane.doe@example.com"
    assert parsed.phone.value == "+1 555 0100"
    for field in (parsed.name, parsed.email, parsed.phone):
        assert 0.8 <= field.confidence <= 1.0
        assert field.source.text and field.source.line >= 1 and field.source.page == 1


def test_skills_normalised(parsed):
    names = {s.name for s in parsed.skills}
    assert {"Python", "SQL", "Flask", "Project management"} <= names
    listed = {s.name: s for s in parsed.skills}
    assert listed["Python"].source.text == "Python, SQL, Flask"
    assert listed["Project management"].category == "practice"


def test_experience(parsed):
    (job,) = parsed.experience
    assert job.title.value == "Senior Support Engineer"
    assert job.company.value == "Acme Corp"
    assert (job.start.value, job.end.value) == ("2019", "2024")
    assert job.bullets[0].value == (
        "Led a team of five that rebuilt the customer support system and halved response times."
    )


def test_education_english_and_chinese(parsed):
    schools = {e.school.value: e for e in parsed.education}
    state = schools["State University"]
    assert (state.degree.value, state.field.value, state.start.value, state.end.value) == (
        "BSc", "Computer Science", "2015", "2019",
    )  # fmt: skip
    pku = schools["北京大学"]
    assert (pku.degree.value, pku.field.value, pku.level) == ("学士", "计算机科学", "bachelor")


def test_certifications_and_languages(parsed):
    assert [c.value for c in parsed.certifications] == ["AWS Certified Cloud Practitioner"]
    assert [l.name for l in parsed.languages] == ["English", "Mandarin"]


def _joined(lines):
    return " ".join(l.text for l in lines)


@pytest.mark.parametrize("filename", ["resume_2col.pdf", "resume.docx"])
def test_two_column_reading_order(filename):
    """Sidebar lines are read before the main column and never mixed into it."""
    truth = json.loads((SHARED / "resume_truth.json").read_text(encoding="utf-8"))
    parsed = parse_resume(SHARED / filename)
    side = [l for l in parsed.lines if l.column == 0]
    main = [l for l in parsed.lines if l.column == 1]
    assert [l.text for l in side[: len(truth["side"])]] == truth["side"]
    main_text = _joined(main) + " " + _joined(l for l in side[len(truth["side"]) :])
    position = 0
    for expected in truth["main"]:
        found = main_text.find(expected, position)
        assert found >= position, f"{expected!r} missing or out of order in {filename}"
        position = found + len(expected)
    for sidebar_line in truth["side"]:
        assert sidebar_line not in _joined(main)
    # reading order: the whole sidebar comes before the first main-column line
    assert max(l.number for l in side[: len(truth["side"])]) < min(l.number for l in main)


def test_two_column_pdf_columns_by_position():
    parsed = parse_resume(SHARED / "resume_2col.pdf")
    assert {l.column for l in parsed.lines} == {0, 1}
    experience = next(s for s in parsed.sections if s.kind == "experience")
    in_experience = [l.text for l in parsed.lines if experience.first_line <= l.number <= experience.last_line]
    assert not any(t in ("Python, SQL, Flask", "Project management", "English, Mandarin") for t in in_experience)
