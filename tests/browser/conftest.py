"""A live toolkit on the demo data, and Debian's Chromium driven by Playwright.

Skipped cleanly where Chromium or Playwright is missing; `.ci/run` installs both.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.conftest import TEST_SECRET
from toolkit import create_app
from toolkit.core.tokens import hash_token
from toolkit.services.demo import DEMO_EMAIL, DEMO_PASSWORD
from toolkit.storage.db import db
from toolkit.storage.models import Group, GroupKind, Response, ResponseStatus, Round, RoundStatus
from toolkit.storage.questionnaire_store import library, pin

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHARED_TOKEN = "browser-test-shared-link-token"
# Each questionnaire in the library gets an open round reached by this prefix + its id.
EVERY_QUESTIONNAIRE_TOKEN = "browser-test-questionnaire-"
USED_INVITATION_TOKEN = "browser-test-used-invitation"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A conftest's pytestmark marks nothing; this marks every test in this folder, so
    # `pytest -m browser` (or `-m "not browser"`) selects them.
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.browser)


@dataclass(frozen=True)
class LiveToolkit:
    url: str
    shared_link: str
    partnership_page: str
    database_url: str


@pytest.fixture(scope="session")
def live_toolkit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveToolkit]:
    """Serve the demo from a fresh SQLite file on a free local port."""
    folder = tmp_path_factory.mktemp("live")
    os.environ["INSTANCE_PATH"] = str(folder)
    os.environ["SECRET_KEY"] = TEST_SECRET
    database_url = f"sqlite:///{folder / 'live.sqlite'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        open_round = db.session.scalar(select(Round).where(Round.status == RoundStatus.OPEN))
        assert open_round is not None
        open_round.shared_token = SHARED_TOKEN
        open_round.shared_token_hash = hash_token(SHARED_TOKEN)
        # Open today, whatever today is: the demo's dates are fixed.
        open_round.opens_on = date.today() - timedelta(days=7)
        open_round.closes_on = date.today() + timedelta(days=14)
        db.session.commit()
        partnership = db.session.scalar(select(Group).where(Group.kind == GroupKind.PARTNERSHIP))
        assert partnership is not None
        partnership_path = f"/groups/{partnership.id}"
        _open_a_round_of_every_questionnaire(partnership, open_round)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    yield LiveToolkit(
        url=base,
        shared_link=f"{base}/s/{SHARED_TOKEN}",
        partnership_page=base + partnership_path,
        database_url=database_url,
    )
    server.shutdown()


def _open_a_round_of_every_questionnaire(group: Group, like: Round) -> None:
    for questionnaire in library():
        entry = library().entry(questionnaire.id, questionnaire.version)
        db.session.add(
            Round(
                group=group,
                questionnaire_version=pin(questionnaire, entry.source),
                title=f"Every page of {questionnaire.id}",
                opens_on=like.opens_on,
                closes_on=like.closes_on,
                status=RoundStatus.OPEN,
                perspective_keys=like.perspective_keys,
                shared_token_hash=hash_token(EVERY_QUESTIONNAIRE_TOKEN + questionnaire.id),
            )
        )
    # A personal link already used: it carries on a response that was sent.
    like.responses.append(
        Response(
            link_hash=hash_token(USED_INVITATION_TOKEN),
            resume_token_hash=hash_token(USED_INVITATION_TOKEN + "-resume"),
            status=ResponseStatus.SUBMITTED,
            started_on=date.today(),
            submitted_on=date.today(),
        )
    )
    db.session.commit()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_without_javascript(browser: object) -> Iterator[object]:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


def accessibility_violations(page: object) -> list[str]:
    """Run axe-core on the page and describe each WCAG 2.2 AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            },
            # Only violations are read: describing every element that passed is most of
            # axe's work on a long page, and all of it crosses to Python.
            "resultTypes": ["violations"],
        },
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} places, e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


def served_from_elsewhere(page: object, base: str) -> list[str]:
    """Return the addresses of requests the page made to any other host."""
    return [url for url in getattr(page, "_toolkit_requests", []) if not url.startswith(base)]


def watch_requests(page: object) -> None:
    page._toolkit_requests = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page._toolkit_requests.append(request.url))  # type: ignore[attr-defined]


def sign_in(
    page: object, site: str, email: str = DEMO_EMAIL, password: str = DEMO_PASSWORD
) -> None:
    """Go to the site's sign-in page and sign in, as the demo's facilitator unless told."""
    page.goto(f"{site}/sign-in")  # type: ignore[attr-defined]
    page.fill("#email", email)  # type: ignore[attr-defined]
    page.fill("#password", password)  # type: ignore[attr-defined]
    with page.expect_navigation():  # type: ignore[attr-defined]
        page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
