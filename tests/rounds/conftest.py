"""Signed-in facilitators and a demo round to work on."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.sessions import sign_in_as
from toolkit.services.demo import DEMO_EMAIL
from toolkit.storage.db import db
from toolkit.storage.models import Account, Group, GroupKind, Round, RoundStatus


@pytest.fixture
def demo(demo_data: None) -> None:
    """The demo, as `toolkit demo` makes it."""


@pytest.fixture
def facilitator(client: FlaskClient, demo: None) -> FlaskClient:
    """The demo account (an admin of the demo organisation), signed in."""
    account = db.session.scalar(select(Account).where(Account.email == DEMO_EMAIL))
    assert account is not None
    sign_in_as(client, account)
    return client


@pytest.fixture
def team(demo: None) -> Group:
    return db.session.scalar(select(Group).where(Group.kind == GroupKind.TEAM))


@pytest.fixture
def partnership(demo: None) -> Group:
    return db.session.scalar(select(Group).where(Group.kind == GroupKind.PARTNERSHIP))


@pytest.fixture
def open_round(partnership: Group) -> Round:
    return next(r for r in partnership.rounds if r.status is RoundStatus.OPEN)


def fresh(app: Flask, model: type, id: int):  # type: ignore[no-untyped-def]
    """Load a record again, as the next request would see it."""
    db.session.expire_all()
    return db.session.get(model, id)
