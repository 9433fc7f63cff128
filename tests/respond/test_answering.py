"""The answering rules on their own: no Flask, no database."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
import yaml

from toolkit.core.answering import (
    ABOUT_YOU,
    Asking,
    Draft,
    Question,
    RoundState,
    answers_to_store,
    draft_from_rows,
    merge,
    missing_required,
    pages,
    progress,
    read_page,
    resume_page,
    round_state,
    section_named,
    section_questions,
)
from toolkit.core.questionnaire.schema import Questionnaire, Section

QUESTIONNAIRE = Questionnaire.model_validate(
    yaml.safe_load(
        """
id: small
version: "1"
title: A small check
description: For tests.
use: [partnership]
minutes: 3
source: Tests.
licence: CC0
scales:
  agree:
    kind: agreement
    options:
      - {value: 1, label: Disagree}
      - {value: 2, label: Agree}
    excluded:
      - {value: dont-know, label: "Don't know"}
dimensions:
  - {key: trust, label: Trust}
sections:
  - key: first
    title: First
    items:
      - {key: q1, dimension: trust, text: We trust each other., scale: agree, required: true}
      - key: q1-why
        type: text
        text: What would help?
        show_if: {item: q1, any_of: [1]}
      - {key: q2, dimension: trust, text: We share plans., scale: agree}
  - key: later
    title: Later
    items:
      - key: q3
        dimension: trust
        text: We follow through.
        scale: agree
        show_if: {item: q1, any_of: [1]}
  - key: partners
    title: Each partner
    about_each_partner: true
    items:
      - {key: p1, dimension: trust, text: This partner is open., scale: agree}
      - {key: p-story, type: text, text: Tell us more.}
"""
    )
)
PARTNERS = [("council", "The council"), ("charity", "The charity"), ("forum", "The forum")]


def asking(**changes: object) -> Asking:
    settings: dict[str, object] = {"questionnaire": QUESTIONNAIRE, "partners": PARTNERS}
    settings.update(changes)
    return Asking(**settings)  # type: ignore[arg-type]


def section(key: str) -> Section:
    found = section_named(QUESTIONNAIRE, key)
    assert found is not None
    return found


def names(questions: list[Question]) -> list[str]:
    return [q.name for q in questions]


def test_it_imports_no_flask() -> None:
    code = "import sys, toolkit.core.answering; print('flask' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("status", "opens", "closes", "state"),
    [
        ("open", 1, 20, RoundState.OPEN),
        ("open", 10, 20, RoundState.NOT_YET_OPEN),
        ("draft", 1, 20, RoundState.NOT_YET_OPEN),
        ("open", 1, 4, RoundState.CLOSED),
        ("closed", 1, 20, RoundState.CLOSED),
        ("shared", 1, 20, RoundState.CLOSED),
    ],
)
def test_it_says_whether_a_round_can_be_answered_today(
    status: str, opens: int, closes: int, state: RoundState
) -> None:
    today = date(2026, 11, 5)
    assert round_state(status, date(2026, 11, opens), date(2026, 11, closes), today) is state


def test_it_hides_a_follow_up_until_its_condition_is_met() -> None:
    assert names(section_questions(asking(), section("first"), Draft())) == ["q-q1", "q-q2"]
    answered = Draft({("q1", ""): 1})
    assert names(section_questions(asking(), section("first"), answered)) == [
        "q-q1",
        "q-q1-why",
        "q-q2",
    ]


def test_it_skips_a_page_whose_questions_are_all_hidden() -> None:
    assert pages(asking(), Draft()) == ["first", "partners"]
    assert pages(asking(about_you=True), Draft({("q1", ""): 1})) == [
        ABOUT_YOU,
        "first",
        "later",
        "partners",
    ]


def test_it_asks_about_each_partner_except_your_own() -> None:
    questions = section_questions(asking(own_partner="charity"), section("partners"), Draft())
    assert names(questions) == ["q-p1__council", "q-p1__forum", "q-p-story"]
    assert questions[0].partner_name == "The council"


def test_it_leaves_out_stories_when_the_round_collects_no_comments() -> None:
    questions = section_questions(asking(with_stories=False), section("partners"), Draft())
    assert names(questions) == ["q-p1__council", "q-p1__charity", "q-p1__forum"]


def test_it_reads_numbers_excluded_answers_and_stories_and_ignores_the_rest() -> None:
    questions = section_questions(asking(), section("first"), Draft({("q1", ""): 1}))
    page = read_page(asking(), questions, {"q-q1": "1", "q-q1-why": "  More time  ", "q-q2": "7"})
    assert page == Draft({("q1", ""): 1}, {"q1-why": "More time"})
    page = read_page(asking(), questions, {"q-q1": "dont-know", "q-q2": ""})
    assert page.answers == {("q1", ""): "dont-know"}


def test_it_drops_a_follow_up_answer_when_its_condition_stops_holding() -> None:
    before = Draft({("q1", ""): 1, ("q3", ""): 2}, {"q1-why": "More time"})
    questions = section_questions(asking(), section("first"), before)
    after = merge(asking(), before, questions, Draft({("q1", ""): 2}))
    assert after == Draft({("q1", ""): 2}, {})


def test_it_keeps_answers_from_other_pages_when_a_page_is_saved() -> None:
    before = Draft({("p1", "council"): 2, ("q2", ""): 1})
    questions = section_questions(asking(), section("first"), before)
    after = merge(asking(), before, questions, Draft({("q1", ""): 2}))
    assert after.answers == {("p1", "council"): 2, ("q1", ""): 2}


def test_it_lists_required_questions_still_unanswered() -> None:
    missing = missing_required(asking(), Draft())
    assert [(s.key, q.name) for s, q in missing] == [("first", "q-q1")]
    assert missing_required(asking(), Draft({("q1", ""): "dont-know"})) == []


def test_it_resumes_at_the_first_page_with_nothing_answered() -> None:
    assert resume_page(asking(), Draft()) == "first"
    assert resume_page(asking(), Draft({("q1", ""): 2})) == "partners"
    assert resume_page(asking(), Draft({("q1", ""): 2}, {"p-story": "Yes"})) is None


def test_it_counts_pages_for_the_progress_line() -> None:
    assert progress(["first", "later", "partners"], "later") == (2, 3)


def test_it_turns_a_draft_into_rows_and_back() -> None:
    draft = Draft({("q1", ""): 2, ("p1", "forum"): "dont-know"}, {"p-story": "Yes"})
    rows = answers_to_store(draft)
    assert [(r.item_key, r.partner_key, r.value, r.excluded) for r in rows] == [
        ("p1", "forum", None, "dont-know"),
        ("q1", "", 2, None),
    ]
    rebuilt = draft_from_rows(
        [(r.item_key, r.partner_key, r.value if r.value is not None else r.excluded) for r in rows],
        [("p-story", "Yes")],
    )
    assert rebuilt == draft
