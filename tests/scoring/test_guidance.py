"""Guidance bands, found from a shown mean as it is shown; categories add no figure."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.factories import response, round_of
from toolkit.core.questionnaire.schema import Questionnaire
from toolkit.core.scoring import Summary, Suppressed, build_profile
from toolkit.core.scoring.guidance import band_for

READING = Path(__file__).parents[1] / "data" / "reading"
TEXT = (READING / "wilder-like.yaml").read_text()
WILDER_LIKE = Questionnaire.model_validate(yaml.safe_load(TEXT))
ON_0_TO_100 = Questionnaire.model_validate(
    yaml.safe_load(
        TEXT.replace("scoring:\n  units: mean\n", "")
        .replace("from: 4.0\n      to: 5.0", "from: 75\n      to: 100")
        .replace("from: 3.0\n      to: 3.9", "from: 50\n      to: 74")
        .replace("from: 1.0\n      to: 2.9", "from: 0\n      to: 49")
    )
)


@pytest.mark.parametrize(
    ("mean", "band"),
    [
        # On 1-5 a mean of 0-100 is 1 + mean / 25, shown to one decimal place.
        (100.0, "strength"),  # 5.0
        (75.0, "strength"),  # 4.0
        (74.0, "strength"),  # 3.96, shown as 4.0: never in the gap between 3.9 and 4.0
        (73.5, "borderline"),  # 3.94, shown as 3.9
        (50.0, "borderline"),  # 3.0
        (49.0, "borderline"),  # 2.96, shown as 3.0
        (47.4, "concern"),  # 2.896, shown as 2.9
        (0.0, "concern"),  # 1.0
    ],
)
def test_a_band_is_found_on_the_own_units_as_they_are_shown(mean: float, band: str) -> None:
    found = band_for(WILDER_LIKE, "history", mean)
    assert found is not None and found.key == band


@pytest.mark.parametrize(
    ("mean", "band"), [(74.6, "strength"), (74.4, "borderline"), (49.4, "concern")]
)
def test_without_own_units_bands_are_on_the_whole_number_out_of_100(mean: float, band: str) -> None:
    found = band_for(ON_0_TO_100, "history", mean)
    assert found is not None and found.key == band


def test_a_file_without_guidance_has_no_band() -> None:
    plain = WILDER_LIKE.model_copy(update={"guidance": None})
    assert band_for(plain, "history", 80.0) is None


def test_a_score_in_a_gap_between_bands_has_no_band() -> None:
    gapped = Questionnaire.model_validate(yaml.safe_load(TEXT.replace("from: 3.0", "from: 3.5")))
    assert band_for(gapped, "history", 55.0) is None  # 3.2


def test_categories_add_no_figure_and_each_dimension_is_hidden_on_its_own() -> None:
    # Five answer about history; two of them about vision too: too few for vision's score.
    people = [response("staff", history_1=5, vision_1=2) for _ in range(2)]
    people += [response("staff", history_1=4) for _ in range(3)]
    profile = build_profile([round_of(people, questionnaire_=WILDER_LIKE)]).rounds[-1]
    shown = {d.dimension: d.everyone.summary for d in profile.dimensions}
    # One figure per dimension, none for a category.
    assert set(shown) == {d.key for d in WILDER_LIKE.dimensions}
    assert not {c.key for c in WILDER_LIKE.categories} & set(shown)
    assert isinstance(shown["history"], Summary)
    assert isinstance(shown["vision"], Suppressed)
    assert band_for(WILDER_LIKE, "history", shown["history"].mean) is not None
