"""The status-plus-trend example: it loads cleanly, and its results read as the docs say."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import yaml
from flask import Flask
from flask.testing import FlaskClient

from tests import factories
from tests.results.test_categories_on_pages import figure, page
from toolkit.core.questionnaire import load_questionnaire
from toolkit.core.questionnaire.schema import Questionnaire

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "status-and-trend-check.yaml"
ASKED = (Questionnaire.model_validate(yaml.safe_load(EXAMPLE.read_text())), EXAMPLE.read_text())


def test_the_example_loads_without_problems() -> None:
    result = load_questionnaire(EXAMPLE)
    assert result.problems == []
    found = result.questionnaire
    assert found is not None
    assert found.scales["status"].colours == ["#d4351c", "#f47738", "#00703c"]
    # Every area has a trend question tied to it.
    trends = {item.dimension for item in found.items if item.is_choice}
    assert trends == {d.key for d in found.dimensions}


def test_each_area_shows_its_status_band_and_what_most_say_about_its_trend(
    app: Flask, client: FlaskClient
) -> None:
    # Purpose: two green and two amber, 2.5 on the 1-3 numbers: "mostly green".
    people = [
        factories.Person("staff", {"purpose-status": 3, "purpose-trend": 3, "voice-status": 1})
        for _ in range(2)
    ] + [
        factories.Person("staff", {"purpose-status": 2, "purpose-trend": 3, "voice-status": 1})
        for _ in range(2)
    ]
    html = unescape(page(client, people, ASKED))
    together = html[html.index('id="answers-together"') : html.index('id="answers-people"')]
    assert (
        "Everyone's score: 75 (2.5 on the 1–3 scale). From this check's guide: mostly green."
        in together
    )
    assert "Most say “Improving”: 4 of the 4 people who answered." in together
    people_part = html[html.index('id="answers-people"') :]
    assert "From this check's guide: mostly red." in people_part
    # Two areas under "The people we work with": bars, not a radar.
    bars = figure(html, "radar-over-time-people")
    assert {t["type"] for t in bars["data"]} == {"bar"}  # type: ignore[union-attr,index]
