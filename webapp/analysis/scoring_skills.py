"""Skill match: the position's required skills against the answers and the confirmed resume.

An answer gives evidence for the skills its question probes (`QuestionSpec.skills`): the
answer's professional-knowledge score (problem solving for behavioural questions). The resume
gives 100 for a skill it shows, 50 for one only implied by a related skill (Django -> Python),
0 for one it lacks. A skill with both is 0.6 answers + 0.4 resume; with one, that one; with
neither it is not scored (the confidence says so). The competency is the mean of the skill
scores weighted by the position's skill weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from webapp.analysis.scoring_types import AnswerScores, CompetencyScore, Evidence, SkillScore

ANSWERS_SHARE, RESUME_SHARE = 0.6, 0.4
RESUME_POINTS = {"shown": 100.0, "implied": 50.0, "missing": 0.0}
SKILL_GAP_BELOW = 60.0  # a skill under this is a gap the learning path works on


@dataclass(frozen=True)
class ResumeSkill:
    skill: str
    status: str  # shown | implied | missing
    evidence: str | None = None  # the resume line that shows it


@dataclass(frozen=True)
class ResumeSkills:
    """What the candidate's confirmed resume shows of the required skills."""

    skills: tuple[ResumeSkill, ...]

    def get(self, name: str) -> ResumeSkill | None:
        key = name.strip().lower()
        return next((s for s in self.skills if s.skill.strip().lower() == key), None)

    @classmethod
    def from_match(cls, data: Mapping[str, Any] | None) -> ResumeSkills | None:
        """Read the resume match (`SkillMatch.to_dict()` shape: matched/missing hits).

        Anything unreadable gives None: the skill match then rests on the answers alone.
        """
        if not isinstance(data, Mapping):
            return None
        out: list[ResumeSkill] = []
        for key in ("matched", "missing"):
            for hit in data.get(key) or ():
                if not isinstance(hit, Mapping) or not isinstance(hit.get("skill"), str):
                    continue
                credit = hit.get("credit")
                credit = float(credit) if isinstance(credit, (int, float)) else (1.0 if key == "matched" else 0.0)
                status = "missing" if key == "missing" or credit <= 0 else ("shown" if credit >= 1 else "implied")
                evidence = hit.get("evidence")
                if isinstance(evidence, Mapping):
                    evidence = evidence.get("text")
                via = hit.get("via")
                text = evidence if isinstance(evidence, str) else None
                if text and isinstance(via, str) and via.startswith("implied"):
                    text = f"{text} ({via})"
                out.append(ResumeSkill(hit["skill"], status, text))
        return cls(tuple(out)) if out else None


def answer_skill_components(question_key: str, skills: Sequence[str], answer: Sequence[CompetencyScore],
                            behavioural: bool, quote: str | None) -> list[Evidence]:
    """Per-answer evidence for the skills the question probes."""
    basis = "problem_solving" if behavioural else "professional_knowledge"
    score = next((c.score for c in answer if c.competency == basis), None)
    if score is None:
        return []
    return [
        Evidence("skill_match", "skill_in_answer", score, 1.0, skill, quote, "show_required_skills", "answers",
                 question_key)
        for skill in dict.fromkeys(s.strip() for s in skills if s.strip())
    ]


def skill_scores(answers: Sequence[AnswerScores], required: Sequence[tuple[str, float]],
                 resume: ResumeSkills | None) -> tuple[SkillScore, ...]:
    out = []
    for name, weight in required:
        key = name.strip().lower()
        found = [e for a in answers for e in a.get("skill_match").evidence
                 if e.code == "skill_in_answer" and str(e.value).strip().lower() == key]
        answer_score = round(sum(e.score for e in found) / len(found), 1) if found else None
        hit = resume.get(name) if resume is not None else None
        status = hit.status if hit is not None else ("missing" if resume is not None else "unknown")
        resume_points = RESUME_POINTS.get(status)
        if answer_score is not None and resume_points is not None:
            score = round(ANSWERS_SHARE * answer_score + RESUME_SHARE * resume_points, 1)
        else:
            score = answer_score if answer_score is not None else resume_points
        out.append(SkillScore(
            skill=name, weight=float(weight), score=score, answer_score=answer_score,
            answer_questions=tuple(dict.fromkeys(e.question_key for e in found)), resume=status,
            resume_evidence=hit.evidence if hit is not None else None,
        ))
    return tuple(out)


def skill_match_competency(skills: Sequence[SkillScore], answers: Sequence[AnswerScores]) -> CompetencyScore:
    quotes = {(e.question_key, str(e.value).lower()): e.quote for a in answers
              for e in a.get("skill_match").evidence if e.code == "skill_in_answer"}
    evidence = []
    for s in skills:
        if s.score is None or s.weight <= 0:
            continue
        parts = []
        if s.answer_score is not None:
            parts.append(f"answers {s.answer_score:.0f}")
        if s.resume != "unknown":
            parts.append(f"resume: {s.resume}")
        source = "+".join(x for x, on in (("answers", s.answer_score is not None), ("resume", s.resume != "unknown")) if on)
        quote = s.resume_evidence or next((quotes.get((q, s.skill.lower())) for q in s.answer_questions
                                           if quotes.get((q, s.skill.lower()))), None)
        evidence.append(Evidence("skill_match", "skill", s.score, s.weight, f"{s.skill} ({', '.join(parts)})", quote,
                                 "show_required_skills", source, s.answer_questions[0] if s.answer_questions else "",
                                 f">= {SKILL_GAP_BELOW:.0f}"))
    if not evidence:
        return CompetencyScore("skill_match", None, (), None)
    total = sum(e.weight for e in evidence)
    score = round(sum(e.score * e.weight for e in evidence) / total, 1)
    weak = [e for e in evidence if e.score < SKILL_GAP_BELOW]
    return CompetencyScore("skill_match", score, tuple(evidence), "show_required_skills" if weak or score < 70 else None)
