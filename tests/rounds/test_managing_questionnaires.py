"""The organisation's questionnaires: versions, the checks that used them, hiding and retiring."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.rounds.test_creating_rounds import form_for
from toolkit.storage.db import db
from toolkit.storage.models import (
    Group,
    Membership,
    Organisation,
    QuestionnaireChoice,
    Role,
    Round,
)
from toolkit.storage.questionnaire_store import library
from toolkit.web.questionnaires import offered_versions

# Not used by the demo's checks.
UNUSED = "pact-indicators"


def demo_organisation() -> Organisation:
    return db.session.scalar(select(Organisation).order_by(Organisation.id))


def offered(organisation: Organisation) -> set[tuple[str, str]]:
    return {
        (o.questionnaire.id, o.questionnaire.version) for o in offered_versions(organisation.id)
    }


def test_the_list_shows_each_version_with_links_to_the_checks_that_used_it(
    facilitator: FlaskClient, partnership: Group
) -> None:
    organisation = demo_organisation()
    page = facilitator.get(f"/organisations/{organisation.id}/questionnaires").text
    for questionnaire in library():
        assert questionnaire.title["en"] in page
    used = partnership.rounds[0]
    stored = used.questionnaire_version
    assert f'href="/rounds/{used.id}">{used.title}</a>' in page
    assert f'href="/questionnaires/{stored.questionnaire_key}/{stored.version}/paper"' in page
    assert "None yet" in page
    # Shipped questionnaires are copied, never changed in place.
    assert f"/questionnaires/{UNUSED}/" in page
    assert f"/questionnaires/{UNUSED}/{library().get(UNUSED).version}/adapt" not in page
    assert f"/questionnaires/{UNUSED}/{library().get(UNUSED).version}/copy" in page


def test_a_hidden_questionnaire_is_not_offered_until_it_is_offered_again(
    facilitator: FlaskClient, team: Group
) -> None:
    organisation = demo_organisation()
    version = library().get(UNUSED).version
    hidden = facilitator.post(f"/organisations/{organisation.id}/questionnaires/{UNUSED}/hide")
    assert hidden.headers["Location"] == f"/organisations/{organisation.id}/questionnaires#{UNUSED}"
    assert (UNUSED, version) not in offered(organisation)
    assert (
        library().get(UNUSED).content_hash
        not in facilitator.get(f"/groups/{team.id}/rounds/new").text
    )
    page = facilitator.get(f"/organisations/{organisation.id}/questionnaires").text
    assert "Hidden: not offered for new checks" in page
    # Hidden for this organisation only.
    other = Organisation(name="Elsewhere Trust", slug="elsewhere")
    db.session.add(other)
    db.session.commit()
    assert (UNUSED, version) in offered(other)
    facilitator.post(f"/organisations/{organisation.id}/questionnaires/{UNUSED}/offer")
    assert (UNUSED, version) in offered(organisation)


def test_a_hidden_questionnaire_cannot_be_chosen_for_a_new_check(
    facilitator: FlaskClient, team: Group
) -> None:
    organisation = demo_organisation()
    facilitator.post(f"/organisations/{organisation.id}/questionnaires/{UNUSED}/hide")
    data = form_for(team, questionnaire=library().get(UNUSED).content_hash)
    page = facilitator.post(f"/groups/{team.id}/rounds/new", data=data)
    assert page.status_code == 200
    assert "Choose the questionnaire to use" in page.text


@dataclass(frozen=True)
class UsedVersion:
    """A version of a questionnaire one of the demo partnership's checks used."""

    organisation: Organisation
    check: Round
    key: str
    version: str

    @property
    def retire_address(self) -> str:
        listing = f"/organisations/{self.organisation.id}/questionnaires"
        return f"{listing}/{self.key}/{self.version}/retire"


@pytest.fixture
def used(partnership: Group) -> UsedVersion:
    check = partnership.rounds[0]
    stored = check.questionnaire_version
    return UsedVersion(demo_organisation(), check, stored.questionnaire_key, stored.version)


def test_a_retired_version_is_not_offered_but_its_checks_keep_it(
    facilitator: FlaskClient, used: UsedVersion
) -> None:
    assert facilitator.post(used.retire_address).status_code == 302
    assert (used.key, used.version) not in offered(used.organisation)
    assert facilitator.get(f"/rounds/{used.check.id}").status_code == 200
    page = facilitator.get(f"/organisations/{used.organisation.id}/questionnaires").text
    assert "Retired" in page
    assert used.retire_address not in page


def test_retiring_asks_first_naming_the_checks_that_keep_the_version(
    facilitator: FlaskClient, used: UsedVersion
) -> None:
    listing = facilitator.get(f"/organisations/{used.organisation.id}/questionnaires").text
    # The list only links to the question; nothing is retired by one press.
    assert f'href="{used.retire_address}"' in listing
    asked = facilitator.get(used.retire_address)
    assert asked.status_code == 200
    assert "This cannot be undone." in asked.text
    assert used.check.title in asked.text
    assert (used.key, used.version) in offered(used.organisation)
    assert facilitator.post(used.retire_address).status_code == 302
    assert (used.key, used.version) not in offered(used.organisation)
    # Asked again once retired, it simply goes back to the list.
    location = facilitator.get(used.retire_address).headers["Location"]
    assert location.endswith(f"/questionnaires#{used.key}")


def test_only_questionnaires_and_versions_the_organisation_has_can_be_set_aside(
    facilitator: FlaskClient,
) -> None:
    base = f"/organisations/{demo_organisation().id}/questionnaires"
    assert facilitator.post(f"{base}/no-such-thing/hide").status_code == 404
    assert facilitator.post(f"{base}/{UNUSED}/99.9/retire").status_code == 404


def test_a_viewer_cannot_see_or_change_the_questionnaires(
    facilitator: FlaskClient,
) -> None:
    organisation = demo_organisation()
    membership = db.session.scalar(
        select(Membership).where(Membership.organisation_id == organisation.id)
    )
    membership.role = Role.VIEWER
    db.session.commit()
    base = f"/organisations/{organisation.id}/questionnaires"
    assert facilitator.get(base).status_code == 404
    assert facilitator.post(f"{base}/{UNUSED}/hide").status_code == 404
    assert offered(organisation) == {(q.id, q.version) for q in library()}


def test_what_was_set_aside_is_in_the_organisations_download_and_goes_with_it(
    facilitator: FlaskClient,
) -> None:
    organisation = demo_organisation()
    facilitator.post(f"/organisations/{organisation.id}/questionnaires/{UNUSED}/hide")
    everything = facilitator.get(f"/organisations/{organisation.id}/export").get_json()
    (hidden,) = everything["questionnaires_set_aside"]
    assert (hidden["questionnaire_key"], hidden["state"]) == (UNUSED, "hidden")
    db.session.delete(organisation)
    db.session.commit()
    assert db.session.scalar(select(QuestionnaireChoice)) is None
