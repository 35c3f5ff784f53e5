"""Template globals and filters."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, request
from jinja2 import is_undefined


def init_templating(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.context_processor
    def inject() -> dict:
        return {
            "htmx_url": app.config["HTMX_URL"],
            "htmx_integrity": app.config["HTMX_INTEGRITY"],
            "is_htmx": bool(request.headers.get("HX-Request")),
        }

    from .reports.labels import label
    from .services.task_status import describe

    app.jinja_env.globals["describe"] = describe
    app.jinja_env.globals["label"] = label

    @app.template_filter("when")
    def when(value: datetime | None) -> str:
        if value is None:
            return "—"
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")

    @app.template_filter("pct")
    def pct(value: float | None, digits: int = 0) -> str:
        if value is None or is_undefined(value):
            return "—"
        return f"{value * 100:.{digits}f} %"

    @app.template_filter("score")
    def score(value: float | None) -> str:
        # Undefined: a part the report does not have (e.g. no scores before any analysis).
        return "—" if value is None or is_undefined(value) else f"{value:.0f}"
