"""Uploading an organisation's own questionnaire: checked, previewed, kept only once chosen,
then offered to its groups only."""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select

from toolkit.core.questionnaire import load_questionnaire_text
from toolkit.paths import shipped
from toolkit.storage.db import db
from toolkit.storage.models import Group, Organisation, QuestionnaireVersion

LADDER = (shipped("questionnaires") / "listening-ladder.yaml").read_text()
OURS = LADDER.replace("id: listening-ladder", "id: our-ladder", 1)
# The line after the id gets a field the format does not know.
BROKEN = LADDER.replace("id: listening-ladder", "id: our-ladder\ncolour: blue", 1)
COLOUR_LINE = BROKEN.splitlines().index("colour: blue") + 1


def upload(client: FlaskClient, organisation_id: int, text: str, name: str = "ours.yaml"):  # type: ignore[no-untyped-def]
    return client.post(
        f"/organisations/{organisation_id}/questionnaires/upload",
        data={"file": (io.BytesIO(text.encode()), name)},
        content_type="multipart/form-data",
    )


def use(client: FlaskClient, organisation_id: int, text: str):  # type: ignore[no-untyped-def]
    """Upload a file and choose to use it, as the preview's button does."""
    assert upload(client, organisation_id, text).status_code == 200
    # A browser sends the text back with its line breaks as CR LF.
    return client.post(
        f"/organisations/{organisation_id}/questionnaires/use",
        data={"source": text.replace("\n", "\r\n")},
    )


def demo_organisation() -> Organisation:
    return db.session.scalar(select(Organisation))


def stored_ours() -> QuestionnaireVersion | None:
    return db.session.scalar(
        select(QuestionnaireVersion).where(QuestionnaireVersion.questionnaire_key == "our-ladder")
    )


def test_a_valid_file_is_previewed_and_nothing_is_stored_before_it_is_chosen(
    facilitator: FlaskClient,
) -> None:
    page = upload(facilitator, demo_organisation().id, OURS)
    assert page.status_code == 200
    assert "Check the questionnaire before you use it" in page.text
    assert "Use this questionnaire" in page.text
    ladder = load_questionnaire_text(OURS).questionnaire
    assert ladder is not None
    first = ladder.sections[0]
    # As people will see it: each page, each statement, each answer, and the Welsh.
    assert first.title["en"] in page.text
    assert first.items[0].text["en"] in page.text
    assert 'lang="cy">Ysgolion gwrando a chyfranogi</p>' in page.text
    assert f'lang="cy">{escape(first.items[0].text["cy"])}</p>' in page.text
    assert "Written in Welsh too" in page.text
    scale = ladder.scale_for(first.items[0])
    assert scale.options[0].label is not None
    assert scale.options[0].label["en"] in page.text
    assert stored_ours() is None


def test_a_valid_file_is_stored_for_the_organisation_once_chosen(
    facilitator: FlaskClient, team: Group
) -> None:
    organisation = demo_organisation()
    response = use(facilitator, organisation.id, OURS)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/organisations/{organisation.id}/questionnaires"
    stored = stored_ours()
    assert stored is not None
    assert stored.organisation_id == organisation.id
    assert stored.source_yaml == OURS
    page = facilitator.get(f"/groups/{team.id}/rounds/new").text
    assert stored.content_hash in page
    assert "uploaded by your organisation" in page


def test_an_invalid_file_shows_every_problem_with_its_line_and_fix(
    facilitator: FlaskClient,
) -> None:
    page = upload(facilitator, demo_organisation().id, BROKEN, "broken.yaml")
    assert page.status_code == 200
    assert "The file has problems" in page.text
    assert "broken.yaml" in page.text
    assert "unknown field &#34;colour&#34;" in page.text or 'unknown field "colour"' in page.text
    assert f'<td class="govuk-table__cell">{COLOUR_LINE}</td>' in page.text
    assert "Fields allowed here" in page.text
    assert stored_ours() is None


def test_the_text_of_a_file_with_problems_is_kept_to_fix_and_check_again(
    facilitator: FlaskClient,
) -> None:
    organisation = demo_organisation()
    page = upload(facilitator, organisation.id, BROKEN, "broken.yaml").text
    assert 'name="text"' in page
    assert "colour: blue" in page
    fixed = facilitator.post(
        f"/organisations/{organisation.id}/questionnaires/upload",
        data={"text": BROKEN.replace("colour: blue\n", ""), "name": "broken.yaml"},
        content_type="multipart/form-data",
    )
    assert "Use this questionnaire" in fixed.text
    assert stored_ours() is None


def test_text_changed_after_the_preview_is_checked_again_before_it_is_kept(
    facilitator: FlaskClient,
) -> None:
    organisation = demo_organisation()
    page = facilitator.post(
        f"/organisations/{organisation.id}/questionnaires/use", data={"source": BROKEN}
    )
    assert page.status_code == 200
    assert "The file has problems" in page.text
    assert "colour: blue" in page.text
    assert stored_ours() is None


def test_choosing_to_use_a_file_goes_on_to_the_page_that_asked_for_it(
    facilitator: FlaskClient, team: Group
) -> None:
    organisation = demo_organisation()
    back = f"/groups/{team.id}/rounds/new"
    response = facilitator.post(
        f"/organisations/{organisation.id}/questionnaires/use?next={back}", data={"source": OURS}
    )
    assert response.headers["Location"] == back


def test_a_file_that_is_not_yaml_is_explained(facilitator: FlaskClient) -> None:
    page = upload(facilitator, demo_organisation().id, "title: [unclosed\n", "bad.yaml")
    assert page.status_code == 200
    assert "bad.yaml" in page.text
    assert "How to fix it" in page.text


def test_uploaded_versions_are_not_offered_to_another_organisations_groups(
    facilitator: FlaskClient, team: Group
) -> None:
    use(facilitator, demo_organisation().id, OURS)
    other = Organisation(name="Elsewhere Trust", slug="elsewhere")
    db.session.add(other)
    db.session.flush()
    from toolkit.web.questionnaires import offered_versions

    offered = {offer.questionnaire.id for offer in offered_versions(other.id)}
    assert "our-ladder" not in offered
    assert "listening-ladder" in offered


def test_a_facilitator_cannot_upload_for_an_organisation_they_do_not_belong_to(
    facilitator: FlaskClient,
) -> None:
    other = Organisation(name="Elsewhere Trust", slug="elsewhere")
    db.session.add(other)
    db.session.commit()
    assert upload(facilitator, other.id, OURS).status_code == 404


def test_the_upload_page_offers_a_starter_file_that_uploads_as_it_is(
    facilitator: FlaskClient,
) -> None:
    organisation = demo_organisation()
    page = facilitator.get(f"/organisations/{organisation.id}/questionnaires/upload").text
    assert 'href="/questionnaires/starter.yaml" download>Download a starter file</a>' in page
    starter = facilitator.get("/questionnaires/starter.yaml")
    assert starter.status_code == 200
    assert "attachment" in starter.headers["Content-Disposition"]
    result = load_questionnaire_text(starter.data, "starter-questionnaire.yaml")
    assert (result.ok, result.problems) == (True, [])
    assert "Use this questionnaire" in upload(facilitator, organisation.id, starter.text).text


def test_the_upload_page_links_to_the_format_guide(facilitator: FlaskClient) -> None:
    page = facilitator.get(f"/organisations/{demo_organisation().id}/questionnaires/upload").text
    assert 'href="/questionnaires/format">Read the guide to the file format</a>' in page
    guide = facilitator.get("/questionnaires/format")
    assert guide.status_code == 200
    assert guide.content_type == "text/plain; charset=utf-8"
    assert guide.text.startswith("# Writing and adapting a questionnaire")


def test_the_starter_file_and_the_guide_are_for_signed_in_people(client: FlaskClient) -> None:
    for address in ("/questionnaires/starter.yaml", "/questionnaires/format"):
        assert client.get(address).status_code == 302
