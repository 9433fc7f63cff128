"""The questionnaire file format, as pydantic models.

This module is the single source of truth for what a questionnaire file may
contain: the JSON Schema in ``docs/`` is exported from it and the format
documentation is checked against it. It checks the *shape* of one file;
rules that need the whole file (unknown dimensions, forward ``show_if``,
duplicate keys) live in ``checks.py`` so their messages can suggest fixes.
"""

from __future__ import annotations

import hashlib
import json
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

ENGLISH = "en"
LANGUAGES = ("en", "cy")

KEY_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Key = Annotated[str, Field(pattern=KEY_PATTERN, max_length=64)]

# Versions end up in file names and addresses, so only characters safe in both.
VERSION_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z.+-]*$"
# Stored answers are small whole numbers; this keeps them well inside an integer column.
LOWEST_VALUE, HIGHEST_VALUE = -1000, 1000


def _plain_version(value: str, info: ValidationInfo) -> str:
    """Insist on a version made of letters, digits, dots, hyphens and plus signs."""
    # A round keeps the exact questionnaire it used: one stored before this rule still opens.
    if isinstance(info.context, dict) and info.context.get("stored"):
        return value
    if not re.fullmatch(VERSION_PATTERN, value):
        raise PydanticCustomError(
            "bad_version", "use only letters, digits, dots, hyphens and plus signs"
        )
    return value


# The title is kept beside each stored version, in a column of this size.
LONGEST_TITLE = 300


def _short_title(value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
    """Keep every language's title within the column that stores it."""
    if isinstance(info.context, dict) and info.context.get("stored"):
        return value
    if any(len(text) > LONGEST_TITLE for text in value.values()):
        raise PydanticCustomError(
            "string_too_long",
            "at most {max_length} characters",
            {"max_length": LONGEST_TITLE},
        )
    return value


Version = Annotated[
    str,
    Field(min_length=1, max_length=32),
    AfterValidator(_plain_version),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 32, "pattern": VERSION_PATTERN}),
]


def _as_mapping(value: Any) -> Any:
    """Accept a plain string as the English text."""
    if isinstance(value, str):
        return {ENGLISH: value}
    return value


def _needs_english(value: dict[str, str]) -> dict[str, str]:
    """Insist on English text and known languages."""
    # Custom error types let the loader catalogue these without parsing messages.
    if not value.get(ENGLISH, "").strip():
        raise PydanticCustomError("missing_english", "English text (en) is missing")
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        raise PydanticCustomError(
            "unknown_language",
            "unknown language {language!r}; use one of {allowed}",
            {"language": unknown[0], "allowed": ", ".join(LANGUAGES)},
        )
    return value


LocalText = Annotated[
    dict[str, str],
    BeforeValidator(_as_mapping),
    AfterValidator(_needs_english),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "properties": {lang: {"type": "string"} for lang in LANGUAGES},
                    "required": [ENGLISH],
                    "additionalProperties": False,
                },
            ],
            "description": "Text in English, or a mapping of language code to text.",
        }
    ),
]


def localise(text: dict[str, str] | None, language: str) -> str:
    """Return the text in the language asked for, falling back to English."""
    if text is None:
        return ""
    return text.get(language) or text[ENGLISH]


class Model(BaseModel):
    """Base for every part of a file: unknown fields are errors, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Use(StrEnum):
    ORGANISATION = "organisation"
    TEAM = "team"
    PARTNERSHIP = "partnership"


class ScaleKind(StrEnum):
    AGREEMENT = "agreement"
    FREQUENCY = "frequency"
    RATING = "rating"
    CHECKLIST = "checklist"
    LADDER = "ladder"
    DIFFERENTIAL = "differential"
    # Answers with no better or worse, such as how long someone has been involved.
    CHOICE = "choice"


# A CSS hex colour: "#" and six hex digits, the form every browser and PDF reads alike.
COLOUR_PATTERN = r"^#[0-9A-Fa-f]{6}$"


def _hex_colour(value: Any) -> str:
    """Insist on a colour written as "#" and six hex digits."""
    # An unquoted "#d4351c" reaches here as nothing: YAML reads "#" as the start of a comment.
    if not isinstance(value, str) or not re.fullmatch(COLOUR_PATTERN, value):
        raise PydanticCustomError("bad_colour", "not a CSS hex colour")
    return value


Colour = Annotated[
    str | None,
    BeforeValidator(_hex_colour),
    WithJsonSchema({"type": "string", "pattern": COLOUR_PATTERN}),
]


def _absent(value: Any) -> bool:
    """Leave a field added after the first shipped files out of the hashed form when unused."""
    # So that adding an optional field never changes the content hash of an existing file.
    return value is None


class Option(Model):
    """One answer on a scale; ``value`` orders the options from low to high."""

    value: int = Field(ge=LOWEST_VALUE, le=HIGHEST_VALUE)
    label: LocalText | None = None
    description: LocalText | None = Field(
        default=None, description="What this level looks like (ladders)."
    )
    colour: Colour = Field(
        default=None,
        exclude_if=_absent,
        description=(
            'A status colour for this answer, as "#" and six hex digits in quotes, e.g. "#d4351c".'
            " Give every option of the scale a colour, or none."
        ),
    )


class Exclusion(Model):
    """An answer that is recorded but left out of scores, such as "don't know"."""

    value: Key
    label: LocalText


class Scale(Model):
    kind: ScaleKind
    options: list[Option] = Field(min_length=2)
    excluded: list[Exclusion] = Field(default_factory=list)

    @property
    def lowest(self) -> int:
        return min(option.value for option in self.options)

    @property
    def highest(self) -> int:
        return max(option.value for option in self.options)

    @property
    def colours(self) -> list[str] | None:
        """Return each option's own status colour, lowest first, or None if it has none."""
        found = [option.colour for option in self.options if option.colour]
        return found if len(found) == len(self.options) else None

    def accepts(self, answer: int | str) -> bool:
        """Say whether an answer is one this scale offers."""
        if isinstance(answer, str):
            return any(ex.value == answer for ex in self.excluded)
        return any(option.value == answer for option in self.options)

    def position(self, answer: int | str | None) -> float | None:
        """Place an answer on 0-100, or None when it does not count."""
        if answer is None or isinstance(answer, str) or not self.accepts(answer):
            return None
        return 100.0 * (answer - self.lowest) / (self.highest - self.lowest)


class ShowIf(Model):
    """Show an item only when an earlier item was answered with one of ``any_of``."""

    item: Key
    any_of: list[int | str] = Field(min_length=1)


class Item(Model):
    key: Key
    type: Literal["scale", "text", "choice"] = Field(
        default="scale",
        description=(
            "'scale' for a scored question, 'text' for a free-text story, 'choice' for a"
            " question answered on a scale that feeds no score."
        ),
    )
    dimension: Key | None = None
    text: LocalText
    help: LocalText | None = None
    scale: Key | None = None
    left: LocalText | None = Field(default=None, description="Differential scales: the 'from' end.")
    right: LocalText | None = Field(default=None, description="Differential scales: the 'to' end.")
    reverse: bool = False
    weight: float = Field(default=1.0, gt=0, le=10)
    required: bool = False
    show_if: ShowIf | None = None
    source: str | None = Field(
        default=None, description="Where the item comes from, e.g. '001:1313'."
    )

    @property
    def is_scored(self) -> bool:
        """Say whether answers count towards the item's dimension."""
        return self.type == "scale"

    @property
    def is_story(self) -> bool:
        """Say whether this is a free-text story rather than a pick from a scale."""
        return self.type == "text"

    @property
    def is_choice(self) -> bool:
        """Say whether answers are counted but feed no score."""
        return self.type == "choice"


class Section(Model):
    """One page of the questionnaire."""

    key: Key
    title: LocalText
    intro: LocalText | None = None
    about_each_partner: bool = Field(
        default=False,
        description="Ask these items once about each partner organisation.",
    )
    items: list[Item] = Field(min_length=1)


class Category(Model):
    """A heading above several dimensions, such as one of an instrument's groups of factors."""

    key: Key
    label: LocalText
    description: LocalText | None = None


class Dimension(Model):
    """An axis of the radar."""

    key: Key
    label: LocalText
    description: LocalText | None = None
    prompts: list[LocalText] = Field(
        default_factory=list, description="Reflection prompts used by reports."
    )
    category: Key | None = Field(
        default=None,
        exclude_if=_absent,
        description="The key of the category this dimension sits under, if the file has any.",
    )


class Units(StrEnum):
    """The instrument's own units, shown beside the position from 0 to 100."""

    # The mean answer, on the scale's own numbers: "3.4 on the 1-4 scale".
    MEAN = "mean"
    # The mean answer times the dimension's number of statements, as a paper form adds them up.
    SUM = "sum"


class Scoring(Model):
    method: Literal["weighted-mean"] = "weighted-mean"
    min_answered: int = Field(
        default=1,
        ge=1,
        description="Answered items a dimension needs before it gets a score.",
    )
    units: Units | None = Field(
        default=None,
        exclude_if=_absent,
        description=(
            "Also show each dimension's score in the instrument's own units: 'mean' (the mean"
            " answer on the scale's own numbers) or 'sum' (that mean added up over the"
            " dimension's statements)."
        ),
    )


class GuidanceBand(Model):
    """A range of scores the instrument's authors read in one way, with a prompt to talk about.

    ``from`` and ``to`` are Python words of their own, so the fields carry other names
    and are read and written under these.
    """

    model_config = ConfigDict(serialize_by_alias=True)

    key: Key
    lowest: float = Field(
        alias="from", description="The lowest score in the band, as the score is shown."
    )
    highest: float = Field(
        alias="to", description="The highest score in the band, as the score is shown."
    )
    label: LocalText
    prompt: LocalText


class Guidance(Model):
    """How the instrument's own authors suggest reading a dimension's score: never our grade."""

    source: LocalText
    bands: list[GuidanceBand] = Field(min_length=1)


def _none_written(value: list[Any]) -> bool:
    """Leave a list added after the first shipped files out of the hashed form when empty."""
    return not value


class Questionnaire(Model):
    id: Key
    version: Version
    title: Annotated[LocalText, AfterValidator(_short_title)]
    description: LocalText
    use: list[Use] = Field(min_length=1)
    minutes: int = Field(ge=1, le=120)
    source: LocalText
    licence: str = Field(min_length=1)
    scoring: Scoring = Field(default_factory=Scoring)
    scales: dict[Key, Scale] = Field(min_length=1)
    categories: list[Category] = Field(
        default_factory=list,
        exclude_if=_none_written,
        description="Headings that group the dimensions, each named by its dimensions' category.",
    )
    dimensions: list[Dimension] = Field(min_length=1)
    guidance: Guidance | None = Field(
        default=None,
        exclude_if=_absent,
        description="How the instrument's authors suggest reading a dimension's score.",
    )
    sections: list[Section] = Field(min_length=1)

    @property
    def content_hash(self) -> str:
        """Identify this exact content, whatever the file's layout or comments."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    @property
    def scored_items(self) -> list[Item]:
        return [item for item in self.items if item.is_scored]

    def item(self, key: str) -> Item:
        """Return the item with this key, or raise KeyError."""
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def dimension(self, key: str) -> Dimension:
        """Return the dimension with this key, or raise KeyError."""
        for dimension in self.dimensions:
            if dimension.key == key:
                return dimension
        raise KeyError(key)

    def grouped(self) -> list[tuple[Category | None, list[Dimension]]]:
        """Return the dimensions under their categories, in the file's order.

        A file without categories gives one group, under None.
        """
        if not self.categories:
            return [(None, list(self.dimensions))]
        return [
            (category, [d for d in self.dimensions if d.category == category.key])
            for category in self.categories
        ]

    def own_range(self, dimension: str) -> tuple[int, int, int] | None:
        """Return the lowest and highest score of a dimension in own units, and its statements.

        None when the file asks for no own units, or when the dimension's statements
        use several scales: then there is no one set of numbers to put it on.
        """
        units = self.scoring.units
        statements = [item for item in self.scored_items if item.dimension == dimension]
        if units is None or len({item.scale for item in statements}) != 1:
            return None
        scale = self.scale_for(statements[0])
        times = len(statements) if units is Units.SUM else 1
        return scale.lowest * times, scale.highest * times, len(statements)

    def scale_for(self, item: Item) -> Scale:
        assert item.scale is not None, f"text item {item.key} has no scale"
        return self.scales[item.scale]

    def languages(self) -> set[str]:
        """Languages that the title is written in; others fall back to English."""
        return set(self.title)

    def comparable_with(self, other: Questionnaire) -> bool:
        """Say whether scores from two versions can be set side by side.

        They can when the same scored item keys map to the same dimensions.
        """

        def mapping(q: Questionnaire) -> dict[str, str | None]:
            return {item.key: item.dimension for item in q.scored_items}

        return self.id == other.id and mapping(self) == mapping(other)


def schema_json() -> str:
    """Render the JSON Schema of the file format, as kept in docs/."""
    return json.dumps(Questionnaire.model_json_schema(), indent=2, ensure_ascii=False) + "\n"
