"""The tables of answers: counts, hidden rows saying why, and each statement's bar of answers."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from flask import Flask

from tests.factories import everyone_answers, questionnaire, round_of
from toolkit.core.palette import scale_colours
from toolkit.core.questionnaire import Questionnaire
from toolkit.core.scoring import build_profile
from toolkit.reports.print_charts import SVG_NS
from toolkit.reports.tables import item_table
from toolkit.services.sentences import Words

TRAFFIC_LIGHTS = Questionnaire.model_validate(
    yaml.safe_load(
        (Path(__file__).parents[2] / "docs/examples/traffic-light-health-check.yaml").read_text()
    )
)
RED, AMBER, GREEN = "#d4351c", "#f47738", "#00703c"
ANSWERS = {"purpose": 1, "priorities": 2, "speaking-up": 3, "disagreeing": 3}
WORDS = Words(dimensions={"trust": "Trust", "power": "Power"}, items={}, perspectives={})


@pytest.fixture
def in_english(plain_app: Flask):  # type: ignore[no-untyped-def]
    with plain_app.test_request_context():
        yield


@pytest.mark.usefixtures("in_english")
def test_each_statement_has_its_counts_and_a_bar_of_the_same_answers() -> None:
    # Six agree strongly that they trust each other, two disagree; one does not know.
    people = (
        everyone_answers("staff", 6, trusted=5, hidden=1)
        + everyone_answers("staff", 2, trusted=2, hidden=1)
        + everyone_answers("staff", 1, trusted="dont-know", hidden=1)
    )
    now = build_profile([round_of(people)]).rounds[-1]
    table = item_table(questionnaire(), "trust", now, WORDS, "en")
    colours = scale_colours(5)
    assert table.head == [
        "Statement",
        "Mean out of 100",
        "1",
        "2",
        "3",
        "4",
        "5",
        "Don't know",
        "N/A",
    ]
    # Each answer's column is headed by its colour in the bars; "don't know" has none.
    assert table.colours == [None, None, *colours, None, None]
    trusted = table.rows[0]
    assert trusted[0] == "We trust each other"
    assert trusted[2:] == ["0", "2", "0", "0", "6", "1", "0"]
    # Of the eight who answered on the scale, the two who disagree take a quarter of the bar's
    # span just left of the centre line, the six who strongly agree three quarters right of it.
    bar = table.bars[0]
    assert bar is not None
    shapes = ElementTree.fromstring(bar.svg).iter(f"{{{SVG_NS}}}rect")
    answers = [(float(r.get("x", 0)), r.get("fill")) for r in shapes if r.get("fill") in colours]
    assert answers == [(75.0, colours[1]), (100.0, colours[4])]
    assert bar.alt == "Shares of the answers on the scale: 2 25%, 5 75%"


@pytest.mark.usefixtures("in_english")
def test_a_statement_too_few_answered_says_why_and_has_no_bar() -> None:
    people = everyone_answers("staff", 5, trusted=4) + everyone_answers("staff", 3, hidden=2)
    now = build_profile([round_of(people)]).rounds[-1]
    table = item_table(questionnaire(), "trust", now, WORDS, "en")
    hidden_row = next(row for row in table.rows if row[0].startswith("People hide things"))
    assert "fewer than 5 responses" in hidden_row[2]
    assert table.bars[table.rows.index(hidden_row)] is None
    assert "(reverse-worded)" in hidden_row[0]


@pytest.mark.usefixtures("in_english")
def test_the_report_heads_each_status_answer_with_its_shape_and_colour() -> None:
    people = everyone_answers("staff", 5, **ANSWERS)
    now = build_profile([round_of(people, questionnaire_=TRAFFIC_LIGHTS)]).rounds[-1]
    words = Words(dimensions={"direction": "Where we are heading"}, items={}, perspectives={})
    table = item_table(TRAFFIC_LIGHTS, "direction", now, words, "en")
    assert table.head[2:] == ["Red", "Amber", "Green", "Don't know"]
    assert table.colours == [None, None, RED, AMBER, GREEN, None]
    shapes = [str(shape) if shape else None for shape in table.shapes]
    assert shapes[:2] == [None, None] and shapes[-1] is None
    assert ["circle" in shapes[2], "triangle" in shapes[3], "square" in shapes[4]] == [True] * 3
    # Everyone gave the first statement red and the second amber: each bar is in that colour.
    first, second = table.bars
    assert first is not None and f'fill="{RED}"' in first.svg
    assert second is not None and f'fill="{AMBER}"' in second.svg
