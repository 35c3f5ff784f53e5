"""Candidates of a position side by side, and one candidate's attempts over time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..analysis.scoring import COMPETENCIES, SCORING_VERSION
from ..extensions import db
from ..models import Candidate, InterviewSession, Position, Report
from .errors import NotFound

SORT_KEYS = ("overall", "confidence", "answered", *COMPETENCIES)


@dataclass(frozen=True)
class Row:
    session: InterviewSession
    scores: dict[str, float | None]  # competency -> score, plus "overall" and "confidence"
    band: str | None
    has_report: bool

    @property
    def answered(self) -> tuple[int, int]:
        """(questions answered, questions asked)."""
        return len(self.session.answers), len(self.session.question_ids)


def _sort_value(row: Row, sort: str) -> float | None:
    """The figure a column sorts by: a score, or the share of the questions asked that were answered."""
    if sort == "answered":
        answered, asked = row.answered
        return answered / asked if asked else None
    return row.scores.get(sort)


def _reports(session_ids: list[int]) -> dict[int, dict[str, Any]]:
    if not session_ids:
        return {}
    rows = db.session.scalars(
        select(Report).where(Report.session_id.in_(session_ids), Report.scoring_version == SCORING_VERSION)
    )
    return {r.session_id: r.data for r in rows}


def _row(session: InterviewSession, data: dict[str, Any] | None) -> Row:
    scores = (data or {}).get("scores") or {}
    values: dict[str, float | None] = {c["competency"]: c["score"] for c in scores.get("competencies", [])}
    values["overall"] = scores.get("overall")
    values["confidence"] = (scores.get("confidence") or {}).get("score")
    return Row(session, values, scores.get("band"), data is not None and bool(scores))


def compare_position(position: Position, sort: str = "overall", descending: bool = True) -> tuple[list[Row], list[Row]]:
    """(rows with a report sorted by `sort`, rows without one). Ties keep the candidate's name order."""
    if sort not in SORT_KEYS:
        sort = "overall"
    sessions = sorted(position.sessions, key=lambda s: (s.candidate.name.lower(), s.id))
    reports = _reports([s.id for s in sessions])
    rows = [_row(s, reports.get(s.id)) for s in sessions]
    ranked = [r for r in rows if r.has_report]
    missing = [r for r in rows if not r.has_report]
    measured = [r for r in ranked if _sort_value(r, sort) is not None]
    unmeasured = [r for r in ranked if _sort_value(r, sort) is None]
    measured.sort(key=lambda r: _sort_value(r, sort), reverse=descending)  # stable: name order within ties
    return measured + unmeasured, missing


def candidate_attempts(candidate_id: int) -> tuple[Candidate, list[Row]]:
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None:
        raise NotFound("No candidate with this id.")
    sessions = sorted(candidate.sessions, key=lambda s: (s.completed_at or s.created_at, s.id))
    reports = _reports([s.id for s in sessions])
    return candidate, [_row(s, reports.get(s.id)) for s in sessions]


def set_competency_weights(position: Position, weights: dict[str, float]) -> None:
    """Store the position's weights; they take effect when an interview's analysis or report is rebuilt."""
    if any(k not in COMPETENCIES for k in weights) or any(v < 0 for v in weights.values()):
        raise ValueError("weights must be >= 0 for known competencies")
    if not any(weights.values()):
        raise ValueError("at least one weight must be above 0")
    position.competency_weights = {k: float(v) for k, v in weights.items() if v > 0}
    db.session.commit()
