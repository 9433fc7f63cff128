"""Commands for moving an organisation between installs and for API keys."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from toolkit.storage.db import db
from toolkit.storage.models import Account, Membership, Organisation, Role


def add_opendata_commands(app: Flask) -> None:
    """Attach `toolkit archive ...` and `toolkit api-key ...`."""
    app.cli.add_command(archive)
    app.cli.add_command(api_key)


def _organisation(slug: str) -> Organisation:
    found = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if found is None:
        known = ", ".join(db.session.scalars(select(Organisation.slug).order_by(Organisation.slug)))
        raise click.BadParameter(
            f"no organisation has the slug {slug!r}; known slugs: {known or 'none yet'}",
            param_hint="--organisation",
        )
    return found


@click.group()
def archive() -> None:
    """Move an organisation's whole history to another install."""


@archive.command("export")
@click.option("--organisation", "slug", required=True, help="The organisation's slug.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def export_archive(slug: str, output: Path) -> None:
    """Write the archive: each round's released results and the records its downloads hold."""
    from toolkit.opendata.archive import archive_json

    organisation = _organisation(slug)
    # Why a round's records are withheld is said in words; on the command line, in English.
    with force_locale("en"), output.open("w", encoding="utf-8") as file:
        for piece in archive_json(organisation):
            file.write(piece)
    click.echo(
        f"Wrote {organisation.name} to {output}, each round as its downloads show it: "
        "released results and anonymised answers."
    )


@archive.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Report what would be added, and add nothing.")
@click.option("--admin", "admin_email", help="Make this existing account an admin of it.")
@with_appcontext
def import_archive_command(file: Path, dry_run: bool, admin_email: str | None) -> None:
    """Add what an archive holds and this install lacks; importing twice adds nothing."""
    from toolkit.opendata.importing import ArchiveError, import_archive, read_archive

    admin = None
    if admin_email:
        admin = db.session.scalar(select(Account).where(Account.email == admin_email.lower()))
        if admin is None:
            raise click.BadParameter(
                f"no account has the email {admin_email!r}; create it first", param_hint="--admin"
            )
    try:
        archive = read_archive(file.read_text(encoding="utf-8"))
        report = import_archive(archive, dry_run)
    except ArchiveError as error:
        raise click.ClickException(str(error)) from error
    click.echo(str(report))
    if admin is not None and not dry_run:
        organisation = _organisation(archive.organisation.slug)
        if not any(m.organisation_id == organisation.id for m in admin.memberships):
            db.session.add(Membership(account=admin, organisation=organisation, role=Role.ADMIN))
            db.session.commit()
        click.echo(f"{admin.email} is an admin of {organisation.name}.")


@click.group("api-key")
def api_key() -> None:
    """Keys for the read-only JSON API."""


@api_key.command("create")
@click.option("--organisation", "slug", required=True, help="The organisation's slug.")
@click.option("--name", default="Made on the command line", help="What the key is for.")
@with_appcontext
def create_api_key(slug: str, name: str) -> None:
    """Make a key and print it once; only its hash is kept."""
    from toolkit.opendata.keys import create_key

    _, secret = create_key(_organisation(slug), name)
    db.session.commit()
    click.echo(secret)
    click.echo("Copy this key now: it is not stored and cannot be shown again.", err=True)
