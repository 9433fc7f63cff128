"""What each step of one respondent's journey costs, in-process: SQL statements and time.

Builds the demo in a fresh SQLite file, then sends respondents one after
another through the demo's open round with Flask's test client (no network,
no server): open the shared link, start, about you, every question page,
the check page, send. Each request is timed on its own (redirects are
followed one hop at a time) and the SQL statements it sends are counted.
A static file served by the same app is the baseline: what a request costs
before any of the respondent's own work.

    python bench/respond_costs.py                  # 15 respondents
    python bench/respond_costs.py --respondents 40 --profile "save page"

Prints, per step, the statements each request sent, the median and fastest
milliseconds, and the median milliseconds of this process's CPU, with the ratio
of that CPU to the static file's. CPU time is the steadier figure on a shared
machine: other work lengthens a request's wall time but not its CPU.
``--profile STEP`` adds the statements of that step's last request, and
cProfile's top functions for that step.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from werkzeug.datastructures import MultiDict

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_test import kind_of, respondent_address
from bench.respondent import Page, finish, start

SHARED_TOKEN = "bench-shared-link"
# The most SQL statements showing a question page, and saving one, may send: the
# response with its round, group and questionnaire; its partners, answers and stories;
# and, when saving, the answers and stories written. tests/respond/test_statement_budget.py.
BUDGET = {"show page": 4, "save page": 6}
MOST_REDIRECTS = 5


@contextmanager
def counting_statements(engine: Engine) -> Iterator[list[str]]:
    """Collect the SQL statements sent through the engine while the block runs."""
    sent: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", note)


@dataclass
class Costs:
    """Every request's statements and seconds, by step."""

    statements: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    cpu_seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    profiled: str | None = None
    last_sent: dict[str, list[str]] = field(default_factory=dict)
    profile: cProfile.Profile = field(default_factory=cProfile.Profile)


# Send one request without following redirects: (method, address, form) -> (status,
# where a redirect goes, body). Flask's test client here; a real HTTP client in the tests.
Send = Callable[[str, str, list[tuple[str, str]] | None], tuple[int, str | None, str]]


def in_process_sender(app: Flask, address: str) -> Send:
    """Send through Flask's test client, as a respondent on their own phone at ``address``."""
    client: FlaskClient = app.test_client()
    # Each respondent has their own address: the rate limits count them apart, as in real use.
    client.environ_base["REMOTE_ADDR"] = address

    def send(
        method: str, url: str, data: list[tuple[str, str]] | None
    ) -> tuple[int, str | None, str]:
        parts = urlsplit(url)
        where = parts.path + (f"?{parts.query}" if parts.query else "")
        reply = client.open(where, method=method, data=MultiDict(data or []))
        return reply.status_code, reply.headers.get("Location"), reply.get_data(as_text=True)

    return send


class CountingBrowser:
    """A respondent's browser that counts and times every request, by step."""

    def __init__(self, send: Send, engine: Engine, costs: Costs) -> None:
        self.send = send
        self.engine = engine
        self.costs = costs

    def get(self, url: str) -> Page:
        return self._send("GET", url, None)

    def post(self, url: str, data: list[tuple[str, str]]) -> Page:
        return self._send("POST", url, data)

    def _send(self, method: str, url: str, data: list[tuple[str, str]] | None) -> Page:
        for _ in range(MOST_REDIRECTS):
            path = urlsplit(url)
            step = kind_of(method, path.path)
            if path.path.startswith("/static/"):
                step = "static file"
            elif path.path.startswith("/answer/about-you"):
                step = "about you, " + ("show" if method == "GET" else "save")
            profiling = step == self.costs.profiled
            with counting_statements(self.engine) as sent:
                if profiling:
                    self.costs.profile.enable()
                began, cpu_began = time.perf_counter(), time.process_time()
                status, location, body = self.send(method, url, data)
                seconds = time.perf_counter() - began
                cpu_seconds = time.process_time() - cpu_began
                if profiling:
                    self.costs.profile.disable()
            self.costs.statements[step].append(len(sent))
            self.costs.last_sent[step] = sent
            self.costs.seconds[step].append(seconds)
            self.costs.cpu_seconds[step].append(cpu_seconds)
            if status not in {301, 302, 303} or location is None:
                return Page(url, status, body)
            method, data, url = "GET", None, urljoin(url, location)
        raise RuntimeError(f"more than {MOST_REDIRECTS} redirects from {url}")


def demo_app(folder: Path) -> Flask:
    """A migrated app on a fresh SQLite file holding the demo, its open round at a known link."""
    os.environ["INSTANCE_PATH"] = str(folder)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-use")
    from flask_migrate import upgrade

    from toolkit.app import create_app
    from toolkit.core.tokens import hash_token
    from toolkit.services.demo import create_demo
    from toolkit.storage.db import db
    from toolkit.storage.models import Round, RoundStatus

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'toolkit.sqlite'}"})
    with app.app_context():
        upgrade()
        create_demo()
        found = db.session.scalar(select(Round).where(Round.status == RoundStatus.OPEN))
        assert found is not None
        found.shared_token_hash = hash_token(SHARED_TOKEN)
        found.opens_on = date.today() - timedelta(days=7)
        found.closes_on = date.today() + timedelta(days=14)
        db.session.commit()
    return app


def static_path(app: Flask) -> str:
    with app.test_request_context():
        from flask import url_for

        return url_for("static", filename="toolkit.css")


def measure(app: Flask, respondents: int, profiled: str | None, first: int = 0) -> Costs:
    from toolkit.storage.db import db

    costs = Costs(profiled=profiled)
    with app.app_context():
        engine = db.engine
    stylesheet = static_path(app)
    for number in range(respondents):
        send = in_process_sender(app, respondent_address(number + first))
        browser = CountingBrowser(send, engine, costs)
        browser.get(stylesheet)
        finish(browser, start(browser, f"/s/{SHARED_TOKEN}"))
    return costs


ORDER = [
    "static file",
    "open link",
    "start",
    "about you, show",
    "about you, save",
    "show page",
    "save page",
    "review",
    "submit",
    "thank-you",
]


def report(costs: Costs) -> None:
    baseline = statistics.median(costs.cpu_seconds["static file"])
    headings = f"{'requests':>9}{'statements':>12}{'median ms':>11}{'fastest':>9}"
    headings += f"{'CPU ms':>8}{'× static':>10}"
    print(f"{'step':<18}{headings}")
    for step in ORDER + sorted(set(costs.seconds) - set(ORDER)):
        if step not in costs.seconds:
            continue
        seconds = costs.seconds[step]
        counts = sorted(set(costs.statements[step]))
        shown = str(counts[0]) if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
        cpu = statistics.median(costs.cpu_seconds[step])
        print(
            f"{step:<18}{len(seconds):>9}{shown:>12}{statistics.median(seconds) * 1000:>11.2f}"
            f"{min(seconds) * 1000:>9.2f}{cpu * 1000:>8.2f}{cpu / baseline:>10.1f}"
        )
    if costs.profiled:
        print(f"\nStatements of the last '{costs.profiled}':")
        for statement in costs.last_sent[costs.profiled]:
            print("  " + " ".join(statement.split())[:150])
        out = io.StringIO()
        pstats.Stats(costs.profile, stream=out).sort_stats("cumulative").print_stats(30)
        print(f"\ncProfile of '{costs.profiled}', by cumulative time:\n{out.getvalue()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--respondents", type=int, default=15)
    parser.add_argument("--profile", metavar="STEP", choices=ORDER, help=", ".join(ORDER))
    arguments = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        app = demo_app(Path(folder))
        # One journey first, so every step is timed warm (templates compiled, questionnaire read).
        measure(app, 1, None)
        report(measure(app, arguments.respondents, arguments.profile, first=1))


if __name__ == "__main__":
    main()
