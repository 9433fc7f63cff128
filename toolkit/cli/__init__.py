"""The ``toolkit`` command's subcommands, one module per area; ``toolkit.__main__`` runs them."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from toolkit.storage.database import check_connection


def register_commands(app: Flask) -> None:
    """Attach the commands that need the app (and so a valid configuration)."""
    from toolkit.cli.accounts import add_account_commands
    from toolkit.cli.opendata import add_opendata_commands
    from toolkit.cli.reports import add_report_commands
    from toolkit.cli.routine import add_routine_commands
    from toolkit.cli.sign_in import add_sign_in_commands

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

    from toolkit.services.demo import create_demo

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
    from toolkit.storage.migrations_status import ensure_current

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
