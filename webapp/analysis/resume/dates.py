"""Dates and date ranges as resumes write them, in English and Chinese.

"Jan 2019 - Present", "2019-2024", "01/2019 – 03/2021", "2019.07-2024.06",
"2019年7月 - 至今", "2019/07 ~ 2024/06". Values are normalised to "YYYY" or
"YYYY-MM", and an open end to "present".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_WORD = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_MONTH_NUM = r"(?:0?[1-9]|1[0-2])"

_DATE = (
    rf"(?:(?P<mw>{_MONTH_WORD})\.?,?\s+(?P<y1>{_YEAR})"  # Jan 2019, Sept. 2019
    rf"|(?P<y2>{_YEAR})\s*年\s*(?:(?P<m2>{_MONTH_NUM})\s*月)?"  # 2019年7月, 2019年
    rf"|(?P<y3>{_YEAR})\s*[./\-]\s*(?P<m3>{_MONTH_NUM})(?!\d)"  # 2019.07, 2019/7, 2019-07
    rf"|(?P<m4>{_MONTH_NUM})\s*[./]\s*(?P<y4>{_YEAR})"  # 07/2019, 7.2019
    rf"|(?P<y5>{_YEAR}))"  # 2019
)
_PRESENT = r"(?:present|current|currently|now|today|to date|ongoing|至今|今|现在|目前)"
_SEP = r"\s*(?:-|–|—|~|～|－|至|到|to|until|till)\s*"

_DATE_RE = re.compile(r"(?<![\d.])" + _DATE + r"(?![\d])", re.IGNORECASE)
_RANGE_RE = re.compile(
    rf"(?<![\d.])(?P<start>{_DATE.replace('?P<', '?P<s_')}){_SEP}"
    rf"(?P<end>{_DATE.replace('?P<', '?P<e_')}|{_PRESENT})(?![\d])",
    re.IGNORECASE,
)
_SINCE_RE = re.compile(rf"(?:since|from|自)\s*(?P<start>{_DATE})(?:\s*(?:起|以来))?", re.IGNORECASE)


@dataclass(frozen=True)
class DateSpan:
    start: str | None
    end: str | None
    begin: int  # character span of the dates in the text
    stop: int


def find_range(text: str) -> DateSpan | None:
    """The first date range in ``text``, else a single date (taken as the end), else None."""
    m = _RANGE_RE.search(text)
    if m:
        start = _normalise(m, "s_")
        end_text = m.group("end")
        end = "present" if re.fullmatch(_PRESENT, end_text.strip(), re.IGNORECASE) else _normalise(m, "e_")
        if start and end and (end == "present" or end >= start):
            return DateSpan(start, end, m.start(), m.end())
    m = _SINCE_RE.search(text)
    if m:
        return DateSpan(_normalise(m, ""), "present", m.start(), m.end())
    m = _DATE_RE.search(text)
    if m:
        return DateSpan(None, _normalise(m, ""), m.start(), m.end())
    return None


def has_range(text: str) -> bool:
    return _RANGE_RE.search(text) is not None


def remove_span(text: str, span: DateSpan) -> str:
    return (text[: span.begin] + " " + text[span.stop :]).strip()


def _normalise(m: re.Match[str], prefix: str) -> str | None:
    def g(name: str) -> str | None:
        try:
            return m.group(prefix + name)
        except IndexError:
            return None

    if g("mw"):
        return f"{g('y1')}-{_MONTHS[g('mw')[:3].lower()]:02d}"
    for y, mo in (("y2", "m2"), ("y3", "m3"), ("y4", "m4")):
        if g(y):
            return f"{g(y)}-{int(g(mo)):02d}" if g(mo) else g(y)
    return g("y5")
