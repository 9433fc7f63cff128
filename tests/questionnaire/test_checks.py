"""Whole-file rules: what they allow as well as what they refuse."""

from __future__ import annotations

from toolkit.core.questionnaire import Code, load_questionnaire_text

HEAD = """\
id: checks
version: "1"
title: Checks
description: Whole-file rules.
use: [partnership]
minutes: 5
source: Tests
licence: CC BY 4.0
scales:
  agree:
    kind: agreement
    options:
      - {value: 1, label: Disagree}
      - {value: 2, label: Agree}
    excluded:
      - {value: dont-know, label: "Don't know"}
dimensions:
  - key: trust
    label: Trust
"""


def codes(text: str) -> list[Code]:
    return [p.code for p in load_questionnaire_text(HEAD + text).problems]


def test_it_lets_show_if_wait_for_an_excluded_answer() -> None:
    assert (
        codes("""\
sections:
  - key: main
    title: Main
    items:
      - key: trust-1
        dimension: trust
        scale: agree
        text: We trust each other.
      - key: why-not
        type: text
        text: What would help?
        show_if: {item: trust-1, any_of: [1, dont-know]}
""")
        == []
    )


def test_it_lets_items_depend_on_answers_in_the_same_per_partner_section() -> None:
    assert (
        codes("""\
sections:
  - key: each
    title: Each partner
    about_each_partner: true
    items:
      - key: trust-1
        dimension: trust
        scale: agree
        text: I trust this partner.
      - key: trust-2
        dimension: trust
        scale: agree
        text: This partner keeps its word.
        show_if: {item: trust-1, any_of: [2]}
""")
        == []
    )


def test_it_lets_a_text_item_belong_to_a_dimension_for_reports() -> None:
    assert (
        codes("""\
sections:
  - key: main
    title: Main
    items:
      - key: trust-1
        dimension: trust
        scale: agree
        text: We trust each other.
      - key: trust-story
        type: text
        dimension: trust
        text: Tell us about a time trust grew.
""")
        == []
    )


def test_it_does_not_count_a_text_item_towards_a_dimension() -> None:
    assert codes("""\
sections:
  - key: main
    title: Main
    items:
      - key: trust-story
        type: text
        dimension: trust
        text: Tell us about a time trust grew.
""") == [Code.EMPTY_DIMENSION]


def test_it_reports_a_misspelt_dimension_without_also_calling_the_real_one_empty() -> None:
    assert codes("""\
sections:
  - key: main
    title: Main
    items:
      - key: trust-1
        dimension: trusts
        scale: agree
        text: We trust each other.
""") == [Code.UNKNOWN_DIMENSION]


def test_it_does_not_ask_for_welsh_in_an_english_only_file() -> None:
    assert (
        codes("""\
sections:
  - key: main
    title: Main
    items:
      - key: trust-1
        dimension: trust
        scale: agree
        text: We trust each other.
""")
        == []
    )


def test_it_summarises_missing_welsh_in_one_warning() -> None:
    result = load_questionnaire_text(
        HEAD
        + """\
sections:
  - key: main
    title: {en: Main, cy: Prif}
    items:
      - key: trust-1
        dimension: trust
        scale: agree
        text: We trust each other.
"""
    )
    (problem,) = result.problems
    assert problem.code is Code.MISSING_WELSH
    assert problem.message.startswith("8 of 9 texts have no Welsh (cy) translation")
    assert result.ok


def test_it_reports_an_excluded_answer_that_looks_like_an_option() -> None:
    text = (
        HEAD.replace("value: dont-know", 'value: "2"')
        + """\
sections:
  - key: main
    title: Main
    items:
      - key: trust-1
        dimension: trust
        scale: agree
        text: We trust each other.
"""
    )
    (problem,) = load_questionnaire_text(text).problems
    assert problem.code is Code.EXCLUSION_CLASH
    assert (
        problem.message == 'scale "agree" has excluded answer "2" that looks like an option value'
    )


def test_it_reports_a_reverse_flag_on_a_text_item_even_when_false() -> None:
    assert codes("""\
sections:
  - key: main
    title: Main
    items:
      - key: trust-1
        dimension: trust
        scale: agree
        text: We trust each other.
      - key: story
        type: text
        reverse: false
        text: Tell us a story.
""") == [Code.SCORING_FIELD_ON_TEXT_ITEM]
