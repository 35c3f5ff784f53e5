"""Helpers for the resume tests: upload through the real routes, parse through the real service."""

from __future__ import annotations

import io
from pathlib import Path

from webapp.extensions import db
from webapp.models import ResumeUpload
from webapp.services import resumes as resume_service

DATA = Path(__file__).resolve().parent / "data" / "resumes"
SHARED = DATA / "shared"
HOSTILE = DATA / "hostile"
SET = DATA / "set"


def upload_as_staff(client, csrf: str, candidate_id: int, path: Path, name: str | None = None, **headers):
    return client.post(
        "/resumes/upload",
        data={"csrf_token": csrf, "candidate_id": str(candidate_id), "resume": (io.BytesIO(path.read_bytes()), name or path.name)},
        content_type="multipart/form-data",
        headers=headers,
    )


def upload_as_candidate(client, csrf: str, token: str, path: Path, name: str | None = None, **headers):
    return client.post(
        f"/resumes/i/{token}/upload",
        data={"csrf_token": csrf, "resume": (io.BytesIO(path.read_bytes()), name or path.name)},
        content_type="multipart/form-data",
        headers=headers,
    )


class StepLog:
    """The progress callback a recorded task would give, keeping what it was told."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, float, int | None, int | None]] = []

    def __call__(self, step: str, percent: float, index: int | None = None, total: int | None = None) -> None:
        self.steps.append((step, percent, index, total))


def parse_now(upload_id: int) -> ResumeUpload:
    """Run the parse in this process (the same service function the worker runs)."""
    resume_service.parse_upload(upload_id, StepLog())
    db.session.expire_all()
    return db.session.get(ResumeUpload, upload_id)


def latest_upload() -> ResumeUpload | None:
    db.session.expire_all()
    return db.session.query(ResumeUpload).order_by(ResumeUpload.id.desc()).first()


class _FormReader:
    """The fields a browser would submit from one form of a page (inputs, textareas, checked boxes)."""

    def __init__(self, html: str, form_id: str):
        from html.parser import HTMLParser

        fields: list[tuple[str, str]] = []
        state = {"in_form": False, "textarea": None, "text": []}

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if tag == "form" and a.get("id") == form_id:
                    state["in_form"] = True
                if not state["in_form"]:
                    return
                if tag == "input" and a.get("name"):
                    kind = a.get("type", "text")
                    if kind in ("checkbox", "radio") and "checked" not in a:
                        return
                    if kind in ("submit", "button", "file"):
                        return
                    fields.append((a["name"], a.get("value") or ("y" if kind == "checkbox" else "")))
                if tag == "textarea" and a.get("name"):
                    state["textarea"] = a["name"]
                    state["text"] = []

            def handle_data(self, data):
                if state["textarea"] is not None:
                    state["text"].append(data)

            def handle_endtag(self, tag):
                if tag == "textarea" and state["textarea"] is not None:
                    text = "".join(state["text"])
                    fields.append((state["textarea"], text[1:] if text.startswith("\n") else text))
                    state["textarea"] = None
                if tag == "form" and state["in_form"]:
                    state["in_form"] = False

        Parser(convert_charrefs=True).feed(html)
        self.fields = fields

    def data(self, **changes: str) -> dict[str, str]:
        out = dict(self.fields)
        out.update(changes)
        return out


def draft_fields(html: str, **changes: str) -> dict[str, str]:
    """What the draft form on ``html`` submits, with ``changes`` typed in."""
    return _FormReader(html, "draft-form").data(**changes)
