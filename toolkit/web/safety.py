"""Safety for every request: headers, rate limits, friendly error pages and quiet logs."""

from __future__ import annotations

import logging
import re

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_limiter import ApplicationLimit, RateLimitExceeded
from markupsafe import Markup
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.wrappers import Response

from toolkit.web.headers import security_headers
from toolkit.web.limits import RouteLimit, by_address, by_email_and_address, make_limiter

# Respondent links start with these; their token is in the address.
LINK_PREFIXES = ("/r/", "/s/", "/resume/", "/join/")
# Every page whose address holds a secret token: never cached, a wrong one counted.
TOKEN_PREFIXES = (*LINK_PREFIXES, "/invited/", "/reset-password/")
API_PREFIX = "/api/"

# Wrong passwords for one account from one address: each window is longer than the one
# before, so a guesser soon waits an hour between tries, while the owner signing in from
# anywhere else is never held up.
WRONG_PASSWORDS = "5 per minute;10 per 15 minutes;20 per hour;50 per day"
# Wrong passwords from one address across accounts: trying one password on many
# accounts. High enough for a whole office behind one address.
WRONG_PASSWORDS_FROM_ONE_PLACE = "100 per hour"
PASSWORD_CHANGES = "10 per 15 minutes"
RESET_REQUESTS = "10 per 15 minutes"
RESET_REQUESTS_FOR_ONE_ACCOUNT = "5 per hour"
# Posts to a password or invitation link that do not succeed.
LINK_ANSWERS = "20 per 15 minutes"
# Answer links are 192-bit secrets and room codes are short-lived, so guessing is
# hopeless; this is defence in depth, high enough that a room whose people mistype the
# code from one office address is never refused.
WRONG_LINKS = "100 per 10 minutes;300 per hour"
# Valid link pages: a whole room may answer from one office address at once.
LINK_PAGES = "1200 per minute"


def _failed(response: Response) -> bool:
    # A right password, a new password set and an invitation answered all redirect.
    return response.status_code != 302


def _wrong_link(response: Response) -> bool:
    return response.status_code == 404


def _not_a_token_page() -> bool:
    return not request.path.startswith(TOKEN_PREFIXES)


def _not_a_link_page() -> bool:
    return not request.path.startswith(LINK_PREFIXES)


ROUTE_LIMITS = [
    RouteLimit("auth.sign_in", WRONG_PASSWORDS, by_email_and_address, _failed),
    RouteLimit("auth.sign_in", WRONG_PASSWORDS_FROM_ONE_PLACE, by_address, _failed),
    RouteLimit("account.change_password", PASSWORD_CHANGES, by_address),
    RouteLimit("auth.reset_password", RESET_REQUESTS, by_address),
    RouteLimit("auth.reset_password", RESET_REQUESTS_FOR_ONE_ACCOUNT, by_email_and_address),
    RouteLimit("auth.choose_password", LINK_ANSWERS, by_address, _failed),
    RouteLimit("joining.invited", LINK_ANSWERS, by_address, _failed),
]
APPLICATION_LIMITS = [
    ApplicationLimit(
        WRONG_LINKS,
        key_function=by_address,
        scope="wrong-link",
        exempt_when=_not_a_token_page,
        deduct_when=_wrong_link,
    ),
    ApplicationLimit(
        LINK_PAGES, key_function=by_address, scope="link-page", exempt_when=_not_a_link_page
    ),
]

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
    # Only personal links' CSV and sheet, made from the page that showed new links.
    410: (
        _l("These links can no longer be printed or downloaded"),
        _l(
            "A list of new links can be printed or downloaded from the page that showed them, "
            "for a day. The links themselves still work. If someone has lost theirs, make a new "
            "one for them."
        ),
    ),
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
    """Attach headers, error pages and log filtering to the app."""
    app.after_request(_add_headers)
    for code in ERRORS:
        app.register_error_handler(code, _error_page)
    quiet_request_logs()


def limit_requests(app: Flask) -> None:
    """Put the rate limits on the app's views, once every blueprint is registered."""
    app.extensions["toolkit_limiter"] = make_limiter(app, ROUTE_LIMITS, APPLICATION_LIMITS)


def _add_headers(response: Response) -> Response:
    headers = security_headers(
        https=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        style_inline=bool(g.get("csp_style_inline")),
    )
    for name, value in headers.items():
        response.headers.setdefault(name, value)
    if request.path.startswith(TOKEN_PREFIXES):
        # Answers in progress, and pages reached by a secret link, must not linger in a
        # shared computer's cache.
        response.headers["Cache-Control"] = "no-store"
    # Every other page and download (results, links, exports) stays out of shared caches
    # too; static files set their own long lifetimes.
    response.headers.setdefault("Cache-Control", "private, no-store")
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
    if isinstance(error, RateLimitExceeded):
        message = _waiting(error)
    if request.path.startswith(API_PREFIX):
        # The API answers in JSON, in the shape of its own errors, whatever refused the request.
        return jsonify(error=str(title), detail=str(message)), code, headers
    page = render_template("errors/error.html", title=title, message=message, code=code)
    return page, code, headers


def _waiting(error: RateLimitExceeded) -> str:
    """Say how long to wait at most: the window of the limit that was reached."""
    minutes = max(1, -(-error.limit.limit.get_expiry() // 60))
    if request.endpoint == "auth.sign_in":
        return ngettext(
            "There have been too many wrong passwords from here. Wait up to %(num)d minute "
            "and try again, or choose a new password if you have forgotten it.",
            "There have been too many wrong passwords from here. Wait up to %(num)d minutes "
            "and try again, or choose a new password if you have forgotten it.",
            minutes,
        )
    return ngettext(
        "There have been too many attempts from here. Wait up to %(num)d minute and try again.",
        "There have been too many attempts from here. Wait up to %(num)d minutes and try again.",
        minutes,
    )


class WithoutQueryOrToken(logging.Filter):
    """Drop query strings and respondent tokens from request log lines."""

    _query = re.compile(r"\?[^\s\"]*")
    _token = re.compile(r"(/(?:r|s|resume|join|invited|reset-password)/)[^/\s\"?]+")

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
