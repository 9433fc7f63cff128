from __future__ import annotations

import pytest

from tests.factories import questionnaire
from toolkit.core.scoring import (
    OTHER_PERSPECTIVES,
    Comment,
    RoundData,
    Suppressed,
    SuppressedBecause,
)
from toolkit.core.scoring.anonymity import Line, group_perspectives, hide_cells, shown_comments

TOO_FEW = SuppressedBecause.TOO_FEW
PROTECTS = SuppressedBecause.PROTECTS_ANOTHER


@pytest.mark.parametrize(
    ("sizes", "groups"),
    [
        ({"staff": 6, "board": 5}, {"board": ("board",), "staff": ("staff",)}),
        # Two small perspectives reach 5 together.
        (
            {"staff": 6, "board": 3, "funder": 2},
            {"staff": ("staff",), OTHER_PERSPECTIVES: ("board", "funder")},
        ),
        # Still too small together: the smallest named perspective joins them.
        (
            {"staff": 9, "residents": 6, "board": 2},
            {"staff": ("staff",), OTHER_PERSPECTIVES: ("board", "residents")},
        ),
        # Everyone would be in one group: no breakdown, it would repeat the total.
        ({"staff": 9, "board": 2}, {}),
        ({"staff": 2, "board": 2}, {}),
        ({"staff": 20}, {}),
    ],
)
def test_it_merges_small_perspectives_into_all_other_perspectives(
    sizes: dict[str, int], groups: dict[str, tuple[str, ...]]
) -> None:
    assert group_perspectives(sizes, 5) == groups


def test_it_hides_cells_with_fewer_than_k_responses() -> None:
    assert hide_cells({"a": 5, "b": 4}, 5) == {"b": TOO_FEW}


def test_it_hides_the_next_smallest_cell_when_one_hidden_cell_could_be_subtracted() -> None:
    sizes = {"a": 9, "b": 6, "c": 2}
    assert hide_cells(sizes, 5, [Line(("a", "b", "c"))]) == {"c": TOO_FEW, "b": PROTECTS}


def test_it_hides_nothing_more_when_hidden_cells_together_reach_k() -> None:
    sizes = {"a": 9, "b": 3, "c": 3}
    assert hide_cells(sizes, 5, [Line(("a", "b", "c"))]) == {"b": TOO_FEW, "c": TOO_FEW}


def test_it_ignores_empty_cells_when_checking_what_could_be_subtracted() -> None:
    assert hide_cells({"a": 9, "b": 6, "c": 0}, 5, [Line(("a", "b", "c"))]) == {"c": TOO_FEW}


def test_it_keeps_hiding_until_no_row_or_column_gives_a_cell_away() -> None:
    # Rows share people, so hiding (x, q) for the column forces a second cell in row x.
    sizes = {("x", "p"): 2, ("y", "p"): 6, ("x", "q"): 6, ("x", "r"): 7, ("y", "q"): 8}
    lines = [
        Line((("x", "p"), ("y", "p"))),
        Line((("x", "p"), ("x", "q"), ("x", "r")), separate_people=False),
    ]
    hidden = hide_cells(sizes, 5, lines)
    assert hidden == {("x", "p"): TOO_FEW, ("y", "p"): PROTECTS, ("x", "q"): PROTECTS}


def test_a_suppressed_value_says_why_without_the_number_it_hides() -> None:
    hidden = Suppressed(TOO_FEW, 5)
    assert hidden.message == "fewer than 5 responses"
    assert set(hidden.__slots__) == {"reason", "n_below"}


@pytest.mark.parametrize("threshold", [0, 1, 2])
def test_a_round_refuses_a_threshold_below_three(threshold: int) -> None:
    with pytest.raises(ValueError, match="use 3 or more"):
        RoundData("r1", "March", questionnaire(), (), threshold=threshold)


def test_comments_are_hidden_until_the_round_reaches_k() -> None:
    comments = [Comment(None, "We were heard")]
    assert shown_comments("r1", 4, 5, comments) == Suppressed(TOO_FEW, 5)
    assert shown_comments("r1", 5, 5, comments) == tuple(comments)


def test_comments_keep_one_shuffled_order_per_round_whatever_order_people_answered_in() -> None:
    comments = [Comment(None, f"story {i}") for i in range(20)]
    first = shown_comments("r1", 20, 5, comments)
    assert first == shown_comments("r1", 20, 5, comments[::-1])
    assert first != tuple(sorted(comments, key=lambda c: c.text))
    assert first != shown_comments("r2", 20, 5, comments)
