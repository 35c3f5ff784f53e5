"""Recorded answers through a real worker: analysed as they arrive, then reported with their evidence."""

from __future__ import annotations

import numpy as np
import pytest

from tests.helpers import login, make_position, make_session, make_user, wait_for_task
from tests.media_helpers import media, uploader, write_webm_opus
from webapp.analysis.media.wer import word_error_rate
from webapp.extensions import db
from webapp.models import Answer
from webapp.services import analysis as analysis_service
from webapp.services import sessions as session_service
from webapp.services import task_records as records
from webapp.services.media_analysis import NOT_STORED
from webapp.services.positions import QuestionInput
from webapp.tasks import names

pytestmark = pytest.mark.worker

LED = (
    "Tell me about a time you led a team to improve something that was not working.",
    "Describe a project where you had to plan the work for others.",
    "Tell me about a time you turned user feedback into a better product.",
    "Describe a time you made a slow process faster.",
    "Tell me about a time you learned something from a project.",
    "Describe a time you had to deliver under a deadline.",
)
FILES = (
    "en_opus_live.webm",  # the README's speech, WebM/Opus with no duration
    "en_fill_live.webm",  # 7 fillers
    "face_vp8_live.webm",  # face 0-14 s, a cup 14-18 s, face 18-22 s
    "chromium_audio_opus.webm",  # recorded by Chromium's MediaRecorder
    "chromium_video_vp8.webm",
    "silence.webm",
)


def behavioural(text: str) -> QuestionInput:
    return QuestionInput(
        text=text,
        kind="behavioural",
        expected_points=("Describes the situation", "Explains own actions", "States the outcome"),
    )


def analysis_of(answer_id: int, timeout: float = 180):
    record = None
    for _ in range(int(timeout * 5)):
        db.session.expire_all()
        record = records.latest_record(names.KIND_ANSWER_ANALYSIS, "answer", answer_id)
        if record is not None:
            break
        __import__("time").sleep(0.2)
    assert record is not None, f"no analysis started for answer {answer_id}"
    done = wait_for_task(record.id, timeout=timeout)
    assert done.state == "succeeded", (done.state, done.error)
    return analysis_service.current_analysis(answer_id)


def test_recordings_are_analysed_as_they_arrive_and_the_report_shows_the_evidence(client, app, worker, tmp_path):
    position = make_position("Support Lead", questions=[behavioural(t) for t in LED])
    session = make_session(position, "Rec Candidate")
    silence = write_webm_opus(tmp_path / "silence.webm", np.zeros(48_000 * 4))
    up = uploader(client, session)
    answer_ids = []
    for question_id, name in zip(session.question_ids, FILES):
        path = silence if name == "silence.webm" else media(name)
        response = up.send(question_id, path.read_bytes(), chunk=256 * 1024)
        assert response.status_code == 201, response.get_data(as_text=True)
        answer_ids.append(response.json["data"]["answer_id"])

    # Each answer was queued when it was stored, before the interview was finished.
    clear, fillers, face, chromium_audio, chromium_video, silent = (analysis_of(a) for a in answer_ids)

    assert clear.status == "ok"
    transcript = clear.speech["transcript"]["text"]
    assert word_error_rate(media("answer_en.txt").read_text(), transcript) <= 0.20, transcript
    assert clear.content["status"] == "ok" and clear.content["star"] is not None
    assert 140 <= clear.speech["rate"]["per_minute"] <= 180
    assert clear.speech["fillers"]["count"] == 0
    assert clear.video is None
    assert any(c["score"] is not None for c in clear.scores["competencies"])

    assert fillers.speech["fillers"]["count"] == 7
    assert fillers.speech["fillers"]["by_kind"] == {"um": 2, "uh": 2, "like": 1, "you know": 1, "basically": 1}

    video = face.video
    assert video["status"] == "ok"
    assert video["presence_share"] == pytest.approx(18 / 22, abs=0.05)
    (gap,) = video["no_face_spans"]
    assert gap["start"] == pytest.approx(14, abs=0.6) and gap["end"] == pytest.approx(18, abs=0.6)

    assert chromium_audio.speech["no_speech"] is False
    assert chromium_video.video["presence_share"] == 1.0

    assert silent.status == "no_speech"
    assert silent.message.startswith("no speech detected")
    assert silent.content is None and silent.speech["transcript"] is None

    # Finishing starts the interview analysis: everything is done already, so it
    # aggregates at once and the report follows.
    response = client.post(f"/i/{session.token}/finish", data={"csrf_token": up.csrf})
    assert response.status_code == 302
    parent = records.latest_record(names.KIND_INTERVIEW_ANALYSIS, "session", session.id)
    assert wait_for_task(parent.id, timeout=120).state == "succeeded"
    for _ in range(600):
        report = records.latest_record(names.KIND_INTERVIEW_REPORT, "session", session.id)
        if report is not None:
            break
        __import__("time").sleep(0.2)
    assert wait_for_task(report.id, timeout=120).state == "succeeded"

    make_user()
    login(client)
    page = client.get(f"/interviews/{session.id}/report").get_data(as_text=True)
    for expected in ("Transcript", "Pace", "Pauses", "Filler words", "Eye contact", "Face in the picture",
                     "no speech detected", f'src="/media/answers/{answer_ids[2]}"'):
        assert expected in page, expected
    assert page.count('class="filler"') >= 7
    assert 'data-seek="' in page


def test_a_recording_that_cannot_be_analysed_fails_alone_and_the_interview_goes_on(client, app, worker):
    session = make_session()
    session_service.record_consent(session)
    lost, _ = session_service.store_answer(
        session, session.question_ids[0], mode="audio", media_path="answers/0/missing.webm", media_mime="audio/webm"
    )
    session_service.submit_text_answer(
        session, session.question_ids[1],
        "Last year two colleagues disagreed about a release. I met both, we compared the options and "
        "agreed on a staged rollout; as a result we shipped on time.",
    )
    parent, _ = analysis_service.start_session_analysis(session)
    assert wait_for_task(parent.id, timeout=180).state == "succeeded"
    row = analysis_service.current_analysis(lost.id)
    assert row.status == "failed" and row.message == NOT_STORED
    assert db.session.get(Answer, lost.id) is not None
    overall = analysis_service.session_analysis(session.id)
    assert overall is not None and overall.scores["answers"] == 1
