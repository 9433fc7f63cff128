"""Answering together in a room: a code to type from the screen, and when to reveal."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L: the code is read off a screen across a room.
CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def room_code() -> str:
    """Make a short code people can type from the shared screen."""
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def answered_in_room(submitted_now: int, submitted_before: int) -> int:
    """Count the answers sent since the session began."""
    return max(0, submitted_now - submitted_before)


def ready_to_reveal(answered: int, expected: int) -> bool:
    """Say whether everyone expected in the room has answered."""
    return expected > 0 and answered >= expected
