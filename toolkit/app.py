"""The application factory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, has_request_context, request, session

import toolkit.storage.database  # noqa: F401  (makes SQLite enforce foreign keys)
from toolkit.config import load_settings
from toolkit.core.questionnaire.schema import LANGUAGES
from toolkit.paths import PACKAGE_DIR, shipped
from toolkit.storage.db import db
from toolkit.web.extensions import babel, csrf, migrate


def select_language() -> str:
    """Use the language the person chose, else the one their browser prefers.

    Outside a request (a report worker, a command) it is English; work done there
    for someone says its language with ``force_locale``.
    """
    if not has_request_context():
        return "en"
    chosen = session.get("language")
    if chosen in LANGUAGES:
        return str(chosen)
    return request.accept_languages.best_match(LANGUAGES) or "en"


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Create and configure the toolkit's Flask application."""
    instance_path = os.environ.get("INSTANCE_PATH") or str(PACKAGE_DIR.parent / "instance")
    app = Flask(
        "toolkit",
        instance_path=str(Path(instance_path).resolve()),
        template_folder=str(shipped("templates")),
        static_folder=str(PACKAGE_DIR / "static"),
    )
    app.config.from_mapping(load_settings(Path(app.instance_path)))
    app.config.from_mapping(overrides or {})

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_language,
        default_translation_directories=str(PACKAGE_DIR / "translations"),
    )

    from toolkit.cli import register_commands
    from toolkit.core.questionnaire.library import library_dirs, load_library
    from toolkit.storage import models  # noqa: F401  (register tables with the metadata)
    from toolkit.web import register_blueprints

    # Checked once at start-up: the app refuses to start on an invalid file.
    app.extensions["questionnaires"] = load_library(library_dirs(app.config["QUESTIONNAIRE_DIRS"]))
    register_blueprints(app)
    register_commands(app)
    return app
