"""Secret links: random tokens, stored only as hashes."""

from __future__ import annotations

import hashlib
import secrets

# 24 random bytes: 192 bits, well above the 128 that makes guessing hopeless.
TOKEN_BYTES = 24


def new_token() -> str:
    """Make a fresh token for a link."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """Return the hash under which a token is stored and looked up.

    Looking a token up by its hash means the database never holds a usable
    link and the comparison never leaks timing about the token itself.
    """
    return hashlib.sha256(token.encode()).hexdigest()
