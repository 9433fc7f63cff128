"""Status scales: a colour per option, checked, and never changing an older file's hash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.core.palette import GRAPHIC_CONTRAST, WHITE, contrast
from toolkit.core.questionnaire import Code, load_questionnaire
from toolkit.core.questionnaire.loader import load_questionnaire_text as load_text
from toolkit.core.shapes import MOST_OPTIONS, OUTLINE, shape_name, swatch

ROOT = Path(__file__).parents[2]
TRAFFIC_LIGHTS = ROOT / "docs" / "examples" / "traffic-light-health-check.yaml"

# The content hash of every shipped file when status colours were added: rounds are stored
# against it, so a new optional field must leave it alone.
SHIPPED_HASHES = {
    "questionnaires/better-way-behaviours.yaml": "c6bea08fff1b1dba",
    "questionnaires/joining-forces-partnership.yaml": "1630a73c55e1526d",
    "questionnaires/listening-ladder.yaml": "c7412e20ebb4514c",
    "questionnaires/pact-indicators.yaml": "6f9fab109546ad40",
    "questionnaires/relationship-health-check.yaml": "045465a440fd233f",
    "questionnaires/systems-leadership.yaml": "1ca2027b6f2778c6",
    "docs/examples/example.yaml": "6d61987507b56427",
    "docs/examples/starter.yaml": "2b4e198331fdb6d7",
}

WITH_COLOUR = """
id: status
version: "1"
title: Status
description: A status check.
use: [team]
minutes: 5
source: Tests
licence: CC BY 4.0
scales:
  status:
    kind: rating
    options:
      - {{value: 1, label: Red, colour: {red}}}
      - {{value: 2, label: Green, colour: "#00703c"}}
dimensions:
  - key: trust
    label: Trust
sections:
  - key: main
    title: Main
    items:
      - {{key: trust-1, dimension: trust, scale: status, text: We trust each other.}}
"""


@pytest.mark.parametrize(("path", "expected"), SHIPPED_HASHES.items())
def test_adding_status_colours_leaves_every_shipped_hash_unchanged(
    path: str, expected: str
) -> None:
    questionnaire = load_questionnaire(ROOT / path).questionnaire
    assert questionnaire is not None
    assert questionnaire.content_hash == expected


def test_an_option_without_a_colour_leaves_colour_out_of_the_hashed_form() -> None:
    questionnaire = load_questionnaire(ROOT / "docs/examples/example.yaml").questionnaire
    assert questionnaire is not None
    assert '"colour"' not in json.dumps(questionnaire.model_dump(mode="json"))


def test_the_traffic_light_example_loads_with_a_colour_on_each_option() -> None:
    result = load_questionnaire(TRAFFIC_LIGHTS)
    assert result.problems == []
    assert result.questionnaire is not None
    status = result.questionnaire.scales["status"]
    assert status.colours == ["#d4351c", "#f47738", "#00703c"]


def test_colours_change_the_content_hash() -> None:
    red = load_text(WITH_COLOUR.format(red='"#d4351c"')).questionnaire
    other = load_text(WITH_COLOUR.format(red='"#b10e1e"')).questionnaire
    assert red is not None and other is not None
    assert red.content_hash != other.content_hash


@pytest.mark.parametrize("written", ["red", '"#d4351"', '"d4351c"', '"#d4351cff"', "12"])
def test_a_colour_that_is_not_hex_is_refused_with_an_example(written: str) -> None:
    (problem,) = load_text(WITH_COLOUR.format(red=written)).problems
    assert problem.code is Code.BAD_COLOUR
    assert problem.line == 14
    assert 'in scale "status"' in problem.message or 'in option "options[0]"' in problem.message
    assert 'colour: "#d4351c"' in problem.hint


def test_each_option_position_has_its_own_shape() -> None:
    names = [shape_name(position) for position in range(MOST_OPTIONS)]
    assert len(set(names)) == MOST_OPTIONS


def test_a_swatch_is_hidden_from_screen_readers_and_outlined_to_stand_out() -> None:
    drawn = swatch(1, "#ffdd00")
    assert 'aria-hidden="true"' in drawn
    assert "tk-swatch--triangle" in drawn
    assert f'stroke="{OUTLINE}"' in drawn
    assert contrast(OUTLINE, WHITE) >= GRAPHIC_CONTRAST
