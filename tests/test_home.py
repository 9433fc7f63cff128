"""The start page lists the groups and their checks."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.sessions import sign_in_as
from toolkit.services.demo import DEMO_EMAIL
from toolkit.storage.db import db
from toolkit.storage.models import Account, Round


def test_the_start_page_lists_the_demo_partnership_and_its_rounds(
    app: Flask, client: FlaskClient, demo_data: None
) -> None:
    account = db.session.scalar(select(Account).where(Account.email == DEMO_EMAIL))
    assert account is not None
    sign_in_as(client, account)
    page = client.get("/").get_data(as_text=True)
    assert "Ashby Vale Wellbeing Partnership" in page
    for title in (
        "Spring 2025 check",
        "Autumn 2025 check",
        "Spring 2026 check",
        "Autumn 2026 check",
    ):
        assert title in page
    # Dates are short enough for a phone, and British in English.
    # (Babel sets the dash between thin spaces.)
    assert "5 May\u2009–\u20092 Jun 2026" in page
    # Each round is a link to its own page.
    for found in db.session.scalars(select(Round)):
        assert f'href="/rounds/{found.id}">{found.title}</a>' in page


def test_the_language_switch_stays_on_this_site(client: FlaskClient) -> None:
    response = client.get("/language/cy?next=//evil.example/")
    assert response.headers["Location"] == "/"
    assert 'lang="cy"' in client.get("/").get_data(as_text=True)


def test_every_page_links_to_the_accessibility_statement_which_anyone_can_read(
    client: FlaskClient,
) -> None:
    assert 'href="/accessibility"' in client.get("/sign-in").get_data(as_text=True)
    page = client.get("/accessibility")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "WCAG) version 2.2 at level AA" in text
    assert "What we know does not work well yet" in text
    assert "ask the person who sent you the link" in text
    assert "last reviewed on 2 December 2026" in text
