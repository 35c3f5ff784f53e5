"""Competency scores from analysed answers (version 1: content signals).

Every competency score is the weighted mean of *components*: one measured signal turned into
0-100, with its weight, the number or code it came from, a quote from the answer and a hint code
for improving it. A competency with no component is None ("not measured"), never 0. Voice and
video analysis plug in later by passing their own components to `score_answer(extra=...)`;
nothing here needs to change for that.

Content rules, version 1 (`SCORING_VERSION`):

* professional_knowledge (technical questions): coverage of expected points 0.5, relevance 0.3,
  specificity 0.2.
* logical_thinking: connectives 0.35 (0 distinct -> 40, +20 each, 3+ -> 100), sentence length
  0.15 (mean 6-30 words -> 100, longer loses 4 per word), STAR completeness 0.5 on behavioural
  questions (found 1, weak 0.5, out of 4), relevance 0.2 on technical ones.
* problem_solving: behavioural: actions and result 0.65 (action 50 + result 50, weak result 25),
  specificity 0.35; technical: coverage 0.4, specificity 0.3, relevance 0.3.
* communication (typed answers only; spoken ones are left to the voice analysis): length 0.4
  (adequate 100; too short: value/minimum; too long: down to 40), sentence length 0.3,
  vocabulary 0.3 (MATTR 0.50 -> 40 .. 0.72 -> 100).
* specificity: min(figures, 2) + min(named tools, 3) + min(example markers, 1), out of 6.
* skill_match, composure, presence: not measured from content.

A competency under 70 (or with a component under 50) gets the hint of the component with the
largest weighted shortfall, weight * (100 - score): the change that would move it most.

`score_session` averages each competency over the answers that measured it, and combines the
competencies with the position's weights, renormalised over those measured, into an overall
score and a recommendation band (>= 75 strong_match, >= 55 possible_match, else weak_match).
The band is a recommendation for a person to review, not a decision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from webapp.analysis.content_types import Serialisable

if TYPE_CHECKING:
    from webapp.analysis.content_types import ContentAnalysis
    from webapp.analysis.question_bank import QuestionSpec

SCORING_VERSION = "1.0"
COMPETENCIES = (
    "professional_knowledge",
    "skill_match",
    "communication",
    "logical_thinking",
    "problem_solving",
    "composure",
    "presence",
)
IMPROVE_BELOW = 70.0  # a competency under this gets a how_to_improve hint
BANDS = ((75.0, "strong_match"), (55.0, "possible_match"), (0.0, "weak_match"))


@dataclass(frozen=True)
class Evidence(Serialisable):
    """One component of a competency score: what moved it, by how much, and why."""

    competency: str
    code: str  # e.g. "coverage", "star", "length", "connectives"
    score: float  # this component's 0-100
    weight: float
    value: float | int | str | None  # the measured number or code
    quote: str | None = None  # the sentence from the answer that shows it
    hint: str | None = None  # how_to_improve code if this component is the weakest
    source: str = "content"  # content | voice | video | resume
    question_key: str = ""


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
    notes: tuple[str, ...]  # codes such as "empty_answer"

    def get(self, competency: str) -> CompetencyScore:
        return next(c for c in self.competencies if c.competency == competency)


@dataclass(frozen=True)
class SessionScores(Serialisable):
    scoring_version: str
    competencies: tuple[CompetencyScore, ...]
    overall: float | None
    band: str | None
    weights: dict[str, float]  # the weights used, renormalised over measured competencies
    answers: int

    def get(self, competency: str) -> CompetencyScore:
        return next(c for c in self.competencies if c.competency == competency)


def _clip(value: float) -> float:
    return float(max(0.0, min(100.0, value)))


def _specificity_score(content: ContentAnalysis) -> tuple[float, str]:
    spec = content.specificity
    units = min(len(spec.numbers), 2) + min(len(spec.tools), 3) + min(len(spec.examples), 1)
    return 100.0 * units / 6, f"{len(spec.numbers)} figures, {len(spec.tools)} tools, {len(spec.examples)} examples"


def _sentence_score(content: ContentAnalysis) -> float:
    mean = content.structure.mean_sentence_words
    return 100.0 if mean <= 30 else _clip(100.0 - 4 * (mean - 30))


def content_components(
    question: QuestionSpec, content: ContentAnalysis, answer_mode: Literal["typed", "spoken"] = "typed"
) -> list[Evidence]:
    """Turn one content analysis into score components (empty for an empty answer)."""
    if content.status != "ok":
        return []
    key = question.key
    out: list[Evidence] = []

    def add(competency: str, code: str, score: float, weight: float, value, quote=None, hint=None) -> None:
        out.append(Evidence(competency, code, round(_clip(score), 1), weight, value, quote, hint, "content", key))

    rel = content.relevance
    spec_score, spec_value = _specificity_score(content)
    spec_quote = content.specificity.quotes[0] if content.specificity.quotes else None
    cov = content.coverage
    behavioural = question.kind == "behavioural"
    connectives = content.structure.connectives
    first_covered = next((p.sentence for p in cov.points if p.status == "covered"), None) if cov else None

    if not behavioural:
        if cov is not None:
            add("professional_knowledge", "coverage", 100 * cov.ratio, 0.5,
                f"{cov.covered} covered, {cov.partial} partial, {cov.missed} missed", first_covered, "cover_expected_points")
        add("professional_knowledge", "relevance", 100 * rel.score, 0.3, rel.band, rel.best_sentence, "answer_the_question")
        add("professional_knowledge", "specificity", spec_score, 0.2, spec_value, spec_quote, "give_concrete_examples")

    add("logical_thinking", "connectives", 40 + 20 * len(connectives), 0.35, ", ".join(connectives) or "none",
        None, "use_signposting")
    add("logical_thinking", "sentence_length", _sentence_score(content), 0.15,
        content.structure.mean_sentence_words, None, "use_shorter_sentences")
    if behavioural and content.star is not None:
        star = content.star
        missing = [e.element for e in star.elements if e.status != "found"]
        hint = "state_the_result" if missing == ["result"] else "use_star_structure"
        add("logical_thinking", "star", 100 * (star.found + 0.5 * star.weak) / 4, 0.5,
            "missing: " + ", ".join(missing) if missing else "complete", None, hint)
        by = {e.element: e for e in star.elements}
        result_credit = {"found": 50, "weak": 25, "missing": 0}[by["result"].status]
        action_credit = 50 if by["action"].status == "found" else 0
        add("problem_solving", "actions_and_result", action_credit + result_credit, 0.65,
            f"action {by['action'].status}, result {by['result'].status}",
            by["result"].sentence or by["action"].sentence,
            "state_the_result" if result_credit < 50 else "describe_your_actions")
        add("problem_solving", "specificity", spec_score, 0.35, spec_value, spec_quote, "quantify_the_result")
    else:
        add("logical_thinking", "relevance", 100 * rel.score, 0.2, rel.band, rel.best_sentence, "answer_the_question")
        if cov is not None:
            add("problem_solving", "coverage", 100 * cov.ratio, 0.4,
                f"{cov.covered} covered, {cov.partial} partial, {cov.missed} missed", first_covered, "cover_expected_points")
        add("problem_solving", "specificity", spec_score, 0.3, spec_value, spec_quote, "give_concrete_examples")
        add("problem_solving", "relevance", 100 * rel.score, 0.3, rel.band, rel.best_sentence, "answer_the_question")

    if answer_mode == "typed":
        length = content.length
        if length.status == "too_short":
            length_score, hint = 100.0 * length.value / length.minimum, "answer_in_more_detail"
        elif length.status == "too_long":
            length_score, hint = max(40.0, 100 - 60 * (length.value - length.maximum) / length.maximum), "be_more_concise"
        else:
            length_score, hint = 100.0, "answer_in_more_detail"
        add("communication", "length", length_score, 0.4, f"{length.value} {length.unit} ({length.status})", None, hint)
        add("communication", "sentence_length", _sentence_score(content), 0.3,
            content.structure.mean_sentence_words, None, "use_shorter_sentences")
        mattr = content.vocabulary.mattr
        add("communication", "vocabulary", 40 + 60 * (mattr - 0.5) / 0.22, 0.3, mattr, None, "vary_your_wording")
    return out


def _combine(competency: str, components: Sequence[Evidence]) -> CompetencyScore:
    mine = [c for c in components if c.competency == competency and c.weight > 0]
    if not mine:
        return CompetencyScore(competency, None, (), None)
    total = sum(c.weight for c in mine)
    score = round(sum(c.score * c.weight for c in mine) / total, 1)
    # The hint that would move the score most: largest weighted shortfall.
    weakest = max(mine, key=lambda c: (c.weight * (100 - c.score), c.code))
    hint = weakest.hint if score < IMPROVE_BELOW or weakest.score < 50 else None
    return CompetencyScore(competency, score, tuple(mine), hint)


def score_answer(
    question: QuestionSpec,
    content: ContentAnalysis | None,
    *,
    answer_mode: Literal["typed", "spoken"] = "typed",
    extra: Sequence[Evidence] = (),
) -> AnswerScores:
    """Score one answer. `extra` carries components from other analyses (voice, video)."""
    notes: list[str] = []
    components: list[Evidence] = []
    if content is None:
        notes.append("no_content_analysis")
    elif content.status == "empty":
        notes.append("empty_answer")
    else:
        components = content_components(question, content, answer_mode)
        if content.relevance is not None and content.relevance.band == "off_topic":
            notes.append("off_topic")
        if content.counts.truncated:
            notes.append("answer_truncated")
    components += list(extra)
    return AnswerScores(
        scoring_version=SCORING_VERSION,
        question_key=question.key,
        competencies=tuple(_combine(c, components) for c in COMPETENCIES),
        notes=tuple(notes),
    )


def _band(score: float) -> str:
    return next(name for floor, name in BANDS if score >= floor)


def score_session(answers: Sequence[AnswerScores], weights: Mapping[str, float]) -> SessionScores:
    """Average each competency over the answers that measured it; weight them into an overall score.

    `weights` maps competency -> weight >= 0 (missing ones count 0; all missing -> equal weights).
    """
    unknown = sorted(set(weights) - set(COMPETENCIES))
    if unknown:
        raise ValueError(f"unknown competencies in weights: {unknown}")
    if any(w < 0 for w in weights.values()):
        raise ValueError("competency weights must be >= 0")
    results = []
    for competency in COMPETENCIES:
        measured = [a.get(competency) for a in answers if a.get(competency).score is not None]
        if not measured:
            results.append(CompetencyScore(competency, None, (), None))
            continue
        score = round(sum(m.score for m in measured) / len(measured), 1)
        evidence = tuple(e for m in measured for e in m.evidence)
        hints = Counter(m.how_to_improve for m in measured if m.how_to_improve)
        # Most frequent hint; ties go to the hint of the weakest answer.
        ranked = sorted(measured, key=lambda m: (m.score, m.how_to_improve or ""))
        order = {m.how_to_improve: i for i, m in reversed(list(enumerate(ranked)))}
        hint = min(hints, key=lambda h: (-hints[h], order.get(h, 0))) if hints and score < IMPROVE_BELOW else None
        results.append(CompetencyScore(competency, score, evidence, hint))
    base = {c: float(weights.get(c, 0.0)) for c in COMPETENCIES} if any(weights.values()) else {c: 1.0 for c in COMPETENCIES}
    measured_weights = {r.competency: base[r.competency] for r in results if r.score is not None and base[r.competency] > 0}
    total = sum(measured_weights.values())
    used = {c: round(w / total, 4) for c, w in measured_weights.items()} if total else {}
    overall = round(sum(r.score * used[r.competency] for r in results if r.competency in used), 1) if used else None
    return SessionScores(
        scoring_version=SCORING_VERSION,
        competencies=tuple(results),
        overall=overall,
        band=_band(overall) if overall is not None else None,
        weights=used,
        answers=len(answers),
    )
