"""Signing a test client in without the sign-in form, through a real server-side session."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from toolkit.services import account_sessions
from toolkit.services.accounts import now
from toolkit.storage.db import db
from toolkit.storage.models import Account
from toolkit.web.access import SESSION_KEY


def session_token(account: Account) -> str:
    """Open a session for the account and return its token, as signing in would."""
    token = account_sessions.start(account, now())
    db.session.commit()
    return token


def plant(session: Any, account: Account) -> None:
    """Put a fresh session for the account into a cookie session being edited."""
    session[SESSION_KEY] = session_token(account)


def sign_in_as(client: FlaskClient, account: Account) -> FlaskClient:
    """Return the client, signed in as the account (and nobody else, as signing in does)."""
    with client.session_transaction() as session:
        session.clear()
        plant(session, account)
    return client
