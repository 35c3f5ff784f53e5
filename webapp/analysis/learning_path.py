"""A personal learning path from the scores: the gaps, the resources and practice for each,
a week-by-week plan sized to them, and the questions to answer again.

The resources come from a curated catalogue shipped with the app
(`webapp/data/learning_catalogue.json`): free, well-known material, each item naming the
position skills and scoring competencies it trains and its estimated hours. Loading checks
the whole file and reports every problem at once.

Rules (pure and deterministic: the same scores give the same path):

* A competency under `TARGET` (75) is a gap of size 75 - score; its priority is the size times
  the competency's share of the position's weights (times the number of competencies, so equal
  weights give factor 1). Professional knowledge is worked on through the skills of the
  questions where it fell short; skill match through the position's skills.
* A required skill scoring under 60 (see `scoring_skills`) is a gap of size 75 - score; one that
  nothing showed either way is a gap of size `UNSHOWN_GAP` at half priority. Priority: size
  times weight / 5.
* Every competency gap is kept, with the `MAX_SKILL_GAPS` skills furthest behind.
* Each gap, highest priority first, gets one resource and one practice task from the catalogue,
  preferring items that address the gap's how-to-improve hint, then the most specific ones
  (fewest skills), then the longest for a gap of `BIG_GAP` or more or the shortest otherwise;
  then, while there is room (`MAX_STEPS` items), big gaps get a second resource. Items already
  chosen are skipped; the steps are listed gap by gap.
* The plan packs the items in order into weeks of `hours_per_week` (default 5), splitting an
  item across weeks when it does not fit (one of 2 hours or less moves to the next week instead), and ends with a week slot to answer again the
  questions that scored under 60, were off topic, empty or silent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from webapp.analysis.content_types import Serialisable
from webapp.analysis.scoring_types import COMPETENCIES, AnswerScores, SessionScores

DEFAULT_CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "data" / "learning_catalogue.json"
KINDS = ("resource", "practice")
TARGET = 75.0
SKILL_GAP_BELOW = 60.0
UNSHOWN_GAP = 15.0
UNSHOWN_FACTOR = 0.5  # a skill nothing showed comes after the gaps that were measured
BIG_GAP = 30.0
MAX_STEPS = 10
MAX_SKILL_GAPS = 4  # the skills furthest behind; every competency gap is kept
MIN_SPLIT_HOURS = 2.0  # an item this short is not split across weeks
QUESTION_BELOW = 60.0
HOURS_PER_QUESTION = 0.25
MAX_ITEM_HOURS = 40


class CatalogueError(ValueError):
    """The catalogue file is malformed; the message lists every problem found."""


@dataclass(frozen=True)
class CatalogueItem(Serialisable):
    key: str
    kind: str  # resource | practice
    title: str
    title_zh: str
    url: str
    skills: tuple[str, ...]
    competencies: tuple[str, ...]
    hours: float
    hints: tuple[str, ...] = ()  # how-to-improve codes of the scoring it addresses

    def title_for(self, language: str) -> str:
        return self.title_zh if language == "zh" and self.title_zh else self.title

    def trains_skill(self, name: str) -> bool:
        return name.strip().lower() in {s.lower() for s in self.skills}


@dataclass(frozen=True)
class Catalogue:
    version: int
    items: tuple[CatalogueItem, ...]

    def item(self, key: str) -> CatalogueItem:
        return next(i for i in self.items if i.key == key)


@dataclass(frozen=True)
class Gap(Serialisable):
    kind: str  # competency | skill
    name: str
    score: float | None  # None: nothing showed the skill
    size: float
    priority: float
    hint: str | None = None  # the scoring's how-to-improve code for this gap


@dataclass(frozen=True)
class Step(Serialisable):
    order: int
    item: str  # catalogue key
    kind: str
    hours: float
    gap_kind: str
    gap_name: str


@dataclass(frozen=True)
class WeekEntry(Serialisable):
    item: str  # catalogue key, or "" for the questions to answer again
    hours: float
    part: int = 1
    parts: int = 1


@dataclass(frozen=True)
class Week(Serialisable):
    number: int
    entries: tuple[WeekEntry, ...]
    hours: float
    questions: tuple[str, ...] = ()  # question keys to answer again this week


@dataclass(frozen=True)
class PracticeQuestion(Serialisable):
    question_key: str
    score: float | None
    reason: str  # low_score | off_topic | empty_answer | no_speech
    hint: str | None


@dataclass(frozen=True)
class LearningPath(Serialisable):
    catalogue_version: int
    hours_per_week: float
    gaps: tuple[Gap, ...]
    steps: tuple[Step, ...]
    weeks: tuple[Week, ...]
    questions: tuple[PracticeQuestion, ...]
    total_hours: float


# --- the catalogue ---------------------------------------------------------------------


def _valid_url(url: Any) -> bool:
    if not isinstance(url, str) or url != url.strip() or any(c.isspace() for c in url):
        return False
    parts = urlsplit(url)
    host = parts.hostname or ""
    return parts.scheme == "https" and "." in host and not host.startswith(".") and not host.endswith(".")


def parse_catalogue(data: Any) -> Catalogue:
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise CatalogueError("learning catalogue: expected an object with an 'items' list")
    items: list[CatalogueItem] = []
    for i, raw in enumerate(data["items"]):
        where = f"items[{i}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: expected an object")
            continue
        for name in ("key", "title", "url"):
            if not isinstance(raw.get(name), str) or not raw[name].strip():
                problems.append(f"{where}.{name}: expected a non-empty string")
        if raw.get("kind") not in KINDS:
            problems.append(f"{where}.kind: expected one of {KINDS}, got {raw.get('kind')!r}")
        if not _valid_url(raw.get("url")):
            problems.append(f"{where}.url: not a well-formed https link: {raw.get('url')!r}")
        hours = raw.get("hours")
        if not isinstance(hours, (int, float)) or not 0 < hours <= MAX_ITEM_HOURS:
            problems.append(f"{where}.hours: expected a number in (0, {MAX_ITEM_HOURS}], got {hours!r}")
            hours = 1
        skills, competencies = raw.get("skills", []), raw.get("competencies", [])
        if not isinstance(skills, list) or not all(isinstance(s, str) and s.strip() for s in skills):
            problems.append(f"{where}.skills: expected a list of names")
            skills = []
        if not isinstance(competencies, list) or not competencies or set(competencies) - set(COMPETENCIES):
            problems.append(f"{where}.competencies: expected a non-empty list of {COMPETENCIES}")
            competencies = [c for c in competencies if c in COMPETENCIES] if isinstance(competencies, list) else []
        items.append(CatalogueItem(
            key=str(raw.get("key", "")).strip(), kind=str(raw.get("kind")), title=str(raw.get("title", "")).strip(),
            title_zh=str(raw.get("title_zh", "")).strip(), url=str(raw.get("url", "")), skills=tuple(skills),
            competencies=tuple(competencies), hours=float(hours),
            hints=tuple(h for h in raw.get("hints", ()) if isinstance(h, str)),
        ))
    keys = [i.key for i in items]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        problems.append(f"duplicate keys: {duplicates}")
    if problems:
        raise CatalogueError("learning catalogue is invalid:\n  " + "\n  ".join(problems))
    return Catalogue(version=int(data.get("version", 0)), items=tuple(items))


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    path = Path(path) if path is not None else DEFAULT_CATALOGUE_PATH
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CatalogueError(f"cannot read learning catalogue {path}: {exc}") from exc
    return parse_catalogue(data)


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    return load_catalogue()


# --- the path -----------------------------------------------------------------------------


def _main_score(answer: AnswerScores, behavioural: bool) -> float | None:
    first = "problem_solving" if behavioural else "professional_knowledge"
    for competency in (first, "logical_thinking", "communication"):
        score = answer.get(competency).score
        if score is not None:
            return score
    return None


def find_gaps(session: SessionScores, answers: Sequence[AnswerScores], kinds: Mapping[str, str]) -> list[Gap]:
    """`kinds` maps question key -> technical | behavioural."""
    measured = [c for c in session.competencies if c.score is not None]
    n = len(measured) or 1
    # A competency the position weighs 0 is still a gap, listed last; no weights at all: equal.
    equal = 0.0 if session.weights else 1.0 / n
    gaps: dict[tuple[str, str], Gap] = {}
    for c in measured:
        if c.score >= TARGET or c.competency in ("skill_match", "professional_knowledge"):
            continue
        size = TARGET - c.score
        gaps[("competency", c.competency)] = Gap("competency", c.competency, c.score, round(size, 1),
                                                 round(size * session.weights.get(c.competency, equal) * n, 2),
                                                 c.how_to_improve)
    pk = session.get("professional_knowledge")
    if pk.score is not None and pk.score < TARGET:
        # Knowledge is built skill by skill: the skills of the technical answers that fell short.
        weight = session.weights.get("professional_knowledge", equal) * n
        for a in sorted(answers, key=lambda a: (a.get("professional_knowledge").score or 0, a.question_key)):
            score = a.get("professional_knowledge").score
            if score is None or score >= TARGET or kinds.get(a.question_key) == "behavioural":
                continue
            for e in a.get("skill_match").evidence:
                key = ("skill", str(e.value))
                size = TARGET - score
                if key not in gaps or gaps[key].size < size:
                    gaps[key] = Gap("skill", str(e.value), score, round(size, 1), round(size * weight, 2))
    for s in session.skills:
        if s.score is not None and s.score >= SKILL_GAP_BELOW:
            continue
        size = UNSHOWN_GAP if s.score is None else TARGET - s.score
        factor = UNSHOWN_FACTOR if s.score is None else 1.0
        gap = Gap("skill", s.skill, s.score, round(size, 1), round(size * s.weight / 5 * factor, 2))
        if ("skill", s.skill) not in gaps or gaps[("skill", s.skill)].priority < gap.priority:
            gaps[("skill", s.skill)] = gap
    order = lambda g: (-g.priority, g.kind, g.name)  # noqa: E731
    skills = sorted((g for g in gaps.values() if g.kind == "skill"), key=order)[:MAX_SKILL_GAPS]
    competencies = [g for g in gaps.values() if g.kind == "competency"]
    return sorted(competencies + skills, key=order)


def _items_for(gap: Gap, catalogue: Catalogue, chosen: set[str]) -> list[CatalogueItem]:
    if gap.kind == "skill":
        pool = [i for i in catalogue.items if i.trains_skill(gap.name)]
    else:
        pool = [i for i in catalogue.items if gap.name in i.competencies]
    pool = [i for i in pool if i.key not in chosen]
    big = gap.size >= BIG_GAP

    def order(item: CatalogueItem, by_hours: float) -> tuple:
        # What addresses the gap's own hint first, then the most specific item (fewest skills).
        return (gap.hint not in item.hints, len(item.skills), by_hours, item.key)

    resources = sorted((i for i in pool if i.kind == "resource"), key=lambda i: order(i, -i.hours if big else i.hours))
    practice = sorted((i for i in pool if i.kind == "practice"), key=lambda i: order(i, i.hours))
    picked = resources[: 2 if big else 1] + practice[:1]
    return picked


def practice_questions(answers: Sequence[AnswerScores], kinds: Mapping[str, str]) -> list[PracticeQuestion]:
    out = []
    for a in answers:
        score = _main_score(a, kinds.get(a.question_key) == "behavioural")
        reason = next((n for n in ("no_speech", "empty_answer", "off_topic") if n in a.notes), None)
        if reason is None and score is not None and score < QUESTION_BELOW:
            reason = "low_score"
        if reason is None:
            continue
        weakest = min((c for c in a.competencies if c.score is not None), key=lambda c: (c.score, c.competency), default=None)
        out.append(PracticeQuestion(a.question_key, score, reason, weakest.how_to_improve if weakest else None))
    return sorted(out, key=lambda q: (q.score if q.score is not None else -1, q.question_key))


def plan_weeks(steps: Sequence[Step], questions: Sequence[PracticeQuestion], hours_per_week: float) -> tuple[Week, ...]:
    """Fill weeks in order; an item that does not fit the rest of a week goes on the next."""
    slots: list[list[tuple[str, float, int]]] = [[]]  # per week: (item, hours, step index)
    room = hours_per_week
    for index, step in enumerate(steps):
        left = step.hours
        if left <= MIN_SPLIT_HOURS and left > room + 1e-9 and slots[-1]:
            slots.append([])
            room = hours_per_week
        while left > 1e-9:
            if room <= 1e-9:
                slots.append([])
                room = hours_per_week
            take = min(left, room)
            slots[-1].append((step.item, round(take, 2), index))
            left -= take
            room -= take
    parts = {}
    for week in slots:
        for _, _, index in week:
            parts[index] = parts.get(index, 0) + 1
    weeks: list[Week] = []
    seen: dict[int, int] = {}
    for week in slots:
        entries = []
        for item, hours, index in week:
            seen[index] = seen.get(index, 0) + 1
            entries.append(WeekEntry(item, hours, seen[index], parts[index]))
        if entries:
            weeks.append(Week(len(weeks) + 1, tuple(entries), round(sum(e.hours for e in entries), 2)))
    if questions:
        hours = round(HOURS_PER_QUESTION * len(questions), 2)
        keys = tuple(q.question_key for q in questions)
        if weeks and room >= hours:
            last = weeks[-1]
            weeks[-1] = Week(last.number, last.entries + (WeekEntry("", hours),), round(last.hours + hours, 2), keys)
        else:
            weeks.append(Week(len(weeks) + 1, (WeekEntry("", hours),), hours, keys))
    return tuple(weeks)


def build_learning_path(
    session: SessionScores,
    answers: Sequence[AnswerScores],
    kinds: Mapping[str, str],
    *,
    catalogue: Catalogue | None = None,
    hours_per_week: float = 5.0,
) -> LearningPath:
    if hours_per_week <= 0:
        raise ValueError("hours_per_week must be > 0")
    catalogue = catalogue or default_catalogue()
    gaps = find_gaps(session, answers, kinds)
    chosen: set[str] = set()
    picks = {gap: _items_for(gap, catalogue, set()) for gap in gaps}
    steps: list[Step] = []
    # First every gap's best resource and practice task, then the second resource of big gaps.
    for round_ in (0, 1):
        for gap in gaps:
            resources = [i for i in picks[gap] if i.kind == "resource"]
            practice = [i for i in picks[gap] if i.kind == "practice"]
            items = resources[:1] + practice[:1] if round_ == 0 else resources[1:2]
            for item in items:
                if item is None or item.key in chosen or len(steps) >= MAX_STEPS:
                    continue
                chosen.add(item.key)
                steps.append(Step(len(steps) + 1, item.key, item.kind, item.hours, gap.kind, gap.name))
    steps.sort(key=lambda s: (gaps.index(next(g for g in gaps if (g.kind, g.name) == (s.gap_kind, s.gap_name))),
                              s.kind != "resource", s.order))
    steps = [Step(n, s.item, s.kind, s.hours, s.gap_kind, s.gap_name) for n, s in enumerate(steps, start=1)]
    questions = practice_questions(answers, kinds)
    weeks = plan_weeks(steps, questions, hours_per_week)
    total = round(sum(s.hours for s in steps) + HOURS_PER_QUESTION * len(questions), 2)
    return LearningPath(catalogue.version, hours_per_week, tuple(gaps), tuple(steps), weeks, tuple(questions), total)
