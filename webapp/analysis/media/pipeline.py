"""One answer's recording in, one MediaAnalysis out, reporting progress by step."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from .decode import decode_audio
from .probe import MediaInfo, probe_media
from .prosody import measure_loudness, measure_pitch
from .serial import Record
from .settings import MediaSettings
from .speech import SpeechAnalysis, combine, has_speech
from .transcribe import transcribe
from .vad import detect_speech
from .video import VideoAnalysis, analyse_frames, measure_video

# Bump when a change alters results, so stored analyses name what produced them.
PIPELINE_VERSION = "media-1"

DECODING = "Decoding"
DETECTING = "Detecting speech"
TRANSCRIBING = "Transcribing"
MEASURING = "Measuring voice"
VIDEO = "Analysing video"
DONE = "Done"

Progress = Callable[[str, float], None]

# Share of the run each step takes, from bench/bench_media.py (60 s answers).
_WEIGHTS_AUDIO = {DECODING: 0.04, DETECTING: 0.02, TRANSCRIBING: 0.88, MEASURING: 0.06}
_WEIGHTS_AV = {DECODING: 0.03, DETECTING: 0.02, TRANSCRIBING: 0.58, MEASURING: 0.04, VIDEO: 0.33}


@dataclass(frozen=True)
class MediaAnalysis(Record):
    version: str
    info: MediaInfo
    duration_s: float  # from decoded samples (or video frames when there is no audio)
    speech: SpeechAnalysis | None  # None when the recording has no audio track
    video: VideoAnalysis | None  # None when it has no video track
    timings: dict[str, float]  # seconds spent per step


class _Steps:
    def __init__(self, progress: Progress | None, weights: dict[str, float]) -> None:
        self.progress = progress
        self.weights = weights
        self.done = 0.0
        self.timings: dict[str, float] = {}
        self._label: str | None = None
        self._started = 0.0

    def start(self, label: str) -> None:
        self._finish()
        self._label, self._started = label, time.perf_counter()
        self.report(label, 0.0)

    def report(self, label: str, within: float) -> None:
        if self.progress:
            share = self.weights.get(label, 0.0)
            self.progress(label, round(min(1.0, self.done + share * within), 3))

    def _finish(self) -> None:
        if self._label is not None:
            self.timings[self._label] = round(time.perf_counter() - self._started, 3)
            self.done += self.weights.get(self._label, 0.0)
            self._label = None

    def close(self) -> dict[str, float]:
        self._finish()
        if self.progress:
            self.progress(DONE, 1.0)
        return self.timings


def analyse_media(
    path: str | os.PathLike,
    *,
    language: str | None = None,
    progress: Progress | None = None,
    settings: MediaSettings | None = None,
) -> MediaAnalysis:
    """Probe, decode and analyse one recording. Raises MediaError for unusable uploads.

    With `settings.parallel_video`, the face tracking of a video answer runs in a
    second thread while the speech is transcribed (both release the GIL), so one
    answer can use both cores of an otherwise idle worker machine. Progress is
    still reported from the calling thread only, in the same order.
    """
    settings = settings or MediaSettings()
    info = probe_media(path)
    steps = _Steps(progress, _WEIGHTS_AV if info.has_video else _WEIGHTS_AUDIO)
    background = _VideoJob(path, settings) if info.has_video and info.has_audio and settings.parallel_video else None

    try:
        speech = None
        duration = 0.0
        if info.has_audio:
            steps.start(DECODING)
            audio = decode_audio(path, max_seconds=settings.max_seconds)
            duration = audio.duration_s
            steps.start(DETECTING)
            segments = detect_speech(audio)
            transcript = pitch = loudness = None
            if has_speech(segments):
                steps.start(TRANSCRIBING)
                transcript = transcribe(audio, segments, language=language, settings=settings)
                steps.start(MEASURING)
                loudness = measure_loudness(audio, segments)
                if transcript is not None:
                    pitch = measure_pitch(audio, segments)
            speech = combine(audio, segments, transcript, pitch, loudness)
            del audio

        video = None
        if info.has_video:
            steps.start(VIDEO)
            expected = duration or None
            last = [0.0]

            def on_frame(t: float) -> None:
                # Report about every tenth of the step, not every frame.
                if expected and t - last[0] >= expected / 10:
                    last[0] = t
                    steps.report(VIDEO, min(1.0, t / expected))

            if background is not None:
                measures = background.wait(on_frame)
            else:
                measures = measure_video(path, settings, on_frame=on_frame)
            video = analyse_frames(measures, settings.video_fps)
            if not duration:
                duration = video.duration_s
    finally:
        if background is not None:
            background.close()

    timings = steps.close()
    if background is not None and background.seconds is not None:
        # The step's own running time, not the part of it left after the speech.
        timings[VIDEO] = background.seconds
    return MediaAnalysis(
        version=PIPELINE_VERSION,
        info=info,
        duration_s=round(duration, 3),
        speech=speech,
        video=video,
        timings=timings,
    )


class _Stopped(Exception):
    """Ends the background face tracking when the speech part failed."""


class _VideoJob:
    """measure_video in a thread of its own, reporting how far it got."""

    def __init__(self, path: str | os.PathLike, settings: MediaSettings) -> None:
        self.reached = 0.0
        self.seconds: float | None = None
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="face-tracking")
        self._future = self._pool.submit(self._run, path, settings)

    def _run(self, path, settings):
        started = time.perf_counter()

        def on_frame(t: float) -> None:
            self.reached = t
            if self._stop.is_set():
                raise _Stopped

        measures = measure_video(path, settings, on_frame=on_frame)
        self.seconds = round(time.perf_counter() - started, 3)
        return measures

    def wait(self, on_frame: Callable[[float], None]):
        while True:
            try:
                return self._future.result(timeout=0.25)
            except FutureTimeout:
                on_frame(self.reached)

    def close(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=True)
