"""Print the bytes a first visit to a group's results page sends, as the toolkit serves it.

    python bench/results_weight.py

Loads the demo into a temporary SQLite database, serves the toolkit on a local
port with Werkzeug (as ``toolkit serve`` does, with nothing in front), signs in
as the demo facilitator and fetches the demo partnership's results page and
every stylesheet, script and font it loads, asking for ``Accept-Encoding: br,
gzip`` as browsers do. Each figure is the bytes that actually came over the
wire; beside it, the same visit asking for no compression, as a baseline from
the same run. tests/results/test_results_weight.py holds the budget.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

# Budgets for a first visit, in bytes sent.
PAGE_BUDGET = 400 * 1024
STYLESHEET_BUDGET = 20 * 1024
BROWSER = "br, gzip"
# Anything the browser fetches by itself when the page loads, and fonts named by stylesheets
# (other images in a stylesheet are fetched only for elements a page has).
LOADED = re.compile(r'<(?:link|script|img|source)\b[^>]*?\b(?:href|src)="([^"]+)"')
FONT_FACE = re.compile(r"@font-face\s*{[^}]*}")
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


@dataclass(frozen=True)
class Sent:
    """One response of the visit: what was asked for and what came back."""

    url: str
    size: int
    encoding: str
    cache_control: str
    content_type: str


def fetch(
    browser: urllib.request.OpenerDirector, url: str, accept: str = BROWSER
) -> tuple[Sent, bytes]:
    """Ask for ``url`` as a browser would, and keep the body exactly as it was sent."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept})
    with browser.open(request, timeout=30) as answer:
        body = answer.read()
        headers = answer.headers
    sent = Sent(
        url=url,
        size=len(body),
        encoding=headers.get("Content-Encoding", ""),
        cache_control=headers.get("Cache-Control", ""),
        content_type=headers.get("Content-Type", ""),
    )
    return sent, body


def decoded(body: bytes, encoding: str) -> bytes:
    """Undo the compression a response was sent with."""
    if encoding == "br":
        import brotli

        return bytes(brotli.decompress(body))
    if encoding == "gzip":
        import gzip

        return gzip.decompress(body)
    return body


def first_visit(
    browser: urllib.request.OpenerDirector, url: str, accept: str = BROWSER
) -> list[Sent]:
    """Fetch a page and everything it loads from this site, each once."""
    page, body = fetch(browser, url, accept)
    visit = [page]
    html = decoded(body, page.encoding).decode()
    waiting = [urljoin(url, found) for found in LOADED.findall(html)]
    seen = {url}
    while waiting:
        address = waiting.pop(0)
        if address in seen or urlsplit(address).scheme == "data":
            continue
        seen.add(address)
        sent, body = fetch(browser, address, accept)
        visit.append(sent)
        if "text/css" in sent.content_type:
            css = decoded(body, sent.encoding).decode()
            for face in FONT_FACE.findall(css):
                waiting += [urljoin(address, found) for found in CSS_URL.findall(face)]
    return visit


def main() -> int:
    # Run as a script from anywhere: the toolkit's tests hold the live-server helper.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    folder = Path(tempfile.mkdtemp(prefix="results-weight-"))
    os.environ.setdefault("INSTANCE_PATH", str(folder))
    os.environ.setdefault("SECRET_KEY", "results-weight-benchmark-secret-key-long-enough")
    from flask_migrate import upgrade
    from sqlalchemy import select

    from tests.live import served, signed_in
    from toolkit import create_app
    from toolkit.services.demo import DEMO_EMAIL, DEMO_PASSWORD, create_demo
    from toolkit.storage.db import db
    from toolkit.storage.models import Group, GroupKind

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'weight.sqlite'}"})
    with app.app_context():
        upgrade()
        create_demo()
        partnership = db.session.scalar(select(Group).where(Group.kind == GroupKind.PARTNERSHIP))
        assert partnership is not None
        with served(app) as address:
            browser = signed_in(address, DEMO_EMAIL, DEMO_PASSWORD)
            page = f"{address}/groups/{partnership.id}/results"
            visit = first_visit(browser, page)
            plain = first_visit(browser, page, "identity")
    print(f"{'response':<52}{'sent':>10}{'unpacked':>11}  encoding  cache")
    for sent, whole in zip(visit, plain, strict=True):
        path = urlsplit(sent.url).path
        print(
            f"{path:<52}{sent.size:>10,}{whole.size:>11,}  {sent.encoding or '-':<8}  "
            f"{sent.cache_control}"
        )
    total, baseline = sum(s.size for s in visit), sum(s.size for s in plain)
    print(f"{'first visit, in all':<52}{total:>10,}{baseline:>11,}  budget {PAGE_BUDGET:,}")
    print(f"sent {total / baseline:.1%} of the uncompressed bytes")
    return 0 if total <= PAGE_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
