"""Static files and page compression for the app, so no proxy is needed in front.

Static files are sent by WhiteNoise (see ``toolkit.web.static_files``) before Flask
sees the request; pages are compressed by Flask-Compress as they leave.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, request, url_for

from toolkit.web.extensions import compress
from toolkit.web.headers import security_headers
from toolkit.web.static_files import StaticFiles, assets

COMPRESSION = {
    # Downloads stream as they are written and must reach the reader unaltered; pages
    # are small and whole.
    "COMPRESS_STREAMS": False,
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    # Compressed only when it is safe to: see compress_when_safe.
    "COMPRESS_REGISTER": False,
}


def init_app(app: Flask) -> None:
    """Serve static files with versioned names, and compress pages."""
    for key, value in COMPRESSION.items():
        app.config.setdefault(key, value)
    compress.init_app(app)
    app.after_request(compress_when_safe)
    found = list(assets(Path(str(app.static_folder))))
    versions = {asset.name: asset.versioned for asset in found}
    headers = security_headers(https=bool(app.config.get("SESSION_COOKIE_SECURE")))
    app.wsgi_app = StaticFiles(  # type: ignore[method-assign]
        app.wsgi_app, prefix=f"{app.static_url_path}/", found=found, headers=headers
    )

    def static_url(filename: str) -> str:
        """The address of a static file under its versioned name."""
        return url_for("static", filename=versions[filename])

    app.jinja_env.globals["static_url"] = static_url


def compress_when_safe(response: Response) -> Response:
    """Compress a page asked for with a plain GET: no query string, no form.

    BREACH: the size of a compressed page that holds a secret (the CSRF token, a personal
    or shared link) and text chosen by someone else can tell that someone the secret, one
    character at a time, if they can watch the sizes. Without a query string or a form,
    nothing a stranger chose is echoed beside the secret, so such pages are compressed and
    the rest (refusals that keep what was typed, anything reading the query) are not. The
    API holds no secret in what it sends (its key travels in a header and is never echoed).
    """
    plain_get = request.method in ("GET", "HEAD") and not request.query_string
    if plain_get or request.blueprint == "api":
        return compress.after_request(response)
    return response
