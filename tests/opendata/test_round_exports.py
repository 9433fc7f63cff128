"""A round's downloads: long-format answers, profile, comments, questionnaire; anonymity kept."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.opendata.conftest import download_csv, partnership_round
from tests.sessions import sign_in_as
from toolkit.core.scoring import OTHER_PERSPECTIVES
from toolkit.opendata.rows import ANSWER_COLUMNS
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    Membership,
    Organisation,
    Response,
    ResponseStatus,
    Role,
    RoundStatus,
)

SCHEMAS = Path(__file__).parents[2] / "docs" / "schemas"


def _move_two_people_to_a_new_perspective(round_id: int) -> None:
    two = db.session.scalars(
        select(Response).where(Response.round_id == round_id).order_by(Response.id).limit(2)
    )
    for response in two:
        response.perspective_key = "funder"
    db.session.commit()


def test_the_answers_come_one_row_per_answer_with_every_documented_column(
    facilitator: FlaskClient, demo_organisation: Organisation
) -> None:
    round_ = partnership_round(demo_organisation, RoundStatus.SHARED)
    rows = download_csv(facilitator, round_.id, "answers.csv")
    stored = sum(len(r.answers) for r in round_.responses if r.status == ResponseStatus.SUBMITTED)
    assert len(rows) == stored
    assert tuple(rows[0]) == ANSWER_COLUMNS
    assert {row["round"] for row in rows} == {round_.title}
    people = len(round_.responses)
    own = {int(row["response"]) for row in rows if not row["partner"]}
    about = {int(row["response"]) for row in rows if row["partner"]}
    assert own == set(range(1, people + 1))
    # Answers about a partner are records of their own, never numbered like anyone's own.
    assert about and not about & own
    assert all(
        len({row["partner"] for row in rows if row["response"] == str(n)}) == 1 for n in about
    )
    assert {row["perspective"] for row in rows if not row["partner"]} <= {
        "commissioner",
        "provider",
        "community",
    }
    assert {row["perspective"] for row in rows if row["partner"]} == {""}
    excluded = [row for row in rows if not row["answer"].isdigit()]
    assert excluded and all(row["position"] == "" for row in excluded)
    assert all(0 <= float(row["position"]) <= 100 for row in rows if row["answer"].isdigit())
    assert any(row["partner"] for row in rows)


def test_response_numbers_are_drawn_afresh_for_each_download(
    facilitator: FlaskClient, demo_organisation: Organisation
) -> None:
    round_ = partnership_round(demo_organisation, RoundStatus.SHARED)

    def first_answers() -> list[tuple[str, str]]:
        rows = download_csv(facilitator, round_.id, "answers.csv")
        return [(row["item"], row["answer"]) for row in rows if row["response"] == "1"]

    assert len({tuple(first_answers()) for _ in range(4)}) > 1


def test_a_perspective_of_two_people_never_appears_under_its_own_label(
    facilitator: FlaskClient, demo_organisation: Organisation
) -> None:
    round_ = partnership_round(demo_organisation, RoundStatus.SHARED)
    _move_two_people_to_a_new_perspective(round_.id)
    answers = download_csv(facilitator, round_.id, "answers.csv")
    profile = download_csv(facilitator, round_.id, "profile.csv")
    document = facilitator.get(f"/rounds/{round_.id}/exports/answers.json").get_data(as_text=True)
    assert "funder" not in {row["perspective"] for row in answers}
    assert OTHER_PERSPECTIVES in {row["perspective"] for row in answers}
    assert "funder" not in {row["perspective"] for row in profile}
    assert '"funder"' not in document


def test_an_open_round_exports_no_answers_and_says_why(
    facilitator: FlaskClient, demo_organisation: Organisation
) -> None:
    round_ = partnership_round(demo_organisation, RoundStatus.OPEN)
    assert download_csv(facilitator, round_.id, "answers.csv") == []
    assert download_csv(facilitator, round_.id, "comments.csv") == []
    document = json.loads(facilitator.get(f"/rounds/{round_.id}/exports/answers.json").data)
    assert document["answers"] == [] and document["comments"] is None
    assert "closed" in document["withheld"]
    page = facilitator.get(f"/rounds/{round_.id}/exports").get_data(as_text=True)
    assert "No answers are included" in page


def test_a_round_with_fewer_than_k_responses_exports_no_answers_or_comments(
    facilitator: FlaskClient, demo_organisation: Organisation
) -> None:
    round_ = partnership_round(demo_organisation, RoundStatus.SHARED)
    round_.threshold = len(round_.responses) + 1
    db.session.commit()
    assert download_csv(facilitator, round_.id, "answers.csv") == []
    assert download_csv(facilitator, round_.id, "comments.csv") == []
    document = json.loads(facilitator.get(f"/rounds/{round_.id}/exports/answers.json").data)
    assert document["withheld"] == f"fewer than {round_.threshold} responses"
    assert document["responses"] == 0 and document["comments"] is None
    profile = download_csv(facilitator, round_.id, "profile.csv")
    assert profile and all(row["n"] == "" and row["mean"] == "" for row in profile)
    assert {row["not_shown"] for row in profile} == {f"fewer than {round_.threshold} responses"}


def test_the_profile_gives_n_mean_median_and_spread_per_dimension_and_perspective(
    facilitator: FlaskClient, demo_organisation: Organisation
) -> None:
    round_ = partnership_round(demo_organisation, RoundStatus.SHARED)
    rows = download_csv(facilitator, round_.id, "profile.csv")
    everyone = [row for row in rows if row["perspective"] == ""]
    assert everyone and all(row["perspective_label"] == "everyone" for row in everyone)
    for row in rows:
        if row["not_shown"] == "":
            lower, upper = float(row["lower_quartile"]), float(row["upper_quartile"])
            assert lower <= float(row["median"]) <= upper
            assert abs(float(row["iqr"]) - (upper - lower)) < 0.011
            assert int(row["n"]) >= round_.threshold


def test_comments_come_without_perspective_and_only_with_the_round_text(
    facilitator: FlaskClient, demo_organisation: Organisation
) -> None:
    round_ = partnership_round(demo_organisation, RoundStatus.SHARED)
    rows = download_csv(facilitator, round_.id, "comments.csv")
    stored = sorted(c.text for r in round_.responses for c in r.comments)
    assert sorted(row["comment"] for row in rows) == stored
    assert set(rows[0]) == {"round", "dimension", "comment"}


def test_the_json_export_matches_its_published_schema(
    facilitator: FlaskClient, demo_organisation: Organisation
) -> None:
    schema = json.loads((SCHEMAS / "round-answers.schema.json").read_text())
    for status in (RoundStatus.SHARED, RoundStatus.OPEN):
        round_ = partnership_round(demo_organisation, status)
        document = json.loads(facilitator.get(f"/rounds/{round_.id}/exports/answers.json").data)
        jsonschema.validate(document, schema)


def test_the_questionnaire_comes_back_exactly_as_it_was_used(
    facilitator: FlaskClient, demo_organisation: Organisation
) -> None:
    round_ = partnership_round(demo_organisation, RoundStatus.SHARED)
    response = facilitator.get(f"/rounds/{round_.id}/exports/questionnaire.yaml")
    assert response.get_data(as_text=True) == round_.questionnaire_version.source_yaml


def test_another_organisations_admin_gets_a_404_for_every_download(
    client: FlaskClient, demo_organisation: Organisation, other_organisation: Organisation
) -> None:
    stranger = Account(email="sam@riverside.example", name="Sam", password_hash="x")
    db.session.add(Membership(account=stranger, organisation=other_organisation, role=Role.ADMIN))
    db.session.commit()
    sign_in_as(client, stranger)
    round_ = partnership_round(demo_organisation, RoundStatus.SHARED)
    for kind in (
        "answers.csv",
        "answers.json",
        "profile.csv",
        "comments.csv",
        "questionnaire.yaml",
    ):
        assert client.get(f"/rounds/{round_.id}/exports/{kind}").status_code == 404
    assert client.get(f"/organisations/{demo_organisation.id}/archive.json").status_code == 404
    assert client.get(f"/organisations/{demo_organisation.id}/api-keys").status_code == 404
