"""Positions, their skills and their questions: create, change, list.

Input is checked by ``position_rules`` (the same rules for the web forms and
the JSON API) before anything is written.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Position, PositionSkill, Question
from ..models.base import utcnow
from .errors import NotFound
from .position_rules import (  # noqa: F401  (the input types, re-exported for callers)
    DEFAULT_WEIGHT,
    InvalidInput,
    PositionInput,
    Problem,
    QuestionInput,
    SkillInput,
    check_room_for_question,
    validate_changes,
    validate_position,
    validate_question,
)

log = logging.getLogger(__name__)


def create_position(data: PositionInput, *, created_by_id: int | None = None) -> Position:
    data = validate_position(data)
    position = Position(
        title=data.title,
        description=data.description,
        template_key=data.template_key,
        competency_weights=dict(data.competency_weights),
        practice_mode=data.practice_mode,
        created_by_id=created_by_id,
    )
    position.skills = [PositionSkill(name=s.name, weight=s.weight) for s in data.skills]
    for order, q in enumerate(data.questions):
        position.questions.append(_question_row(q, order))
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
    title, description, checked = validate_changes(title, description, skills)
    position.title = title
    position.description = description
    position.practice_mode = practice_mode
    wanted = {s.name.casefold(): s for s in checked}
    for row in list(position.skills):
        if row.name.casefold() not in wanted:
            position.skills.remove(row)
    existing = {row.name.casefold(): row for row in position.skills}
    for key, skill in wanted.items():
        if key in existing:
            existing[key].weight = skill.weight
        else:
            position.skills.append(PositionSkill(name=skill.name, weight=skill.weight))
    db.session.commit()
    return position


def add_question(position: Position, data: QuestionInput) -> Question:
    check_room_for_question(len(position.active_questions))
    order = max((q.sort_order for q in position.questions), default=-1) + 1
    question = _question_row(validate_question(data), order)
    position.questions.append(question)
    db.session.commit()
    return question


def archive_question(position: Position, question_id: int) -> None:
    """Questions already asked stay in the database for the reports that cite them."""
    question = db.session.get(Question, question_id)
    if question is None or question.position_id != position.id:
        raise NotFound(_("No such question in this position."))
    question.archived_at = utcnow()
    db.session.commit()


def move_question(position: Position, question_id: int, offset: int) -> None:
    questions = position.active_questions
    ids = [q.id for q in questions]
    if question_id not in ids:
        raise NotFound(_("No such question in this position."))
    i = ids.index(question_id)
    j = max(0, min(len(ids) - 1, i + offset))
    questions.insert(j, questions.pop(i))
    for order, q in enumerate(questions):
        q.sort_order = order
    db.session.commit()


def get_position(position_id: int) -> Position:
    position = db.session.get(Position, position_id)
    if position is None:
        raise NotFound(_("No position with this id."))
    return position


def list_positions(include_archived: bool = False) -> list[Position]:
    stmt = select(Position).order_by(Position.created_at.desc(), Position.id.desc())
    if not include_archived:
        stmt = stmt.where(Position.archived_at.is_(None))
    return list(db.session.scalars(stmt))
