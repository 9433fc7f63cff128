"""The ``toolkit`` command."""

from __future__ import annotations

import os
import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy.exc import OperationalError
from werkzeug.serving import run_simple

from toolkit.config import ConfigError
from toolkit.database import check_connection, unreachable
from toolkit.questionnaire.cli import questionnaires
from toolkit.questionnaire.errors import QuestionnaireError


def _create_app() -> object:
    from toolkit.app import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def cli() -> None:
    """The relationship-based standards self-assessment toolkit."""


def register_commands(app: Flask) -> None:
    """Attach the commands that need the app (and so a valid configuration)."""
    from toolkit.account_commands import add_account_commands
    from toolkit.opendata.commands import add_opendata_commands
    from toolkit.reports.commands import add_report_commands
    from toolkit.routine_commands import add_routine_commands
    from toolkit.sign_in_commands import add_sign_in_commands

    app.cli.add_command(demo)
    app.cli.add_command(serve)
    add_opendata_commands(app)
    add_account_commands(app)
    add_report_commands(app)
    add_routine_commands(app)
    add_sign_in_commands(app)


@click.command()
@with_appcontext
def demo() -> None:
    """Create (or top up) the demo partnership and team, with realistic answers."""
    from flask_migrate import upgrade

    from toolkit.demo import create_demo

    check_connection(current_app.config["SQLALCHEMY_DATABASE_URI"])
    upgrade()
    summary = create_demo()
    click.echo(summary)


@click.command()
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
    # Flask's app.run() refuses to run inside its own CLI, so call Werkzeug directly.
    run_simple(
        host,
        port,
        current_app._get_current_object(),  # type: ignore[attr-defined]
        use_reloader=debug,
        use_debugger=debug,
        threaded=True,
    )


def main() -> None:
    """Run the command, turning configuration mistakes into one clear line."""
    # Checking questionnaire files must work even when the app would refuse to start.
    cli.add_command(questionnaires)
    try:
        cli.main(prog_name="toolkit")
    except (ConfigError, QuestionnaireError) as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    except OperationalError as error:
        # Raised from inside a command (e.g. `db upgrade`) when the server is away.
        url = os.environ.get("DATABASE_URL", "").strip() or "sqlite:///instance/toolkit.sqlite"
        click.echo(f"Error: {unreachable(url, error)}", err=True)
        sys.exit(2)
