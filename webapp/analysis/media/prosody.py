"""Pitch variation and loudness of the speech, with numpy only.

Pitch is tracked with YIN (de Cheveigné & Kawahara 2002) on 10 ms hops inside
the speech segments; variation is the standard deviation in semitones around
the speaker's own median, so it does not depend on how high the voice is.
Loudness is RMS in dBFS over 50 ms frames of speech, plus clipping and an
estimate of the background level from the frames between speech.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .decode import Audio
from .serial import Record
from .vad import Span

F0_MIN, F0_MAX = 60.0, 400.0
_WINDOW = 512  # YIN integration window (32 ms)
_HOP = 160  # 10 ms
_YIN_THRESHOLD = 0.15
# Below this spread the voice is flat. Conversational speech is usually 2-4
# semitones; read-out or monotone delivery falls under ~1.5.
MONOTONE_ST = 1.5
# Frames this far from the median are octave errors, not intonation.
_OUTLIER_ST = 10.0
MIN_VOICED_FRAMES = 50  # 0.5 s of voiced speech

QUIET_DBFS = -35.0
CLIP_LEVEL = 0.999
CLIP_SHARE = 0.001  # 0.1 % of speech samples at full scale is audible distortion


@dataclass(frozen=True)
class PitchStats(Record):
    status: str  # "ok" or "insufficient_voiced_speech"
    voiced_frames: int
    voiced_share: float  # of speech frames
    median_hz: float | None
    std_semitones: float | None
    range_semitones: float | None  # 5th to 95th percentile
    monotone: bool | None
    outlier_frames: int = 0


@dataclass(frozen=True)
class LoudnessStats(Record):
    median_dbfs: float  # speech frames
    std_db: float  # variation across speech frames
    p10_dbfs: float
    p90_dbfs: float
    peak_dbfs: float
    clipped_share: float  # of speech samples at full scale
    clipping: bool
    too_quiet: bool
    background_dbfs: float | None  # median level between speech, None when there is none
    speech_to_background_db: float | None


def _speech_samples(audio: Audio, segments: Sequence[Span]) -> list[np.ndarray]:
    sr = audio.sample_rate
    return [audio.samples[int(s.start * sr) : int(s.end * sr)] for s in segments]


def yin_f0(x: np.ndarray, sr: int = 16_000, *, block: int = 512) -> np.ndarray:
    """F0 per 10 ms frame of x (Hz), NaN where unvoiced. Vectorised in blocks of frames."""
    tau_min = int(sr / F0_MAX)
    tau_max = int(sr / F0_MIN)
    length = _WINDOW + tau_max
    if len(x) < length:
        return np.empty(0)
    starts = np.arange(0, len(x) - length + 1, _HOP)
    nfft = 1 << int(np.ceil(np.log2(length + _WINDOW)))
    level = np.sqrt(np.mean(x.astype(np.float64) ** 2)) + 1e-12
    out = np.full(len(starts), np.nan)
    taus = np.arange(tau_max + 1)
    for b in range(0, len(starts), block):
        idx = starts[b : b + block, None] + np.arange(length)[None, :]
        frames = x[idx].astype(np.float64)
        frames -= frames.mean(axis=1, keepdims=True)
        head = frames[:, :_WINDOW]
        acf = np.fft.irfft(
            np.conj(np.fft.rfft(head, nfft)) * np.fft.rfft(frames, nfft), nfft
        )[:, : tau_max + 1]
        sq = np.concatenate([np.zeros((len(frames), 1)), np.cumsum(frames**2, axis=1)], axis=1)
        energy_tau = sq[:, taus + _WINDOW] - sq[:, taus]
        diff = energy_tau[:, :1] + energy_tau - 2 * acf
        diff[:, 0] = 0
        cum = np.cumsum(diff[:, 1:], axis=1)
        cmnd = np.ones_like(diff)
        cmnd[:, 1:] = diff[:, 1:] * taus[1:] / np.maximum(cum, 1e-12)
        rms = np.sqrt(np.mean(head**2, axis=1))
        for k in range(len(frames)):
            if rms[k] < level * 0.1:  # 20 dB under the speech level: unvoiced or silence
                continue
            row = cmnd[k]
            below = np.nonzero(row[tau_min:] < _YIN_THRESHOLD)[0]
            if not len(below):
                continue
            tau = tau_min + below[0]
            while tau + 1 <= tau_max and row[tau + 1] < row[tau]:
                tau += 1
            if 0 < tau < tau_max:  # parabolic refinement
                a, c, e = row[tau - 1], row[tau], row[tau + 1]
                denom = a - 2 * c + e
                shift = 0.5 * (a - e) / denom if denom > 0 else 0.0
            else:
                shift = 0.0
            out[b + k] = sr / (tau + shift)
    return out


def measure_pitch(audio: Audio, segments: Sequence[Span]) -> PitchStats:
    tracks = [yin_f0(x, audio.sample_rate) for x in _speech_samples(audio, segments)]
    f0 = np.concatenate(tracks) if tracks else np.empty(0)
    frames = len(f0)
    voiced = f0[np.isfinite(f0)]
    if len(voiced) < MIN_VOICED_FRAMES:
        return PitchStats("insufficient_voiced_speech", len(voiced),
                          round(len(voiced) / frames, 3) if frames else 0.0,
                          None, None, None, None)
    median = float(np.median(voiced))
    st = 12 * np.log2(voiced / median)
    keep = np.abs(st) <= _OUTLIER_ST
    st = st[keep]
    std = float(np.std(st))
    lo, hi = np.percentile(st, [5, 95])
    return PitchStats(
        status="ok",
        voiced_frames=int(keep.sum()),
        voiced_share=round(len(voiced) / frames, 3),
        median_hz=round(float(np.median(voiced[keep])), 1),
        std_semitones=round(std, 2),
        range_semitones=round(float(hi - lo), 2),
        monotone=std < MONOTONE_ST,
        outlier_frames=int((~keep).sum()),
    )


def _frame_db(x: np.ndarray, size: int, hop: int) -> np.ndarray:
    if len(x) < size:
        return np.empty(0)
    idx = np.arange(0, len(x) - size + 1, hop)[:, None] + np.arange(size)[None, :]
    rms = np.sqrt(np.mean(x[idx].astype(np.float64) ** 2, axis=1))
    return 20 * np.log10(np.maximum(rms, 1e-6))


def measure_loudness(audio: Audio, segments: Sequence[Span]) -> LoudnessStats | None:
    sr = audio.sample_rate
    size, hop = int(0.05 * sr), int(0.025 * sr)
    speech = _speech_samples(audio, segments)
    db = np.concatenate([_frame_db(x, size, hop) for x in speech]) if speech else np.empty(0)
    if not len(db):
        return None
    loud = db[db > -60.0]  # drop digital silence inside segments
    if not len(loud):
        loud = db
    joined = np.concatenate(speech)
    clipped = float(np.mean(np.abs(joined) >= CLIP_LEVEL))
    mask = np.ones(len(audio.samples), dtype=bool)
    for s in segments:
        mask[int(s.start * sr) : int(s.end * sr)] = False
    between = _frame_db(audio.samples[mask], size, hop)
    background = float(np.median(between)) if len(between) else None
    median = float(np.median(loud))
    return LoudnessStats(
        median_dbfs=round(median, 1),
        std_db=round(float(np.std(loud)), 2),
        p10_dbfs=round(float(np.percentile(loud, 10)), 1),
        p90_dbfs=round(float(np.percentile(loud, 90)), 1),
        peak_dbfs=round(float(20 * np.log10(max(np.max(np.abs(joined)), 1e-6))), 1),
        clipped_share=round(clipped, 5),
        clipping=clipped > CLIP_SHARE,
        too_quiet=median < QUIET_DBFS,
        background_dbfs=None if background is None else round(background, 1),
        speech_to_background_db=None if background is None else round(median - background, 1),
    )
