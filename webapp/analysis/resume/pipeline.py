"""parse_resume: file -> checked -> lines in reading order -> sections -> fields."""

from __future__ import annotations

import dataclasses
import logging
import os
import re
from collections.abc import Callable
from pathlib import Path

from .contacts import find_email, find_links, find_location, find_name, find_phone
from .docx_text import extract_docx
from .entries import read_education, read_experience, read_projects
from .errors import NO_TEXT, SCANNED, TOO_MANY_PAGES, ResumeError
from .lists import read_certifications, read_languages, read_skills, read_summary
from .model import Line, ParsedResume, Section, Source
from .pdf_text import extract_pdf
from .sections import Block, split_sections
from .skills import Vocabulary, load_vocabulary
from .sniff import DEFAULT_MAX_BYTES, DEFAULT_MAX_UNZIPPED_BYTES, sniff_document
from .text import cjk_count

logger = logging.getLogger(__name__)

DEFAULT_MAX_PAGES = 20
LINES_PER_PAGE_CAP = 150  # a DOCX has no fixed pages; cap its length by lines instead
MIN_TEXT_CHARS = 20

Progress = Callable[[str, float], None]


def parse_resume(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
    max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_BYTES,
    vocabulary: Vocabulary | None = None,
    progress: Progress | None = None,
) -> ParsedResume:
    """Parse a PDF or DOCX resume into a draft profile, or raise ResumeError."""
    path = Path(path)
    report = progress or (lambda step, fraction: None)
    report("Checking file", 0.0)
    kind = sniff_document(path, max_bytes=max_bytes, max_unzipped_bytes=max_unzipped_bytes)

    report("Extracting text", 0.1)
    if kind == "pdf":
        lines, pages = _pdf_lines(
            path, max_pages, max_unzipped_bytes, lambda i, n: report("Extracting text", 0.1 + 0.6 * i / max(n, 1))
        )
    else:
        lines = extract_docx(path)
        pages = max((l.page for l in lines), default=1)
        if pages > max_pages or len(lines) > max_pages * LINES_PER_PAGE_CAP:
            raise ResumeError(
                TOO_MANY_PAGES, f"The document is longer than the {max_pages} pages accepted for a resume."
            )
        if _text_chars(lines) < MIN_TEXT_CHARS:
            raise ResumeError(NO_TEXT, "no text found: the Word document is empty (or holds only images).")

    report("Finding sections", 0.75)
    blocks = split_sections(lines)

    report("Reading fields", 0.85)
    vocabulary = vocabulary or load_vocabulary()
    wrapped = kind == "pdf"

    def body(section: str) -> list[Line]:
        return [line for block in blocks if block.kind == section for line in block.lines]

    skills, other_skills = read_skills(blocks, vocabulary)
    name = find_name(blocks)
    result = ParsedResume(
        kind=kind,
        pages=pages,
        language=_language(lines),
        lines=tuple(lines),
        sections=tuple(_section(b) for b in blocks),
        name=name,
        email=find_email(lines),
        phone=find_phone(blocks),
        location=find_location(blocks, name.value if name else None),
        links=find_links(blocks),
        summary=read_summary(blocks),
        experience=tuple(read_experience(body("experience"), wrapped=wrapped)),
        education=tuple(read_education(body("education"), wrapped=wrapped)),
        projects=tuple(read_projects(body("projects"), wrapped=wrapped)),
        skills=tuple(skills),
        other_skills=tuple(other_skills),
        certifications=tuple(read_certifications(blocks)),
        languages=tuple(read_languages(blocks, vocabulary)),
        warnings=tuple(_warnings(blocks)),
    )
    result = _with_line_texts(result, {l.number: l.text for l in lines})
    report("Reading fields", 1.0)
    logger.info(
        "resume_parsed kind=%s pages=%d lines=%d experience=%d education=%d skills=%d",
        kind, pages, len(lines), len(result.experience), len(result.education), len(result.skills),
    )  # fmt: skip
    return result


def _section(block: Block) -> Section:
    first = (block.heading or block.lines[0]).number
    last = (block.lines[-1] if block.lines else block.heading).number
    return Section(block.kind, block.title, first, last, block.confidence)


def _pdf_lines(
    path: Path, max_pages: int, max_inflated: int, on_page: Callable[[int, int], None]
) -> tuple[list[Line], int]:
    extracted = extract_pdf(path, max_pages=max_pages, max_inflated_bytes=max_inflated, on_page=on_page)
    lines: list[Line] = []
    for page_no, rows in enumerate(extracted.pages, start=1):
        for row in rows:
            lines.append(
                Line(
                    text=row.text, number=len(lines) + 1, page=page_no, column=row.column, size=row.size, bold=row.bold
                )
            )
    if _text_chars(lines) < MIN_TEXT_CHARS:
        if extracted.images:
            raise ResumeError(
                SCANNED,
                "no text found: scanned document. This PDF holds only pictures of pages, so there is nothing to "
                "read. Upload the PDF exported from your editor, or a DOCX.",
            )
        raise ResumeError(NO_TEXT, "no text found: the PDF has no text.")
    return lines, len(extracted.pages)


def _with_line_texts(value, texts: dict[int, str]):
    """Give every Source the full text of its line.

    Readers see "Python, SQL" of the line "Skills: Python, SQL"; the form
    highlights the line as the document shows it.
    """
    if isinstance(value, Source):
        return dataclasses.replace(value, text=texts.get(value.line, value.text))
    if isinstance(value, tuple):
        return tuple(_with_line_texts(v, texts) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, Line):
        changes = {f.name: _with_line_texts(getattr(value, f.name), texts) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


def _text_chars(lines: list[Line]) -> int:
    return sum(len(re.sub(r"\s", "", l.text)) for l in lines)


def _language(lines: list[Line]) -> str:
    text = "".join(l.text for l in lines)
    cjk = cjk_count(text)
    latin = len(re.findall(r"[A-Za-z]", text))
    if cjk > 0.5 * latin:
        return "zh"
    return "mixed" if cjk > 0.05 * latin else "en"


def _warnings(blocks: list[Block]) -> list[str]:
    kinds = {b.kind for b in blocks}
    missing = [k for k in ("experience", "education", "skills") if k not in kinds]
    return [f"no {k} section found" for k in missing]
