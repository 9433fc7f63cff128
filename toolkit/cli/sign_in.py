"""`toolkit sign-in-provider`: set up an organisation's own sign-in service, or remove it."""

from __future__ import annotations

from urllib.parse import urlsplit

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from toolkit.services.audit import record
from toolkit.storage.db import db
from toolkit.storage.models import Organisation, SignInProvider


def add_sign_in_commands(app: Flask) -> None:
    app.cli.add_command(sign_in_provider)


@click.group("sign-in-provider")
def sign_in_provider() -> None:
    """Let an organisation's people sign in with their own accounts (OpenID Connect)."""


def _organisation(slug: str) -> Organisation:
    found = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if found is None:
        raise click.ClickException(
            f"No organisation has the short name {slug!r}; it is in the address of its pages."
        )
    return found


def _domains(text: str) -> str:
    domains = [d.strip().lower().lstrip("@") for d in text.split(",") if d.strip()]
    if not domains or any("." not in d or "@" in d or " " in d for d in domains):
        raise click.BadParameter("give the domains of its addresses, like ashbyvale.gov.uk,nhs.net")
    return ",".join(domains)


def _issuer(text: str) -> str:
    parts = urlsplit(text.strip())
    if parts.scheme != "https" and parts.hostname not in {"127.0.0.1", "localhost"}:
        raise click.BadParameter("give the issuer's https:// address, as the README shows")
    return text.strip().rstrip("/")


@sign_in_provider.command("set")
@click.argument("organisation")
@click.option("--label", required=True, help='Shown as "Sign in with LABEL".')
@click.option("--issuer", required=True, help="The provider's issuer address (see the README).")
@click.option("--client-id", required=True)
@click.option("--client-secret", prompt=True, hide_input=True)
@click.option("--domains", required=True, help="Email domains it may sign in, comma separated.")
@with_appcontext
def set_provider(
    organisation: str, label: str, issuer: str, client_id: str, client_secret: str, domains: str
) -> None:
    """Set up ORGANISATION's sign-in service (its short name, as in its pages' addresses)."""
    found = _organisation(organisation)
    provider = db.session.scalar(
        select(SignInProvider).where(SignInProvider.organisation_id == found.id)
    ) or SignInProvider(organisation=found)
    provider.label = label.strip()
    provider.issuer = _issuer(issuer)
    provider.client_id = client_id.strip()
    provider.client_secret = client_secret.strip()
    provider.email_domains = _domains(domains)
    db.session.add(provider)
    record("set up signing in with", provider.label, found.id)
    db.session.commit()
    click.echo(
        f"{found.name}'s people can now sign in with {provider.label}, for addresses at "
        f"{provider.email_domains.replace(',', ', ')}."
    )


@sign_in_provider.command("remove")
@click.argument("organisation")
@with_appcontext
def remove_provider(organisation: str) -> None:
    """Stop ORGANISATION's people signing in with its own service; passwords still work."""
    found = _organisation(organisation)
    provider = db.session.scalar(
        select(SignInProvider).where(SignInProvider.organisation_id == found.id)
    )
    if provider is None:
        raise click.ClickException(f"{found.name} has no sign-in service set up.")
    db.session.delete(provider)
    record("stopped signing in with", provider.label, found.id)
    db.session.commit()
    click.echo(f"{found.name}'s people sign in with their passwords again.")
