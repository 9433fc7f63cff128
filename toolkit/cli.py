"""The ``toolkit`` command."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.exc import DBAPIError, OperationalError

from toolkit.config import ConfigError
from toolkit.database import check_connection


def _create_app() -> object:
    from toolkit import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def cli() -> None:
    """The relationship-based standards self-assessment toolkit."""


@cli.command()
@with_appcontext
def demo() -> None:
    """Create (or top up) the demo partnership and team, with realistic answers."""
    from flask_migrate import upgrade

    from toolkit.demo import create_demo

    check_connection(current_app.config["SQLALCHEMY_DATABASE_URI"])
    upgrade()
    summary = create_demo()
    click.echo(summary)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug/--no-debug", default=False, help="Reload on code changes.")
@with_appcontext
def serve(host: str, port: int, debug: bool) -> None:
    """Run the development server (use gunicorn in production; see README)."""
    from toolkit.migrations_status import ensure_current

    check_connection(current_app.config["SQLALCHEMY_DATABASE_URI"])
    ensure_current()
    click.echo(f"Serving the toolkit at http://{host}:{port}/  (Ctrl+C to stop)")
    current_app.run(host=host, port=port, debug=debug, use_reloader=debug)


def _register_optional_groups() -> None:
    """Attach command groups that live beside their domain code."""
    from toolkit.questionnaire.cli import questionnaires

    cli.add_command(questionnaires)


def main() -> None:
    """Run the command, turning configuration mistakes into one clear line."""
    _register_optional_groups()
    try:
        cli.main(prog_name="toolkit")
    except ConfigError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    except (OperationalError, DBAPIError) as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        click.echo(f"Error: the database refused the request: {reason}. Check DATABASE_URL.", err=True)
        sys.exit(2)
