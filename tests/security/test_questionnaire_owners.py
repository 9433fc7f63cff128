"""Each organisation's uploads are its own; the shipped questionnaires are shared read-only.

Issue 14, part 6: a content hash that ignored comments let one organisation's
upload stand in for another's round, and then broke the uploader's "delete
everything".
"""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.rounds.test_creating_rounds import form_for
from tests.security.conftest import SignIn
from toolkit.opendata.keys import create_key
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    Group,
    GroupKind,
    Organisation,
    QuestionnaireVersion,
    Round,
)
from toolkit.storage.questionnaire_store import library

# Not used by the demo, so no round has stored it before the test begins.
SHIPPED_ID = "better-way-behaviours"


def shipped_text() -> str:
    return library().entry(SHIPPED_ID).source


def with_comment(text: str) -> str:
    return "# Riverside's own copy: do not circulate.\n" + text


def upload(client: FlaskClient, organisation: Organisation, text: str) -> str:
    """Upload a file, see it, and choose to use it."""
    preview = client.post(
        f"/organisations/{organisation.id}/questionnaires/upload",
        data={"file": (io.BytesIO(text.encode()), "check.yaml")},
        content_type="multipart/form-data",
    )
    assert "Use this questionnaire" in preview.get_data(as_text=True)
    response = client.post(
        # On to the start page, as before previews: the same page whoever else holds the file.
        f"/organisations/{organisation.id}/questionnaires/use?next=/",
        data={"source": text},
        follow_redirects=True,
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def team_of(organisation: Organisation) -> Group:
    found = db.session.scalar(
        select(Group).where(Group.organisation_id == organisation.id, Group.kind == GroupKind.TEAM)
    )
    if found is None:
        found = Group(organisation=organisation, name="Board", kind=GroupKind.TEAM)
        db.session.add(found)
        db.session.commit()
    return found


def new_round(client: FlaskClient, group: Group, title: str) -> Round:
    chosen = library().get(SHIPPED_ID).content_hash
    data = form_for(group, title=title, questionnaire=chosen)
    response = client.post(f"/groups/{group.id}/rounds/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    found = db.session.scalar(select(Round).where(Round.title == title))
    assert found is not None
    return found


@pytest.fixture
def riverside(bob: Account) -> Organisation:
    return bob.memberships[0].organisation


def test_another_organisations_upload_never_stands_in_for_a_shipped_questionnaire(
    demo_organisation: Organisation,
    alice: Account,
    bob: Account,
    riverside: Organisation,
    signed_in: SignIn,
) -> None:
    upload(signed_in(bob), riverside, with_comment(shipped_text()))
    client = signed_in(alice)
    ours = new_round(client, team_of(demo_organisation), "Our winter check")
    assert ours.questionnaire_version.organisation_id is None
    assert ours.questionnaire_version.source_yaml == shipped_text()
    download = client.get(f"/rounds/{ours.id}/exports/questionnaire.yaml")
    assert "Riverside" not in download.get_data(as_text=True)
    secret = create_key(demo_organisation, "Tests")[1]
    db.session.commit()
    api = client.get(
        f"/api/questionnaires/{ours.questionnaire_version_id}",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert api.status_code == 200
    assert "Riverside" not in api.get_json()["source_yaml"]


def test_an_organisations_rounds_serve_the_text_it_uploaded(
    demo_organisation: Organisation, bob: Account, riverside: Organisation, signed_in: SignIn
) -> None:
    client = signed_in(bob)
    upload(client, riverside, with_comment(shipped_text()))
    theirs = new_round(client, team_of(riverside), "Riverside check")
    assert theirs.questionnaire_version.organisation_id == riverside.id
    download = client.get(f"/rounds/{theirs.id}/exports/questionnaire.yaml")
    assert download.get_data(as_text=True) == with_comment(shipped_text())


@pytest.mark.parametrize("demo_uploads_it_too", [False, True])
def test_deleting_everything_works_after_another_organisation_used_the_same_file(
    demo_organisation: Organisation,
    alice: Account,
    bob: Account,
    riverside: Organisation,
    signed_in: SignIn,
    demo_uploads_it_too: bool,
) -> None:
    text = with_comment(shipped_text())
    upload(signed_in(bob), riverside, text)
    new_round(signed_in(bob), team_of(riverside), "Riverside check")
    client = signed_in(alice)
    if demo_uploads_it_too:
        upload(client, demo_organisation, text)
    ours = new_round(client, team_of(demo_organisation), "Our winter check")
    response = signed_in(bob).post(
        f"/organisations/{riverside.id}/delete", data={"confirm": riverside.name}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, riverside.id) is None
    kept = db.session.get(Round, ours.id)
    assert kept is not None
    assert kept.questionnaire_version.source_yaml == (
        text if demo_uploads_it_too else shipped_text()
    )
    leftover = select(QuestionnaireVersion).where(
        QuestionnaireVersion.organisation_id == riverside.id
    )
    assert db.session.scalars(leftover).all() == []


def test_uploading_a_file_another_organisation_holds_reveals_nothing(
    demo_organisation: Organisation,
    alice: Account,
    bob: Account,
    riverside: Organisation,
    signed_in: SignIn,
) -> None:
    held = with_comment(shipped_text()).replace(f"id: {SHIPPED_ID}", "id: riverside-check", 1)
    fresh = held.replace("id: riverside-check", "id: our-check", 1)
    upload(signed_in(bob), riverside, held)
    client = signed_in(alice)
    first = upload(client, demo_organisation, held)
    second = upload(client, demo_organisation, fresh)
    assert first.replace("riverside-check", "X") == second.replace("our-check", "X")
    ours = db.session.scalars(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.organisation_id == demo_organisation.id
        )
    ).all()
    assert sorted(v.questionnaire_key for v in ours) == ["our-check", "riverside-check"]
    page = client.get(f"/groups/{team_of(demo_organisation).id}/rounds/new").get_data(as_text=True)
    assert page.count("uploaded by your organisation") == 2
