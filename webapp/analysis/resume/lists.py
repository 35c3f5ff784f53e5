"""Skills, spoken languages, certifications and the summary."""

from __future__ import annotations

import bisect
import itertools
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
_LANGUAGE_SPLIT = re.compile(r"[,;、，；|/]")
_LANGUAGE_TOKEN = re.compile(r"^\s*([^()（）\-–:：]+?)\s*(?:[(（]([^)）]*)[)）]|[-–:：]\s*(.+?))?\s*$")
_UNLISTED_LANGUAGE = re.compile(r"[A-Z][a-z]{2,15}|[\u4e00-\u9fff]{1,4}语")
FREE_TEXT_CONFIDENCE = {"experience": 0.75, "projects": 0.75, "summary": 0.7, "certifications": 0.7}


def read_skills(blocks: Sequence[Block], vocabulary: Vocabulary) -> tuple[list[Skill], list[Field]]:
    """Skills listed under skills headings (and languages headings that list programming languages),
    then skills named in experience, projects and the summary."""
    skills: dict[str, Skill] = {}
    others: list[Field] = []

    def keep(mention, line: Line, confidence: float) -> None:
        name = mention.skill.name
        if name not in skills or skills[name].confidence < confidence:
            skills[name] = Skill(name, mention.skill.category, mention.text, confidence, Source.of(line))

    for block in blocks:
        if block.kind in ("skills", "languages"):
            for line in block.lines:
                text = _without_contacts(line.text)
                mentions = vocabulary.find(text, listed=True)
                for m in mentions:
                    keep(m, line, 0.95)
                if block.kind == "skills" and not looks_like_sentence(line.text):
                    others.extend(_unrecognised(line, text, mentions))
        elif block.kind in FREE_TEXT_CONFIDENCE and block.lines:
            # running text is searched as a whole, so "incident" / "response" wrapped over two lines still counts
            texts = [_without_contacts(l.text) for l in block.lines]
            starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
            for m in vocabulary.find(" ".join(texts), listed=False):
                keep(m, block.lines[bisect.bisect_right(starts, m.start) - 1], FREE_TEXT_CONFIDENCE[block.kind])
    ordered = sorted(skills.values(), key=lambda s: (-s.confidence, s.source.line if s.source else 0))
    return ordered, _dedupe(others)


def _without_contacts(text: str) -> str:
    return URL_RE.sub(" ", EMAIL_RE.sub(" ", text))


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


def read_languages(blocks: Sequence[Block], vocabulary: Vocabulary) -> list[Language]:
    """Spoken languages under a languages heading, or named under a skills heading.

    Under a languages heading a capitalised word that is not a programming
    language counts too ("Yoruba"), with a lower confidence.
    """
    found: dict[str, Language] = {}
    for block in blocks:
        if block.kind not in ("languages", "skills"):
            continue
        for line in block.lines:
            _, text = strip_bullet(line.text)
            # "Languages: Python, Go | Tools: Docker" lists programming languages: take only known spoken ones
            lists_skills = bool(vocabulary.find(text, listed=True))
            for token in _LANGUAGE_SPLIT.split(_CATEGORY_LABEL.sub("", text)):
                m = _LANGUAGE_TOKEN.match(token)
                if not m:
                    continue
                name, level = m.group(1).strip(), (m.group(2) or m.group(3) or "").strip()
                known = _LANGUAGE_RE.search(name)
                if known:
                    rest = (name[: known.start()] + name[known.end() :]).strip(" -–")
                    name, level = LANGUAGES[known.group(1).lower()], level or rest
                    confidence = 0.95 if block.kind == "languages" else 0.75
                elif block.kind == "languages" and not lists_skills and _UNLISTED_LANGUAGE.fullmatch(name):
                    confidence = 0.6
                else:
                    continue
                if name not in found:
                    found[name] = Language(name, level, confidence, Source.of(line))
    return list(found.values())


def read_certifications(blocks: Sequence[Block]) -> list[Field]:
    """One per line, or per bullet point when a bullet wraps over several lines."""
    out = []
    for block in blocks:
        if block.kind != "certifications":
            continue
        items: list[list] = []
        bulleted = any(strip_bullet(l.text)[0] for l in block.lines)
        for line in block.lines:
            marked, text = strip_bullet(line.text)
            if bulleted and not marked and items:
                items[-1][0] += " " + text
            else:
                items.append([text, line])
        for text, line in items:
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
