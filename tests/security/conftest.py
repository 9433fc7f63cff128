"""Personas: Alice, the demo organisation's admin, and Bob, admin of another organisation."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.sessions import sign_in_as
from toolkit.services.accounts import create_admin
from toolkit.storage.models import Account

FAST_HASH = "pbkdf2:sha256:1"
BOB_EMAIL = "bob@elsewhere.example"
BOB_PASSWORD = "bobs-long-password"


@pytest.fixture(autouse=True)
def fast_hashing(app: Flask) -> None:
    app.config["PASSWORD_HASH_METHOD"] = FAST_HASH


@pytest.fixture
def bob(app: Flask) -> Account:
    """Admin of Riverside Foodbank."""
    return create_admin(BOB_EMAIL, "Bob", "Riverside Foodbank", BOB_PASSWORD, FAST_HASH)


SignIn = Callable[[Account], FlaskClient]


@pytest.fixture
def signed_in(client: FlaskClient) -> SignIn:
    """Return the client, signed in as the given account."""

    return partial(sign_in_as, client)
