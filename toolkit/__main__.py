"""The ``toolkit`` command: the installed ``toolkit``, or ``python -m toolkit``."""

from __future__ import annotations

import os
import sys

import click
from flask.cli import FlaskGroup
from sqlalchemy.exc import OperationalError

from toolkit.app import create_app
from toolkit.cli.questionnaires import questionnaires
from toolkit.config import ConfigError
from toolkit.core.questionnaire.errors import QuestionnaireError
from toolkit.storage.database import unreachable


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False)
def cli() -> None:
    """The relationship-based standards self-assessment toolkit."""


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


if __name__ == "__main__":
    main()
