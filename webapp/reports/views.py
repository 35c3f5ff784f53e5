"""Report pages beyond the single report: PDF export, HR reviews, comparison of the candidates
of a position, a candidate's progress, the position's competency weights, and the candidate's
own report in practice mode.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup

from ..analysis.scoring import COMPETENCIES
from ..auth.security import staff_required
from ..services import comparison
from ..services import positions as position_service
from ..services import reports as report_service
from ..services import reviews as review_service
from ..services import sessions as session_service
from ..services.errors import QueueUnavailable, ServiceError
from . import evidence, labels, sentences, specifics
from .context import competency_axes, progress_radar, report_context
from .forms import ReviewForm, WeightsForm
from .pdf import PdfUnavailable, attachment, cached_pdf
from .radar import Series, radar_svg

bp = Blueprint("reports", __name__)


@bp.app_template_filter("mmss")
def mmss(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


@bp.app_template_global()
def finding_text(finding: dict) -> str:
    return sentences.finding_text(finding)


@bp.app_template_global()
def band_reason_text(code: str, value: str) -> str:
    return sentences.band_reason_text(code, value)


@bp.app_template_global()
def confidence_reason_text(code: str, value: str) -> str:
    return sentences.confidence_reason_text(code, value)


@bp.app_template_global()
def evidence_label(code: str, unit: str = "words") -> str:
    return evidence.evidence_label(code, unit)


@bp.app_template_global()
def evidence_value(e: dict, unit: str = "words") -> str:
    return evidence.evidence_value(e, unit)


@bp.app_template_global()
def evidence_target(e: dict, unit: str = "words") -> str:
    return evidence.evidence_target(e, unit)


@bp.app_template_global()
def said_figures(found: list[str], texts: list[str]) -> specifics.Said:
    return specifics.said_figures(found, texts)


@bp.app_template_global()
def said_tools(found: list[str], texts: list[str]) -> specifics.Said:
    return specifics.said_tools(found, texts)


@bp.app_template_filter("tie")
def tie(text):
    """No line break between a number and its unit ("16 %", "3 h"); markup stays markup."""
    tied = labels.tie(str(text))
    return Markup(tied) if isinstance(text, Markup) else tied


def _pdf_response(html: str, session, stem: str):
    """The PDF as a download named after the candidate and the interview's date."""
    try:
        pdf = cached_pdf(html, base_url=request.host_url)
    except PdfUnavailable as exc:
        return make_response(render_template("errors/error.html", status=503, message=str(exc)), 503)
    when = session.completed_at or session.created_at
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = attachment(
        stem, session.candidate.name, when.date() if when else None, fallback=f"candidate-{session.candidate_id}")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/interviews/<int:session_id>/report.pdf")
@staff_required
def report_pdf(session_id: int):
    session = session_service.get_session(session_id)
    context = report_context(session, staff=True)
    if context["data"] is None:
        abort(404)
    html = render_template("interviews/report.html", pdf=True, layout="reports/pdf_base.html", **context)
    return _pdf_response(html, session, "interview-report")


@bp.post("/interviews/<int:session_id>/review")
@staff_required
def save_review(session_id: int):
    session = session_service.get_session(session_id)
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            review_service.save_review(
                session,
                current_user.id,
                ratings=form.ratings(),
                overall=form.overall.data,
                recommendation=form.recommendation.data or None,
                notes=form.notes.data or "",
            )
        except ServiceError as exc:
            form.notes.errors.append(exc.message)
        else:
            flash(_("Your review is saved beside the machine's scores."), "success")
            return redirect(url_for("interviews.report", session_id=session.id, _anchor="review"))
    context = report_context(session, staff=True, review_form=form)
    return render_template("interviews/report.html", **context), 400


@bp.get("/positions/<int:position_id>/compare")
@staff_required
def compare(position_id: int):
    position = position_service.get_position(position_id)
    sort = request.args.get("sort", "overall")
    if sort not in comparison.SORT_KEYS:
        sort = "overall"
    descending = request.args.get("order", "desc") != "asc"
    rows, missing = comparison.compare_position(position, sort, descending)
    overlay = [Series(r.session.candidate.name, r.scores) for r in rows[:6]]
    axes = competency_axes([r.scores for r in rows])
    return render_template(
        "reports/compare.html",
        position=position,
        rows=rows,
        missing=missing,
        sort=sort,
        sort_keys=comparison.SORT_KEYS,
        descending=descending,
        competencies=[c for c in COMPETENCIES if c == sort or any(r.scores.get(c) is not None for r in rows)],
        radar=radar_svg(axes, overlay, title=_("Competencies of the top candidates"), legend=True) if overlay else None,
        overlaid=len(overlay),
    )


@bp.get("/candidates/<int:candidate_id>/progress")
@staff_required
def progress(candidate_id: int):
    candidate, rows = comparison.candidate_attempts(candidate_id)
    return render_template(
        "reports/progress.html",
        candidate=candidate,
        rows=rows,
        competencies=[c for c in COMPETENCIES if any(r.scores.get(c) is not None for r in rows)],
        radar=progress_radar(rows),
    )


@bp.route("/positions/<int:position_id>/weights", methods=["GET", "POST"])
@staff_required
def weights(position_id: int):
    position = position_service.get_position(position_id)
    form = WeightsForm()
    if request.method == "GET":
        current = position.competency_weights or {c: 1.0 for c in COMPETENCIES}
        for c in COMPETENCIES:
            getattr(form, f"weight_{c}").data = current.get(c, 0)
    if form.validate_on_submit():
        try:
            comparison.set_competency_weights(position, form.weights())
        except ValueError:
            form.weight_professional_knowledge.errors.append(_("Give at least one competency a weight above 0."))
        else:
            rebuilt = 0
            if request.form.get("rebuild") == "yes":
                rebuilt = _rebuild_reports(position)
            rebuilding = ngettext("Rebuilding %(num)d report.", "Rebuilding %(num)d reports.", rebuilt)
            flash(_("Weights saved.") + (" " + rebuilding if rebuilt else ""), "success")
            return redirect(url_for("positions.detail", position_id=position.id))
    total = sum(float(getattr(form, f"weight_{c}").data or 0) for c in COMPETENCIES)
    return render_template("reports/weights.html", position=position, form=form, competencies=COMPETENCIES,
                           total=total), (400 if form.errors else 200)


def _rebuild_reports(position) -> int:
    count = 0
    for session in position.sessions:
        if report_service.current_report(session.id) is None:
            continue
        try:
            report_service.start_report(session, created_by_id=current_user.id)
        except QueueUnavailable as exc:
            flash(exc.message, "error")
            break
        count += 1
    return count


def _candidate_session(token: str):
    session = session_service.session_by_token(token)
    g.interview_language = session.language
    if not session.position.practice_mode or session.status != "completed":
        abort(404)
    return session


@bp.get("/i/<token>/report")
def candidate_report(token: str):
    session = _candidate_session(token)
    context = report_context(session, staff=False)
    response = make_response(render_template("interviews/report.html", token=token, layout="reports/candidate_base.html", **context))
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.get("/i/<token>/report.pdf")
def candidate_report_pdf(token: str):
    session = _candidate_session(token)
    context = report_context(session, staff=False)
    if context["data"] is None:
        abort(404)
    html = render_template("interviews/report.html", pdf=True, layout="reports/pdf_base.html", **context)
    response = _pdf_response(html, session, "interview-feedback")
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response

