"""The format documentation and JSON Schema stay true to the models."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from toolkit.core.questionnaire import (
    Category,
    Dimension,
    Exclusion,
    Item,
    Option,
    Questionnaire,
    Scale,
    ScaleKind,
    Scoring,
    Section,
    ShowIf,
    Use,
    load_questionnaire,
)
from toolkit.core.questionnaire.schema import Guidance, GuidanceBand, Units, schema_json

DOCS = Path(__file__).parents[2] / "docs"
FORMAT = (DOCS / "questionnaire-format.md").read_text()
EXAMPLE = DOCS / "examples" / "example.yaml"

# Each model is described under its own heading of the format page.
HEADINGS: dict[type[BaseModel], str] = {
    Questionnaire: "## The top of the file",
    Scale: "## Scales",
    Option: "### Options",
    Exclusion: "### Excluded answers",
    Dimension: "## Dimensions",
    Section: "## Sections",
    Item: "## Items",
    ShowIf: "### Showing an item only sometimes (`show_if`)",
    Scoring: "## Scoring",
    Category: "## Categories",
    Guidance: "## Guidance from the instrument",
    GuidanceBand: "## Guidance from the instrument",
}


def section_of(heading: str) -> str:
    """Return the text under a heading, up to the next heading as high or higher."""
    level = heading.split()[0]
    start = FORMAT.index(f"\n{heading}\n")
    following = re.compile(rf"^#{{1,{len(level)}}} ", re.MULTILINE)
    end = following.search(FORMAT, start + len(heading) + 2)
    return FORMAT[start : end.start() if end else len(FORMAT)]


def test_the_json_schema_in_docs_is_up_to_date() -> None:
    assert (DOCS / "questionnaire.schema.json").read_text() == schema_json(), (
        "docs/questionnaire.schema.json is out of date; regenerate it with "
        "`toolkit questionnaires schema --output docs/questionnaire.schema.json`"
    )


def test_every_model_in_the_schema_has_a_heading() -> None:
    defined = set(Questionnaire.model_json_schema()["$defs"]) | {"Questionnaire"}
    enums = {"ScaleKind", "Use", "Units"}
    assert defined - enums == {model.__name__ for model in HEADINGS}


@pytest.mark.parametrize("model", list(HEADINGS), ids=lambda m: m.__name__)
def test_every_field_is_explained_under_its_heading(model: type[BaseModel]) -> None:
    text = section_of(HEADINGS[model])
    # A field is written in the file under its alias, such as a band's "from".
    names = [field.alias or name for name, field in model.model_fields.items()]
    missing = [name for name in names if f"`{name}`" not in text]
    assert missing == [], f"explain {missing} under {HEADINGS[model]!r}"


@pytest.mark.parametrize("value", [*ScaleKind, *Use, *Units], ids=str)
def test_every_scale_kind_and_use_is_explained(value: str) -> None:
    assert f"`{value}`" in FORMAT


def test_the_example_file_loads_without_problems() -> None:
    result = load_questionnaire(EXAMPLE)
    assert result.problems == []
    assert result.ok


def test_the_example_on_the_format_page_is_the_example_file() -> None:
    example = FORMAT.split("## A complete example", 1)[1]
    embedded = re.search(r"```yaml\n(.*?)```", example, re.DOTALL)
    assert embedded is not None
    assert embedded.group(1) == EXAMPLE.read_text()
