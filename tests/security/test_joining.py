"""Invitations to join: nobody is added until the invited person accepts, and nothing leaks.

Issue 14, part 1: an admin of organisation B invited new.hire@, took the link and set a
password; when organisation A's admin later invited the same address, the toolkit added
that account to A at once, and B's admin could download A's answers. Inviting an
existing address also told the inviter that the account existed, and its owner's name.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.conftest import sqlite_only
from tests.mailbox import Mailbox
from tests.security.conftest import BOB_EMAIL, BOB_PASSWORD, FAST_HASH, SignIn
from toolkit.services import accounts
from toolkit.services.accounts import account_by_email
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    Membership,
    MembershipInvitation,
    Organisation,
    Role,
    Round,
)

NEW_HIRE = "new.hire@council.example"
NEW_PASSWORD = "new hire's own password"
LINK = re.compile(r"http://localhost(/invited/[\w-]+)")


def invite(client: FlaskClient, organisation: Organisation, email: str, name: str = "") -> str:
    """Invite an address as a facilitator and return the page the admin sees."""
    response = client.post(
        f"/organisations/{organisation.id}/people",
        data={"email": email, "name": name, "role": "facilitator"},
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def link_in(page: str) -> str:
    found = LINK.search(page)
    assert found is not None, "the page shows no invitation link"
    return found.group(1)


def join_as_new(app: Flask, link: str, name: str = "New Hire") -> FlaskClient:
    browser = app.test_client()
    form = {"answer": "join", "name": name, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    response = browser.post(link, data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    return browser


def sign_in(app: Flask, email: str, password: str) -> FlaskClient:
    browser = app.test_client()
    response = browser.post("/sign-in", data={"email": email, "password": password})
    assert response.status_code == 302
    return browser


def memberships_of(email: str) -> set[str]:
    account = account_by_email(email)
    assert account is not None
    db.session.expire_all()
    return {m.organisation.name for m in account.memberships}


@pytest.fixture
def riverside(bob: Account) -> Organisation:
    return bob.memberships[0].organisation


def test_an_account_made_before_it_was_invited_cannot_take_another_organisations_invitation(
    app: Flask,
    demo_organisation: Organisation,
    alice: Account,
    bob: Account,
    riverside: Organisation,
    signed_in: SignIn,
) -> None:
    # Bob invites the address first, keeps the link and chooses the password himself.
    join_as_new(app, link_in(invite(signed_in(bob), riverside, NEW_HIRE)))
    # Later the demo organisation's admin invites the same address.
    invite(signed_in(alice), demo_organisation, NEW_HIRE)
    assert memberships_of(NEW_HIRE) == {riverside.name}
    as_new_hire = sign_in(app, NEW_HIRE, NEW_PASSWORD)
    demo_round = db.session.scalar(select(Round))
    assert demo_round is not None
    assert as_new_hire.get(f"/rounds/{demo_round.id}/exports/answers.csv").status_code == 404
    assert demo_organisation.name not in as_new_hire.get("/").get_data(as_text=True)


@sqlite_only
def test_inviting_an_existing_address_adds_nobody_until_they_accept(
    app: Flask, demo_organisation: Organisation, alice: Account, bob: Account, signed_in: SignIn
) -> None:
    link = link_in(invite(signed_in(alice), demo_organisation, BOB_EMAIL, name="Robert"))
    assert memberships_of(BOB_EMAIL) == {"Riverside Foodbank"}
    as_bob = sign_in(app, BOB_EMAIL, BOB_PASSWORD)
    page = as_bob.get(link).get_data(as_text=True)
    assert "Accept and join" in page
    assert as_bob.post(link, data={"answer": "accept"}).status_code == 302
    assert memberships_of(BOB_EMAIL) == {"Riverside Foodbank", demo_organisation.name}
    role = db.session.scalar(
        select(Membership.role).where(
            Membership.account_id == bob.id, Membership.organisation_id == demo_organisation.id
        )
    )
    assert role == Role.FACILITATOR
    assert as_bob.get(link).status_code == 404, "an invitation works once"


@sqlite_only
def test_an_invitation_reveals_nothing_about_existing_accounts(
    demo_organisation: Organisation, alice: Account, bob: Account, signed_in: SignIn
) -> None:
    client = signed_in(alice)
    answers = {}
    for email in (BOB_EMAIL, "nobody@elsewhere.example"):
        page = invite(client, demo_organisation, email, name="Someone")
        panel = re.search(r'<div class="govuk-panel.*?</div>\s*</div>', page, re.DOTALL)
        assert panel is not None
        answers[email] = LINK.sub("LINK", panel.group(0)).replace(email, "EMAIL")
        assert "Bob" not in page
    assert answers[BOB_EMAIL] == answers["nobody@elsewhere.example"]
    assert memberships_of(BOB_EMAIL) == {"Riverside Foodbank"}


@sqlite_only
def test_an_invitation_is_accepted_only_by_the_account_it_was_made_to(
    app: Flask, demo_organisation: Organisation, alice: Account, bob: Account, signed_in: SignIn
) -> None:
    link = link_in(invite(signed_in(alice), demo_organisation, NEW_HIRE))
    as_bob = sign_in(app, BOB_EMAIL, BOB_PASSWORD)
    page = as_bob.get(link).get_data(as_text=True)
    assert f"You are signed in as {BOB_EMAIL}, so you cannot accept it here" in page
    assert as_bob.post(link, data={"answer": "accept"}).status_code == 403
    assert memberships_of(BOB_EMAIL) == {"Riverside Foodbank"}
    signed_out = app.test_client()
    assert signed_out.post(link, data={"answer": "accept"}).status_code == 403
    assert "Sign in to accept" in signed_out.get(link).get_data(as_text=True)


def test_someone_new_joins_by_choosing_a_password(
    app: Flask, demo_organisation: Organisation, alice: Account, signed_in: SignIn
) -> None:
    link = link_in(invite(signed_in(alice), demo_organisation, NEW_HIRE, name="Nia"))
    page = app.test_client().get(link).get_data(as_text=True)
    assert 'value="Nia"' in page
    browser = join_as_new(app, link, name="Nia Jones")
    assert demo_organisation.name in browser.get("/").get_data(as_text=True)
    account = account_by_email(NEW_HIRE)
    assert account is not None and account.name == "Nia Jones"
    assert account.password_hash.startswith(FAST_HASH.split(":")[0])


@sqlite_only
def test_choosing_a_password_for_an_address_with_an_account_is_refused(
    app: Flask, demo_organisation: Organisation, alice: Account, bob: Account, signed_in: SignIn
) -> None:
    link = link_in(invite(signed_in(alice), demo_organisation, BOB_EMAIL))
    stranger = app.test_client()
    form = {"answer": "join", "name": "Mallory", "password": "x" * 12, "confirm": "x" * 12}
    response = stranger.post(link, data=form)
    assert response.status_code == 400
    assert "already has an account. Sign in with it to accept" in response.get_data(as_text=True)
    sign_in(app, BOB_EMAIL, BOB_PASSWORD)
    assert memberships_of(BOB_EMAIL) == {"Riverside Foodbank"}


@sqlite_only
def test_a_new_password_and_name_are_checked_and_kept(
    app: Flask, demo_organisation: Organisation, alice: Account, signed_in: SignIn
) -> None:
    link = link_in(invite(signed_in(alice), demo_organisation, NEW_HIRE))
    form = {"answer": "join", "name": "Nia", "password": "short", "confirm": "short"}
    response = app.test_client().post(link, data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose a password of at least 10 characters" in page and 'value="Nia"' in page
    form = {"answer": "join", "name": "N" * 201, "password": "x" * 12, "confirm": "x" * 12}
    page = app.test_client().post(link, data=form).get_data(as_text=True)
    assert "Keep “Your name” to 200 characters or fewer; it has 201." in page


@sqlite_only
def test_declining_removes_the_invitation(
    app: Flask, demo_organisation: Organisation, alice: Account, bob: Account, signed_in: SignIn
) -> None:
    link = link_in(invite(signed_in(alice), demo_organisation, BOB_EMAIL))
    as_bob = sign_in(app, BOB_EMAIL, BOB_PASSWORD)
    assert as_bob.post(link, data={"answer": "decline"}).status_code == 302
    assert memberships_of(BOB_EMAIL) == {"Riverside Foodbank"}
    assert as_bob.get(link).status_code == 404


@sqlite_only
def test_an_admin_sees_and_withdraws_invitations(
    app: Flask, demo_organisation: Organisation, alice: Account, signed_in: SignIn
) -> None:
    client = signed_in(alice)
    link = link_in(invite(client, demo_organisation, NEW_HIRE))
    page = client.get(f"/organisations/{demo_organisation.id}/people").get_data(as_text=True)
    assert "Invited, not yet joined" in page and NEW_HIRE in page
    invitation = db.session.scalar(select(MembershipInvitation))
    assert invitation is not None
    withdrawn = client.post(
        f"/organisations/{demo_organisation.id}/invitations/{invitation.id}/withdraw"
    )
    assert withdrawn.status_code == 302
    assert app.test_client().get(link).status_code == 404


@sqlite_only
def test_an_expired_invitation_link_is_refused(
    app: Flask,
    demo_organisation: Organisation,
    alice: Account,
    signed_in: SignIn,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    link = link_in(invite(signed_in(alice), demo_organisation, NEW_HIRE))
    later = accounts.now() + timedelta(days=7, minutes=1)
    monkeypatch.setattr(accounts, "now", lambda: later)
    page = app.test_client().get(link)
    assert page.status_code == 404
    assert "This link no longer works" in page.get_data(as_text=True)


@sqlite_only
def test_with_email_the_invitation_is_sent_and_the_page_says_the_same_for_every_address(
    app: Flask,
    demo_organisation: Organisation,
    alice: Account,
    bob: Account,
    signed_in: SignIn,
    mailbox: Mailbox,
) -> None:
    client = signed_in(alice)
    pages = []
    for email in (BOB_EMAIL, NEW_HIRE):
        response = client.post(
            f"/organisations/{demo_organisation.id}/people",
            data={"email": email, "name": "", "role": "viewer"},
            follow_redirects=True,
        )
        pages.append(response.get_data(as_text=True).replace(email, "EMAIL"))
    assert "We have emailed EMAIL an invitation" in pages[0]
    assert [m["To"] for m in mailbox.messages] == [BOB_EMAIL, NEW_HIRE]
    body = mailbox.text(mailbox.messages[0])
    assert "https://toolkit.example.org/invited/" in body
    assert memberships_of(BOB_EMAIL) == {"Riverside Foodbank"}
