"""Fixtures for the media pipeline tests: no app, models loaded once per session."""

from __future__ import annotations

import shutil
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from webapp.analysis.media import MediaSettings, analyse_media, warm_up

DATA = Path(__file__).resolve().parents[2] / "data" / "media"


def data(name: str) -> Path:
    return DATA / name


def write_webm_opus(path: Path, samples: np.ndarray, rate: int = 48_000) -> Path:
    """Encode mono float samples as a WebM/Opus file, like a browser upload."""
    with av.open(str(path), "w", format="webm") as box:
        stream = box.add_stream("libopus", rate=rate, layout="mono")
        pcm = np.clip(samples, -1, 1).astype(np.float32)
        hop = 960
        for i in range(0, len(pcm), hop):
            block = pcm[i : i + hop]
            frame = av.AudioFrame.from_ndarray(block[None, :], format="flt", layout="mono")
            frame.sample_rate = rate
            frame.pts = i
            frame.time_base = Fraction(1, rate)
            for packet in stream.encode(frame):
                box.mux(packet)
        for packet in stream.encode(None):
            box.mux(packet)
    return path


@pytest.fixture(scope="session")
def media():
    """media(name) -> path of a test recording in tests/data/media."""
    return data


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> MediaSettings:
    env = MediaSettings.from_env()
    if env.model_dir:
        return env
    # The joined Whisper base model is reused across runs from the user cache.
    return MediaSettings(model_dir=str(MediaSettings().model_cache()))


@pytest.fixture(scope="session")
def ready(settings) -> MediaSettings:
    warm_up(settings)
    return settings


@pytest.fixture(scope="session")
def analysed(ready):
    """analysed(name, language) -> MediaAnalysis, computed once per session."""
    cache: dict = {}

    def run(name: str, language: str | None = "en"):
        key = (name, language)
        if key not in cache:
            cache[key] = analyse_media(data(name), language=language, settings=ready)
        return cache[key]

    return run


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """Silence and noise recorded as WebM/Opus, plus damaged copies of a real upload."""
    root = tmp_path_factory.mktemp("generated")
    rng = np.random.default_rng(7)
    n = 48_000 * 6
    files = {
        "silence": write_webm_opus(root / "silence.webm", np.zeros(n)),
        "white_noise": write_webm_opus(root / "white_noise.webm", 0.1 * rng.standard_normal(n)),
        "hum_noise": write_webm_opus(
            root / "hum_noise.webm",
            0.2 * np.sin(2 * np.pi * 50 * np.arange(n) / 48_000)
            + 0.05 * np.cumsum(rng.standard_normal(n)) / 300,
        ),
    }
    real = data("en_opus_live.webm").read_bytes()
    (root / "truncated.webm").write_bytes(real[: len(real) // 2])
    (root / "header_only.webm").write_bytes(real[:300])
    flipped = bytearray(real)
    for pos in np.random.default_rng(1).integers(100, len(real), 200):
        flipped[pos] ^= 0xFF
    (root / "flipped.webm").write_bytes(bytes(flipped))
    (root / "empty.webm").write_bytes(b"")
    (root / "notes.webm").write_text("Dear hiring team,\nplease find my answer attached.\n" * 20)
    shutil.copy(data("answer_en.txt"), root / "answer.webm")
    for name in ("truncated", "header_only", "flipped", "empty", "notes", "answer"):
        files[name] = root / f"{name}.webm"
    return files
