"""A round report read back as text: sections, hand-worked numbers, Welsh, tags, anonymity.

The check: thirteen people answer the relationship health check. Six staff
score Shared purpose 50 (three of them) and 75 (three): 62.5. Five managers
score 100. Two residents score 0, and Letting go 25 and 50: a mean of 37.5
that must never be printed, because two people are fewer than five.
Everyone's Shared purpose: (6 × 62.5 + 5 × 100 + 2 × 0) / 13 = 67.3, and
Letting go: (6 × 75 + 5 × 100 + 25 + 50) / 13 = 78.8.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from flask import Flask
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from tests.reports.conftest import needs_poppler, pdf_info, pdf_text
from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.core.scoring import OTHER_PERSPECTIVES, Comment, ResponseData, RoundData, build_profile
from toolkit.reports.render import render_pdf
from toolkit.reports.subjects import Subject
from toolkit.services.sentences import ActionNote

pytestmark = needs_poppler


def person(perspective: str, purpose: int, letting_go: int, comment: str = "") -> ResponseData:
    answers: dict[str, int | str] = {f"purpose-{i}": purpose for i in (1, 2, 3)}
    answers |= {f"letting-go-{i}": letting_go for i in (1, 2, 3)}
    return ResponseData(
        perspective=perspective,
        answers=answers,
        comments=(Comment("shared-purpose", comment),) if comment else (),
    )


def subject(app: Flask, language: str = "en", earlier: bool = False) -> Subject:
    questionnaire: Questionnaire = (
        app.extensions["questionnaires"].entry("relationship-health-check").questionnaire
    )
    people = (
        [person("staff", 3, 4) for _ in range(3)]
        + [person("staff", 4, 4, "We plan the week together now.") for _ in range(3)]
        + [person("managers", 5, 5) for _ in range(5)]
        + [person("residents", 1, 2), person("residents", 1, 3)]
    )
    rounds = [RoundData("now", "Autumn check", questionnaire, people)]
    if earlier:
        before = [person("staff", 3, 3) for _ in range(6)] + [person("managers", 4, 4)] * 5
        rounds.insert(0, RoundData("before", "Spring check", questionnaire, before))
    return Subject(
        group_name="Riverside team",
        organisation_name="Riverside Trust",
        kind="Team",
        profile=build_profile(rounds),
        questionnaires={r.key: questionnaire for r in rounds},
        perspective_names={
            "staff": "Staff",
            "managers": "Managers",
            "residents": "Residents",
            OTHER_PERSPECTIVES: "all other perspectives",
        },
        took_part={"staff": 6, OTHER_PERSPECTIVES: 7},
        actions=[
            ActionNote("before", "Plan the rota with residents", "Sam", "letting-go", "Done twice.")
        ],
        over_time=earlier,
        language=language,
        agreed={"letting-go": "Agreed in the room: Often — Residents now plan the rota with us."},
    )


def rendered(app: Flask, tmp_path: Path, **options: object) -> bytes:
    with app.app_context():
        return render_pdf(subject(app, **options))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def pdf(plain_app: Flask, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return rendered(plain_app, tmp_path_factory.mktemp("pdf"))


@pytest.fixture
def report(pdf: bytes, tmp_path: Path) -> str:
    return pdf_text(pdf, tmp_path)


def test_the_report_opens_with_who_took_part_and_says_it_is_for_learning(report: str) -> None:
    opening = report[: report.index("Summary")]
    assert "Riverside team: Autumn check" in opening
    assert "Relationship health check" in opening
    assert "Staff 6" in opening
    assert "all other perspectives (Managers, Residents) 7" in opening
    assert "These results are for learning, not scoring." in opening


def test_the_summary_in_words_comes_before_any_chart_strengths_first(report: str) -> None:
    summary = report.index("Where people see strengths")
    assert summary < report.index("The picture as a whole")
    assert summary < report.index("Where perspectives differ most")
    assert "People see most strength in Letting go and enabling (79 out of 100)." in report


def test_every_dimension_has_its_section_prompts_and_space_to_write(report: str) -> None:
    for label in ("Shared purpose and partnership", "Letting go and enabling", "Trust and safety"):
        assert label in report
    assert report.count("To talk about together") == 4
    assert report.count("Our notes") == 4
    assert "What helped us pull in the same direction since our last check?" in report


def test_what_the_team_agreed_is_in_its_dimensions_part_to_talk_about(report: str) -> None:
    agreed = report.index("Agreed in the room: Often — Residents now plan the rota with us.")
    section = report.index("Letting go and enabling", report.index("Our notes"))
    assert section < report.index("To talk about together", section) < agreed
    assert agreed < report.index("Our notes", section)
    assert report.count("Agreed in the room") == 1


def test_hand_worked_means_appear_in_the_tables(report: str) -> None:
    assert "67.3" in report  # everyone, Shared purpose
    assert "62.5" in report  # staff, Shared purpose
    assert "Everyone's score: 67 out of 100 from 13 people" in report


def test_a_perspective_of_two_never_shows_its_score(report: str) -> None:
    assert "37.5" not in report
    assert "38 out of 100" not in report
    assert "Residents 2" not in report


def test_dimensions_nobody_answered_say_fewer_than_k_responses(report: str) -> None:
    assert "Everyone's score: fewer than 5 responses." in report


def test_comments_are_shown_without_who_wrote_them(report: str) -> None:
    assert "We plan the week together now." in report


def test_the_method_and_anonymity_note_and_the_appendix_close_the_report(report: str) -> None:
    method = report.index("How these results were worked out")
    assert method < report.index("Keeping answers anonymous") < report.index("Appendix")


def test_the_welsh_report_uses_the_questionnaires_welsh_labels(
    plain_app: Flask, tmp_path: Path
) -> None:
    text = pdf_text(rendered(plain_app, tmp_path, language="cy"), tmp_path)
    assert "Pwrpas cyffredin a phartneriaeth" in text
    assert "Gollwng gafael a galluogi" in text
    assert "Beth a'n helpodd i dynnu i'r un cyfeiriad ers ein gwiriad diwethaf?" in text


def test_the_pdf_is_tagged_titled_and_a4(pdf: bytes, tmp_path: Path) -> None:
    info = pdf_info(pdf, tmp_path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Riverside team: Autumn check"
    assert "(A4)" in info["Page size"]


def test_the_report_over_time_says_what_moved_and_what_was_tried(
    plain_app: Flask, tmp_path: Path
) -> None:
    text = pdf_text(rendered(plain_app, tmp_path, earlier=True), tmp_path)
    assert "Riverside team: our checks over time" in text
    assert "Compared with Spring check:" in text
    # Shared purpose in spring: (6 × 50 + 5 × 75) / 11 = 61.4; 67.3 now, so up 6 points.
    assert "Shared purpose and partnership moved up 6 points." in text
    assert "Each dimension in each check, out of 100" in text
    assert (
        "We agreed: “Plan the rota with residents” (taken on by Sam). What happened: Done twice."
        in text
    )
    assert "Spring check" in text and "Autumn check" in text


def figure_alternatives(pdf: bytes) -> list[str]:
    """Return the text alternative of every figure in the PDF's structure tree, in order."""
    found: list[str] = []

    def walk(node: DictionaryObject) -> None:
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, DictionaryObject):
                walk(kid)

    walk(PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"].get_object())
    return found


def test_every_chart_and_bar_has_a_text_alternative(pdf: bytes) -> None:
    alternatives = figure_alternatives(pdf)
    assert alternatives and all(alternatives)
    assert alternatives[0].startswith("Scores by dimension")
    # On each Shared purpose statement three staff answered 3 and three 4, five managers 5 and
    # two residents 1: of 13 people, 15%, 23%, 23% and 38%.
    shares = "Strongly disagree 15%, Neither agree nor disagree 23%, Agree 23%, Strongly agree 38%"
    assert alternatives.count(f"Shares of the answers on the scale: {shares}") == 3


def test_weasyprint_reports_no_error_while_drawing(
    plain_app: Flask, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Errors only: a machine without HarfBuzz's subsetter gets a warning, and a slower render.
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        rendered(plain_app, tmp_path, earlier=True)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
