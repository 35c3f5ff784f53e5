"""Broken and hostile uploads each fail with their own code and a message a person can read."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from webapp.analysis.resume import ResumeError, parse_resume, sniff_document

DATA = Path(__file__).resolve().parents[2] / "data" / "resumes"
HOSTILE = DATA / "hostile"


@pytest.mark.parametrize(
    ("filename", "code", "words"),
    [
        ("scanned.pdf", "scanned", "no text found: scanned document"),
        ("blank.pdf", "no_text", "no text found"),
        ("encrypted.pdf", "encrypted", "password"),
        ("truncated.pdf", "truncated", "incomplete"),
        ("corrupt.pdf", "corrupt", "damaged"),
        ("zip_bomb.docx", "zip_bomb", "unsafe"),
        ("zip_bomb_lying.docx", "corrupt", "damaged"),
        ("not_a_resume.pdf", "unsupported_type", "plain text"),
        ("photo.pdf", "unsupported_type", "PNG image"),
        ("old_word.doc", "legacy_doc", ".docx"),
        ("opendocument.docx", "unsupported_type", "OpenDocument"),
        ("empty.docx", "empty_file", "empty"),
        ("many_pages.pdf", "too_many_pages", "3000 pages"),
        ("flate_bomb.pdf", "compression_bomb", "unsafe"),
    ],
)
def test_each_hostile_file_has_its_own_error(filename, code, words):
    with pytest.raises(ResumeError) as caught:
        parse_resume(HOSTILE / filename)
    assert caught.value.code == code
    assert words in caught.value.message
    assert caught.value.to_dict() == {"code": code, "message": caught.value.message}


def test_scanned_pdf_gives_no_profile_at_all():
    with pytest.raises(ResumeError, match="no text found: scanned document"):
        parse_resume(HOSTILE / "scanned.pdf")


def test_pdf_with_only_an_owner_password_is_read():
    parsed = parse_resume(HOSTILE / "encrypted_open.pdf")
    assert parsed.name.value == "Jane Doe"
    assert parsed.email.value == "jane.doe@example.com"


def test_size_limit_is_a_parameter(tmp_path):
    path = DATA / "shared" / "resume_1col.pdf"
    with pytest.raises(ResumeError) as caught:
        parse_resume(path, max_bytes=10_000)
    assert caught.value.code == "too_large"
    assert "larger than" in caught.value.message
    assert parse_resume(path, max_bytes=1_000_000).name.value == "Jane Doe"


def test_page_cap_is_a_parameter_and_cheap():
    started = time.perf_counter()
    with pytest.raises(ResumeError) as caught:
        parse_resume(HOSTILE / "many_pages.pdf", max_pages=10)
    assert caught.value.code == "too_many_pages"
    assert time.perf_counter() - started < 2.0  # refused from the page tree, before reading pages
    assert parse_resume(DATA / "shared" / "resume_1col.pdf", max_pages=1).pages == 1


def test_unzipped_size_limit_is_a_parameter():
    docx = DATA / "shared" / "resume.docx"
    with pytest.raises(ResumeError) as caught:
        sniff_document(docx, max_unzipped_bytes=20_000)
    assert caught.value.code == "zip_bomb"


def test_sniffing_ignores_the_file_name(tmp_path):
    renamed_pdf = tmp_path / "resume.docx"
    shutil.copy(DATA / "shared" / "resume_1col.pdf", renamed_pdf)
    renamed_docx = tmp_path / "resume.pdf"
    shutil.copy(DATA / "shared" / "resume.docx", renamed_docx)
    assert sniff_document(renamed_pdf) == "pdf"
    assert sniff_document(renamed_docx) == "docx"
    assert parse_resume(renamed_docx).kind == "docx"


def test_dates_are_never_taken_for_a_phone_number():
    parsed = parse_resume(HOSTILE / "dates_not_phone.pdf")
    assert parsed.name.value == "Tom Baker"
    assert parsed.email.value == "tom.baker@example.com"
    assert parsed.phone is None


def test_page_cap_holds_when_the_page_count_lies(tmp_path):
    data = (HOSTILE / "many_pages.pdf").read_bytes()
    lying = tmp_path / "lying.pdf"
    lying.write_bytes(data.replace(b"/Count 3000", b"/Count 1   "))  # same length: offsets stay valid
    with pytest.raises(ResumeError) as caught:
        parse_resume(lying, max_pages=10)
    assert caught.value.code == "too_many_pages"


def test_object_count_is_capped(monkeypatch):
    """Every object is inspected for compression bombs, so their number is bounded first."""
    from webapp.analysis.resume import pdf_text

    monkeypatch.setattr(pdf_text, "MAX_OBJECTS", 1000)
    with pytest.raises(ResumeError) as caught:
        parse_resume(HOSTILE / "many_pages.pdf", max_pages=5000)
    assert caught.value.code == "too_complex"
    assert "3004 objects" in caught.value.message
