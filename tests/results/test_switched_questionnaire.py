"""A group that ran one questionnaire and then another: one chart per questionnaire."""

from __future__ import annotations

import json
import re
from datetime import date

import yaml
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests import factories
from tests.questionnaires import CHECK
from tests.sessions import sign_in_as
from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.storage.db import db
from toolkit.storage.models import Account, Group

# The same statements, but trust is now called "Being heard": another questionnaire.
ANOTHER = (
    CHECK.replace("id: check", "id: another-check")
    .replace("title: A short check", "title: Another check")
    .replace("key: trust, label: Trust", "key: heard, label: Being heard")
    .replace("dimension: trust", "dimension: heard")
)


def people(count: int, trusted: int) -> list[factories.Person]:
    return [
        factories.Person(perspective, {"trusted": trusted, "shared": 4, "say-no": 3})
        for perspective in ("staff", "residents")
        for _ in range(count)
    ]


def figure(html: str, chart: str) -> dict[str, object]:
    found = re.search(rf'<script type="application/json" id="{chart}">(.*?)</script>', html, re.S)
    assert found, chart
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def spokes(html: str, chart: str) -> set[str]:
    return {theta for trace in figure(html, chart)["data"] for theta in trace["theta"]}  # type: ignore[index, union-attr]


def switched(app: Flask, client: FlaskClient) -> Group:
    owner = factories.organisation()
    group = factories.group(owner)
    factories.check(group, people(3, 4), title="Spring check", opens_on=date(2026, 3, 2))
    factories.check(group, people(3, 5), title="Summer check", opens_on=date(2026, 6, 1))
    another = Questionnaire.model_validate(yaml.safe_load(ANOTHER)), ANOTHER
    factories.check(
        group, people(3, 2), title="Autumn check", opens_on=date(2026, 9, 1), asked=another
    )
    db.session.commit()
    alice = db.session.scalar(select(Account).where(Account.email == "alice@example.org"))
    sign_in_as(client, alice)
    return group


def test_each_questionnaire_gets_its_own_radar_and_trend(app: Flask, client: FlaskClient) -> None:
    group = switched(app, client)
    html = client.get(f"/groups/{group.id}/results").text
    # The latest questionnaire first, on its own: one round, so no trend line yet.
    assert spokes(html, "radar-over-time") == {"Being heard", "Power"}
    assert [t["name"] for t in figure(html, "radar-over-time")["data"]] == ["Autumn check"]  # type: ignore[index]
    assert 'data-chart="trend"' not in html
    # The earlier questionnaire's two rounds, drawn apart and compared with each other only.
    assert "Checks that used “A short check”" in html
    assert spokes(html, "radar-over-time-1") == {"Trust", "Power"}
    names = [t["name"] for t in figure(html, "trend-1")["data"]]  # type: ignore[index]
    assert names == ["Trust", "Power"]
    assert "not shown" not in html


def test_a_round_of_the_earlier_questionnaire_shows_only_its_own_rounds(
    app: Flask, client: FlaskClient
) -> None:
    group = switched(app, client)
    summer = next(r for r in group.rounds if r.title == "Summer check")
    html = client.get(f"/rounds/{summer.id}/results").text
    assert spokes(html, "radar-over-time") == {"Trust", "Power"}
    assert 'id="radar-over-time-1"' not in html
