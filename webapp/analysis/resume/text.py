"""Small text helpers shared by the field readers."""

from __future__ import annotations

import re

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")
_ABBREVIATION_END = re.compile(r"\b(?:Inc|Ltd|Co|Corp|LLC|Jr|Sr|St|Dept|Univ|etc|[A-Z])\.$")
_BULLET_RE = re.compile(r"^\s*(?:[•●○▪■□◆◇◦‣∙·\-–—*>✓✔➢►▶]+|\(?\d{1,2}[.)、]|[（(]\d{1,2}[）)]|[①-⑩])\s*")
# Separators between the parts of a line: "Title, Company | City  2019 - 2024".
_PART_SPLIT = re.compile(rf"\s{{2,}}|\t|\s[-|｜·•—–]\s|[|｜]|，|、|;|；|,\s+|(?<=[{CJK}）])\s+|\s+(?=[{CJK}（])")


def has_cjk(text: str) -> bool:
    return _CJK_RE.search(text) is not None


def cjk_count(text: str) -> int:
    return len(_CJK_RE.findall(text))


def strip_bullet(text: str) -> tuple[bool, str]:
    """(True, text without its marker) for a bullet point, else (False, text)."""
    m = _BULLET_RE.match(text)
    if m and m.end() < len(text):
        return True, text[m.end() :].strip()
    return False, text.strip()


def split_parts(text: str) -> list[str]:
    parts: list[str] = []
    for piece in _PART_SPLIT.split(text):
        piece = (piece or "").strip(" \t,;:：-–—|·")
        if piece:
            parts.append(piece)
    return parts


def words(text: str) -> int:
    """Word count, counting two CJK characters as a word."""
    return len(re.findall(r"[A-Za-z0-9][\w'’.+#-]*", text)) + cjk_count(text) // 2


def looks_like_sentence(text: str) -> bool:
    """A description line rather than a title/company/date line."""
    stripped = text.strip()
    if stripped.endswith(("。", "；", "！")):
        return True
    if stripped.endswith((".", ";", "!")) and words(stripped) >= 3 and not _ABBREVIATION_END.search(stripped):
        return True
    return words(stripped) >= 12 or cjk_count(stripped) >= 22


def norm(text: str) -> str:
    """Lower-case, single-spaced form for comparisons."""
    return re.sub(r"\s+", " ", text).strip().lower()
