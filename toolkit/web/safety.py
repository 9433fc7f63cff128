"""Safety for every request: headers, rate limits, friendly error pages and quiet logs."""

from __future__ import annotations

import logging
import re

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from werkzeug.exceptions import HTTPException, SecurityError, TooManyRequests
from werkzeug.wrappers import Response

from toolkit.security.headers import security_headers
from toolkit.security.limits import Limit, RateLimiter, counter_for

# Generous: a whole room may answer from one office address at once.
# Links are 192-bit secrets, so guessing is hopeless; the limits are defence in depth.
# Wrong links are what a guesser produces, so they are limited tightly. Valid link
# pages are limited loosely: a whole room may answer from one office address at once.
WRONG_LINKS = Limit(20, 10 * 60)
LINK_PAGES = Limit(1200, 60)
SIGN_IN_PER_ADDRESS = Limit(20, 15 * 60)
SIGN_IN_PER_EMAIL = Limit(10, 15 * 60)
PASSWORD_LINKS = Limit(10, 15 * 60)
API_PREFIX = "/api/"
# Respondent links start with these; their token is in the address.
LINK_PREFIXES = ("/r/", "/s/", "/resume/", "/join/")
LIMITED_ENDPOINTS = {
    "auth.sign_in": SIGN_IN_PER_ADDRESS,
    "auth.reset_password": PASSWORD_LINKS,
    "auth.choose_password": PASSWORD_LINKS,
}

ERRORS = {
    400: (
        _l("Something went wrong with that form"),
        _l("The page may have been open for a long time. Go back, reload the page and try again."),
    ),
    403: (_l("You cannot do that"), _l("Ask an admin of your organisation if you need to.")),
    404: (
        _l("Page not found"),
        _l(
            "Check the address, or the link may have been closed. If you followed a link to answer "
            "a check, ask the person who sent it for a new one."
        ),
    ),
    405: (_l("Page not found"), _l("Check the address and try again.")),
    413: (_l("That file is too large"), _l("Choose a file smaller than 2 MB and try again.")),
    429: (
        _l("Please wait a moment"),
        _l("There have been too many attempts from here. Wait a few minutes and try again."),
    ),
    500: (
        _l("Sorry, something went wrong"),
        _l("Nothing you entered has been shared. Please try again later."),
    ),
}

# A request naming a host other than BASE_URL's: an attack, or a proxy set up to pass another.
WRONG_HOST = (
    _l("This is not the toolkit's address"),
    _l(
        "This toolkit answers only at its own address. Check the address you typed; if it is "
        "right, ask whoever runs the toolkit to check its BASE_URL setting."
    ),
)


def init_app(app: Flask) -> None:
    """Attach headers, rate limits, error pages and log filtering to the app."""
    app.extensions["rate_limiter"] = RateLimiter(
        counter_for(app.config.get("REDIS_URL")), app.config["SECRET_KEY"]
    )
    app.before_request(_limit_rate)
    app.after_request(_add_headers)
    for code in ERRORS:
        app.register_error_handler(code, _error_page)
    quiet_request_logs()


def limiter() -> RateLimiter:
    return current_app.extensions["rate_limiter"]  # type: ignore[no-any-return]


def client_address() -> str:
    """Return the client's address, used only hashed as a rate-limit counter's name."""
    return request.remote_addr or "unknown"


def within_limit(purpose: str, who: str, limit: Limit) -> None:
    """Count an attempt and stop the request with a 429 when over the limit."""
    if not limiter().allows(purpose, who, limit):
        raise TooManyRequests(retry_after=limit.seconds)


def _limit_rate() -> None:
    if request.path.startswith(LINK_PREFIXES):
        if limiter().used_up("wrong-link", client_address(), WRONG_LINKS):
            raise TooManyRequests(retry_after=WRONG_LINKS.seconds)
        within_limit("link", client_address(), LINK_PAGES)
    elif request.method == "POST" and request.endpoint in LIMITED_ENDPOINTS:
        within_limit(request.endpoint, client_address(), LIMITED_ENDPOINTS[request.endpoint])


def _add_headers(response: Response) -> Response:
    headers = security_headers(
        https=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        style_inline=bool(g.get("csp_style_inline")),
    )
    for name, value in headers.items():
        response.headers.setdefault(name, value)
    if request.path.startswith(LINK_PREFIXES):
        # Answers in progress must not linger in a shared computer's cache.
        response.headers["Cache-Control"] = "no-store"
        if response.status_code == 404:
            limiter().allows("wrong-link", client_address(), WRONG_LINKS)
    return response


def _error_page(error: HTTPException) -> tuple[str | Response, int, dict[str, str]]:
    # Unexpected errors arrive here as a 500 with no detail; Flask has logged them.
    code = error.code or 500
    title, message = ERRORS.get(code, ERRORS[500])
    # Keep headers such as Retry-After and Allow.
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    if isinstance(error, SecurityError):
        # No address of this site can be built for a host that is not ours: a bare page.
        bare = Markup("<!DOCTYPE html><title>{0}</title><h1>{0}</h1><p>{1}</p>")
        return str(bare.format(*WRONG_HOST)), code, headers
    if request.path.startswith(API_PREFIX):
        # The API answers in JSON, in the shape of its own errors, whatever refused the request.
        return jsonify(error=str(title), detail=str(message)), code, headers
    page = render_template("errors/error.html", title=title, message=message, code=code)
    return page, code, headers


class WithoutQueryOrToken(logging.Filter):
    """Drop query strings and respondent tokens from request log lines."""

    _query = re.compile(r"\?[^\s\"]*")
    _token = re.compile(r"(/[rs]/)[^/\s\"?]+")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(self.clean(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = self.clean(record.msg)
        return True

    def clean(self, text: str) -> str:
        return self._token.sub(r"\1…", self._query.sub("", text))


def quiet_request_logs() -> None:
    """Keep answer text and tokens out of the development server's request log."""
    log = logging.getLogger("werkzeug")
    if not any(isinstance(f, WithoutQueryOrToken) for f in log.filters):
        log.addFilter(WithoutQueryOrToken())
