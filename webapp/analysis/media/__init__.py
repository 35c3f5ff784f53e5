"""Analysis of one recorded answer: decode, speech, transcript, voice and video.

Pure functions with frozen dataclasses in and out; every result has
`to_dict()`/`from_dict()` so it can be stored as JSON. Nothing here imports
Flask, SQLAlchemy or Celery. Models load once per process (`warm_up()`).

    analysis = analyse_media("answer.webm", language="en", progress=report)
"""

from .decode import Audio, VideoFrame, decode_audio, decoded_duration, iter_video_frames
from .fillers import Filler, FillerStats, filler_stats, find_fillers_en, find_fillers_zh
from .models import warm_up
from .pipeline import PIPELINE_VERSION, MediaAnalysis, analyse_media
from .probe import MediaError, MediaInfo, probe_media
from .prosody import LoudnessStats, PitchStats, measure_loudness, measure_pitch
from .settings import MediaSettings
from .speech import SpeakingRate, SpeechAnalysis, analyse_speech
from .transcribe import Transcript, Word, transcribe
from .vad import PauseStats, Span, detect_speech, measure_pauses
from .video import HeadMovement, VideoAnalysis, analyse_frames, analyse_video, measure_video

__all__ = [
    "PIPELINE_VERSION",
    "Audio",
    "Filler",
    "FillerStats",
    "HeadMovement",
    "LoudnessStats",
    "MediaAnalysis",
    "MediaError",
    "MediaInfo",
    "MediaSettings",
    "PauseStats",
    "PitchStats",
    "SpeakingRate",
    "Span",
    "SpeechAnalysis",
    "Transcript",
    "VideoAnalysis",
    "VideoFrame",
    "Word",
    "analyse_frames",
    "analyse_media",
    "analyse_speech",
    "analyse_video",
    "decode_audio",
    "decoded_duration",
    "detect_speech",
    "filler_stats",
    "find_fillers_en",
    "find_fillers_zh",
    "iter_video_frames",
    "measure_loudness",
    "measure_pauses",
    "measure_pitch",
    "measure_video",
    "probe_media",
    "transcribe",
    "warm_up",
]
