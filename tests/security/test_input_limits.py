"""Bad input gets a page that says what to change, never a server error (issue 14, part 7)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.conftest import sqlite_only
from tests.rounds.test_creating_rounds import form_for
from tests.security.conftest import SignIn
from toolkit.core.input_limits import LARGEST_ID, whole_number
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    AgreedAction,
    Group,
    GroupKind,
    Organisation,
    Round,
    RoundStatus,
)
from toolkit.web.inputs import IdConverter

TWENTY_DIGITS = "9" * 20


@pytest.fixture
def team(demo_organisation: Organisation) -> Group:
    found = db.session.scalar(select(Group).where(Group.kind == GroupKind.TEAM))
    assert found is not None
    return found


@pytest.mark.parametrize(
    "path",
    [
        f"/groups/{TWENTY_DIGITS}",
        f"/rounds/{TWENTY_DIGITS}/results",
        f"/organisations/{TWENTY_DIGITS}/people",
        f"/groups/1/actions/{TWENTY_DIGITS}/edit",
        f"/rounds/{LARGEST_ID + 1}",
        "/rounds/0",
        "/rounds/" + "1" * 5000,
    ],
)
@sqlite_only
def test_an_id_too_large_for_the_database_is_a_page_not_found(
    alice: Account, signed_in: SignIn, path: str
) -> None:
    response = signed_in(alice).get(path)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


@sqlite_only
def test_every_integer_in_an_address_is_a_bounded_id(app: Flask) -> None:
    converters = [
        converter
        for rule in app.url_map.iter_rules()
        for converter in rule._converters.values()
        if "Integer" in type(converter).__name__ or isinstance(converter, IdConverter)
    ]
    assert converters
    assert all(isinstance(c, IdConverter) and c.max == LARGEST_ID for c in converters)


def test_a_twenty_digit_threshold_is_explained_and_the_form_kept(
    alice: Account, signed_in: SignIn, team: Group
) -> None:
    before = db.session.scalar(select(func.count()).select_from(Round))
    response = signed_in(alice).post(
        f"/groups/{team.id}/rounds/new", data=form_for(team, threshold=TWENTY_DIGITS)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The threshold must be a whole number from 3 to 1000" in page
    assert "Winter check-in" in page and TWENTY_DIGITS in page
    assert db.session.scalar(select(func.count()).select_from(Round)) == before


@sqlite_only
def test_a_huge_day_in_a_date_is_explained(alice: Account, signed_in: SignIn, team: Group) -> None:
    response = signed_in(alice).post(
        f"/groups/{team.id}/rounds/new", data=form_for(team, opens_day=TWENTY_DIGITS)
    )
    assert response.status_code == 200
    assert "The opening date must be a real date" in response.get_data(as_text=True)


def test_a_group_name_longer_than_its_column_is_explained_and_kept(
    demo_organisation: Organisation, alice: Account, signed_in: SignIn
) -> None:
    name = "N" * 100_000
    response = signed_in(alice).post(
        f"/organisations/{demo_organisation.id}/groups/new", data={"name": name, "kind": "team"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Keep “Name of the group” to 200 characters or fewer; it has 100000." in page
    assert name in page
    assert db.session.scalar(select(Group).where(Group.name == name)) is None


def test_a_perspective_longer_than_its_column_names_its_line(
    demo_organisation: Organisation, alice: Account, signed_in: SignIn
) -> None:
    response = signed_in(alice).post(
        f"/organisations/{demo_organisation.id}/groups/new",
        data={"name": "Wide", "kind": "team", "perspectives": "Staff\n" + "P" * 201},
    )
    assert "Line 2 of “Perspectives to compare” has 201 characters" in response.get_data(
        as_text=True
    )


def test_a_round_title_and_an_action_owner_longer_than_their_columns_are_explained(
    alice: Account, signed_in: SignIn, team: Group
) -> None:
    client = signed_in(alice)
    page = client.post(
        f"/groups/{team.id}/rounds/new", data=form_for(team, title="T" * 201)
    ).get_data(as_text=True)
    assert "Keep “Name of the check” to 200 characters or fewer; it has 201." in page
    page = client.post(
        f"/groups/{team.id}/actions/new", data={"text": "Meet", "owner": "O" * 201}
    ).get_data(as_text=True)
    assert "to 200 characters or fewer; it has 201." in page
    assert db.session.scalar(select(AgreedAction).where(AgreedAction.text == "Meet")) is None


@pytest.fixture
def open_round(demo_organisation: Organisation) -> Round:
    found = db.session.scalar(select(Round).where(Round.status == RoundStatus.OPEN))
    assert found is not None
    return found


def test_a_personal_link_label_longer_than_its_column_names_its_line(
    alice: Account, signed_in: SignIn, open_round: Round
) -> None:
    response = signed_in(alice).post(
        f"/rounds/{open_round.id}/invitations/new", data={"lines": "Table 1\n" + "L" * 201}
    )
    page = response.get_data(as_text=True)
    assert "Line 2: keep the label to 200 characters or fewer; it has 201." in page


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("²", "Enter the number of links as a whole number, like 20"),
        (TWENTY_DIGITS, "Make at most 500 links at a time"),
    ],
)
@sqlite_only
def test_a_link_count_that_is_not_a_plain_number_is_explained(
    alice: Account, signed_in: SignIn, open_round: Round, count: str, message: str
) -> None:
    response = signed_in(alice).post(
        f"/rounds/{open_round.id}/invitations/new", data={"count": count}
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_invisible_control_characters_never_reach_the_database(
    demo_organisation: Organisation, alice: Account, signed_in: SignIn
) -> None:
    response = signed_in(alice).post(
        f"/organisations/{demo_organisation.id}/groups/new",
        data={"name": "Night\x00 shift\x0b team", "kind": "team", "description": "a\nb"},
    )
    assert response.status_code == 302
    stored = db.session.scalar(select(Group).where(Group.name == "Night shift team"))
    assert stored is not None
    assert stored.description == "a\nb"


@sqlite_only
def test_a_control_character_in_an_address_is_a_page_not_found(
    alice: Account, signed_in: SignIn
) -> None:
    response = signed_in(alice).get("/questionnaires/a%00b/1.0/paper")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("typed", "number"),
    [("5", 5), (" 12 ", 12), ("", None), ("-1", None), ("²", None), ("1e3", None), ("١", None)],
)
@sqlite_only
def test_whole_numbers_are_plain_digits_within_range(typed: str, number: int | None) -> None:
    assert whole_number(typed) == number
    assert whole_number(TWENTY_DIGITS) is None
    assert whole_number("1001", 1000) is None


BROKEN = Path(__file__).parent.parent / "data" / "broken"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("too-deep", "lists and blocks are nested more than 20 deep"),
        ("control-character", "invisible control character (U+0000)"),
        ("control-character-escaped", "invisible control character (U+0007)"),
        ("number-too-long", "a number here has 5000 digits"),
        ("bad-version", "is not a valid version"),
    ],
)
@sqlite_only
def test_a_questionnaire_file_made_to_break_the_parser_is_explained(
    demo_organisation: Organisation, alice: Account, signed_in: SignIn, name: str, message: str
) -> None:
    response = signed_in(alice).post(
        f"/organisations/{demo_organisation.id}/questionnaires/upload",
        data={"file": (io.BytesIO((BROKEN / f"{name}.yaml").read_bytes()), f"{name}.yaml")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The file has problems" in page
    assert message in page


@sqlite_only
def test_the_api_refuses_an_address_with_a_control_character_in_json(client: FlaskClient) -> None:
    response = client.get("/api/groups/%00")
    assert response.status_code == 404
    assert response.get_json() == {
        "error": "Page not found",
        "detail": response.get_json()["detail"],
    }
    assert "Check the address" in response.get_json()["detail"]
