"""The built-in question bank, turned into positions and questions."""

from __future__ import annotations

from ..analysis.question_bank import QuestionBank, QuestionTemplate, default_question_bank
from .errors import NotFound
from .positions import PositionInput, QuestionInput, SkillInput

BEHAVIOURAL_PER_POSITION = 2


def bank() -> QuestionBank:
    return default_question_bank()


def template_choices() -> list[tuple[str, str]]:
    return [(p.key, p.title) for p in bank().positions]


def question_input(q: QuestionTemplate) -> QuestionInput:
    return QuestionInput(
        text=q.text,
        kind=q.kind,
        expected_points=tuple(q.expected_points),
        skills=tuple(q.skills),
        max_duration_s=q.max_duration_s,
        text_zh=q.text_zh or None,
        expected_points_zh=tuple(q.expected_points_zh),
        bank_key=q.key,
    )


def position_input(key: str, *, title: str | None = None, description: str | None = None) -> PositionInput:
    template = next((p for p in bank().positions if p.key == key), None)
    if template is None:
        raise NotFound("No such template in the question bank.")
    questions = [question_input(q) for q in template.questions]
    questions += [question_input(q) for q in bank().behavioural[:BEHAVIOURAL_PER_POSITION]]
    return PositionInput(
        title=title or template.title,
        description=description if description is not None else template.description,
        skills=[SkillInput(s.name, float(s.weight)) for s in template.skills],
        questions=questions,
        competency_weights=dict(template.competency_weights),
        template_key=template.key,
    )


def find_question(key: str) -> QuestionTemplate:
    for q in all_questions():
        if q.key == key:
            return q
    raise NotFound("No such question in the bank.")


def all_questions() -> list[QuestionTemplate]:
    result = [q for p in bank().positions for q in p.questions]
    return result + list(bank().behavioural)
