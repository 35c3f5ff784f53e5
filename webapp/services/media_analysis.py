"""The recorded branch of an answer's analysis: voice and video, then the transcript's content.

Runs inside the per-answer task (queue ``analysis``) with the models the worker
loaded at start. A recording that cannot be analysed gives the answer status
"failed" with a readable message, and the interview goes on without it; a
silent one gives "no_speech", no transcript and no content score.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import current_app

from ..analysis import scoring
from ..analysis.content import analyse_content
from ..analysis.media import MediaAnalysis, MediaError, analyse_media
from ..analysis.media.pipeline import DONE
from ..analysis.media.speech import NO_SPEECH
from ..analysis.question_bank import QuestionSpec
from ..analysis.weights import WeightsError
from . import media as media_service
from .errors import PermanentTaskError

if TYPE_CHECKING:
    from .analysis import AnswerInput

log = logging.getLogger(__name__)

NOT_STORED = "The recording is no longer stored (deleted after the retention period or on request)."
NO_SOUND = f"{NO_SPEECH}: the recording has no sound track"
# Share of the task's bar the media pipeline takes; content and saving follow.
_MEDIA_FROM, _MEDIA_SPAN = 5.0, 80.0


def media_progress(progress: Callable[..., None]) -> Callable[[str, float], None]:
    """Pass the pipeline's steps on as the task's own ("Transcribing" at 45 %).

    The interview's bar composes them with the answer: "Answer 2 of 5: Transcribing".
    """

    def report(step: str, fraction: float) -> None:
        if step != DONE:
            progress(step, _MEDIA_FROM + _MEDIA_SPAN * fraction)

    return report


def transcription_language(session_language: str) -> str | None:
    """English interviews are transcribed as English; Chinese ones detect between the two,
    since candidates often answer technical questions in English."""
    return "en" if session_language == "en" else None


def compute_media_analysis(data: AnswerInput, progress: Callable[..., None]) -> dict[str, Any]:
    path = media_service.resolve(data.media_path) if data.media_path else None
    if path is None or not path.is_file():
        return failed(NOT_STORED)
    settings = media_service.media_settings(current_app.config)
    try:
        media = analyse_media(
            path,
            language=transcription_language(data.language),
            progress=media_progress(progress),
            settings=settings,
        )
    except MediaError as err:
        log.warning("recording not analysable answer_id=%s code=%s detail=%s", data.answer_id, err.code, err.detail)
        return failed(str(err))
    except WeightsError as err:
        # The worker's installation, not the answer: fail the task (no stored result),
        # so the answer is analysed again once the models are fixed.
        raise PermanentTaskError(f"The speech and face models on this worker are missing or damaged: {err}") from err
    log.info(
        "recording analysed answer_id=%s duration_s=%s timings=%s",
        data.answer_id,
        media.duration_s,
        media.timings,
    )
    return media_result(data.question, media, progress, answer_mode="video" if data.mode == "video" else "audio")


def media_result(
    question: QuestionSpec, media: MediaAnalysis, progress: Callable[..., None], *, answer_mode: str = "audio"
) -> dict[str, Any]:
    """Content analysis of the transcript, scores, and the voice and video parts with their evidence.

    `answer_mode` is what the candidate recorded ("audio" or "video"): a video answer
    without a trackable face lowers the confidence of presence, not its score.
    """
    speech = media.speech
    signals = {"answer_mode": answer_mode, "speech": speech, "video": media.video}
    parts = {
        "speech": speech.to_dict() if speech is not None else None,
        "video": media.video.to_dict() if media.video is not None else None,
    }
    transcript = speech.transcript if speech is not None and not speech.no_speech else None
    if transcript is None or not transcript.text.strip():
        # Nothing was said: no transcript is invented and the content is not scored.
        return {
            "status": "no_speech",
            "message": (speech.message or NO_SPEECH) if speech is not None else NO_SOUND,
            "content": None,
            "scores": scoring.score_answer(question, None, **signals).to_dict(),
            **parts,
        }
    progress("Analysing the content", 88)
    content = analyse_content(question, transcript.text)
    progress("Scoring", 93)
    scores = scoring.score_answer(question, content, **signals)
    return {
        "status": "ok",
        "message": None,
        "content": content.to_dict(),
        "scores": scores.to_dict(),
        **parts,
    }


def failed(message: str) -> dict[str, Any]:
    return {"status": "failed", "message": message, "content": None, "speech": None, "video": None, "scores": None}
