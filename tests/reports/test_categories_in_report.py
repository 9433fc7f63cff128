"""The PDF report puts dimensions under their categories and gives the instrument's guidance."""

from __future__ import annotations

from pathlib import Path

import yaml
from flask import Flask
from flask_babel import force_locale

from tests.factories import response
from tests.reports.conftest import needs_poppler, pdf_text
from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.core.scoring import RoundData, build_profile
from toolkit.reports.content import Report, build_report
from toolkit.reports.render import render_pdf
from toolkit.reports.subjects import Subject

READING = Path(__file__).parents[1] / "data" / "reading"
WILDER_LIKE = Questionnaire.model_validate(
    yaml.safe_load((READING / "wilder-like.yaml").read_text())
)
# Strong on history (5), borderline on respect (3), a concern on vision (2).
ANSWERS = {
    "history_1": 5,
    "standing_1": 4,
    "climate_1": 4,
    "respect_1": 3,
    "self_interest_1": 4,
    "vision_1": 2,
}


def subject(people: int, language: str = "en") -> Subject:
    answers = [response(p, **ANSWERS) for p in ("staff", "residents") for _ in range(people)]
    return Subject(
        group_name="Riverside partnership",
        organisation_name="Riverside Trust",
        kind="Partnership",
        profile=build_profile([RoundData("now", "Autumn check", WILDER_LIKE, answers)]),
        questionnaires={"now": WILDER_LIKE},
        perspective_names={"staff": "Staff", "residents": "Residents"},
        took_part={"staff": people, "residents": people},
        actions=[],
        over_time=False,
        language=language,
    )


def report(plain_app: Flask, people: int, language: str = "en") -> Report:
    with plain_app.app_context(), force_locale(language):
        return build_report(subject(people, language))


def test_dimensions_come_in_parts_under_their_categories(plain_app: Flask) -> None:
    found = report(plain_app, 6)
    assert [(p.label, [d.key for d in p.dimensions]) for p in found.parts] == [
        ("Our setting", ["history", "standing", "climate"]),
        ("Who we are", ["respect", "self-interest"]),
        ("What we aim for", ["vision"]),
    ]
    assert found.parts[0].description == "The place we work in."
    # No radar of every dimension at once: each category has its own chart.
    assert found.charts == []
    assert [len(p.charts) for p in found.parts] == [2, 2, 2]
    setting, members = found.parts[0].charts[0], found.parts[1].charts[0]
    assert setting.picture.alt.startswith("Scores under “Our setting”")
    assert "Radar chart" in setting.picture.alt
    assert "Bar chart" in members.picture.alt


def test_each_dimension_says_which_band_of_the_instruments_guidance_its_score_is_in(
    plain_app: Flask,
) -> None:
    sections = {d.key: d.sentences for d in report(plain_app, 6).dimensions}
    assert sections["history"][-1] == (
        "From the collaboration factors inventory: a strength. The instrument's authors suggest"
        " talking about what keeps this factor strong."
    )
    assert sections["respect"][-1].startswith(
        "From the collaboration factors inventory: borderline."
    )
    assert sections["vision"][-1].startswith("From the collaboration factors inventory: a concern.")


def test_no_band_is_given_for_a_hidden_score(plain_app: Flask) -> None:
    sections = report(plain_app, 1).dimensions
    assert not any("collaboration factors inventory" in s for d in sections for s in d.sentences)


def test_the_welsh_report_gives_categories_and_guidance_in_welsh(plain_app: Flask) -> None:
    found = report(plain_app, 6, "cy")
    assert [p.label for p in found.parts] == ["Ein lleoliad", "Pwy ydym ni", "Beth yw ein nod"]
    history = found.dimensions[0].sentences[-1]
    assert "y rhestr ffactorau cydweithio" in history and "cryfder" in history


@needs_poppler
def test_the_pdf_prints_the_category_headings_charts_and_guidance(
    plain_app: Flask, tmp_path: Path
) -> None:
    with plain_app.app_context():
        text = pdf_text(render_pdf(subject(6)), tmp_path)
    parts = text[text.index("Our setting") :]
    assert parts.index("Working together before") < parts.index("Who we are")
    assert parts.index("Who we are") < parts.index("Respect and trust")
    assert "From the collaboration factors inventory: a strength." in text
    # The bar chart of a two-dimension category keeps its labels as text.
    assert "Worth it for each of us" in text
