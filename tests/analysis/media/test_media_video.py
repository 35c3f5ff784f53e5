"""Face presence and framing on the shared video recordings."""

from __future__ import annotations

import pytest

from webapp.analysis.media import analyse_video


def test_face_presence_and_the_no_face_span(analysed):
    result = analysed("face_vp8_live.webm")
    video = result.video
    assert video.status == "ok"
    assert video.presence_share == pytest.approx(0.82, abs=0.05)
    (gap,) = video.no_face_spans
    assert gap.start == pytest.approx(14.0, abs=0.5) and gap.end == pytest.approx(18.0, abs=0.5)
    assert video.duration_s == pytest.approx(22, abs=0.5)
    assert video.distance == "ok" and video.centred_share > 0.9
    assert video.looking_share > 0.9 and not video.looking_away_spans
    assert video.movement.turned_away_share == 0
    # The speech in the same file is analysed too.
    assert result.speech.rate.per_minute > 100


def test_chromium_camera_recording_has_a_face_throughout(analysed):
    result = analysed("chromium_video_vp8.webm", language=None)
    assert result.video.status == "ok"
    assert result.video.presence_share == 1.0 and result.video.no_face_spans == ()
    assert not result.speech.no_speech
    assert result.speech.transcript.language == "en"


@pytest.mark.parametrize("name", ["clip_h264_aac.mp4", "clip_vp9.webm"])
def test_other_codecs_track_the_face(ready, media, name):
    video = analyse_video(media(name), ready)
    assert video.status == "ok" and video.presence_share == 1.0
