"""The start page opens in a real browser, asks nothing of other hosts, and passes axe."""

from __future__ import annotations

from tests.browser.conftest import (
    LiveToolkit,
    accessibility_violations,
    served_from_elsewhere,
    watch_requests,
)


def test_the_start_page_loads_with_no_request_to_another_host(
    page: object, live_toolkit: LiveToolkit
) -> None:
    watch_requests(page)
    page.goto(live_toolkit.url + "/")  # type: ignore[attr-defined]
    assert served_from_elsewhere(page, live_toolkit.url) == []
    assert accessibility_violations(page) == []
