"""Signing in with an organisation's own accounts, through OpenID Connect (Authlib)."""

from __future__ import annotations

from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask import Blueprint, abort, redirect, url_for
from flask_babel import gettext as _
from joserfc.errors import JoseError
from requests import RequestException
from sqlalchemy import select
from werkzeug.wrappers import Response

from toolkit.services.labels import current_language
from toolkit.services.links import external_url
from toolkit.services.sign_in_providers import Refusal, Refused, account_signing_in
from toolkit.storage.db import db
from toolkit.storage.models import Organisation, SignInProvider
from toolkit.web.access import sign_in as start_session
from toolkit.web.auth import sign_in_page

blueprint = Blueprint("sign_in_with", __name__)


def _provider(slug: str) -> SignInProvider:
    provider = db.session.scalar(
        select(SignInProvider).join(Organisation).where(Organisation.slug == slug)
    )
    if provider is None:
        abort(404)
    return provider


def _client(provider: SignInProvider) -> FlaskOAuth2App:
    # Made afresh from the database each time, so a change of settings takes effect at once
    # on every web worker.
    name = f"provider-{provider.id}"
    return FlaskOAuth2App(
        FlaskIntegration(name),
        name,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        server_metadata_url=f"{provider.issuer.rstrip('/')}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile"},
    )


@blueprint.get("/sign-in/with/<slug>")
def start(slug: str) -> Response | tuple[str, int]:
    """Send the person to their organisation's sign-in service."""
    provider = _provider(slug)
    try:
        return _client(provider).authorize_redirect(  # type: ignore[no-any-return]
            external_url("sign_in_with.done", slug=slug)
        )
    except (OAuthError, RequestException, ValueError):
        return sign_in_page(
            error=_(
                "%(label)s is not answering. Try again in a few minutes, or sign in with "
                "your password.",
                label=provider.label,
            ),
            status=502,
        )


@blueprint.get("/sign-in/with/<slug>/done")
def done(slug: str) -> Response | tuple[str, int]:
    """Sign in the account the organisation's service vouches for, if it may."""
    provider = _provider(slug)
    try:
        token = _client(provider).authorize_access_token()
    except (OAuthError, RequestException, JoseError, ValueError, KeyError):
        return sign_in_page(
            error=_(
                "Signing in with %(label)s did not finish. Try again, or sign in with your "
                "password.",
                label=provider.label,
            ),
            status=400,
        )
    try:
        account = account_signing_in(provider, token.get("userinfo") or {})
    except Refused as refused:
        return sign_in_page(error=_refusal(refused.refusal, provider), status=403)
    account.language = current_language()
    start_session(account)
    return redirect(url_for("home.index"))


def _refusal(refusal: Refusal, provider: SignInProvider) -> str:
    if refusal is Refusal.UNVERIFIED:
        return _(
            "%(label)s has not confirmed your email address, so it cannot sign you in here. "
            "Sign in with your password instead.",
            label=provider.label,
        )
    if refusal is Refusal.OTHER_DOMAIN:
        return _(
            "%(label)s can sign in only addresses of %(organisation)s. Sign in with your "
            "password instead.",
            label=provider.label,
            organisation=provider.organisation.name,
        )
    return _(
        "No account of %(organisation)s has your email address. Ask one of its admins to "
        "invite you, then try again.",
        organisation=provider.organisation.name,
    )
