"""Scores in the instrument's own units: a straight line from the shown 0-100 mean."""

from __future__ import annotations

import pytest

from tests.factories import everyone_answers, questionnaire, round_of
from tests.questionnaires import CHECK
from toolkit.core.questionnaire.schema import Units
from toolkit.core.scoring import Summary, build_profile
from toolkit.core.scoring.units import OwnUnits, in_own_units

TWO_SCALES = CHECK.replace(
    "      - {key: say-no, dimension: power, text: We can say no, scale: agree}",
    "      - {key: say-no, dimension: power, text: We can say no, scale: yes-no}",
).replace(
    "scales:\n",
    "scales:\n  yes-no:\n    kind: checklist\n    options: [{value: 0}, {value: 1}]\n",
)


@pytest.mark.parametrize(
    ("units", "mean", "expected"),
    [
        # 1 to 5: 0 is 1, 100 is 5, 60 is 3.4.
        ("mean", 0.0, OwnUnits(1.0, 1, 5, Units.MEAN, 3)),
        ("mean", 100.0, OwnUnits(5.0, 1, 5, Units.MEAN, 3)),
        ("mean", 60.0, OwnUnits(3.4, 1, 5, Units.MEAN, 3)),
        # Trust has three statements (one asked about each partner): a total of 3 to 15.
        ("sum", 60.0, OwnUnits(pytest.approx(10.2), 3, 15, Units.SUM, 3)),  # type: ignore[arg-type]
    ],
)
def test_a_dimension_mean_is_put_on_its_scales_own_numbers(
    units: str, mean: float, expected: OwnUnits
) -> None:
    asked = questionnaire(scoring={"units": units})
    assert in_own_units(asked, "trust", mean) == expected


def test_without_units_in_the_file_there_are_none() -> None:
    assert in_own_units(questionnaire(), "trust", 60.0) is None


def test_a_dimension_on_several_scales_has_no_own_units() -> None:
    asked = questionnaire(TWO_SCALES, scoring={"units": "mean"})
    assert in_own_units(asked, "power", 50.0) is None
    assert in_own_units(asked, "trust", 50.0) == OwnUnits(3.0, 1, 5, Units.MEAN, 3)


def test_the_own_units_follow_the_shown_mean_of_real_answers() -> None:
    # Reverse-worded "hidden" is turned round before the mean, as in the 0-100 score.
    asked = questionnaire(scoring={"units": "mean"})
    people = everyone_answers("staff", 5, trusted=4, hidden=2)
    result = build_profile([round_of(people, questionnaire_=asked)]).rounds[-1].dimensions[0]
    shown = result.everyone.summary
    assert isinstance(shown, Summary)
    found = in_own_units(asked, "trust", shown.mean)
    assert found is not None and found.value == pytest.approx(4.0)


def test_units_stay_out_of_the_hash_unless_written() -> None:
    plain = questionnaire()
    assert "units" not in plain.model_dump(mode="json")["scoring"]
    assert plain.content_hash != questionnaire(scoring={"units": "mean"}).content_hash
