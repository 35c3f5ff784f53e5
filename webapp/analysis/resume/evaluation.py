"""Field-level precision and recall of parsed resumes against hand-labelled truth.

Used by ``bench/bench_resume.py`` and by the test that keeps the labelled set
at its targets. Truth files are the JSON written next to each labelled resume.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .contacts import link_key
from .model import ParsedResume

FIELDS = (
    "name", "email", "phone", "location", "links", "skills", "experience", "education",
    "certifications", "languages",
)  # fmt: skip


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def loose(text: str | None) -> str:
    return re.sub(r"[\W_]+", " ", (text or "").lower()).strip()


def same(a: str | None, b: str | None) -> bool:
    """Equal after dropping case and punctuation, or one contains the other."""
    a, b = loose(a), loose(b)
    if not a or not b:
        return a == b
    return a == b or (min(len(a), len(b)) >= 3 and (a in b or b in a))


def _digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


def _scalar(predicted: str | None, expected: str | None, match: Callable[[str, str], bool]) -> Counts:
    if predicted and expected:
        return Counts(tp=1) if match(predicted, expected) else Counts(fp=1, fn=1)
    return Counts(fp=1) if predicted else Counts(fn=1) if expected else Counts()


def _matched(predicted: list, expected: list, match: Callable) -> Counts:
    """Greedy one-to-one matching of predicted items to expected items."""
    left = list(expected)
    tp = 0
    for p in predicted:
        for i, e in enumerate(left):
            if match(p, e):
                tp += 1
                del left[i]
                break
    return Counts(tp=tp, fp=len(predicted) - tp, fn=len(left))


def _experience_match(entry, truth: dict) -> bool:
    value = lambda f: f.value if f else None  # noqa: E731
    return (
        same(value(entry.title), truth["title"])
        and same(value(entry.company), truth["company"])
        and value(entry.start) == truth["start"]
        and value(entry.end) == truth["end"]
    )


def _education_match(entry, truth: dict) -> bool:
    value = lambda f: f.value if f else None  # noqa: E731
    return (
        same(value(entry.school), truth["school"])
        and (not truth.get("level") or entry.level == truth["level"])
        and (not truth.get("end") or value(entry.end) == truth["end"])
    )


def compare(parsed: ParsedResume, truth: dict) -> dict[str, Counts]:
    value = lambda f: f.value if f else None  # noqa: E731
    return {
        "name": _scalar(value(parsed.name), truth["name"], lambda a, b: loose(a) == loose(b)),
        "email": _scalar(value(parsed.email), truth["email"], lambda a, b: a.lower() == b.lower()),
        "phone": _scalar(value(parsed.phone), truth["phone"], lambda a, b: _digits(a) == _digits(b)),
        "location": _scalar(value(parsed.location), truth.get("location"), same),
        "links": _matched(
            [link_key(l.url) for l in parsed.links], [link_key(u) for u in truth.get("links", [])], lambda a, b: a == b
        ),  # fmt: skip
        "skills": _matched([s.name for s in parsed.skills], list(truth["skills"]), lambda a, b: a == b),
        "experience": _matched(list(parsed.experience), truth["experience"], _experience_match),
        "education": _matched(list(parsed.education), truth["education"], _education_match),
        "certifications": _matched([c.value for c in parsed.certifications], truth.get("certifications", []), same),
        "languages": _matched([l.name for l in parsed.languages], truth.get("languages", []), lambda a, b: a == b),
    }


def total(per_file: Iterable[dict[str, Counts]]) -> dict[str, Counts]:
    sums = {f: Counts() for f in FIELDS}
    for counts in per_file:
        for f in FIELDS:
            sums[f] = sums[f] + counts[f]
    return sums
