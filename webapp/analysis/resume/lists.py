"""Skills, spoken languages, certifications and the summary."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .contacts import EMAIL_RE, URL_RE
from .dates import find_range, remove_span
from .model import Field, Language, Line, Skill, Source
from .sections import Block
from .skills import Vocabulary
from .text import looks_like_sentence, strip_bullet, words

LANGUAGES = {
    "english": "English", "mandarin": "Mandarin", "chinese": "Chinese", "cantonese": "Cantonese",
    "spanish": "Spanish", "french": "French", "german": "German", "japanese": "Japanese", "korean": "Korean",
    "portuguese": "Portuguese", "italian": "Italian", "russian": "Russian", "arabic": "Arabic", "hindi": "Hindi",
    "dutch": "Dutch", "swedish": "Swedish", "polish": "Polish", "turkish": "Turkish", "vietnamese": "Vietnamese",
    "thai": "Thai", "indonesian": "Indonesian", "greek": "Greek", "hebrew": "Hebrew", "ukrainian": "Ukrainian",
    "英语": "English", "英文": "English", "普通话": "Mandarin", "中文": "Chinese", "汉语": "Chinese",
    "粤语": "Cantonese", "日语": "Japanese", "日文": "Japanese", "韩语": "Korean", "法语": "French",
    "德语": "German", "西班牙语": "Spanish", "俄语": "Russian", "意大利语": "Italian", "葡萄牙语": "Portuguese",
}  # fmt: skip
_LANGUAGE_RE = re.compile(
    r"(?<![A-Za-z])(" + "|".join(sorted(map(re.escape, LANGUAGES), key=len, reverse=True)) + r")(?![A-Za-z])",
    re.IGNORECASE,
)
_TOKEN_SPLIT = re.compile(r"[,;|/、，；•·]|\s+and\s+|\s{2,}")
_FILLER = re.compile(
    r"^(?:and|or|etc\.?|e\.g\.?|including|with|familiar with|proficient in|experienced in|knowledge of|"
    r"basic|advanced|expert|熟悉|精通|掌握|了解|熟练|擅长|使用|以及|等)$",
    re.IGNORECASE,
)
_CATEGORY_LABEL = re.compile(r"^[^:：]{1,25}[:：]\s*")
SKILL_SECTIONS = ("skills",)
FREE_TEXT_CONFIDENCE = {"experience": 0.75, "projects": 0.75, "summary": 0.7, "certifications": 0.7}


def read_skills(blocks: Sequence[Block], vocabulary: Vocabulary) -> tuple[list[Skill], list[Field]]:
    """Skills listed under skills headings (and languages headings that list programming languages),
    then skills named in experience, projects and the summary."""
    skills: dict[str, Skill] = {}
    others: list[Field] = []
    for block in blocks:
        listed = block.kind in ("skills", "languages")
        for line in block.lines:
            if not listed and block.kind not in FREE_TEXT_CONFIDENCE:
                continue
            text = URL_RE.sub(" ", EMAIL_RE.sub(" ", line.text))
            mentions = vocabulary.find(text, listed=listed)
            confidence = 0.95 if listed else FREE_TEXT_CONFIDENCE[block.kind]
            for m in mentions:
                if m.skill.name not in skills or skills[m.skill.name].confidence < confidence:
                    skills[m.skill.name] = Skill(m.skill.name, m.skill.category, m.text, confidence, Source.of(line))
            if block.kind == "skills" and not looks_like_sentence(line.text):
                others.extend(_unrecognised(line, text, mentions))
    ordered = sorted(skills.values(), key=lambda s: (-s.confidence, s.source.line if s.source else 0))
    return ordered, _dedupe(others)


def _unrecognised(line: Line, text: str, mentions) -> list[Field]:
    for m in sorted(mentions, key=lambda m: m.start, reverse=True):
        text = text[: m.start] + "," + text[m.end :]
    _, text = strip_bullet(text)
    text = _CATEGORY_LABEL.sub("", text)
    out = []
    for token in _TOKEN_SPLIT.split(text):
        token = re.sub(r"[()（）\[\]]", " ", token).strip(" .:-–")
        if token and not _FILLER.match(token) and re.search(r"[A-Za-z\u4e00-\u9fff]", token) and words(token) <= 4:
            if not _LANGUAGE_RE.fullmatch(token):
                out.append(Field(token, 0.5, Source.of(line)))
    return out


def _dedupe(fields: list[Field]) -> list[Field]:
    seen: set[str] = set()
    out = []
    for f in fields:
        if f.value.lower() not in seen:
            seen.add(f.value.lower())
            out.append(f)
    return out


def read_languages(blocks: Sequence[Block]) -> list[Language]:
    """Spoken languages under a languages heading, or named under a skills heading."""
    found: dict[str, Language] = {}
    for block in blocks:
        if block.kind not in ("languages", "skills"):
            continue
        for line in block.lines:
            for m in _LANGUAGE_RE.finditer(line.text):
                name = LANGUAGES[m.group(1).lower()]
                if name not in found:
                    confidence = 0.95 if block.kind == "languages" else 0.75
                    found[name] = Language(name, _level(line.text, m.end()), confidence, Source.of(line))
    return list(found.values())


def _level(text: str, after: int) -> str:
    m = re.match(r"\s*(?:[(（]([^)）]{1,30})[)）]|[-–:：]\s*([A-Za-z0-9\- ]{2,20}?)(?=$|[,;，；、|]))", text[after:])
    return (m.group(1) or m.group(2) or "").strip() if m else ""


def read_certifications(blocks: Sequence[Block]) -> list[Field]:
    out = []
    for block in blocks:
        if block.kind != "certifications":
            continue
        for line in block.lines:
            _, text = strip_bullet(line.text)
            span = find_range(text)
            if span:
                text = remove_span(text, span).strip(" ,|-–—()（）")
            for piece in re.split(r"\s*[;；|、]\s*", text):
                if piece and words(piece) <= 15:
                    out.append(Field(piece, 0.85, Source.of(line)))
    return out


def read_summary(blocks: Sequence[Block]) -> Field | None:
    for block in blocks:
        if block.kind == "summary" and block.lines:
            text = " ".join(l.text for l in block.lines)
            text = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", text)
            return Field(text, 0.85, Source.of(block.lines[0]))
    return None
