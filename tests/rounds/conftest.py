"""Signed-in facilitators and a demo round to work on."""

from __future__ import annotations

import pytest
from flask import Flask

from toolkit.storage.db import db
from toolkit.storage.models import Group, Round, RoundStatus


@pytest.fixture
def open_round(partnership: Group) -> Round:
    return next(r for r in partnership.rounds if r.status is RoundStatus.OPEN)


def fresh(app: Flask, model: type, id: int):  # type: ignore[no-untyped-def]
    """Load a record again, as the next request would see it."""
    db.session.expire_all()
    return db.session.get(model, id)
