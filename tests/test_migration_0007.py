"""Migration 0007 gives each organisation its own copy of an upload another one's round used."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from tests.test_migrations import empty_databases
from toolkit.storage.db import db

UPLOADED = "id: ladder\n# Organisation A's own note\nversion: '1.0'\n"
SHIPPED = "id: ladder\nversion: '1.0'\n"

ROWS = """
INSERT INTO organisations (id, name, slug) VALUES (1, 'A', 'a'), (2, 'B', 'b');
INSERT INTO groups (id, uid, organisation_id, name, kind, description)
  VALUES (1, 'g1', 1, 'A team', 'TEAM', ''), (2, 'g2', 2, 'B team', 'TEAM', '');
INSERT INTO questionnaire_versions (id, questionnaire_key, version, content_hash, title,
  source_yaml, organisation_id) VALUES
  (1, 'ladder', '1.0', 'same-content', 'Ladder', :uploaded, 1),
  (2, 'other', '1.0', 'other-content', 'Other', :shipped, NULL);
INSERT INTO rounds (id, uid, group_id, questionnaire_version_id, title, opens_on, closes_on,
  status, threshold, collect_comments, anonymous, perspective_keys) VALUES
  (1, 'r1', 1, 1, 'A round', '2026-01-01', '2026-01-31', 'CLOSED', 5, true, true, ''),
  (2, 'r2', 2, 1, 'B round', '2026-01-01', '2026-01-31', 'CLOSED', 5, true, true, ''),
  (3, 'r3', 2, 1, 'B again', '2026-02-01', '2026-02-28', 'CLOSED', 5, true, true, ''),
  (4, 'r4', 2, 2, 'B shipped', '2026-02-01', '2026-02-28', 'CLOSED', 5, true, true, '');
INSERT INTO responses (id, uid, round_id, resume_token_hash, status, collected, language,
  started_on) VALUES (1, 'x1', 2, 'h1', 'SUBMITTED', 'ONLINE', 'en', '2026-01-02');
"""


def rows(sql: str) -> list[tuple[object, ...]]:
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_a_round_using_another_organisations_upload_gets_its_own_copy_and_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in empty_databases(tmp_path, monkeypatch):
        upgrade(revision="0005")
        with db.engine.begin() as connection:
            for statement in ROWS.split(";"):
                if statement.strip():
                    connection.execute(text(statement), {"uploaded": UPLOADED, "shipped": SHIPPED})
            if connection.dialect.name == "postgresql":
                # Rows were given their ids; move the sequence past them.
                connection.execute(
                    text(
                        "SELECT setval(pg_get_serial_sequence('questionnaire_versions', 'id'), 10)"
                    )
                )
        upgrade()
        owners = rows(
            "SELECT r.id, v.organisation_id, v.source_yaml, v.source_hash "
            "FROM rounds r JOIN questionnaire_versions v "
            "ON v.id = r.questionnaire_version_id ORDER BY r.id"
        )
        digest = hashlib.sha256(UPLOADED.encode()).hexdigest()
        assert owners == [
            (1, 1, UPLOADED, digest),
            (2, 2, UPLOADED, digest),
            (3, 2, UPLOADED, digest),
            (4, None, SHIPPED, hashlib.sha256(SHIPPED.encode()).hexdigest()),
        ]
        assert rows("SELECT COUNT(*) FROM questionnaire_versions") == [(3,)]
        assert rows("SELECT round_id FROM responses") == [(2,)]

        downgrade(revision="0005")
        versions = rows("SELECT questionnaire_version_id FROM rounds ORDER BY id")
        assert versions == [(1,), (1,), (1,), (2,)]
        assert rows("SELECT COUNT(*) FROM questionnaire_versions") == [(2,)]
        assert rows("SELECT round_id FROM responses") == [(2,)]
        downgrade(revision="base")
