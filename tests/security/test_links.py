"""Links in email come from BASE_URL, never from the request; other hosts are refused.

Issue 14, part 2: with email on, POST /reset-password with Host: evil.example
emailed a working password link on http://evil.example/.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import sqlite_only
from tests.mailbox import SITE, Mailbox
from tests.security.conftest import BOB_EMAIL
from toolkit.storage.models import Account

# Nothing here depends on the database.
pytestmark = sqlite_only


def test_a_password_link_comes_from_base_url_whatever_the_host_header(
    client: FlaskClient, bob: Account, mailbox: Mailbox
) -> None:
    client.post("/reset-password", data={"email": BOB_EMAIL}, headers={"Host": "evil.example"})
    body = mailbox.text(mailbox.messages[0]) + mailbox.html(mailbox.messages[0])
    assert f"{SITE}/reset-password/" in body
    assert "evil.example" not in body


def test_a_request_for_another_host_is_refused_before_any_email(
    app: Flask, client: FlaskClient, bob: Account, mailbox: Mailbox
) -> None:
    app.config["TRUSTED_HOSTS"] = ["toolkit.example.org"]
    refused = client.post(
        "/reset-password", data={"email": BOB_EMAIL}, headers={"Host": "evil.example"}
    )
    assert refused.status_code == 400
    assert "This toolkit answers only at its own address" in refused.get_data(as_text=True)
    assert mailbox.messages == []
    served = client.get("/sign-in", base_url=SITE)
    assert served.status_code == 200


def test_printed_and_shown_links_use_base_url_too(app: Flask) -> None:
    from toolkit.web.rounds import respondent_url

    app.config["BASE_URL"] = SITE
    with app.test_request_context(base_url="http://evil.example"):
        assert respondent_url("abc").startswith(f"{SITE}/s/abc")
