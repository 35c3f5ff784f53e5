"""The skills vocabulary (``webapp/data/skills.json``) and matching against a position.

Each skill has a canonical name, a category and aliases ("Postgres", "psql" ->
PostgreSQL; "项目管理" -> Project management). Skills whose names are also
ordinary words ("Go", "React", "Spark", "Testing") are only taken from running
text when written exactly as listed; under a skills heading any case is fine.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .model import ParsedResume, SkillHit, SkillMatch, Source

DEFAULT_VOCABULARY = Path(__file__).resolve().parents[2] / "data" / "skills.json"
IMPLIED_CREDIT = 0.5


@dataclass(frozen=True)
class SkillInfo:
    name: str
    category: str
    forms: tuple[str, ...]  # the name and its aliases
    implies: tuple[str, ...] = ()
    ambiguous: bool = False
    free_text: bool = True


@dataclass(frozen=True)
class Mention:
    skill: SkillInfo
    text: str
    start: int
    end: int


class Vocabulary:
    def __init__(self, skills: Sequence[SkillInfo]) -> None:
        self.skills = tuple(skills)
        self.by_name = {s.name: s for s in self.skills}
        self._by_form: dict[str, SkillInfo] = {}
        for skill in self.skills:
            for form in skill.forms:
                self._by_form.setdefault(form.lower(), skill)
        forms = sorted(self._by_form, key=len, reverse=True)
        alternation = "|".join(re.escape(f) for f in forms)
        self._pattern = re.compile(
            rf"(?<![A-Za-z0-9_+#.&])(?:{alternation})(?![A-Za-z0-9_+#&]|\.[A-Za-z0-9])", re.IGNORECASE
        )

    def canonical(self, text: str) -> SkillInfo | None:
        return self._by_form.get(text.strip().lower())

    def find(self, text: str, *, listed: bool) -> list[Mention]:
        """Skills named in ``text``; ``listed`` is True under a skills heading."""
        found = []
        for m in self._pattern.finditer(text):
            skill = self._by_form[m.group(0).lower()]
            if not listed:
                if not skill.free_text:
                    continue
                if skill.ambiguous and m.group(0) not in skill.forms:
                    continue
            found.append(Mention(skill, m.group(0), m.start(), m.end()))
        return found


@lru_cache(maxsize=4)
def load_vocabulary(path: str | Path = DEFAULT_VOCABULARY) -> Vocabulary:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Vocabulary(
        [
            SkillInfo(
                name=item["name"],
                category=item["category"],
                forms=(item["name"], *item.get("aliases", ())),
                implies=tuple(item.get("implies", ())),
                ambiguous=bool(item.get("ambiguous", False)),
                free_text=bool(item.get("free_text", True)),
            )
            for item in data["skills"]
        ]
    )


def match_skills(
    profile: ParsedResume,
    required: Sequence[tuple[str, float]],
    *,
    vocabulary: Vocabulary | None = None,
) -> SkillMatch:
    """Which required skills the resume shows, with evidence, and a weighted score.

    A skill listed or mentioned counts fully; one only implied by a related skill
    (Django -> Python) counts half. The score is None when nothing is required.
    """
    vocabulary = vocabulary or load_vocabulary()
    have = {s.name: s for s in profile.skills}
    matched: list[SkillHit] = []
    missing: list[SkillHit] = []
    seen: set[str] = set()
    for name, weight in required:
        if not isinstance(weight, (int, float)) or not math.isfinite(weight) or weight < 0:
            raise ValueError(f"weight for {name!r} must be a finite number >= 0, got {weight!r}")
        info = vocabulary.canonical(name)
        key = info.name if info else name.strip()
        if key.lower() in seen:
            continue
        seen.add(key.lower())
        hit = (
            _direct(key, weight, have)
            or _literal(key, weight, profile, info)
            or _implied(key, weight, have, vocabulary)
        )
        if hit is None:
            missing.append(SkillHit(skill=key, weight=float(weight), credit=0.0, via="", evidence=None))
        else:
            matched.append(hit)
    total = sum(h.weight for h in matched) + sum(h.weight for h in missing)
    score = None if total == 0 else round(sum(h.weight * h.credit for h in matched) / total, 4)
    return SkillMatch(matched=tuple(matched), missing=tuple(missing), score=score)


def _direct(key: str, weight: float, have: dict) -> SkillHit | None:
    skill = have.get(key)
    if skill is None:
        return None
    via = "skills" if skill.confidence >= 0.9 else "text"
    return SkillHit(skill=key, weight=float(weight), credit=1.0, via=via, evidence=skill.source)


def _literal(key: str, weight: float, profile: ParsedResume, info: SkillInfo | None) -> SkillHit | None:
    """A skill outside the vocabulary (or an ambiguous one) searched as written."""
    forms = info.forms if info else (key,)
    pattern = re.compile(
        r"(?<![A-Za-z0-9_+#])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![A-Za-z0-9_+#])",
        re.IGNORECASE if info is None else 0,
    )
    for line in profile.lines:
        if pattern.search(line.text):
            return SkillHit(skill=key, weight=float(weight), credit=1.0, via="text", evidence=Source.of(line))
    return None


def _implied(key: str, weight: float, have: dict, vocabulary: Vocabulary) -> SkillHit | None:
    for skill in have.values():
        info = vocabulary.by_name.get(skill.name)
        if info and key in info.implies:
            return SkillHit(
                skill=key,
                weight=float(weight),
                credit=IMPLIED_CREDIT,
                via=f"implied by {skill.name}",
                evidence=skill.source,
            )
    return None
