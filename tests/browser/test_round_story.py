"""A whole round in a real browser: set up, answered three ways, results read.

One story, in order, on one live toolkit: a facilitator signs in and sets up
a round of the Welsh-and-English health check for the demo partnership;
one person answers by keyboard alone, one with JavaScript off, one in
Welsh; the facilitator sees the answers counted, closes the round, reads the
results and downloads the PDF report. axe-core scans every kind of page met
on the way.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlalchemy import create_engine, text

from tests.browser.answering import answer_everything, press_by_keyboard, press_by_mouse, scanned
from tests.browser.conftest import LiveToolkit, served_from_elsewhere, sign_in, watch_requests

QUESTIONNAIRE = re.compile("Relationship health check")
WELSH_ANSWER = "Anghytuno'n gryf"


def set_up_round(page: Any, live: LiveToolkit, seen: dict[str, list[str]]) -> str:
    """Set up a check for the demo partnership, dated today; return the round page's address."""
    page.goto(live.partnership_page)
    scanned(page, seen, "group page")
    page.get_by_role("link", name="Set up a check").click()
    page.wait_for_load_state()
    scanned(page, seen, "round set-up")
    page.get_by_role("button", name="Set up the check").click()
    page.wait_for_load_state()
    scanned(page, seen, "round set-up with errors")

    today, closing = date.today(), date.today() + timedelta(days=14)
    page.fill("#title", "Browser test check")
    page.get_by_label(QUESTIONNAIRE).first.check()
    page.fill("#threshold", "3")
    for prefix, day in (("opens", today), ("closes", closing)):
        page.fill(f"#{prefix}_day", str(day.day))
        page.fill(f"#{prefix}_month", str(day.month))
        page.fill(f"#{prefix}_year", str(day.year))
    page.get_by_role("button", name="Set up the check").click()
    page.wait_for_load_state()
    scanned(page, seen, "round page")
    # Dated today, it is open at once: nobody has to press a button.
    assert "open for answers now" in page.content()
    assert page.get_by_role("button", name="Open the check").count() == 0
    first = page.context.browser.new_context().new_page()
    first.goto(page.locator(".tk-shared-link").inner_text().strip())
    assert "Browser test check" in first.title()
    first.context.close()
    return str(page.url)


def test_a_round_is_set_up_answered_three_ways_and_its_results_read(
    browser: Any, live_toolkit: LiveToolkit
) -> None:
    seen: dict[str, list[str]] = {}
    facilitator = browser.new_context().new_page()
    watch_requests(facilitator)
    facilitator.goto(live_toolkit.url + "/sign-in")
    scanned(facilitator, seen, "sign-in")
    sign_in(facilitator, live_toolkit.url)
    scanned(facilitator, seen, "start page")
    round_page = set_up_round(facilitator, live_toolkit, seen)
    link = facilitator.locator(".tk-shared-link").inner_text().strip()
    assert link.startswith(live_toolkit.url + "/s/")

    by_keyboard = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    watch_requests(by_keyboard)
    by_keyboard.goto(link)
    answer_everything(by_keyboard, press_by_keyboard, seen)

    without_javascript = browser.new_context(java_script_enabled=False).new_page()
    without_javascript.goto(link)
    answer_everything(without_javascript, press_by_mouse, None)
    assert "Thank you" in without_javascript.title()

    resume = by_keyboard.locator("a[href*='/resume/']").first.get_attribute("href")
    by_keyboard.goto(resume)
    scanned(by_keyboard, seen, "resume link after sending")
    by_keyboard.goto(resume + "/withdraw")
    scanned(by_keyboard, seen, "withdraw")

    in_welsh = browser.new_context().new_page()
    in_welsh.goto(link)
    with in_welsh.expect_navigation():
        in_welsh.get_by_role("link", name="Cymraeg").click()
    assert in_welsh.locator("html").get_attribute("lang") == "cy"
    press_by_mouse(in_welsh, "start")
    while "/answer/page/" not in in_welsh.url:
        press_by_mouse(in_welsh, "continue")
    assert WELSH_ANSWER in in_welsh.content()
    answer_everything_from_here(in_welsh, seen)

    facilitator.goto(round_page)
    answered = facilitator.locator("tr", has_text="Everyone").locator("td").nth(1)
    assert answered.inner_text().strip() == "3"
    facilitator.get_by_role("link", name="Close the check").click()
    facilitator.wait_for_load_state()
    scanned(facilitator, seen, "close confirmation")
    facilitator.get_by_role("button", name="Close the check").click()
    facilitator.wait_for_load_state()
    facilitator.get_by_role("link", name="See the results").click()
    facilitator.wait_for_load_state()
    assert "3 people answered" in facilitator.content()
    scanned(facilitator, seen, "results of the new round")
    round_id = round_page.rstrip("/").rsplit("/", 1)[-1]
    pdf = facilitator.context.request.get(f"{live_toolkit.url}/rounds/{round_id}/report.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    # Without Redis the file comes at once; its progress page still offers it again.
    facilitator.goto(live_toolkit.url + latest_report_page(live_toolkit))
    assert facilitator.get_by_role("link", name="Download the report (PDF)").is_visible()
    scanned(facilitator, seen, "report progress")

    by_keyboard.goto(link)
    scanned(by_keyboard, seen, "link to a closed round")
    assert "closed" in by_keyboard.title()

    for page in (facilitator, by_keyboard):
        assert served_from_elsewhere(page, live_toolkit.url) == []
    assert {kind: found for kind, found in seen.items() if found} == {}


def answer_everything_from_here(page: Any, seen: dict[str, list[str]]) -> None:
    for _ in range(40):
        if "/answer/check" in page.url:
            break
        press_by_mouse(page, "continue")
    press_by_mouse(page, "send")
    assert "/answer/sent" in page.url
    scanned(page, seen, "thank-you in Welsh")


def latest_report_page(live: LiveToolkit) -> str:
    """Return the address of the progress page of the report drawn last."""
    engine = create_engine(live.database_url)
    with engine.connect() as connection:
        group_id, inputs = connection.execute(
            text("SELECT group_id, inputs FROM reports ORDER BY id DESC LIMIT 1")
        ).one()
    engine.dispose()
    return f"/groups/{group_id}/reports/{inputs}"
