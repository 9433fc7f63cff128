"""Signed-in sessions kept on the server, so that every one of them can be ended.

Plain functions over the database, with no Flask: the web layer keeps a session's
token in the signed cookie and asks here whether it still stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, or_, select

from toolkit.core.tokens import hash_token, new_token
from toolkit.storage.db import count_rows, db
from toolkit.storage.models import Account, AccountSession

# Seeing a session again within this long leaves its last-seen time alone, so most
# requests read the session without writing to the database.
TOUCH_EVERY = timedelta(minutes=1)


class Ended(StrEnum):
    IDLE = "idle"  # nothing happened for longer than the idle limit
    EXPIRED = "expired"  # past the absolute limit since signing in
    SIGNED_OUT = "signed-out"  # ended elsewhere: sign out everywhere, a new password


@dataclass(frozen=True)
class Limits:
    """How long a session lasts: since its last request, and since signing in."""

    idle: timedelta
    lifetime: timedelta


def start(account: Account, now: datetime) -> str:
    """Open a session for the account and return the token for its cookie."""
    token = new_token()
    db.session.add(
        AccountSession(
            account_id=account.id, token_hash=hash_token(token), started_at=now, last_seen_at=now
        )
    )
    return token


def check(token: str, limits: Limits, now: datetime) -> AccountSession | Ended:
    """Return the session a token opens, or why it no longer does (ending it if it lapsed)."""
    found = db.session.scalar(
        select(AccountSession).where(AccountSession.token_hash == hash_token(token))
    )
    if found is None:
        return Ended.SIGNED_OUT
    if now - found.started_at > limits.lifetime:
        ended = Ended.EXPIRED
    elif now - found.last_seen_at > limits.idle:
        ended = Ended.IDLE
    else:
        if now - found.last_seen_at > TOUCH_EVERY:
            found.last_seen_at = now
        return found
    db.session.delete(found)
    return ended


def end(token: str) -> None:
    """End one session: the browser that holds this token is signed out."""
    db.session.execute(delete(AccountSession).where(AccountSession.token_hash == hash_token(token)))


def end_all(account: Account, keep: str | None = None) -> None:
    """End every session of an account, except the one with the token ``keep``."""
    condition = AccountSession.account_id == account.id
    if keep is not None:
        condition = condition & (AccountSession.token_hash != hash_token(keep))
    db.session.execute(delete(AccountSession).where(condition))


def count(account: Account) -> int:
    """Count the browsers signed in to an account."""
    return count_rows(AccountSession, AccountSession.account_id == account.id)


def forget_lapsed(limits: Limits, now: datetime) -> None:
    """Delete sessions past either limit, which nobody can use any more."""
    db.session.execute(
        delete(AccountSession).where(
            or_(
                AccountSession.last_seen_at < now - limits.idle,
                AccountSession.started_at < now - limits.lifetime,
            )
        )
    )
