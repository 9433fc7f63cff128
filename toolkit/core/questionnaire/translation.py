"""A questionnaire's words as a translator's catalogue (a PO file), and back into its file.

Translators work in tools such as Poedit, Lokalise or Weblate, which read and write
PO files. Each text of a questionnaire becomes one entry: its place in the file as
the context (``items[3].text``), the English as the source and the translation, if
there is one yet, as the target. Importing writes the translations back into the
YAML file, keeping its comments and layout, and only where the English is still what
was exported: a statement reworded since then keeps its old translation until the
translator has seen the new words.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString

from toolkit.core.questionnaire.errors import Loc, format_path
from toolkit.core.questionnaire.schema import ENGLISH, Questionnaire

PATH_PART = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")
# Folded text is written in lines of about this many characters, as the shipped files are.
FOLD_WIDTH = 74
# A key on its own line, then the first key of the mapping or the first dash of the list in
# it: how the author indents. (Lines of folded text never end in a colon, so are not seen.)
MAPPING_INSIDE_MAPPING = re.compile(r"^( *)[^\s#-][^\n]*:[ \t]*\n( +)[^\s#-][^\n]*:", re.M)
LIST_INSIDE_MAPPING = re.compile(r"^( *)[^\s#-][^\n]*:[ \t]*\n( *)- ", re.M)


class TranslationError(ValueError):
    """A catalogue or file that cannot be read; the message says what to do."""


def texts(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, dict[str, str]]]:
    """Yield every translatable text in a questionnaire with its place in the file."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts(getattr(value, name), (*loc, name))
    elif (
        isinstance(value, dict)
        and ENGLISH in value
        and all(isinstance(v, str) for v in value.values())
    ):
        yield loc, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from texts(child, (*loc, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from texts(child, (*loc, i))


def missing(questionnaire: Questionnaire, language: str) -> list[Loc]:
    """Return where the questionnaire has no text in the language."""
    return [loc for loc, text in texts(questionnaire) if not text.get(language, "").strip()]


def catalogue(questionnaire: Questionnaire, language: str) -> bytes:
    """Write the questionnaire's texts as a PO file for translating into the language."""
    catalog = Catalog(
        locale=language,
        project=f"{questionnaire.id} {questionnaire.version}",
        version=questionnaire.version,
        fuzzy=False,
    )
    for loc, text in texts(questionnaire):
        catalog.add(text[ENGLISH], text.get(language, ""), context=format_path(loc))
    out = io.BytesIO()
    write_po(out, catalog, width=0, omit_header=False)
    return out.getvalue()


@dataclass
class Imported:
    """What importing a catalogue did to a file."""

    text: str
    written: int = 0
    untranslated: int = 0
    # One sentence for each entry left alone, saying why.
    skipped: list[str] = field(default_factory=list)


def import_catalogue(source: str, po: bytes, language: str) -> Imported:
    """Write a PO file's translations into a questionnaire file's YAML text.

    Raises TranslationError when the PO file or the YAML cannot be read.
    """
    try:
        catalog = read_po(io.BytesIO(po), locale=language, abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as error:
        raise TranslationError(
            f"The PO file cannot be read ({error}). Export it again with "
            "`toolkit questionnaires export-strings`, or save it from your translation tool "
            "as a PO file."
        ) from error
    rounder = YAML(typ="rt")
    rounder.preserve_quotes = True
    # Lines are folded where the author folded them, never anew.
    rounder.width = 4096
    try:
        dash_offset = _dash_offset(source)
        rounder.indent(
            mapping=_indent(MAPPING_INSIDE_MAPPING, source, 2),
            sequence=dash_offset + 2,
            offset=dash_offset,
        )
        data = rounder.load(source)
    except YAMLError as error:
        raise TranslationError(
            f"The questionnaire file is not valid YAML ({error}); fix it first, then import."
        ) from error
    result = Imported(text=source)
    for message in catalog:
        if not message.id or not message.context:
            continue
        place, translated = message.context, message.string
        # Questionnaire texts have no plural forms: an entry with them is not ours.
        if not isinstance(translated, str) or not translated or message.fuzzy:
            result.untranslated += 1
            continue
        found = _find(data, place)
        if found is None:
            result.skipped.append(f"{place}: not in this file; was it exported from another one?")
            continue
        parent, key = found
        current = parent[key]
        english = current if isinstance(current, str) else current.get(ENGLISH)
        if english != message.id:
            result.skipped.append(
                f"{place}: the English has changed since the export; export again and "
                "translate the new words."
            )
            continue
        if not isinstance(current, str) and current.get(language) == translated:
            continue
        styled = _styled_like(english, translated)
        if isinstance(current, str):
            parent[key] = CommentedMap([(ENGLISH, current), (language, styled)])
        else:
            current[language] = styled
        result.written += 1
    out = io.StringIO()
    rounder.dump(data, out)
    result.text = out.getvalue()
    return result


def _styled_like(english: str, text: str) -> str:
    """Write a translation as the English is written: folded over lines, or plain.

    Plain text that a YAML reader would take for something else ("Na", "Ie: 1")
    is quoted, so "No" in any language stays words.
    """
    if not isinstance(english, FoldedScalarString):
        return text if _reads_back_as_text(text) else DoubleQuotedScalarString(text)
    folded = FoldedScalarString(text)
    folded.fold_pos = _fold_points(text)  # type: ignore[attr-defined]
    return folded


def _indent(pattern: re.Pattern[str], source: str, usual: int) -> int:
    """Return how far the file indents what ``pattern`` finds, or the usual amount."""
    found = pattern.search(source)
    return len(found.group(2)) - len(found.group(1)) if found else usual


def _dash_offset(source: str) -> int:
    """Return how far a list's dashes sit inside the key that holds the list."""
    return _indent(LIST_INSIDE_MAPPING, source, 2)


def _reads_back_as_text(text: str) -> bool:
    try:
        return bool(yaml.safe_load(f"text: {text}") == {"text": text})
    except yaml.YAMLError:
        return False


def _fold_points(text: str) -> list[int]:
    """Return the spaces to fold at so that no line is much over FOLD_WIDTH characters."""
    points: list[int] = []
    line_start, previous = 0, None
    for space in (match.start() for match in re.finditer(" ", text)):
        if space - line_start > FOLD_WIDTH and previous is not None and previous > line_start:
            points.append(previous)
            line_start = previous + 1
        previous = space
    if len(text) - line_start > FOLD_WIDTH and previous is not None and previous > line_start:
        points.append(previous)
    return points


def _find(data: Any, place: str) -> tuple[Any, str | int] | None:
    """Return the container holding the text at ``place`` and its key there."""
    parts: list[str | int] = [
        int(index) if index else name for name, index in PATH_PART.findall(place)
    ]
    if not parts:
        return None
    node = data
    for part in parts[:-1]:
        node = _child(node, part)
        if node is None:
            return None
    last = parts[-1]
    if _child(node, last) is None:
        return None
    return node, last


def _child(node: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return node[part] if isinstance(node, list) and part < len(node) else None
    return node.get(part) if isinstance(node, dict) else None
