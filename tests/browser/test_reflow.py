"""Every kind of page reflows at 320 CSS px (WCAG 1.4.10), fits at 1280 px, and passes axe at 320.

The signed-in pages are found by following links from the home page, one page
for each shape of address (``/rounds/3`` and ``/rounds/4`` are the same kind of
page), so a page added later is measured without being listed here. The
respondent's pages are reached by answering through the shared link. Set
``REFLOW_SCREENSHOTS`` to a folder to keep a picture of every page measured.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, insert, select

from tests.browser.answering import BUTTONS
from tests.browser.conftest import (
    EVERY_QUESTIONNAIRE_TOKEN,
    USED_INVITATION_TOKEN,
    LiveToolkit,
    accessibility_violations,
    sign_in,
)
from toolkit.core.tokens import hash_token
from toolkit.storage.models import RoomSession, Round

WIDTHS = (320, 1280)
# Links that leave the page types behind: downloads, the language switch, plotly itself.
NOT_PAGES = re.compile(
    r"/language/|\.(pdf|csv|json|yaml|zip|js)$|/exports/[^/]+$|/reports/[^/]+/file$|/openapi"
)
# Enough to reach every kind of signed-in page from the demo's home page.
MOST_VISITS = 200

# How far the page reaches sideways, and the widest element that makes it so.
WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  let culprit = '';
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    // Inside a scrolling box is fine: that box scrolls, not the page.
    if (box.right > width + 1 && !el.closest('.tk-scroll')) {
      const name = typeof el.className === 'string' ? el.className : '';
      culprit = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + name;
      break;
    }
  }
  return {scroll: document.documentElement.scrollWidth, culprit: culprit};
}"""


def shape_of(path: str) -> str:
    """Name the kind of page an address is: its numbers and tokens stand for any."""
    return re.sub(r"/\d+", "/N", path)


@dataclass
class Crawled:
    """Every kind of page found, with what was seen on each while the crawler was there."""

    # Kind of page (its address with numbers as N) -> the addresses kept of that kind.
    found: dict[str, list[str]] = field(default_factory=dict)
    # Address kept -> how wide it was at the crawler's 320 px, and the widest element.
    at_320: dict[str, tuple[int, str]] = field(default_factory=dict)
    # Address kept -> axe's violations at 320 px.
    violations: dict[str, list[str]] = field(default_factory=dict)


def crawl(page: Any, start: str) -> Crawled:
    """Follow links within the toolkit, keeping one address of each kind of page.

    One kind of page can change with its round's stage (an open round's page
    links to its invitations, a shared round's to its results), so a page is
    kept when its address or the kinds of page it links to are new. A kept page
    is measured and checked with axe while the crawler is on it, at 320 px, so
    it is not opened again for that.
    """
    base = urlsplit(start)
    crawled = Crawled()
    visited: set[str] = set()
    signatures: set[tuple[str, frozenset[str]]] = set()
    # Kinds of address that have answered with a page: another of the same kind will too.
    answered_with_a_page: set[str] = set()
    queue = [start]
    while queue and len(visited) < MOST_VISITS:
        address = queue.pop(0)
        if address in visited:
            continue
        visited.add(address)
        shape = shape_of(urlsplit(address).path)
        # Ask first: opening a download would stop the browser's navigation.
        if shape not in answered_with_a_page:
            if "text/html" not in page.request.head(address).headers.get("content-type", ""):
                continue
            answered_with_a_page.add(shape)
        page.goto(address)
        links = [
            href.split("#")[0]
            for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
            if urlsplit(href).netloc == base.netloc and not NOT_PAGES.search(urlsplit(href).path)
        ]
        signature = (shape, frozenset(shape_of(urlsplit(link).path) for link in links))
        if signature in signatures:
            continue
        signatures.add(signature)
        crawled.found.setdefault(shape, []).append(address)
        crawled.at_320[address] = seen_width(page, 320, shape)
        crawled.violations[address] = accessibility_violations(page)
        queue += links
    return crawled


def measured(page: Any, address: str, width: int, name: str) -> tuple[int, str]:
    """Open the page at this viewport and return how wide it is, keeping a screenshot if asked."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(address)
    return seen_width(page, width, name)


def seen_width(page: Any, width: int, name: str) -> tuple[int, str]:
    """Return how wide the open page is, keeping a screenshot if asked."""
    folder = os.environ.get("REFLOW_SCREENSHOTS")
    if folder:
        file = re.sub(r"[^a-zA-Z0-9]+", "-", name).strip("-") or "home"
        page.screenshot(path=str(Path(folder) / f"{file}-{width}.png"), full_page=True)
    result = page.evaluate(WIDEST)
    return result["scroll"], result["culprit"]


@pytest.fixture(scope="module")
def signed_in(browser: Any, live_toolkit: LiveToolkit) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    sign_in(page, live_toolkit.url)
    yield page
    context.close()


@pytest.fixture(scope="module")
def every_signed_in_page(signed_in: Any, live_toolkit: LiveToolkit) -> Crawled:
    return crawl(signed_in, live_toolkit.url + "/")


def test_the_crawl_reaches_every_kind_of_facilitator_page(
    every_signed_in_page: Crawled,
) -> None:
    for shape in [
        "/",
        "/groups/N",
        "/groups/N/results",
        "/groups/N/partners",
        "/rounds/N",
        "/rounds/N/results",
        "/rounds/N/exports",
        "/rounds/N/session",
        "/rounds/N/paper",
        "/organisations/N/overview",
        "/organisations/N/people",
        "/organisations/N/activity",
        "/account",
        "/accessibility",
    ]:
        assert shape in every_signed_in_page.found, "\n".join(sorted(every_signed_in_page.found))


def test_no_signed_in_page_scrolls_sideways(signed_in: Any, every_signed_in_page: Crawled) -> None:
    too_wide = [
        f"{urlsplit(address).path} at 320px is {scroll}px wide ({culprit})"
        for address, (scroll, culprit) in every_signed_in_page.at_320.items()
        if scroll > 320
    ]
    too_wide += too_wide_at_any_width(signed_in, list(every_signed_in_page.at_320), widths=(1280,))
    assert not too_wide, "\n".join(too_wide)


def test_every_kind_of_signed_in_page_at_320_px_passes_axe(every_signed_in_page: Crawled) -> None:
    found = [
        f"{urlsplit(address).path}: {violation}"
        for address, violations in every_signed_in_page.violations.items()
        for violation in violations
    ]
    assert not found, "\n".join(found)


def test_a_respondent_never_scrolls_sideways_and_every_page_passes_axe_at_320_px(
    browser: Any, live_toolkit: LiveToolkit
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    too_wide, violations = [], []
    page.goto(live_toolkit.shared_link)
    for _ in range(40):
        address = page.url
        name = urlsplit(address).path
        for width in WIDTHS:
            scroll, culprit = measured(page, address, width, "respond" + name)
            if scroll > width:
                too_wide.append(f"{name} at {width}px is {scroll}px wide ({culprit})")
        page.set_viewport_size({"width": 320, "height": 900})
        violations += [f"{name}: {v}" for v in accessibility_violations(page)]
        if "/answer/sent" in page.url:
            break
        for radio in page.locator(".govuk-radios__item:first-child input").all():
            radio.check()
        for box in page.locator("textarea").all():
            box.fill("We listen to each other.")
        for label in BUTTONS.values():
            button = page.get_by_role("button", name=label)
            if button.count():
                with page.expect_navigation():
                    button.first.click()
                break
    context.close()
    assert "/answer/sent" in page.url
    assert not too_wide, "\n".join(too_wide)
    assert not violations, "\n".join(violations)


def too_wide_at_any_width(
    page: Any, addresses: list[str], widths: tuple[int, ...] = WIDTHS
) -> list[str]:
    found = []
    for address in addresses:
        path = urlsplit(address).path
        for width in widths:
            scroll, culprit = measured(page, address, width, path)
            if scroll > width:
                found.append(f"{path} at {width}px is {scroll}px wide ({culprit})")
    return found


def test_pages_no_link_leads_to_never_scroll_sideways(
    signed_in: Any, browser: Any, live_toolkit: LiveToolkit
) -> None:
    """The room's shared screen and joining it, and a respondent's own pages after sending."""
    engine = create_engine(live_toolkit.database_url)
    token = hash_token(EVERY_QUESTIONNAIRE_TOKEN + "relationship-health-check")
    with engine.begin() as connection:
        round_id = connection.scalar(select(Round.id).where(Round.shared_token_hash == token))
        connection.execute(
            insert(RoomSession).values(round_id=round_id, code="REFLOW", expected=50)
        )
    engine.dispose()
    base = live_toolkit.url
    too_wide = too_wide_at_any_width(
        signed_in, [f"{base}/rounds/{round_id}/room?refresh=off", f"{base}/join/REFLOW"]
    )
    context = browser.new_context()
    respondent = context.new_page()
    resume = f"{base}/resume/{USED_INVITATION_TOKEN}-resume"
    too_wide += too_wide_at_any_width(
        respondent,
        [resume, f"{resume}/results", f"{resume}/withdraw", f"{base}/s/no-such-link"],
    )
    context.close()
    assert not too_wide, "\n".join(too_wide)
