"""Static files: names that change with their content, compressed once, served by WhiteNoise.

Each file in ``toolkit/static`` is offered at two addresses: its own name (cached
for a minute, for anything outside that links to it) and a versioned name
carrying a hash of its content, such as ``css/toolkit.3f9c0a1b2d4e.css``, which
browsers may keep for a year because a new version gets a new name. Pages link
to the versioned name through ``static_url``.

The gzip and Brotli copies are made ahead of time by ``python -m
toolkit.web.static_files`` (run by ``assets/build.sh``) and committed, so the server
never compresses a static file per request. A copy's name carries the hash of
the file it was made from, so a file edited since is sent uncompressed, never
stale; ``tests/test_static_files.py`` fails until the copies are made again.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from wsgiref.headers import Headers

from whitenoise import WhiteNoise
from whitenoise.compress import Compressor
from whitenoise.responders import StaticFile

from toolkit.paths import PACKAGE_DIR

STATIC_DIR = PACKAGE_DIR / "static"
HASH_LENGTH = 12
# A minute for the plain names: long enough to spare repeat requests on one page,
# short enough that a new release is seen at once.
PLAIN_MAX_AGE = 60
# A year, the most RFC 9111 asks caches to honour; WhiteNoise would say ten.
A_YEAR = 365 * 24 * 3600
ENCODINGS = {"br": ".br", "gzip": ".gz"}
COPY = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}(?:\.[^./]+)?\.(?:br|gz)$")


@dataclass(frozen=True)
class Asset:
    """One static file: where it is, its name under the folder, and its versioned name."""

    path: Path
    name: str
    versioned: str

    def copy(self, encoding: str) -> Path:
        """Where this version's compressed copy in ``encoding`` is kept."""
        return self.path.parent / (PurePosixPath(self.versioned).name + ENCODINGS[encoding])


def versioned_name(name: str, content: bytes) -> str:
    """Put a hash of the content before the extension: ``a/b.css`` -> ``a/b.<hash>.css``."""
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def assets(folder: Path = STATIC_DIR) -> Iterator[Asset]:
    """Every file to serve from ``folder``, leaving out the compressed copies."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not COPY.search(path.name):
            name = path.relative_to(folder).as_posix()
            yield Asset(path, name, versioned_name(name, path.read_bytes()))


def compress(folder: Path = STATIC_DIR) -> list[Path]:
    """Make the gzip and Brotli copies of every file, and remove copies of old versions."""
    compressor = Compressor(quiet=True)
    wanted: set[Path] = set()
    for asset in assets(folder):
        if not compressor.should_compress(asset.name):
            continue
        data = asset.path.read_bytes()
        made = {
            "br": compressor.compress_brotli(data),
            "gzip": compressor.compress_gzip(data),
        }
        for encoding, body in made.items():
            # Worth keeping only if it saves something; WhiteNoise's own rule.
            if compressor.is_compressed_effectively(encoding, asset.name, len(data), body):
                target = asset.copy(encoding)
                if not target.exists() or target.read_bytes() != body:
                    target.write_bytes(body)
                wanted.add(target)
    old = [path for path in folder.rglob("*") if COPY.search(path.name) and path not in wanted]
    for path in old:
        path.unlink()
    return sorted(wanted)


class StaticFiles(WhiteNoise):  # type: ignore[misc]
    """WhiteNoise serving each asset at its plain and its versioned name."""

    FOREVER = A_YEAR

    def __init__(
        self,
        application: Any,
        prefix: str,
        found: list[Asset],
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(application, max_age=PLAIN_MAX_AGE)
        self.versioned_urls = {prefix + asset.versioned for asset in found}
        # Sent with every file too, since these responses never pass through Flask.
        self.extra_headers = headers or {}
        for asset in found:
            encodings = {
                encoding: str(asset.copy(encoding))
                for encoding in ENCODINGS
                if asset.copy(encoding).exists()
            }
            for url in (prefix + asset.name, prefix + asset.versioned):
                sent = self._headers(str(asset.path), url)
                self.files[url] = StaticFile(str(asset.path), sent, encodings=encodings)

    def _headers(self, path: str, url: str) -> list[tuple[str, str]]:
        headers = Headers([])
        self.add_mime_headers(headers, path, url)
        self.add_cache_headers(headers, path, url)
        for name, value in self.extra_headers.items():
            headers[name] = value
        return headers.items()

    def immutable_file_test(self, path: str, url: str) -> bool:
        return url in self.versioned_urls


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else STATIC_DIR
    for written in compress(folder):
        print(written.relative_to(folder))
