"""Migration 0010 adds what teams agreed about each dimension, and takes it away again."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from tests.test_migration_0007 import ROWS, SHIPPED, UPLOADED, rows
from tests.test_migrations import empty_databases
from toolkit.storage.db import db

AGREED = (
    "INSERT INTO agreed_statuses (round_id, dimension_key, status, note) "
    "VALUES (1, 'trust', :status, 'We see it differently.')"
)


def test_agreed_statuses_come_and_go_with_the_rounds_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in empty_databases(tmp_path, monkeypatch):
        # The rows 0007's test writes fit the schema before 0007; 0007 to 0009 carry them on.
        upgrade(revision="0005")
        with db.engine.begin() as connection:
            for statement in ROWS.split(";"):
                if statement.strip():
                    connection.execute(text(statement), {"uploaded": UPLOADED, "shipped": SHIPPED})
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text(
                        "SELECT setval(pg_get_serial_sequence('questionnaire_versions', 'id'), 10)"
                    )
                )
        upgrade(revision="0010")
        with db.engine.begin() as connection:
            connection.execute(text(AGREED), {"status": "no-agreement"})
        assert rows("SELECT round_id, dimension_key, status FROM agreed_statuses") == [
            (1, "trust", "no-agreement")
        ]
        # One status per dimension of a round: recording again changes it.
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(text(AGREED), {"status": "4"})

        downgrade(revision="0009")
        assert "agreed_statuses" not in inspect(db.engine).get_table_names()
        assert rows("SELECT COUNT(*) FROM rounds") == [(4,)]
        downgrade(revision="base")
