"""The toolkit's small plotly.js draws every chart exactly as the full plotly.js does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import plotly
import pytest

from tests.browser.conftest import LiveToolkit, sign_in

# The full build that the plotly Python package carries, which the pages loaded before.
FULL_PLOTLY = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
SMALL_PLOTLY = "**/static/plotly/plotly.min.*.js"


def _charts(page: Any) -> list[bytes]:
    """Wait for every chart on the page, and take a picture of each."""
    boxes = page.locator("[data-chart]")
    count = boxes.count()
    assert count >= 3
    pictures = []
    for index in range(count):
        box = boxes.nth(index)
        box.locator(".main-svg").first.wait_for()
        pictures.append(box.screenshot(animations="disabled"))
    return pictures


def _trace_types(page: Any) -> list[str]:
    return sorted(page.evaluate("Object.keys(window.Plotly.PlotSchema.get().traces)"))


def _hovered(page: Any) -> bytes:
    """Point at the middle of the first chart, as a facilitator reading a value would."""
    box = page.locator("[data-chart]").first
    box.scroll_into_view_if_needed()
    area = box.bounding_box()
    page.mouse.move(area["x"] + area["width"] / 2, area["y"] + area["height"] / 2)
    page.wait_for_timeout(300)
    return bytes(box.screenshot(animations="disabled"))


@pytest.mark.parametrize("width", [320, 1280])
def test_the_small_plotly_draws_the_results_charts_like_the_full_one(
    browser: Any, live_toolkit: LiveToolkit, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, live_toolkit.url)
    results = live_toolkit.partnership_page + "/results"
    page.goto(results)
    small = _charts(page), _hovered(page)
    version = page.evaluate("window.Plotly.version")
    assert _trace_types(page) == ["bar", "scatter", "scatterpolar"]

    # The same page with the full plotly.js in place of the small one.
    page.route(SMALL_PLOTLY, lambda route: route.fulfill(path=str(FULL_PLOTLY)))
    page.goto(results)
    full = _charts(page), _hovered(page)
    assert page.evaluate("window.Plotly.version") == version
    assert "pie" in _trace_types(page), "the full plotly.js was not loaded"
    context.close()
    assert small[0] == full[0], "a chart looks different with the small plotly.js"
    assert small[1] == full[1], "pointing at a chart shows something different"
