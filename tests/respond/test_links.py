"""Links that cannot be used, personal invitations, and withdrawing answers."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from sqlalchemy import select

from tests.respond.conftest import SHARED
from tests.respond.journey import answer_every_page, start
from toolkit.core.tokens import hash_token
from toolkit.storage.db import db
from toolkit.storage.models import AuditEvent, Invitation, Response, Round, RoundStatus


def invite(check: Round, token: str, **preset: str) -> Invitation:
    invitation = Invitation(round=check, token_hash=hash_token(token), **preset)
    db.session.add(invitation)
    db.session.commit()
    return invitation


def test_an_unknown_link_gets_a_plain_404_page(client, open_round) -> None:
    for link in ("/s/not-a-real-token", "/r/not-a-real-token", "/resume/not-a-real-token"):
        page = client.get(link)
        assert page.status_code == 404
        assert "This link is not working" in page.text
        assert open_round.title not in page.text
        assert open_round.group.name not in page.text


def test_answer_pages_without_a_started_response_say_the_link_is_not_working(client) -> None:
    page = client.get("/answer/check")
    assert page.status_code == 404
    assert "This link is not working" in page.text


def test_it_refuses_a_closed_round(client, open_round) -> None:
    open_round.status = RoundStatus.CLOSED
    db.session.commit()
    page = client.get(f"/s/{SHARED}")
    assert page.status_code == 410
    assert "This check has closed" in page.text
    assert client.post(f"/s/{SHARED}").status_code == 410


def test_it_treats_a_round_past_its_closing_day_as_closed(client, open_round) -> None:
    open_round.closes_on = date.today() - timedelta(days=1)
    open_round.opens_on = date.today() - timedelta(days=20)
    db.session.commit()
    assert "This check has closed" in client.get(f"/s/{SHARED}").text


def test_it_says_when_a_round_opens(client, open_round) -> None:
    open_round.opens_on = date.today() + timedelta(days=3)
    db.session.commit()
    page = client.get(f"/s/{SHARED}")
    assert page.status_code == 403
    assert "This check is not open yet" in page.text
    assert "Please come back then with the same link" in page.text


def test_a_round_being_set_up_opens_by_itself_on_its_opening_day(client, open_round) -> None:
    open_round.status = RoundStatus.DRAFT
    open_round.opens_on = date.today()
    db.session.commit()
    page = client.get(f"/s/{SHARED}")
    assert page.status_code == 200
    assert 'class="govuk-button govuk-button--start"' in page.text
    db.session.refresh(open_round)
    assert open_round.status is RoundStatus.OPEN
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "open round on its date")
    )
    assert event is not None
    assert (event.who, event.target, event.account_id) == ("The toolkit", open_round.title, None)


def test_a_round_being_set_up_waits_for_its_opening_day(client, open_round) -> None:
    open_round.status = RoundStatus.DRAFT
    open_round.opens_on = date.today() + timedelta(days=1)
    db.session.commit()
    page = client.get(f"/s/{SHARED}")
    assert "still getting it ready" in page.text
    db.session.refresh(open_round)
    assert open_round.status is RoundStatus.DRAFT


def test_a_draft_cannot_be_carried_on_after_the_round_closes(client, open_round) -> None:
    start(client, f"/s/{SHARED}")
    open_round.status = RoundStatus.CLOSED
    db.session.commit()
    assert client.get("/answer/about-you").status_code == 410


def test_a_personal_invitation_presets_the_perspective_and_works_once(client, open_round) -> None:
    invitation = invite(
        open_round, "personal", perspective_key="commissioner", partner_key="ashby-vale-council"
    )
    assert "groups of at least 5 people" in client.get("/r/personal").text
    first = start(client, "/r/personal")
    assert first == "/answer/page/common-purpose"
    answer_every_page(client, first)
    client.post("/answer/check")

    response = db.session.scalar(
        select(Response).where(Response.link_hash == hash_token("personal"))
    )
    assert response is not None and response.perspective_given
    assert (response.perspective_key, response.partner_key) == (
        "commissioner",
        "ashby-vale-council",
    )
    assert not [a for a in response.answers if a.partner_key == "ashby-vale-council"]
    db.session.refresh(invitation)
    # The invitation forgot its link once used: nothing joins its label to the answers.
    assert invitation.token_hash is None
    used = client.get("/r/personal")
    assert used.status_code == 410
    assert "This link has already been used" in used.text


def test_starting_a_personal_invitation_twice_continues_one_response(
    app: Flask, open_round
) -> None:
    invite(open_round, "personal", perspective_key="provider")
    start(app.test_client(), "/r/personal")
    start(app.test_client(), "/r/personal")
    found = db.session.scalars(select(Response).where(Response.link_hash == hash_token("personal")))
    assert len(found.all()) == 1


def test_a_personal_token_is_not_a_shared_link(client, open_round) -> None:
    invite(open_round, "printed", perspective_key="provider")
    assert client.get("/s/printed").status_code == 404


def test_someone_withdraws_their_answers_with_the_resume_link(client, open_round) -> None:
    first = start(client, f"/s/{SHARED}")
    resume = client.get(first).text.split('href="http://localhost/resume/')[1].split('"')[0]
    answer_every_page(client, first)
    client.post("/answer/check")
    count = len(open_round.responses)

    sent = client.get(f"/resume/{resume}")
    assert "You have already sent your answers" in sent.text
    confirm = client.get(f"/resume/{resume}/withdraw")
    assert "Are you sure you want to withdraw your answers?" in confirm.text
    done = client.post(f"/resume/{resume}/withdraw")
    assert "Your answers have been deleted" in done.text
    db.session.expire_all()
    assert len(open_round.responses) == count - 1
    assert client.get(f"/resume/{resume}").status_code == 404


def test_answers_cannot_be_withdrawn_once_the_round_has_closed(client, open_round) -> None:
    first = start(client, f"/s/{SHARED}")
    resume = client.get(first).text.split('href="http://localhost/resume/')[1].split('"')[0]
    open_round.status = RoundStatus.CLOSED
    db.session.commit()
    assert client.post(f"/resume/{resume}/withdraw").status_code == 410
    assert db.session.scalar(
        select(Response).where(Response.resume_token_hash == hash_token(resume))
    )


def test_starting_needs_the_form_token_when_csrf_protection_is_on(
    app: Flask, client, open_round
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/s/{SHARED}").status_code == 400
    landing = client.get(f"/s/{SHARED}").text
    token = landing.split('name="csrf_token" value="')[1].split('"')[0]
    assert client.post(f"/s/{SHARED}", data={"csrf_token": token}).status_code == 302
    about = client.get("/answer/about-you").text
    assert 'name="csrf_token"' in about
