"""What a team may record when it agrees: the questionnaire's own answer words, or no agreement."""

from __future__ import annotations

import subprocess
import sys

from toolkit.core.agreeing import NO_AGREEMENT, Choice, choices, dimensions_to_agree, only_numbered
from toolkit.core.questionnaire import load_questionnaire_text
from toolkit.core.questionnaire.schema import Questionnaire

QUESTIONNAIRE = """\
id: team-check
version: "1.0"
title: Team check
description: A short check.
use: [team]
minutes: 5
source: Tests
licence: CC BY 4.0
scales:
  agree:
    kind: agreement
    options:
      - {value: 1, label: {en: Disagree, cy: Anghytuno}}
      - {value: 2, label: {en: Agree, cy: Cytuno}}
    excluded:
      - {value: dont-know, label: "Don't know"}
  often:
    kind: frequency
    options:
      - {value: 1, label: Rarely}
      - {value: 2, label: Sometimes}
      - {value: 3, label: Often}
  trust:
    kind: rating
    options:
      - {value: 0, label: None at all}
      - {value: 1}
      - {value: 2, label: Complete}
dimensions:
  - {key: trust, label: Trust}
  - {key: listening, label: Listening}
  - {key: rated, label: Rated}
sections:
  - key: main
    title: Main
    items:
      - {key: trust-1, dimension: trust, scale: often, text: "We trust each other."}
      - {key: trust-2, dimension: trust, scale: agree, text: "We say when we disagree."}
      - {key: trust-3, dimension: trust, scale: agree, text: "We keep our word."}
      - {key: listening-1, dimension: listening, scale: often, text: "We listen."}
      - {key: listening-2, dimension: listening, scale: agree, text: "We hear everyone."}
      - {key: rated-1, dimension: rated, scale: trust, text: "How much trust is there?"}
      - {key: story, type: text, text: "Tell us a story."}
"""


def questionnaire() -> Questionnaire:
    result = load_questionnaire_text(QUESTIONNAIRE)
    assert result.questionnaire is not None, result.problems
    return result.questionnaire


def test_the_choices_are_the_scale_most_statements_use_then_no_agreement() -> None:
    found = choices(questionnaire(), "trust", "en")
    assert found == [Choice("1", "Disagree", 1), Choice("2", "Agree", 2), Choice(NO_AGREEMENT)]
    assert not found[-1].agreed and not only_numbered(found)


def test_answers_left_out_of_scores_are_not_choices() -> None:
    assert "dont-know" not in {c.value for c in choices(questionnaire(), "trust", "en")}


def test_on_a_tie_the_first_statements_scale_is_used() -> None:
    assert [c.label for c in choices(questionnaire(), "listening", "en")] == [
        "Rarely",
        "Sometimes",
        "Often",
        None,
    ]


def test_the_words_come_in_the_readers_language() -> None:
    assert [c.label for c in choices(questionnaire(), "trust", "cy")][:2] == ["Anghytuno", "Cytuno"]


def test_a_scale_that_only_numbers_some_points_is_named_by_numbers() -> None:
    found = choices(questionnaire(), "rated", "en")
    assert [c.number for c in found] == [0, 1, 2, None]
    assert only_numbered(found)


def test_a_dimension_with_no_scored_statements_has_nothing_to_agree() -> None:
    assert choices(questionnaire(), "stories", "en") == []
    assert [d.key for d in dimensions_to_agree(questionnaire())] == ["trust", "listening", "rated"]


def test_the_choices_need_no_flask() -> None:
    code = "import sys, toolkit.core.agreeing; assert 'flask' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
