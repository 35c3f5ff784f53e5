"""Probing and decoding real browser recordings, and refusing broken uploads."""

from __future__ import annotations

import numpy as np
import pytest

from webapp.analysis.media import MediaError, decode_audio, decoded_duration, iter_video_frames, probe_media


@pytest.mark.parametrize(
    "name, container, audio, video",
    [
        ("en_clean.wav", "wav", "pcm_s16le", None),
        ("en_opus_live.webm", "webm", "opus", None),
        ("chromium_audio_opus.webm", "webm", "opus", None),
        ("chromium_video_vp8.webm", "webm", "opus", "vp8"),
        ("face_vp8_live.webm", "webm", "opus", "vp8"),
        ("clip_vp9.webm", "webm", "opus", "vp9"),
        ("clip_h264_aac.mp4", "mp4", "aac", "h264"),
        ("en_fill_aac.mp4", "mp4", "aac", None),
        ("zh_espeak.ogg", "ogg", "opus", None),
    ],
)
def test_probe_names_container_and_codecs_from_content(media, name, container, audio, video):
    info = probe_media(media(name))
    assert (info.container, info.audio_codec, info.video_codec) == (container, audio, video)
    assert info.has_audio and info.has_video == (video is not None)


def test_live_webm_has_no_declared_duration_but_decodes_to_21_8_s(media):
    info = probe_media(media("en_opus_live.webm"))
    assert info.declared_duration_s is None  # like a MediaRecorder upload
    audio = decode_audio(media("en_opus_live.webm"))
    assert audio.samples.dtype == np.float32 and audio.samples.ndim == 1
    assert audio.sample_rate == 16_000
    assert audio.duration_s == pytest.approx(21.8, abs=0.15)


@pytest.mark.parametrize(
    "name, seconds",
    [
        ("en_clean.wav", 21.84),
        ("en_fill_live.webm", 12.8),
        ("en_fill_aac.mp4", 12.8),
        ("chromium_audio_opus.webm", 6.0),
        ("zh_espeak.ogg", 22.5),
    ],
)
def test_audio_durations_come_from_samples(media, name, seconds):
    assert decode_audio(media(name)).duration_s == pytest.approx(seconds, abs=0.15)


@pytest.mark.parametrize("name", ["face_vp8_live.webm", "clip_vp9.webm", "clip_h264_aac.mp4"])
def test_video_frames_are_sampled_and_downscaled(media, name):
    frames = list(iter_video_frames(media(name), fps=5.0, max_side=240))
    times = [f.t for f in frames]
    span = times[-1] - times[0]
    assert len(frames) == pytest.approx(span * 5 + 1, abs=2)
    assert all(b > a for a, b in zip(times, times[1:]))
    assert max(frames[0].rgb.shape[:2]) <= 240 and frames[0].rgb.shape[2] == 3
    assert frames[0].rgb.dtype == np.uint8


def test_too_long_recording_is_refused(media):
    with pytest.raises(MediaError) as err:
        decode_audio(media("en_clean.wav"), max_seconds=5)
    assert err.value.code == MediaError.TOO_LONG


@pytest.mark.parametrize(
    "name, message",
    [
        ("empty", "The file is empty."),
        ("notes", "This is not an audio or video recording."),
        ("answer", "This is not an audio or video recording."),
        ("truncated", "The recording is damaged and cannot be played."),
        ("header_only", "The recording is damaged and cannot be played."),
        ("flipped", "The recording is damaged and cannot be played."),
    ],
)
def test_broken_uploads_raise_a_readable_error(generated, name, message):
    with pytest.raises(MediaError) as err:
        probe_media(generated[name])
    assert str(err.value) == message


def test_every_file_cut_short_is_refused_not_only_the_first(generated):
    """FFmpeg reports each truncation with the same line; each must still count."""
    for _ in range(3):
        with pytest.raises(MediaError) as err:
            probe_media(generated["truncated"])
        assert err.value.code == MediaError.DAMAGED


def test_missing_file_is_a_media_error(tmp_path):
    with pytest.raises(MediaError):
        probe_media(tmp_path / "nothing.webm")


def test_decoded_duration_counts_samples_and_stops_early_when_too_long(media, tmp_path):
    assert decoded_duration(media("en_opus_live.webm")) == pytest.approx(21.8, abs=0.15)
    assert decoded_duration(media("face_vp8_live.webm")) == pytest.approx(22.0, abs=0.3)
    with pytest.raises(MediaError) as err:
        decoded_duration(media("en_opus_live.webm"), max_seconds=10)
    assert err.value.code == MediaError.TOO_LONG


def test_decoded_duration_of_a_video_without_sound_comes_from_its_frames(media, tmp_path):
    from fractions import Fraction

    import av

    silent = tmp_path / "silent_video.webm"
    with av.open(str(media("face_vp8_live.webm"))) as src, av.open(str(silent), "w", format="webm") as out:
        stream = out.add_stream("libvpx", rate=15)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        for n, frame in enumerate(src.decode(video=0)):
            if n >= 15 * 8:
                break
            frame = frame.reformat(width=320, height=240, format="yuv420p")
            frame.pts, frame.time_base = n, Fraction(1, 15)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    assert probe_media(silent).has_audio is False
    assert decoded_duration(silent) == pytest.approx(8.0, abs=1.0)
