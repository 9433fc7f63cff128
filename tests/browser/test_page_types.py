"""Pages the round story does not reach pass axe-core too: errors, saving for later, results."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import create_engine, insert, select

from tests.browser.answering import choose_first_answers, press_by_mouse
from tests.browser.conftest import SHARED_TOKEN, LiveToolkit, accessibility_violations, sign_in
from toolkit.core.tokens import hash_token
from toolkit.storage.models import MembershipInvitation, Organisation, Role, Round, RoundStatus

INVITATION_TOKEN = "browser-test-invitation-to-join"
NOT_YET_TOKEN = "browser-test-round-not-open-yet"


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/s/no-such-link", "This link is not working"),
        ("/resume/no-such-link", "This link is not working"),
        ("/no-such-page", "Page not found"),
    ],
)
def test_error_pages_say_what_went_wrong_and_pass_axe(
    page: Any, live_toolkit: LiveToolkit, path: str, title: str
) -> None:
    reply = page.goto(live_toolkit.url + path)
    assert reply.status == 404
    assert title in page.title()
    assert accessibility_violations(page) == []


def test_saving_for_later_and_resuming_pass_axe(page: Any, live_toolkit: LiveToolkit) -> None:
    page.goto(live_toolkit.shared_link)
    press_by_mouse(page, "start")
    choose_first_answers(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Save and come back later").click()
    assert "/answer/later" in page.url
    assert accessibility_violations(page) == []

    resume = page.locator("a[href*='/resume/']").first.get_attribute("href")
    page.context.clear_cookies()
    page.goto(resume)
    assert "/answer/" in page.url
    assert accessibility_violations(page) == []


def test_sending_with_answers_missing_lists_them_on_a_page_that_passes_axe(
    page: Any, live_toolkit: LiveToolkit
) -> None:
    page.goto(live_toolkit.shared_link)
    press_by_mouse(page, "start")
    press_by_mouse(page, "continue")
    page.goto(live_toolkit.url + "/answer/check")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my answers").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert accessibility_violations(page) == []


def test_a_wrong_password_is_explained_on_a_page_that_passes_axe(
    page: Any, live_toolkit: LiveToolkit
) -> None:
    sign_in(page, live_toolkit.url, password="not-the-password")
    assert page.locator(".govuk-error-summary").is_visible()
    assert accessibility_violations(page) == []


@pytest.mark.parametrize("results", ["group", "round"])
def test_results_pages_pass_axe(page: Any, live_toolkit: LiveToolkit, results: str) -> None:
    sign_in(page, live_toolkit.url)
    if results == "group":
        page.goto(live_toolkit.partnership_page + "/results")
    else:
        page.goto(live_toolkit.partnership_page)
        page.get_by_role("link", name="Spring 2026 check").click()
        page.get_by_role("link", name="See the results").click()
    page.wait_for_load_state()
    assert "people answered" in page.content()
    assert accessibility_violations(page) == []


def test_an_invitation_to_join_and_its_errors_pass_axe(
    page: Any, live_toolkit: LiveToolkit
) -> None:
    engine = create_engine(live_toolkit.database_url)
    with engine.begin() as connection:
        organisation = connection.scalar(select(Organisation.id).order_by(Organisation.id))
        connection.execute(
            insert(MembershipInvitation).values(
                organisation_id=organisation,
                email="browser.invitee@example.org",
                name="Browser invitee",
                role=Role.VIEWER,
                token_hash=hash_token(INVITATION_TOKEN),
                created_at=datetime.now(UTC).replace(tzinfo=None),
                expires_at=datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1),
            )
        )
    engine.dispose()
    page.goto(f"{live_toolkit.url}/invited/{INVITATION_TOKEN}")
    assert "Join" in page.title()
    assert accessibility_violations(page) == []
    page.fill("#password", "short")
    with page.expect_navigation():
        page.get_by_role("button", name="Join").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert accessibility_violations(page) == []


def test_a_link_to_a_round_not_open_yet_says_so_on_a_page_that_passes_axe(
    page: Any, live_toolkit: LiveToolkit
) -> None:
    engine = create_engine(live_toolkit.database_url)
    with engine.begin() as connection:
        like = connection.execute(
            select(Round).where(Round.shared_token_hash == hash_token(SHARED_TOKEN))
        ).one()
        connection.execute(
            insert(Round).values(
                uid=str(uuid4()),
                group_id=like.group_id,
                questionnaire_version_id=like.questionnaire_version_id,
                title="Opens next week",
                opens_on=date.today() + timedelta(days=7),
                closes_on=date.today() + timedelta(days=21),
                status=RoundStatus.DRAFT,
                perspective_keys=like.perspective_keys,
                shared_token_hash=hash_token(NOT_YET_TOKEN),
            )
        )
    engine.dispose()
    page.goto(f"{live_toolkit.url}/s/{NOT_YET_TOKEN}")
    assert "not open yet" in page.title()
    assert accessibility_violations(page) == []
