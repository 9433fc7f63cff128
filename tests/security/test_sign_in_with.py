"""Signing in with an organisation's own accounts, through a real OpenID Connect provider.

The provider (tests/oidc_provider.py) is Authlib's authorization server on its own
HTTP server; the toolkit runs on another. Every step is a real HTTP request: the
toolkit sends the browser to the provider, the provider sends it back with a code,
and the toolkit fetches and checks the signed ID token.
"""

from __future__ import annotations

import http.cookiejar
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from tests.conftest import sqlite_only
from tests.live import served
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Person, Provider, running_provider
from tests.security.conftest import BOB_EMAIL
from toolkit.services.demo import DEMO_EMAIL, DEMO_SLUG
from toolkit.services.sign_in_providers import Refusal, Refused, address_vouched_for
from toolkit.storage.models import Account, Organisation, SignInProvider

pytestmark = sqlite_only


class Live:
    def __init__(self, address: str, provider: Provider) -> None:
        self.address = address
        self.provider = provider

    def sign_in_as(self, person: Person) -> tuple[int, str, Any]:
        """Follow the whole round trip in a fresh browser; return status, page and browser."""
        self.provider.person = person
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        try:
            reply = browser.open(f"{self.address}/sign-in/with/{DEMO_SLUG}", timeout=20)
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read().decode(), browser
        return reply.status, reply.read().decode(), browser


def set_up(runner: FlaskCliRunner, issuer: str, domains: str = "example.org") -> None:
    result = runner.invoke(
        args=[
            "sign-in-provider",
            "set",
            DEMO_SLUG,
            "--label",
            "Ashby Vale accounts",
            "--issuer",
            issuer,
            "--client-id",
            CLIENT_ID,
            "--domains",
            domains,
        ],
        input=f"{CLIENT_SECRET}\n",
    )
    assert result.exit_code == 0, result.output


@pytest.fixture
def live(app: Flask, demo_organisation: Organisation, runner: FlaskCliRunner) -> Iterator[Live]:
    with served(app) as address:
        redirect_uri = f"{address}/sign-in/with/{DEMO_SLUG}/done"
        with running_provider(redirect_uri) as provider:
            set_up(runner, provider.issuer)
            yield Live(address, provider)


def test_someone_signs_in_with_their_organisations_account(live: Live) -> None:
    status, page, browser = live.sign_in_as(Person(DEMO_EMAIL))
    assert status == 200
    assert "Sign out" in page
    account = browser.open(f"{live.address}/account", timeout=10)
    assert account.geturl().endswith("/account")


def test_an_address_the_provider_has_not_verified_signs_in_nobody(live: Live) -> None:
    status, page, browser = live.sign_in_as(Person(DEMO_EMAIL, email_verified=False))
    assert status == 403
    assert "has not confirmed your email address" in page
    after = browser.open(f"{live.address}/account", timeout=10)
    assert "/sign-in" in after.geturl()


def test_a_provider_cannot_sign_in_another_organisations_account(
    live: Live, bob: Account, runner: FlaskCliRunner
) -> None:
    status, page, _ = live.sign_in_as(Person(BOB_EMAIL))
    assert status == 403
    assert "can sign in only addresses of" in page
    # Even allowed Bob's domain, it signs in only accounts that belong to its organisation.
    set_up(runner, live.provider.issuer, domains="example.org,elsewhere.example")
    status, page, _ = live.sign_in_as(Person(BOB_EMAIL))
    assert status == 403
    assert "No account of" in page


def test_passwords_still_work_beside_it(live: Live) -> None:
    page = urllib.request.urlopen(f"{live.address}/sign-in", timeout=10).read().decode()
    assert 'name="password"' in page
    assert "Sign in with Ashby Vale accounts" in page


def test_a_tampered_return_from_the_provider_signs_in_nobody(live: Live) -> None:
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        browser.open(f"{live.address}/sign-in/with/{DEMO_SLUG}/done?code=x&state=y", timeout=10)
    assert refused.value.code == 400
    assert "did not finish" in refused.value.read().decode()


@pytest.mark.parametrize(
    ("claims", "refusal"),
    [
        ({"email": "a@example.org"}, Refusal.UNVERIFIED),
        ({"email": "a@example.org", "email_verified": False}, Refusal.UNVERIFIED),
        ({"email": "a@example.org", "email_verified": "yes"}, Refusal.UNVERIFIED),
        ({"email_verified": True}, Refusal.UNVERIFIED),
        ({"email": "a@example.org", "xms_edov": "true"}, Refusal.UNVERIFIED),
        ({"email": "a@example.org", "email_verified": False, "xms_edov": True}, Refusal.UNVERIFIED),
        ({"email": "a@example.org.evil.example", "email_verified": True}, Refusal.OTHER_DOMAIN),
        ({"email": "a@sub.example.org", "email_verified": True}, Refusal.OTHER_DOMAIN),
    ],
)
def test_only_a_verified_address_in_its_domains_is_taken(
    claims: dict[str, Any], refusal: Refusal
) -> None:
    provider = SignInProvider(email_domains="example.org")
    with pytest.raises(Refused) as refused:
        address_vouched_for(provider, claims)
    assert refused.value.refusal is refusal


@pytest.mark.parametrize("verified", [{"email_verified": True}, {"xms_edov": True}])
def test_a_verified_address_is_read_in_lower_case(verified: dict[str, bool]) -> None:
    provider = SignInProvider(email_domains="example.org")
    claims = {"email": "Demo@Example.org", **verified}
    assert address_vouched_for(provider, claims) == "demo@example.org"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--domains", "not a domain", "give the domains of its addresses"),
        ("--issuer", "http://login.example.org", "give the issuer's https:// address"),
    ],
)
def test_setting_up_a_provider_explains_a_mistake(
    runner: FlaskCliRunner, demo_organisation: Organisation, option: str, value: str, message: str
) -> None:
    args = {
        "--label": "Ashby Vale accounts",
        "--issuer": "https://login.example.org",
        "--client-id": "toolkit",
        "--domains": "example.org",
        option: value,
    }
    result = runner.invoke(
        args=["sign-in-provider", "set", DEMO_SLUG, *[x for kv in args.items() for x in kv]],
        input="secret\n",
    )
    assert result.exit_code != 0
    assert message in result.output
