"""Place names as resumes write them: "Austin, TX", "London, UK", "北京市海淀区", "Remote"."""

from __future__ import annotations

import re

from .text import CJK

CN_CITIES = (
    "北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "苏州", "天津", "重庆", "厦门", "长沙",
    "香港", "台北",
)  # fmt: skip
EN_CITIES = (
    "New York", "San Francisco", "Seattle", "London", "Berlin", "Paris", "Toronto", "Vancouver",
    "Singapore", "Sydney", "Melbourne", "Boston", "Austin", "Chicago", "Los Angeles", "Dublin", "Amsterdam",
    "Munich", "Tokyo", "Beijing", "Shanghai", "Shenzhen", "Hangzhou",
)  # fmt: skip
_CITY_REGION = re.compile(r"^[A-Z][a-zA-Z.'\- ]{1,30},\s*(?:[A-Z]{2}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)$")
_COMPANY_SUFFIX = re.compile(r",\s*(?:Inc|Ltd|Co|Corp|LLC|GmbH|PLC|AG|Group)\.?$")
_CN_PLACE = re.compile(rf"^[{CJK}]{{2,4}}(?:省|市)(?:[{CJK}]{{1,6}}(?:市|区|县))?$")
_WORK_MODE = re.compile(r"^(?:remote|hybrid|on-?site)$", re.IGNORECASE)


def place_confidence(text: str) -> float:
    """How surely ``text`` is a place (0 when it is not one)."""
    text = text.strip()
    if _CITY_REGION.match(text) and not _COMPANY_SUFFIX.search(text):
        return 0.75
    if text in EN_CITIES or text in CN_CITIES or _CN_PLACE.match(text) or _WORK_MODE.match(text):
        return 0.7
    return 0.0


def is_place(text: str) -> bool:
    return place_confidence(text) > 0
