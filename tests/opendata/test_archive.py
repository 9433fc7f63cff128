"""Moving an organisation: export the demo, import it into an empty install, and compare."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from tests.conftest import TEST_SECRET
from tests.results.make import team_profile
from toolkit import create_app
from toolkit.extensions import db
from toolkit.models import (
    AgreedAction,
    Answer,
    Comment,
    Group,
    Organisation,
    Partner,
    Perspective,
    Response,
    Round,
)
from toolkit.opendata.archive import archive_json
from toolkit.opendata.importing import ArchiveError, import_archive, read_archive
from toolkit.retention import apply_retention
from toolkit.scoring.snapshot import plain

SCHEMA = Path(__file__).parents[2] / "docs" / "schemas" / "archive.schema.json"
COUNTED = {
    "groups": Group,
    "perspectives": Perspective,
    "partners": Partner,
    "rounds": Round,
    "responses": Response,
    "answers": Answer,
    "comments": Comment,
    "agreed actions": AgreedAction,
}


def _counts() -> Counter[str]:
    return Counter(
        {
            kind: db.session.scalar(select(func.count()).select_from(m))
            for kind, m in COUNTED.items()
        }
    )


def _sample(slug: str) -> list[tuple[Any, ...]]:
    """A few values from every level, keyed by uid so ids may differ between installs."""
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    rows: list[tuple[Any, ...]] = [(organisation.name,)]
    for group in sorted(organisation.groups, key=lambda g: g.uid):
        rows.append((group.uid, group.name, group.kind, [p.label for p in group.perspectives]))
        rows += sorted((a.uid, a.text, a.round.uid if a.round else None) for a in group.actions)
        for round_ in sorted(group.rounds, key=lambda r: r.uid):
            rows.append((round_.uid, round_.title, round_.status, round_.closes_on))
            rows.append((round_.questionnaire_version.content_hash,))
            for response in sorted(round_.responses, key=lambda r: r.uid)[:3]:
                rows.append((response.uid, response.perspective_key, response.submitted_on))
                rows += sorted((a.item_key, a.partner_key, a.answer) for a in response.answers)
                rows += sorted(c.text for c in response.comments)
    return rows


@pytest.fixture
def archive_file(runner: FlaskCliRunner, demo: Organisation, tmp_path: Path) -> Path:
    path = tmp_path / "demo-archive.json"
    result = runner.invoke(args=["archive", "export", "--organisation", demo.slug, "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def empty_install(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Flask]:
    """A second install on a fresh SQLite file."""
    folder = tmp_path_factory.mktemp("second-install")
    shutil.copy(sqlite_template, folder / "toolkit.sqlite")
    monkeypatch.setenv("INSTANCE_PATH", str(folder))
    monkeypatch.setenv("SECRET_KEY", TEST_SECRET)
    url = f"sqlite:///{folder / 'toolkit.sqlite'}"
    second = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    yield second
    with second.app_context():
        db.engine.dispose()


def test_an_archive_imported_into_an_empty_install_holds_the_same_records(
    app: Flask, demo: Organisation, archive_file: Path, empty_install: Flask
) -> None:
    before, sample = _counts(), _sample(demo.slug)
    with empty_install.app_context():
        result = empty_install.test_cli_runner().invoke(
            args=["archive", "import", str(archive_file)]
        )
        assert result.exit_code == 0, result.output
        assert result.output.startswith("Added 1 organisation, 2 questionnaires, 2 groups")
        assert _counts() == before
        assert _sample(demo.slug) == sample
        db.session.remove()


def test_importing_the_same_archive_twice_adds_nothing(
    app: Flask, demo: Organisation, archive_file: Path, empty_install: Flask
) -> None:
    text = archive_file.read_text()
    with empty_install.app_context():
        import_archive(read_archive(text))
        after_first = _counts()
        report = import_archive(read_archive(text))
        assert not +report.added
        assert _counts() == after_first
        db.session.remove()


def test_a_dry_run_reports_what_it_would_add_and_adds_nothing(
    app: Flask, demo: Organisation, archive_file: Path, empty_install: Flask
) -> None:
    expected = _counts()
    with empty_install.app_context():
        runner = empty_install.test_cli_runner()
        result = runner.invoke(args=["archive", "import", str(archive_file), "--dry-run"])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("Would add")
        assert f"{expected['answers']} answers" in result.output
        assert sum(_counts().values()) == 0
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0
        db.session.remove()


def test_importing_into_the_install_it_came_from_adds_nothing(
    runner: FlaskCliRunner, archive_file: Path
) -> None:
    before = _counts()
    result = runner.invoke(args=["archive", "import", str(archive_file)])
    assert result.output.strip() == "Nothing new: everything is here already."
    assert _counts() == before


def test_the_archive_matches_its_published_schema_and_holds_no_secrets(
    archive_file: Path,
) -> None:
    text = archive_file.read_text()
    jsonschema.validate(json.loads(text), json.loads(SCHEMA.read_text()))
    assert "hash" not in text.replace("content_hash", "")
    assert "demo@example.org" not in text


def test_a_damaged_archive_is_refused_with_where_the_problem_is(
    runner: FlaskCliRunner, archive_file: Path, tmp_path: Path
) -> None:
    data = json.loads(archive_file.read_text())
    del data["groups"][0]["rounds"][0]["title"]
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps(data))
    result = runner.invoke(args=["archive", "import", str(damaged)])
    assert result.exit_code != 0
    assert "groups.0.rounds.0.title" in result.output
    with pytest.raises(ArchiveError, match="not JSON"):
        read_archive("{")


def test_an_edited_questionnaire_in_the_archive_is_refused(archive_file: Path) -> None:
    data = json.loads(archive_file.read_text())
    data["questionnaires"][0]["source_yaml"] += "\nminutes: 119\n"
    with pytest.raises(ArchiveError, match="may have been edited"):
        import_archive(read_archive(json.dumps(data)))


def test_only_an_admin_can_download_the_archive(admin: FlaskClient, demo: Organisation) -> None:
    response = admin.get(f"/organisations/{demo.id}/archive.json")
    assert response.status_code == 200 and response.is_streamed
    assert json.loads(response.data)["organisation"]["slug"] == demo.slug
    demo.memberships[0].role = "facilitator"
    db.session.commit()
    assert admin.get(f"/organisations/{demo.id}/archive.json").status_code == 404


def by_title(value: Any, titles: dict[str, str]) -> Any:
    """Name rounds by title in a profile's JSON: their ids differ from install to install."""
    if isinstance(value, dict):
        return {
            k: titles[v] if k in ("key", "round_key") else by_title(v, titles)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [by_title(v, titles) for v in value]
    return value


def shown(group: Group) -> Any:
    """Return every figure of the group's profile, rounds named by title."""
    return by_title(plain(team_profile(group)), {str(r.id): r.title for r in group.rounds})


def test_a_round_past_its_retention_moves_with_its_published_results(
    app: Flask, demo: Organisation, empty_install: Flask
) -> None:
    autumn = db.session.scalar(select(Round).where(Round.title == "Autumn 2025 check"))
    assert autumn is not None
    autumn.retention_days = 30
    db.session.commit()
    assert apply_retention(autumn.closes_on + timedelta(days=31)) == [autumn]
    group, uid = autumn.group, autumn.group.uid
    figures = shown(group)
    text = "".join(archive_json(demo))
    edited = json.loads(text)
    stored = next(r for g in edited["groups"] for r in g["rounds"] if r["published_profile"])
    assert stored["title"] == "Autumn 2025 check" and stored["responses"] == []
    stored["published_profile"]["version"] = 99
    with empty_install.app_context():
        with pytest.raises(
            ArchiveError, match=r"Unexpected snapshot version 99 .* round 'Autumn 2025 check'"
        ):
            import_archive(read_archive(json.dumps(edited)))
        import_archive(read_archive(text))
        moved = db.session.scalar(select(Group).where(Group.uid == uid))
        assert moved is not None and shown(moved) == figures
        db.session.remove()
