"""Experience, education and project entries inside their sections.

A section is cut into entries at header lines (title, company, school, dates)
that follow bullet points, or that bring a second date range or a second
company/school. Header parts are then sorted into fields by the words they
contain ("Engineer" -> title, "Corp"/"公司" -> company, "University"/"大学" ->
school, "BSc"/"学士" -> degree); what stays unknown is placed by position with
a lower confidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .dates import DateSpan, find_range, remove_span
from .model import EducationEntry, ExperienceEntry, Field, Line, ProjectEntry, Source
from .places import is_place
from .text import cjk_count, looks_like_sentence, split_parts, strip_bullet

TITLE_RE = re.compile(
    r"\b(?:engineer|developer|programmer|manager|analyst|intern|designer|scientist|consultant|lead|director|"
    r"specialist|architect|administrator|officer|coordinator|assistant|associate|head|vp|vice president|"
    r"president|founder|co-founder|cto|ceo|cfo|technician|researcher|representative|advisor|editor|writer|"
    r"teacher|lecturer|professor|tutor|owner|partner|strategist|recruiter|accountant|sre|fellow)s?\b"
    r"|工程师|经理|总监|主管|专员|实习生|设计师|分析师|架构师|开发|顾问|助理|负责人|组长|主任|科学家|研究员|运营|讲师|教师|合伙人|创始人",
    re.IGNORECASE,
)
COMPANY_RE = re.compile(
    r"\b(?:inc|corp|corporation|co|company|ltd|limited|llc|llp|gmbh|ag|plc|group|holdings|technologies|"
    r"technology|tech|labs?|systems|solutions|software|bank|consulting|studios?|agency|foundation|hospital|"
    r"networks|media|games|ventures|capital|university)\b\.?|公司|集团|有限|银行|研究院|研究所|医院|工作室|事务所|大学",
    re.IGNORECASE,
)
SCHOOL_RE = re.compile(
    r"\b(?:university|college|institute|school|academy|polytechnic|universit[éäà]t?|universidad|universidade|"
    r"universit[àa]|instituto|institut|polit[eé]cnico|escuela|[ée]cole|hochschule|gymnasium)\b|大学|学院|学校|中学|大學",
    re.IGNORECASE,
)
_DEGREE_WORDS = (
    r"B\.?Sc?\.?|B\.?A\.?|B\.?Eng\.?|B\.?Tech\.?|BBA|M\.?Sc?\.?|M\.?A\.?|M\.?Eng\.?|M\.?Tech\.?|MBA|MPhil|Ph\.?D\.?"
    r"|[Bb]achelor(?:'s)?(?: of (?:Science|Arts|Engineering|Business Administration|Fine Arts|Laws|Technology|Applied Science))?(?: degree)?"
    r"|[Mm]aster(?:'s)?(?: of (?:Science|Arts|Engineering|Business Administration|Fine Arts|Laws|Technology|Applied Science))?(?: degree)?"
    r"|[Dd]octor(?:ate)?(?: of Philosophy)?|[Aa]ssociate(?:'s)? [Dd]egree|[Dd]iploma"
)
DEGREE_RE = re.compile(rf"(?<![A-Za-z])(?:{_DEGREE_WORDS})(?![A-Za-z])|学士|硕士|博士|本科|研究生|大专|专科")
LEVELS = (
    ("doctor", re.compile(r"ph\.?d|doctor|博士", re.I)),
    ("master", re.compile(r"^m|master|mba|硕士|研究生", re.I)),
    ("bachelor", re.compile(r"^b|bachelor|学士|本科", re.I)),
    ("associate", re.compile(r"associate|大专|专科", re.I)),
    ("diploma", re.compile(r"diploma", re.I)),
)
_LABEL_LINE = re.compile(r"^[^:：]{1,25}[:：]\s*\S")
_DETAIL_RE = re.compile(r"\bGPA\b|\bgrade\b|honou?rs|coursework|thesis|绩点|排名|主修|课程|论文", re.I)


@dataclass
class _Draft:
    parts: list[tuple[str, Line, str]] = field(default_factory=list)  # text, line, hint
    span: DateSpan | None = None
    span_line: Line | None = None
    bullets: list[Field] = field(default_factory=list)

    def roles(self, role_of: Callable[[str], str]) -> list[str]:
        return [hint or role_of(text) for text, _, hint in self.parts]

    @property
    def first_line(self) -> Line | None:
        return self.parts[0][1] if self.parts else self.span_line


def group_entries(
    lines: Sequence[Line], role_of: Callable[[str], str], owner: str, *, wrapped: bool = False
) -> list[_Draft]:
    """Cut a section's lines into drafts; ``owner`` is the role that opens an entry (company, school).

    ``wrapped`` says the lines are visual lines (PDF), so a long line without
    final punctuation may continue on the next one.
    """
    drafts: list[_Draft] = []
    current: _Draft | None = None
    after_bullet = False
    full = max((_width(l.text) for l in lines), default=0)
    previous_text = ""
    for line in lines:
        marked, text = strip_bullet(line.text)
        span = None if marked else find_range(text)
        if after_bullet and not marked and not (span and span.start) and _continues(text, previous_text, full, wrapped):
            last = current.bullets[-1]
            joiner = "" if cjk_count(last.value[-1:]) and cjk_count(text[:1]) else " "
            current.bullets[-1] = Field(last.value + joiner + text, last.confidence, last.source)
            previous_text = text
            continue
        previous_text = text
        sentence = not marked and (looks_like_sentence(text) or _LABEL_LINE.match(text)) and not (span and span.start)
        if marked or sentence:
            if current is None:
                current = _Draft()
                drafts.append(current)
            current.bullets.append(Field(text, 0.8, Source.of(line)))
            after_bullet = True
            continue
        parts = header_parts(text, span)
        roles = [hint or role_of(p) for p, hint in parts]
        if current is None or after_bullet or _starts_new(current, span, roles, role_of, owner):
            current = _Draft()
            drafts.append(current)
        if span and current.span is None:
            current.span, current.span_line = span, line
        current.parts.extend((p, line, hint) for p, hint in parts)
        after_bullet = False
    return drafts


def _width(text: str) -> int:
    return len(text) + cjk_count(text)


def _continues(text: str, previous: str, full: int, wrapped: bool) -> bool:
    """A wrapped line of the previous bullet point."""
    if previous.endswith((".", "。", "!", "！", ";", "；")):
        return False
    if re.match(r"^[a-z(]", text):
        return True
    return wrapped and _width(previous) >= 0.8 * full


def _starts_new(current: _Draft, span: DateSpan | None, roles: list[str], role_of, owner: str) -> bool:
    if span and current.span:
        return True
    known = [r for r in current.roles(role_of) if r != "location"]
    if current.span and len(known) >= 2 and any(r != "location" for r in roles):
        return True
    return owner in roles and owner in known


def header_parts(text: str, span: DateSpan | None) -> list[tuple[str, str]]:
    """Parts of a header line without its dates, with a role hint from "X at Y"."""
    if span:
        text = remove_span(text, span)
    text = re.sub(r"[（(]\s*[)）]", " ", text)
    m = re.match(r"^(.+?)\s+(?:at|@)\s+(.+)$", text)
    if m and not re.search(r"[,|｜]", m.group(1)):
        rest = split_parts(m.group(2))
        return [(m.group(1).strip(), "title"), *((p, "company" if i == 0 else "") for i, p in enumerate(rest))]
    return [(p, "") for p in _split_places(_join_suffixes(split_parts(text)))]


def _split_places(parts: list[str]) -> list[str]:
    """"Nike Inc. (Remote)" -> "Nike Inc.", "Remote"."""
    out: list[str] = []
    for part in parts:
        m = re.search(r"\s*[（(]([^()（）]+)[)）]$", part)
        if m and m.start() > 0 and is_place(m.group(1)):
            out += [part[: m.start()].strip(), m.group(1).strip()]
        else:
            out.append(part)
    return out


def _join_suffixes(parts: list[str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if out and re.fullmatch(r"(?:Inc|Ltd|LLC|Co|Corp|GmbH|PLC|AG)\.?", part):
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


def experience_role(part: str) -> str:
    if is_place(part):
        return "location"
    title, company = TITLE_RE.search(part), _last(COMPANY_RE, part)
    if title and company:
        return "title" if _last(TITLE_RE, part).end() > company.end() else "company"
    return "title" if title else "company" if company else ""


def education_role(part: str) -> str:
    if SCHOOL_RE.search(part):
        return "school"
    if DEGREE_RE.search(part):
        return "degree"
    if is_place(part):
        return "location"
    return "detail" if _DETAIL_RE.search(part) or re.search(r"\d", part) else ""


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    matches = list(pattern.finditer(text))
    return matches[-1] if matches else None


def _field(text: str | None, line: Line | None, confidence: float) -> Field | None:
    if not text or line is None:
        return None
    return Field(text.strip(), round(confidence, 2), Source.of(line))


def _dates(d: _Draft) -> tuple[Field | None, Field | None]:
    if d.span is None:
        return None, None
    return _field(d.span.start, d.span_line, 0.9), _field(d.span.end, d.span_line, 0.9)


def read_experience(lines: Sequence[Line], *, wrapped: bool = False) -> list[ExperienceEntry]:
    entries = []
    for d in group_entries(lines, experience_role, "company", wrapped=wrapped):
        slots: dict[str, tuple[str, Line, float]] = {}
        unknown = []
        for (text, line, _), role in zip(d.parts, d.roles(experience_role)):
            if role and role not in slots:
                slots[role] = (text, line, 0.85)
            elif not role or role in ("title", "company"):
                unknown.append((text, line))
        for role in ("title", "company"):
            if role not in slots and unknown:
                text, line = unknown.pop(0)
                slots[role] = (text, line, 0.5)
        if d.span is None and not slots.keys() & {"title", "company"}:
            continue
        start, end = _dates(d)
        f = {k: _field(v[0], v[1], v[2]) for k, v in slots.items()}
        confidence = (
            0.3
            + 0.3 * (d.span is not None)
            + sum(0.2 for k in ("title", "company") if k in slots and slots[k][2] > 0.8)
        )
        source = d.first_line
        entries.append(
            ExperienceEntry(
                title=f.get("title"),
                company=f.get("company"),
                location=f.get("location"),
                start=start,
                end=end,
                bullets=tuple(d.bullets),
                confidence=round(min(confidence, 0.95), 2),
                source=Source.of(source) if source else None,
            )  # fmt: skip
        )
    return entries


def read_education(lines: Sequence[Line], *, wrapped: bool = False) -> list[EducationEntry]:
    entries = []
    for d in group_entries(lines, education_role, "school", wrapped=wrapped):
        school = degree = study = None
        details = list(d.bullets)
        unknown: list[tuple[str, Line]] = []
        for text, line, _ in d.parts:
            role = education_role(text)
            if role == "school" and school is None:
                school = _field(re.sub(r"\s*[（(]?(?:统招|全日制)[)）]?", "", text), line, 0.9)
            elif role == "degree" and degree is None:
                m = DEGREE_RE.search(text)
                degree = _field(m.group(0).strip(), line, 0.9)
                rest = (text[: m.start()] + " " + text[m.end() :]).strip(" ,-–—()（）")
                rest = re.sub(r"^(?:in|of)\s+|专业$", "", rest).strip()
                if rest and study is None:
                    study = _field(rest, line, 0.8)
            elif role == "":
                unknown.append((text, line))
            else:
                details.append(Field(text, 0.6, Source.of(line)))
        if school is None and degree is not None:
            # "ETH Zurich  2014 - 2016" above "MSc in Computer Science": the name on its own line is the school
            pick = next((u for u in unknown if u[1].number != degree.source.line), None)
            if pick:
                unknown.remove(pick)
                school = _field(pick[0], pick[1], 0.55)
        if study is None and unknown:
            text, line = unknown.pop(0)
            study = _field(re.sub(r"专业$", "", text), line, 0.6)
        details += [Field(text, 0.5, Source.of(line)) for text, line in unknown]
        if school is None and degree is None:
            continue
        start, end = _dates(d)
        level = next((name for name, rx in LEVELS if degree and rx.search(degree.value)), "")
        confidence = 0.3 + 0.3 * (school is not None) + 0.2 * (degree is not None) + 0.15 * (d.span is not None)
        source = d.first_line
        entries.append(
            EducationEntry(
                school=school,
                degree=degree,
                level=level,
                field=study,
                start=start,
                end=end,
                details=tuple(details),
                confidence=round(min(confidence, 0.95), 2),
                source=Source.of(source) if source else None,
            )  # fmt: skip
        )
    return entries


def read_projects(lines: Sequence[Line], *, wrapped: bool = False) -> list[ProjectEntry]:
    entries = []
    for d in group_entries(lines, lambda p: "title" if TITLE_RE.search(p) else "", "name", wrapped=wrapped):
        name = role = None
        for text, line, _ in d.parts:
            text = re.sub(r"^(?:project(?: name)?|项目名称)\s*[:：]\s*", "", text, flags=re.I)
            if TITLE_RE.search(text) and role is None and name is not None:
                role = _field(text, line, 0.7)
            elif name is None:
                name = _field(text, line, 0.8)
        if name is None and not d.bullets:
            continue
        if name is None:
            first = d.bullets[0]
            name, bullets = Field(first.value, 0.4, first.source), tuple(d.bullets[1:])
        else:
            bullets = tuple(d.bullets)
        start, end = _dates(d)
        confidence = 0.5 + 0.2 * (d.span is not None) + 0.2 * bool(bullets)
        entries.append(
            ProjectEntry(
                name=name,
                role=role,
                start=start,
                end=end,
                bullets=bullets,
                confidence=round(confidence, 2),
                source=name.source,
            )  # fmt: skip
        )
    return entries
