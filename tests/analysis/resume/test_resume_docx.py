"""DOCX text in document order: tables row by row, headers, footers, text boxes, content controls."""

from __future__ import annotations

from pathlib import Path

from webapp.analysis.resume import parse_resume

SET = Path(__file__).resolve().parents[2] / "data" / "resumes" / "set"


def test_header_and_footer_contacts():
    parsed = parse_resume(SET / "15_docx_header_footer.docx")
    regions = {l.text: l.region for l in parsed.lines}
    assert regions["Olivia Brown  |  olivia.brown@example.co.uk"] == "header"
    assert regions["+44 161 496 0753  |  Manchester, UK  |  linkedin.com/in/oliviabrown"] == "footer"
    assert parsed.lines[0].region == "header" and parsed.lines[-1].region == "footer"
    assert parsed.name.value == "Olivia Brown"
    assert parsed.phone.value == "+44 161 496 0753"
    assert parsed.location.value == "Manchester, UK"
    assert [l.kind for l in parsed.links] == ["linkedin"]
    # the footer after the Languages section does not become a language
    assert [l.name for l in parsed.languages] == ["English"]


def test_text_box_is_read_once_where_it_is_anchored():
    parsed = parse_resume(SET / "16_docx_textbox.docx")
    texts = [l.text for l in parsed.lines]
    assert texts[:5] == ["Noah Fischer", "noah.fischer@example.ch", "+41 44 555 01 23", "Zurich, Switzerland",
                         "github.com/nfischer"]  # fmt: skip
    assert texts.count("noah.fischer@example.ch") == 1  # the VML fallback copy is skipped
    assert {l.region for l in parsed.lines[1:5]} == {"textbox"}
    assert parsed.email.value == "noah.fischer@example.ch"
    assert parsed.phone.value == "+41 44 555 01 23"


def test_content_controls_are_read():
    parsed = parse_resume(SET / "19_docx_content_controls.docx")
    assert [s.kind for s in parsed.sections] == [
        "preamble", "summary", "experience", "education", "skills", "languages",
    ]  # fmt: skip
    assert [(e.title.value, e.company.value) for e in parsed.experience] == [
        ("Backend Developer", "Etsy"), ("Web Developer", "Squarespace"),
    ]  # fmt: skip


def test_experience_table_rows_in_order():
    parsed = parse_resume(SET / "17_docx_experience_table.docx")
    table = [(l.text, l.column) for l in parsed.lines if l.region == "table"][:3]
    assert table == [("Coupang Corp", 0), ("Data Engineer", 1), ("2020.01 - Present", 2)]
    assert [(e.company.value, e.start.value, e.end.value) for e in parsed.experience] == [
        ("Coupang Corp", "2020-01", "present"),
        ("Naver Corporation", "2018-03", "2019-12"),
        ("Kakao Corp", "2017-07", "2017-12"),
    ]
    assert parsed.experience[2].bullets[0].value == "Cleaned datasets with Pandas."


def test_list_paragraphs_are_bullets():
    parsed = parse_resume(SET / "13_docx_plain.docx")
    first = parsed.experience[0]
    assert first.company.value == "Ibotta" and first.title.value == "Senior QA Engineer"
    assert [b.value for b in first.bullets] == [
        "Built an end-to-end suite in Selenium and pytest that runs on every merge.",
        "Added contract tests for 25 REST APIs.",
    ]
    assert any(l.text.startswith("• ") for l in parsed.lines)


def test_chinese_labelled_table():
    parsed = parse_resume(SET / "18_docx_zh_labelled.docx")
    assert parsed.language == "zh"
    assert (parsed.name.value, parsed.phone.value, parsed.email.value, parsed.location.value) == (
        "王芳", "13912345678", "wangfang@example.cn", "杭州",
    )  # fmt: skip
    assert parsed.experience[0].end.value == "present"
