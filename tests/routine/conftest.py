"""The demo, a facilitator signed in, and an open round to remind and repeat."""

from __future__ import annotations

from tests.rounds.conftest import demo, facilitator, open_round, partnership, team

__all__ = ["demo", "facilitator", "open_round", "partnership", "team"]
