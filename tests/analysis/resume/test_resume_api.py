"""The public API: entry point, progress, JSON round trip, skill matching."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from webapp.analysis.resume import ParsedResume, SkillMatch, match_skills, parse_resume

DATA = Path(__file__).resolve().parents[2] / "data" / "resumes"


@pytest.fixture(scope="module")
def jane():
    return parse_resume(DATA / "shared" / "resume_2col.pdf")


def test_progress_steps_in_order():
    steps = []
    parse_resume(DATA / "shared" / "resume.docx", progress=lambda step, fraction: steps.append((step, fraction)))
    names = [s for s, _ in steps]
    assert names[0] == "Checking file"
    assert [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n] == [
        "Checking file", "Extracting text", "Finding sections", "Reading fields",
    ]  # fmt: skip
    fractions = [f for _, f in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_pdf_progress_reports_pages():
    steps = []
    parse_resume(DATA / "set" / "08_en_two_pages.pdf", progress=lambda step, fraction: steps.append((step, fraction)))
    assert len([s for s in steps if s[0] == "Extracting text"]) == 3  # start, page 1, page 2


def test_json_round_trip(jane):
    data = jane.to_dict()
    text = json.dumps(data, ensure_ascii=False)
    again = ParsedResume.from_dict(json.loads(text))
    assert again == jane
    assert data["experience"][0]["company"]["source"]["line"] >= 1
    assert data["name"] == {"value": "Jane Doe", "confidence": jane.name.confidence,
                            "source": {"text": "Jane Doe", "line": 1, "page": 1}}  # fmt: skip


def test_every_field_has_confidence_and_source(jane):
    fields = [jane.name, jane.email, jane.phone, *jane.certifications]
    for entry in jane.experience:
        fields += [entry.title, entry.company, entry.start, entry.end, *entry.bullets]
    for entry in jane.education:
        fields += [f for f in (entry.school, entry.degree, entry.field) if f]
    for field in fields:
        assert 0 < field.confidence <= 1
        assert field.source.text in {l.text for l in jane.lines}
    for skill in jane.skills:
        assert 0 < skill.confidence <= 1 and skill.source.line >= 1


def test_match_skills(jane):
    result = match_skills(jane, [("python", 3), ("Postgres", 2), ("Flask", 1), ("Kubernetes", 2)])
    assert [(h.skill, h.credit, h.via) for h in result.matched] == [("Python", 1.0, "skills"), ("Flask", 1.0, "skills")]
    assert [h.skill for h in result.missing] == ["PostgreSQL", "Kubernetes"]
    assert result.matched[0].evidence.text == "Python, SQL, Flask"
    assert result.score == pytest.approx(4 / 8)
    assert SkillMatch.from_dict(json.loads(json.dumps(result.to_dict()))) == result


def test_match_skills_implied_and_unknown_and_text():
    parsed = parse_resume(DATA / "set" / "01_en_classic.pdf")
    result = match_skills(parsed, [("SQL", 1), ("Settlement", 1), ("Go", 1), ("Testing", 1)])
    hits = {h.skill: h for h in result.matched}
    assert hits["SQL"].credit == 0.5 and hits["SQL"].via == "implied by PostgreSQL"
    assert hits["Settlement"].via == "text"  # not in the vocabulary: found as written
    assert hits["Go"].credit == 1.0
    assert hits["Testing"].evidence.text == "• Introduced unit testing with pytest across four services."
    assert result.score == pytest.approx(3.5 / 4)


def test_match_skills_edge_cases(jane):
    assert match_skills(jane, []).score is None
    assert match_skills(jane, [("Python", 0)]).score is None
    with pytest.raises(ValueError):
        match_skills(jane, [("Python", -1)])
    with pytest.raises(ValueError):
        match_skills(jane, [("Python", float("nan"))])
    duplicate = match_skills(jane, [("JS", 1), ("JavaScript", 1)])
    assert len(duplicate.matched) + len(duplicate.missing) == 1


def test_chinese_resume_fields():
    parsed = parse_resume(DATA / "set" / "06_zh_1col_stsong.pdf")
    assert parsed.language == "zh"
    assert parsed.name.value == "张伟"
    assert parsed.location.value == "北京市海淀区"
    job = parsed.experience[0]
    assert (job.title.value, job.company.value, job.start.value, job.end.value) == (
        "高级后端工程师", "北京字节跳动科技有限公司", "2020-07", "present",
    )  # fmt: skip
    assert {"Project management", "Communication", "Java"} <= {s.name for s in parsed.skills}
    assert [(l.name, l.level) for l in parsed.languages] == [("English", "CET-6"), ("Mandarin", "")]
