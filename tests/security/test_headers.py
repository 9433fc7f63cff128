"""Cookies, headers, CSRF, error pages and escaping."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, g
from flask.testing import FlaskClient

from tests.conftest import TEST_SECRET
from tests.security.conftest import BOB_EMAIL, BOB_PASSWORD, SignIn
from toolkit import create_app
from toolkit.services.accounts import create_admin
from toolkit.storage.db import db
from toolkit.storage.models import Account
from toolkit.web.access import SESSION_KEY
from toolkit.web.headers import content_security_policy

STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def test_every_page_carries_a_strict_content_security_policy(client: FlaskClient) -> None:
    for url in ("/sign-in", "/no-such-page"):
        headers = client.get(url).headers
        assert headers["Content-Security-Policy"] == STRICT
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "camera=()" in headers["Permissions-Policy"]
        assert "Strict-Transport-Security" not in headers


def test_a_results_page_may_allow_inline_styles_for_its_charts(app: Flask) -> None:
    @app.get("/chart-test")
    def chart() -> str:
        g.csp_style_inline = True
        return "chart"

    policy = app.test_client().get("/chart-test").headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy
    assert content_security_policy() == STRICT


def test_the_session_cookie_is_httponly_and_samesite(client: FlaskClient, bob: Account) -> None:
    response = client.post("/sign-in", data={"email": BOB_EMAIL, "password": BOB_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_behind_https_cookies_are_secure_and_hsts_is_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("HTTPS", "true")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    # A page that reads nothing from the database, which this test leaves empty.
    headers = app.test_client().get("/reset-password").headers
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_form_posted_without_its_csrf_token_is_refused_kindly(
    app: Flask, client: FlaskClient, bob: Account
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/sign-in", data={"email": BOB_EMAIL, "password": BOB_PASSWORD})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Something went wrong with that form" in page
    assert "CSRF" not in page
    with client.session_transaction() as session:
        assert SESSION_KEY not in session


def test_a_form_posted_with_its_csrf_token_is_accepted(
    app: Flask, client: FlaskClient, bob: Account
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/sign-in").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(
        "/sign-in", data={"email": BOB_EMAIL, "password": BOB_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("code", "title"),
    [
        (403, "You cannot do that"),
        (404, "Page not found"),
        (429, "Please wait a moment"),
        (500, "Sorry, something went wrong"),
    ],
)
def test_error_pages_are_friendly_and_reveal_nothing(app: Flask, code: int, title: str) -> None:
    from flask import abort

    @app.get("/fails")
    def fails() -> str:
        if code == 500:
            raise RuntimeError("secret detail in /var/lib/toolkit")
        abort(code)

    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/fails")
    page = response.get_data(as_text=True)
    assert response.status_code == code
    assert title in page
    assert "secret detail" not in page and "Traceback" not in page
    assert 'class="govuk-heading-l"' in page


def test_an_upload_over_the_size_limit_gets_a_friendly_413(client: FlaskClient) -> None:
    response = client.post("/sign-in", data={"email": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "That file is too large" in response.get_data(as_text=True)


def test_names_are_escaped_on_the_pages_this_area_shows(
    client: FlaskClient, signed_in: SignIn
) -> None:
    script = "<script>alert(1)</script>"
    admin = create_admin("eve@example.org", f"Eve {script}", f"Org {script}", "long password 1")
    organisation = admin.memberships[0].organisation
    db.session.commit()
    client = signed_in(admin)
    client.post(
        f"/organisations/{organisation.id}/people",
        data={"email": "mal@example.org", "name": script, "role": "viewer"},
    )
    for url in (
        "/",
        f"/organisations/{organisation.id}/people",
        f"/organisations/{organisation.id}/activity",
        f"/organisations/{organisation.id}/delete",
    ):
        page = client.get(url).get_data(as_text=True)
        assert script not in page, url
        assert "&lt;script&gt;" in page, url
