"""Frozen results of resume parsing, convertible to and from plain JSON.

Drafts are stored in the database as JSON and read back when a person corrects
them, so every result type round-trips through ``to_dict()``/``from_dict()``.
Every extracted value carries a ``confidence`` (0-1) and the ``source`` line it
came from, so a form can highlight what deserves a second look.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Any, TypeVar

PARSER_VERSION = "resume-1"

T = TypeVar("T", bound="Serialisable")


class Serialisable:
    """Mixin: generic conversion of nested frozen dataclasses to JSON-ready dicts."""

    def to_dict(self) -> dict[str, Any]:
        return _to_plain(self)

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        return _from_plain(cls, data)


def _to_plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_to_plain(v) for v in value]
    return value


def _from_plain(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _from_plain(inner[0], value)
    if origin is tuple:
        item = typing.get_args(tp)[0]
        return tuple(_from_plain(item, v) for v in value)
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        kwargs = {f.name: _from_plain(hints[f.name], value[f.name]) for f in dataclasses.fields(tp) if f.name in value}
        return tp(**kwargs)
    if tp is float and isinstance(value, int):
        return float(value)
    return value


@dataclass(frozen=True)
class Line(Serialisable):
    """One line of text in reading order, with where it was found."""

    text: str
    number: int  # 1-based position in reading order over the whole document
    page: int  # 1-based; DOCX pages come from the page breaks Word recorded
    column: int = 0  # 0 = left or only column, 1 = right column (or table cell index)
    region: str = "body"  # body | table | header | footer | textbox
    size: float = 0.0  # font size in points, 0 when unknown
    bold: bool = False


@dataclass(frozen=True)
class Source(Serialisable):
    text: str
    line: int
    page: int

    @classmethod
    def of(cls, line: Line) -> Source:
        return cls(text=line.text, line=line.number, page=line.page)


@dataclass(frozen=True)
class Field(Serialisable):
    value: str
    confidence: float
    source: Source | None = None


@dataclass(frozen=True)
class Link(Serialisable):
    kind: str  # linkedin | github | web
    url: str
    confidence: float
    source: Source | None = None


@dataclass(frozen=True)
class Skill(Serialisable):
    name: str  # canonical name from the skills vocabulary
    category: str
    matched: str  # the text as written in the resume
    confidence: float
    source: Source | None = None


@dataclass(frozen=True)
class Language(Serialisable):
    name: str  # English name of the language ("Mandarin" for 普通话)
    level: str  # as written ("native", "CET-6"), empty when not given
    confidence: float
    source: Source | None = None


@dataclass(frozen=True)
class ExperienceEntry(Serialisable):
    title: Field | None
    company: Field | None
    location: Field | None
    start: Field | None  # "2019", "2019-07"
    end: Field | None  # same forms, or "present"
    bullets: tuple[Field, ...]
    confidence: float
    source: Source | None = None


@dataclass(frozen=True)
class EducationEntry(Serialisable):
    school: Field | None
    degree: Field | None
    level: str  # bachelor | master | doctor | associate | diploma | "" when unknown
    field: Field | None  # field of study
    start: Field | None
    end: Field | None
    details: tuple[Field, ...]
    confidence: float
    source: Source | None = None


@dataclass(frozen=True)
class ProjectEntry(Serialisable):
    name: Field | None
    role: Field | None
    start: Field | None
    end: Field | None
    bullets: tuple[Field, ...]
    confidence: float
    source: Source | None = None


@dataclass(frozen=True)
class Section(Serialisable):
    kind: str  # experience, education, skills, ... or "preamble" before any heading
    heading: str
    first_line: int
    last_line: int
    confidence: float


@dataclass(frozen=True)
class ParsedResume(Serialisable):
    kind: str  # pdf | docx
    pages: int
    language: str  # en | zh | mixed
    lines: tuple[Line, ...]
    sections: tuple[Section, ...]
    name: Field | None
    email: Field | None
    phone: Field | None
    location: Field | None
    links: tuple[Link, ...]
    summary: Field | None
    experience: tuple[ExperienceEntry, ...]
    education: tuple[EducationEntry, ...]
    projects: tuple[ProjectEntry, ...]
    skills: tuple[Skill, ...]
    other_skills: tuple[Field, ...]  # listed under a skills heading, not in the vocabulary
    certifications: tuple[Field, ...]
    languages: tuple[Language, ...]
    warnings: tuple[str, ...] = ()
    parser_version: str = PARSER_VERSION


@dataclass(frozen=True)
class SkillHit(Serialisable):
    skill: str  # canonical name when the vocabulary knows it, else as required
    weight: float
    credit: float  # 1.0 shown, 0.5 implied by a related skill, 0.0 missing
    via: str  # "skills" (listed), "text" (mentioned), "implied by Django", "" when missing
    evidence: Source | None = None


@dataclass(frozen=True)
class SkillMatch(Serialisable):
    matched: tuple[SkillHit, ...]
    missing: tuple[SkillHit, ...]
    score: float | None  # weighted 0-1; None when nothing was required
