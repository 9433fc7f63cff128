from __future__ import annotations

import pytest

from tests.factories import questionnaire, response
from toolkit.core.scoring import ResponseData, score_partners, score_response

CHECK = questionnaire()


@pytest.mark.parametrize(
    ("answers", "trust", "power"),
    [
        # Plain answers: 4 -> 75; reversed 2 -> 100 - 25 = 75.
        ({"trusted": 4, "hidden": 2}, 75.0, None),
        # Weight 2 on "shared": (2 * 100 + 1 * 0) / 3.
        ({"shared": 5, "say-no": 1}, None, 200 / 3),
        ({"shared": 1, "say-no": 5}, None, 100 / 3),
        # Reversed strongly disagree is full strength.
        ({"hidden": 1}, 100.0, None),
        ({"hidden": 5}, 0.0, None),
        # Don't know and not applicable are left out, as if unanswered.
        ({"trusted": 3, "hidden": "dont-know"}, 50.0, None),
        ({"trusted": "not-applicable", "hidden": "dont-know"}, None, None),
        # An answer the scale does not offer is left out too.
        ({"trusted": 9, "shared": 2}, None, 25.0),
        ({}, None, None),
    ],
)
def test_it_scores_a_weighted_mean_after_reversal(
    answers: dict[str, int | str], trust: float | None, power: float | None
) -> None:
    scores = score_response(CHECK, ResponseData("staff", answers))
    assert scores["trust"] == pytest.approx(trust)
    assert scores["power"] == pytest.approx(power)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"trusted": 5}, None),
        ({"trusted": 5, "hidden": "dont-know"}, None),
        ({"trusted": 5, "hidden": 5}, 50.0),
    ],
)
def test_it_needs_min_answered_items_before_a_dimension_gets_a_score(
    answers: dict[str, int | str], expected: float | None
) -> None:
    strict = questionnaire(scoring={"min_answered": 2})
    assert score_response(strict, ResponseData("staff", answers))["trust"] == expected


def test_it_leaves_text_items_and_answers_about_partners_out_of_own_scores() -> None:
    answered = response(trusted=5, story="We got on", about={"council": {"keeps-word": 1}})
    assert score_response(CHECK, answered) == {"trust": 100.0, "power": None}


def test_it_scores_each_partner_separately() -> None:
    answered = response(
        about={
            "council": {"keeps-word": 1, "listens": "dont-know"},
            "charity": {"keeps-word": 5, "listens": 4},
        }
    )
    assert score_partners(CHECK, answered) == {
        "council": {"trust": 0.0, "power": None},
        "charity": {"trust": 100.0, "power": 75.0},
    }
