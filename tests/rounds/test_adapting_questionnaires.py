"""Adapting a questionnaire on screen: copy, change the words, add Welsh, save a new version."""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient
from sqlalchemy import select

from tests.questionnaire.editor_forms import form_for
from toolkit.core.questionnaire.editing import statement_field
from toolkit.storage.db import db
from toolkit.storage.models import (
    Group,
    Membership,
    Organisation,
    QuestionnaireVersion,
    Response,
    Role,
    Round,
)
from toolkit.storage.questionnaire_store import library, questionnaire_of
from toolkit.web.questionnaires import offered_versions

SHIPPED = "relationship-health-check"
COPY = f"{SHIPPED}-ours"


def copy_address(organisation: Organisation) -> str:
    version = library().get(SHIPPED).version
    return f"/organisations/{organisation.id}/questionnaires/{SHIPPED}/{version}/copy"


def stored(key: str) -> list[QuestionnaireVersion]:
    return list(
        db.session.scalars(
            select(QuestionnaireVersion)
            .where(QuestionnaireVersion.questionnaire_key == key)
            .order_by(QuestionnaireVersion.id)
        )
    )


def save_copy(
    client: FlaskClient, organisation: Organisation, **changes: str
) -> QuestionnaireVersion:
    form = form_for(library().get(SHIPPED)) | changes | {"action": "save"}
    response = client.post(copy_address(organisation), data=form)
    assert response.status_code == 302, response.text
    (saved,) = stored(COPY)
    return saved


def test_the_editor_shows_the_questionnaire_as_fields_not_a_file(
    demo_organisation: Organisation, facilitator: FlaskClient
) -> None:
    page = facilitator.get(copy_address(demo_organisation)).text
    shipped = library().get(SHIPPED)
    first = shipped.sections[0].items[0]
    assert f'id="title-en" name="title-en" type="text" value="{shipped.title["en"]}"' in page
    assert 'name="title-cy"' in page
    assert f'name="{statement_field(0, 0, "key")}" value="{first.key}"' in page
    assert f'<option value="{first.dimension}" selected>' in page
    assert "Add a statement to page 1" in page
    # No file to edit: nothing of the YAML behind it is on the page.
    assert "scales:" not in page and "dimension:" not in page


def test_copying_stores_the_organisations_own_under_a_new_key_and_leaves_the_original(
    demo_organisation: Organisation,
    facilitator: FlaskClient,
) -> None:
    welsh = "Rydym yn ymddiried yn ein gilydd."
    saved = save_copy(
        facilitator,
        demo_organisation,
        **{"title-en": "Our health check", statement_field(0, 0, "text-cy"): welsh},
    )
    assert (saved.organisation_id, saved.version) == (demo_organisation.id, "1")
    copy = questionnaire_of(saved)
    assert copy.title["en"] == "Our health check"
    assert copy.sections[0].items[0].text["cy"] == welsh
    assert library().get(SHIPPED).title["en"] != "Our health check"
    assert COPY in {o.questionnaire.id for o in offered_versions(demo_organisation.id)}
    page = facilitator.get(f"/organisations/{demo_organisation.id}/questionnaires").text
    assert "Our health check" in page
    assert f"/questionnaires/{COPY}/1/adapt" in page


def test_adding_a_statement_shows_an_empty_row_and_keeps_what_was_typed(
    demo_organisation: Organisation,
    facilitator: FlaskClient,
) -> None:
    shipped = library().get(SHIPPED)
    form = form_for(shipped) | {"title-en": "Typed but not saved", "action": "add-0"}
    page = facilitator.post(copy_address(demo_organisation), data=form).text
    new_row = len(shipped.sections[0].items)
    assert f'id="{statement_field(0, new_row, "text-en")}"' in page
    assert "autofocus" in page
    assert 'value="Typed but not saved"' in page
    assert stored(COPY) == []


def test_a_problem_is_shown_beside_its_field_and_nothing_is_lost_or_stored(
    demo_organisation: Organisation,
    facilitator: FlaskClient,
) -> None:
    shipped = library().get(SHIPPED)
    weight = statement_field(0, 0, "weight")
    form = form_for(shipped) | {weight: "lots", "title-en": "Kept words", "action": "save"}
    response = facilitator.post(copy_address(demo_organisation), data=form)
    assert response.status_code == 200
    page = response.text
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in page
    assert f'<a href="#{weight}">' in page
    # The message sits in the weight's own form group, above its box.
    group = page[page.index(f'<label class="govuk-label" for="{weight}">') :]
    assert group.index("Write the weight as a number") < group.index(f'id="{weight}"')
    assert 'value="lots"' in page and 'value="Kept words"' in page
    assert stored(COPY) == []


def test_saving_an_own_questionnaire_makes_a_new_version_and_never_changes_one_answered(
    demo_organisation: Organisation, facilitator: FlaskClient, team: Group
) -> None:
    first = save_copy(facilitator, demo_organisation)
    answered = Round(
        group=team,
        questionnaire_version=first,
        title="Answered check",
        opens_on=date(2027, 1, 4),
        closes_on=date(2027, 1, 18),
    )
    answered.responses.append(Response(started_on=date(2027, 1, 5), resume_token_hash="answered"))
    db.session.add(answered)
    db.session.commit()
    text_before = first.source_yaml
    form = form_for(questionnaire_of(first)) | {"title-en": "Second thoughts", "action": "save"}
    response = facilitator.post(
        f"/organisations/{demo_organisation.id}/questionnaires/{COPY}/1/adapt", data=form
    )
    assert response.status_code == 302
    one, two = stored(COPY)
    assert (one.id, one.version, one.source_yaml) == (first.id, "1", text_before)
    assert two.version == "2"
    assert questionnaire_of(two).title["en"] == "Second thoughts"
    db.session.refresh(answered)
    assert answered.questionnaire_version_id == first.id


def test_saving_without_a_change_makes_no_new_version(
    demo_organisation: Organisation, facilitator: FlaskClient
) -> None:
    first = save_copy(facilitator, demo_organisation)
    form = form_for(questionnaire_of(first)) | {"action": "save"}
    page = facilitator.post(
        f"/organisations/{demo_organisation.id}/questionnaires/{COPY}/1/adapt", data=form
    )
    assert "Nothing has changed yet" in page.text
    assert len(stored(COPY)) == 1


def test_a_shipped_questionnaire_is_copied_never_changed_in_place(
    demo_organisation: Organisation,
    facilitator: FlaskClient,
) -> None:
    version = library().get(SHIPPED).version
    address = f"/organisations/{demo_organisation.id}/questionnaires/{SHIPPED}/{version}/adapt"
    assert facilitator.get(address).status_code == 404
    assert facilitator.post(address, data={"action": "save"}).status_code == 404


def test_another_organisations_questionnaire_cannot_be_copied(
    demo_organisation: Organisation, facilitator: FlaskClient
) -> None:
    save_copy(facilitator, demo_organisation)
    other = Organisation(name="Elsewhere Trust", slug="elsewhere")
    db.session.add(other)
    db.session.commit()
    account_id = db.session.scalar(select(Membership.account_id).limit(1))
    db.session.add(Membership(account_id=account_id, organisation=other, role=Role.ADMIN))
    db.session.commit()
    address = f"/organisations/{other.id}/questionnaires/{COPY}/1/copy"
    assert facilitator.get(address).status_code == 404


def test_the_editor_says_what_to_do_on_the_form_not_in_the_file(
    demo_organisation: Organisation, facilitator: FlaskClient
) -> None:
    shipped = library().get(SHIPPED)
    area = statement_field(0, 0, "dimension")
    no_title = form_for(shipped) | {"title-en": "", "action": "save"}
    page = facilitator.post(copy_address(demo_organisation), data=no_title).text
    assert "Write this in English: English is shown wherever Welsh is missing." in page
    no_area = form_for(shipped) | {area: "", "action": "save"}
    page = facilitator.post(copy_address(demo_organisation), data=no_area).text
    group = page[page.index(f'<label class="govuk-label" for="{area}">') :]
    assert group.index("Choose the area this statement counts towards.") < group.index(
        f'id="{area}"'
    )
    assert "en: ..." not in page and "dimension: ..." not in page
