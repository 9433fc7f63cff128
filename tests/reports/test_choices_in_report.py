"""Questions that feed no score in the PDF report: a table of counts each, hidden as elsewhere."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_babel import force_locale

from tests.factories import everyone_answers, questionnaire
from tests.reports.conftest import needs_poppler, pdf_text
from tests.scoring.test_choices import WITH_CHOICES
from toolkit.core.scoring import RoundData, build_profile
from toolkit.reports.content import build_report
from toolkit.reports.render import render_pdf
from toolkit.reports.subjects import Subject

ASKED = questionnaire(WITH_CHOICES)


def subject() -> Subject:
    people = (
        everyone_answers("staff", 5, trusted=4, how_long=1, trust_trend=3)
        + everyone_answers("residents", 3, trusted=2, how_long=3, trust_trend=2)
        + everyone_answers("residents", 2, trusted=2)
    )
    return Subject(
        group_name="Riverside team",
        organisation_name="Riverside Trust",
        kind="Team",
        profile=build_profile([RoundData("now", "Autumn check", ASKED, people)]),
        questionnaires={"now": ASKED},
        perspective_names={"staff": "Staff", "residents": "Residents"},
        took_part={"staff": 5, "residents": 5},
        actions=[],
        over_time=False,
        language="en",
    )


def test_the_report_counts_each_question_that_feeds_no_score_and_hides_small_groups(
    plain_app: Flask,
) -> None:
    with plain_app.app_context(), force_locale("en"):
        report = build_report(subject())
    (table,) = report.unscored
    assert table.caption == "How long have you been involved?"
    assert table.head == ["Answer", "Everyone", "Residents", "Staff"]
    # Three residents answered it: fewer than five, so their column and staff's are hidden.
    assert table.rows == [
        [
            "Under a year",
            "5",
            "fewer than 5 responses",
            "hidden so that a smaller group's answers cannot be worked out",
        ],
        ["1 to 3 years", "0", "", ""],
        ["3", "3", "", ""],
        ["Rather not say", "0", "", ""],
    ]
    # The one that speaks to trust is not among them, and neither is a score.
    assert all("trust between us" not in t.caption for t in report.unscored)


def test_a_question_about_a_dimension_sits_in_its_section_with_what_most_say(
    plain_app: Flask,
) -> None:
    with plain_app.app_context(), force_locale("en"):
        report = build_report(subject())
    trust, power = report.dimensions
    question = "Is trust between us improving, staying the same or getting worse?"
    assert f"“{question}” Most say “Improving”: 5 of the 8 people who answered." in trust.sentences
    _statements, beside = trust.tables
    assert beside.caption == question
    # Three residents answered it: their column, and so staff's, are hidden.
    assert beside.rows[2] == ["Improving", "5", "", ""]
    assert all(question not in t.caption for t in power.tables)


@needs_poppler
def test_the_pdf_prints_the_questions_that_are_not_scored(plain_app: Flask, tmp_path: Path) -> None:
    with plain_app.app_context():
        text = pdf_text(render_pdf(subject()), tmp_path)
    unscored = text[text.index("Questions that are not scored") :]
    assert "How long have you been involved?" in unscored
    assert "Under a year" in unscored
