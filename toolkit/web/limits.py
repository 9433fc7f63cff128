"""Rate limits through Flask-Limiter: counted in memory, or in Redis when REDIS_URL is set.

A client's address, and an email typed into the sign-in form, are only ever used
hashed with the secret key, as part of a counter's name; counters expire with their
window, so neither is kept.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from flask import Flask, current_app, request
from flask.wrappers import Response
from flask_limiter import ApplicationLimit, Limiter

# A limit string in Flask-Limiter's notation, e.g. "5 per minute;20 per hour": several
# windows at once make the wait grow with the number of attempts.
Rule = str
Key = Callable[[], str]
Counted = Callable[[Response], bool]


def hidden(who: str) -> str:
    """Return a counter name for an address or email that does not reveal it."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, who.encode(), hashlib.sha256).hexdigest()[:32]


def client_address() -> str:
    return request.remote_addr or "unknown"


def by_address() -> str:
    """Count per client address."""
    return hidden("address:" + client_address())


def by_email_and_address() -> str:
    """Count per email typed and client address together, so guessing one account from one
    place is slowed while its owner, elsewhere, still signs in."""
    email = request.form.get("email", "").strip().lower()
    return hidden(f"email:{email}\naddress:{client_address()}")


@dataclass(frozen=True)
class RouteLimit:
    """A limit on one view's POSTs: how many, counted by what, and which answers count."""

    endpoint: str
    rule: Rule
    key: Key = by_address
    counted: Counted | None = None  # None: every attempt counts


def make_limiter(
    app: Flask, routes: Sequence[RouteLimit], application: Sequence[ApplicationLimit]
) -> Limiter:
    """Build this app's limiter and put each route limit on its view."""
    limiter = Limiter(
        key_func=by_address,
        storage_uri=app.config.get("REDIS_URL") or "memory://",
        # Each attempt is remembered for its window, so nobody gains by waiting for a
        # fixed window to turn over.
        strategy="moving-window",
        headers_enabled=True,
        application_limits=list[str | Callable[[], str] | ApplicationLimit](application),
        key_prefix="toolkit",
    )
    limiter.init_app(app)
    for limit in routes:
        view = app.view_functions[limit.endpoint]
        limited = limiter.limit(
            limit.rule,
            key_func=limit.key,
            methods=["POST"],
            deduct_when=limit.counted,
            per_method=True,
        )(view)
        app.view_functions[limit.endpoint] = cast(Any, limited)
    return limiter
