"""Pages that need a real browser: stopping reminders, and signing in with own accounts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from itsdangerous import URLSafeSerializer

from tests.browser.conftest import LiveToolkit, accessibility_violations
from tests.conftest import TEST_SECRET


def stop_link(live_toolkit: LiveToolkit, invitation_id: int) -> str:
    """A stop link as a reminder carries it, signed with the live toolkit's key."""
    token = URLSafeSerializer(TEST_SECRET, salt="stop reminders").dumps(invitation_id)
    return f"{live_toolkit.url}/reminders/stop/{token}"


def leave_list_link(live_toolkit: LiveToolkit, invitation_id: int) -> str:
    """A repeating check's invitation's way off its list, signed as the toolkit signs it."""
    token = URLSafeSerializer(TEST_SECRET, salt="stop invitations").dumps([invitation_id, 1])
    return f"{live_toolkit.url}/invitations/stop/{token}"


@pytest.mark.parametrize("link", [stop_link, leave_list_link])
def test_the_stop_page_fits_a_320_pixel_screen_and_passes_axe(
    browser: Any, live_toolkit: LiveToolkit, link: Callable[[LiveToolkit, int], str]
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(link(live_toolkit, 1))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert accessibility_violations(page) == []
    context.close()


@pytest.mark.parametrize(
    ("link", "button", "done"),
    [
        (stop_link, "Stop reminders", "No more reminders"),
        (leave_list_link, "Stop emails about these checks", "No more emails"),
    ],
)
def test_stopping_reminders_works_without_javascript(
    page_without_javascript: Any,
    live_toolkit: LiveToolkit,
    link: Callable[[LiveToolkit, int], str],
    button: str,
    done: str,
) -> None:
    page = page_without_javascript
    page.goto(link(live_toolkit, 2))
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    assert done in page.content()


def test_signing_in_with_an_organisations_own_accounts_in_a_browser(
    browser: Any, live_toolkit: LiveToolkit
) -> None:
    from sqlalchemy import create_engine, delete, insert, select

    from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Person, running_provider
    from toolkit.services.demo import DEMO_EMAIL, DEMO_SLUG
    from toolkit.storage.models import Organisation, SignInProvider

    engine = create_engine(live_toolkit.database_url)
    done = f"{live_toolkit.url}/sign-in/with/{DEMO_SLUG}/done"
    with running_provider(done) as provider:
        with engine.begin() as connection:
            organisation_id = connection.scalar(
                select(Organisation.id).where(Organisation.slug == DEMO_SLUG)
            )
            connection.execute(
                insert(SignInProvider).values(
                    organisation_id=organisation_id,
                    label="Ashby Vale accounts",
                    issuer=provider.issuer,
                    client_id=CLIENT_ID,
                    client_secret=CLIENT_SECRET,
                    email_domains="example.org",
                )
            )
        try:
            provider.person = Person(DEMO_EMAIL)
            context = browser.new_context(viewport={"width": 320, "height": 640})
            page = context.new_page()
            page.goto(f"{live_toolkit.url}/sign-in")
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
            assert accessibility_violations(page) == []
            page.get_by_role("link", name="Sign in with Ashby Vale accounts").click()
            page.wait_for_load_state()
            assert page.get_by_role("button", name="Sign out").is_visible()
            context.close()
        finally:
            with engine.begin() as connection:
                connection.execute(delete(SignInProvider))
            engine.dispose()
