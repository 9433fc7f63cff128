"""Fixtures for the respondent journey: the demo, with its open round reachable by a known link."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from toolkit.core.tokens import hash_token
from toolkit.storage.db import db
from toolkit.storage.models import Group, Round, RoundStatus

SHARED = "known-token"


@pytest.fixture
def open_round(demo_data: None) -> Round:
    """The demo partnership's open round, open today whatever today is, with a known link."""
    found = db.session.scalar(select(Round).where(Round.status == RoundStatus.OPEN))
    assert found is not None
    found.shared_token_hash = hash_token(SHARED)
    found.opens_on = date.today() - timedelta(days=7)
    found.closes_on = date.today() + timedelta(days=14)
    db.session.commit()
    return found


@pytest.fixture
def team_round(demo_data: None) -> Round:
    """A round of the team's Welsh-and-English health check, opened today with a known link."""
    team = db.session.scalar(select(Group).where(Group.name == "Community Connectors team"))
    assert team is not None
    found = team.rounds[-1]
    found.status = RoundStatus.OPEN
    found.shared_token_hash = hash_token("team-token")
    found.opens_on = date.today()
    found.closes_on = date.today() + timedelta(days=14)
    db.session.commit()
    return found
