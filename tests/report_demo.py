"""Recorded answers for report tests, without a worker or a recording.

`interview()` (tests/report_helpers.py) analyses typed answers; `make_spoken()` then turns one of
them into a voice answer whose speech analysis is built by hand, as the media analysis would
build it, with the filler words given, and scores it as the worker scores a recording.
"""

from __future__ import annotations

from webapp.analysis import scoring
from webapp.analysis.content_types import ContentAnalysis
from webapp.analysis.media.fillers import Filler, FillerStats
from webapp.analysis.media.prosody import LoudnessStats, PitchStats
from webapp.analysis.media.speech import SpeakingRate, SpeechAnalysis
from webapp.analysis.media.transcribe import Transcript, Word
from webapp.analysis.media.vad import PauseStats, Span
from webapp.extensions import db
from webapp.models import InterviewSession
from webapp.services import analysis as analysis_service

MULTI_WORD = ("you know", "i mean")


def spoken(tokens: list[str], fillers: set[int] = frozenset(), *, seconds_per_word: float = 0.42,
           pauses: tuple[tuple[float, float], ...] = ()) -> SpeechAnalysis:
    """A speech analysis of `tokens` (a filler may be two words, "you know"); `fillers` are token indexes."""
    words, marks = [], []
    t = 0.5
    for i, token in enumerate(tokens):
        start = t
        for part in token.split():
            words.append(Word(part, round(t, 2), round(t + seconds_per_word * 0.8, 2), 0.9))
            t += seconds_per_word
        if i in fillers:
            marks.append((token, start, round(t - seconds_per_word * 0.2, 2), i))
    count = len(words)
    filler_list = tuple(
        Filler(text, text.lower(), round(start, 2), end,
               " ".join(tokens[max(0, i - 3):i]), " ".join(tokens[i + 1:i + 4]))
        for text, start, end, i in marks
    )
    by_kind: dict[str, int] = {}
    for f in filler_list:
        by_kind[f.kind] = by_kind.get(f.kind, 0) + 1
    span = t - 0.5
    pause_spans = tuple(Span(a, b) for a, b in pauses)
    pause_stats = PauseStats(len(pause_spans), max((b - a for a, b in pauses), default=0.0),
                             sum(b - a for a, b in pauses), 0.12, 0.5, 0.5, pause_spans)
    return SpeechAnalysis(
        no_speech=False, message="", duration_s=span + 1, speech_s=span * 0.88, overall_dbfs=-24.0,
        segments=(Span(0.5, span + 0.5),), pauses=pause_stats,
        transcript=Transcript(" ".join(tokens), tuple(words), "en", "whisper-tiny.en int8 beam 5", "good", 0.9),
        rate=SpeakingRate("wpm", count, count * 60 / span, span, count * 60 / (span + 1), span + 1,
                          count * 60 / (span * 0.88), span * 0.88),
        fillers=FillerStats(len(filler_list), count, "words", round(100 * len(filler_list) / count, 2),
                            by_kind, filler_list),
        pitch=PitchStats("ok", 500, 0.8, 180.0, 2.8, 8.4, False),
        loudness=LoudnessStats(-22.0, 4.0, -28.0, -17.0, -3.0, 0.0, False, False, -60.0, 38.0),
    )


def make_spoken(session: InterviewSession, bank_key: str, speech: SpeechAnalysis) -> None:
    """Turn the typed answer to `bank_key` into a voice answer analysed as `speech` (not yet reported)."""
    answer = next(a for a in session.answers if a.question.bank_key == bank_key)
    row = analysis_service.current_analysis(answer.id)
    content = ContentAnalysis.from_dict(row.content)
    scores = scoring.score_answer(analysis_service.question_spec(answer), content, answer_mode="audio", speech=speech)
    answer.mode = "audio"
    answer.duration_s = speech.duration_s
    row.speech = speech.to_dict()
    row.scores = scores.to_dict()
    db.session.commit()


# 31 words, 7 of them fillers (uh x2, um x2, basically, like, you know): 22.6 % of the words.
FILLED_TOKENS = ("uh I would um use like a cache in Redis because uh it is basically faster and you know "
                 "um it saves load on the database for the reads we serve").split()


def filled_answer() -> SpeechAnalysis:
    tokens = FILLED_TOKENS[:]
    # "you know" is one filler of two words.
    at = tokens.index("you")
    tokens[at:at + 2] = ["you know"]
    fillers = {i for i, w in enumerate(tokens) if w in ("uh", "um", "basically", "like", "you know")}
    return spoken(tokens, fillers)


def fluent_answer(words: int = 60) -> SpeechAnalysis:
    text = ("First I look at the slow query with explain analyse, then I add the missing index on the "
            "customer id column, and I check the plan again so the sequential scan is gone and the p95 "
            "latency drops from 800 to 40 ms for the report page that our finance team uses every morning").split()
    return spoken((text * 2)[:words])


def interview_in(language: str, position, name: str, answers: dict[str, str]) -> InterviewSession:
    """As `report_helpers.interview`, in the given interview language ("en" or "zh")."""
    from tests.report_helpers import interview

    return interview(position, name, answers, language=language)
