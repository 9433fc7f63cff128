"""Sessions can be ended: sign-out, sign out everywhere, a new password, idle and age limits.

Issue 14, part 4: a copied cookie still worked after signing out and after a password
reset, cookies lasted 31 days, and no page had a way to sign out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.conftest import sqlite_only
from tests.respond.journey import first_choices, start
from tests.security.conftest import BOB_EMAIL, BOB_PASSWORD, SignIn
from tests.sessions import sign_in_as
from toolkit.core.tokens import hash_token
from toolkit.services import accounts
from toolkit.services.accounts import issue_link
from toolkit.storage.db import db
from toolkit.storage.models import Account, AccountSession, Organisation, Round, RoundStatus
from toolkit.web.access import SESSION_KEY

Clock = Callable[[timedelta], None]


def signed_in_client(app: Flask) -> FlaskClient:
    """A browser of its own, signed in as Bob through the form."""
    client = app.test_client()
    response = client.post("/sign-in", data={"email": BOB_EMAIL, "password": BOB_PASSWORD})
    assert response.status_code == 302
    return client


def copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of the client's cookie, as a thief would."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def is_signed_in(client: FlaskClient) -> bool:
    return "Riverside Foodbank" in client.get("/").get_data(as_text=True)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Move the time sessions are checked against forward."""
    offset = timedelta()
    real = accounts.now

    def later() -> datetime:
        return real() + offset

    def advance(by: timedelta) -> None:
        nonlocal offset
        offset += by

    monkeypatch.setattr("toolkit.web.access.now", later)
    return advance


def sessions() -> int:
    return db.session.scalar(select(func.count()).select_from(AccountSession)) or 0


def test_a_copied_cookie_stops_working_after_signing_out(app: Flask, bob: Account) -> None:
    mine = signed_in_client(app)
    thief = copy_of(app, mine)
    assert is_signed_in(thief)
    mine.post("/sign-out")
    assert not is_signed_in(mine)
    assert not is_signed_in(thief)


@sqlite_only
def test_a_copied_cookie_stops_working_after_a_password_reset(app: Flask, bob: Account) -> None:
    thief = copy_of(app, signed_in_client(app))
    assert is_signed_in(thief)
    token = issue_link(bob)
    db.session.commit()
    owner = app.test_client()
    form = {"password": "a brand new password", "confirm": "a brand new password"}
    assert owner.post(f"/reset-password/{token}", data=form).status_code == 302
    assert is_signed_in(owner)
    assert not is_signed_in(thief)


@sqlite_only
def test_a_cookie_lasts_hours_not_a_month(app: Flask, bob: Account) -> None:
    client = app.test_client()
    response = client.post("/sign-in", data={"email": BOB_EMAIL, "password": BOB_PASSWORD})
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.expires is not None
    lifetime = cookie.expires - datetime.now(cookie.expires.tzinfo)
    assert timedelta(hours=11) < lifetime <= timedelta(hours=12)
    assert "HttpOnly" in response.headers["Set-Cookie"]


@sqlite_only
def test_every_signed_in_page_has_a_sign_out_control(
    app: Flask, demo_organisation: Organisation, alice: Account, signed_in: SignIn
) -> None:
    client = signed_in(alice)
    round_ = db.session.scalar(select(Round))
    assert round_ is not None
    for path in (
        "/",
        f"/groups/{round_.group_id}",
        f"/rounds/{round_.id}",
        f"/organisations/{demo_organisation.id}/people",
        "/account",
        "/no-such-page",
    ):
        page = client.get(path).get_data(as_text=True)
        assert '<form method="post" action="/sign-out"' in page, path
        assert 'name="csrf_token"' in page and ">Sign out</button>" in page, path
        assert 'href="/account"' in page, path
    client.post("/sign-out")
    assert ">Sign out</button>" not in client.get("/").get_data(as_text=True)


def test_signing_out_everywhere_ends_every_session(app: Flask, bob: Account) -> None:
    office, phone = signed_in_client(app), signed_in_client(app)
    assert sessions() == 2
    response = phone.post("/sign-out-everywhere")
    assert response.status_code == 302
    assert not is_signed_in(office) and not is_signed_in(phone)
    assert sessions() == 0


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(
    app: Flask, bob: Account
) -> None:
    office, phone = signed_in_client(app), signed_in_client(app)
    wrong = phone.post(
        "/account/password",
        data={"current": "not it", "password": "a brand new password", "confirm": "x"},
    )
    assert wrong.status_code == 400
    assert "Your current password is not right" in wrong.get_data(as_text=True)
    assert is_signed_in(office)
    changed = phone.post(
        "/account/password",
        data={
            "current": BOB_PASSWORD,
            "password": "a brand new password",
            "confirm": "a brand new password",
        },
    )
    assert changed.status_code == 302
    assert is_signed_in(phone)
    assert not is_signed_in(office)
    again = app.test_client().post(
        "/sign-in", data={"email": BOB_EMAIL, "password": "a brand new password"}
    )
    assert again.status_code == 302


def test_a_session_left_idle_ends_and_says_why(app: Flask, bob: Account, clock: Clock) -> None:
    client = signed_in_client(app)
    clock(timedelta(minutes=29))
    assert is_signed_in(client)
    clock(timedelta(minutes=29))
    assert is_signed_in(client), "each request starts the idle time again"
    clock(timedelta(minutes=31))
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "You were signed out after a while without using the toolkit" in page
    assert 'name="password"' in page
    assert sessions() == 0


@sqlite_only
def test_a_busy_session_still_ends_after_its_lifetime(
    app: Flask, bob: Account, clock: Clock
) -> None:
    client = signed_in_client(app)
    for _ in range(35):
        clock(timedelta(minutes=20))
        assert is_signed_in(client)
    clock(timedelta(minutes=20))
    assert not is_signed_in(client)


@sqlite_only
def test_the_idle_limit_is_a_setting(app: Flask, bob: Account, clock: Clock) -> None:
    app.config["SESSION_IDLE_MINUTES"] = 5
    client = signed_in_client(app)
    clock(timedelta(minutes=6))
    assert not is_signed_in(client)


def test_an_ended_session_keeps_a_check_half_answered_in_the_same_browser(
    app: Flask, demo_organisation: Organisation, alice: Account, clock: Clock
) -> None:
    found = db.session.scalar(select(Round).where(Round.status == RoundStatus.OPEN))
    assert found is not None
    found.shared_token_hash = hash_token("office-link")
    found.opens_on, found.closes_on = date.today(), date.today() + timedelta(days=7)
    db.session.commit()
    client = sign_in_as(app.test_client(), alice)
    url = start(client, "/s/office-link")
    page = client.get(url)
    sent = client.post(url, data=first_choices(page.get_data(as_text=True)))
    assert sent.status_code == 302
    clock(timedelta(hours=3))
    # The account's session has lapsed, but the answers and the place in the check remain.
    later = client.get(sent.location)
    assert later.status_code == 200
    with client.session_transaction() as cookie:
        assert SESSION_KEY not in cookie
        assert "answering" in cookie and "resume_token" in cookie


@sqlite_only
def test_the_account_page_counts_the_browsers_signed_in(app: Flask, bob: Account) -> None:
    signed_in_client(app)
    page = signed_in_client(app).get("/account").get_data(as_text=True)
    assert "You are signed in on 2 computers or phones, counting this one." in page
