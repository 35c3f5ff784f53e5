"""Competency scores from analysed answers (version 2: content, voice, video, skills).

Every competency score is the weighted mean of *components*: one measured signal turned into
0-100, with its weight, the figure it came from, a quote or timestamps from the answer, the
reference it is held against and a hint code for improving it. A competency with no component
is None ("not measured"), never 0. The README's "Scoring rules" section states every rule with
its thresholds and their sources; the constants live beside the rules:

* content (this module): professional knowledge, logical thinking, problem solving, and
  communication of typed answers (see `content_components`);
* voice and video (`scoring_media`): communication and composure of spoken answers, presence
  when the face could be tracked;
* skill match (`scoring_skills`): the position's skills against the answers and the resume.

Missing data never lowers a score: an answer without speech or without a trackable face gets
no such components, and the session's `Confidence` (data completeness times the share of the
position's competency weight that could be measured) says how much the overall rests on.

`score_session` averages each competency over the answers that measured it, scores the skills,
and combines the competencies with the position's weights, renormalised over those measured,
into an overall score and a recommendation band (>= 75 strong_match, >= 55 possible_match,
else weak_match), with the reasons. The band is a recommendation for a person to review, not a
decision. The same input always gives the same scores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from webapp.analysis import scoring_media, scoring_skills
from webapp.analysis.scoring_types import (
    COMPETENCIES,
    AnswerScores,
    CompetencyScore,
    Confidence,
    Evidence,
    SessionScores,
    SkillScore,
    clip,
)

if TYPE_CHECKING:
    from webapp.analysis.content_types import ContentAnalysis
    from webapp.analysis.media.speech import SpeechAnalysis
    from webapp.analysis.media.video import VideoAnalysis
    from webapp.analysis.question_bank import QuestionSpec

__all__ = [
    "BANDS", "COMPETENCIES", "SCORING_VERSION", "AnswerScores", "CompetencyScore", "Confidence", "Evidence",
    "SessionScores", "SkillScore", "content_components", "score_answer", "score_session",
]

SCORING_VERSION = "2.0"
IMPROVE_BELOW = 70.0  # a competency under this gets a how_to_improve hint
BANDS = ((75.0, "strong_match"), (55.0, "possible_match"), (0.0, "weak_match"))
CONFIDENCE_LEVELS = ((75.0, "high"), (50.0, "medium"), (0.0, "low"))
# Parts of an answer, by what they weigh in its completeness.
PART_WEIGHTS = {"content": 2.0, "voice": 1.0, "video": 1.0}
AnswerMode = Literal["typed", "spoken", "audio", "video"]
_clip = clip


def _specificity_score(content: ContentAnalysis) -> tuple[float, str]:
    spec = content.specificity
    units = min(len(spec.numbers), 2) + min(len(spec.tools), 3) + min(len(spec.examples), 1)
    return 100.0 * units / 6, f"{len(spec.numbers)} figures, {len(spec.tools)} tools, {len(spec.examples)} examples"


def _sentence_score(content: ContentAnalysis) -> float:
    mean = content.structure.mean_sentence_words
    return 100.0 if mean <= 30 else _clip(100.0 - 4 * (mean - 30))


OFF_TOPIC_CAPPED = ("professional_knowledge", "logical_thinking", "problem_solving")
# Relevance under this (half the content analysis's off-topic threshold of 0.2) is clearly off
# topic: the relevance model puts unrelated small talk at 0.0, but also gives some sound
# behavioural stories 0.1-0.2, which must not lose their structure credit.
CLEARLY_OFF_TOPIC = 0.1
# What each content component is held against, shown beside its value.
CONTENT_TARGETS = {
    "coverage": "every expected point",
    "relevance": "relevance >= 50 is on topic",
    "specificity": "2 figures, 3 named tools, 1 example",
    "connectives": "3 or more distinct",
    "sentence_length": "<= 30 words on average",
    "star": "situation, task, action, result",
    "actions_and_result": "own actions and a measured result",
    "vocabulary": "MATTR >= 0.72",
}


def content_components(question: QuestionSpec, content: ContentAnalysis, answer_mode: str = "typed") -> list[Evidence]:
    """Turn one content analysis into score components (empty for an empty answer).

    Communication comes from the text only for typed answers; spoken ones get it from the voice.
    """
    if content.status != "ok":
        return []
    key = question.key
    out: list[Evidence] = []

    rel = content.relevance
    # A clearly off-topic answer earns no knowledge, reasoning or problem-solving credit beyond
    # its relevance: a well-structured story about cooking says nothing about those.
    cap = 100 * rel.score if rel is not None and rel.score < CLEARLY_OFF_TOPIC else None

    def add(competency: str, code: str, score: float, weight: float, value, quote=None, hint=None, target=None) -> None:
        if cap is not None and competency in OFF_TOPIC_CAPPED and code != "relevance" and score > cap:
            score, value = cap, f"{value}; capped at {cap:.0f}: clearly off topic"
        out.append(Evidence(competency, code, round(_clip(score), 1), weight, value, quote, hint, "content", key,
                            target or CONTENT_TARGETS.get(code)))

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
        add("communication", "length", length_score, 0.4, f"{length.value} {length.unit} ({length.status})", None, hint,
            f"{length.minimum}-{length.maximum} {length.unit}")
        add("communication", "sentence_length", _sentence_score(content), 0.3,
            content.structure.mean_sentence_words, None, "use_shorter_sentences")
        mattr = content.vocabulary.mattr
        add("communication", "vocabulary", 40 + 60 * (mattr - 0.5) / 0.22, 0.3, round(mattr, 2), None, "vary_your_wording")
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


def _mode(answer_mode: str) -> str:
    if answer_mode not in ("typed", "spoken", "audio", "video"):
        raise ValueError(f"unknown answer mode {answer_mode!r}")
    return "audio" if answer_mode == "spoken" else answer_mode


def score_answer(
    question: QuestionSpec,
    content: ContentAnalysis | None,
    *,
    answer_mode: AnswerMode = "typed",
    speech: SpeechAnalysis | None = None,
    video: VideoAnalysis | None = None,
    extra: Sequence[Evidence] = (),
) -> AnswerScores:
    """Score one answer from its content and, for a recording, its voice and video.

    `answer_mode` says what the answer should give: "typed" text, an "audio" (or "spoken")
    recording, or a "video" recording. What it should give but does not (no speech, no face)
    lowers `completeness`, never a score. `extra` carries components from other analyses.
    """
    mode = _mode(answer_mode)
    notes: list[str] = []
    components: list[Evidence] = []
    content_ok = content is not None and content.status == "ok"
    if content is None:
        notes.append("no_content_analysis")
    elif content.status == "empty":
        notes.append("empty_answer")
    else:
        components = content_components(question, content, mode)
        if content.relevance is not None and content.relevance.band == "off_topic":
            notes.append("off_topic")
        if content.counts.truncated:
            notes.append("answer_truncated")

    parts = {"content": 1.0 if content_ok else 0.0}
    missing: list[str] = [] if content_ok else ["no_content"]
    if mode in ("audio", "video"):
        content_factor, voice_factor, voice_missing = scoring_media.voice_completeness(speech)
        parts["content"] *= content_factor
        parts["voice"] = voice_factor
        if {"no_speech", "no_audio"} & set(voice_missing):
            missing = [m for m in missing if m != "no_content"]  # the missing speech explains it
        missing += voice_missing
        components += scoring_media.voice_components(question.key, speech)
        if speech is not None and speech.no_speech:
            notes.append("no_speech")
    if mode == "video":
        parts["video"], video_missing = scoring_media.video_completeness(video)
        missing += video_missing
        components += scoring_media.video_components(question.key, video)
    completeness = sum(PART_WEIGHTS[p] * f for p, f in parts.items()) / sum(PART_WEIGHTS[p] for p in parts)

    components += list(extra)
    competencies = [_combine(c, components) for c in COMPETENCIES if c != "skill_match"]
    quote = content.relevance.best_sentence if content_ok and content.relevance else None
    skill_evidence = scoring_skills.answer_skill_components(
        question.key, question.skills, competencies, question.kind == "behavioural", quote
    )
    competencies.insert(COMPETENCIES.index("skill_match"), _combine("skill_match", skill_evidence + list(extra)))
    return AnswerScores(
        scoring_version=SCORING_VERSION,
        question_key=question.key,
        competencies=tuple(competencies),
        notes=tuple(notes),
        answer_mode=mode,
        completeness=round(completeness, 3),
        missing=tuple(dict.fromkeys(missing)),
    )


def _band(score: float) -> str:
    return next(name for floor, name in BANDS if score >= floor)


def _session_competency(competency: str, answers: Sequence[AnswerScores]) -> CompetencyScore:
    measured = [a.get(competency) for a in answers if a.get(competency).score is not None]
    if not measured:
        return CompetencyScore(competency, None, (), None)
    score = round(sum(m.score for m in measured) / len(measured), 1)
    evidence = tuple(e for m in measured for e in m.evidence)
    hints = Counter(m.how_to_improve for m in measured if m.how_to_improve)
    # Most frequent hint; ties go to the hint of the weakest answer.
    ranked = sorted(measured, key=lambda m: (m.score, m.how_to_improve or ""))
    order = {m.how_to_improve: i for i, m in reversed(list(enumerate(ranked)))}
    hint = min(hints, key=lambda h: (-hints[h], order.get(h, 0))) if hints and score < IMPROVE_BELOW else None
    return CompetencyScore(competency, score, evidence, hint)


def _confidence(answers: Sequence[AnswerScores], asked: int, base: Mapping[str, float],
                results: Sequence[CompetencyScore], skills: Sequence[SkillScore]) -> Confidence:
    """Data completeness (answers given and measurable) times the measured share of the weights."""
    asked = max(asked, len(answers))
    completeness = sum(a.completeness for a in answers) / asked if asked else 0.0
    video = any(a.answer_mode == "video" for a in answers)
    applicable = [c for c in COMPETENCIES if c != "presence" or video]
    measured = {r.competency for r in results if r.score is not None}
    total = sum(base[c] for c in applicable)
    coverage = sum(base[c] for c in applicable if c in measured) / total if total else 0.0
    score = round(100 * completeness * coverage)
    reasons: list[tuple[str, str]] = []
    if asked > len(answers):
        reasons.append(("unanswered", str(asked - len(answers))))
    counts = Counter(m for a in answers for m in a.missing)
    for code in ("no_content", "no_speech", "no_audio", "transcript_poor", "transcript_uncertain", "speech_too_short",
                 "audio_too_quiet", "audio_clipping", "no_video", "no_face_data"):
        if counts.get(code):
            reasons.append((code, str(counts[code])))
    not_measured = [c for c in applicable if c not in measured and base[c] > 0]
    if not_measured:
        reasons.append(("not_measured", ", ".join(not_measured)))
    unevidenced = [s.skill for s in skills if s.score is None]
    if unevidenced:
        reasons.append(("skills_unevidenced", ", ".join(unevidenced)))
    level = next(name for floor, name in CONFIDENCE_LEVELS if score >= floor)
    return Confidence(float(score), level, round(completeness, 3), round(coverage, 3), tuple(reasons))


def _band_reasons(overall: float, band: str, results: Sequence[CompetencyScore], used: Mapping[str, float],
                  confidence: Confidence) -> tuple[tuple[str, str], ...]:
    """Why the band: where the overall sits, what pulled it up and down (weight x distance to 65)."""
    floor = next(f for f, name in BANDS if name == band)
    ceiling = next((f for f, name in reversed(BANDS) if f > floor), 100.0)
    reasons = [("overall_in_band", f"{overall:.0f}|{floor:.0f}|{ceiling:.0f}")]
    scored = [r for r in results if r.competency in used]
    pull = sorted(scored, key=lambda r: (-(used[r.competency] * (r.score - 65)), r.competency))
    ups = [r for r in pull if r.score >= 65][:2]
    downs = [r for r in reversed(pull) if r.score < 65][:2]
    reasons += [("raised_by", f"{r.competency}|{r.score:.0f}|{used[r.competency] * 100:.0f}") for r in ups]
    reasons += [("lowered_by", f"{r.competency}|{r.score:.0f}|{used[r.competency] * 100:.0f}") for r in downs]
    if confidence.level != "high":
        reasons.append(("confidence", f"{confidence.level}|{confidence.score:.0f}"))
    return tuple(reasons)


def score_session(
    answers: Sequence[AnswerScores],
    weights: Mapping[str, float],
    *,
    skills: Sequence[tuple[str, float]] = (),
    resume: scoring_skills.ResumeSkills | None = None,
    asked: int | None = None,
) -> SessionScores:
    """Combine the answers into competency scores, an overall score, a band and a confidence.

    `weights` maps competency -> weight >= 0 (missing ones count 0; all missing -> equal weights).
    `skills` are the position's required skills with their weights (1-5); `resume` what the
    confirmed resume shows of them, if there is one; `asked` the number of questions asked
    (unanswered ones lower the confidence).
    """
    unknown = sorted(set(weights) - set(COMPETENCIES))
    if unknown:
        raise ValueError(f"unknown competencies in weights: {unknown}")
    if any(w < 0 for w in weights.values()):
        raise ValueError("competency weights must be >= 0")
    skill_rows = scoring_skills.skill_scores(answers, skills, resume) if skills else ()
    results = []
    for competency in COMPETENCIES:
        if competency == "skill_match" and skills:
            results.append(scoring_skills.skill_match_competency(skill_rows, answers))
        else:
            results.append(_session_competency(competency, answers))
    base = {c: float(weights.get(c, 0.0)) for c in COMPETENCIES} if any(weights.values()) else {c: 1.0 for c in COMPETENCIES}
    measured_weights = {r.competency: base[r.competency] for r in results if r.score is not None and base[r.competency] > 0}
    total = sum(measured_weights.values())
    used = {c: round(w / total, 4) for c, w in measured_weights.items()} if total else {}
    overall = round(sum(r.score * used[r.competency] for r in results if r.competency in used), 1) if used else None
    confidence = _confidence(answers, asked if asked is not None else len(answers), base, results, skill_rows)
    band = _band(overall) if overall is not None else None
    return SessionScores(
        scoring_version=SCORING_VERSION,
        competencies=tuple(results),
        overall=overall,
        band=band,
        weights=used,
        answers=len(answers),
        confidence=confidence,
        band_reasons=_band_reasons(overall, band, results, used, confidence) if band else (),
        skills=skill_rows,
    )
