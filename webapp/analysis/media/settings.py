"""Tunables of the media pipeline, chosen by measurement (see bench/bench_media.py)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .serial import Record


@dataclass(frozen=True)
class MediaSettings(Record):
    # Threads per worker process for Whisper and OpenCV. The worker machine has 2 cores
    # and may run 2 worker processes, so 1 each keeps them from fighting.
    cpu_threads: int = 1
    # Where the multilingual Whisper model is joined from its two wheel parts.
    model_dir: str | None = None
    # tiny.en: beam 5 gives WER 0.10 vs 0.13-0.20 with beam 1 for ~0.5 s more per minute.
    english_beam_size: int = 5
    # base on Chinese: beam 5 fell into repetition loops (3-6x slower, worse CER); beam 1 did not.
    chinese_beam_size: int = 1
    video_fps: float = 5.0
    # Frames are downscaled before face tracking; 480 px keeps face-mesh accuracy.
    frame_max_side: int = 480
    # Longer recordings are refused rather than exhausting a worker.
    max_seconds: float = 1800.0
    # Track the face in a second thread while the speech is transcribed: on an idle
    # machine a video answer then takes about the time of its speech part alone.
    parallel_video: bool = True

    def model_cache(self) -> Path:
        if self.model_dir:
            return Path(self.model_dir)
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return Path(base) / "interview-console" / "models"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> MediaSettings:
        """Read the worker's settings from explicitly named environment variables."""
        default = cls()
        return cls(
            cpu_threads=int(environ.get("ANALYSIS_CPU_THREADS", default.cpu_threads)),
            model_dir=environ.get("ANALYSIS_MODEL_DIR") or None,
            english_beam_size=int(environ.get("ANALYSIS_EN_BEAM_SIZE", default.english_beam_size)),
            chinese_beam_size=int(environ.get("ANALYSIS_ZH_BEAM_SIZE", default.chinese_beam_size)),
            video_fps=float(environ.get("ANALYSIS_VIDEO_FPS", default.video_fps)),
            frame_max_side=int(environ.get("ANALYSIS_FRAME_MAX_SIDE", default.frame_max_side)),
            max_seconds=float(environ.get("ANALYSIS_MAX_MEDIA_SECONDS", default.max_seconds)),
            parallel_video=environ.get("ANALYSIS_PARALLEL_VIDEO", "1").strip().lower() not in ("0", "false", "no", "off"),
        )
