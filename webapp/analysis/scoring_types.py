"""Result types of the competency scoring: frozen, JSON-friendly (`to_dict` / `from_dict`).

They live apart from the rules so that the content, voice, video and skill rules can each
sit in a module of their own and share them without importing one another.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from webapp.analysis.content_types import Serialisable

COMPETENCIES = (
    "professional_knowledge",
    "skill_match",
    "communication",
    "logical_thinking",
    "problem_solving",
    "composure",
    "presence",
)


def clip(value: float) -> float:
    return float(max(0.0, min(100.0, value)))


@dataclass(frozen=True)
class Evidence(Serialisable):
    """One component of a competency score: what moved it, by how much, and why."""

    competency: str
    code: str  # e.g. "coverage", "pace", "eye_contact"
    score: float  # this component's 0-100
    weight: float
    value: float | int | str | None  # the measured number or code, as shown to the reader
    quote: str | None = None  # the sentence from the answer (or resume line) that shows it
    hint: str | None = None  # how_to_improve code if this component is the weakest
    source: str = "content"  # content | voice | video | resume | answers
    question_key: str = ""
    target: str | None = None  # the reference the value is held against, e.g. "100-165 wpm"
    spans: tuple[tuple[float, float], ...] = ()  # timestamps (seconds) behind the value


@dataclass(frozen=True)
class CompetencyScore(Serialisable):
    competency: str
    score: float | None  # None: not measured
    evidence: tuple[Evidence, ...]
    how_to_improve: str | None


@dataclass(frozen=True)
class AnswerScores(Serialisable):
    scoring_version: str
    question_key: str
    competencies: tuple[CompetencyScore, ...]  # one per COMPETENCIES, in that order
    notes: tuple[str, ...]  # codes such as "empty_answer", "no_speech"
    answer_mode: str = "typed"  # typed | audio | video
    # How much of what this kind of answer should give was there to measure, 0..1,
    # and the codes of what was missing or unreliable ("no_speech", "no_face_data"...).
    completeness: float = 1.0
    missing: tuple[str, ...] = ()

    def get(self, competency: str) -> CompetencyScore:
        return next(c for c in self.competencies if c.competency == competency)


@dataclass(frozen=True)
class Confidence(Serialisable):
    """How far the overall score can be trusted: missing data lowers this, never the score."""

    score: float  # 0-100
    level: str  # high | medium | low
    data_completeness: float  # mean answer completeness over the questions asked, 0..1
    weight_coverage: float  # share of the position's competency weight that was measured, 0..1
    reasons: tuple[tuple[str, str], ...] = ()  # (code, value) pairs, e.g. ("unanswered", "2")


@dataclass(frozen=True)
class SkillScore(Serialisable):
    """One required skill of the position, scored from the answers and the resume."""

    skill: str
    weight: float  # the position's weight, 1-5
    score: float | None  # None: nothing showed it either way
    answer_score: float | None  # mean of the answers probing it
    answer_questions: tuple[str, ...]  # question keys of those answers
    resume: str  # shown | implied | missing | unknown (no confirmed resume)
    resume_evidence: str | None = None


@dataclass(frozen=True)
class SessionScores(Serialisable):
    scoring_version: str
    competencies: tuple[CompetencyScore, ...]
    overall: float | None
    band: str | None
    weights: dict[str, float]  # the weights used, renormalised over measured competencies
    answers: int
    confidence: Confidence | None = None
    band_reasons: tuple[tuple[str, str], ...] = ()  # (code, value) pairs, read by the report
    skills: tuple[SkillScore, ...] = field(default=())

    def get(self, competency: str) -> CompetencyScore:
        return next(c for c in self.competencies if c.competency == competency)
