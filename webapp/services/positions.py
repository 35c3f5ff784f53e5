"""Positions, their skills and their questions."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from ..extensions import db
from ..models import Position, PositionSkill, Question
from ..models.base import utcnow
from ..models.interviews import QUESTION_KINDS
from .errors import NotFound, ServiceError

log = logging.getLogger(__name__)

MAX_SKILLS = 40
MAX_QUESTIONS = 30


@dataclass(frozen=True)
class SkillInput:
    name: str
    weight: float = 1.0


@dataclass(frozen=True)
class QuestionInput:
    text: str
    kind: str = "technical"
    expected_points: Sequence[str] = ()
    skills: Sequence[str] = ()
    max_duration_s: int = 180
    text_zh: str | None = None
    expected_points_zh: Sequence[str] = ()
    bank_key: str | None = None


@dataclass(frozen=True)
class PositionInput:
    title: str
    description: str = ""
    skills: Sequence[SkillInput] = ()
    questions: Sequence[QuestionInput] = ()
    competency_weights: Mapping[str, float] = field(default_factory=dict)
    practice_mode: bool = False
    template_key: str | None = None


def _clean_lines(values: Iterable[str]) -> list[str]:
    return [v.strip() for v in values if v and v.strip()]


def validate_skills(skills: Sequence[SkillInput]) -> list[SkillInput]:
    seen: dict[str, SkillInput] = {}
    for skill in skills:
        name = skill.name.strip()
        if not name:
            continue
        if len(name) > 80:
            raise ServiceError(f"Skill name too long: {name[:40]}…")
        if not 0 < skill.weight <= 5:
            raise ServiceError(f"Skill weight for {name} must be between 0 and 5.")
        seen.setdefault(name.lower(), SkillInput(name, float(skill.weight)))
    if len(seen) > MAX_SKILLS:
        raise ServiceError(f"At most {MAX_SKILLS} skills per position.")
    return list(seen.values())


def validate_question(q: QuestionInput) -> QuestionInput:
    text = q.text.strip()
    if not text:
        raise ServiceError("A question needs its text.")
    if len(text) > 2000:
        raise ServiceError("A question may be at most 2,000 characters.")
    if q.kind not in QUESTION_KINDS:
        raise ServiceError(f"Question kind must be one of: {', '.join(QUESTION_KINDS)}.")
    if not 15 <= int(q.max_duration_s) <= 900:
        raise ServiceError("The answer time limit must be between 15 seconds and 15 minutes.")
    return QuestionInput(
        text=text,
        kind=q.kind,
        expected_points=_clean_lines(q.expected_points)[:10],
        skills=_clean_lines(q.skills)[:10],
        max_duration_s=int(q.max_duration_s),
        text_zh=(q.text_zh or "").strip() or None,
        expected_points_zh=_clean_lines(q.expected_points_zh)[:10],
        bank_key=q.bank_key,
    )


def create_position(data: PositionInput, *, created_by_id: int | None = None) -> Position:
    title = data.title.strip()
    if not title:
        raise ServiceError("A position needs a title.")
    if len(data.questions) > MAX_QUESTIONS:
        raise ServiceError(f"At most {MAX_QUESTIONS} questions per position.")
    position = Position(
        title=title[:200],
        description=data.description.strip(),
        template_key=data.template_key,
        competency_weights=dict(data.competency_weights),
        practice_mode=data.practice_mode,
        created_by_id=created_by_id,
    )
    position.skills = [PositionSkill(name=s.name, weight=s.weight) for s in validate_skills(data.skills)]
    for order, q in enumerate(data.questions):
        position.questions.append(_question_row(validate_question(q), order))
    db.session.add(position)
    db.session.commit()
    log.info("position created position_id=%s questions=%s", position.id, len(position.questions))
    return position


def _question_row(q: QuestionInput, order: int) -> Question:
    return Question(
        sort_order=order,
        kind=q.kind,
        text=q.text,
        text_zh=q.text_zh,
        expected_points=list(q.expected_points),
        expected_points_zh=list(q.expected_points_zh),
        skills=list(q.skills),
        max_duration_s=q.max_duration_s,
        bank_key=q.bank_key,
    )


def update_position(
    position: Position,
    *,
    title: str,
    description: str,
    skills: Sequence[SkillInput],
    practice_mode: bool,
) -> Position:
    if not title.strip():
        raise ServiceError("A position needs a title.")
    position.title = title.strip()[:200]
    position.description = description.strip()
    position.practice_mode = practice_mode
    wanted = {s.name.lower(): s for s in validate_skills(skills)}
    for row in list(position.skills):
        if row.name.lower() not in wanted:
            position.skills.remove(row)
    existing = {row.name.lower(): row for row in position.skills}
    for key, skill in wanted.items():
        if key in existing:
            existing[key].weight = skill.weight
        else:
            position.skills.append(PositionSkill(name=skill.name, weight=skill.weight))
    db.session.commit()
    return position


def add_question(position: Position, data: QuestionInput) -> Question:
    if len(position.active_questions) >= MAX_QUESTIONS:
        raise ServiceError(f"At most {MAX_QUESTIONS} questions per position.")
    order = max((q.sort_order for q in position.questions), default=-1) + 1
    question = _question_row(validate_question(data), order)
    position.questions.append(question)
    db.session.commit()
    return question


def archive_question(position: Position, question_id: int) -> None:
    """Questions already asked stay in the database for the reports that cite them."""
    question = db.session.get(Question, question_id)
    if question is None or question.position_id != position.id:
        raise NotFound("No such question in this position.")
    question.archived_at = utcnow()
    db.session.commit()


def move_question(position: Position, question_id: int, offset: int) -> None:
    questions = position.active_questions
    ids = [q.id for q in questions]
    if question_id not in ids:
        raise NotFound("No such question in this position.")
    i = ids.index(question_id)
    j = max(0, min(len(ids) - 1, i + offset))
    questions.insert(j, questions.pop(i))
    for order, q in enumerate(questions):
        q.sort_order = order
    db.session.commit()


def get_position(position_id: int) -> Position:
    position = db.session.get(Position, position_id)
    if position is None:
        raise NotFound("No position with this id.")
    return position


def list_positions(include_archived: bool = False) -> list[Position]:
    stmt = select(Position).order_by(Position.created_at.desc(), Position.id.desc())
    if not include_archived:
        stmt = stmt.where(Position.archived_at.is_(None))
    return list(db.session.scalars(stmt))
