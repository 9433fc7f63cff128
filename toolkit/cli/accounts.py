"""Commands for whoever looks after the toolkit: the first admin, password links, retention."""

from __future__ import annotations

import click
from flask import Flask, current_app, url_for
from flask.cli import with_appcontext

from toolkit.services.accounts import account_by_email, create_admin, issue_link, looks_like_email
from toolkit.services.passwords import DEFAULT_METHOD, SHORTEST_PASSWORD
from toolkit.services.retention import apply_retention
from toolkit.storage.db import db


def add_account_commands(app: Flask) -> None:
    app.cli.add_command(create_admin_command)
    app.cli.add_command(reset_password)
    app.cli.add_command(retention)


def _check_password(_ctx: object, _param: object, value: str) -> str:
    if len(value) < SHORTEST_PASSWORD:
        raise click.BadParameter(f"choose at least {SHORTEST_PASSWORD} characters.")
    return value


@click.command("create-admin")
@click.option("--email", required=True, help="The admin's email address, used to sign in.")
@click.option("--name", required=True, help="The admin's name, as others will see it.")
@click.option("--organisation", required=True, help="The organisation's name.")
@click.password_option(callback=_check_password, help="Asked for twice when not given.")
@with_appcontext
def create_admin_command(email: str, name: str, organisation: str, password: str) -> None:
    """Create the first admin of an organisation (creating the organisation too)."""
    if not looks_like_email(email):
        raise click.BadParameter("use an address like name@example.org.", param_hint="--email")
    method = current_app.config.get("PASSWORD_HASH_METHOD", DEFAULT_METHOD)
    account = create_admin(email, name, organisation, password, method)
    click.echo(
        f"{account.name} <{account.email}> is an admin of {organisation}. Sign in at /sign-in."
    )


@click.command("reset-password")
@click.argument("email")
@click.option(
    "--site",
    default=None,
    help="The address people use to reach the toolkit (default: BASE_URL, else "
    "http://127.0.0.1:5000).",
)
@with_appcontext
def reset_password(email: str, site: str | None) -> None:
    """Print a link that lets EMAIL choose a new password (it works once, for an hour)."""
    account = account_by_email(email)
    if account is None:
        raise click.ClickException(f"No account has the email address {email}.")
    token = issue_link(account)
    db.session.commit()
    site = site or current_app.config.get("BASE_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context(base_url=site):
        link = url_for("auth.choose_password", token=token, _external=True)
    click.echo(f"Give this link to {account.name}; it works once, within an hour:\n{link}")


@click.command()
@with_appcontext
def retention() -> None:
    """Delete raw answers of rounds past their retention period, keeping published results."""
    rounds = apply_retention()
    for round_ in rounds:
        click.echo(f"Deleted the answers and comments of “{round_.title}”; its results remain.")
    if not rounds:
        click.echo("No round has passed its retention period.")
