"""'Most say …' beside a dimension: only from shown counts, only when more than half said it."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_babel import force_locale

from toolkit.core.scoring import Suppressed, SuppressedBecause
from toolkit.core.scoring.stats import distribution
from toolkit.services.sentences import most_say

NAMES = {1: "Getting worse", 2: "Staying the same", 3: "Improving", "dont-know": "Don't know"}


@pytest.mark.parametrize(
    ("counts", "said"),
    [
        (
            {1: 1, 2: 2, 3: 7, "dont-know": 0},
            "Most say “Improving”: 7 of the 10 people who answered.",
        ),
        (
            {1: 6, 2: 2, 3: 1, "dont-know": 0},
            "Most say “Getting worse”: 6 of the 9 people who answered.",
        ),
        # Exactly half is not most.
        ({1: 0, 2: 5, 3: 5, "dont-know": 0}, None),
        # "Don't know" counts among those who answered: 5 of 10 is not most.
        ({1: 0, 2: 1, 3: 5, "dont-know": 4}, None),
        ({1: 0, 2: 0, 3: 0, "dont-know": 0}, None),
    ],
)
def test_it_says_what_most_said_only_when_more_than_half_said_it(
    app: Flask, counts: dict[int | str, int], said: str | None
) -> None:
    with app.app_context(), force_locale("en"):
        assert most_say(distribution(counts, {"dont-know"}), NAMES.__getitem__) == said


def test_it_says_nothing_of_hidden_counts(app: Flask) -> None:
    with app.app_context(), force_locale("en"):
        assert most_say(Suppressed(SuppressedBecause.TOO_FEW, 5), NAMES.__getitem__) is None
