from __future__ import annotations

import statistics
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.core.scoring.stats import distribution, is_split, quartiles, summarise


def test_it_summarises_with_inclusive_quartiles() -> None:
    summary = summarise([0.0, 25.0, 50.0, 100.0])
    assert summary is not None
    assert (summary.n, summary.mean, summary.median) == (4, 43.75, 37.5)
    # Inclusive: positions 0.75 and 2.25 between the sorted scores.
    assert (summary.lower_quartile, summary.upper_quartile) == (18.75, 62.5)
    assert summary.spread == 43.75


def test_it_summarises_one_score_as_itself() -> None:
    summary = summarise([40.0])
    assert summary is not None
    assert (summary.median, summary.lower_quartile, summary.upper_quartile) == (40, 40, 40)


def test_it_has_no_summary_of_nothing() -> None:
    assert summarise([]) is None


@given(st.lists(st.floats(0, 100), min_size=2, max_size=60))
def test_its_quartiles_match_the_inclusive_method_of_the_statistics_module(
    scores: list[float],
) -> None:
    expected = statistics.quantiles(scores, n=4, method="inclusive")
    assert quartiles(sorted(scores)) == pytest.approx(expected)
    assert quartiles(sorted(scores))[1] == pytest.approx(statistics.median(scores))


def test_it_counts_answers_in_scale_order_with_excluded_answers_last() -> None:
    counts = distribution({1: 2, 2: 0, 3: 1, "dont-know": 4}, {"dont-know"})
    assert counts.n == 7
    assert [(c.answer, c.count, c.excluded) for c in counts.counts] == [
        (1, 2, False),
        (2, 0, False),
        (3, 1, False),
        ("dont-know", 4, True),
    ]


@pytest.mark.parametrize(
    ("positions", "split"),
    [
        # 3 of 10 at each end: exactly 30% each, so split.
        ([0, 0, 25, 50, 50, 50, 50, 75, 100, 100], (0.3, 0.3)),
        # Only 2 of 10 at the top.
        ([0, 0, 25, 50, 50, 50, 50, 50, 100, 100], None),
        # Everyone in the middle.
        ([50, 50, 50], None),
        # A third of the way along is not an end: a 4-point scale's 2 and 3.
        ([100 / 3, 100 / 3, 200 / 3, 200 / 3], None),
        ([0, 0, 100 / 3, 200 / 3, 100, 100], (2 / 6, 2 / 6)),
        ([], None),
    ],
)
def test_opinion_is_split_with_30_percent_at_each_end(
    positions: list[float], split: tuple[float, float] | None
) -> None:
    assert is_split([(p, count) for p, count in Counter(positions).items()]) == split
