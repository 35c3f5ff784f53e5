"""The transcript as the report shows it: words in order, fillers marked, pauses in place.

Pauses come from the voice activity detector and words from Whisper, so their
times do not line up exactly; a pause goes between the words whose midpoints
surround its own midpoint, and pauses that fall in the same gap are merged.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from .serial import Record
from .speech import SpeechAnalysis

# A pause this long is shown as long in the report (Speaker Coach flags about 1.5 s and more).
LONG_PAUSE_S = 1.5
_EPS = 0.02


@dataclass(frozen=True)
class Mark(Record):
    kind: str  # "word" or "pause"
    text: str  # the word as written; for a pause, empty
    start: float
    end: float
    filler: str | None = None  # the filler's kind ("um", "you know") when this word is one
    pause_s: float = 0.0  # silent time of a pause (several in one gap are added up)
    long: bool = False  # a pause of LONG_PAUSE_S or more


def transcript_marks(speech: SpeechAnalysis) -> list[Mark]:
    """Words and pauses in time order; empty when nothing was transcribed."""
    transcript = speech.transcript
    if speech.no_speech or transcript is None or not transcript.words:
        return []
    fillers = speech.fillers.fillers if speech.fillers else ()
    words = []
    for w in transcript.words:
        kind = next((f.kind for f in fillers if f.start - _EPS <= w.start and w.end <= f.end + _EPS), None)
        words.append(Mark("word", w.text, w.start, w.end, filler=kind))

    midpoints = [(w.start + w.end) / 2 for w in words]
    gaps: dict[int, list] = {}
    for pause in speech.pauses.pauses:
        index = bisect_left(midpoints, (pause.start + pause.end) / 2)
        if 0 < index < len(words):  # leading and trailing silence are not pauses
            gaps.setdefault(index, []).append(pause)

    out: list[Mark] = []
    for i, word in enumerate(words):
        if i in gaps:
            spans = gaps[i]
            silent = round(sum(p.end - p.start for p in spans), 2)
            out.append(Mark("pause", "", round(spans[0].start, 2), round(spans[-1].end, 2),
                            pause_s=silent, long=silent >= LONG_PAUSE_S))
        out.append(word)
    return out
