"""Every questionnaire that ships with the toolkit is in Welsh, all of it.

A Welsh respondent should never meet an English question inside a Welsh page, and a
Welsh report should never name an English theme. So every text a respondent or reader
sees, in every shipped file, has Welsh. The texts are found by walking the loaded
questionnaire, not from a list of fields, so a field added to the format later is held
to the same rule as soon as a shipped file uses it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from toolkit.core.questionnaire import default_questionnaire_dir
from toolkit.core.questionnaire.loader import load_questionnaire
from toolkit.core.questionnaire.schema import ENGLISH, LANGUAGES, Questionnaire

WELSH = "cy"
SHIPPED = sorted(default_questionnaire_dir().glob("*.yaml"))


def _load(path: Path) -> Questionnaire:
    result = load_questionnaire(path)
    assert result.questionnaire is not None, [str(p) for p in result.problems]
    return result.questionnaire


def _is_text(value: Any) -> bool:
    """A text people read: English, perhaps other languages, and nothing else."""
    return (
        isinstance(value, dict)
        and ENGLISH in value
        and set(value) <= set(LANGUAGES)
        and all(isinstance(words, str) for words in value.values())
    )


def texts(value: Any, where: str = "") -> Iterator[tuple[str, dict[str, str]]]:
    """Yield every text in a questionnaire with where it is, such as sections[1].title."""
    if _is_text(value):
        yield where, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts(getattr(value, name), f"{where}.{name}" if where else name)
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from texts(child, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, child in enumerate(value):
            yield from texts(child, f"{where}[{index}]")


def without_welsh(questionnaire: Questionnaire) -> list[str]:
    """Where the questionnaire has text with no Welsh, or with Welsh that is the English."""
    return [
        where
        for where, text in texts(questionnaire)
        if not text.get(WELSH, "").strip() or text[WELSH].strip() == text[ENGLISH].strip()
    ]


def test_the_toolkit_ships_questionnaires() -> None:
    assert len(SHIPPED) >= 6


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_every_text_in_a_shipped_questionnaire_has_welsh(path: Path) -> None:
    questionnaire = _load(path)
    assert without_welsh(questionnaire) == []
    assert WELSH in questionnaire.languages()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_the_walk_reaches_every_kind_of_text_in_the_file(path: Path) -> None:
    # Every item's question and every scale's answers are texts; if the walk missed
    # either, the check above would pass on a file it had not read.
    questionnaire = _load(path)
    found = {where for where, _ in texts(questionnaire)}
    assert {"title", "description", "source"} <= found
    for s, section in enumerate(questionnaire.sections):
        assert f"sections[{s}].title" in found
        for i, _ in enumerate(section.items):
            assert f"sections[{s}].items[{i}].text" in found
    for key, scale in questionnaire.scales.items():
        for e, _ in enumerate(scale.excluded):
            assert f"scales.{key}.excluded[{e}].label" in found


def _dropping_welsh(questionnaire: Questionnaire, path: list[str | int]) -> Questionnaire:
    """The same questionnaire with the Welsh taken out of the text at path."""
    data = questionnaire.model_dump(mode="json", exclude_none=True)
    text: Any = data
    for step in path:
        text = text[step]
    del text[WELSH]
    return Questionnaire.model_validate(data)


def test_a_missing_translation_deep_in_the_file_is_found() -> None:
    health_check = _load(default_questionnaire_dir() / "relationship-health-check.yaml")
    label: list[str | int] = ["scales", "rating", "options", 0, "label"]
    assert without_welsh(_dropping_welsh(health_check, label)) == ["scales.rating.options[0].label"]
    help_text: list[str | int] = ["sections", 1, "items", 0, "help"]
    assert without_welsh(_dropping_welsh(health_check, help_text)) == ["sections[1].items[0].help"]


def test_english_copied_into_the_welsh_is_found() -> None:
    health_check = _load(default_questionnaire_dir() / "relationship-health-check.yaml")
    data = health_check.model_dump(mode="json", exclude_none=True)
    data["dimensions"][0]["prompts"][1][WELSH] = data["dimensions"][0]["prompts"][1][ENGLISH]
    assert without_welsh(Questionnaire.model_validate(data)) == ["dimensions[0].prompts[1]"]
