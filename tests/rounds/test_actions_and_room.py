"""Agreed actions, and a facilitated session in the room."""

from __future__ import annotations

import secrets
from datetime import date

from flask.testing import FlaskClient
from sqlalchemy import select

from toolkit.core.tokens import hash_token
from toolkit.storage.db import db
from toolkit.storage.models import AgreedAction, Group, Response, ResponseStatus, RoomSession, Round
from toolkit.storage.questionnaire_store import questionnaire_of


def first_dimension(found: Round) -> str:
    return questionnaire_of(found.questionnaire_version).dimensions[0].key


def test_an_action_is_recorded_changed_and_removed(facilitator: FlaskClient, team: Group) -> None:
    after = team.rounds[-1]
    response = facilitator.post(
        f"/groups/{team.id}/actions/new",
        data={
            "text": "Walk and talk once a month",
            "owner": "Sam",
            "round": str(after.id),
            "dimension": first_dimension(after),
        },
    )
    assert response.status_code == 302
    action = db.session.scalar(select(AgreedAction).where(AgreedAction.group_id == team.id))
    assert (action.owner, action.round_id, action.agreed_on) == ("Sam", after.id, date.today())
    assert "Walk and talk once a month" in facilitator.get(f"/groups/{team.id}").text

    facilitator.post(
        f"/groups/{team.id}/actions/{action.id}/edit",
        data={
            "text": "Walk and talk twice a month",
            "owner": "Sam",
            "round": str(after.id),
            "dimension": first_dimension(after),
            "what_happened": "Residents came along.",
        },
    )
    db.session.refresh(action)
    assert (action.text, action.what_happened) == (
        "Walk and talk twice a month",
        "Residents came along.",
    )

    assert (
        "Remove this agreed action?"
        in facilitator.get(f"/groups/{team.id}/actions/{action.id}/delete").text
    )
    facilitator.post(f"/groups/{team.id}/actions/{action.id}/delete")
    db.session.expire_all()
    assert db.session.get(AgreedAction, action.id) is None


def test_an_action_needs_text_and_a_theme_from_its_rounds_questionnaire(
    facilitator: FlaskClient, team: Group
) -> None:
    page = facilitator.post(
        f"/groups/{team.id}/actions/new",
        data={"text": "", "owner": "Sam", "round": str(team.rounds[-1].id), "dimension": "nope"},
    ).text
    assert "Describe what the group agreed to try" in page
    assert "That theme is not in the questionnaire" in page
    assert 'value="Sam"' in page
    assert db.session.scalar(select(AgreedAction).where(AgreedAction.group_id == team.id)) is None


def test_an_action_of_another_group_is_not_found(
    facilitator: FlaskClient, team: Group, partnership: Group
) -> None:
    other = partnership.actions[0]
    assert facilitator.get(f"/groups/{team.id}/actions/{other.id}/edit").status_code == 404


def submit(found: Round) -> None:
    db.session.add(
        Response(
            round=found,
            status=ResponseStatus.SUBMITTED,
            perspective_key="community",
            started_on=date.today(),
            submitted_on=date.today(),
            resume_token_hash=hash_token(secrets.token_urlsafe(8)),
        )
    )
    db.session.commit()


def test_the_room_shows_only_a_count_until_everyone_has_answered(
    facilitator: FlaskClient, open_round: Round
) -> None:
    response = facilitator.post(f"/rounds/{open_round.id}/session", data={"expected": "2"})
    assert response.location.endswith(f"/rounds/{open_round.id}/room")
    session = db.session.scalar(select(RoomSession).where(RoomSession.round_id == open_round.id))
    assert session.answered_before == len(open_round.responses)

    page = facilitator.get(f"/rounds/{open_round.id}/room").text
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "0 / 2" in page and session.code in page and "<svg" in page
    assert "<script" not in page

    submit(open_round)
    assert "1 / 2" in facilitator.get(f"/rounds/{open_round.id}/room").text
    submit(open_round)
    response = facilitator.get(f"/rounds/{open_round.id}/room")
    assert response.location == f"/rounds/{open_round.id}/results"
    db.session.refresh(session)
    assert session.revealed_at is not None


def test_the_facilitator_can_reveal_before_everyone_has_answered(
    facilitator: FlaskClient, open_round: Round
) -> None:
    facilitator.post(f"/rounds/{open_round.id}/session", data={"expected": "30"})
    response = facilitator.post(f"/rounds/{open_round.id}/session/reveal")
    assert response.location == f"/rounds/{open_round.id}/results"
    assert facilitator.get(f"/rounds/{open_round.id}/room").location == (
        f"/rounds/{open_round.id}/results"
    )


def test_the_room_code_leads_to_the_shared_link(
    facilitator: FlaskClient, open_round: Round
) -> None:
    open_round.shared_token = "room-token"
    db.session.commit()
    facilitator.post(f"/rounds/{open_round.id}/session", data={"expected": "5"})
    code = db.session.scalar(select(RoomSession.code).where(RoomSession.round_id == open_round.id))
    response = facilitator.get(f"/join/{code.lower()}")
    assert response.location == "http://localhost/s/room-token"
    assert facilitator.get("/join/NOPE22").status_code == 404


def test_a_session_needs_a_number_of_people(facilitator: FlaskClient, open_round: Round) -> None:
    page = facilitator.post(f"/rounds/{open_round.id}/session", data={"expected": "lots"}).text
    assert "Enter how many people are in the room" in page
    assert 'value="lots"' in page


def test_a_session_is_only_for_an_open_round(facilitator: FlaskClient, team: Group) -> None:
    closed = team.rounds[-1]
    response = facilitator.post(f"/rounds/{closed.id}/session", data={"expected": "5"})
    assert response.status_code == 302
    assert db.session.scalar(select(RoomSession)) is None


def test_the_room_page_can_stop_refreshing_by_itself(
    facilitator: FlaskClient, open_round: Round
) -> None:
    facilitator.post(f"/rounds/{open_round.id}/session", data={"expected": "4"})
    page = facilitator.get(f"/rounds/{open_round.id}/room?refresh=off").text
    assert 'http-equiv="refresh"' not in page
    assert "Check again" in page
