"""'Opinion is split' on scales of 3 to 7 points, with and without a middle answer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import questionnaire, response, round_of
from toolkit.core.questionnaire.schema import Scale
from toolkit.core.scoring import build_profile
from toolkit.core.scoring.stats import SPLIT_SHARE, ends, is_split

# The answers that count as each end, on scales numbered 1 to n: never the
# answers next to the middle, so mild agreement against mild disagreement is not a split.
ENDS = {
    3: ({1}, {3}),
    4: ({1}, {4}),
    5: ({1, 2}, {4, 5}),
    6: ({1, 2}, {5, 6}),
    7: ({1, 2}, {6, 7}),
}


def scale(points: int) -> Scale:
    return Scale.model_validate(
        {"kind": "agreement", "options": [{"value": v} for v in range(1, points + 1)]}
    )


def split_of(points: int, counts: list[int]) -> tuple[float, float] | None:
    """Say whether these counts of answers 1..n are split, as scoring sees them."""
    positions = scale(points)
    counted = [(positions.position(v), c) for v, c in enumerate(counts, start=1)]
    return is_split([(p, c) for p, c in counted if p is not None])


def counts_on_a_scale() -> st.SearchStrategy[tuple[int, list[int]]]:
    return st.sampled_from(sorted(ENDS)).flatmap(
        lambda n: st.tuples(st.just(n), st.lists(st.integers(0, 20), min_size=n, max_size=n))
    )


@pytest.mark.parametrize("points", sorted(ENDS))
def test_the_ends_of_a_scale_are_its_outer_answers(points: int) -> None:
    positions = scale(points)
    at_ends = [ends(positions.position(v) or 0.0) for v in range(1, points + 1)]
    low = {v for v, (is_low, _) in enumerate(at_ends, start=1) if is_low}
    high = {v for v, (_, is_high) in enumerate(at_ends, start=1) if is_high}
    assert (low, high) == ENDS[points]


@given(counts_on_a_scale())
def test_opinion_is_split_when_30_percent_sit_at_each_end(case: tuple[int, list[int]]) -> None:
    points, counts = case
    low, high = ENDS[points]
    total = sum(counts)
    low_share = sum(counts[v - 1] for v in low) / total if total else 0
    high_share = sum(counts[v - 1] for v in high) / total if total else 0
    expected = (
        (low_share, high_share)
        if total and low_share >= SPLIT_SHARE and high_share >= SPLIT_SHARE
        else None
    )
    assert split_of(points, counts) == (pytest.approx(expected) if expected else None)


@given(counts_on_a_scale())
def test_answers_only_beside_the_middle_are_never_split(case: tuple[int, list[int]]) -> None:
    points, counts = case
    low, high = ENDS[points]
    mild = [0 if v in low or v in high else c for v, c in enumerate(counts, start=1)]
    assert split_of(points, mild) is None


@given(counts_on_a_scale())
def test_turning_the_answers_round_swaps_the_ends(case: tuple[int, list[int]]) -> None:
    points, counts = case
    split = split_of(points, counts)
    mirrored = split_of(points, counts[::-1])
    assert mirrored == (None if split is None else pytest.approx(split[::-1]))


FOUR_POINT = """
id: four
version: "1"
title: Four points, no middle
description: One statement on a scale without a middle answer.
use: [team]
minutes: 1
source: Written for the tests
licence: CC-BY-4.0
scales:
  agree:
    kind: agreement
    options: [{value: 1}, {value: 2}, {value: 3}, {value: 4}]
dimensions:
  - {key: trust, label: Trust}
sections:
  - key: us
    title: Us
    items:
      - {key: open, dimension: trust, text: We are open, scale: agree}
"""


@pytest.mark.parametrize(
    ("answers", "split"),
    [
        # Mild agreement against mild disagreement: leaning, not split.
        ([2] * 5 + [3] * 5, False),
        ([1] * 4 + [2] + [3] + [4] * 4, True),
        ([1] * 3 + [2] * 2 + [3] * 2 + [4] * 3, True),
        ([1] * 2 + [2] * 3 + [3] * 3 + [4] * 2, False),
    ],
)
def test_a_four_point_scale_is_split_only_when_people_sit_at_both_ends(
    answers: list[int], split: bool
) -> None:
    responses = [response(open=a) for a in answers]
    (round_,) = build_profile(
        [round_of(responses, questionnaire_=questionnaire(FOUR_POINT))]
    ).rounds
    assert bool(round_.split_opinions) is split
