"""Driving the chunked upload routes the way static/recorder.js does."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.helpers import candidate_csrf

MEDIA = Path(__file__).resolve().parent / "data" / "media"


def media(name: str) -> Path:
    return MEDIA / name


def consent(client, token: str) -> str:
    csrf = candidate_csrf(client, token)
    response = client.post(f"/i/{token}/consent", data={"agree": "yes", "csrf_token": csrf})
    assert response.status_code == 302
    return csrf


@dataclass
class Uploader:
    client: Any
    token: str
    csrf: str

    def headers(self, **extra: str) -> dict[str, str]:
        return {"X-CSRFToken": self.csrf, "Accept": "application/json", **extra}

    def start(self, question_id: int, size: int | None, mime: str = "audio/webm;codecs=opus"):
        return self.client.post(
            f"/i/{self.token}/uploads",
            json={"question_id": question_id, "mime": mime, "size": size},
            headers=self.headers(),
        )

    def chunk(self, upload_id: str, index: int, offset: int, data: bytes):
        return self.client.put(
            f"/i/{self.token}/uploads/{upload_id}/chunks/{index}?offset={offset}",
            data=data,
            headers=self.headers(**{"Content-Type": "application/octet-stream"}),
        )

    def status(self, upload_id: str):
        return self.client.get(f"/i/{self.token}/uploads/{upload_id}", headers=self.headers())

    def complete(self, upload_id: str, size: int | None):
        return self.client.post(
            f"/i/{self.token}/uploads/{upload_id}/complete", json={"size": size}, headers=self.headers()
        )

    def discard(self, upload_id: str):
        return self.client.delete(f"/i/{self.token}/uploads/{upload_id}", headers=self.headers())

    def send(self, question_id: int, data: bytes, chunk: int = 64 * 1024):
        """The whole upload: start, every chunk, complete. Returns the complete response."""
        started = self.start(question_id, len(data))
        assert started.status_code == 201, started.get_data(as_text=True)
        upload_id = started.json["data"]["upload_id"]
        for index, offset in enumerate(range(0, len(data), chunk)):
            response = self.chunk(upload_id, index, offset, data[offset : offset + chunk])
            assert response.status_code == 200, response.get_data(as_text=True)
        return self.complete(upload_id, len(data))


def uploader(client, session) -> Uploader:
    return Uploader(client, session.token, consent(client, session.token))


def write_webm_opus(path: Path, samples, rate: int = 48_000) -> Path:
    """Encode mono float samples as WebM/Opus, like a browser recording."""
    from fractions import Fraction

    import av
    import numpy as np

    pcm = np.clip(samples, -1, 1).astype(np.float32)
    with av.open(str(path), "w", format="webm") as box:
        stream = box.add_stream("libopus", rate=rate, layout="mono")
        for i in range(0, len(pcm), 960):
            frame = av.AudioFrame.from_ndarray(pcm[None, i : i + 960], format="flt", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = rate, i, Fraction(1, rate)
            for packet in stream.encode(frame):
                box.mux(packet)
        for packet in stream.encode(None):
            box.mux(packet)
    return path
