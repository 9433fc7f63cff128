"""The page that stops reminders works on a phone, without JavaScript, and passes axe-core."""

from __future__ import annotations

from typing import Any

from itsdangerous import URLSafeSerializer

from tests.browser.conftest import LiveToolkit, accessibility_violations
from tests.conftest import TEST_SECRET


def stop_link(live_toolkit: LiveToolkit, invitation_id: int) -> str:
    """A stop link as a reminder carries it, signed with the live toolkit's key."""
    token = URLSafeSerializer(TEST_SECRET, salt="stop reminders").dumps(invitation_id)
    return f"{live_toolkit.url}/reminders/stop/{token}"


def test_the_stop_page_fits_a_320_pixel_screen_and_passes_axe(
    browser: Any, live_toolkit: LiveToolkit
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(stop_link(live_toolkit, 1))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert accessibility_violations(page) == []
    context.close()


def test_stopping_reminders_works_without_javascript(
    page_without_javascript: Any, live_toolkit: LiveToolkit
) -> None:
    page = page_without_javascript
    page.goto(stop_link(live_toolkit, 2))
    page.get_by_role("button", name="Stop reminders").click()
    page.wait_for_load_state()
    assert "No more reminders" in page.content()
