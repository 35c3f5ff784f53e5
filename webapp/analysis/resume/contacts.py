"""Name, email, phone, location and links.

Phone numbers are validated, not just matched: "2001 1995" or "2019 - 2024" in
a dates column has the digits of a phone number but is a pair of years.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .entries import TITLE_RE
from .model import Field, Line, Link, Source
from .places import CN_CITIES, EN_CITIES, place_confidence
from .sections import Block
from .skills import load_vocabulary
from .text import CJK, cjk_count, split_parts

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
URL_RE = re.compile(
    r"(?:https?://)?(?:www\.)?(?:[A-Za-z0-9-]+\.)+(?:com|org|net|io|dev|me|cn|co|ai|app|page|site|tech|info|xyz|uk|de)"
    r"(?:/[^\s,;|，；]*)?",
    re.IGNORECASE,
)
_PHONE_RE = re.compile(
    r"(?<![\w.+])(?:\+|00)?(?:\(\d{1,4}\)|\d{1,12})(?:(?:\s?[.\-]\s?|\s)?(?:\(\d{1,4}\)|\d{1,8})){0,6}(?![\w])"
)
_PHONE_LABEL = re.compile(r"phone|tel\b|mobile|cell|手机|电话|联系电话|☎|📞", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_NAME_LABEL = re.compile(r"^(?:name|full name|姓\s*名)\s*[:：]\s*(.+)$", re.IGNORECASE)
_LOCATION_LABEL = re.compile(
    r"(?:^|[|｜•·]\s*|\s{2,})(?:(?:location|address|city|现居地?|居住地|所在地|所在城市|地址|城市)\s*[:：]|based in)\s*(.+)$",
    re.IGNORECASE,
)
_LATIN_NAME = re.compile(
    r"^[A-Z][a-zA-Z'’\-]+(?:\s+(?:[A-Z]\.|[A-Z][a-zA-Z'’\-]+|(?:van|von|de|der|da|di|del|la|le|bin|al)(?=\s))){1,3}$"
)
_NOT_NAME = re.compile(
    r"\b(?:resume|résumé|curriculum|vitae|cv|profile|contact|summary|engineer|developer|manager|designer|analyst|"
    r"scientist|consultant|intern|specialist|director|university|college|street|road|avenue|linkedin|github|"
    r"skills|experience|education|page|inc|ltd|corp|llc|gmbh|group|technologies|solutions|systems|labs)\b",
    re.IGNORECASE,
)
_CN_NOT_NAME = re.compile(
    r"简历|个人|求职|电话|手机|邮箱|地址|工程师|经理|大学|学院|公司|技能|经历|教育|项目|证书|语言|意向|年"
)
SURNAMES_2 = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "令狐",
    "慕容",
    "尉迟",
    "夏侯",
    "长孙",
    "宇文",
    "司徒",
    "公孙",
)
SURNAMES_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
CONTACT_KINDS = ("preamble", "contact")


def find_email(lines: Sequence[Line]) -> Field | None:
    for line in lines:
        m = EMAIL_RE.search(line.text)
        if m:
            return Field(m.group(0).rstrip("."), 0.98, Source.of(line))
    return None


def find_links(blocks: Sequence[Block]) -> tuple[Link, ...]:
    links: list[Link] = []
    seen: set[str] = set()
    for block in blocks:
        for line in block.lines:
            _links_in(line, block.kind in CONTACT_KINDS, links, seen)
    return tuple(links)


def _links_in(line: Line, contact: bool, links: list[Link], seen: set[str]) -> None:
    text = EMAIL_RE.sub(" ", line.text)
    for m in URL_RE.finditer(text):
        url = m.group(0).rstrip(".,)")
        key = link_key(url)
        bare = "/" not in key and not m.group(0).lower().startswith(("http", "www"))
        if key in seen or (bare and not contact):
            continue  # a bare "example.com" mid-sentence is too weak to keep
        seen.add(key)
        kind = "linkedin" if "linkedin.com" in key else "github" if "github.com" in key else "web"
        links.append(Link(kind, url, 0.95 if kind != "web" else 0.8, Source.of(line)))


def link_key(url: str) -> str:
    """The form of a link used to tell two links apart: no scheme, no www, no trailing slash."""
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).rstrip("/")


def phone_candidates(text: str) -> list[str]:
    """Phone numbers in ``text`` that survive validation (digit count, separators, not dates)."""
    out = []
    for m in _PHONE_RE.finditer(text):
        candidate = m.group(0).strip()
        if is_phone(candidate):
            out.append(candidate)
    return out


def is_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if not 7 <= len(digits) <= 15:
        return False
    if candidate.count("(") != candidate.count(")") or re.search(r"[.\-]{2,}|\s{3,}", candidate):
        return False
    groups = re.findall(r"\d+", candidate)
    if len(groups) > 6:
        return False
    years = [g for g in groups if _YEAR.match(g)]
    small = [g for g in groups if len(g) <= 2 and int(g) <= 31]
    if years and len(years) + len(small) == len(groups):
        return False  # "2001 1995", "2019 - 2024", "2019.07-2024.06"
    if "." in candidate and not candidate.startswith("+") and len(groups) <= 3 and years:
        return False  # "2019.07.15" style dates
    return True


def find_phone(blocks: Sequence[Block]) -> Field | None:
    best: Field | None = None
    for block in blocks:
        for line in block.lines:
            labelled = _PHONE_LABEL.search(line.text) is not None
            if block.kind not in ("preamble", "contact") and not labelled:
                continue  # numbers inside experience or education are not the candidate's phone
            for candidate in phone_candidates(line.text):
                confidence = 0.95 if labelled else 0.85
                if best is None or confidence > best.confidence:
                    best = Field(candidate, confidence, Source.of(line))
    return best


def find_name(blocks: Sequence[Block]) -> Field | None:
    """The candidate's name: labelled, or a name-shaped line near the top, largest font first."""
    top = [l for b in blocks if b.kind in CONTACT_KINDS for l in b.lines]
    for line in top:
        m = _NAME_LABEL.match(line.text.strip())
        if m and _name_shape(m.group(1).strip()):
            return Field(_tidy_name(m.group(1).strip()), 0.95, Source.of(line))
    sizes = sorted({l.size for l in top if l.size}, reverse=True)
    best: tuple[float, Field] | None = None
    for rank, (line, text) in enumerate(_name_lines(top[:25])):
        for part in split_parts(text)[:3]:
            shape = _name_shape(part)
            if not shape:
                continue
            score = shape + (0.3 if sizes and line.size == sizes[0] else 0.0) + (0.1 if line.bold else 0.0)
            score -= 0.01 * rank
            if best is None or score > best[0]:
                confidence = min(0.97, 0.55 + 0.4 * min(score, 1.0))
                best = (score, Field(_tidy_name(part), round(confidence, 2), Source.of(line)))
    return best[1] if best else None


def _name_lines(top: list[Line]) -> list[tuple[Line, str]]:
    """Each top line, plus a large-type line joined with the next one in the same type (a wrapped name)."""
    out = []
    for i, line in enumerate(top):
        out.append((line, line.text))
        following = top[i + 1] if i + 1 < len(top) else None
        if following and line.size and following.size == line.size and line.bold == following.bold:
            if line.size >= max(l.size for l in top) and following.number == line.number + 1:
                out.append((line, f"{line.text} {following.text}"))
    return out


def _name_shape(text: str) -> float:
    """How much ``text`` looks like a person's name (0 = not at all)."""
    text = text.strip()
    if cjk_count(text) and re.fullmatch(rf"[{CJK}·]{{2,5}}", text):
        if _CN_NOT_NAME.search(text) or text.startswith(CN_CITIES):
            return 0.0
        if text[:2] in SURNAMES_2 or (text[0] in SURNAMES_1 and len(text) <= 4):
            return 0.8
        return 0.3
    if _LATIN_NAME.match(text) or (text.isupper() and _LATIN_NAME.match(text.title())):
        if _NOT_NAME.search(text) or text in EN_CITIES or load_vocabulary().canonical(text):
            return 0.0
        return 0.7
    return 0.0


def _tidy_name(text: str) -> str:
    return text.title() if text.isupper() else text


def find_location(blocks: Sequence[Block], name: str | None = None) -> Field | None:
    """Labelled, else a "City, ST" or known city near the top, else a place-like word among the contacts."""
    top = [l for b in blocks if b.kind in CONTACT_KINDS for l in b.lines]
    for line in top:
        m = _LOCATION_LABEL.search(line.text)
        if m and not EMAIL_RE.search(m.group(1)):
            value = split_parts(m.group(1))[0] if "|" in m.group(1) else m.group(1).strip()
            return Field(value, 0.9, Source.of(line))
    for line in top:
        text = URL_RE.sub(" ", EMAIL_RE.sub(" ", line.text))
        for chunk in re.split(r"\s{2,}|\s*[|｜•·]\s*", text):
            chunk = chunk.strip(" ,;")
            if not chunk or phone_candidates(chunk):
                continue
            confidence = place_confidence(chunk)
            if confidence and not _NOT_NAME.search(chunk):
                return Field(chunk, confidence, Source.of(line))
    return _place_beside_contacts(top, name)


def _place_beside_contacts(top: list[Line], name: str | None) -> Field | None:
    """ "Seoul" in "grace@example.kr | +82 2 555 0198 | Seoul", or on the line after the phone."""
    near = set()
    for i, line in enumerate(top):
        if EMAIL_RE.search(line.text) or phone_candidates(line.text):
            near.update({i - 1, i, i + 1})
    for i in sorted(near):
        if not 0 <= i < len(top):
            continue
        text = URL_RE.sub(" ", EMAIL_RE.sub(" ", top[i].text))
        for chunk in re.split(r"\s{2,}|\s*[|｜•·]\s*", text):
            chunk = chunk.strip(" ,;")
            if not chunk or phone_candidates(chunk) or chunk == name or TITLE_RE.search(chunk):
                continue
            if re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}", chunk) or re.fullmatch(rf"[{CJK}]{{2,6}}", chunk):
                if not load_vocabulary().canonical(chunk) and (name or _name_shape(chunk) < 0.7):
                    return Field(chunk, 0.55, Source.of(top[i]))
    return None
