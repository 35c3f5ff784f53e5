"""Decode a recording to 16 kHz mono float32 PCM and to sampled, downscaled video frames.

Durations come from the decoded samples, never from container metadata (live
MediaRecorder WebM has none). Video frames are streamed: only the frame being
analysed is kept, already downscaled, so memory does not grow with length.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from dataclasses import dataclass

import av
import numpy as np

from .probe import MediaError, open_container

SAMPLE_RATE = 16_000


@dataclass(frozen=True)
class Audio:
    """Mono float32 PCM in [-1, 1]. Kept in memory: 3.8 MB per minute at 16 kHz."""

    samples: np.ndarray
    sample_rate: int = SAMPLE_RATE

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate


@dataclass(frozen=True)
class VideoFrame:
    t: float  # seconds from the first video frame
    rgb: np.ndarray  # (height, width, 3) uint8, downscaled


def decode_audio(
    path: str | os.PathLike,
    *,
    sample_rate: int = SAMPLE_RATE,
    max_seconds: float | None = None,
) -> Audio:
    """Decode the first audio stream; raise MediaError if it is damaged or too long."""
    chunks: list[np.ndarray] = []
    total = 0
    limit = None if max_seconds is None else int(max_seconds * sample_rate)
    packets = failed = 0
    with open_container(path) as box:
        if not box.streams.audio:
            raise MediaError(MediaError.NOT_MEDIA, "no audio stream")
        stream = box.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=sample_rate)
        try:
            for packet in box.demux(stream):
                frames = []
                if packet.size:
                    packets += 1
                    try:
                        frames = packet.decode()
                    except av.error.FFmpegError:
                        failed += 1
                        continue
                else:
                    frames = [None]  # end of stream: flush the resampler
                for frame in frames:
                    for out in resampler.resample(frame):
                        pcm = out.to_ndarray().reshape(-1)
                        chunks.append(pcm)
                        total += len(pcm)
                if limit is not None and total > limit:
                    raise MediaError(MediaError.TOO_LONG, f"more than {max_seconds} s of audio")
        except av.error.FFmpegError as exc:
            raise MediaError(MediaError.DAMAGED, f"audio demux failed: {exc}") from exc
    if failed > max(2, packets // 20):
        raise MediaError(MediaError.DAMAGED, f"{failed} of {packets} audio packets failed")
    if not chunks:
        raise MediaError(MediaError.DAMAGED, "audio decodes to nothing")
    samples = np.concatenate(chunks).astype(np.float32, copy=False)
    np.clip(samples, -1.0, 1.0, out=samples)
    return Audio(samples=samples, sample_rate=sample_rate)


def decoded_duration(path: str | os.PathLike, *, max_seconds: float | None = None) -> float:
    """Seconds of media counted from what decodes: the audio samples, else the video frames.

    The upload check needs the length before anything is analysed, and container
    metadata cannot be trusted (live MediaRecorder WebM has none). Raises
    MediaError (code too_long) as soon as more than max_seconds have decoded.
    """
    with open_container(path) as box:
        has_audio = bool(box.streams.audio)
    if has_audio:
        return decode_audio(path, max_seconds=max_seconds).duration_s
    last: float | None = None
    # One small frame per second is enough to find the end to within a second.
    for frame in iter_video_frames(path, fps=1.0, max_side=64):
        last = frame.t
        if max_seconds is not None and last > max_seconds:
            raise MediaError(MediaError.TOO_LONG, f"more than {max_seconds} s of video")
    if last is None:
        raise MediaError(MediaError.DAMAGED, "video decodes to nothing")
    return last + 1.0


def scaled_size(width: int, height: int, max_side: int) -> tuple[int, int]:
    """Fit (width, height) inside max_side, keeping the aspect ratio and even sizes."""
    scale = min(1.0, max_side / max(width, height))
    return max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2)


def iter_video_frames(
    path: str | os.PathLike,
    *,
    fps: float = 5.0,
    max_side: int = 480,
    max_seconds: float | None = None,
) -> Iterator[VideoFrame]:
    """Yield about `fps` RGB frames per second, downscaled so the longer side is <= max_side.

    Every frame is decoded (inter frames need their predecessors) but only the
    sampled ones are converted, which is where the time and memory would go.
    """
    step = 1.0 / fps
    with open_container(path) as box:
        if not box.streams.video:
            return
        stream = box.streams.video[0]
        stream.thread_type = "SLICE"  # no frame threads: one core per worker process
        first: float | None = None
        next_t = 0.0
        index = 0
        failed = 0
        rate = float(stream.average_rate) if stream.average_rate else 30.0
        try:
            for packet in box.demux(stream):
                try:
                    frames = packet.decode()
                except av.error.FFmpegError as exc:
                    failed += 1
                    if failed > 5:
                        raise MediaError(MediaError.DAMAGED, "video frames fail to decode") from exc
                    continue
                for frame in frames:
                    t_abs = frame.time if frame.time is not None else index / rate
                    index += 1
                    if first is None:
                        first = t_abs
                    t = t_abs - first
                    if max_seconds is not None and t > max_seconds:
                        return
                    if t + 1e-6 < next_t:
                        continue
                    next_t = (math.floor(t / step + 1e-6) + 1) * step
                    w, h = scaled_size(frame.width, frame.height, max_side)
                    rgb = frame.to_ndarray(width=w, height=h, format="rgb24")
                    yield VideoFrame(t=round(t, 3), rgb=rgb)
        except av.error.FFmpegError as exc:
            raise MediaError(MediaError.DAMAGED, f"video demux failed: {exc}") from exc
