"""Telling whether the database has every migration applied."""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from toolkit.config import ConfigError
from toolkit.storage.db import db


def ensure_current() -> None:
    """Raise ConfigError, saying what to run, when the database is behind the code."""
    config = current_app.extensions["migrate"].migrate.get_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current != head:
        raise ConfigError(
            "The database is not up to date with this version of the toolkit; "
            "run `toolkit db upgrade` (or `toolkit demo` for the demo)."
        )
