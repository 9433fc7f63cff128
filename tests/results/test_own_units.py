"""Scores in the questionnaire's own units on the results page, hidden with the score."""

from __future__ import annotations

import yaml
from flask import Flask
from flask.testing import FlaskClient

from tests import factories
from tests.questionnaires import CHECK
from tests.sessions import sign_in_as
from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.storage.models import Round, RoundStatus

IN_UNITS = CHECK.replace("scoring: {min_answered: 1}", "scoring: {min_answered: 1, units: mean}")
ASKED = (Questionnaire.model_validate(yaml.safe_load(IN_UNITS)), IN_UNITS)


def shared(client: FlaskClient, people: list[factories.Person]) -> Round:
    owner = factories.organisation()
    group = factories.group(owner, perspectives=("staff",))
    check: Round = factories.check(group, people, status=RoundStatus.SHARED, asked=ASKED)
    sign_in_as(client, owner.memberships[0].account)
    return check


def test_the_results_page_shows_each_score_in_the_questionnaires_own_units(
    app: Flask, client: FlaskClient
) -> None:
    # "We trust each other" at 4 and reverse-worded "People hide things" at 2: both 75 of 100.
    check = shared(
        client, [factories.Person("staff", {"trusted": 4, "hidden": 2}) for _ in range(4)]
    )
    html = client.get(f"/rounds/{check.id}/results").text
    assert '75 <span class="govuk-body-s tk-own-units">(4.0 on the 1–5 scale)</span>' in html


def test_the_own_units_are_hidden_whenever_the_score_is(app: Flask, client: FlaskClient) -> None:
    check = shared(
        client, [factories.Person("staff", {"trusted": 4, "hidden": 2}) for _ in range(2)]
    )
    html = client.get(f"/rounds/{check.id}/results").text
    assert "fewer than 3 responses" in html
    assert "on the 1–5 scale" not in html
