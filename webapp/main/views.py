from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from sqlalchemy import func, select, text

from ..auth.security import staff_required
from ..extensions import db
from ..models import InterviewSession, Position

bp = Blueprint("main", __name__)


@bp.get("/")
@staff_required
def dashboard():
    sessions = db.session.scalars(
        select(InterviewSession).order_by(InterviewSession.created_at.desc()).limit(25)
    ).all()
    counts = dict(
        db.session.execute(select(InterviewSession.status, func.count()).group_by(InterviewSession.status)).all()
    )
    positions = db.session.scalar(select(func.count()).select_from(Position).where(Position.archived_at.is_(None)))
    return render_template("main/dashboard.html", sessions=sessions, counts=counts, position_count=positions)


@bp.get("/healthz")
def healthz():
    """Liveness plus a database round trip; no login, no secrets."""
    db.session.execute(text("SELECT 1"))
    return jsonify({"status": "ok"})
