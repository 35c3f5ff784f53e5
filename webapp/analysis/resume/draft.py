"""The profile document a person corrects and confirms, as plain JSON.

A draft starts as the parser's output (``draft_from_parsed``) and keeps its
shape: every value is a ``Field``-like dict with ``value``, ``confidence`` and
``source``. ``merge_edits`` applies what a person typed: a value left as it was
keeps its confidence and source line, a changed value gets confidence 1.0 (a
person vouched for it) and keeps the line it replaced, so the form can still
say where the original came from. Entries carry a stable ``key`` so edits land
on the right job even after another one was removed.

Pure code: no Flask, database or Celery.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .contacts import is_phone, link_key
from .dates import find_range
from .entries import LEVELS
from .model import PARSER_VERSION, Line, ParsedResume
from .skills import Vocabulary, load_vocabulary

# Fields below this confidence are highlighted in the form for a second look.
LOW_CONFIDENCE = 0.8
SCALARS = ("name", "email", "phone", "location", "summary")
ENTRY_LISTS = ("experience", "education", "projects")
ENTRY_FIELDS = {
    "experience": ("title", "company", "location", "start", "end"),
    "education": ("school", "degree", "field", "start", "end"),
    "projects": ("name", "role", "start", "end"),
}
ENTRY_LINES = {"experience": "bullets", "education": "details", "projects": "bullets"}
DATE_FIELDS = ("start", "end")
MAX_ENTRIES = 60
MAX_LIST = 200
MAX_VALUE_CHARS = 2000
MAX_SUMMARY_CHARS = 8000

PRESENT_WORDS = ("present", "current", "currently", "now", "today", "ongoing", "至今", "今", "现在", "目前")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
KEY_RE = re.compile(r"^[A-Za-z0-9_-]{1,24}$")


def new_key() -> str:
    return secrets.token_hex(4)


# --- from the parser ---------------------------------------------------------------


def draft_from_parsed(parsed: ParsedResume) -> dict[str, Any]:
    """The first draft: the parser's fields, with a key on every entry."""
    data = parsed.to_dict()
    draft: dict[str, Any] = {key: data[key] for key in SCALARS}
    draft["links"] = data["links"]
    for kind in ENTRY_LISTS:
        draft[kind] = [{**entry, "key": new_key()} for entry in data[kind]]
    for key in ("skills", "other_skills", "certifications", "languages"):
        draft[key] = data[key]
    draft["document"] = {
        "kind": parsed.kind,
        "pages": parsed.pages,
        "language": parsed.language,
        "parser_version": parsed.parser_version,
        "warnings": list(parsed.warnings),
    }
    return draft


# --- validation of what a person typed ------------------------------------------


def normalise_date(text: str) -> str | None:
    """``"2019"``, ``"2019-07"``, ``"present"`` or ``""``; None when it is not a date."""
    text = (text or "").strip()
    if not text:
        return ""
    if text.lower() in PRESENT_WORDS:
        return "present"
    span = find_range(text)
    if span is None or span.start is not None or span.begin != 0 or span.stop != len(text):
        return None
    return span.end


def check_email(text: str) -> bool:
    text = (text or "").strip()
    return not text or bool(EMAIL_RE.match(text))


def check_phone(text: str) -> bool:
    """Empty, or a number that passes the parser's phone checks (a pair of years does not)."""
    text = (text or "").strip()
    return not text or is_phone(text)


# --- applying edits --------------------------------------------------------------


def _clean(value: Any, limit: int = MAX_VALUE_CHARS) -> str:
    return re.sub(r"[ \t]+", " ", str(value or "")).strip()[:limit]


def _field(old: Mapping[str, Any] | None, value: str) -> dict[str, Any] | None:
    if not value:
        return None
    if old and old.get("value") == value:
        return dict(old)
    return {"value": value, "confidence": 1.0, "source": old.get("source") if old else None, "edited": True}


def _lines(old: Sequence[Mapping[str, Any]], values: Iterable[str]) -> list[dict[str, Any]]:
    by_value = {item["value"]: item for item in old}
    out = []
    for raw in values:
        value = _clean(raw)
        if value:
            out.append(dict(by_value[value]) if value in by_value else _field(None, value))
    return out[:MAX_LIST]


def _entry(kind: str, old: Mapping[str, Any] | None, row: Mapping[str, Any]) -> dict[str, Any] | None:
    fields = ENTRY_FIELDS[kind]
    values = {}
    for name in fields:
        value = _clean(row.get(name))
        if name in DATE_FIELDS:
            value = normalise_date(value) or ""
        values[name] = value
    line_key = ENTRY_LINES[kind]
    texts = [t for t in (row.get(line_key) or []) if _clean(t)]
    if not any(values.values()) and not texts:
        return None
    old = old or {}
    entry: dict[str, Any] = {name: _field(old.get(name), values[name]) for name in fields}
    entry[line_key] = _lines(old.get(line_key) or [], texts)
    changed = (
        not old
        or any(entry[name] != old.get(name) for name in fields)
        or [b["value"] for b in entry[line_key]] != [b["value"] for b in old.get(line_key) or []]
    )
    entry["confidence"] = 1.0 if changed else old.get("confidence", 1.0)
    entry["source"] = old.get("source")
    key = str(row.get("key") or "")
    entry["key"] = key if KEY_RE.match(key) else new_key()
    if kind == "education":
        degree = entry["degree"]["value"] if entry["degree"] else ""
        if old and (old.get("degree") or {}).get("value") == degree:
            entry["level"] = old.get("level", "")
        else:
            entry["level"] = next((name for name, rx in LEVELS if degree and rx.search(degree)), "")
    return entry


def _skills(
    old_skills: Sequence[Mapping[str, Any]],
    old_other: Sequence[Mapping[str, Any]],
    names: Iterable[str],
    vocabulary: Vocabulary,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Canonical skills (aliases such as "Postgres" become PostgreSQL) and the rest as written."""
    known = {s["name"]: s for s in old_skills}
    other_by_value = {f["value"].lower(): f for f in old_other}
    skills: list[dict[str, Any]] = []
    other: list[dict[str, Any]] = []
    seen: set[str] = set()
    for raw in names:
        text = _clean(raw, 120)
        if not text:
            continue
        info = vocabulary.canonical(text)
        key = (info.name if info else text).lower()
        if key in seen:
            continue
        seen.add(key)
        if info is None:
            old = other_by_value.get(text.lower())
            other.append(dict(old) if old else {"value": text, "confidence": 1.0, "source": None, "edited": True})
        elif info.name in known:
            skills.append(dict(known[info.name]))
        else:
            skills.append(
                {"name": info.name, "category": info.category, "matched": text, "confidence": 1.0, "source": None}
            )
    return skills[:MAX_LIST], other[:MAX_LIST]


def _links(old: Sequence[Mapping[str, Any]], urls: Iterable[str]) -> list[dict[str, Any]]:
    by_key = {link_key(link["url"]): link for link in old}
    out, seen = [], set()
    for raw in urls:
        url = _clean(raw, 500)
        if not url or link_key(url) in seen:
            continue
        seen.add(link_key(url))
        if link_key(url) in by_key:
            out.append(dict(by_key[link_key(url)]))
            continue
        kind = "linkedin" if "linkedin.com" in url.lower() else "github" if "github.com" in url.lower() else "web"
        out.append({"kind": kind, "url": url, "confidence": 1.0, "source": None})
    return out[:MAX_LIST]


def _languages(old: Sequence[Mapping[str, Any]], rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    by_name = {lang["name"].lower(): lang for lang in old}
    out, seen = [], set()
    for row in rows:
        name, level = _clean(row.get("name"), 80), _clean(row.get("level"), 80)
        if not name or name.lower() in seen:
            continue
        seen.add(name.lower())
        previous = by_name.get(name.lower())
        if previous and previous.get("level", "") == level:
            out.append(dict(previous))
        else:
            out.append(
                {"name": name, "level": level, "confidence": 1.0, "source": previous.get("source") if previous else None}
            )
    return out[:MAX_LIST]


def merge_edits(
    draft: Mapping[str, Any], edits: Mapping[str, Any], *, vocabulary: Vocabulary | None = None
) -> dict[str, Any]:
    """A new draft: ``draft`` with what a person typed in ``edits`` (the form's values).

    ``edits`` holds strings for the scalars, a list of URLs for ``links``, rows
    of strings for entries (with their ``key`` and a list of bullet lines), a
    list of skill names and certifications, and ``{name, level}`` rows for
    languages. Blank rows are dropped. Dates must already be valid
    (``normalise_date``); invalid ones are dropped rather than guessed.
    """
    vocabulary = vocabulary or load_vocabulary()
    out: dict[str, Any] = {}
    for key in SCALARS:
        limit = MAX_SUMMARY_CHARS if key == "summary" else MAX_VALUE_CHARS
        value = str(edits.get(key) or "").strip()[:limit] if key == "summary" else _clean(edits.get(key), limit)
        out[key] = _field(draft.get(key), value)
    out["links"] = _links(draft.get("links") or [], edits.get("links") or [])
    for kind in ENTRY_LISTS:
        old_by_key = {e.get("key"): e for e in draft.get(kind) or []}
        entries = []
        for row in (edits.get(kind) or [])[:MAX_ENTRIES]:
            entry = _entry(kind, old_by_key.get(row.get("key")), row)
            if entry is not None:
                entries.append(entry)
        out[kind] = entries
    out["skills"], out["other_skills"] = _skills(
        draft.get("skills") or [], draft.get("other_skills") or [], edits.get("skills") or [], vocabulary
    )
    out["certifications"] = _lines(draft.get("certifications") or [], edits.get("certifications") or [])
    out["languages"] = _languages(draft.get("languages") or [], edits.get("languages") or [])
    out["document"] = dict(draft.get("document") or {})
    return out


# --- reading a draft -------------------------------------------------------------


def low_confidence(item: Mapping[str, Any] | None) -> bool:
    return bool(item) and float(item.get("confidence", 1.0)) < LOW_CONFIDENCE


def value(item: Mapping[str, Any] | None) -> str:
    return str(item.get("value", "")) if item else ""


def profile_equal(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Same values a person would see (confidence and sources aside)."""
    return _values(a) == _values(b)


def _values(doc: Any) -> Any:
    if isinstance(doc, Mapping):
        if "value" in doc and "confidence" in doc:
            return doc["value"]
        return {k: _values(v) for k, v in doc.items() if k not in ("confidence", "source", "edited", "key", "matched")}
    if isinstance(doc, list):
        return [_values(v) for v in doc]
    return doc


def as_parsed(doc: Mapping[str, Any]) -> ParsedResume:
    """A confirmed profile as a ParsedResume, for ``match_skills``.

    Its lines are the profile's own confirmed text (each numbered as the line it
    came from), so a skill a person removed is not found again in the original
    text, while one written in a confirmed bullet still counts as mentioned.
    """
    texts: list[tuple[str, Mapping[str, Any] | None]] = []

    def add(item: Mapping[str, Any] | None) -> None:
        if item and item.get("value"):
            texts.append((str(item["value"]), item.get("source")))

    for key in SCALARS:
        add(doc.get(key))
    for kind in ENTRY_LISTS:
        for entry in doc.get(kind) or []:
            for name in ENTRY_FIELDS[kind]:
                add(entry.get(name))
            for item in entry.get(ENTRY_LINES[kind]) or []:
                add(item)
    for item in doc.get("other_skills") or []:
        add(item)
    for item in doc.get("certifications") or []:
        add(item)
    lines = [
        Line(text=text, number=int((src or {}).get("line") or 0), page=int((src or {}).get("page") or 1)).to_dict()
        for text, src in texts
    ]
    document = doc.get("document") or {}
    data = {
        "kind": document.get("kind", "pdf"),
        "pages": document.get("pages", 1),
        "language": document.get("language", "en"),
        "lines": lines,
        "sections": [],
        "links": doc.get("links") or [],
        "skills": doc.get("skills") or [],
        "other_skills": doc.get("other_skills") or [],
        "certifications": doc.get("certifications") or [],
        "languages": doc.get("languages") or [],
        "warnings": [],
        "parser_version": document.get("parser_version", PARSER_VERSION),
    }
    for key in SCALARS:
        data[key] = doc.get(key)
    for kind in ENTRY_LISTS:
        data[kind] = doc.get(kind) or []
    return ParsedResume.from_dict(data)
