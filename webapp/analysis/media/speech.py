"""Everything about the voice of one answer, put together with its evidence."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .decode import Audio
from .fillers import FillerStats, count_units, filler_stats
from .prosody import LoudnessStats, PitchStats, measure_loudness, measure_pitch
from .serial import Record
from .settings import MediaSettings
from .transcribe import Transcript, transcribe
from .vad import MIN_SPEECH_S, PauseStats, Span, detect_speech, measure_pauses, speech_time

NO_SPEECH = "no speech detected"
SILENT_DBFS = -60.0


@dataclass(frozen=True)
class SpeakingRate(Record):
    unit: str  # "wpm" (English words) or "cpm" (Chinese characters)
    count: int  # words or characters, fillers included
    # The pace to compare with 100-165 wpm (Speaker Coach): over the speaking span,
    # first speech to last speech, pauses included; leading and trailing silence excluded.
    per_minute: float
    speaking_span_s: float
    # Over the whole recording, silence at both ends included.
    per_minute_total: float
    total_s: float
    # Over voiced time only (articulation rate): pauses excluded.
    per_minute_voiced: float
    voiced_s: float


@dataclass(frozen=True)
class SpeechAnalysis(Record):
    no_speech: bool
    message: str  # "no speech detected" and why, or ""
    duration_s: float
    speech_s: float  # voiced time found by the VAD
    overall_dbfs: float  # RMS level of the whole recording
    segments: tuple[Span, ...]
    pauses: PauseStats
    transcript: Transcript | None = None
    rate: SpeakingRate | None = None
    fillers: FillerStats | None = None
    pitch: PitchStats | None = None
    loudness: LoudnessStats | None = None


def overall_dbfs(audio: Audio) -> float:
    if not len(audio.samples):
        return -120.0
    rms = float(np.sqrt(np.mean(audio.samples.astype(np.float64) ** 2)))
    return round(20 * np.log10(max(rms, 1e-6)), 1)


def speaking_rate(transcript: Transcript, segments: tuple[Span, ...], duration_s: float) -> SpeakingRate:
    unit = "cpm" if transcript.language == "zh" else "wpm"
    count = count_units(transcript.words, transcript.language)
    span = segments[-1].end - segments[0].start if segments else 0.0
    voiced = speech_time(segments)

    def per_min(seconds: float) -> float:
        return round(count * 60.0 / seconds, 1) if seconds > 0 else 0.0

    return SpeakingRate(
        unit=unit,
        count=count,
        per_minute=per_min(span),
        speaking_span_s=round(span, 2),
        per_minute_total=per_min(duration_s),
        total_s=round(duration_s, 2),
        per_minute_voiced=per_min(voiced),
        voiced_s=round(voiced, 2),
    )


def no_speech_message(level_dbfs: float) -> str:
    if level_dbfs < SILENT_DBFS:
        return f"{NO_SPEECH}: the recording is silent (check the microphone)"
    return f"{NO_SPEECH}: only background sound was heard"


def combine(
    audio: Audio,
    segments: tuple[Span, ...],
    transcript: Transcript | None,
    pitch: PitchStats | None,
    loudness: LoudnessStats | None,
) -> SpeechAnalysis:
    duration = audio.duration_s
    level = overall_dbfs(audio)
    pauses = measure_pauses(segments, duration)
    voiced = round(speech_time(segments), 2)
    if transcript is None:
        return SpeechAnalysis(
            no_speech=True,
            message=no_speech_message(level),
            duration_s=round(duration, 3),
            speech_s=voiced,
            overall_dbfs=level,
            segments=segments,
            pauses=pauses,
            loudness=loudness,
        )
    return SpeechAnalysis(
        no_speech=False,
        message="",
        duration_s=round(duration, 3),
        speech_s=voiced,
        overall_dbfs=level,
        segments=segments,
        pauses=pauses,
        transcript=transcript,
        rate=speaking_rate(transcript, segments, duration),
        fillers=filler_stats(transcript.words, transcript.language),
        pitch=pitch,
        loudness=loudness,
    )


def has_speech(segments: tuple[Span, ...]) -> bool:
    return speech_time(segments) >= MIN_SPEECH_S


def analyse_speech(
    audio: Audio, *, language: str | None = None, settings: MediaSettings | None = None
) -> SpeechAnalysis:
    """All speech steps in one call (analyse_media runs them one by one to report progress)."""
    segments = detect_speech(audio)
    if not has_speech(segments):
        return combine(audio, segments, None, None, None)
    transcript = transcribe(audio, segments, language=language, settings=settings)
    if transcript is None:
        return combine(audio, segments, None, None, measure_loudness(audio, segments))
    return combine(audio, segments, transcript, measure_pitch(audio, segments), measure_loudness(audio, segments))
