"""Checking that the configured database answers, in one clear line."""

from __future__ import annotations

import sqlite3

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, NoSuchModuleError, OperationalError

from toolkit.config import ConfigError


def check_connection(url: str) -> None:
    """Connect once, or raise ConfigError naming the setting to fix."""
    shown = make_url(url).render_as_string(hide_password=True)
    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except NoSuchModuleError:
        raise ConfigError(f"DATABASE_URL={shown} names a database driver that is not installed.") from None
    except (OperationalError, DBAPIError) as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise ConfigError(
            f"Cannot reach the database at DATABASE_URL={shown}: {reason}. "
            "Check DATABASE_URL and that the database server is running."
        ) from None


@event.listens_for(Engine, "connect")
def _enforce_sqlite_foreign_keys(dbapi_connection: object, _record: object) -> None:
    """Make SQLite honour ON DELETE CASCADE, as PostgreSQL does."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
