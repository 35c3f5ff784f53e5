"""The built-in question bank (`webapp/data/question_bank.json`) as validated frozen dataclasses.

`QuestionSpec` is what the content analysis needs to know about any question, from the bank or
written by HR; `QuestionTemplate` adds the bank's presentation fields. Loading checks the whole
file and reports every problem at once, each with its location, so a bad edit fails loudly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

QuestionKind = Literal["technical", "behavioural"]
KINDS = ("technical", "behavioural")
DEFAULT_BANK_PATH = Path(__file__).resolve().parent.parent / "data" / "question_bank.json"
MIN_POINTS, MAX_POINTS = 3, 5
MIN_DURATION_S, MAX_DURATION_S = 30, 600


class QuestionBankError(ValueError):
    """The question bank file is malformed; the message lists every problem found."""


@dataclass(frozen=True)
class QuestionSpec:
    """A question as the content analysis sees it. Only `text` and `kind` are required."""

    text: str
    kind: QuestionKind = "technical"
    key: str = ""
    text_zh: str = ""
    expected_points: tuple[str, ...] = ()
    expected_points_zh: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()

    def text_for(self, language: str) -> str:
        """The question in the answer's language when the bank has it."""
        if language in ("zh", "mixed") and self.text_zh:
            return self.text_zh
        return self.text or self.text_zh

    def points_for(self, language: str) -> tuple[str, ...]:
        if language in ("zh", "mixed") and self.expected_points_zh:
            return self.expected_points_zh
        return self.expected_points or self.expected_points_zh

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QuestionSpec:
        return cls(
            text=str(data.get("text", "")),
            kind=data.get("kind", "technical"),
            key=str(data.get("key", "")),
            text_zh=str(data.get("text_zh", "")),
            expected_points=tuple(data.get("expected_points", ())),
            expected_points_zh=tuple(data.get("expected_points_zh", ())),
            skills=tuple(data.get("skills", ())),
        )


@dataclass(frozen=True)
class QuestionTemplate:
    key: str
    kind: QuestionKind
    text: str
    text_zh: str
    expected_points: tuple[str, ...]
    expected_points_zh: tuple[str, ...]
    skills: tuple[str, ...]
    max_duration_s: int

    def spec(self) -> QuestionSpec:
        return QuestionSpec(
            text=self.text,
            kind=self.kind,
            key=self.key,
            text_zh=self.text_zh,
            expected_points=self.expected_points,
            expected_points_zh=self.expected_points_zh,
            skills=self.skills,
        )


@dataclass(frozen=True)
class SkillWeight:
    name: str
    weight: int  # 1 (nice to have) .. 5 (essential)


@dataclass(frozen=True)
class PositionTemplate:
    key: str
    title: str
    title_zh: str
    description: str
    description_zh: str
    skills: tuple[SkillWeight, ...]
    competency_weights: dict[str, float] = field(hash=False)  # read-only by convention
    questions: tuple[QuestionTemplate, ...]  # technical questions for this position


@dataclass(frozen=True)
class QuestionBank:
    version: int
    positions: tuple[PositionTemplate, ...]
    behavioural: tuple[QuestionTemplate, ...]  # shared by every position

    def position(self, key: str) -> PositionTemplate:
        for position in self.positions:
            if position.key == key:
                return position
        raise KeyError(key)

    def questions(self) -> tuple[QuestionTemplate, ...]:
        return tuple(q for p in self.positions for q in p.questions) + self.behavioural

    def question(self, key: str) -> QuestionTemplate:
        for question in self.questions():
            if question.key == key:
                return question
        raise KeyError(key)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def text(self, where: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            self.problems.append(f"{where}: expected a non-empty string, got {value!r}")
            return ""
        return value.strip()

    def strings(self, where: str, value: Any, low: int, high: int) -> tuple[str, ...]:
        if not isinstance(value, list) or not low <= len(value) <= high:
            count = len(value) if isinstance(value, list) else type(value).__name__
            self.problems.append(f"{where}: expected a list of {low}-{high} strings, got {count}")
            return ()
        return tuple(self.text(f"{where}[{i}]", v) for i, v in enumerate(value))


def _question(check: _Checker, where: str, raw: Any) -> QuestionTemplate | None:
    if not isinstance(raw, dict):
        check.problems.append(f"{where}: expected an object")
        return None
    kind = raw.get("kind")
    if kind not in KINDS:
        check.problems.append(f"{where}.kind: expected one of {KINDS}, got {kind!r}")
    duration = raw.get("max_duration_s")
    if not isinstance(duration, int) or not MIN_DURATION_S <= duration <= MAX_DURATION_S:
        check.problems.append(f"{where}.max_duration_s: expected {MIN_DURATION_S}-{MAX_DURATION_S}, got {duration!r}")
        duration = 0
    points = check.strings(f"{where}.expected_points", raw.get("expected_points"), MIN_POINTS, MAX_POINTS)
    points_zh = check.strings(f"{where}.expected_points_zh", raw.get("expected_points_zh"), MIN_POINTS, MAX_POINTS)
    if points and points_zh and len(points) != len(points_zh):
        check.problems.append(f"{where}: expected_points and expected_points_zh differ in length")
    return QuestionTemplate(
        key=check.text(f"{where}.key", raw.get("key")),
        kind=kind if kind in KINDS else "technical",
        text=check.text(f"{where}.text", raw.get("text")),
        text_zh=check.text(f"{where}.text_zh", raw.get("text_zh")),
        expected_points=points,
        expected_points_zh=points_zh,
        skills=check.strings(f"{where}.skills", raw.get("skills"), 1, 8),
        max_duration_s=duration,
    )


def _position(check: _Checker, where: str, raw: Any, competencies: tuple[str, ...]) -> PositionTemplate | None:
    if not isinstance(raw, dict):
        check.problems.append(f"{where}: expected an object")
        return None
    skills: list[SkillWeight] = []
    for i, item in enumerate(raw.get("skills") or []):
        weight = item.get("weight") if isinstance(item, dict) else None
        if not isinstance(weight, int) or not 1 <= weight <= 5:
            check.problems.append(f"{where}.skills[{i}].weight: expected an integer 1-5, got {weight!r}")
            continue
        skills.append(SkillWeight(check.text(f"{where}.skills[{i}].name", item.get("name")), weight))
    if not skills:
        check.problems.append(f"{where}.skills: expected at least one skill")
    weights = raw.get("competency_weights") or {}
    unknown = sorted(set(weights) - set(competencies))
    if unknown:
        check.problems.append(f"{where}.competency_weights: unknown competencies {unknown}")
    if any(not isinstance(v, (int, float)) or v < 0 for v in weights.values()):
        check.problems.append(f"{where}.competency_weights: weights must be numbers >= 0")
    raw_questions = raw.get("questions")
    if not isinstance(raw_questions, list) or not 6 <= len(raw_questions) <= 8:
        check.problems.append(f"{where}.questions: expected 6-8 questions")
        raw_questions = raw_questions if isinstance(raw_questions, list) else []
    questions = [_question(check, f"{where}.questions[{i}]", q) for i, q in enumerate(raw_questions)]
    names = {s.name for s in skills}
    for i, question in enumerate(questions):
        if question is None:
            continue
        if question.kind != "technical":
            check.problems.append(f"{where}.questions[{i}].kind: position questions must be technical")
        missing = [s for s in question.skills if s not in names]
        if missing:
            check.problems.append(f"{where}.questions[{i}].skills: {missing} not among the position's skills")
    return PositionTemplate(
        key=check.text(f"{where}.key", raw.get("key")),
        title=check.text(f"{where}.title", raw.get("title")),
        title_zh=check.text(f"{where}.title_zh", raw.get("title_zh")),
        description=check.text(f"{where}.description", raw.get("description")),
        description_zh=check.text(f"{where}.description_zh", raw.get("description_zh")),
        skills=tuple(skills),
        competency_weights={k: float(v) for k, v in weights.items() if k in competencies},
        questions=tuple(q for q in questions if q is not None),
    )


def parse_question_bank(data: Any) -> QuestionBank:
    from webapp.analysis.scoring import COMPETENCIES

    check = _Checker()
    if not isinstance(data, dict):
        raise QuestionBankError("question bank: expected a JSON object at the top level")
    behavioural = [_question(check, f"behavioural_questions[{i}]", q) for i, q in enumerate(data.get("behavioural_questions") or [])]
    if len(behavioural) < 8:
        check.problems.append(f"behavioural_questions: expected at least 8, got {len(behavioural)}")
    for i, question in enumerate(behavioural):
        if question is not None and question.kind != "behavioural":
            check.problems.append(f"behavioural_questions[{i}].kind: expected 'behavioural'")
    positions = [_position(check, f"positions[{i}]", p, COMPETENCIES) for i, p in enumerate(data.get("positions") or [])]
    if len(positions) < 3:
        check.problems.append(f"positions: expected at least 3, got {len(positions)}")
    bank = QuestionBank(
        version=int(data.get("version", 0)),
        positions=tuple(p for p in positions if p is not None),
        behavioural=tuple(q for q in behavioural if q is not None),
    )
    for kind, keys in (("question", [q.key for q in bank.questions()]), ("position", [p.key for p in bank.positions])):
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            check.problems.append(f"duplicate {kind} keys: {duplicates}")
    if check.problems:
        raise QuestionBankError("question bank is invalid:\n  " + "\n  ".join(check.problems))
    return bank


def load_question_bank(path: Path | str | None = None) -> QuestionBank:
    path = Path(path) if path is not None else DEFAULT_BANK_PATH
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise QuestionBankError(f"cannot read question bank {path}: {exc}") from exc
    return parse_question_bank(data)


@lru_cache(maxsize=1)
def default_question_bank() -> QuestionBank:
    """The shipped bank, parsed once per process."""
    return load_question_bank()
