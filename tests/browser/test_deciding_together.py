"""Deciding together in the room, a dimension at a time: on a phone, a projector, no JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, select

from tests.browser.conftest import LiveToolkit, accessibility_violations, sign_in
from toolkit.storage.models import Group, GroupKind, Round, RoundStatus


def shared_round(live_toolkit: LiveToolkit) -> int:
    engine = create_engine(live_toolkit.database_url)
    with engine.connect() as connection:
        found = connection.scalar(
            select(Round.id)
            .join(Group)
            .where(Group.kind == GroupKind.PARTNERSHIP, Round.status == RoundStatus.SHARED)
            .order_by(Round.id.desc())
        )
    engine.dispose()
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("width", "javascript"), [(320, True), (1280, True), (320, False)], ids=str
)
def test_the_team_walks_the_dimensions_and_records_what_it_agreed(
    browser: Any, live_toolkit: LiveToolkit, width: int, javascript: bool
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=javascript
    )
    page = context.new_page()
    sign_in(page, live_toolkit.url)
    check = shared_round(live_toolkit)
    page.goto(f"{live_toolkit.url}/rounds/{check}/results")
    page.get_by_role("link", name="Decide together, one dimension at a time").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="What the room answered").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # axe-core runs as a script, so it checks the pages where scripts run.
    assert not javascript or accessibility_violations(page) == []
    first = page.locator("h1").inner_text()

    page.get_by_label("We did not reach agreement").check()
    page.get_by_label("Note (optional)").fill(f"Seen differently at {width} pixels.")
    page.get_by_role("button", name="Save and go to the next dimension").click()
    page.wait_for_load_state()
    assert f"Saved what the team agreed about {first}." in page.content()
    assert page.locator("h1").inner_text() != first
    assert not javascript or accessibility_violations(page) == []

    page.get_by_role("link", name=f"Previous dimension: {first}").click()
    page.wait_for_load_state()
    assert page.get_by_label("We did not reach agreement").is_checked()

    page.get_by_role("link", name="Back to the results").click()
    page.wait_for_load_state()
    text = page.content()
    assert "Talked through in the room: we did not reach agreement" in text
    assert f"Seen differently at {width} pixels." in text
    context.close()
