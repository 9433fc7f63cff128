"""Facilitators entering answers given on paper or in a session, through the same pages."""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from tests.respond.journey import answer_every_page
from tests.sessions import sign_in_as
from toolkit.services.demo import DEMO_EMAIL
from toolkit.storage.db import db
from toolkit.storage.models import Account, Collection, Response, ResponseStatus


def forget_who_was_signed_in() -> None:
    # The test app context outlives each request, so clear the per-request cache by hand.
    g.pop("account", None)


def sign_in(client) -> None:
    forget_who_was_signed_in()
    account = db.session.scalar(select(Account).where(Account.email == DEMO_EMAIL))
    assert account is not None
    sign_in_as(client, account)


def test_a_facilitator_enters_a_paper_response(client, open_round) -> None:
    sign_in(client)
    page = client.get(f"/rounds/{open_round.id}/enter")
    assert "How were these answers given?" in page.text
    started = client.post(f"/rounds/{open_round.id}/enter", data={"collection": "paper"})
    assert started.location == "/answer/about-you"
    assert "Save this link" not in client.get("/answer/about-you").text
    client.post("/answer/about-you", data={"perspective": "community"})
    answer_every_page(client, "/answer/page/common-purpose")
    client.post("/answer/check")
    thanks = client.get("/answer/sent").text
    assert "Enter another person" in thanks

    response = db.session.scalar(select(Response).order_by(Response.id.desc()))
    assert response is not None
    assert response.collected is Collection.PAPER
    assert response.status is ResponseStatus.SUBMITTED


def test_entering_answers_needs_a_signed_in_facilitator(app, client, open_round) -> None:
    assert client.get(f"/rounds/{open_round.id}/enter").status_code == 302
    sign_in(client)
    client.post(f"/rounds/{open_round.id}/enter", data={"collection": "facilitator"})
    with client.session_transaction() as session:
        answering = session["answering"]
    forget_who_was_signed_in()
    stranger = app.test_client()
    with stranger.session_transaction() as session:
        session["answering"] = answering
    assert stranger.get("/answer/about-you").status_code == 404


def test_it_asks_how_the_answers_were_given(client, open_round) -> None:
    sign_in(client)
    page = client.post(f"/rounds/{open_round.id}/enter", data={})
    assert '<a href="#collection">Choose how these answers were given</a>' in page.text
