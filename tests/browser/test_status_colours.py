"""Status scales (traffic lights): the question page and the results page reflow at 320 CSS px,
fit at 1280 px and pass axe at 320, and each answer shows its shape (issue 15, part 2)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from tests import factories
from tests.browser.conftest import LiveToolkit, accessibility_violations, sign_in
from tests.browser.test_reflow import WIDTHS, measured
from tests.results.test_status_colours import ANSWERS, QUESTIONNAIRE, TEXT
from toolkit import create_app
from toolkit.core.tokens import hash_token
from toolkit.storage.db import db
from toolkit.storage.models import Organisation, Round, RoundStatus
from toolkit.storage.questionnaire_store import pin

TOKEN = "browser-test-traffic-lights"


@pytest.fixture(scope="module")
def addresses(live_toolkit: LiveToolkit) -> dict[str, str]:
    """Give the demo organisation a group with a shared and an open traffic-light check."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": live_toolkit.database_url})
    with app.app_context():
        owner = db.session.scalar(select(Organisation).order_by(Organisation.id))
        assert owner is not None
        group = factories.group(owner, name="Traffic lights team", perspectives=())
        people = [factories.Person(None, ANSWERS) for _ in range(3)]
        people += [factories.Person(None, {"purpose": 3, "priorities": 1}) for _ in range(2)]
        shared = factories.check(
            group, people, status=RoundStatus.SHARED, asked=(QUESTIONNAIRE, TEXT)
        )
        db.session.add(
            Round(
                group=group,
                questionnaire_version=pin(QUESTIONNAIRE, TEXT),
                title="Next health check",
                opens_on=date.today() - timedelta(days=1),
                closes_on=date.today() + timedelta(days=7),
                status=RoundStatus.OPEN,
                threshold=3,
                shared_token_hash=hash_token(TOKEN),
            )
        )
        db.session.commit()
        return {
            "results": f"{live_toolkit.url}/rounds/{shared.id}/results",
            "question": f"{live_toolkit.url}/s/{TOKEN}",
        }


@pytest.fixture(scope="module")
def signed_in(browser: Any, live_toolkit: LiveToolkit) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    sign_in(page, live_toolkit.url)
    yield page
    context.close()


def first_question(browser: Any, address: str, javascript: bool) -> tuple[Any, Any]:
    """Follow the shared link in a fresh browser to the first question page."""
    context = browser.new_context(
        viewport={"width": 320, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(address)
    for _ in range(3):
        if "/answer/page/" in page.url:
            break
        page.get_by_role("button").filter(has_text="Start").first.click()
    assert "/answer/page/health" in page.url
    return context, page


@pytest.fixture(scope="module")
def question_page(browser: Any, addresses: dict[str, str]) -> Iterator[tuple[Any, str]]:
    context, page = first_question(browser, addresses["question"], javascript=True)
    yield page, page.url
    context.close()


def test_the_question_page_never_scrolls_sideways(question_page: tuple[Any, str]) -> None:
    page, address = question_page
    for width in WIDTHS:
        scroll, culprit = measured(page, address, width, "status-question")
        assert scroll <= width, f"the question page is {scroll} px wide at {width} px ({culprit})"


def test_the_question_page_shows_a_shape_beside_each_status_answer_without_javascript(
    browser: Any, addresses: dict[str, str]
) -> None:
    context, page = first_question(browser, addresses["question"], javascript=False)
    red = page.locator('label[for="q-purpose"]')
    assert red.inner_text().strip() == "Red"
    assert red.locator("svg.tk-swatch--circle").is_visible()
    assert page.locator('label[for="q-purpose-3"] svg.tk-swatch--square').is_visible()
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_results_page_never_scrolls_sideways(
    signed_in: Any, addresses: dict[str, str], width: int
) -> None:
    scroll, culprit = measured(signed_in, addresses["results"], width, "status-results")
    assert scroll <= width, f"results are {scroll} px wide at {width} px, because of {culprit}"


def test_both_pages_pass_axe_at_320_px(
    signed_in: Any, question_page: tuple[Any, str], addresses: dict[str, str]
) -> None:
    signed_in.set_viewport_size({"width": 320, "height": 900})
    signed_in.goto(addresses["results"])
    assert accessibility_violations(signed_in) == []
    page, address = question_page
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(address)
    assert accessibility_violations(page) == []


def test_the_tables_of_answers_show_each_shape_and_pass_axe_when_opened(
    signed_in: Any, addresses: dict[str, str]
) -> None:
    signed_in.set_viewport_size({"width": 320, "height": 900})
    signed_in.goto(addresses["results"])
    signed_in.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    red = signed_in.locator("th", has_text="Red").first
    assert red.locator("svg.tk-swatch--circle").is_visible()
    folder = os.environ.get("REFLOW_SCREENSHOTS")
    if folder:
        signed_in.screenshot(path=f"{folder}/status-results-opened-320.png", full_page=True)
    assert signed_in.evaluate("document.documentElement.scrollWidth") <= 320
    assert accessibility_violations(signed_in) == []
