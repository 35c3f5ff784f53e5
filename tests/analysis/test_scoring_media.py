"""Voice, video and skill-match scoring: each threshold, missing modalities, determinism.

The media results are built as the media analysis builds them (its own dataclasses), with the
figures each rule reads set on purpose; tests/analysis/media/test_media_scoring.py scores real
recordings.
"""

import json

import pytest

from webapp.analysis import scoring_media as sm
from webapp.analysis.content import analyse_content
from webapp.analysis.media.fillers import Filler, FillerStats
from webapp.analysis.media.prosody import LoudnessStats, PitchStats
from webapp.analysis.media.speech import SpeakingRate, SpeechAnalysis
from webapp.analysis.media.transcribe import Transcript
from webapp.analysis.media.vad import PauseStats, Span
from webapp.analysis.media.video import HeadMovement, VideoAnalysis
from webapp.analysis.scoring import SessionScores, score_answer, score_session
from webapp.analysis.scoring_skills import ResumeSkills


def speech(*, wpm=140.0, span=60.0, fillers=2, words=140, std_st=2.8, pauses=(), share=0.2, quality="good",
           unit="wpm", too_quiet=False, no_speech=False) -> SpeechAnalysis:
    pause_spans = tuple(Span(a, b) for a, b in pauses)
    pause_stats = PauseStats(len(pause_spans), max((b - a for a, b in pauses), default=0.0),
                             sum(b - a for a, b in pauses), share, 0.5, 0.5, pause_spans)
    if no_speech:
        return SpeechAnalysis(True, "no speech detected: the recording is silent", span + 1, 0.0, -80.0, (), pause_stats)
    filler_list = tuple(Filler("um", "um", 3.0 + i, 3.3 + i, "so I", "started by") for i in range(fillers))
    return SpeechAnalysis(
        no_speech=False, message="", duration_s=span + 1, speech_s=span * (1 - share), overall_dbfs=-24.0,
        segments=(Span(0.5, span + 0.5),), pauses=pause_stats,
        transcript=Transcript("text", (), "en" if unit == "wpm" else "zh", "whisper", quality, 0.9),
        rate=SpeakingRate(unit, words, wpm, span, wpm, span + 1, wpm * 1.2, span * 0.8),
        fillers=FillerStats(fillers, words, "words" if unit == "wpm" else "characters",
                            round(100 * fillers / words, 2) if words else 0.0, {"um": fillers} if fillers else {},
                            filler_list),
        pitch=PitchStats("ok", 500, 0.8, 180.0, std_st, std_st * 3, std_st < 1.5),
        loudness=LoudnessStats(-22.0, 4.0, -28.0, -17.0, -3.0, 0.0, False, too_quiet, -60.0, 38.0),
    )


def video(*, status="ok", looking=0.8, presence=0.97, centred=0.9, distance="ok", turned=0.05) -> VideoAnalysis:
    if status != "ok":
        return VideoAnalysis(status, "insufficient face data", 5.0, 300, 20, 60.0, 0.07, (Span(0, 60),), 0.05)
    return VideoAnalysis(
        "ok", "", 5.0, 300, int(300 * presence), 60.0, presence, (Span(10.0, 12.0),), 0.5,
        centred_share=centred, distance=distance, looking_share=looking,
        looking_away_spans=(Span(20.0, 23.5),), movement=HeadMovement(4.0, 3.0, 2.0, 5.0, turned), smiling_share=0.2,
    )


def component(result, competency, code):
    return next(e for e in result.get(competency).evidence if e.code == code)


@pytest.fixture(scope="module")
def led_team(bank, answer_en):
    question = bank.question("beh.led_team").spec()
    return question, analyse_content(question, answer_en)


def score(led_team, **kwargs):
    question, content = led_team
    return score_answer(question, content, **kwargs)


@pytest.mark.parametrize(
    ("wpm", "unit", "expected"),
    [(100, "wpm", 100), (165, "wpm", 100), (132, "wpm", 100), (80, "wpm", 50), (60, "wpm", 0),
     (198, "wpm", 50), (231, "wpm", 0), (180, "cpm", 100), (280, "cpm", 100), (144, "cpm", 50), (336, "cpm", 50)],
)
def test_pace_band_and_falloff(wpm, unit, expected):
    assert sm.pace_score(wpm, unit) == pytest.approx(expected)


@pytest.mark.parametrize(("per_100", "expected"), [(0, 100), (4.0, 100), (8.0, 50), (12.0, 0), (20.0, 0)])
def test_filler_threshold(per_100, expected):
    assert sm.filler_score(per_100) == pytest.approx(expected)


def test_voice_components_cite_figures_targets_and_timestamps(led_team):
    result = score(led_team, answer_mode="audio", speech=speech(wpm=190, fillers=10, words=100,
                                                                pauses=[(5.0, 7.5), (30.0, 33.0), (40.0, 40.5)]))
    pace = component(result, "communication", "pace")
    assert pace.value == "190 wpm" and pace.target == "100-165 wpm" and pace.hint == "slow_down" and pace.source == "voice"
    assert pace.score == pytest.approx(round(100 - 100 * 25 / 66, 1))
    fillers = component(result, "communication", "fillers")
    assert fillers.value.startswith("10 in 100 words (10.0 %)") and fillers.score == 25.0 and len(fillers.spans) == 10
    assert fillers.quote == "so I [um] started by"
    long = component(result, "composure", "long_pauses")
    assert long.spans == ((5.0, 7.5), (30.0, 33.0)) and long.value == "2 (2.0 per minute)" and long.score == 75.0
    assert result.get("communication").how_to_improve in ("cut_fillers", "slow_down")
    assert result.get("presence").score is None  # audio answers do not measure presence


def test_pitch_and_pause_share_thresholds(led_team):
    lively = score(led_team, answer_mode="audio", speech=speech(std_st=2.5, share=0.30))
    flat = score(led_team, answer_mode="audio", speech=speech(std_st=1.0, share=0.60))
    assert component(lively, "communication", "pitch_variation").score == 100
    assert component(flat, "communication", "pitch_variation").score == 40
    assert "monotone" in component(flat, "communication", "pitch_variation").value
    assert component(lively, "composure", "pause_share").score == 100
    assert component(flat, "composure", "pause_share").score == 0


def test_a_short_stretch_of_speech_is_not_paced(led_team):
    result = score(led_team, answer_mode="audio", speech=speech(span=3.0, words=8))
    codes = {e.code for e in result.get("communication").evidence}
    assert "pace" not in codes and "speech_too_short" in result.missing


def test_video_thresholds(led_team):
    good = score(led_team, answer_mode="video", speech=speech(), video=video())
    assert component(good, "presence", "eye_contact").score == 100
    assert good.get("presence").score == 100 and good.completeness == 1.0
    weak = score(led_team, answer_mode="video", speech=speech(),
                 video=video(looking=0.35, presence=0.6, centred=0.4, distance="too_far", turned=0.3))
    eye = component(weak, "presence", "eye_contact")
    assert eye.value == "35 %" and eye.score == pytest.approx(58.3) and eye.spans == ((20.0, 23.5),)
    assert component(weak, "presence", "face_in_frame").score == 50
    assert component(weak, "presence", "framing").score == 50  # 40 % centred: under the distance cap
    assert component(weak, "presence", "head_turned_away").score == 50
    assert weak.get("presence").how_to_improve == "look_at_the_camera"


def test_missing_modalities_lower_completeness_not_scores(led_team):
    full = score(led_team, answer_mode="video", speech=speech(), video=video())
    no_face = score(led_team, answer_mode="video", speech=speech(), video=video(status="insufficient_face_data"))
    no_video = score(led_team, answer_mode="video", speech=speech(), video=None)
    silent = score(led_team, answer_mode="audio", speech=speech(no_speech=True))
    for partial in (no_face, no_video):
        assert partial.get("presence").score is None
        assert partial.completeness == 0.75
        for competency in ("communication", "composure", "logical_thinking"):
            assert partial.get(competency).score == full.get(competency).score
    assert no_face.missing == ("no_face_data",) and no_video.missing == ("no_video",)
    assert silent.completeness == 0 and silent.missing == ("no_speech",) and "no_speech" in silent.notes
    assert silent.get("composure").score is None and silent.get("communication").score is None
    uncertain = score(led_team, answer_mode="audio", speech=speech(quality="uncertain"))
    assert uncertain.completeness == pytest.approx((2 * 0.75 + 1) / 3, abs=1e-3)
    quiet = score(led_team, answer_mode="audio", speech=speech(too_quiet=True))
    assert "audio_too_quiet" in quiet.missing
    assert quiet.get("communication").score == score(led_team, answer_mode="audio", speech=speech()).get("communication").score


def test_session_confidence_drops_with_missing_data_while_the_score_stays(led_team):
    full = score(led_team, answer_mode="video", speech=speech(), video=video())
    no_face = score(led_team, answer_mode="video", speech=speech(), video=video(status="insufficient_face_data"))
    weights = {"communication": 1, "logical_thinking": 1, "problem_solving": 1, "composure": 1, "presence": 1}
    complete = score_session([full, full], weights)
    missing = score_session([full, no_face], weights)
    unanswered = score_session([full, full], weights, asked=4)
    assert complete.confidence.level == "high" and complete.confidence.score == 100
    assert missing.confidence.score < complete.confidence.score
    assert ("no_face_data", "1") in missing.confidence.reasons
    assert missing.get("presence").score == complete.get("presence").score
    assert unanswered.overall == complete.overall and unanswered.confidence.score == 50
    assert ("unanswered", "2") in unanswered.confidence.reasons
    typed_only = score_session([score(led_team)], weights)
    assert typed_only.get("composure").score is None
    assert ("not_measured", "composure") in typed_only.confidence.reasons  # presence: no video was asked for


def test_skill_match_combines_answers_and_resume(bank, answers):
    question = bank.question("backend.slow_query").spec()  # probes PostgreSQL and SQL
    good = score_answer(question, analyse_content(question, answers["answers"][0]["good_en"]))
    off = score_answer(question, analyse_content(question, answers["answers"][0]["off_topic_en"]))
    required = [("PostgreSQL", 4), ("SQL", 4), ("Kubernetes", 2)]
    resume = ResumeSkills.from_match({
        "matched": [{"skill": "PostgreSQL", "weight": 4, "credit": 1.0, "via": "skills",
                     "evidence": {"text": "Skills: PostgreSQL, Redis", "line": 12, "page": 1}},
                    {"skill": "SQL", "weight": 4, "credit": 0.5, "via": "implied by PostgreSQL", "evidence": None}],
        "missing": [{"skill": "Kubernetes", "weight": 2, "credit": 0.0, "via": "", "evidence": None}],
        "score": 0.6,
    })
    strong = score_session([good], {}, skills=required, resume=resume)
    rows = {s.skill: s for s in strong.skills}
    pk = good.get("professional_knowledge").score
    assert rows["PostgreSQL"].score == round(0.6 * pk + 40, 1) and rows["PostgreSQL"].resume == "shown"
    assert rows["SQL"].resume == "implied" and rows["SQL"].score == round(0.6 * pk + 20, 1)
    assert rows["Kubernetes"].score == 0 and rows["Kubernetes"].answer_score is None
    evidence = {e.value.split(" (")[0]: e for e in strong.get("skill_match").evidence}
    assert evidence["PostgreSQL"].quote == "Skills: PostgreSQL, Redis" and evidence["PostgreSQL"].source == "answers+resume"
    weak = score_session([off], {}, skills=required, resume=resume)
    assert weak.get("skill_match").score < strong.get("skill_match").score
    no_resume = score_session([good], {}, skills=required)
    assert {s.skill: s.resume for s in no_resume.skills}["Kubernetes"] == "unknown"
    assert {s.skill: s.score for s in no_resume.skills}["Kubernetes"] is None
    assert ("skills_unevidenced", "Kubernetes") in no_resume.confidence.reasons
    assert ResumeSkills.from_match(None) is None and ResumeSkills.from_match({"matched": "junk"}) is None


def test_band_reasons_name_what_moved_the_overall(led_team):
    strong = score(led_team, answer_mode="video", speech=speech(), video=video())
    weak = score(led_team, answer_mode="video", speech=speech(wpm=230, fillers=20, words=100, share=0.55),
                 video=video(looking=0.2))
    session = score_session([strong, weak], {"communication": 2, "presence": 1, "logical_thinking": 1})
    codes = [code for code, _ in session.band_reasons]
    assert codes[0] == "overall_in_band"
    assert session.band_reasons[0][1].split("|")[0] == f"{session.overall:.0f}"
    assert "lowered_by" in codes or "raised_by" in codes


def test_same_media_input_same_scores(led_team):
    a = score(led_team, answer_mode="video", speech=speech(fillers=7), video=video(looking=0.45))
    b = score(led_team, answer_mode="video", speech=speech(fillers=7), video=video(looking=0.45))
    assert a == b
    session = score_session([a, b], {}, skills=[("Leadership", 3)])
    stored = json.loads(json.dumps(session.to_dict()))
    assert SessionScores.from_dict(stored) == session
    assert json.dumps(score_session([a, b], {}, skills=[("Leadership", 3)]).to_dict(), sort_keys=True) == json.dumps(
        session.to_dict(), sort_keys=True
    )


def test_unknown_answer_mode_is_refused(led_team):
    with pytest.raises(ValueError):
        score(led_team, answer_mode="telepathy")
