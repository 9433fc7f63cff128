"""Checking that the configured database answers, in one clear line."""

from __future__ import annotations

import sqlite3

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, NoSuchModuleError

from toolkit.config import ConfigError


def check_connection(url: str) -> None:
    """Connect once, or raise ConfigError naming the setting to fix."""
    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except NoSuchModuleError:
        raise ConfigError(
            f"DATABASE_URL={_shown(url)} names a database driver that is not installed."
        ) from None
    except DBAPIError as error:
        raise unreachable(url, error) from None


def unreachable(url: str, error: DBAPIError) -> ConfigError:
    """Explain a failed connection in one line, without the password."""
    reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    return ConfigError(
        f"Cannot reach the database at DATABASE_URL={_shown(url)}: {reason}. "
        "Check DATABASE_URL and that the database server is running."
    )


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


@event.listens_for(Engine, "connect")
def _enforce_sqlite_foreign_keys(dbapi_connection: object, _record: object) -> None:
    """Make SQLite honour ON DELETE CASCADE, as PostgreSQL does."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
