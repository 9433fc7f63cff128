"""The paper version of a questionnaire, and setting up and viewing groups."""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.sessions import sign_in_as
from toolkit.core.questionnaire.schema import localise
from toolkit.storage.db import db
from toolkit.storage.models import Account, Group, GroupKind, Membership, Organisation, Role, Round
from toolkit.storage.questionnaire_store import library, questionnaire_of


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_paper_version_of_a_round_has_every_item_and_option(
    facilitator: FlaskClient, open_round: Round, language: str
) -> None:
    page = html.unescape(facilitator.get(f"/rounds/{open_round.id}/paper?language={language}").text)
    questionnaire = questionnaire_of(open_round.questionnaire_version)
    for section in questionnaire.sections:
        assert localise(section.title, language) in page
        for item in section.items:
            assert localise(item.text, language) in page
    # Items about each partner are asked once per partner organisation.
    assert "About Ashby Vale Council" in page
    assert "<script" not in page


def test_a_library_questionnaire_prints_its_ladder_descriptions_and_writing_lines(
    facilitator: FlaskClient, demo_data: None
) -> None:
    questionnaire = library().get("listening-ladder")
    page = html.unescape(
        facilitator.get(f"/questionnaires/listening-ladder/{questionnaire.version}/paper").text
    )
    for item in questionnaire.items:
        assert localise(item.text, "en") in page
    for scale in questionnaire.scales.values():
        for option in scale.options:
            if option.description:
                assert localise(option.description, "en") in page
    assert 'class="tk-paper-lines"' in page


def test_an_unknown_questionnaire_has_no_paper_version(facilitator: FlaskClient) -> None:
    assert facilitator.get("/questionnaires/nothing/1.0/paper").status_code == 404


def test_a_group_is_set_up_with_its_kind_perspectives_and_partners(
    facilitator: FlaskClient, demo_data: None
) -> None:
    organisation = db.session.scalar(select(Organisation))
    response = facilitator.post(
        f"/organisations/{organisation.id}/groups/new",
        data={
            "name": "Northside network",
            "kind": "partnership",
            "perspectives": "Staff\nResidents",
            "partners": "Council\nLibrary",
        },
    )
    assert response.status_code == 302
    group = db.session.scalar(select(Group).where(Group.name == "Northside network"))
    assert group.kind is GroupKind.PARTNERSHIP
    assert [p.key for p in group.perspectives] == ["staff", "residents"]
    assert sorted(p.name for p in group.partners) == ["Council", "Library"]


def test_a_group_form_with_problems_keeps_what_was_typed(
    facilitator: FlaskClient, demo_data: None
) -> None:
    organisation = db.session.scalar(select(Organisation))
    page = facilitator.post(
        f"/organisations/{organisation.id}/groups/new",
        data={"name": "", "perspectives": "Staff\nstaff", "partners": "Council"},
    ).text
    assert "Enter the group&#39;s name" in page
    assert "Choose what kind of group this is" in page
    assert "listed twice" in page
    assert "Staff\nstaff</textarea>" in page


def test_perspectives_are_renamed_in_both_languages_and_added(
    facilitator: FlaskClient, team: Group
) -> None:
    response = facilitator.post(
        f"/groups/{team.id}/perspectives",
        data={
            "label-front-line": "Connectors",
            "label_cy-front-line": "Cysylltwyr",
            "label-team-leaders": "Team leaders",
            "added": "Volunteers",
        },
    )
    assert response.status_code == 302
    db.session.refresh(team)
    assert [(p.key, p.label, p.label_cy) for p in team.perspectives] == [
        ("front-line", "Connectors", "Cysylltwyr"),
        ("team-leaders", "Team leaders", "Arweinwyr tîm"),
        ("volunteers", "Volunteers", None),
    ]


def test_the_group_page_lists_rounds_with_their_status_and_answers(
    facilitator: FlaskClient, team: Group
) -> None:
    page = facilitator.get(f"/groups/{team.id}").text
    assert "September check-in" in page and "Closed" in page
    assert ">10</td>" in page
    assert f"/rounds/{team.rounds[0].id}" in page


def test_a_viewer_sees_the_group_page_but_not_the_facilitator_links(
    client: FlaskClient, team: Group
) -> None:
    viewer = Account(email="viewer@example.org", name="Viewer", password_hash="x")
    db.session.add(
        Membership(account=viewer, organisation_id=team.organisation_id, role=Role.VIEWER)
    )
    db.session.commit()
    sign_in_as(client, viewer)
    page = client.get(f"/groups/{team.id}").text
    assert "Community Connectors team" in page
    assert "Set up a check" not in page
    assert client.get(f"/groups/{team.id}/rounds/new").status_code == 404
    assert client.get(f"/rounds/{team.rounds[0].id}").status_code == 404


def test_another_organisations_facilitator_cannot_see_the_group(
    client: FlaskClient, team: Group
) -> None:
    stranger = Account(email="bob@elsewhere.org", name="Bob", password_hash="x")
    elsewhere = Organisation(name="Elsewhere", slug="elsewhere")
    db.session.add(Membership(account=stranger, organisation=elsewhere, role=Role.ADMIN))
    db.session.commit()
    sign_in_as(client, stranger)
    assert client.get(f"/groups/{team.id}").status_code == 404
    assert client.get(f"/rounds/{team.rounds[0].id}/paper").status_code == 404
