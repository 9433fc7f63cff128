"""Pages changed for questions that feed no score, and the upload page's starter file and guide:
they reflow at 320 CSS px, fit at 1280 px, and pass axe at 320 (issue 15)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from tests import factories
from tests.browser.conftest import LiveToolkit, accessibility_violations, sign_in
from tests.browser.test_reflow import WIDTHS, measured
from tests.results.test_choices_on_pages import ASKED
from toolkit import create_app
from toolkit.storage.db import db
from toolkit.storage.models import Organisation, RoundStatus


@pytest.fixture(scope="module")
def addresses(live_toolkit: LiveToolkit) -> dict[str, str]:
    """Give the demo organisation a group whose shared check asked questions that feed no score."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": live_toolkit.database_url})
    with app.app_context():
        owner = db.session.scalar(select(Organisation).order_by(Organisation.id))
        assert owner is not None
        group = factories.group(owner, name="Choices team", perspectives=("staff", "residents"))
        # Two residents skip how long they have been involved: their counts, and so staff's,
        # are hidden, which makes the widest table.
        people = (
            [
                factories.Person("staff", {"trusted": 4, "how-long": 1, "trust-trend": 3})
                for _ in "1234"
            ]
            + [factories.Person("residents", {"trusted": 2, "how-long": 3, "trust-trend": 2})]
            + [factories.Person("residents", {"trusted": 2, "how-long": 3, "trust-trend": 2})]
            + [factories.Person("residents", {"trusted": 2, "trust-trend": 3}) for _ in "12"]
        )
        check = factories.check(group, people, status=RoundStatus.SHARED, asked=ASKED)
        return {
            "results": f"{live_toolkit.url}/rounds/{check.id}/results",
            "upload": f"{live_toolkit.url}/organisations/{owner.id}/questionnaires/upload",
        }


@pytest.fixture(scope="module")
def signed_in(browser: Any, live_toolkit: LiveToolkit) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    sign_in(page, live_toolkit.url)
    yield page
    context.close()


@pytest.mark.parametrize("name", ["results", "upload"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_never_scrolls_sideways(
    signed_in: Any, addresses: dict[str, str], name: str, width: int
) -> None:
    scroll, culprit = measured(signed_in, addresses[name], width, f"choices-{name}")
    assert scroll <= width, f"{name} is {scroll} px wide at {width} px, because of {culprit}"


@pytest.mark.parametrize("name", ["results", "upload"])
def test_the_page_passes_axe_at_320_px(
    signed_in: Any, addresses: dict[str, str], name: str
) -> None:
    signed_in.set_viewport_size({"width": 320, "height": 900})
    signed_in.goto(addresses[name])
    assert accessibility_violations(signed_in) == []


def test_the_results_show_the_questions_that_are_not_scored(
    signed_in: Any, addresses: dict[str, str]
) -> None:
    signed_in.goto(addresses["results"])
    heading = signed_in.get_by_role("heading", name="Questions that are not scored")
    assert heading.is_visible()
    assert signed_in.get_by_text("Most say “Improving”").is_visible()
