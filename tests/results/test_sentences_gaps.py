"""Gaps between perspectives are named only where the numbers shown differ."""

from __future__ import annotations

from flask import Flask
from flask_babel import force_locale

from tests.factories import everyone_answers, round_of
from toolkit.core.scoring import build_profile
from toolkit.services.sentences import Words, gaps

WORDS = Words(
    dimensions={"trust": "trust", "power": "power"},
    items={"shared": "Decisions are shared", "say-no": "We can say no"},
    perspectives={"staff": "staff", "residents": "residents"},
)


def test_perspectives_that_score_a_dimension_alike_are_not_said_to_see_it_differently(
    app: Flask,
) -> None:
    alike = everyone_answers("staff", 5, trusted=5, hidden=1, shared=3, say_no=3)
    alike += everyone_answers("residents", 5, trusted=5, hidden=1, shared=1, say_no=1)
    (now,) = build_profile([round_of(alike)]).rounds
    with app.app_context(), force_locale("en"):
        said = gaps(now, WORDS)
    assert not any("see trust differently" in sentence for sentence in said)
    assert "Residents and staff see power differently: 0 and 50 out of 100." in said
