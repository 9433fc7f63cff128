"""Downloaded files: their names, written so no name can break the header that carries it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import quote

from flask import stream_with_context
from werkzeug.wrappers import Response

from toolkit.core.input_limits import without_controls

# Long enough for any name the toolkit makes; file systems allow 255 bytes.
LONGEST_NAME = 150


def _readable(filename: str) -> str:
    """Keep the name people should see, without controls, folders or a leading dot."""
    name = without_controls(filename).replace("\n", " ").replace("\r", " ").replace("\t", " ")
    name = re.sub(r"[/\\]+", "-", name).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        stem, dot, extension = name, "", ""
    return (stem[: LONGEST_NAME - len(dot + extension)] + dot + extension) or "download"


def _ascii(name: str) -> str:
    """Spell the name in plain ASCII for browsers that ignore ``filename*``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"[^A-Za-z0-9._-]+", "_", plain).strip("._")
    return plain or "download"


def attachment(filename: str) -> str:
    """Return a Content-Disposition value that downloads the file under this name.

    RFC 6266 with RFC 5987: ``filename`` is plain ASCII with nothing but letters, digits,
    dots, hyphens and underscores, so a quote or line break can never end it early;
    ``filename*`` carries the exact name, percent-encoded UTF-8, for browsers that read it.
    """
    name = _readable(filename)
    exact = quote(name, safe="!#$&+^`|")
    return f"attachment; filename=\"{_ascii(name)}\"; filename*=UTF-8''{exact}"


def private_download(body: Iterator[str] | str | bytes, mimetype: str, filename: str) -> Response:
    """Send a file to download under this name, streamed when it comes in parts."""
    streamed = body if isinstance(body, str | bytes) else stream_with_context(body)
    return Response(
        streamed,
        mimetype=mimetype,
        headers={
            "Content-Disposition": attachment(filename),
            # Nobody's answers should linger in a shared computer's cache or a proxy's.
            "Cache-Control": "private, no-store",
        },
    )
