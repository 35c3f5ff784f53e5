"""Pure helpers: serialisation, WER, pauses, fillers, pitch and loudness, video summary."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from webapp.analysis.media import Audio, FillerStats, Span, Word, filler_stats, measure_pauses
from webapp.analysis.media.face import FaceMeasure
from webapp.analysis.media.prosody import measure_loudness, measure_pitch
from webapp.analysis.media.transcribe import remove_loops
from webapp.analysis.media.vad import PauseStats
from webapp.analysis.media.video import INSUFFICIENT, OK, VideoAnalysis, analyse_frames, spans_where
from webapp.analysis.media.wer import char_error_rate, word_error_rate


def words(text: str, pauses_before: dict[int, float] | None = None) -> list[Word]:
    """A hand-made transcript: 0.2 s words, 0.05 s apart, with optional pauses."""
    out, t = [], 0.0
    for i, token in enumerate(text.split()):
        t += (pauses_before or {}).get(i, 0.0)
        out.append(Word(token, round(t, 2), round(t + 0.2, 2), 0.9))
        t += 0.25
    return out


def kinds(text: str, language: str = "en", **kw) -> list[str]:
    return [f.kind for f in filler_stats(words(text, **kw), language).fillers]


# --- word error rate -------------------------------------------------------


def test_wer_ignores_case_and_punctuation():
    assert word_error_rate("Response times dropped by half.", "response times, dropped by half") == 0
    assert word_error_rate("a b c d", "a x c") == pytest.approx(0.5)
    assert char_error_rate("我带领一个小团队", "我带领一个团队") == pytest.approx(1 / 8)


# --- fillers in context ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I like this approach.",
        "It looks like a bug in the parser.",
        "We would like to ship it.",
        "It was like a storm.",
        "Do you know Python?",
        "As you know, we shipped on time.",
        "What I mean is simple.",
        "So we rebuilt it in three months.",
        "That is something like twenty people.",
        "We used tools, like Jira and Slack.",
        "It was slow, like a snail.",
        "I like, really like it.",
        "Like I said, we shipped.",
    ],
)
def test_no_filler_where_the_words_carry_meaning(text):
    assert kinds(text) == []


def test_fillers_set_off_by_commas_are_counted():
    assert kinds("We, like, rebuilt the support system, you know.") == ["like", "you know"]
    assert kinds("I mean, it was slow.") == ["I mean"]
    assert kinds("It was, like, slow.") == ["like"]
    assert kinds("The old tool, like, crashed.") == ["like"]
    assert kinds("Um, so in my last job I, uh, basically led a team.") == ["um", "uh", "basically"]


def test_like_between_pauses_is_a_filler():
    assert kinds("we like rebuilt it", pauses_before={1: 0.4, 2: 0.4}) == ["like"]
    assert kinds("we like rebuilt it") == []  # no pause, no comma: ambiguous, not counted


def test_filler_keeps_time_and_context():
    stats = filler_stats(words("In my last job I, uh, led a small team."), "en")
    (filler,) = stats.fillers
    assert (filler.text, filler.kind) == ("uh,", "uh")
    assert filler.start == pytest.approx(1.25) and filler.end == pytest.approx(1.45)
    assert filler.before == "my last job I," and filler.after == "led a small team."
    assert stats.words == 10 and stats.per_100 == 10.0 and stats.by_kind == {"uh": 1}


def test_chinese_fillers_only_between_pauses_or_commas():
    chars = list("嗯，我们那个项目，那个，做得很好。呃这个，方案不错")
    stats = filler_stats(words(" ".join(chars)), "zh")
    assert [f.kind for f in stats.fillers] == ["嗯", "那个", "呃", "这个"]
    assert stats.fillers[1].before.endswith("项目，")
    assert stats.unit == "characters" and stats.words == 20
    # 这个 right after 呃 but running into a noun is "this", not a filler.
    assert kinds(" ".join("呃这个方案不错"), "zh") == ["呃"]
    assert kinds(" ".join("這個，我們做了"), "zh") == ["这个"]
    # 这个 inside a phrase is not a filler.
    assert kinds(" ".join("我们这个项目做得很好"), "zh") == []


def test_chinese_filler_bounded_by_pauses():
    text = " ".join("我们那个做了")
    assert kinds(text, "zh", pauses_before={2: 0.4, 4: 0.4}) == ["那个"]


def test_repetition_loops_are_cut():
    loop = words("we led a team team team team team team and shipped")
    kept, removed = remove_loops(loop)
    assert [w.text for w in kept] == "we led a team team team and shipped".split()
    assert removed == 3


# --- pauses -----------------------------------------------------------------


def test_pauses_ignore_leading_and_trailing_silence():
    segments = (Span(1.0, 3.0), Span(3.1, 5.0), Span(6.5, 8.0), Span(8.3, 9.0))
    stats = measure_pauses(segments, duration_s=12.0)
    assert stats.count == 2  # 0.1 s is not a pause; 1.5 s and 0.3 s are
    assert stats.longest_s == pytest.approx(1.5)
    assert stats.total_s == pytest.approx(1.8)
    assert stats.share_of_speaking_span == pytest.approx(1.8 / 8.0)
    assert (stats.leading_silence_s, stats.trailing_silence_s) == (1.0, 3.0)
    assert stats.pauses[0] == Span(5.0, 6.5)


def test_no_segments_means_no_pauses():
    stats = measure_pauses((), duration_s=5.0)
    assert stats.count == 0 and stats.leading_silence_s == 5.0


# --- pitch and loudness ----------------------------------------------------------

SR = 16_000


def voice(f0: np.ndarray, level: float = 0.2) -> np.ndarray:
    """A buzz with harmonics following the f0 contour: enough for a pitch tracker."""
    phase = np.cumsum(f0 / SR)
    x = sum(np.sin(2 * np.pi * h * phase) / h for h in range(1, 15))
    return (level * x / np.abs(x).max()).astype(np.float32)


def test_flat_voice_is_monotone_and_pitch_is_right():
    t = np.arange(0, 3, 1 / SR)
    stats = measure_pitch(Audio(voice(np.full_like(t, 140.0))), [Span(0, 3)])
    assert stats.status == "ok" and stats.monotone is True
    assert stats.median_hz == pytest.approx(140, abs=2)


def test_varied_voice_is_not_monotone():
    t = np.arange(0, 3, 1 / SR)
    contour = 140 * 2 ** (4 * np.sin(2 * np.pi * 0.6 * t) / 12)
    stats = measure_pitch(Audio(voice(contour)), [Span(0, 3)])
    assert stats.monotone is False and stats.std_semitones > 2


def test_noise_has_no_pitch():
    noise = np.random.default_rng(0).standard_normal(SR * 2).astype(np.float32) * 0.1
    assert measure_pitch(Audio(noise), [Span(0, 2)]).status == "insufficient_voiced_speech"


def test_loudness_flags_clipping_and_quiet_speech():
    t = np.arange(0, 2, 1 / SR)
    loud = np.clip(1.5 * voice(np.full_like(t, 150.0), 1.0), -1, 1)
    assert measure_loudness(Audio(loud), [Span(0, 2)]).clipping is True
    quiet = voice(np.full_like(t, 150.0), 0.005)
    stats = measure_loudness(Audio(quiet), [Span(0, 2)])
    assert stats.too_quiet is True and stats.clipping is False


# --- video summary ----------------------------------------------------------------


def face(t: float, **kw) -> FaceMeasure:
    base = dict(cx=0.5, cy=0.4, width=0.3, yaw=2.0, pitch=40.0, roll=1.0,
                gaze_x=0.5, gaze_y=0.5, smile=0.55, lift=0.0)
    base.update(kw)
    return FaceMeasure(t=t, brightness=0.5, face=True, **base)


def test_face_summary_uses_the_candidates_own_baseline():
    frames = [face(i / 5) for i in range(40)]
    frames += [face(8 + i / 5, yaw=40.0, gaze_x=0.8) for i in range(10)]  # looks aside 2 s
    frames += [FaceMeasure(t=10 + i / 5, brightness=0.5, face=False) for i in range(10)]
    result = analyse_frames(frames, fps=5.0)
    assert result.status == OK
    assert result.presence_share == pytest.approx(50 / 60, abs=1e-3)
    assert result.no_face_spans == (Span(10.0, 12.0),)
    assert result.looking_share == pytest.approx(0.8)
    assert result.looking_away_spans == (Span(8.0, 10.0),)
    assert result.baseline_pitch == 40.0  # biased absolute pitch is the reference, not 0
    assert result.movement.turned_away_share == pytest.approx(0.2)
    assert result.distance == "ok" and result.centred_share == 1.0
    assert result.smiling_share == 0.0


def test_too_few_faces_is_insufficient_data_not_a_low_score():
    frames = [FaceMeasure(t=i / 5, brightness=0.05, face=False) for i in range(50)]
    frames[3] = face(0.6)
    result = analyse_frames(frames, fps=5.0)
    assert result.status == INSUFFICIENT and result.message == "insufficient face data"
    assert result.looking_share is None and result.smiling_share is None and result.movement is None
    assert any("dark" in r for r in result.reasons)


def test_spans_merge_consecutive_frames_and_drop_blips():
    times = [i / 5 for i in range(20)]
    flags = [False] * 20
    flags[3] = True  # 0.2 s: a blip
    flags[10:15] = [True] * 5
    assert spans_where(times, flags, 0.2) == (Span(2.0, 3.0),)


# --- serialisation -----------------------------------------------------------------


def test_results_round_trip_through_json():
    frames = [face(i / 5) for i in range(20)]
    video = analyse_frames(frames, fps=5.0)
    again = VideoAnalysis.from_dict(json.loads(json.dumps(video.to_dict())))
    assert again == video and isinstance(again.no_face_spans, tuple)
    stats = filler_stats(words("Um, I, uh, like, you know."), "en")
    assert FillerStats.from_dict(json.loads(json.dumps(stats.to_dict()))) == stats
    nan = PauseStats(0, math.nan, 0.0, 0.0, 0.0, 0.0, ())
    assert nan.to_dict()["longest_s"] is None


def test_speech_is_cut_for_whisper_at_the_longest_pauses():
    from webapp.analysis.media.transcribe import _groups

    segments = [Span(float(i), i + 0.9) for i in range(30)]  # 0.1 s gaps
    segments[12] = Span(12.5, 12.9)  # a 0.6 s pause after 12 s
    groups = _groups(segments)
    assert [g[-1].end for g in groups][0] == pytest.approx(11.9)
    assert all(g[-1].end - g[0].start <= 24 for g in groups)
    assert sum(len(g) for g in groups) == 30
