"""Voice activity and pauses.

Speech segments come from the Silero VAD (ONNX) shipped inside faster-whisper:
it ignored white, pink and brown noise on our fixtures where an energy detector
would not. Pauses are the gaps between segments of at least 250 ms; silence
before the first and after the last word is reported apart and never counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .decode import Audio
from .serial import Record

MIN_PAUSE_S = 0.25
# Below this much detected speech an answer counts as silent.
MIN_SPEECH_S = 0.3


@dataclass(frozen=True)
class Span(Record):
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class PauseStats(Record):
    count: int
    longest_s: float
    total_s: float
    # Pause time over the speaking span (first speech start to last speech end).
    share_of_speaking_span: float
    leading_silence_s: float
    trailing_silence_s: float
    pauses: tuple[Span, ...]
    min_pause_s: float = MIN_PAUSE_S


def detect_speech(audio: Audio, *, threshold: float = 0.5) -> tuple[Span, ...]:
    """Speech segments in seconds, unpadded, so the gaps between them are real pauses."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if len(audio.samples) < audio.sample_rate // 10:
        return ()
    options = VadOptions(
        threshold=threshold,
        min_silence_duration_ms=100,
        speech_pad_ms=30,
        min_speech_duration_ms=100,
        # Split very long runs so every piece Whisper sees fits one 30 s window.
        max_speech_duration_s=24.0,
    )
    stamps = get_speech_timestamps(audio.samples, options, sampling_rate=audio.sample_rate)
    sr = audio.sample_rate
    return tuple(Span(round(s["start"] / sr, 3), round(s["end"] / sr, 3)) for s in stamps)


def speech_time(segments: Sequence[Span]) -> float:
    return sum(s.duration for s in segments)


def measure_pauses(
    segments: Sequence[Span], duration_s: float, *, min_pause_s: float = MIN_PAUSE_S
) -> PauseStats:
    if not segments:
        return PauseStats(0, 0.0, 0.0, 0.0, round(duration_s, 3), 0.0, ())
    pauses = tuple(
        Span(a.end, b.start) for a, b in zip(segments, segments[1:]) if b.start - a.end >= min_pause_s
    )
    span = segments[-1].end - segments[0].start
    total = sum(p.duration for p in pauses)
    return PauseStats(
        count=len(pauses),
        longest_s=round(max((p.duration for p in pauses), default=0.0), 3),
        total_s=round(total, 3),
        share_of_speaking_span=round(total / span, 4) if span > 0 else 0.0,
        leading_silence_s=round(segments[0].start, 3),
        trailing_silence_s=round(max(0.0, duration_s - segments[-1].end), 3),
        pauses=pauses,
        min_pause_s=min_pause_s,
    )
