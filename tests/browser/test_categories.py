"""Categories and guidance: the round and group results reflow at 320 CSS px, fit at 1280 px,
pass axe at 320, and draw a chart per category (issue 15, part 3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from tests import factories
from tests.browser import test_reflow
from tests.browser.conftest import LiveToolkit, accessibility_violations
from tests.browser.test_reflow import WIDTHS, measured
from tests.results.test_categories_on_pages import ANSWERS, WILDER_LIKE
from toolkit import create_app
from toolkit.storage.db import db
from toolkit.storage.models import Organisation, RoundStatus

# A facilitator's page, signed in: test_reflow's fixture, shared.
signed_in = test_reflow.signed_in


@pytest.fixture(scope="module")
def addresses(live_toolkit: LiveToolkit) -> dict[str, str]:
    """Give the demo organisation a partnership with two shared checks of the inventory."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": live_toolkit.database_url})
    with app.app_context():
        owner = db.session.scalar(select(Organisation).order_by(Organisation.id))
        assert owner is not None
        group = factories.group(owner, name="Collaboration factors partnership")
        for title, month in (("Spring check", 3), ("Autumn check", 9)):
            people = [
                factories.Person(p, ANSWERS) for p in ("staff", "residents") for _ in range(3)
            ]
            latest = factories.check(
                group,
                people,
                title=title,
                opens_on=date(2026, month, 2),
                status=RoundStatus.SHARED,
                asked=WILDER_LIKE,
            )
        return {
            "round": f"{live_toolkit.url}/rounds/{latest.id}/results",
            "group": f"{live_toolkit.url}/groups/{group.id}/results",
        }


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("which", ["round", "group"])
def test_the_results_under_categories_never_scroll_sideways(
    signed_in: Any, addresses: dict[str, str], which: str, width: int
) -> None:
    scroll, culprit = measured(signed_in, addresses[which], width, f"categories-{which}")
    assert scroll <= width, f"{which} results are {scroll} px wide at {width} px ({culprit})"


def test_each_category_draws_its_own_chart(signed_in: Any, addresses: dict[str, str]) -> None:
    signed_in.set_viewport_size({"width": 1280, "height": 900})
    signed_in.goto(addresses["group"])
    for key in ("setting", "members", "aims"):
        plot = signed_in.locator(f'[data-chart="radar-over-time-{key}"]')
        plot.wait_for()
        assert plot.locator("svg").count() > 0


@pytest.mark.parametrize("which", ["round", "group"])
def test_the_results_under_categories_pass_axe_at_320_px(
    signed_in: Any, addresses: dict[str, str], which: str
) -> None:
    signed_in.set_viewport_size({"width": 320, "height": 900})
    signed_in.goto(addresses[which])
    assert accessibility_violations(signed_in) == []
