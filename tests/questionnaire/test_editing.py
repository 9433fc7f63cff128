"""The editor's plain-Python core: form rows to a questionnaire file and back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.questionnaire.editor_forms import form_for, form_of
from toolkit.core.questionnaire import Code, load_questionnaire, load_questionnaire_text
from toolkit.core.questionnaire.editing import (
    Draft,
    add_statement,
    as_yaml,
    copy_key,
    draft_from_form,
    draft_of,
    field_for,
    next_version,
    problems_by_field,
    questionnaire_data,
    same_questions,
    statement_field,
)
from toolkit.core.questionnaire.schema import Questionnaire

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "questionnaires").glob("*.yaml")) + sorted(
    (ROOT / "docs" / "examples").glob("*.yaml")
)

SMALL = """
id: small
version: "1"
title: How we work
description: A short check.
use: [team]
minutes: 5
source: Our team
licence: CC BY 4.0
scales:
  agree:
    kind: agreement
    options:
      - {value: 1, label: Disagree}
      - {value: 2, label: Agree}
dimensions:
  - key: trust
    label: Trust
  - key: listening
    label: Listening
sections:
  - key: together
    title: Together
    items:
      - {key: honest, dimension: trust, scale: agree, text: We are honest.}
      - {key: heard, dimension: listening, scale: agree, text: I am heard.}
      - {key: story, type: text, text: Tell us a story.}
"""


def small() -> Questionnaire:
    loaded = load_questionnaire_text(SMALL)
    assert loaded.questionnaire is not None, loaded.problems
    return loaded.questionnaire


def saved(draft: Draft, base: Questionnaire, key: str = "small", version: str = "2"):  # type: ignore[no-untyped-def]
    """Write a draft as a file and load it as an upload would be."""
    return load_questionnaire_text(as_yaml(questionnaire_data(draft, base, key, version)))


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_a_questionnaire_sent_back_unchanged_says_exactly_what_it_said(path: Path) -> None:
    original = load_questionnaire(path).questionnaire
    assert original is not None
    draft = draft_from_form(form_for(original), original)
    again = saved(draft, original, original.id, original.version)
    assert again.problems == []
    assert again.questionnaire is not None
    assert again.questionnaire.content_hash == original.content_hash


def test_new_words_and_welsh_are_written_into_the_file() -> None:
    base = small()
    form = form_for(base)
    form["title-en"] = "How our team works"
    form["title-cy"] = "Sut mae ein tîm yn gweithio"
    form[statement_field(0, 0, "text-cy")] = "Rydym yn onest."
    result = saved(draft_from_form(form, base), base)
    assert result.questionnaire is not None
    assert result.questionnaire.title == {
        "en": "How our team works",
        "cy": "Sut mae ein tîm yn gweithio",
    }
    assert result.questionnaire.item("honest").text == {
        "en": "We are honest.",
        "cy": "Rydym yn onest.",
    }
    # Text with no Welsh stays as plain English in the file.
    assert yaml.safe_load(result.source)["sections"][0]["items"][1]["text"] == "I am heard."


def test_a_statement_ticked_for_removal_is_left_out() -> None:
    base = small()
    form = form_for(base)
    form[statement_field(0, 1, "remove")] = "y"
    draft = draft_from_form(form, base)
    assert [s.key for s in draft.pages[0].statements] == ["honest", "story"]


def test_rows_numbered_with_gaps_are_read_in_order() -> None:
    # A script adds and takes rows away without renumbering the others.
    base = small()
    form = form_for(base)
    moved = {k.replace("-s1-", "-s7-"): v for k, v in form.items() if "-s1-" in k}
    form = {k: v for k, v in form.items() if "-s1-" not in k} | moved
    draft = draft_from_form(form, base)
    assert [s.key for s in draft.pages[0].statements] == ["honest", "story", "heard"]


def test_the_kind_of_a_statement_comes_from_the_questionnaire_never_the_form() -> None:
    base = small()
    form = form_for(base)
    form[statement_field(0, 2, "dimension")] = "trust"
    form[statement_field(0, 2, "weight")] = "5"
    result = saved(draft_from_form(form, base), base)
    assert result.questionnaire is not None
    story = result.questionnaire.item("story")
    assert (story.type, story.dimension, story.weight) == ("text", None, 1.0)


def test_an_added_statement_starts_in_the_area_of_the_one_before_and_gets_a_key() -> None:
    base = small()
    draft = draft_of(base)
    add_statement(draft, 0, base)
    added = draft.pages[0].statements[-1]
    assert (added.key, added.text.en, added.dimension) == ("", "", "listening")
    added.text.en = "We listen, even when it is hard!"
    another = draft_from_form(form_of(draft), base)
    add_statement(another, 0, base)
    another.pages[0].statements[-1].text.en = "We listen, even when it is hard."
    result = saved(another, base)
    assert result.questionnaire is not None, result.problems
    keys = [item.key for item in result.questionnaire.items]
    assert keys[-2:] == [
        "together-we-listen-even-when-it-is-hard",
        "together-we-listen-even-when-it-is-hard-2",
    ]
    assert result.questionnaire.item(keys[-1]).scale == "agree"


def test_an_empty_new_statement_is_refused_beside_its_text() -> None:
    base = small()
    draft = draft_of(base)
    add_statement(draft, 0, base)
    result = saved(draft, base)
    assert result.questionnaire is None
    grouped = problems_by_field(result.problems)
    assert list(grouped) == [statement_field(0, 3, "text-en")]
    assert "has no English text" in grouped[statement_field(0, 3, "text-en")][0]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"title-en": ""}, "title-en", '"title" has no English text'),
        ({"title-en": "", "title-cy": "Teitl"}, "title-en", '"title" has no English text'),
        (
            {statement_field(0, 0, "weight"): "lots"},
            statement_field(0, 0, "weight"),
            "should be a number",
        ),
        ({statement_field(0, 0, "weight"): "11"}, statement_field(0, 0, "weight"), "at most 10"),
        (
            {statement_field(0, 1, "dimension"): ""},
            statement_field(0, 1, "dimension"),
            "has no dimension",
        ),
        ({"a0-label-en": ""}, "a0-label-en", "has no English text"),
        ({"p0-title-en": ""}, "p0-title-en", "has no English text"),
    ],
)
def test_each_problem_is_shown_beside_the_field_it_concerns(
    change: dict[str, str], field: str, words: str
) -> None:
    base = small()
    form = form_for(base) | change
    result = saved(draft_from_form(form, base), base)
    assert result.questionnaire is None
    grouped = problems_by_field(result.problems)
    assert field in grouped, grouped
    assert words in " ".join(grouped[field])


def test_a_missing_translation_is_a_warning_beside_the_welsh_field() -> None:
    base = small()
    form = form_for(base) | {"title-cy": "Sut rydym yn gweithio"}
    result = saved(draft_from_form(form, base), base)
    assert result.questionnaire is not None
    (warning,) = result.warnings
    assert warning.code is Code.MISSING_WELSH
    assert field_for(warning) == "description-cy"
    assert problems_by_field(result.problems) == {}


def test_a_comma_in_a_decimal_weight_is_read_as_a_point() -> None:
    base = small()
    form = form_for(base) | {statement_field(0, 0, "weight"): "1,5"}
    result = saved(draft_from_form(form, base), base)
    assert result.questionnaire is not None
    assert result.questionnaire.item("honest").weight == 1.5


def test_only_the_key_and_version_differ_when_nothing_was_changed() -> None:
    base = small()
    result = saved(draft_from_form(form_for(base), base), base, "small-ours", "1")
    assert result.questionnaire is not None
    assert same_questions(result.questionnaire, base)
    changed = saved(draft_from_form(form_for(base) | {"title-en": "New"}, base), base)
    assert changed.questionnaire is not None
    assert not same_questions(changed.questionnaire, base)


@pytest.mark.parametrize(
    ("current", "taken", "expected"),
    [
        ("1", [], "2"),
        ("1.1", [], "1.2"),
        ("1", ["1", "2", "3"], "4"),
        ("1.0", ["1.0", "1.9", "1.10"], "1.11"),
        ("2025-spring", [], "2026-spring"),
        ("draft", [], "draft.1"),
    ],
)
def test_the_next_version_comes_after_every_version_there_is(
    current: str, taken: list[str], expected: str
) -> None:
    assert next_version(current, taken) == expected


def test_a_copy_gets_a_key_of_its_own() -> None:
    assert copy_key("better-way-behaviours", set()) == "better-way-behaviours-ours"
    assert copy_key("better-way-behaviours", {"better-way-behaviours-ours"}) == (
        "better-way-behaviours-ours-2"
    )
    long = copy_key("x" * 64, {"x" * 59 + "-ours"})
    assert len(long) <= 64 and long.endswith("-ours-2")


def test_the_editing_core_imports_no_flask() -> None:
    code = "import sys, toolkit.core.questionnaire.editing; print('flask' in sys.modules)"
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert found.stdout.strip() == "False"


SHIFTS = SMALL.replace(
    "      - {value: 2, label: Agree}\n",
    "      - {value: 2, label: Agree}\n  shift:\n    kind: differential\n    options:\n"
    "      - {value: 1}\n      - {value: 2}\n",
).replace(
    "sections:\n",
    "sections:\n  - key: shifts\n    title: Shifts\n    items:\n"
    "      - {key: from-to, dimension: trust, scale: shift, text: We are moving,"
    " left: doubting, right: trusting}\n",
)


def test_a_statement_on_a_scale_between_two_ends_names_both_ends() -> None:
    loaded = load_questionnaire_text(SHIFTS)
    assert loaded.questionnaire is not None, loaded.problems
    base = loaded.questionnaire
    draft = draft_of(base)
    assert draft.pages[0].statements[0].differential
    add_statement(draft, 0, base)
    added = draft.pages[0].statements[-1]
    assert added.differential
    added.text.en = "We are changing"
    added.left.en, added.left.cy = "controlling", "rheoli"
    result = saved(draft_from_form(form_of(draft), base), base)
    assert result.questionnaire is None
    # The right end is missing: the problem is shown beside the ends.
    assert statement_field(0, 1, "left-en") in problems_by_field(result.problems)
    added.right.en = "enabling"
    result = saved(draft_from_form(form_of(draft), base), base)
    assert result.questionnaire is not None, result.problems
    item = result.questionnaire.sections[0].items[1]
    assert (item.scale, item.left, item.right) == (
        "shift",
        {"en": "controlling", "cy": "rheoli"},
        {"en": "enabling"},
    )


def test_a_page_left_with_no_statements_is_put_right_by_adding_one() -> None:
    base = small()
    form = form_for(base)
    for row in range(3):
        form[statement_field(0, row, "remove")] = "y"
    result = saved(draft_from_form(form, base), base)
    assert result.questionnaire is None
    assert "p0-add" in problems_by_field(result.problems)
