"""Dimensions under their categories, and the instrument's guidance, on the results pages."""

from __future__ import annotations

import json
import re
from datetime import date
from html import unescape
from pathlib import Path

import yaml
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests import factories
from tests.questionnaires import CHECK
from tests.sessions import sign_in_as
from toolkit.charts import web
from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.storage.db import db
from toolkit.storage.models import Round, RoundStatus

READING = Path(__file__).parents[1] / "data" / "reading"


def asked(name: str) -> tuple[Questionnaire, str]:
    text = (READING / name).read_text()
    return Questionnaire.model_validate(yaml.safe_load(text)), text


WILDER_LIKE = asked("wilder-like.yaml")
NUFFIELD_LIKE = asked("nuffield-like.yaml")
# Strong on history (5), borderline on respect (3), a concern on vision (2), and so on.
ANSWERS = {
    "history-1": 5,
    "standing-1": 4,
    "climate-1": 4,
    "respect-1": 3,
    "self-interest-1": 4,
    "vision-1": 2,
}


def page(
    client: FlaskClient,
    people: list[factories.Person],
    questionnaire: tuple[Questionnaire, str] = WILDER_LIKE,
    language: str = "en",
) -> str:
    owner = factories.organisation()
    group = factories.group(owner, perspectives=("staff", "residents"))
    check: Round = factories.check(group, people, status=RoundStatus.SHARED, asked=questionnaire)
    sign_in_as(client, owner.memberships[0].account)
    client.get(f"/language/{language}")
    # Read as text: "authors'" is written &#39; in the page.
    return unescape(client.get(f"/rounds/{check.id}/results").text)


def figure(html: str, chart_id: str) -> dict[str, object]:
    found = re.search(rf'<script type="application/json" id="{chart_id}">(.*?)</script>', html)
    assert found, f"no chart {chart_id}"
    loaded: dict[str, object] = json.loads(found.group(1))
    return loaded


def everyone(people: int, perspective: str = "staff") -> list[factories.Person]:
    return [factories.Person(perspective, ANSWERS) for _ in range(people)]


def test_each_category_has_its_own_chart_a_radar_from_three_dimensions_else_bars(
    app: Flask, client: FlaskClient
) -> None:
    html = page(client, everyone(4))
    setting = figure(html, "radar-over-time-setting")
    members = figure(html, "radar-over-time-members")
    aims = figure(html, "radar-over-time-aims")
    assert [t["type"] for t in setting["data"]] == ["scatterpolar"]  # type: ignore[index,union-attr]
    assert [t["type"] for t in members["data"]] == ["bar"]  # type: ignore[index,union-attr]
    assert members["data"][0]["x"] == [50.0, 75.0]  # type: ignore[index]
    assert aims["data"][0]["y"] == ["A shared vision"]  # type: ignore[index]
    # No chart over all the dimensions at once.
    assert 'id="radar-over-time"' not in html


def test_dimensions_are_listed_under_their_category_headings_in_order(
    app: Flask, client: FlaskClient
) -> None:
    html = page(client, everyone(4))
    answers = html[html.index('id="answers"') :]
    order = [
        answers.index(text)
        for text in (
            ">Our setting</h3>",
            ">Working together before</h4>",
            ">A helpful climate</h4>",
            ">Who we are</h3>",
            ">Respect and trust</h4>",
            ">What we aim for</h3>",
            ">A shared vision</h4>",
        )
    ]
    assert order == sorted(order)
    assert "The place we work in." in html


def test_the_instruments_guidance_is_shown_beside_each_shown_score_in_its_words(
    app: Flask, client: FlaskClient
) -> None:
    html = page(client, everyone(4))
    assert (
        "Everyone's score: 100 (5.0 on the 1–5 scale). From the collaboration factors inventory:"
        " a strength. The instrument's authors suggest talking about what keeps this factor"
        " strong." in html
    )
    assert "From the collaboration factors inventory: borderline." in html
    assert "From the collaboration factors inventory: a concern." in html


def test_no_guidance_is_shown_beside_a_hidden_score(app: Flask, client: FlaskClient) -> None:
    html = page(client, everyone(2))
    assert "fewer than 3 responses" in html
    assert "collaboration factors inventory" not in html
    assert "tk-guidance" not in html


def test_each_category_has_a_chart_by_perspective(app: Flask, client: FlaskClient) -> None:
    html = page(client, everyone(3) + everyone(3, "residents"))
    for key in ("setting", "members", "aims"):
        assert f'id="perspectives-radar-{key}"' in html
    members = figure(html, "perspectives-radar-members")
    assert [t["name"] for t in members["data"]] == ["Residents", "Staff"]  # type: ignore[index,union-attr]


def test_a_file_without_categories_keeps_one_chart_over_all_its_dimensions(
    app: Flask, client: FlaskClient
) -> None:
    html = page(
        client,
        [factories.Person("staff", {"trusted": 4, "shared": 3}) for _ in range(4)],
        (factories.questionnaire(), CHECK),
    )
    assert 'id="radar-over-time"' in html
    assert "tk-category" not in html and "tk-guidance" not in html


def test_the_welsh_page_names_categories_and_guidance_in_welsh(
    app: Flask, client: FlaskClient
) -> None:
    html = page(client, everyone(4), language="cy")
    assert ">Ein lleoliad</h3>" in html
    assert "Y lle rydym yn gweithio ynddo." in html
    assert "y rhestr ffactorau cydweithio" in html
    assert "cryfder" in html and "beth sy'n cadw'r ffactor hwn yn gryf" in html
    assert "collaboration factors inventory" not in html


def test_a_status_and_trend_check_shows_most_say_beside_its_area_under_its_category(
    app: Flask, client: FlaskClient
) -> None:
    people = [
        factories.Person("staff", {"voice-status": 3, "voice-trend": 3, "wellbeing-status": 2})
        for _ in range(4)
    ]
    html = page(client, people, NUFFIELD_LIKE)
    people_part = html[html.index('id="answers-people"') : html.index('id="answers-work"')]
    assert "Most say “Improving”" in people_part
    assert "From the status-and-trend guide: going well." in people_part
    assert "From the status-and-trend guide: some problems." in people_part


def test_a_respondent_sees_the_scores_under_their_category_headings(
    app: Flask, client: FlaskClient
) -> None:
    people = everyone(4)
    page(client, people)
    html = unescape(client.get(f"/resume/{people[0].token}/results").text)
    table = html[html.index("<table") : html.index("</table>")]
    assert table.index(">Our setting</th>") < table.index(">A helpful climate</th>")
    assert table.index(">A helpful climate</th>") < table.index(">Who we are</th>")
    # A heading row across the dimension's name and everyone's score.
    headings = re.findall(r'<th scope="colgroup" colspan="(\d)"', table)
    assert headings == ["2", "2", "2"]


def test_the_group_page_draws_each_category_across_checks(app: Flask, client: FlaskClient) -> None:
    owner = factories.organisation()
    group = factories.group(owner, perspectives=("staff",))
    for title, month in (("Spring check", 3), ("Autumn check", 9)):
        factories.check(
            group,
            everyone(4),
            title=title,
            opens_on=date(2026, month, 2),
            status=RoundStatus.SHARED,
            asked=WILDER_LIKE,
        )
    sign_in_as(client, owner.memberships[0].account)
    html = unescape(client.get(f"/groups/{group.id}/results").text)
    trend = figure(html, "trend-members")
    assert [t["name"] for t in trend["data"]] == ["Respect and trust", "Worth it for each of us"]  # type: ignore[index,union-attr]
    assert "Respect and trust, oldest first: 50, 50." in html
    spring_and_autumn = figure(html, "radar-over-time-aims")["data"]
    assert [t["name"] for t in spring_and_autumn] == ["Spring check", "Autumn check"]  # type: ignore[union-attr,index]


def test_deciding_together_gives_the_instruments_guidance_beside_the_rooms_score(
    app: Flask, client: FlaskClient
) -> None:
    page(client, everyone(4))
    (check,) = db.session.scalars(select(Round)).all()
    html = unescape(client.get(f"/rounds/{check.id}/agree/vision").text)
    assert "From the collaboration factors inventory: a concern." in html
    assert "The instrument's authors suggest talking about what would help this factor." in html


def test_a_hidden_score_is_a_missing_bar_never_a_zero() -> None:
    two = web.category_chart({"a": "Alpha", "b": "Beta"}, [("Spring check", [50.0, None])])
    assert [t["type"] for t in two["data"]] == ["bar"]
    assert two["data"][0]["x"] == [50.0, None]
    three = web.category_chart({"a": "A", "b": "B", "c": "C"}, [("Spring check", [50.0, None, 1])])
    assert [t["type"] for t in three["data"]] == ["scatterpolar"]
