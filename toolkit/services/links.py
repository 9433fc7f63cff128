"""Full addresses of this site's pages: from BASE_URL when it is set, never from a guess."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for

from toolkit.config import ConfigError


def external_url(endpoint: str, **values: Any) -> str:
    """Return the full address of a page, for showing, printing or copying."""
    base = current_app.config.get("BASE_URL")
    if base:
        return f"{base}{url_for(endpoint, **values)}"
    return url_for(endpoint, _external=True, **values)


def emailed_url(endpoint: str, **values: Any) -> str:
    """Return the full address of a page for an email: from BASE_URL only.

    The request's Host header is whatever the sender typed; a link built from it
    could send someone's password link to another site.
    """
    base = current_app.config.get("BASE_URL")
    if not base:
        raise ConfigError("Set BASE_URL to send links by email.")
    if has_request_context():
        return f"{base}{url_for(endpoint, **values)}"
    # Reminders and notices are written by `toolkit tick` or a worker, with no request.
    site = urlsplit(base)
    adapter = current_app.url_map.bind(site.netloc, url_scheme=site.scheme)
    return f"{base}{adapter.build(endpoint, values)}"
