"""The shared link's copy button: it appears only where the browser can copy, and copies."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, select

from tests.browser.conftest import SHARED_TOKEN, LiveToolkit, sign_in
from toolkit.core.tokens import hash_token
from toolkit.storage.models import Round


def test_the_copy_button_puts_the_shared_link_on_the_clipboard(
    browser: Any, live_toolkit: LiveToolkit
) -> None:
    engine = create_engine(live_toolkit.database_url)
    with engine.connect() as connection:
        round_id = connection.scalar(
            select(Round.id).where(Round.shared_token_hash == hash_token(SHARED_TOKEN))
        )
    engine.dispose()
    context = browser.new_context(viewport={"width": 320, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_toolkit.url)
    page = context.new_page()
    sign_in(page, live_toolkit.url)
    page.goto(f"{live_toolkit.url}/rounds/{round_id}")
    link = page.locator("#shared-link").inner_text()
    button = page.get_by_role("button", name="Copy the link")
    assert button.is_visible()
    button.click()
    # The clipboard answers a moment later; expect() waits for the words to appear.
    expect = pytest.importorskip("playwright.sync_api").expect
    expect(page.locator("#shared-link-status")).to_contain_text("The link is copied")
    assert page.evaluate("navigator.clipboard.readText()") == link
    context.close()
