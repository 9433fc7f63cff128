"""Reversal, weights and excluded answers behave the same for any questionnaire."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.scoring.test_properties import answers_to, questionnaires
from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.core.scoring import ResponseData, score_response

Case = tuple[Questionnaire, dict[str, int | str]]


@st.composite
def answered(draw: st.DrawFn) -> Case:
    questionnaire = draw(questionnaires())
    return questionnaire, answers_to(draw, questionnaire)


def changed(questionnaire: Questionnaire, **fields: object) -> Questionnaire:
    data = questionnaire.model_dump()
    for section in data["sections"]:
        for item in section["items"]:
            item.update(fields)
    return Questionnaire.model_validate(data)


def scores(questionnaire: Questionnaire, answers: dict[str, int | str]) -> dict[str, float | None]:
    return score_response(questionnaire, ResponseData("staff", answers))


@settings(max_examples=100, deadline=None)
@given(answered())
def test_reversing_an_item_mirrors_its_answers(case: Case) -> None:
    questionnaire, answers = case
    flipped = {}
    for item in questionnaire.scored_items:
        value = answers.get(item.key)
        scale = questionnaire.scale_for(item)
        if isinstance(value, int):
            flipped[item.key] = scale.lowest + scale.highest - value
        elif value is not None:
            flipped[item.key] = value
    data = questionnaire.model_dump()
    for section in data["sections"]:
        for item in section["items"]:
            item["reverse"] = not item["reverse"]
    reversed_ = Questionnaire.model_validate(data)
    for key, score in scores(questionnaire, answers).items():
        mirrored = scores(reversed_, flipped)[key]
        assert (score is None) == (mirrored is None)
        assert score is None or abs(score - mirrored) < 1e-9  # type: ignore[operator]


@settings(max_examples=100, deadline=None)
@given(answered(), st.sampled_from([0.5, 2.0, 7.0]))
def test_equal_weights_of_any_size_give_the_plain_mean(case: Case, weight: float) -> None:
    questionnaire, answers = case
    plain = scores(changed(questionnaire, weight=1.0), answers)
    heavy = scores(changed(questionnaire, weight=weight), answers)
    for key, score in plain.items():
        assert (score is None) == (heavy[key] is None)
        assert score is None or abs(score - heavy[key]) < 1e-9  # type: ignore[operator]


@settings(max_examples=100, deadline=None)
@given(answered())
def test_excluded_answers_never_change_scores(case: Case) -> None:
    questionnaire, answers = case
    unanswered = {key: value for key, value in answers.items() if isinstance(value, int)}
    every_gap_dont_know = {
        item.key: answers.get(item.key, "dont-know") for item in questionnaire.scored_items
    }
    assert scores(questionnaire, answers) == scores(questionnaire, unanswered)
    assert scores(questionnaire, every_gap_dont_know) == scores(questionnaire, unanswered)
