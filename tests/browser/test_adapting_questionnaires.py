"""Managing and adapting questionnaires in a real browser, with and without JavaScript (issue 15):
copy one, change its words and Welsh, add and remove statements, see a problem beside its
field, save a new version; preview an upload before using it. Each page passes axe and
never scrolls sideways at 320 px."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from tests.browser.conftest import LiveToolkit, accessibility_violations, sign_in
from tests.browser.test_reflow import WIDEST, WIDTHS
from toolkit.paths import shipped
from toolkit.storage.models import Organisation, QuestionnaireVersion

# Each flow copies its own questionnaire, so the two never meet in the shared database.
WITHOUT_SCRIPT = "systems-leadership"
WITH_SCRIPT = "pact-indicators"


@pytest.fixture(scope="module")
def organisation_id(live_toolkit: LiveToolkit) -> int:
    engine = create_engine(live_toolkit.database_url)
    with engine.connect() as connection:
        found = connection.scalar(select(Organisation.id).order_by(Organisation.id).limit(1))
    engine.dispose()
    assert found is not None
    return found


def signed_in_page(browser: Any, live_toolkit: LiveToolkit, script: bool) -> Iterator[Any]:
    context = browser.new_context(
        java_script_enabled=script, viewport={"width": 320, "height": 900}
    )
    page = context.new_page()
    # Fail in seconds rather than wait half a minute for a button that is not there.
    page.set_default_timeout(10_000)
    sign_in(page, live_toolkit.url)
    yield page
    context.close()


@pytest.fixture(scope="module")
def without_script(browser: Any, live_toolkit: LiveToolkit) -> Iterator[Any]:
    yield from signed_in_page(browser, live_toolkit, script=False)


@pytest.fixture(scope="module")
def with_script(browser: Any, live_toolkit: LiveToolkit) -> Iterator[Any]:
    yield from signed_in_page(browser, live_toolkit, script=True)


def stored(live_toolkit: LiveToolkit, key: str) -> list[str]:
    """Return the stored texts of a questionnaire's versions, oldest first."""
    engine = create_engine(live_toolkit.database_url)
    with engine.connect() as connection:
        found = connection.scalars(
            select(QuestionnaireVersion.source_yaml)
            .where(QuestionnaireVersion.questionnaire_key == key)
            .order_by(QuestionnaireVersion.id)
        ).all()
    engine.dispose()
    return list(found)


def fits(page: Any) -> None:
    """Check the page at both widths: no sideways scrolling, and axe finds nothing at 320 px."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        result = page.evaluate(WIDEST)
        assert result["scroll"] <= width, f"{page.url} at {width} px: {result['culprit']}"
    page.set_viewport_size({"width": 320, "height": 900})
    assert accessibility_violations(page) == []


def fits_as_served(page: Any, checker: Any) -> None:
    """Check a page a browser without JavaScript holds, in one with it: axe needs JavaScript.

    The same HTML, with its own address as the base, so its stylesheet applies.
    """
    html = page.content().replace("<head>", f'<head><base href="{page.url}">', 1)
    checker.set_content(html)
    fits(checker)


def open_copy(page: Any, live_toolkit: LiveToolkit, organisation_id: int, key: str) -> None:
    page.goto(f"{live_toolkit.url}/organisations/{organisation_id}/questionnaires")
    card = page.locator(f"section#{key}")
    with page.expect_navigation():
        card.get_by_role("link", name="Copy and adapt").click()
    assert page.url.endswith("/copy")


def statements_on_first_page(page: Any) -> Any:
    return page.locator("[data-page='0'] [data-statement]")


def test_adapting_without_javascript(
    without_script: Any, with_script: Any, live_toolkit: LiveToolkit, organisation_id: int
) -> None:
    page = without_script
    open_copy(page, live_toolkit, organisation_id, WITHOUT_SCRIPT)
    fits_as_served(page, with_script)
    before = statements_on_first_page(page).count()
    page.fill("#title-en", "Our leadership check")
    page.fill("#title-cy", "Ein gwiriad arweinyddiaeth")
    with page.expect_navigation():
        page.get_by_role("button", name="Add a statement to page 1").click()
    # The server added an empty row and kept what was typed.
    assert statements_on_first_page(page).count() == before + 1
    assert page.input_value("#title-en") == "Our leadership check"
    assert page.evaluate("document.activeElement.id") == f"p0-s{before}-text-en"
    page.fill(f"#p0-s{before}-text-en", "We say thank you for each other's work.")
    page.fill("#p0-s0-weight", "lots")
    page.check("#p0-s1-remove")
    with page.expect_navigation():
        page.get_by_role("button", name="Save your copy").click()
    # The problem is named at the top and beside its field; nothing typed is lost.
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Write the weight as a number" in summary.inner_text()
    group = page.locator(".govuk-form-group--error", has=page.locator("#p0-s0-weight"))
    assert "Write the weight as a number" in group.inner_text()
    assert page.input_value("#title-cy") == "Ein gwiriad arweinyddiaeth"
    fits_as_served(page, with_script)
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "p0-s0-weight"
    page.fill("#p0-s0-weight", "2")
    with page.expect_navigation():
        page.get_by_role("button", name="Save your copy").click()
    assert page.url.endswith(f"#{WITHOUT_SCRIPT}-ours")
    assert "Our leadership check version 1 can now be used" in page.inner_text("main")
    fits_as_served(page, with_script)
    (text,) = stored(live_toolkit, f"{WITHOUT_SCRIPT}-ours")
    assert "We say thank you for each other's work." in text
    assert "Ein gwiriad arweinyddiaeth" in text


def test_adapting_with_javascript_adds_and_removes_rows_without_a_round_trip(
    with_script: Any, live_toolkit: LiveToolkit, organisation_id: int
) -> None:
    page = with_script
    open_copy(page, live_toolkit, organisation_id, WITH_SCRIPT)
    fits(page)
    page.evaluate("window.stillHere = true")
    rows = statements_on_first_page(page)
    before = rows.count()
    removed_text = page.input_value("#p0-s1-text-en")
    page.get_by_role("button", name="Add a statement to page 1").click()
    assert rows.count() == before + 1
    # No page was loaded: the script added the row, and put the cursor in it.
    assert page.evaluate("window.stillHere") is True
    assert page.evaluate("document.activeElement.id") == f"p0-s{before}-text-en"
    assert rows.last.locator("legend").inner_text() == f"Statement {before + 1}"
    page.fill(f"#p0-s{before}-text-en", "We share what we learn with our partners.")
    page.fill(f"#p0-s{before}-text-cy", "Rydym yn rhannu'r hyn a ddysgwn gyda'n partneriaid.")
    page.check("#p0-s1-remove")
    assert not page.locator("#p0-s1-text-en").is_visible()
    assert page.evaluate("window.stillHere") is True
    fits(page)
    # Enter in a one-line field saves, rather than adding a statement.
    with page.expect_navigation():
        page.press("#title-en", "Enter")
    assert "version 1 can now be used" in page.inner_text("main")
    fits(page)
    (text,) = stored(live_toolkit, f"{WITH_SCRIPT}-ours")
    assert "We share what we learn with our partners." in text
    assert "Rydym yn rhannu" in text
    assert removed_text not in text


def test_an_upload_is_previewed_before_it_is_used(
    without_script: Any, with_script: Any, live_toolkit: LiveToolkit, organisation_id: int
) -> None:
    page = without_script
    page.goto(f"{live_toolkit.url}/organisations/{organisation_id}/questionnaires/upload")
    page.set_input_files("#file", str(shipped("docs") / "examples" / "starter.yaml"))
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()
    assert page.get_by_role(
        "heading", name="Check the questionnaire before you use it"
    ).is_visible()
    assert page.get_by_text(
        "We can be honest with each other about what is not working."
    ).is_visible()
    assert stored(live_toolkit, "our-relationships") == []
    fits_as_served(page, with_script)
    with page.expect_navigation():
        page.get_by_role("button", name="Use this questionnaire").click()
    assert "How we work together version 1 can now be used" in page.inner_text("main")
    assert len(stored(live_toolkit, "our-relationships")) == 1
