"""Strengths and key issues of an interview, as codes with the numbers behind them.

Each finding is a code ("result_missing"), the figures that make it true and the questions it
comes from; `webapp/reports/sentences.py` turns them into plain sentences such as "answers
describe the situation but rarely the result (2 of 3 stories)". Thresholds are those of the
scoring (`scoring_media`), so a finding never contradicts a score on the same page.

A finding over several answers quotes the interview-wide figure it is decided on and, where
the answers differ, the answer that stands out with its own figure (the one its row shows), so
"7.7 % of all words" is never read as the figure of the question named beside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from webapp.analysis import scoring_media as sm
from webapp.analysis.content_types import Serialisable

if TYPE_CHECKING:
    from webapp.analysis.content_types import ContentAnalysis
    from webapp.analysis.media.speech import SpeechAnalysis
    from webapp.analysis.media.video import VideoAnalysis
    from webapp.analysis.scoring_types import SessionScores

STRONG, WEAK = 75.0, 55.0
MAX_EACH = 6
MAX_KINDS = 6  # filler words named in a finding; the rest are counted ("and 2 more")
MAX_PLACES = 4  # long pauses located in a finding; the rest are counted


@dataclass(frozen=True)
class AnswerFacts:
    """What the findings read of one asked question."""

    number: int
    kind: str  # technical | behavioural
    answered: bool
    content: ContentAnalysis | None = None
    speech: SpeechAnalysis | None = None
    video: VideoAnalysis | None = None


@dataclass(frozen=True)
class Finding(Serialisable):
    kind: str  # strength | issue
    code: str
    params: dict[str, str] = field(default_factory=dict)
    questions: tuple[int, ...] = ()


def _qs(items: Sequence[AnswerFacts]) -> tuple[int, ...]:
    return tuple(a.number for a in items)


def _units(content: ContentAnalysis) -> int:
    spec = content.specificity
    return len(spec.numbers) + len(spec.tools) + len(spec.examples)


def _content_findings(facts: Sequence[AnswerFacts], out: list[Finding]) -> None:
    unanswered = [a for a in facts if not a.answered]
    if unanswered:
        out.append(Finding("issue", "unanswered", {"n": str(len(unanswered)), "total": str(len(facts))}, _qs(unanswered)))
    ok = [a for a in facts if a.content is not None and a.content.status == "ok"]
    off = [a for a in ok if a.content.relevance and a.content.relevance.band == "off_topic"]
    if off:
        out.append(Finding("issue", "off_topic", {"n": str(len(off)), "total": str(len(ok))}, _qs(off)))
    stories = [a for a in ok if a.kind == "behavioural" and a.content.star is not None and a not in off]
    if stories:
        by = [{e.element: e.status for e in a.content.star.elements} for a in stories]
        no_result = [a for a, s in zip(stories, by) if s["result"] != "found"]
        if no_result and len(no_result) * 2 >= len(stories):
            with_situation = sum(1 for a, s in zip(stories, by) if s["result"] != "found" and s["situation"] == "found")
            out.append(Finding("issue", "result_missing", {"n": str(len(no_result)), "total": str(len(stories)),
                                                            "with_situation": str(with_situation)}, _qs(no_result)))
        complete = [a for a in stories if a.content.star.complete]
        if len(complete) == len(stories):
            out.append(Finding("strength", "star_complete", {"n": str(len(stories))}, _qs(stories)))
        we = [a for a in stories if a.content.pronouns and a.content.pronouns.band == "mostly_we"]
        if we and len(we) * 2 >= len(stories):
            out.append(Finding("issue", "own_role_unclear", {"n": str(len(we)), "total": str(len(stories))}, _qs(we)))
    technical = [a for a in ok if a.kind != "behavioural" and a.content.coverage is not None and a not in off]
    if technical:
        ratio = sum(a.content.coverage.ratio for a in technical) / len(technical)
        low = [a for a in technical if a.content.coverage.ratio < 0.5]
        if ratio >= 0.75:
            out.append(Finding("strength", "points_covered", {"share": f"{ratio * 100:.0f}"}, _qs(technical)))
        elif low:
            out.append(Finding("issue", "points_missed", {"n": str(len(low)), "total": str(len(technical)),
                                                           "share": f"{ratio * 100:.0f}"}, _qs(low)))
    if ok:
        units = [_units(a.content) for a in ok]
        mean = sum(units) / len(ok)
        if mean >= 3:
            # Cited: the answers that have specifics, with their count, of all the answers analysed.
            backed = [a for a, u in zip(ok, units) if u]
            out.append(Finding("strength", "specific", {"n": str(sum(units)), "answers": str(len(backed)),
                                                         "total": str(len(ok))}, _qs(backed)))
        elif mean < 1.5:
            vague = [a for a, u in zip(ok, units) if u < 2]
            out.append(Finding("issue", "few_specifics", {"mean": f"{mean:.1f}"}, _qs(vague)))


def _fmt_time(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def _voice_findings(facts: Sequence[AnswerFacts], out: list[Finding]) -> None:
    silent = [a for a in facts if a.speech is not None and a.speech.no_speech]
    if silent:
        out.append(Finding("issue", "no_speech", {"n": str(len(silent))}, _qs(silent)))
    spoken = [a for a in facts if a.speech is not None and not a.speech.no_speech]
    if not spoken:
        return
    filled = [a for a in spoken if a.speech.fillers is not None]
    words = sum(a.speech.fillers.words for a in filled)
    if words:
        count = sum(a.speech.fillers.count for a in filled)
        share = 100.0 * count / words
        kinds = Counter()
        for a in filled:
            kinds.update(a.speech.fillers.by_kind)
        ranked = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        params = {"share": f"{share:.1f}", "n": str(count), "words": str(words), "unit": filled[0].speech.fillers.unit,
                  "kinds": ", ".join(f"{k} ×{n}" for k, n in ranked[:MAX_KINDS]),
                  "more": str(max(0, len(ranked) - MAX_KINDS))}
        if share > sm.FILLERS_OK_PER_100:
            many = [a for a in filled if a.speech.fillers.per_100 > sm.FILLERS_OK_PER_100]
            worst = max(many, key=lambda a: (a.speech.fillers.per_100, -a.number))
            params.update(worst=str(worst.number), worst_share=f"{worst.speech.fillers.per_100:.1f}")
            out.append(Finding("issue", "fillers_high", params, _qs(many)))
        else:
            out.append(Finding("strength", "fillers_low", params, _qs(filled)))
    paced = [a for a in spoken if a.speech.rate is not None and a.speech.rate.speaking_span_s >= sm.MIN_RATE_SPAN_S]
    if paced:
        unit = paced[0].speech.rate.unit
        same = [a for a in paced if a.speech.rate.unit == unit]
        span = sum(a.speech.rate.speaking_span_s for a in same)
        rate = sum(a.speech.rate.count for a in same) * 60.0 / span
        low, high = sm.PACE_CPM if unit == "cpm" else sm.PACE_WPM
        params = {"rate": f"{rate:.0f}", "unit": unit, "low": f"{low:.0f}", "high": f"{high:.0f}", "answers": str(len(same))}
        code, kind = ("pace_fast", "issue") if rate > high else ("pace_slow", "issue") if rate < low else ("pace_good", "strength")
        if len(same) > 1 and code != "pace_good":
            if code == "pace_fast":
                extreme = max(same, key=lambda a: (a.speech.rate.per_minute, -a.number))
            else:
                extreme = min(same, key=lambda a: (a.speech.rate.per_minute, a.number))
            params.update(extreme=str(extreme.number), extreme_rate=f"{extreme.speech.rate.per_minute:.0f}")
        out.append(Finding(kind, code, params, _qs(same)))
    long_pauses = [(a, p) for a in spoken for p in a.speech.pauses.pauses if p.end - p.start >= sm.LONG_PAUSE_S]
    span = sum((a.speech.rate.speaking_span_s if a.speech.rate else 0.0) for a in spoken)
    if long_pauses and span > 0 and len(long_pauses) * 60.0 / span > sm.LONG_PAUSES_OK_PER_MIN:
        where = "; ".join(f"Q{a.number} {_fmt_time(p.start)}" for a, p in long_pauses[:MAX_PLACES])
        out.append(Finding("issue", "long_pauses", {"n": str(len(long_pauses)), "seconds": f"{sm.LONG_PAUSE_S:.0f}",
                                                     "where": where, "more": str(max(0, len(long_pauses) - MAX_PLACES)),
                                                     "rate": f"{len(long_pauses) * 60.0 / span:.1f}",
                                                     "answers": str(len(spoken))},
                           tuple(dict.fromkeys(a.number for a, _ in long_pauses))))
    pitched = [a for a in spoken if a.speech.pitch is not None and a.speech.pitch.monotone is not None]
    flat = [a for a in pitched if a.speech.pitch.monotone]
    if flat and len(flat) * 2 >= len(pitched):
        out.append(Finding("issue", "monotone", {"n": str(len(flat)), "total": str(len(pitched))}, _qs(flat)))


def _video_findings(facts: Sequence[AnswerFacts], out: list[Finding]) -> None:
    filmed = [a for a in facts if a.video is not None]
    untracked = [a for a in filmed if a.video.status != "ok"]
    if untracked:
        out.append(Finding("issue", "no_face_data", {"n": str(len(untracked))}, _qs(untracked)))
    tracked = [a for a in filmed if a.video.status == "ok" and a.video.looking_share is not None]
    if not tracked:
        return
    frames = sum(a.video.face_frames for a in tracked) or 1
    looking = sum(a.video.looking_share * a.video.face_frames for a in tracked) / frames
    params = {"share": f"{looking * 100:.0f}", "target": f"{sm.EYE_CONTACT_OK * 100:.0f}", "answers": str(len(tracked))}
    if looking < sm.EYE_CONTACT_OK:
        if len(tracked) > 1:
            least = min(tracked, key=lambda a: (a.video.looking_share, a.number))
            params.update(least=str(least.number), least_share=f"{least.video.looking_share * 100:.0f}")
        out.append(Finding("issue", "low_eye_contact", params, _qs(tracked)))
    else:
        out.append(Finding("strength", "eye_contact_good", params, _qs(tracked)))
    presence = sum(a.video.presence_share for a in tracked) / len(tracked)
    if presence < sm.FACE_PRESENT_OK:
        shown = {"share": f"{presence * 100:.0f}", "answers": str(len(tracked))}
        if len(tracked) > 1:
            least = min(tracked, key=lambda a: (a.video.presence_share, a.number))
            shown.update(least=str(least.number), least_share=f"{least.video.presence_share * 100:.0f}")
        out.append(Finding("issue", "out_of_frame", shown, _qs(tracked)))


def find(facts: Sequence[AnswerFacts], session: SessionScores | None) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """(strengths, issues), each at most MAX_EACH, in a fixed order."""
    out: list[Finding] = []
    if session is not None:
        scored = sorted((c for c in session.competencies if c.score is not None), key=lambda c: (-c.score, c.competency))
        for c in [c for c in scored if c.score >= STRONG][:2]:
            out.append(Finding("strength", "strong_competency", {"competency": c.competency, "score": f"{c.score:.0f}"}))
        for c in [c for c in reversed(scored) if c.score < WEAK][:2]:
            out.append(Finding("issue", "weak_competency", {"competency": c.competency, "score": f"{c.score:.0f}"}))
        shown = [s.skill for s in session.skills if s.score is not None and s.score >= STRONG]
        if shown:
            out.append(Finding("strength", "skills_shown", {"skills": ", ".join(shown), "n": str(len(shown))}))
        gaps = [s.skill for s in session.skills if s.score is not None and s.score < WEAK]
        if gaps:
            out.append(Finding("issue", "skills_weak", {"skills": ", ".join(gaps), "n": str(len(gaps))}))
    _content_findings(facts, out)
    _voice_findings(facts, out)
    _video_findings(facts, out)
    strengths = tuple(f for f in out if f.kind == "strength")[:MAX_EACH]
    issues = tuple(f for f in out if f.kind == "issue")[:MAX_EACH]
    return strengths, issues
