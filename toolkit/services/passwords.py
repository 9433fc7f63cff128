"""Password hashing: scrypt by default, a fast method only when tests ask for it."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

DEFAULT_METHOD = "scrypt"
# Long enough to resist guessing, short enough that people need not write it down.
SHORTEST_PASSWORD = 10

# Checked when an email matches no account, so a wrong address takes as long
# to refuse as a wrong password and sign-in does not reveal who has an account.
_STAND_IN = generate_password_hash("no account has this password", method=DEFAULT_METHOD)


def hash_password(password: str, method: str = DEFAULT_METHOD) -> str:
    """Return the salted hash to store for a password."""
    return generate_password_hash(password, method=method)


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Say whether a password matches, taking the same time when there is no account."""
    if not stored_hash:
        check_password_hash(_STAND_IN, password)
        return False
    return check_password_hash(stored_hash, password)
