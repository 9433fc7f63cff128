"""Commands to check questionnaire files and export their JSON Schema."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.core.questionnaire import translation
from toolkit.core.questionnaire.errors import format_path
from toolkit.core.questionnaire.library import QuestionnaireLibrary, library_dirs
from toolkit.core.questionnaire.loader import (
    LoadResult,
    load_questionnaire,
    load_questionnaire_text,
)
from toolkit.core.questionnaire.schema import ENGLISH, LANGUAGES, Questionnaire, schema_json

SCHEMA_PATH = "docs/questionnaire.schema.json"
# The languages a questionnaire can be translated into from its English.
TRANSLATED = [language for language in LANGUAGES if language != ENGLISH]


@click.group()
def questionnaires() -> None:
    """Check and describe questionnaire files."""


@questionnaires.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--hints/--no-hints", default=True, help="Say how to fix each problem.")
@click.option(
    "--missing",
    type=click.Choice(TRANSLATED),
    help="Also list every text with no translation into this language.",
)
def validate(paths: tuple[Path, ...], hints: bool, missing: str | None) -> None:
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
    if missing:
        for questionnaire in library:
            places = translation.missing(questionnaire, missing)
            click.echo(
                f"{questionnaire.id} {questionnaire.version}: "
                f"{len(places)} text(s) with no {missing} translation"
                + "".join(f"\n    {format_path(place)}" for place in places)
            )
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


@questionnaires.command("export-strings")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--language", "-l", type=click.Choice(TRANSLATED), default="cy", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the PO file; by default beside the questionnaire, e.g. x.cy.po.",
)
def export_strings(path: Path, language: str, output: Path | None) -> None:
    """Write a questionnaire's texts as a PO file, for a translator's usual tool."""
    questionnaire = _loaded(load_questionnaire(path), "export its texts")
    output = output or path.with_suffix(f".{language}.po")
    output.write_bytes(translation.catalogue(questionnaire, language))
    untranslated = len(translation.missing(questionnaire, language))
    total = sum(1 for _ in translation.texts(questionnaire))
    click.echo(f"Wrote {output}: {total} text(s), {untranslated} not yet translated.")


@questionnaires.command("import-strings")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("po", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--language", "-l", type=click.Choice(TRANSLATED), default="cy", show_default=True)
def import_strings(path: Path, po: Path, language: str) -> None:
    """Write a translator's PO file into a questionnaire file, keeping its comments."""
    try:
        imported = translation.import_catalogue(
            path.read_text(encoding="utf-8"), po.read_bytes(), language
        )
    except translation.TranslationError as error:
        raise click.ClickException(str(error)) from error
    for reason in imported.skipped:
        click.echo(f"Left as it was: {reason}")
    # The file is only written when it still loads, so an import never breaks it.
    _loaded(load_questionnaire_text(imported.text, path.name), "import the translations")
    path.write_text(imported.text, encoding="utf-8")
    click.echo(
        f"Wrote {imported.written} translation(s) into {path}; "
        f"{imported.untranslated} not translated yet, {len(imported.skipped)} left as they were."
    )
    click.echo(
        "If checks have used this version, give the file a new version number: answers "
        "stay tied to the exact words people saw."
    )


def _loaded(result: LoadResult, doing: str) -> Questionnaire:
    """Return the questionnaire, or stop with its problems and nothing written."""
    if result.questionnaire is None:
        for problem in result.errors:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"Fix the problems above first, then {doing}; nothing was written."
        )
    return result.questionnaire
