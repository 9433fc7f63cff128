"""Which label each perspective is exported under: the scoring layer's grouping, followed."""

from __future__ import annotations

import pytest

from toolkit.opendata.rows import NO_PERSPECTIVE, shown_perspectives
from toolkit.scoring import OTHER_PERSPECTIVES

OTHER = OTHER_PERSPECTIVES


@pytest.mark.parametrize(
    ("sizes", "expected"),
    [
        ({"staff": 6, "board": 5}, {"staff": "staff", "board": "board"}),
        # Two alone would be too few, so the smallest named perspective joins them.
        (
            {"staff": 6, "board": 5, "funder": 2},
            {"staff": "staff", "board": OTHER, "funder": OTHER},
        ),
        (
            {"staff": 6, "board": 3, "funder": 3},
            {"staff": "staff", "board": OTHER, "funder": OTHER},
        ),
        # Everyone in one group would only repeat the total: no breakdown at all.
        ({"staff": 3, "board": 2}, {"staff": NO_PERSPECTIVE, "board": NO_PERSPECTIVE}),
        ({"staff": 9}, {"staff": NO_PERSPECTIVE}),
    ],
)
def test_small_perspectives_are_exported_together_or_not_at_all(
    sizes: dict[str, int], expected: dict[str, str]
) -> None:
    assert shown_perspectives(sizes, 5) == expected
