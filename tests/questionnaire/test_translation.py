"""A questionnaire's texts out to a translator as a PO file, and their work back into the file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner
from ruamel.yaml import YAML

from toolkit.cli.questionnaires import questionnaires
from toolkit.core.questionnaire import translation
from toolkit.core.questionnaire.errors import format_path
from toolkit.core.questionnaire.loader import load_questionnaire, load_questionnaire_text
from toolkit.core.questionnaire.schema import Questionnaire

SHIPPED = sorted(Path("questionnaires").glob("*.yaml"))
HEALTH_CHECK = Path("questionnaires/relationship-health-check.yaml")


def without_welsh(source: str) -> str:
    """The file as its English author wrote it: every cy text taken out, comments kept."""
    rounder = YAML(typ="rt")
    rounder.preserve_quotes = True
    rounder.width = 4096
    rounder.indent(mapping=2, sequence=4, offset=2)
    data = rounder.load(source)

    def strip(node: object) -> None:
        if isinstance(node, dict):
            node.pop("cy", None)
            for child in node.values():
                strip(child)
        elif isinstance(node, list):
            for child in node:
                strip(child)

    strip(data)
    out = io.StringIO()
    rounder.dump(data, out)
    return out.getvalue()


def translated_by(po: bytes, welsh: Questionnaire) -> bytes:
    """Fill every entry of a PO file as a translator would, from a Welsh questionnaire."""
    catalog = read_po(io.BytesIO(po))
    wanted = {format_path(loc): text["cy"] for loc, text in translation.texts(welsh)}
    for message in catalog:
        if message.id:
            message.string = wanted[message.context]
    out = io.BytesIO()
    write_po(out, catalog)
    return out.getvalue()


def loaded(text: str) -> Questionnaire:
    result = load_questionnaire_text(text)
    assert result.questionnaire is not None, result.errors
    return result.questionnaire


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_translators_work_comes_back_as_the_welsh_file(path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    welsh = loaded(original)
    english_only = without_welsh(original)
    english = loaded(english_only)
    assert len(translation.missing(english, "cy")) == sum(1 for _ in translation.texts(english))

    po = translation.catalogue(english, "cy")
    imported = translation.import_catalogue(english_only, translated_by(po, welsh), "cy")

    assert imported.skipped == []
    assert imported.written == sum(1 for _ in translation.texts(welsh))
    assert loaded(imported.text) == welsh
    # The author's comments are still there.
    assert [line for line in imported.text.splitlines() if line.startswith("#")] == [
        line for line in original.splitlines() if line.startswith("#")
    ]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_importing_what_was_exported_leaves_a_shipped_file_exactly_as_it_was(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    questionnaire = loaded(source)
    imported = translation.import_catalogue(
        source, translation.catalogue(questionnaire, "cy"), "cy"
    )
    assert (imported.written, imported.skipped) == (0, [])
    assert imported.text == source


def test_reworded_english_keeps_its_old_translation_until_the_translator_sees_it() -> None:
    source = HEALTH_CHECK.read_text(encoding="utf-8")
    english_only = without_welsh(source)
    po = translated_by(translation.catalogue(loaded(english_only), "cy"), loaded(source))
    [first] = [loc for loc, _ in translation.texts(loaded(english_only)) if loc[-1] == "text"][:1]
    statement = dict(translation.texts(loaded(english_only)))[first]["en"]
    reworded = english_only.replace(statement, statement + " Mostly.", 1)

    imported = translation.import_catalogue(reworded, po, "cy")

    place = format_path(first)
    assert imported.skipped == [
        f"{place}: the English has changed since the export; export again and translate "
        "the new words."
    ]
    assert place in [format_path(loc) for loc in translation.missing(loaded(imported.text), "cy")]


@pytest.mark.parametrize("welsh", ["Y", "Ie: 1", "#1", "- un"])
def test_a_welsh_text_a_yaml_reader_would_misread_is_quoted(welsh: str) -> None:
    english_only = without_welsh(HEALTH_CHECK.read_text(encoding="utf-8"))
    catalog = read_po(io.BytesIO(translation.catalogue(loaded(english_only), "cy")))
    [title] = [m for m in catalog if m.context == "title"]
    title.string = welsh
    out = io.BytesIO()
    write_po(out, catalog)

    imported = translation.import_catalogue(english_only, out.getvalue(), "cy")

    assert loaded(imported.text).title["cy"] == welsh


def test_entries_marked_fuzzy_or_left_empty_are_not_written() -> None:
    english_only = without_welsh(HEALTH_CHECK.read_text(encoding="utf-8"))
    catalog = read_po(io.BytesIO(translation.catalogue(loaded(english_only), "cy")))
    entries = [m for m in catalog if m.id]
    entries[0].string = "Drafft"
    entries[0].flags.add("fuzzy")
    entries[1].string = "Gwiriad iechyd perthynas"
    out = io.BytesIO()
    write_po(out, catalog)

    imported = translation.import_catalogue(english_only, out.getvalue(), "cy")

    assert (imported.written, imported.untranslated) == (1, len(entries) - 1)
    assert "Drafft" not in imported.text


@pytest.mark.parametrize(
    ("po", "says"),
    [
        (b"a line no PO file has\n", "The PO file cannot be read"),
        (b'msgid "a" b\n', "The PO file cannot be read"),
        (b"\xff\xfe not a po file", "The PO file cannot be read"),
    ],
)
def test_a_po_file_that_cannot_be_read_is_refused_with_what_to_do(po: bytes, says: str) -> None:
    with pytest.raises(translation.TranslationError, match=says):
        translation.import_catalogue(HEALTH_CHECK.read_text(encoding="utf-8"), po, "cy")


def test_the_commands_export_import_and_list_what_is_missing(tmp_path: Path) -> None:
    source = HEALTH_CHECK.read_text(encoding="utf-8")
    english_file = tmp_path / "health.yaml"
    english_file.write_text(without_welsh(source), encoding="utf-8")
    runner = CliRunner()

    listed = runner.invoke(questionnaires, ["validate", str(english_file), "--missing", "cy"])
    english = loaded(english_file.read_text(encoding="utf-8"))
    total = sum(1 for _ in translation.texts(english))
    assert (
        f"relationship-health-check {english.version}: {total} text(s) with no cy translation"
        in (listed.output)
    )
    assert "\n    title\n" in listed.output

    exported = runner.invoke(questionnaires, ["export-strings", str(english_file)])
    assert exported.exit_code == 0, exported.output
    po_file = tmp_path / "health.cy.po"
    assert f"{total} text(s), {total} not yet translated" in exported.output
    po_file.write_bytes(translated_by(po_file.read_bytes(), loaded(source)))

    imported = runner.invoke(questionnaires, ["import-strings", str(english_file), str(po_file)])
    assert imported.exit_code == 0, imported.output
    assert f"Wrote {total} translation(s)" in imported.output
    assert load_questionnaire(english_file).questionnaire == loaded(source)
    again = runner.invoke(questionnaires, ["validate", str(english_file), "--missing", "cy"])
    assert "0 text(s) with no cy translation" in again.output


def test_an_import_that_would_break_the_file_writes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nversion: [\n", encoding="utf-8")
    po = tmp_path / "x.po"
    po.write_bytes(translation.catalogue(loaded(HEALTH_CHECK.read_text(encoding="utf-8")), "cy"))
    result = CliRunner().invoke(questionnaires, ["import-strings", str(broken), str(po)])
    assert result.exit_code != 0
    assert "not valid YAML" in result.output
    assert broken.read_text(encoding="utf-8") == "id: x\nversion: [\n"
