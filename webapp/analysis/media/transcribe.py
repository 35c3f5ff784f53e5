"""Transcript with word timings, gated by voice activity so silence is never transcribed.

Whisper invents text on silence and noise, so it only ever sees the speech
segments found by the VAD, cut into pieces of at most 24 s at the longest pauses; each
piece gets the filler-keeping prompt (Whisper drops "um" and "uh" without it,
and faster-whisper uses the initial prompt for the first 30 s window only).
Segments Whisper itself thinks are not speech are dropped, repetition loops
are cut, and the transcript says how far it can be trusted.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import models
from .decode import Audio
from .serial import Record
from .settings import MediaSettings
from .vad import Span

EN_PROMPT = "Um, uh, so, like, you know, I mean."
# Simplified characters in the prompt also steer the output away from traditional ones.
ZH_PROMPT = "嗯，呃，那个，这个。"
SUPPORTED = ("en", "zh")

_PIECE_S = 24.0
_MIN_PIECE_S = 8.0
_PAD_S = 0.2
_JOIN_GAP_S = 1.0
# Whisper's own rule for "this window holds no speech".
_NO_SPEECH_PROB = 0.6
_LOW_LOGPROB = -1.0
# Confidence bands on exp(mean token log-probability).
_GOOD_LOGPROB = -0.5


@dataclass(frozen=True)
class Word(Record):
    text: str  # as written, punctuation attached ("Um,")
    start: float
    end: float
    probability: float


@dataclass(frozen=True)
class Transcript(Record):
    text: str
    words: tuple[Word, ...]
    language: str  # "en" or "zh"
    model: str  # e.g. "whisper-tiny.en int8 beam 5"
    quality: str  # "good", "uncertain" or "poor"
    confidence: float  # exp(mean token log-probability), 0..1
    reasons: tuple[str, ...] = ()
    # Set when the language was detected rather than given.
    detected_language: str | None = None
    language_probability: float | None = None
    dropped_segments: int = 0  # segments Whisper marked as not speech
    loop_words_removed: int = 0


def _groups(segments: Sequence[Span]) -> list[list[Span]]:
    """Split the segments into groups spanning at most _PIECE_S, cutting at the longest gaps.

    Whisper skipped whole sentences in windows filled with nearly 30 s of speech;
    shorter pieces cut at real pauses did not lose any.
    """
    groups: list[list[Span]] = []
    current: list[Span] = []
    for seg in segments:
        current.append(seg)
        while len(current) > 1 and current[-1].end - current[0].start > _PIECE_S:
            # Cut before segment k at the longest gap that leaves a first part of
            # at least _MIN_PIECE_S and at most _PIECE_S.
            head = current[0].start
            options = [
                (current[k].start - current[k - 1].end, k)
                for k in range(1, len(current))
                if _MIN_PIECE_S <= current[k - 1].end - head <= _PIECE_S
            ]
            k = max(options)[1] if options else len(current) - 1
            groups.append(current[:k])
            current = current[k:]
    if current:
        groups.append(current)
    return groups


def _pieces(audio: Audio, segments: Sequence[Span]) -> list[list[dict]]:
    """Speech pieces for Whisper, as lists of {"start", "end"} sample ranges.

    Gaps shorter than _JOIN_GAP_S stay in the audio (Whisper reads natural
    speech better than spliced audio); longer silences are cut out.
    """
    sr, n = audio.sample_rate, len(audio.samples)
    pieces: list[list[dict]] = []
    for group in _groups(segments):
        chunks: list[dict] = []
        for seg in group:
            start = max(0, int((seg.start - _PAD_S) * sr))
            end = min(n, int((seg.end + _PAD_S) * sr))
            if chunks and start - chunks[-1]["end"] < _JOIN_GAP_S * sr:
                chunks[-1]["end"] = max(chunks[-1]["end"], end)
            elif end > start:
                chunks.append({"start": start, "end": end})
        if pieces and chunks and chunks[0]["start"] < pieces[-1][-1]["end"]:
            # Padding must not make two pieces overlap (words would be doubled).
            middle = (pieces[-1][-1]["end"] + chunks[0]["start"]) // 2
            pieces[-1][-1]["end"] = chunks[0]["start"] = middle
        if chunks:
            pieces.append(chunks)
    return pieces


def choose_language(
    audio: Audio, segments: Sequence[Span], settings: MediaSettings
) -> tuple[str, str, float]:
    """Tell English from Chinese with Whisper base on up to 30 s of speech.

    Returns (chosen among en/zh, the top language Whisper saw, its probability).
    """
    piece = _pieces(audio, segments)[0]
    clip = np.concatenate([audio.samples[c["start"] : c["end"]] for c in piece])
    model = models.whisper_for(models.BASE_NAME, settings)
    top, top_prob, probs = model.detect_language(audio=clip)
    scores = dict(probs)
    chosen = "zh" if scores.get("zh", 0.0) > scores.get("en", 0.0) else "en"
    return chosen, top, float(top_prob)


def transcribe(
    audio: Audio,
    segments: Sequence[Span],
    *,
    language: str | None = None,
    settings: MediaSettings | None = None,
) -> Transcript | None:
    """Transcribe the speech segments; None when there is nothing Whisper accepts as speech."""
    from faster_whisper.transcribe import restore_speech_timestamps

    settings = settings or MediaSettings()
    if not segments:
        return None
    reasons: list[str] = []
    detected = detected_prob = None
    if language in (None, "", "auto"):
        language, detected, detected_prob = choose_language(audio, segments, settings)
        if detected not in SUPPORTED:
            reasons.append(
                f"the speech sounded most like {detected!r} (p={detected_prob:.2f}); "
                f"transcribed as {language!r}"
            )
        elif detected_prob < 0.7:
            reasons.append(f"language detection unsure ({detected} p={detected_prob:.2f})")
    if language not in SUPPORTED:
        raise ValueError(f"language must be one of {SUPPORTED} or None, not {language!r}")

    if language == "en":
        name, beam, prompt = models.TINY_EN_NAME, settings.english_beam_size, EN_PROMPT
        guards = {}
    else:
        name, beam, prompt = models.BASE_NAME, settings.chinese_beam_size, ZH_PROMPT
        # Whisper base fell into repetition loops on Chinese ("孕孕孕..."), taking
        # 10-20 s per 22 s of audio; these two guards kept it at 4-5 s without loops.
        guards = {"repetition_penalty": 1.1, "no_repeat_ngram_size": 6}
    model = models.whisper_for(name, settings)

    kept = []
    dropped = 0
    for piece in _pieces(audio, segments):
        clip = np.concatenate([audio.samples[c["start"] : c["end"]] for c in piece])
        found, _info = model.transcribe(
            clip,
            language=language,
            beam_size=beam,
            best_of=beam,
            # No sampling fallback: the same recording must give the same transcript.
            temperature=0.0,
            initial_prompt=prompt,
            condition_on_previous_text=False,
            word_timestamps=True,
            vad_filter=False,
            **guards,
        )
        for seg in restore_speech_timestamps(found, piece, audio.sample_rate):
            if seg.no_speech_prob > _NO_SPEECH_PROB and seg.avg_logprob < _LOW_LOGPROB:
                dropped += 1
                continue
            if seg.words:
                kept.append(seg)
    if not kept:
        return None

    words = [
        Word(w.word.strip(), round(w.start, 2), round(w.end, 2), round(w.probability, 3))
        for seg in kept
        for w in seg.words
        if w.word.strip()
    ]
    words, removed = remove_loops(words)
    if not words:
        return None
    glue = " " if language == "en" else ""
    text = glue.join(w.text for w in words) if language == "en" else "".join(
        w.text for w in words
    )
    text = re.sub(r"\s+", " ", text).strip()

    weights = np.array([max(seg.end - seg.start, 0.01) for seg in kept])
    logprob = float(np.average([seg.avg_logprob for seg in kept], weights=weights))
    confidence = math.exp(logprob)
    if dropped:
        reasons.append(f"{dropped} segment(s) Whisper judged not to be speech were left out")
    if removed:
        reasons.append(f"a repetition loop was cut ({removed} repeated words removed)")
    if logprob < _LOW_LOGPROB:
        quality = "poor"
        reasons.append(f"the recogniser was unsure of most words (confidence {confidence:.2f})")
    elif logprob < _GOOD_LOGPROB or removed:
        quality = "uncertain"
        reasons.append(f"the recogniser was unsure of many words (confidence {confidence:.2f})")
    else:
        quality = "good"
    if language == "zh":
        reasons.append(
            "Chinese is transcribed by a small multilingual model (Whisper base): "
            "expect wrong characters; check the recording before relying on it"
        )
        if quality == "good":
            quality = "uncertain"
    if removed > len(words) * 0.1:
        quality = "poor"

    return Transcript(
        text=text,
        words=tuple(words),
        language=language,
        model=f"{name} int8 beam {beam}",
        quality=quality,
        confidence=round(confidence, 3),
        reasons=tuple(reasons),
        detected_language=detected,
        language_probability=None if detected_prob is None else round(detected_prob, 3),
        dropped_segments=dropped,
        loop_words_removed=removed,
    )


def _key(word: Word) -> str:
    return re.sub(r"[\W_]+", "", word.text.lower())


def remove_loops(words: list[Word], *, max_repeats: int = 3) -> tuple[list[Word], int]:
    """Cut runs where the same 1-8 word sequence repeats more than max_repeats times."""
    out: list[Word] = []
    removed = 0
    i = 0
    while i < len(words):
        cut = False
        for n in range(1, 9):
            unit = [_key(w) for w in words[i : i + n]]
            if len(unit) < n or not all(unit):
                continue
            reps = 1
            while [_key(w) for w in words[i + reps * n : i + (reps + 1) * n]] == unit:
                reps += 1
            if reps > max_repeats:
                out.extend(words[i : i + max_repeats * n])
                removed += (reps - max_repeats) * n
                i += reps * n
                cut = True
                break
        if not cut:
            out.append(words[i])
            i += 1
    return out, removed
