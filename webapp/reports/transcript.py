"""A transcript as marked pieces: words, filler words and long pauses, each with its time.

Pure (no Flask): it reads the stored speech analysis dict and returns plain dicts the report
template renders, so fillers and pauses are marked where they happened.
"""

from __future__ import annotations

from typing import Any

from webapp.analysis.scoring_media import LONG_PAUSE_S


def marked_transcript(speech: dict[str, Any] | None) -> list[dict[str, Any]]:
    """[{"kind": "word"|"filler"|"pause", "text", "start", "seconds"}] in time order; [] if none."""
    if not speech or speech.get("no_speech") or not speech.get("transcript"):
        return []
    words = speech["transcript"].get("words") or []
    fillers = (speech.get("fillers") or {}).get("fillers") or []
    filler_at = {(round(f["start"], 2), round(f["end"], 2)) for f in fillers}
    filler_starts = sorted(round(f["start"], 2) for f in fillers)
    pauses = [p for p in (speech.get("pauses") or {}).get("pauses") or [] if p["end"] - p["start"] >= LONG_PAUSE_S]
    pieces: list[dict[str, Any]] = []
    for w in words:
        key = (round(w["start"], 2), round(w["end"], 2))
        # Multi-word fillers ("you know") start at their first word.
        is_filler = key in filler_at or key[0] in filler_starts
        pieces.append({"kind": "filler" if is_filler else "word", "text": w["text"].strip(), "start": w["start"],
                       "seconds": None})
    for p in pauses:
        pieces.append({"kind": "pause", "text": "", "start": p["start"], "seconds": round(p["end"] - p["start"], 1)})
    pieces.sort(key=lambda x: (x["start"], x["kind"] != "pause"))
    if not words and speech["transcript"].get("text"):
        return [{"kind": "word", "text": speech["transcript"]["text"], "start": 0.0, "seconds": None}]
    return pieces
