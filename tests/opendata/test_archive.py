"""Moving an organisation: each round as its outputs show it, imported into an empty install."""

from __future__ import annotations

import json
import secrets
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
from flask_babel import force_locale
from sqlalchemy import func, select

from tests import factories
from tests.conftest import TEST_SECRET
from tests.factories import Person, team_profile
from toolkit import create_app
from toolkit.core.scoring.snapshot import plain
from toolkit.opendata.archive import archive_json
from toolkit.opendata.importing import ArchiveError, import_archive, read_archive
from toolkit.services.releases import standing_release
from toolkit.services.retention import apply_retention, people_answered
from toolkit.storage.db import db
from toolkit.storage.models import (
    AgreedAction,
    Answer,
    Disclosure,
    Group,
    Organisation,
    Output,
    Partner,
    Perspective,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
)

SCHEMA = Path(__file__).parents[2] / "docs" / "schemas" / "archive.schema.json"
COUNTED = {
    "groups": Group,
    "perspectives": Perspective,
    "partners": Partner,
    "rounds": Round,
    "records": Response,
    "answers": Answer,
    "agreed actions": AgreedAction,
}
# What a record may hold: nothing that dates it, places it, or links it to another.
RECORD_FIELDS = {"uid", "perspective", "answers"}
ANSWER_FIELDS = {"item", "partner", "value", "excluded"}


def _counts() -> Counter[str]:
    return Counter(
        {
            kind: db.session.scalar(select(func.count()).select_from(m))
            for kind, m in COUNTED.items()
        }
    )


def archived(organisation: Organisation) -> dict[str, Any]:
    """Take an archive as the command line does, in English."""
    with force_locale("en"):
        return json.loads("".join(archive_json(organisation)))


def rounds_of(archive: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["title"]: r for g in archive["groups"] for r in g["rounds"]}


def records(archive: dict[str, Any]) -> dict[str, Counter[str]]:
    """Each round's records as what they say, their uids aside, by round title."""
    return {
        title: Counter(
            json.dumps([r["perspective"], r["answers"]], sort_keys=True)
            for r in round_["responses"]
        )
        for title, round_ in rounds_of(archive).items()
    }


def uids(round_: dict[str, Any]) -> set[str]:
    return {r["uid"] for r in round_["responses"]}


def add_response(
    round_: Round,
    perspective: str,
    answers: dict[str, int | str],
    status: ResponseStatus = ResponseStatus.SUBMITTED,
) -> None:
    """Add a response straight to the database, as a late paper entry would come."""
    round_.responses.append(
        Response(
            status=status,
            perspective_key=perspective,
            started_on=round_.closes_on,
            submitted_on=round_.closes_on if status is ResponseStatus.SUBMITTED else None,
            resume_token_hash=secrets.token_hex(16),
            answers=[
                Answer(item_key=item, excluded=a)
                if isinstance(a, str)
                else Answer(item_key=item, value=a)
                for item, a in answers.items()
            ],
        )
    )
    db.session.commit()


def september(organisation: Organisation) -> Round:
    found = db.session.scalar(select(Round).where(Round.title == "September check-in"))
    assert found is not None and found.status is RoundStatus.CLOSED
    return found


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


def everything_shown(slug: str) -> dict[str, Any]:
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    assert organisation is not None
    return {group.uid: shown(group) for group in organisation.groups}


@pytest.fixture
def archive_file(runner: FlaskCliRunner, demo_organisation: Organisation, tmp_path: Path) -> Path:
    path = tmp_path / "demo-archive.json"
    result = runner.invoke(
        args=["archive", "export", "--organisation", demo_organisation.slug, "-o", str(path)]
    )
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


def test_an_archive_imported_into_an_empty_install_shows_the_same_results_and_records(
    app: Flask, demo_organisation: Organisation, archive_file: Path, empty_install: Flask
) -> None:
    figures, sent = everything_shown(demo_organisation.slug), json.loads(archive_file.read_text())
    with empty_install.app_context():
        result = empty_install.test_cli_runner().invoke(
            args=["archive", "import", str(archive_file)]
        )
        assert result.exit_code == 0, result.output
        assert result.output.startswith("Added 1 organisation, 2 questionnaires, 2 groups")
        assert everything_shown(demo_organisation.slug) == figures
        moved = db.session.scalar(
            select(Organisation).where(Organisation.slug == demo_organisation.slug)
        )
        assert moved is not None
        # Its downloads there hold the same records, so it can move on again.
        again = archived(moved)
        assert records(again) == records(sent)
        assert {t: r["published_profile"] for t, r in rounds_of(again).items()} == {
            t: r["published_profile"] for t, r in rounds_of(sent).items()
        }
        db.session.remove()


def test_importing_the_same_archive_twice_adds_nothing(
    app: Flask, demo_organisation: Organisation, archive_file: Path, empty_install: Flask
) -> None:
    text = archive_file.read_text()
    with empty_install.app_context():
        import_archive(read_archive(text))
        after_first = _counts()
        report = import_archive(read_archive(text))
        assert not +report.added
        assert _counts() == after_first
        db.session.remove()


def test_a_dry_run_reports_exactly_what_an_import_adds_and_adds_nothing(
    app: Flask, demo_organisation: Organisation, archive_file: Path, empty_install: Flask
) -> None:
    text = archive_file.read_text()
    with empty_install.app_context():
        runner = empty_install.test_cli_runner()
        result = runner.invoke(args=["archive", "import", str(archive_file), "--dry-run"])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("Would add")
        assert sum(_counts().values()) == 0
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0
        dry = import_archive(read_archive(text), dry_run=True)
        added = import_archive(read_archive(text))
        assert dry.added == added.added
        assert result.output.replace("Would add", "Added") == f"{added}\n"
        assert _counts() == Counter({kind: added.added[kind] for kind in COUNTED})
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


def test_an_archive_holds_no_dates_language_collection_member_organisation_or_drafts(
    demo_organisation: Organisation,
) -> None:
    add_response(
        september(demo_organisation),
        "front-line",
        {"purpose-1": "draft-only"},
        ResponseStatus.DRAFT,
    )
    archive = archived(demo_organisation)
    found = rounds_of(archive)
    for round_ in found.values():
        for record in round_["responses"]:
            assert set(record) == RECORD_FIELDS
            assert all(set(answer) == ANSWER_FIELDS for answer in record["answers"])
    assert "draft-only" not in json.dumps(archive)
    assert len([r for r in found["September check-in"]["responses"] if r["perspective"]]) == 10
    # The open round's answers, drafts or sent, stay until it closes.
    still_open = found["Autumn 2026 check"]
    assert still_open["responses"] == [] and still_open["published_profile"] is None
    assert "closed" in still_open["withheld"]


def test_two_archives_of_the_same_round_share_no_record_uid(
    demo_organisation: Organisation,
) -> None:
    first, second = archived(demo_organisation), archived(demo_organisation)
    assert records(first) == records(second)
    for title, round_ in rounds_of(first).items():
        assert not uids(round_) & uids(rounds_of(second)[title]), title


def test_a_late_answer_is_not_in_the_next_archive_until_a_new_release_stands(
    demo_organisation: Organisation,
) -> None:
    round_ = september(demo_organisation)
    first = archived(demo_organisation)
    round_.status = RoundStatus.OPEN
    add_response(round_, "front-line", {"purpose-1": 5, "purpose-2": 5})
    round_.status = RoundStatus.CLOSED
    db.session.commit()
    second = archived(demo_organisation)
    assert records(second)["September check-in"] == records(first)["September check-in"]
    assert not uids(rounds_of(first)["September check-in"]) & uids(
        rounds_of(second)["September check-in"]
    )


def test_a_small_perspective_group_and_a_partner_few_answered_about_are_left_out_and_said_why(
    app: Flask,
) -> None:
    owner = factories.organisation()
    group = factories.group(owner, perspectives=("staff", "board"), partners=("council", "police"))
    about = {"council": {"keeps-word": 4}}
    staff = [
        Person("staff", {"trusted": 4}, about={**about, "police": {"keeps-word": 2}}),
        Person("staff", {"trusted": 3}, about={**about, "police": {"keeps-word": 1}}),
        Person("staff", {"trusted": 5}, about=about),
    ]
    round_ = factories.check(group, [*staff, *(Person("board", {"trusted": 2}) for _ in range(3))])
    standing_release(round_)
    # The board's three withdraw and two more answer: the next release shows a board of two.
    for response in [r for r in round_.responses if r.perspective_key == "board"]:
        db.session.delete(response)
    add_response(round_, "board", {"trusted": 1})
    add_response(round_, "board", {"trusted": 1})
    assert standing_release(round_).release.number == 2
    archive = rounds_of(archived(owner))["Spring check"]
    assert archive["left_out"] == [
        "Some people's answers are left out: fewer than 3 people answered in their "
        "perspective group.",
        "Answers about Police are left out: fewer than 3 people answered about it.",
    ]
    assert Counter(r["perspective"] for r in archive["responses"]) == {"staff": 3, "": 3}
    partners = {a["partner"] for r in archive["responses"] for a in r["answers"]}
    assert partners == {"", "council"}


def test_each_round_that_goes_out_in_an_archive_is_logged_with_its_release(
    demo_organisation: Organisation,
) -> None:
    archived(demo_organisation)
    logged = Counter(db.session.scalars(select(Disclosure.output)))
    with_results = db.session.scalar(
        select(func.count()).where(Round.status != RoundStatus.OPEN).select_from(Round)
    )
    assert logged == {Output.ROWS: with_results}


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


def _edited(text: str, edit: Any) -> str:
    data = json.loads(text)
    round_ = data["groups"][0]["rounds"][0]
    edit(round_)
    data["groups"][0]["uid"] = round_["uid"] = "not-on-this-install"
    return json.dumps(data)


def test_records_no_download_could_hold_are_refused(
    app: Flask, archive_file: Path, empty_install: Flask
) -> None:
    text = archive_file.read_text()

    def link_a_partner(round_: dict[str, Any]) -> None:
        own = next(r for r in round_["responses"] if r["perspective"])
        about = next(r for r in round_["responses"] if not r["perspective"])
        own["answers"] += about["answers"]

    def without_results(round_: dict[str, Any]) -> None:
        round_["published_profile"] = None

    with empty_install.app_context():
        with pytest.raises(ArchiveError, match="neither someone's own answers"):
            import_archive(read_archive(_edited(text, link_a_partner)))
        with pytest.raises(ArchiveError, match="records but no published_profile"):
            import_archive(read_archive(_edited(text, without_results)))
        db.session.remove()


def test_an_archive_of_format_version_1_is_refused_with_how_to_move_it(
    archive_file: Path,
) -> None:
    data = json.loads(archive_file.read_text())
    data["format_version"] = 1
    with pytest.raises(ArchiveError, match="format version 1, made by an older toolkit") as error:
        read_archive(json.dumps(data))
    assert "\n" not in str(error.value)


def test_only_an_admin_can_download_the_archive(
    facilitator: FlaskClient, demo_organisation: Organisation
) -> None:
    response = facilitator.get(f"/organisations/{demo_organisation.id}/archive.json")
    assert response.status_code == 200 and response.is_streamed
    assert json.loads(response.data)["organisation"]["slug"] == demo_organisation.slug
    demo_organisation.memberships[0].role = "facilitator"
    db.session.commit()
    assert facilitator.get(f"/organisations/{demo_organisation.id}/archive.json").status_code == 404


def test_a_round_past_its_retention_moves_with_its_published_results(
    app: Flask, demo_organisation: Organisation, empty_install: Flask
) -> None:
    autumn = db.session.scalar(select(Round).where(Round.title == "Autumn 2025 check"))
    assert autumn is not None
    autumn.retention_days = 30
    db.session.commit()
    assert apply_retention(autumn.closes_on + timedelta(days=31)) == [autumn]
    group, uid = autumn.group, autumn.group.uid
    figures = shown(group)
    archive = archived(demo_organisation)
    stored = rounds_of(archive)["Autumn 2025 check"]
    assert stored["responses"] == [] and stored["published_profile"]
    assert stored["withheld"] == "the answers were deleted after the check's retention period"
    text = json.dumps(archive)
    stored["published_profile"]["version"] = 99
    with empty_install.app_context():
        with pytest.raises(
            ArchiveError, match=r"Unexpected snapshot version 99 .* round 'Autumn 2025 check'"
        ):
            import_archive(read_archive(json.dumps(archive)))
        import_archive(read_archive(text))
        moved = db.session.scalar(select(Group).where(Group.uid == uid))
        assert moved is not None and shown(moved) == figures
        there = next(r for r in moved.rounds if r.title == "Autumn 2025 check")
        assert people_answered([there]) == {there.id: 19}
        db.session.remove()
