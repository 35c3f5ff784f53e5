"""Recorded answers arrive in chunks, are checked by content, stored, then served to those allowed."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import func, select

from tests.helpers import GOOD_QUESTION, STAR_QUESTION, login, make_position, make_session, make_user
from tests.media_helpers import media, uploader
from webapp.extensions import db
from webapp.models import Answer, MediaUpload, TaskRecord
from webapp.models.base import utcnow
from webapp.services import media_retention
from webapp.tasks import names


def media_root() -> Path:
    return Path(current_app.config["MEDIA_ROOT"])


def answers() -> list[Answer]:
    return list(db.session.scalars(select(Answer)))


def test_a_chunked_recording_is_stored_as_an_answer_then_queued(client, app):
    session = make_session()
    up = uploader(client, session)
    data = media("en_fill_live.webm").read_bytes()
    response = up.send(session.question_ids[0], data, chunk=50_000)
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.json["data"]
    assert body["next"] == f"/i/{session.token}"

    answer = db.session.get(Answer, body["answer_id"])
    assert answer.mode == "audio" and answer.media_mime == "audio/webm"
    # Length from the decoded samples: this live WebM declares none.
    assert answer.duration_s == pytest.approx(12.8, abs=0.2)
    assert answer.media_bytes == len(data)
    assert answer.meta["media"]["audio_codec"] == "opus"
    stored = media_root() / answer.media_path
    assert stored.read_bytes() == data
    assert stored.is_relative_to(media_root() / "answers")
    static = Path(current_app.static_folder).resolve()
    assert static not in stored.resolve().parents  # outside the web root
    # The partial file is gone; the analysis was queued after the answer was committed.
    assert not list((media_root() / "uploads").glob("*.part"))
    record = db.session.scalar(select(TaskRecord).where(TaskRecord.kind == names.KIND_ANSWER_ANALYSIS))
    assert record is not None and record.subject_id == answer.id
    # The console moves on to the next question.
    assert "Question 2 of 2" in client.get(f"/i/{session.token}").get_data(as_text=True)


@pytest.mark.parametrize(
    "name, mode, mime",
    [
        ("face_vp8_live.webm", "video", "video/webm"),
        ("chromium_video_vp8.webm", "video", "video/webm"),
        ("clip_h264_aac.mp4", "video", "video/mp4"),
        ("en_fill_aac.mp4", "audio", "audio/mp4"),
        ("zh_espeak.ogg", "audio", "audio/ogg"),
    ],
)
def test_the_kind_of_answer_comes_from_the_content(client, app, name, mode, mime):
    session = make_session()
    up = uploader(client, session)
    # Whatever the browser declares, the stored type is what the file is.
    response = up.send(session.question_ids[0], media(name).read_bytes(), chunk=256 * 1024)
    assert response.status_code == 201, response.get_data(as_text=True)
    answer = db.session.get(Answer, response.json["data"]["answer_id"])
    assert (answer.mode, answer.media_mime) == (mode, mime)
    assert Path(answer.media_path).suffix == "." + mime.split("/")[1]


def test_a_resent_chunk_is_verified_and_a_gap_tells_where_to_resume(client, app):
    session = make_session()
    up = uploader(client, session)
    data = media("en_opus_live.webm").read_bytes()
    upload_id = up.start(session.question_ids[0], len(data)).json["data"]["upload_id"]
    first, second = data[:40_000], data[40_000:80_000]
    assert up.chunk(upload_id, 0, 0, first).json["data"]["received"] == 40_000
    # The same chunk again (its response was lost): accepted, nothing written twice.
    again = up.chunk(upload_id, 0, 0, first)
    assert again.status_code == 200 and again.json["data"]["received"] == 40_000
    # The same place with other bytes is refused.
    other = up.chunk(upload_id, 0, 0, b"x" * 40_000)
    assert other.status_code == 409
    # A chunk past what arrived: 409 with the offset to resume from.
    gap = up.chunk(upload_id, 2, 80_000, data[80_000:120_000])
    assert gap.status_code == 409 and gap.json["data"]["received"] == 40_000
    # Completing early says how much is missing.
    early = up.complete(upload_id, len(data))
    assert early.status_code == 409 and early.json["data"]["received"] == 40_000
    assert up.chunk(upload_id, 1, 40_000, second).json["data"]["received"] == 80_000
    # After an interruption the browser asks what arrived and carries on from there.
    status = up.status(upload_id).json["data"]
    assert status["received"] == 80_000 and status["state"] == "receiving"
    offset = status["received"]
    while offset < len(data):
        assert up.chunk(upload_id, 0, offset, data[offset : offset + 40_000]).status_code == 200
        offset += 40_000
    done = up.complete(upload_id, len(data))
    assert done.status_code == 201
    assert (media_root() / answers()[0].media_path).read_bytes() == data
    # Completing twice (the first response was lost) returns the same answer.
    twice = up.complete(upload_id, len(data))
    assert twice.status_code == 200 and twice.json["data"]["answer_id"] == done.json["data"]["answer_id"]
    assert len(answers()) == 1


@pytest.mark.parametrize(
    "content, message",
    [
        (b"Dear hiring team,\nplease find my answer attached.\n" * 40, "not an audio or video recording"),
        (media("en_opus_live.webm").read_bytes()[:300], "damaged"),
        (media("en_opus_live.webm").read_bytes()[:30_000], "damaged"),
    ],
    ids=["text renamed .webm", "header only", "cut short"],
)
def test_uploads_are_checked_by_content_with_a_clear_message(client, app, content, message):
    session = make_session()
    up = uploader(client, session)
    response = up.send(session.question_ids[0], content, chunk=16_000)
    assert response.status_code == 422
    assert message in response.json["message"]
    assert answers() == []
    upload = db.session.scalar(select(MediaUpload))
    assert upload.state == "rejected" and message in upload.error
    assert not list((media_root() / "uploads").glob(f"{upload.id}*"))
    # Recording again works: a new upload for the same question.
    assert up.send(session.question_ids[0], media("en_fill_live.webm").read_bytes()).status_code == 201


@pytest.mark.parametrize("announced", [None, 5000], ids=["size not announced", "size announced"])
def test_completing_with_a_size_smaller_than_what_arrived_says_so(client, app, announced):
    session = make_session()
    up = uploader(client, session)
    data = media("en_fill_live.webm").read_bytes()
    upload_id = up.start(session.question_ids[0], announced).json["data"]["upload_id"]
    assert up.chunk(upload_id, 0, 0, data[:5000]).json["data"]["received"] == 5000
    response = up.complete(upload_id, 4000)
    assert response.status_code == 422
    assert response.json["message"] == "5000 bytes arrived but the recording is 4000 bytes. Please record again."
    # No "received" to resume from: resuming could never finish this take.
    assert "data" not in response.json
    upload = db.session.get(MediaUpload, upload_id)
    assert upload.state == "rejected" and not (media_root() / "uploads" / f"{upload_id}.part").exists()
    assert answers() == []
    assert up.send(session.question_ids[0], data).status_code == 201


def test_completing_with_another_size_than_announced_is_refused(client, app):
    session = make_session()
    up = uploader(client, session)
    data = media("en_fill_live.webm").read_bytes()
    upload_id = up.start(session.question_ids[0], 5000).json["data"]["upload_id"]
    assert up.chunk(upload_id, 0, 0, data[:5000]).status_code == 200
    # Resuming cannot help: the upload refuses bytes past the size it was opened for.
    response = up.complete(upload_id, 6000)
    assert response.status_code == 422
    assert response.json["message"] == (
        "The upload was opened for a recording of 5000 bytes, not 6000 bytes. Please record again."
    )
    assert db.session.get(MediaUpload, upload_id).state == "rejected"
    bad = up.complete(up.start(session.question_ids[0], None).json["data"]["upload_id"], 0)
    assert bad.status_code == 400 and "size" in bad.json["message"]


@pytest.mark.parametrize("size", [40_000, 2_000_000], ids=["small", "a full chunk"])
def test_a_chunk_sent_with_a_form_type_is_refused_with_the_type_to_use(client, app, size):
    session = make_session()
    up = uploader(client, session)
    upload_id = up.start(session.question_ids[0], None).json["data"]["upload_id"]
    url = f"/i/{session.token}/uploads/{upload_id}/chunks/0?offset=0"
    for form_type in ("application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
        response = client.put(url, data=b"\1" * size, headers=up.headers(**{"Content-Type": form_type}))
        assert response.status_code == 415, response.get_data(as_text=True)
        assert response.json["message"] == (
            "Send each chunk as raw bytes with Content-Type: application/octet-stream."
        )
    assert db.session.get(MediaUpload, upload_id).received_bytes == 0
    # The same bytes sent as the recorder sends them are taken.
    assert up.chunk(upload_id, 0, 0, b"\1" * size).json["data"]["received"] == size


def test_upload_errors_are_json_whatever_the_client_accepts(client, app):
    session = make_session()
    up = uploader(client, session)
    base = f"/i/{session.token}/uploads"
    upload_id = up.start(session.question_ids[0], None).json["data"]["upload_id"]
    as_page = {"X-CSRFToken": up.csrf, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    octets = {**as_page, "Content-Type": "application/octet-stream"}
    cases = [
        (client.get(f"{base}/{'0' * 32}", headers=as_page), 404),
        (client.delete(f"{base}/{'0' * 32}", headers=as_page), 404),
        (client.post(base, data="question_id=1", headers=as_page), 400),
        (client.put(f"{base}/{upload_id}/chunks/0", data=b"x", headers=octets), 400),  # no offset
        (client.put(f"{base}/{upload_id}/chunks/0?offset=0", data=b"", headers=octets), 400),
        (client.put(f"{base}/{upload_id}/chunks/0?offset=0", data=b"x", headers={"Accept": "text/html"}), 400),  # CSRF
        (client.put(f"{base}/{upload_id}/chunks/zero?offset=0", data=b"x", headers=octets), 404),
        (client.post(f"{base}/{upload_id}/chunks/0?offset=0", data=b"x", headers=octets), 405),
        (client.post(f"{base}/{upload_id}/complete", data="size=1", headers=as_page), 422),  # empty take
        (client.post(f"{base}/{upload_id}/complete", headers={}), 400),  # CSRF, no Accept at all
    ]
    for response, status in cases:
        assert response.status_code == status, (response.request.path, response.get_data(as_text=True)[:200])
        assert response.is_json, (response.request.path, response.get_data(as_text=True)[:200])
        assert response.json["message"] and response.json["error"]["status"] == status
    # The console's pages stay pages.
    page = client.get("/i/no-such-link", headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.mimetype == "text/html"


def test_a_recording_longer_than_the_question_allows_is_refused(client, app):
    short = replace(GOOD_QUESTION, max_duration_s=15)
    session = make_session(make_position(questions=[short, STAR_QUESTION]))
    up = uploader(client, session)
    response = up.send(session.question_ids[0], media("en_opus_live.webm").read_bytes())
    assert response.status_code == 422
    # 21.8 s of speech against 15 s (plus a 3 s tolerance for the stop button).
    assert "longer than the 0:15 allowed" in response.json["message"]
    ok = up.send(session.question_ids[0], media("en_fill_live.webm").read_bytes())
    assert ok.status_code == 201, ok.get_data(as_text=True)


def test_size_limits_give_a_clear_message(client, app):
    app.config["MAX_MEDIA_MB"] = 1
    session = make_session()
    up = uploader(client, session)
    response = up.start(session.question_ids[0], 3 * 1024 * 1024)
    assert response.status_code == 413
    assert response.json["message"] == "The recording is too large (3.0 MB); the limit is 1.0 MB."
    # A browser that does not announce the size is stopped when the bytes pass the limit.
    upload_id = up.start(session.question_ids[0], None).json["data"]["upload_id"]
    chunk = b"\0" * (512 * 1024)
    assert up.chunk(upload_id, 0, 0, chunk).status_code == 200
    assert up.chunk(upload_id, 1, len(chunk), chunk).status_code == 200
    over = up.chunk(upload_id, 2, 2 * len(chunk), chunk)
    assert over.status_code == 413 and "limit is 1.0 MB" in over.json["message"]
    # One chunk larger than the chunk size is refused before it is read.
    app.config["UPLOAD_CHUNK_MB"] = 1
    app.config["MAX_MEDIA_MB"] = 10
    big = up.chunk(upload_id, 1, len(chunk), b"\0" * (1024 * 1024 + 1))
    assert big.status_code == 413 and "at most 1 MB" in big.json["message"]


def test_an_invite_link_uploads_only_to_its_own_interview(client, app):
    mine = make_session(name="Mine")
    theirs = make_session(make_position("Data Engineer"), name="Theirs")
    me = uploader(client, mine)
    data = media("en_fill_live.webm").read_bytes()
    # A question of another interview.
    assert me.start(theirs.question_ids[0], len(data)).status_code == 404
    upload_id = me.start(mine.question_ids[0], len(data)).json["data"]["upload_id"]
    # Another link cannot see, feed, complete or discard my upload.
    other = uploader(client, theirs)
    assert other.status(upload_id).status_code == 404
    assert other.chunk(upload_id, 0, 0, data[:1000]).status_code == 404
    assert other.complete(upload_id, len(data)).status_code == 404
    assert other.discard(upload_id).status_code == 404
    assert me.status("../../etc/passwd").status_code == 404
    assert db.session.scalar(select(MediaUpload)).received_bytes == 0


def test_an_answered_question_cannot_be_recorded_again(client, app):
    session = make_session()
    up = uploader(client, session)
    assert up.send(session.question_ids[0], media("en_fill_live.webm").read_bytes()).status_code == 201
    again = up.start(session.question_ids[0], 1000)
    assert again.status_code == 409 and "already answered" in again.json["message"]


def test_recording_again_discards_the_unfinished_take(client, app):
    session = make_session()
    up = uploader(client, session)
    data = media("en_fill_live.webm").read_bytes()
    upload_id = up.start(session.question_ids[0], len(data)).json["data"]["upload_id"]
    up.chunk(upload_id, 0, 0, data[:10_000])
    assert up.discard(upload_id).status_code == 200
    assert up.discard(upload_id).status_code == 200  # idempotent
    assert not (media_root() / "uploads" / f"{upload_id}.part").exists()
    assert up.chunk(upload_id, 1, 10_000, data[10_000:20_000]).status_code == 409
    assert up.send(session.question_ids[0], data).status_code == 201


def test_uploads_need_the_csrf_token(client, app):
    session = make_session()
    up = uploader(client, session)
    response = client.post(
        f"/i/{session.token}/uploads", json={"question_id": session.question_ids[0], "size": 10},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert up.start(session.question_ids[0], 10).status_code == 201


def test_recordings_are_served_to_staff_and_to_their_own_candidate_only(client, app):
    session = make_session()
    other = make_session(name="Someone else")
    data = media("face_vp8_live.webm").read_bytes()
    answer_id = uploader(client, session).send(session.question_ids[0], data).json["data"]["answer_id"]

    own = client.get(f"/i/{session.token}/answers/{answer_id}/media")
    assert own.status_code == 200 and own.data == data and own.mimetype == "video/webm"
    assert "no-store" in own.headers["Cache-Control"]
    assert client.get(f"/i/{other.token}/answers/{answer_id}/media").status_code == 404

    # Not signed in: no recording (one client only: the app context, and Flask-WTF's
    # token cache in it, lasts the whole test).
    assert client.get(f"/media/answers/{answer_id}").status_code == 302  # to the sign-in page
    assert client.get(f"/media/answers/{answer_id}", headers={"Accept": "application/json"}).status_code == 401

    make_user()
    login(client)
    staff = client
    full = staff.get(f"/media/answers/{answer_id}")
    assert full.status_code == 200 and full.data == data
    assert full.headers["Accept-Ranges"] == "bytes"
    # Seeking in the player: a byte range.
    part = staff.get(f"/media/answers/{answer_id}", headers={"Range": "bytes=100-1099"})
    assert part.status_code == 206
    assert part.data == data[100:1100]
    assert part.headers["Content-Range"] == f"bytes 100-1099/{len(data)}"
    assert staff.get("/media/answers/999999").status_code == 404
    # HR's interview page plays it.
    page = staff.get(f"/interviews/{session.id}").get_data(as_text=True)
    assert f'src="/media/answers/{answer_id}"' in page and "<video" in page


def test_recordings_past_the_retention_period_are_deleted(client, app):
    session = make_session()
    up = uploader(client, session)
    old_id = up.send(session.question_ids[0], media("en_fill_live.webm").read_bytes()).json["data"]["answer_id"]
    new_id = up.send(session.question_ids[1], media("en_opus_live.webm").read_bytes()).json["data"]["answer_id"]
    old, new = db.session.get(Answer, old_id), db.session.get(Answer, new_id)
    old_file, new_file = media_root() / old.media_path, media_root() / new.media_path
    old.submitted_at = utcnow() - timedelta(days=181)
    # An upload nobody finished, and a file no answer refers to (its interview was deleted).
    stale = MediaUpload(id="a" * 32, session_id=session.id, question_id=session.question_ids[0],
                        updated_at=utcnow() - timedelta(hours=30))
    db.session.add(stale)
    db.session.commit()
    stale_part = media_root() / "uploads" / f"{stale.id}.part"
    stale_part.write_bytes(b"partial")
    orphan = media_root() / "answers" / "99999" / "q1-orphan.webm"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"orphan")
    long_ago = (utcnow() - timedelta(hours=30)).timestamp()
    os.utime(orphan, (long_ago, long_ago))

    result = app.test_cli_runner().invoke(args=["purge-media"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 recording(s)" in result.output and "1 abandoned upload(s)" in result.output

    db.session.expire_all()
    old, new = db.session.get(Answer, old_id), db.session.get(Answer, new_id)
    assert not old_file.exists() and old.media_path is None and old.media_purged_at is not None
    assert new_file.exists() and new.media_path is not None
    assert not stale_part.exists() and db.session.get(MediaUpload, stale.id).state == "rejected"
    assert not orphan.exists() and not orphan.parent.exists()
    # The deleted recording is no longer served; the newer one still is.
    assert client.get(f"/i/{session.token}/answers/{old_id}/media").status_code == 404
    assert client.get(f"/i/{session.token}/answers/{new_id}/media").status_code == 200
    # Running again deletes nothing more.
    again = media_retention.purge_media()
    assert again.to_dict() == {"recordings": 0, "uploads": 0, "orphans": 0}
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 2


@pytest.mark.parametrize(
    "raw",
    ['{"question_id": %d, "size": 1%s}', '{"question_id": %d, "size": 1e400}', '{"question_id": Infinity, "size": 10}'],
    ids=["huge size", "float overflow", "infinite id"],
)
def test_upload_numbers_too_large_are_refused_not_a_crash(client, app, raw):
    session = make_session()
    up = uploader(client, session)
    body = raw % ((session.question_ids[0], "0" * 400) if "%s" in raw else (session.question_ids[0],)) if "%d" in raw else raw
    response = client.post(f"/i/{session.token}/uploads", data=body,
                           headers=up.headers(**{"Content-Type": "application/json"}))
    assert response.status_code in (400, 413), response.get_data(as_text=True)
    assert response.json["message"]
