"""Static files and page compression for the app, so no proxy is needed in front.

Static files are sent by WhiteNoise (see ``toolkit.static_files``) before Flask
sees the request; pages are compressed by Flask-Compress as they leave.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, url_for

from toolkit.extensions import compress
from toolkit.security.headers import security_headers
from toolkit.static_files import StaticFiles, assets

COMPRESSION = {
    # Downloads stream as they are written and must reach the reader unaltered; pages
    # are small and whole.
    "COMPRESS_STREAMS": False,
    "COMPRESS_ALGORITHM": ["br", "gzip"],
}


def init_app(app: Flask) -> None:
    """Serve static files with versioned names, and compress pages."""
    for key, value in COMPRESSION.items():
        app.config.setdefault(key, value)
    compress.init_app(app)
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
