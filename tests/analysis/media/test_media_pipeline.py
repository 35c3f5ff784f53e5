"""analyse_media as the worker calls it: steps, progress, stored form, refusals."""

from __future__ import annotations

import json

import pytest

from webapp.analysis.media import MediaAnalysis, MediaError, analyse_media
from webapp.analysis.media.models import BASE_MODEL_SHA256, base_dir
from webapp.analysis.weights import sha256_of


def test_progress_names_every_step_in_order(ready, media):
    seen = []
    result = analyse_media(
        media("chromium_video_vp8.webm"),
        language="en",
        settings=ready,
        progress=lambda step, fraction: seen.append((step, fraction)),
    )
    steps = list(dict.fromkeys(step for step, _ in seen))
    assert steps == [
        "Decoding", "Detecting speech", "Transcribing", "Measuring voice", "Analysing video", "Done",
    ]
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert set(result.timings) == set(steps[:-1])


def test_result_survives_a_json_column(analysed):
    result = analysed("face_vp8_live.webm")
    stored = json.loads(json.dumps(result.to_dict(), ensure_ascii=False, allow_nan=False))
    assert MediaAnalysis.from_dict(stored) == result
    assert stored["version"] == result.version


def test_audio_only_answer_has_no_video_result(analysed):
    result = analysed("en_clean.wav")
    assert result.video is None and result.info.has_video is False


def test_broken_upload_is_refused_before_any_work(ready, generated):
    with pytest.raises(MediaError) as err:
        analyse_media(generated["truncated"], settings=ready)
    assert err.value.code == MediaError.DAMAGED


def test_base_model_is_rebuilt_when_the_cached_join_is_corrupt(tmp_path):
    target = tmp_path / "whisper-base-1.0.0"
    target.mkdir()
    (target / "model.bin").write_bytes(b"not a model")
    path = base_dir(tmp_path)
    assert sha256_of(path / "model.bin") == BASE_MODEL_SHA256
    assert {p.name for p in path.iterdir()} == {
        "model.bin", "config.json", "tokenizer.json", "vocabulary.txt",
    }
