"""Shared fixtures: an app on SQLite always, and again on PostgreSQL when one is given.

Set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run
every database test a second time on PostgreSQL. Each pytest-xdist worker
gets its own schema there, so parallel runs never see each other's rows.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from tests.sessions import sign_in_as
from toolkit import create_app
from toolkit.services.demo import DEMO_EMAIL, DEMO_SLUG
from toolkit.storage.db import db
from toolkit.storage.models import Account, Group, GroupKind, Organisation

# A real SMTP server for any test that asks for `mailbox`.
pytest_plugins = ["tests.mailbox"]

TEST_SECRET = "test-secret-key-that-is-long-enough-to-pass-checks"
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]
# For tests whose database makes no difference (routing, headers, limits, parsing): once
# is enough, and the suite stays quick.
sqlite_only = pytest.mark.parametrize("app", ["sqlite"], indirect=True)


def _worker_schema() -> str:
    return "tk_" + os.environ.get("PYTEST_XDIST_WORKER", "main")


def _postgres_url() -> str:
    url = make_url(POSTGRES_URL).set(drivername="postgresql+psycopg")
    url = url.update_query_dict({"options": f"-csearch_path={_worker_schema()}"})
    return url.render_as_string(hide_password=False)


def _migrated_app(database_url: str, instance: Path) -> Flask:
    os.environ["INSTANCE_PATH"] = str(instance)
    os.environ["SECRET_KEY"] = TEST_SECRET
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        db.engine.dispose()
    return app


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate one SQLite file per session; each test gets a fresh copy of it."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "toolkit.sqlite"
    _migrated_app(f"sqlite:///{path}", folder)
    return path


@pytest.fixture(scope="session")
def sqlite_demo_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Load the demo once per session into a copy of the migrated file."""
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "toolkit.sqlite"
    shutil.copy(sqlite_template, path)
    app = _migrated_app(f"sqlite:///{path}", folder)
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_schema(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Create this worker's schema afresh and migrate it once per session."""
    admin = create_engine(make_url(POSTGRES_URL).set(drivername="postgresql+psycopg"))
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {_worker_schema()} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {_worker_schema()}"))
    admin.dispose()
    url = _postgres_url()
    _migrated_app(url, tmp_path_factory.mktemp("pg"))
    return url


@dataclass
class Snapshot:
    """Every row of a PostgreSQL database, table by table, and where its id sequences stand."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)


def _take_snapshot(snapshot: Snapshot) -> None:
    with db.engine.connect() as connection:
        rows = {
            table.name: [dict(row._mapping) for row in connection.execute(table.select())]
            for table in db.metadata.sorted_tables
        }
        sequences = connection.execute(
            text(
                "SELECT sequencename, last_value FROM pg_sequences"
                " WHERE schemaname = current_schema() AND last_value IS NOT NULL"
            )
        )
        snapshot.sequences.update((name, value) for name, value in sequences)
    # Last, as it marks the snapshot taken.
    snapshot.rows.update(rows)


def _restore_snapshot(snapshot: Snapshot) -> None:
    with db.engine.begin() as connection:
        for table in db.metadata.sorted_tables:
            if snapshot.rows[table.name]:
                connection.execute(table.insert(), snapshot.rows[table.name])
        for name, value in snapshot.sequences.items():
            connection.execute(
                text("SELECT setval(CAST(:name AS regclass), :value)"),
                {"name": name, "value": value},
            )


def _empty_every_table() -> None:
    """Delete every row and start every id afresh, as TRUNCATE ... RESTART IDENTITY would.

    A test leaves a few hundred rows at most, and deleting them is many times quicker
    than truncating every table.
    """
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
        connection.execute(
            text(
                "SELECT setval(CAST(sequencename AS regclass), start_value, false)"
                " FROM pg_sequences WHERE schemaname = current_schema()"
            )
        )


@pytest.fixture(params=BACKENDS)
def app(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Flask]:
    """A toolkit app on an empty, fully migrated database."""
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", TEST_SECRET)
    if request.param == "sqlite":
        database = tmp_path / "toolkit.sqlite"
        shutil.copy(request.getfixturevalue("sqlite_template"), database)
        url = f"sqlite:///{database}"
    else:
        url = request.getfixturevalue("postgres_schema")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        yield app
        db.session.remove()
        if request.param == "postgresql":
            _empty_every_table()
        db.engine.dispose()


@pytest.fixture(scope="session")
def postgres_demo() -> Snapshot:
    """The demo on PostgreSQL, kept the first time a test loads it."""
    return Snapshot()


@pytest.fixture
def demo_data(
    sqlite_demo_template: Path,
    app: Flask,
    runner: FlaskCliRunner,
    postgres_demo: Snapshot,
) -> None:
    """Fill this test's database with the demo, as `toolkit demo` makes it.

    On SQLite the demo is loaded once per session and its file copied in place of the
    test's empty one, which takes milliseconds rather than a second or more. (The
    template is a fixture, not fetched here: made inside this test's app context, the
    demo command would load into this test's database instead.) On PostgreSQL the first
    test runs the command and keeps its rows; later tests insert those rows, in a
    fifth of the time.
    """
    database = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if database.get_backend_name() != "sqlite":
        if postgres_demo.rows:
            _restore_snapshot(postgres_demo)
            return
        result = runner.invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        _take_snapshot(postgres_demo)
        return
    db.session.remove()
    db.engine.dispose()
    assert database.database
    shutil.copy(sqlite_demo_template, database.database)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def demo_organisation(demo_data: None) -> Organisation:
    """The demo's organisation, with its partnership and team."""
    found = db.session.scalar(select(Organisation).where(Organisation.slug == DEMO_SLUG))
    assert found is not None
    return found


@pytest.fixture
def partnership(demo_data: None) -> Group:
    """The demo's partnership: four kinds of member, partners, rounds over time."""
    return _demo_group(GroupKind.PARTNERSHIP)


@pytest.fixture
def team(demo_data: None) -> Group:
    """The demo's team, which repeats a short check."""
    return _demo_group(GroupKind.TEAM)


def _demo_group(kind: GroupKind) -> Group:
    found = db.session.scalar(select(Group).where(Group.kind == kind).order_by(Group.id))
    assert found is not None
    return found


@pytest.fixture
def alice(demo_data: None) -> Account:
    """Alice: the demo's account, an admin of its organisation."""
    found = db.session.scalar(select(Account).where(Account.email == DEMO_EMAIL))
    assert found is not None
    return found


@pytest.fixture
def facilitator(client: FlaskClient, alice: Account) -> FlaskClient:
    """The test's client, signed in as Alice."""
    return sign_in_as(client, alice)
