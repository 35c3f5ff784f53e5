"""Recording answers in headless Chromium with a fake camera and microphone, as a candidate does.

Chromium plays a WAV file as the microphone and a Y4M file as the camera
(``--use-file-for-fake-*-capture``); MediaRecorder records them like real
devices, the console uploads the recording in chunks, a real worker analyses
it, and the report shows the transcript, the voice and camera signals.
"""

from __future__ import annotations

import re
import time
from fractions import Fraction
from pathlib import Path

import pytest

from tests.browser.fixtures import CHROMIUM, CHROMIUM_ARGS
from tests.helpers import PASSWORD, make_position, make_session, make_user
from tests.media_helpers import media
from webapp.services.positions import QuestionInput

pytestmark = [pytest.mark.browser, pytest.mark.worker]

QUESTIONS = [
    QuestionInput(
        text="Tell me about a time you led a team to rebuild something that was not working.",
        kind="behavioural",
        expected_points=("Describes the situation", "Explains own actions", "States the outcome"),
    ),
    QuestionInput(
        text="How do you make sure you understand what users need before building?",
        expected_points=("Talks to users", "Writes a plan", "Checks the result"),
    ),
]


# Words of answer_en.txt that neither the questions nor the report's labels use.
DISTINCTIVE = {"customer", "support", "system", "people", "frustrated", "interviewed", "users", "wrote",
               "plan", "delivered", "months", "response", "dropped", "learned", "listening", "carefully",
               "rebuilt", "saves"}


def write_y4m(source: Path, target: Path, *, seconds: float = 6.0, fps: int = 10, size=(320, 240)) -> Path:
    """The face video as raw Y4M frames, the format Chromium's fake camera reads."""
    import av

    width, height = size
    step = Fraction(1, fps)
    with av.open(str(source)) as box, target.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        next_t = Fraction(0)
        for frame in box.decode(video=0):
            if frame.time is None or frame.time + 1e-6 < next_t:
                continue
            if next_t >= seconds:
                break
            next_t += step
            out.write(b"FRAME\n")
            out.write(frame.reformat(width=width, height=height, format="yuv420p").to_ndarray().tobytes())
    return target


@pytest.fixture(scope="module")
def fake_devices(tmp_path_factory):
    root = tmp_path_factory.mktemp("fake-devices")
    return media("en_clean.wav"), write_y4m(media("face_vp8_live.webm"), root / "face.y4m")


@pytest.fixture(scope="module")
def recording_browser(browser, fake_devices):
    """A second Chromium, from the same Playwright, whose camera and microphone are files."""
    wav, y4m = fake_devices
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}",
        f"--use-file-for-fake-video-capture={y4m}",
        "--autoplay-policy=no-user-gesture-required",
        # An origin that is not localhost, to see the console without a secure context.
        "--host-resolver-rules=MAP candidate.test 127.0.0.1",
    ]
    recording = browser.browser_type.launch(executable_path=CHROMIUM, args=args)
    yield recording
    recording.close()


def wait_until(check, timeout: float = 15) -> None:
    """Poll from Python: the console's CSP forbids the eval behind page.wait_for_function."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.1)


def record(page, seconds: float) -> None:
    page.click("[data-action=record]")
    page.wait_for_selector(".rec-badge:not([hidden])")
    time.sleep(seconds)
    page.click("[data-action=stop]")
    page.wait_for_selector("[data-action=submit]:not([hidden])")


def test_candidate_records_video_and_voice_answers_and_hr_reads_their_analysis(
    app, live_server, worker, recording_browser, tmp_path
):
    make_user("hr@example.org", "hr")
    session = make_session(make_position("Support Lead", questions=QUESTIONS), "Grace Recorder")
    link = f"{live_server}/i/{session.token}"

    page = recording_browser.new_context(viewport={"width": 1000, "height": 1000}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(link)
    page.check("input[name=agree]")
    page.click("button:has-text('Start the interview')")
    page.wait_for_selector("text=Question 1 of 2")

    # Video: turn the camera on, watch the sound meter move, record, play back, record again.
    page.click("#answer-modes [data-mode=video]")
    assert page.is_hidden("#type-panel")
    page.click("[data-action=enable]")
    page.wait_for_selector("[data-action=record]:not([hidden])")
    wait_until(lambda: int(page.get_attribute(".level", "aria-valuenow")) > 20)
    wait_until(lambda: page.eval_on_selector(".preview", "v => v.videoWidth") > 0)
    page.screenshot(path=str(tmp_path / "1-camera-ready.png"))
    record(page, 3)
    assert page.is_visible(".playback") and page.is_visible("[data-action=again]")
    page.click("[data-action=again]")
    page.wait_for_selector("[data-action=record]:not([hidden])")
    record(page, 8)
    assert re.search(r"Recorded 0:0[78]", page.inner_text(".rec-status"))
    page.screenshot(path=str(tmp_path / "2-recorded.png"))
    page.click("[data-action=submit]")
    page.wait_for_selector("text=Question 2 of 2", timeout=60_000)

    # The second question starts in the same mode; switch to voice only.
    page.wait_for_selector("[data-action=record]:not([hidden])")
    page.click("#answer-modes [data-mode=audio]")
    assert page.is_hidden(".stage")
    page.click("[data-action=enable]")
    page.wait_for_selector("[data-action=record]:not([hidden])")
    record(page, 7)
    assert page.is_visible(".playback-audio")
    page.click("[data-action=submit]")
    page.wait_for_selector("text=All questions answered", timeout=60_000)
    page.click("button:has-text('Finish the interview')")
    page.wait_for_selector("text=your interview is complete")
    assert errors == []

    # HR reads the report once the worker has analysed both recordings.
    hr = recording_browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    hr.goto(live_server + "/login")
    hr.fill("input[name=email]", "hr@example.org")
    hr.fill("input[name=password]", PASSWORD)
    hr.click("button[type=submit]")
    hr.wait_for_url(live_server + "/")
    hr.goto(f"{live_server}/interviews/{session.id}")
    hr.wait_for_selector("#session-tasks a:has-text('Open the report')", timeout=180_000)
    assert hr.locator("video[src^='/media/answers/']").count() == 1
    assert hr.locator("audio[src^='/media/answers/']").count() == 1
    hr.click("#session-tasks a:has-text('Open the report')")
    hr.wait_for_selector("h1:has-text('Interview report')")
    hr.screenshot(path=str(tmp_path / "3-report.png"), full_page=True)

    q1, q2 = hr.inner_text("#q1"), hr.inner_text("#q2")
    for text in (q1, q2):
        assert "Transcript" in text and "Pace" in text and "Pauses" in text and "Filler words" in text
    # The fake microphone loops the README's answer and the take starts wherever the loop is:
    # eight seconds of it hold several of its distinctive words.
    heard = DISTINCTIVE & set(re.findall(r"[a-z]+", q1.lower()))
    assert len(heard) >= 3, q1
    assert "Eye contact" in q1 and "Face in the picture" in q1
    assert "On camera" not in q2
    assert "Relevance" in q1 or "STAR structure" in q1
    # The recording plays in the report, and an evidence time seeks it.
    duration = hr.evaluate("""() => new Promise(resolve => {
        const v = document.querySelector('#q1 video');
        if (v.readyState >= 1) resolve(v.duration); else v.addEventListener('loadedmetadata', () => resolve(v.duration));
    })""")
    assert duration and duration > 5
    for name in ("1-camera-ready.png", "2-recorded.png", "3-report.png"):
        assert (tmp_path / name).stat().st_size > 10_000


def test_without_a_secure_connection_the_console_says_so_and_typing_still_works(app, live_server, recording_browser):
    session = make_session()
    port = live_server.rsplit(":", 1)[1]
    page = recording_browser.new_context().new_page()
    page.goto(f"http://candidate.test:{port}/i/{session.token}")
    page.check("input[name=agree]")
    page.click("button:has-text('Start the interview')")
    page.wait_for_selector("#recorder-unavailable:not([hidden])")
    assert "secure (HTTPS) connection" in page.inner_text("#recorder-unavailable")
    assert page.is_disabled("#answer-modes [data-mode=video]")
    assert page.is_visible("textarea.answer")


def test_a_blocked_camera_gets_an_accurate_message(app, live_server, browser):
    session = make_session()
    # The default test browser has no fake devices and grants no permission.
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server}/i/{session.token}")
    page.check("input[name=agree]")
    page.click("button:has-text('Start the interview')")
    page.click("#answer-modes [data-mode=video]")
    page.click("[data-action=enable]")
    page.wait_for_selector("#recorder .error-box:not([hidden])")
    message = page.inner_text("#recorder .error-box")
    assert "was blocked" in message or "No camera was found" in message, message
    # Typing is one click away and keeps working.
    page.click("#answer-modes [data-mode=text]")
    assert page.is_visible("textarea.answer")
    context.close()
