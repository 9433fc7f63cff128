"""The demo, a facilitator signed in, and an open round to remind and repeat."""

from __future__ import annotations

from tests.rounds.conftest import open_round

__all__ = ["open_round"]
