"""What the report templates need, for the staff page, the PDF and the candidate's own view."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ..analysis.scoring import COMPETENCIES
from ..analysis.scoring_media import PACE_CPM, PACE_WPM
from ..models import InterviewSession
from ..services import reports as report_service
from ..services import reviews as review_service
from .forms import ReviewForm
from .labels import label
from .radar import Series, radar_svg


def competency_axes(values: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """The radar's axes: every competency, presence only when some series measured it."""
    return [
        (c, label("competency", c))
        for c in COMPETENCIES
        if c != "presence" or any(v.get(c) is not None for v in values)
    ]


def radar_for(scores: Mapping[str, Any] | None, name: str) -> Markup:
    if not scores:
        return Markup("")
    values = {c["competency"]: c["score"] for c in scores.get("competencies", [])}
    return radar_svg(competency_axes([values]), [Series(name, values)], title=_("Competency radar"))


def progress_radar(rows) -> Markup | None:
    """First and latest attempt with a report, overlaid."""
    reported = [r for r in rows if r.has_report]
    if not reported:
        return None
    picked = [reported[0]] if len(reported) == 1 else [reported[0], reported[-1]]
    series = [Series(f"{_('Attempt')} {rows.index(r) + 1}: {r.session.position.title}", r.scores) for r in picked]
    return radar_svg(competency_axes([r.scores for r in picked]), series, title=_("Progress"), legend=True)


def _review_form(session: InterviewSession) -> ReviewForm:
    form = ReviewForm()
    mine = review_service.review_by(session.id, current_user.id)
    if mine is not None and not form.is_submitted():
        form.overall.data = mine.overall
        form.recommendation.data = mine.recommendation or ""
        form.notes.data = mine.notes
        for c in COMPETENCIES:
            getattr(form, f"rating_{c}").data = mine.ratings.get(c)
    return form


def report_context(session: InterviewSession, *, staff: bool, review_form: ReviewForm | None = None) -> dict[str, Any]:
    report = report_service.current_report(session.id)
    data = report.data if report is not None else None
    context: dict[str, Any] = {
        "session": session,
        "report": report,
        "data": data,
        "staff": staff,
        "radar": radar_for(data.get("scores") if data else None, session.candidate.name),
        "competencies": COMPETENCIES,
        "pace_bands": {"wpm": PACE_WPM, "cpm": PACE_CPM},  # the scoring's reference, beside each pace
        "reviews": [],
        "review_form": None,
    }
    if staff:
        context["reviews"] = review_service.reviews_for(session.id)
        context["review_form"] = review_form or _review_form(session)
    return context
