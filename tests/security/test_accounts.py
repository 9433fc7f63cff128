"""Accounts: signing in and out, password links, and the first admin."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from tests.mailbox import Mailbox
from tests.security.conftest import BOB_EMAIL, BOB_PASSWORD, FAST_HASH
from toolkit.core.tokens import hash_token
from toolkit.services import accounts
from toolkit.services.accounts import account_by_email, create_admin, issue_link
from toolkit.services.passwords import hash_password, password_matches
from toolkit.storage.db import db
from toolkit.storage.models import Account, AccountToken, Membership, Role
from toolkit.web.access import SESSION_KEY


def sign_in(client: FlaskClient, email: str, password: str) -> Any:
    return client.post("/sign-in", data={"email": email, "password": password, "next": "/"})


def test_passwords_are_hashed_with_scrypt_by_default() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("scrypt:")
    assert password_matches(stored, "correct horse battery")
    assert not password_matches(stored, "correct horse battery!")
    assert not password_matches(None, "anything")


def test_someone_signs_in_with_email_and_password(client: FlaskClient, bob: Account) -> None:
    response = sign_in(client, BOB_EMAIL.upper(), BOB_PASSWORD)
    assert response.status_code == 302
    assert "Riverside Foodbank" in client.get("/").get_data(as_text=True)


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(
    client: FlaskClient, bob: Account
) -> None:
    wrong = sign_in(client, BOB_EMAIL, "not the password").get_data(as_text=True)
    unknown = sign_in(client, "nobody@example.org", "not the password").get_data(as_text=True)
    message = "The email address or password is not right"
    assert message in wrong and message in unknown
    assert BOB_EMAIL in wrong  # the email typed is kept
    with client.session_transaction() as session:
        assert SESSION_KEY not in session


def test_signing_in_starts_a_fresh_session(client: FlaskClient, bob: Account) -> None:
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in(client, BOB_EMAIL, BOB_PASSWORD)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session[SESSION_KEY]
    assert client.get("/").get_data(as_text=True).count("Riverside Foodbank") >= 1


def test_it_only_goes_on_to_pages_on_this_site(client: FlaskClient, bob: Account) -> None:
    response = client.post(
        "/sign-in",
        data={"email": BOB_EMAIL, "password": BOB_PASSWORD, "next": "//evil.example/"},
    )
    assert response.headers["Location"] == "/"


def test_signing_out_ends_the_session(client: FlaskClient, bob: Account) -> None:
    sign_in(client, BOB_EMAIL, BOB_PASSWORD)
    client.post("/sign-out")
    with client.session_transaction() as session:
        assert SESSION_KEY not in session
    assert "Riverside Foodbank" not in client.get("/").get_data(as_text=True)


def test_a_deactivated_account_cannot_sign_in(client: FlaskClient, bob: Account) -> None:
    bob.is_active = False
    db.session.commit()
    sign_in(client, BOB_EMAIL, BOB_PASSWORD)
    with client.session_transaction() as session:
        assert SESSION_KEY not in session


def test_password_links_are_long_random_stored_hashed_and_expire_in_an_hour(
    bob: Account,
) -> None:
    token = issue_link(bob)
    db.session.commit()
    # token_urlsafe: 4 characters per 3 bytes; 128 bits is 16 bytes.
    assert len(token) >= 22
    stored = db.session.scalar(select(AccountToken).where(AccountToken.account_id == bob.id))
    assert stored is not None
    assert stored.token_hash == hash_token(token) and token not in stored.token_hash
    assert stored.expires_at - accounts.now() <= timedelta(hours=1)
    assert stored.expires_at - accounts.now() > timedelta(minutes=59)


def test_a_password_link_works_once(client: FlaskClient, bob: Account) -> None:
    token = issue_link(bob)
    db.session.commit()
    assert client.get(f"/reset-password/{token}").status_code == 200
    form = {"password": "a brand new password", "confirm": "a brand new password"}
    assert client.post(f"/reset-password/{token}", data=form).status_code == 302
    assert client.post(f"/reset-password/{token}", data=form).status_code == 404
    client.post("/sign-out")
    assert sign_in(client, BOB_EMAIL, "a brand new password").status_code == 302


def test_an_expired_password_link_is_refused(
    client: FlaskClient, bob: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = issue_link(bob)
    db.session.commit()
    later = accounts.now() + timedelta(hours=1, minutes=1)
    monkeypatch.setattr(accounts, "now", lambda: later)
    page = client.get(f"/reset-password/{token}")
    assert page.status_code == 404
    assert "This link no longer works" in page.get_data(as_text=True)


def test_a_new_password_must_be_long_enough_and_typed_twice(
    client: FlaskClient, bob: Account
) -> None:
    token = issue_link(bob)
    db.session.commit()
    short = client.post(f"/reset-password/{token}", data={"password": "short", "confirm": "short"})
    assert "at least 10 characters" in short.get_data(as_text=True)
    different = client.post(
        f"/reset-password/{token}",
        data={"password": "long enough one", "confirm": "long enough two"},
    )
    assert "The two passwords are different" in different.get_data(as_text=True)
    assert client.get(f"/reset-password/{token}").status_code == 200


def test_without_smtp_the_reset_page_names_the_command(client: FlaskClient, bob: Account) -> None:
    page = client.post("/reset-password", data={"email": BOB_EMAIL}).get_data(as_text=True)
    assert f"toolkit reset-password {BOB_EMAIL}" in page
    assert db.session.scalar(select(AccountToken)) is None


def test_with_smtp_the_reset_link_is_emailed(
    app: Flask, client: FlaskClient, bob: Account, mailbox: Mailbox
) -> None:
    client.post("/reset-password", data={"email": BOB_EMAIL})
    client.post("/reset-password", data={"email": "nobody@example.org"})
    assert len(mailbox.messages) == 1
    body = mailbox.text(mailbox.messages[0])
    link = re.search(r"https://toolkit\.example\.org/reset-password/(\S+)", body)
    assert link is not None
    assert client.get(f"/reset-password/{link.group(1)}").status_code == 200


def test_the_reset_password_command_prints_a_working_link(
    client: FlaskClient, runner: FlaskCliRunner, bob: Account
) -> None:
    result = runner.invoke(args=["reset-password", BOB_EMAIL, "--site", "https://tk.example"])
    assert result.exit_code == 0, result.output
    link = re.search(r"https://tk\.example/reset-password/(\S+)", result.output)
    assert link is not None
    assert client.get(f"/reset-password/{link.group(1)}").status_code == 200


def test_the_reset_password_command_names_an_unknown_email(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["reset-password", "nobody@example.org"])
    assert result.exit_code == 1
    assert "No account has the email address nobody@example.org" in result.output


def test_create_admin_asks_for_the_password_twice(
    app: Flask, client: FlaskClient, runner: FlaskCliRunner
) -> None:
    args = [
        "create-admin",
        "--email",
        "ceri@example.org",
        "--name",
        "Ceri",
        "--organisation",
        "Tŷ Cymuned",
    ]
    result = runner.invoke(args=args, input="a long first password\na long first password\n")
    assert result.exit_code == 0, result.output
    account = account_by_email("ceri@example.org")
    assert account is not None
    membership = db.session.scalar(select(Membership).where(Membership.account_id == account.id))
    assert membership is not None and membership.role == Role.ADMIN
    assert membership.organisation.name == "Tŷ Cymuned"
    assert sign_in(client, "ceri@example.org", "a long first password").status_code == 302


def test_create_admin_refuses_a_short_password(runner: FlaskCliRunner) -> None:
    args = ["create-admin", "--email", "c@example.org", "--name", "C", "--organisation", "O"]
    result = runner.invoke(args=[*args, "--password", "short"])
    assert result.exit_code == 2
    assert "at least 10 characters" in result.output
    assert db.session.scalar(select(Account)) is None


def test_an_admin_invites_someone_who_then_chooses_a_password(
    client: FlaskClient, bob: Account, signed_in: Any, app: Flask
) -> None:
    organisation = bob.memberships[0].organisation
    page = (
        signed_in(bob)
        .post(
            f"/organisations/{organisation.id}/people",
            data={"email": "dee@example.org", "name": "Dee", "role": "viewer"},
        )
        .get_data(as_text=True)
    )
    link = re.search(r"http://localhost(/invited/[\w-]+)", page)
    assert link is not None
    client.post("/sign-out")
    form = {
        "answer": "join",
        "name": "Dee",
        "password": "dee's own password",
        "confirm": "dee's own password",
    }
    assert client.post(link.group(1), data=form).status_code == 302
    dee = account_by_email("dee@example.org")
    assert dee is not None and dee.password_hash.startswith(FAST_HASH.split(":")[0])


def test_an_invitation_explains_a_bad_email_and_keeps_what_was_typed(
    bob: Account, signed_in: Any
) -> None:
    organisation = bob.memberships[0].organisation
    response = signed_in(bob).post(
        f"/organisations/{organisation.id}/people",
        data={"email": "not-an-email", "name": "Eve Jones", "role": "viewer"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter an email address like name@example.org" in page
    assert "Eve Jones" in page


def test_an_admin_changes_a_role_but_never_removes_the_last_admin(
    bob: Account, signed_in: Any
) -> None:
    organisation = bob.memberships[0].organisation
    membership = bob.memberships[0]
    client = signed_in(bob)
    base = f"/organisations/{organisation.id}/people/{membership.id}"
    assert client.post(f"{base}/role", data={"role": "viewer"}).status_code == 400
    assert client.post(f"{base}/remove").status_code == 400
    fay_account = create_admin("fay@example.org", "Fay", "Fay's own", "a long password", FAST_HASH)
    db.session.add(
        Membership(account=fay_account, organisation=organisation, role=Role.FACILITATOR)
    )
    db.session.commit()
    fay = db.session.scalar(select(Membership).where(Membership.role == Role.FACILITATOR))
    assert fay is not None
    other = f"/organisations/{organisation.id}/people/{fay.id}"
    assert client.post(f"{other}/role", data={"role": "admin"}).status_code == 302
    assert client.post(f"{other}/remove").status_code == 302
    assert db.session.get(Membership, fay.id) is None
