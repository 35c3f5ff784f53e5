"""Section headings ("Work History", "专业技能", "EDUCATION:") and the blocks they open."""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from .entries import TITLE_RE
from .model import Line
from .text import CJK, looks_like_sentence

HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary", "professional summary", "career summary", "profile", "professional profile", "about",
        "about me", "objective", "career objective", "overview", "personal statement", "introduction",
        "个人简介", "个人总结", "自我评价", "自我介绍", "个人评价", "求职意向", "职业目标", "个人概述", "简介",
    ),
    "experience": (
        "experience", "work experience", "professional experience", "work history", "employment",
        "employment history", "career history", "relevant experience", "professional background",
        "career", "internships", "internship experience", "experience and internships", "working experience",
        "工作经历", "工作经验", "实习经历", "实习经验", "工作履历", "职业经历", "工作与实习经历",
    ),
    "education": (
        "education", "education and training", "academic background", "academic history",
        "educational background", "academics", "education history",
        "教育背景", "教育经历", "学历", "学习经历", "教育",
    ),
    "projects": (
        "projects", "project experience", "personal projects", "selected projects", "key projects",
        "side projects", "academic projects", "open source", "open source projects", "portfolio",
        "项目经历", "项目经验", "项目", "主要项目", "项目作品",
    ),
    "skills": (
        "skills", "technical skills", "core skills", "key skills", "skills and tools", "technologies",
        "tech stack", "competencies", "core competencies", "expertise", "areas of expertise", "tools",
        "professional skills", "skill set", "skills and abilities", "skills and expertise",
        "technical proficiencies", "toolbox",
        "专业技能", "技能", "技能特长", "技术栈", "个人技能", "核心技能", "技能专长", "专业能力", "技术能力",
    ),
    "certifications": (
        "certifications", "certificates", "certification", "licenses", "licences",
        "licenses and certifications", "licences and certifications", "certifications and licenses",
        "credentials", "证书", "资格证书", "证书资质", "职业证书", "获得证书", "证书与资质", "资质证书",
    ),
    "languages": ("languages", "language skills", "spoken languages", "language", "语言能力", "语言", "外语能力", "外语"),
    "contact": (
        "contact", "contact information", "contact details", "contact me", "personal information",
        "personal details", "personal info", "联系方式", "个人信息", "基本信息", "基本资料", "联系信息",
    ),
    "awards": (
        "awards", "honors", "honours", "awards and honors", "awards and honours", "achievements",
        "获奖情况", "荣誉奖项", "获奖经历", "荣誉", "所获荣誉", "奖项",
    ),
    "interests": ("interests", "hobbies", "hobbies and interests", "兴趣爱好", "爱好"),
    "publications": ("publications", "papers", "论文", "发表论文"),
    "volunteer": ("volunteer", "volunteering", "volunteer experience", "志愿经历", "志愿者经历"),
    "activities": ("activities", "extracurricular activities", "leadership and activities", "校园经历", "社团经历"),
    "references": ("references", "referees"),
}  # fmt: skip

_LOOKUP = {phrase: kind for kind, phrases in HEADINGS.items() for phrase in phrases}
_LAST_WORD = {
    "experience": "experience", "experiences": "experience", "history": "experience", "employment": "experience",
    "education": "education", "projects": "projects", "skills": "skills", "certifications": "certifications",
    "certificates": "certifications", "languages": "languages", "summary": "summary", "profile": "summary",
    "awards": "awards", "honors": "awards", "interests": "interests", "publications": "publications",
}  # fmt: skip
_ZH_SUFFIX = {
    "经历": "experience",
    "经验": "experience",
    "背景": "education",
    "技能": "skills",
    "证书": "certifications",
}
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[.、)]|[IVX]{1,4}\.)\s*")
_EDGES = re.compile(rf"^[^A-Za-z{CJK}]+|[^A-Za-z{CJK}]+$")
ASIDE_REGIONS = ("header", "footer", "textbox")


@dataclass
class Block:
    kind: str
    heading: Line | None
    confidence: float
    lines: list[Line] = field(default_factory=list)
    title: str = ""  # the heading's words ("Skills" of "Skills: Python, SQL")


def normalise_heading(text: str) -> str:
    text = _NUMBERING.sub("", text.strip())
    text = _EDGES.sub("", text)
    if re.fullmatch(r"(?:[A-Za-z] )+[A-Za-z]", text):  # "E X P E R I E N C E"
        text = text.replace(" ", "")
    text = re.sub(r"\s*(?:&|and|/|\+)\s*", " and ", text, flags=re.I)
    return re.sub(r"\s+", " ", text).lower()


def heading_of(line: Line, body_size: float) -> tuple[str, float, str] | None:
    """(kind, confidence, text after an inline heading) when the line is a section heading."""
    key = normalise_heading(line.text)
    if key in _LOOKUP:
        return _LOOKUP[key], 0.95, ""
    halves = re.split(r"\s*[/|｜]\s*", line.text.strip())
    if len(halves) == 2 and all(normalise_heading(h) in _LOOKUP for h in halves):  # "Education / 教育背景"
        return _LOOKUP[normalise_heading(halves[0])], 0.9, ""
    m = re.match(r"^([^:：]{1,30})[:：]\s*(.+)$", line.text.strip())
    if m and normalise_heading(m.group(1)) in _LOOKUP:
        return _LOOKUP[normalise_heading(m.group(1))], 0.85, m.group(2).strip()
    if not key or looks_like_sentence(line.text) or re.search(r"\d", line.text) or TITLE_RE.search(line.text):
        return None  # "Head of Customer Experience" in bold is a job title, not a heading
    emphasised = line.bold or line.text.strip().isupper() or (body_size and line.size > body_size + 1)
    words = key.split()
    if emphasised and len(words) <= 5 and words[-1] in _LAST_WORD and not key.startswith("project management"):
        return _LAST_WORD[words[-1]], 0.7, ""
    if emphasised and len(key) <= 8 and key[-2:] in _ZH_SUFFIX:
        return _ZH_SUFFIX[key[-2:]], 0.7, ""
    return None


def split_sections(lines: Sequence[Line]) -> list[Block]:
    """Blocks in reading order. Lines before any heading form a "preamble" block.

    A PDF column change on the same page starts a fresh block (a sidebar's last
    section does not run into the main column), and headers, footers and text
    boxes form blocks of their own so the body's section resumes after them.
    """
    body_size = _body_size(lines)
    blocks: list[Block] = []
    body: Block | None = None
    aside: Block | None = None
    previous: Line | None = None
    for line in lines:
        found = heading_of(line, body_size)
        in_aside = line.region in ASIDE_REGIONS
        if in_aside and (aside is None or previous is None or previous.region not in ASIDE_REGIONS):
            aside = Block("preamble", None, 0.5)
            blocks.append(aside)
        elif not in_aside and (body is None or _column_break(previous, line)):
            body = Block("preamble", None, 0.5)
            blocks.append(body)
        if found is not None:
            kind, confidence, rest = found
            title = line.text[: len(line.text) - len(rest)].strip(" :：") if rest else line.text.strip()
            block = Block(kind, line, confidence, title=title)
            blocks.append(block)
            if in_aside:
                aside = block
            else:
                body = block
            if rest:
                block.lines.append(dataclasses.replace(line, text=rest))
        else:
            (aside if in_aside else body).lines.append(line)
        previous = line
    return [b for b in blocks if b.lines or b.heading is not None]


def _column_break(previous: Line | None, line: Line) -> bool:
    return (
        previous is not None
        and previous.region == "body"
        and line.region == "body"
        and previous.page == line.page
        and previous.column != line.column
    )


def _body_size(lines: Sequence[Line]) -> float:
    sizes = [l.size for l in lines if l.size]
    return statistics.median(sizes) if sizes else 0.0
