"""Interview Console: the application factory."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, has_request_context, request
from flask_wtf.csrf import CSRFError

from .config import load_config
from .extensions import babel, csrf, db, login_manager, migrate

__version__ = "0.1.0"


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    config = load_config()
    if overrides:
        config.update(overrides)
    app = Flask(__name__, instance_path=config["INSTANCE_PATH"])
    app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    register_logging(app)
    register_routing(app)
    register_extensions(app)
    register_celery(app)
    register_blueprints(app)
    register_security(app)
    register_errors(app)
    register_template_helpers(app)
    register_cli(app)
    return app


def register_logging(app: Flask) -> None:
    root = logging.getLogger()
    if not any(getattr(h, "_interview_console", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"))
        handler._interview_console = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(app.config["LOG_LEVEL"])


def register_routing(app: Flask) -> None:
    from .routing import IdConverter

    app.url_map.converters["int"] = IdConverter
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]


def register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (registers the tables on the metadata)
    from .models.base import enable_sqlite_pragmas

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    with app.app_context():
        enable_sqlite_pragmas(db.engine)


def _select_locale() -> str:
    lang = getattr(g, "interview_language", None)
    if lang:
        return lang
    if not has_request_context():  # a task or a command: the configured default
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    return request.accept_languages.best_match(["en", "zh"]) or "en"


def register_celery(app: Flask) -> None:
    from .tasks import celery_init_app

    celery_init_app(app)


def register_blueprints(app: Flask) -> None:
    from .api.views import bp as api_bp
    from .auth.views import bp as auth_bp
    from .candidates.views import bp as candidates_bp
    from .console.views import bp as console_bp
    from .interviews.views import bp as interviews_bp
    from .main.views import bp as main_bp
    from .media.views import bp as media_bp
    from .operations.views import bp as operations_bp
    from .positions.views import bp as positions_bp
    from .reports.views import bp as reports_bp
    from .resumes.views import bp as resumes_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(positions_bp)
    app.register_blueprint(interviews_bp)
    app.register_blueprint(console_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(resumes_bp)
    app.register_blueprint(candidates_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(media_bp)
    app.register_blueprint(operations_bp)


def register_security(app: Flask) -> None:
    from .auth.security import init_security

    init_security(app)


def register_errors(app: Flask) -> None:
    from .errors import init_errors

    init_errors(app)
    app.register_error_handler(CSRFError, _csrf_error)


def _csrf_error(error: CSRFError):
    from flask_babel import gettext as _

    from .errors import render_error

    return render_error(400, _("Your form expired or was sent twice. Reload the page and try again."))


def register_template_helpers(app: Flask) -> None:
    from .templating import init_templating

    init_templating(app)


def register_cli(app: Flask) -> None:
    from .cli import init_cli

    init_cli(app)
