"""Personas and data for the open-data tests: the demo, its admin, and a stranger's key."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from toolkit.demo import DEMO_EMAIL, DEMO_SLUG
from toolkit.extensions import db
from toolkit.models import Account, Group, GroupKind, Organisation, Round, RoundStatus
from toolkit.opendata.keys import create_key


@pytest.fixture
def demo(runner: FlaskCliRunner) -> Organisation:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(Organisation).where(Organisation.slug == DEMO_SLUG))


@pytest.fixture
def admin(client: FlaskClient, demo: Organisation) -> FlaskClient:
    """A client signed in as the demo's admin."""
    account = db.session.scalar(select(Account).where(Account.email == DEMO_EMAIL))
    with client.session_transaction() as session:
        session["account_id"] = account.id
    return client


@pytest.fixture
def api_key(demo: Organisation) -> str:
    secret = create_key(demo, "Tests")[1]
    db.session.commit()
    return secret


@pytest.fixture
def other_organisation(app: Flask) -> Organisation:
    """Somebody else's organisation on the same install, with one group."""
    other = Organisation(name="Riverside Trust", slug="riverside-trust")
    other.groups = [Group(name="Riverside board", kind=GroupKind.TEAM)]
    db.session.add(other)
    db.session.commit()
    return other


def partnership_round(organisation: Organisation, status: RoundStatus) -> Round:
    """Return the demo partnership's first round with the given status."""
    group = next(g for g in organisation.groups if g.kind == GroupKind.PARTNERSHIP)
    return next(r for r in sorted(group.rounds, key=lambda r: r.opens_on) if r.status == status)
