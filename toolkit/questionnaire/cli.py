"""Commands to check questionnaire files and export their JSON Schema."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.questionnaire.library import QuestionnaireLibrary, library_dirs
from toolkit.questionnaire.schema import schema_json

SCHEMA_PATH = "docs/questionnaire.schema.json"


@click.group()
def questionnaires() -> None:
    """Check and describe questionnaire files."""


@questionnaires.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--hints/--no-hints", default=True, help="Say how to fix each problem.")
def validate(paths: tuple[Path, ...], hints: bool) -> None:
    """Check questionnaire files or folders (by default, every folder the toolkit reads)."""
    if not paths:
        # Imported here: reading the environment is configuration, not part of the format.
        from toolkit.config import questionnaire_dirs

        paths = tuple(library_dirs(questionnaire_dirs()))
    library = QuestionnaireLibrary.load(paths)
    for problem in library.problems:
        click.echo(str(problem), err=problem.is_error)
        if hints and problem.hint:
            click.echo(f"    fix: {problem.hint}", err=problem.is_error)
    errors = len(library.errors)
    warnings = len(library.problems) - errors
    click.echo(f"{len(library)} questionnaire(s) loaded; {errors} error(s), {warnings} warning(s).")
    if errors:
        raise SystemExit(1)


@questionnaires.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Write to this file instead of the screen, e.g. {SCHEMA_PATH}.",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the questionnaire format."""
    if output is None:
        click.echo(schema_json(), nl=False)
    else:
        output.write_text(schema_json(), encoding="utf-8")
        click.echo(f"Wrote {output}.")
