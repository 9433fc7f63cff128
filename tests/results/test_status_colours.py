"""Status scales on the results page: each answer's shape and colour in tables and bars."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from tests import factories
from tests.sessions import sign_in_as
from toolkit.core.questionnaire import load_questionnaire
from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.storage.models import Round, RoundStatus

TRAFFIC_LIGHTS = Path(__file__).parents[2] / "docs" / "examples" / "traffic-light-health-check.yaml"
TEXT = TRAFFIC_LIGHTS.read_text()
LOADED = load_questionnaire(TRAFFIC_LIGHTS).questionnaire
assert LOADED is not None
QUESTIONNAIRE: Questionnaire = LOADED
RED, AMBER, GREEN = "#d4351c", "#f47738", "#00703c"
ANSWERS = {"purpose": 1, "priorities": 2, "speaking-up": 3, "disagreeing": 3}


def shared_check(people: list[factories.Person]) -> Round:
    owner = factories.organisation()
    group = factories.group(owner, perspectives=("staff", "residents"))
    check: Round = factories.check(
        group, people, status=RoundStatus.SHARED, asked=(QUESTIONNAIRE, TEXT)
    )
    return check


def test_the_results_page_shows_each_status_answer_with_its_shape_and_colour(
    app: Flask, client: FlaskClient
) -> None:
    check = shared_check([factories.Person("staff", ANSWERS) for _ in range(4)])
    sign_in_as(client, check.group.organisation.memberships[0].account)
    html = client.get(f"/rounds/{check.id}/results").text
    table = html[html.index("“We agree on what matters most in our work right now.”") :]
    table = table[: table.index("</table>")]
    assert 'class="tk-swatch tk-swatch--circle"' in table and f'fill="{RED}"' in table
    assert "tk-swatch--triangle" in table and f'fill="{AMBER}"' in table
    assert "tk-swatch--square" in table and f'fill="{GREEN}"' in table
    assert table.count("<svg") == 3


def test_the_statement_bars_use_the_scales_own_colours_with_a_pattern_each(
    app: Flask, client: FlaskClient
) -> None:
    check = shared_check([factories.Person("staff", ANSWERS) for _ in range(4)])
    results = factories.team_results(check.group, check)
    bars = [
        trace
        for figure in results.figures().values()
        for trace in figure.get("data", [])
        if trace.get("type") == "bar"
    ]
    styles = {(t["name"], t["marker"]["color"], t["marker"]["pattern"]["shape"]) for t in bars}
    assert styles == {("Red", RED, ""), ("Amber", AMBER, "/"), ("Green", GREEN, ".")}
