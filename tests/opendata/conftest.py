"""Personas and data for the open-data tests: the demo, its facilitator, and a stranger's key."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from toolkit.core.scoring import Suppressed, SuppressedBecause
from toolkit.opendata.keys import create_key
from toolkit.storage.db import db
from toolkit.storage.models import Group, GroupKind, Organisation, Round, RoundStatus


@pytest.fixture
def api_key(demo_organisation: Organisation) -> str:
    secret = create_key(demo_organisation, "Tests")[1]
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


def api_get(client: FlaskClient, path: str, key: str | None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = client.get(f"/api{path}", headers=headers)
    assert response.mimetype == "application/json"
    return response.status_code, response.json


def download_csv(client: FlaskClient, round_id: int, kind: str) -> list[dict[str, str]]:
    response = client.get(f"/rounds/{round_id}/exports/{kind}")
    assert response.status_code == 200
    assert response.is_streamed
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def hidden_values(round_profile: dict[str, Any]) -> list[dict[str, Any]]:
    """Return every value a round's API profile does not show, checking none holds a number.

    Each shown value must come from at least k people; each hidden one says why
    in the scoring layer's words and carries nothing else.
    """
    k = round_profile["threshold"]
    reasons = {Suppressed(reason, k).message for reason in SuppressedBecause}
    found = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if value.get("shown") is False:
                assert value["not_shown"] in reasons, value
                assert {v for name, v in value.items() if name != "not_shown"} == {False, None}
                found.append(value)
            elif value.get("shown") is True:
                assert value["n"] >= k and value["not_shown"] is None, value
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(round_profile)
    return found
