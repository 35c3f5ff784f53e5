"""Score components from the voice and the video of a recorded answer.

Each rule turns one measured figure of `webapp.analysis.media` into 0-100 against a stated
reference; the README's "Scoring rules" section lists them with their sources. Absent data
(no speech, no face, a rate over too short a stretch) yields no component, so it can lower
the report's confidence but never a score.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from webapp.analysis.scoring_types import Evidence, clip

if TYPE_CHECKING:
    from webapp.analysis.media.speech import SpeechAnalysis
    from webapp.analysis.media.video import VideoAnalysis

# Pace over the speaking span. English: Microsoft Speaker Coach's 100-165 words per minute.
# Chinese: 180-280 characters per minute (presentation pace in Chinese coaching material is
# usually given as 200-250; Mandarin conversation runs at about 4-5 syllables a second).
PACE_WPM = (100.0, 165.0)
PACE_CPM = (180.0, 280.0)
PACE_FALLOFF = 0.4  # the score falls to 0 this far outside the band, relative to its edge
MIN_RATE_SPAN_S = 5.0  # a pace over a shorter stretch of speech is not scored
# Fillers: under 4 per 100 words (Read.ai's guidance) scores 100; 12 per 100 scores 0.
FILLERS_OK_PER_100 = 4.0
FILLERS_ZERO_PER_100 = 12.0
# Pitch spread in semitones: monotone below 1.5 (the media analysis's threshold).
PITCH_FLAT_ST, PITCH_LIVELY_ST = 1.0, 2.5
# A long pause: 2 s or more of silence inside the answer. Up to 1 a minute scores 100.
LONG_PAUSE_S = 2.0
LONG_PAUSES_OK_PER_MIN = 1.0
LONG_PAUSES_ZERO_PER_MIN = 5.0
# Share of the speaking span spent silent: up to 30 % scores 100, 60 % scores 0.
PAUSE_SHARE_OK, PAUSE_SHARE_ZERO = 0.30, 0.60
# Video, shares of the frames with a face.
EYE_CONTACT_OK = 0.60  # looking at the camera 60 % of the time or more scores 100
FACE_PRESENT_OK, FACE_PRESENT_ZERO = 0.90, 0.30
CENTRED_OK = 0.80
DISTANCE_CAP = 60.0  # framing score when the face is usually too far or too close
TURNED_OK, TURNED_ZERO = 0.10, 0.50


def _linear(value: float, good: float, zero: float) -> float:
    """100 at `good` (or better), 0 at `zero`, linear between; works in both directions."""
    if good == zero:
        return 100.0
    return clip(100.0 * (value - zero) / (good - zero))


def _pct(share: float) -> str:
    return f"{round(share * 100)} %"


def pace_score(per_minute: float, unit: str) -> float:
    low, high = PACE_CPM if unit == "cpm" else PACE_WPM
    if low <= per_minute <= high:
        return 100.0
    edge = low if per_minute < low else high
    return clip(100.0 - 100.0 * abs(per_minute - edge) / (PACE_FALLOFF * edge))


def filler_score(per_100: float) -> float:
    return _linear(per_100, FILLERS_OK_PER_100, FILLERS_ZERO_PER_100)


def voice_components(question_key: str, speech: SpeechAnalysis | None) -> list[Evidence]:
    """Communication and composure components; none when no speech was detected."""
    if speech is None or speech.no_speech:
        return []
    out: list[Evidence] = []

    def add(competency, code, score, weight, value, *, quote=None, hint=None, target=None, spans=()):
        out.append(Evidence(competency, code, round(clip(score), 1), weight, value, quote, hint, "voice",
                            question_key, target, tuple(spans)))

    rate = speech.rate
    if rate is not None and rate.speaking_span_s >= MIN_RATE_SPAN_S:
        low, high = PACE_CPM if rate.unit == "cpm" else PACE_WPM
        hint = "slow_down" if rate.per_minute > high else "speed_up"
        add("communication", "pace", pace_score(rate.per_minute, rate.unit), 0.35,
            f"{rate.per_minute:.0f} {rate.unit}", hint=hint, target=f"{low:.0f}-{high:.0f} {rate.unit}")

    fillers = speech.fillers
    if fillers is not None and fillers.words > 0:
        score = filler_score(fillers.per_100)
        kinds = ", ".join(f"{k} ×{n}" for k, n in sorted(fillers.by_kind.items(), key=lambda kv: (-kv[1], kv[0])))
        value = f"{fillers.count} in {fillers.words} {fillers.unit} ({fillers.per_100:.1f} %)" + (f": {kinds}" if kinds else "")
        first = fillers.fillers[0] if fillers.fillers else None
        quote = f"{first.before} [{first.text}] {first.after}".strip() if first else None
        spans = [(round(f.start, 2), round(f.end, 2)) for f in fillers.fillers]
        target = f"< {FILLERS_OK_PER_100:.0f} %"
        add("communication", "fillers", score, 0.35, value, quote=quote, hint="cut_fillers", target=target, spans=spans)
        add("composure", "fillers", score, 0.3, value, quote=quote, hint="cut_fillers", target=target, spans=spans)

    pitch = speech.pitch
    if pitch is not None and pitch.status == "ok" and pitch.std_semitones is not None:
        add("communication", "pitch_variation", _linear(pitch.std_semitones, PITCH_LIVELY_ST, PITCH_FLAT_ST) * 0.6 + 40,
            0.3, f"{pitch.std_semitones:.1f} st" + (" (monotone)" if pitch.monotone else ""),
            hint="vary_your_voice", target=f">= {PITCH_LIVELY_ST} st")

    pauses = speech.pauses
    span_s = rate.speaking_span_s if rate is not None else max(0.0, speech.duration_s - pauses.leading_silence_s - pauses.trailing_silence_s)
    if span_s >= MIN_RATE_SPAN_S:
        long = [p for p in pauses.pauses if p.end - p.start >= LONG_PAUSE_S]
        per_min = len(long) * 60.0 / span_s
        add("composure", "long_pauses", _linear(per_min, LONG_PAUSES_OK_PER_MIN, LONG_PAUSES_ZERO_PER_MIN), 0.45,
            f"{len(long)} ({per_min:.1f} per minute)", hint="pause_less",
            target=f"<= {LONG_PAUSES_OK_PER_MIN:.0f} per minute of {LONG_PAUSE_S:.0f} s or more",
            spans=[(round(p.start, 2), round(p.end, 2)) for p in long])
        add("composure", "pause_share", _linear(pauses.share_of_speaking_span, PAUSE_SHARE_OK, PAUSE_SHARE_ZERO), 0.25,
            _pct(pauses.share_of_speaking_span), hint="pause_less", target=f"<= {_pct(PAUSE_SHARE_OK)}")
    return out


def video_components(question_key: str, video: VideoAnalysis | None) -> list[Evidence]:
    """Presence components; none unless the face could be tracked (status "ok")."""
    if video is None or video.status != "ok":
        return []
    out: list[Evidence] = []

    def add(code, score, weight, value, *, hint=None, target=None, spans=()):
        out.append(Evidence("presence", code, round(clip(score), 1), weight, value, None, hint, "video",
                            question_key, target, tuple(spans)))

    if video.looking_share is not None:
        add("eye_contact", _linear(video.looking_share, EYE_CONTACT_OK, 0.0), 0.45, _pct(video.looking_share),
            hint="look_at_the_camera", target=f">= {_pct(EYE_CONTACT_OK)}",
            spans=[(s.start, s.end) for s in video.looking_away_spans])
    add("face_in_frame", _linear(video.presence_share, FACE_PRESENT_OK, FACE_PRESENT_ZERO), 0.2,
        _pct(video.presence_share), hint="stay_in_frame", target=f">= {_pct(FACE_PRESENT_OK)}",
        spans=[(s.start, s.end) for s in video.no_face_spans])
    if video.centred_share is not None:
        score = _linear(video.centred_share, CENTRED_OK, 0.0)
        if video.distance in ("too_far", "too_close"):
            score = min(score, DISTANCE_CAP)
        add("framing", score, 0.2, f"{_pct(video.centred_share)} centred, distance {video.distance or 'unknown'}",
            hint="sit_centred", target=f">= {_pct(CENTRED_OK)} centred, distance ok")
    if video.movement is not None:
        turned = video.movement.turned_away_share
        add("head_turned_away", _linear(turned, TURNED_OK, TURNED_ZERO), 0.15, _pct(turned),
            hint="look_at_the_camera", target=f"<= {_pct(TURNED_OK)}")
    return out


def voice_completeness(speech: SpeechAnalysis | None) -> tuple[float, float, list[str]]:
    """(content factor, voice factor, missing codes) for a recorded answer's audio."""
    if speech is None:
        return 0.0, 0.0, ["no_audio"]
    if speech.no_speech:
        return 0.0, 0.0, ["no_speech"]
    missing: list[str] = []
    content = voice = 1.0
    quality = speech.transcript.quality if speech.transcript is not None else "poor"
    if quality == "uncertain":
        content, missing = 0.75, ["transcript_uncertain"]
    elif quality == "poor":
        content, missing = 0.5, ["transcript_poor"]
    loud = speech.loudness
    if loud is not None and (loud.too_quiet or loud.clipping):
        voice = 0.5
        missing.append("audio_too_quiet" if loud.too_quiet else "audio_clipping")
    if speech.rate is None or speech.rate.speaking_span_s < MIN_RATE_SPAN_S:
        voice = min(voice, 0.5)
        missing.append("speech_too_short")
    return content, voice, missing


def video_completeness(video: VideoAnalysis | None) -> tuple[float, list[str]]:
    if video is None or video.status == "no_video":
        return 0.0, ["no_video"]
    if video.status != "ok":
        return 0.0, ["no_face_data"]
    return 1.0, []
