"""Print how many bytes each kind of respondent page sends, compressed as a server would.

    python bench/page_weight.py

Builds the demo in a temporary SQLite database, walks the respondent pages
with Flask's test client (the demo partnership's open round, the team's
health check and a listening-ladder round) and prints, for each kind of page,
the gzip size of its HTML and of everything it loads (stylesheets, scripts,
images). A question page with what it loads must stay within 50 KB, and no
page may load anything from another host. tests/respond/test_page_weight.py
holds the budget.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

BUDGET = 50 * 1024
# Anything the browser fetches by itself when the page loads.
LOADED = re.compile(r'<(?:link|script|img|source|iframe)\b[^>]*?\b(?:href|src)="([^"]+)"')
RADIO = re.compile(r'name="((?:q-|perspective|partner)[^"]*)" type="radio" value="([^"]+)"')
TOKENS = {"partnership": "weight-partnership", "team": "weight-team", "ladder": "weight-ladder"}


@dataclass(frozen=True)
class Weight:
    page: str
    html: int
    loaded: int
    foreign: tuple[str, ...]

    @property
    def total(self) -> int:
        return self.html + self.loaded


def gzip_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6))


def weigh(client: FlaskClient, name: str, url: str) -> Weight:
    """Weigh one page and everything it loads from this site."""
    page = client.get(url)
    assert page.status_code in (200, 403, 404, 410), (url, page.status_code)
    html = page.get_data(as_text=True)
    loaded, foreign = 0, []
    for reference in sorted(set(LOADED.findall(html))):
        parts = urlsplit(reference)
        if parts.scheme == "data":
            continue
        if parts.netloc and parts.netloc != "localhost":
            foreign.append(reference)
            continue
        # Static files are streamed from disk; closing the response closes the file.
        with client.get(parts.path) as fetched:
            loaded += gzip_size(fetched.data)
    return Weight(name, gzip_size(page.data), loaded, tuple(foreign))


def prepare_rounds() -> None:
    """Open the demo's rounds today under known links, and add a listening-ladder round."""
    from toolkit.core.tokens import hash_token
    from toolkit.storage.db import db
    from toolkit.storage.models import Group, GroupKind, Round, RoundStatus
    from toolkit.storage.questionnaire_store import available_questionnaire, pin

    today = date.today()
    for kind, name in ((GroupKind.PARTNERSHIP, "partnership"), (GroupKind.TEAM, "team")):
        group = db.session.scalar(select(Group).where(Group.kind == kind))
        assert group is not None, "load the demo first"
        latest = group.rounds[-1]
        latest.status, latest.opens_on = RoundStatus.OPEN, today
        latest.closes_on = today + timedelta(days=14)
        latest.shared_token_hash = hash_token(TOKENS[name])
    partnership = db.session.scalar(select(Group).where(Group.kind == GroupKind.PARTNERSHIP))
    questionnaire, source = available_questionnaire("listening-ladder")
    db.session.add(
        Round(
            group=partnership,
            questionnaire_version=pin(questionnaire, source),
            title="Listening ladder",
            opens_on=today,
            closes_on=today + timedelta(days=14),
            status=RoundStatus.OPEN,
            perspective_keys="community",
            shared_token_hash=hash_token(TOKENS["ladder"]),
        )
    )
    db.session.commit()


def page_kind(response_id: int, path: str) -> str:
    """Name a question page by the kinds of question on it, e.g. "question page: ladder"."""
    from toolkit.core.answering import section_named
    from toolkit.storage.db import db
    from toolkit.storage.models import Response
    from toolkit.storage.questionnaire_store import questionnaire_of

    response = db.session.get(Response, response_id)
    assert response is not None
    questionnaire = questionnaire_of(response.round.questionnaire_version)
    section = section_named(questionnaire, path.rsplit("/", 1)[-1])
    assert section is not None
    kinds = sorted(
        {questionnaire.scale_for(item).kind.value for item in section.items if item.is_scored}
    )
    return "question page: " + ", ".join(kinds or ["stories only"])


def walk(app: Flask, token: str, weights: dict[str, Weight]) -> None:
    """Answer one round from its landing page to its thank-you page, weighing each page."""
    client = app.test_client()
    keep(weights, weigh(client, "landing", f"/s/{token}"))
    url = client.post(f"/s/{token}").location
    with client.session_transaction() as session:
        response_id = session["answering"]
    while url.startswith("/answer/page/") or url == "/answer/about-you":
        name = "about you" if url == "/answer/about-you" else page_kind(response_id, url)
        weight = weigh(client, name, url)
        keep(weights, weight)
        html = client.get(url).get_data(as_text=True)
        chosen: dict[str, str] = {}
        for field, value in RADIO.findall(html):
            chosen.setdefault(field, value)
        url = client.post(url, data=chosen).location
    keep(weights, weigh(client, "check answers", "/answer/check"))
    keep(weights, weigh(client, "save and come back later", "/answer/later"))
    client.post("/answer/check")
    keep(weights, weigh(client, "thank you", "/answer/sent"))
    keep(weights, weigh(client, "link not working", "/s/no-such-link"))


def keep(weights: dict[str, Weight], weight: Weight) -> None:
    """Keep the heaviest page of each kind."""
    if weight.page not in weights or weights[weight.page].total < weight.total:
        weights[weight.page] = weight


def measure(app: Flask) -> dict[str, Weight]:
    """Weigh every kind of respondent page; the demo must already be loaded."""
    prepare_rounds()
    weights: dict[str, Weight] = {}
    for token in TOKENS.values():
        walk(app, token, weights)
    return weights


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="page-weight-"))
    os.environ.setdefault("INSTANCE_PATH", str(folder))
    os.environ.setdefault("SECRET_KEY", "page-weight-benchmark-secret-key-long-enough")
    from flask_migrate import upgrade

    from toolkit import create_app
    from toolkit.services.demo import create_demo

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'weight.sqlite'}",
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "localhost",
        }
    )
    with app.app_context():
        upgrade()
        create_demo()
        weights = measure(app)
        with app.test_client().get("/static/css/toolkit.css") as fetched:
            css = fetched.data
    print(f"{'page':<42}{'HTML':>9}{'loads':>9}{'total':>9}")
    for weight in sorted(weights.values(), key=lambda w: w.page):
        flag = "" if weight.total <= BUDGET else "  OVER 50 KB"
        print(f"{weight.page:<42}{weight.html:>9,}{weight.loaded:>9,}{weight.total:>9,}{flag}")
        for reference in weight.foreign:
            print(f"    loads from another host: {reference}")
    print(f"{'CSS (toolkit.css)':<42}{gzip_size(css):>9,}")
    print("Sizes in bytes, gzip level 6. Budget for a question page with what it loads: 50 KB.")
    over = [w for w in weights.values() if w.total > BUDGET or w.foreign]
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
