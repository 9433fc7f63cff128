"""The PDF report says each dimension's score in the questionnaire's own units too."""

from __future__ import annotations

from flask import Flask
from flask_babel import force_locale

from tests.factories import everyone_answers
from tests.results.test_own_units import ASKED
from toolkit.core.scoring import RoundData, build_profile
from toolkit.reports.content import build_report
from toolkit.reports.subjects import Subject

QUESTIONNAIRE = ASKED[0]


def subject(people: int) -> Subject:
    answers = everyone_answers("staff", people, trusted=4, hidden=2)
    return Subject(
        group_name="Riverside team",
        organisation_name="Riverside Trust",
        kind="Team",
        profile=build_profile([RoundData("now", "Autumn check", QUESTIONNAIRE, answers)]),
        questionnaires={"now": QUESTIONNAIRE},
        perspective_names={"staff": "Staff"},
        took_part={"staff": people},
        actions=[],
        over_time=False,
        language="en",
    )


def trust_sentences(plain_app: Flask, people: int) -> list[str]:
    with plain_app.app_context(), force_locale("en"):
        report = build_report(subject(people))
    return next(section for section in report.dimensions if section.key == "trust").sentences


def test_the_report_says_the_score_in_the_questionnaires_own_units(plain_app: Flask) -> None:
    assert "In the questionnaire's own units: 4.0 on the 1–5 scale." in trust_sentences(
        plain_app, 6
    )


def test_the_report_leaves_the_own_units_out_when_the_score_is_hidden(plain_app: Flask) -> None:
    assert not any("own units" in line for line in trust_sentences(plain_app, 2))
