"""A status scale on the questionnaire: each answer with its label, a shape and its colour."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import yaml
from sqlalchemy import select

from tests.respond.journey import start
from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.core.tokens import hash_token
from toolkit.storage.db import db
from toolkit.storage.models import Group, Round, RoundStatus
from toolkit.storage.questionnaire_store import pin

TRAFFIC_LIGHTS = Path(__file__).parents[2] / "docs" / "examples" / "traffic-light-health-check.yaml"


def traffic_light_round(team: Group) -> Round:
    text = TRAFFIC_LIGHTS.read_text()
    questionnaire = Questionnaire.model_validate(yaml.safe_load(text))
    check = Round(
        group=team,
        questionnaire_version=pin(questionnaire, text),
        title="Health check",
        opens_on=date.today(),
        closes_on=date.today() + timedelta(days=7),
        status=RoundStatus.OPEN,
        threshold=3,
        shared_token_hash=hash_token("lights"),
    )
    db.session.add(check)
    db.session.commit()
    return check


def test_each_status_answer_has_its_label_a_shape_and_its_colour(client, demo_data) -> None:
    team = db.session.scalar(select(Group).where(Group.name == "Community Connectors team"))
    assert team is not None
    traffic_light_round(team)
    start(client, "/s/lights")
    page = client.get("/answer/page/health").text
    labels = re.findall(
        r'<label class="govuk-label govuk-radios__label" for="q-purpose[^"]*">(.*?)</label>',
        page,
        re.S,
    )
    assert len(labels) == 4
    red, amber, green, dont_know = labels
    assert red.endswith("Red") and 'class="tk-swatch tk-swatch--circle"' in red
    assert 'fill="#d4351c"' in red
    assert amber.endswith("Amber") and "tk-swatch--triangle" in amber and 'fill="#f47738"' in amber
    assert green.endswith("Green") and "tk-swatch--square" in green and 'fill="#00703c"' in green
    # Screen readers hear the label alone; "don't know" has no colour and no shape.
    assert all('aria-hidden="true" focusable="false"' in label for label in (red, amber, green))
    assert dont_know == "Don&#39;t know"


def test_answers_without_colours_have_no_shapes(client, team_round) -> None:
    start(client, "/s/team-token")
    client.post("/answer/about-you", data={"perspective": "front-line"})
    assert "tk-swatch" not in client.get("/answer/page/trust-tension").text
