"""Dimensions under their category headings, named in the reader's language, for any output."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.core.questionnaire.schema import Questionnaire, localise

# At least this many dimensions make a radar worth drawing; fewer are drawn as bars.
RADAR_DIMENSIONS = 3


@dataclass(frozen=True, slots=True)
class Heading:
    """A category and its dimensions' names by key; key "" stands for a file without categories."""

    key: str
    label: str
    description: str
    dimensions: dict[str, str]

    @property
    def suffix(self) -> str:
        """Tell one category's charts apart by id; nothing for a file without categories."""
        return f"-{self.key}" if self.key else ""

    @property
    def radar(self) -> bool:
        """Say whether a category's chart is a radar rather than bars."""
        return len(self.dimensions) >= RADAR_DIMENSIONS


def headings(questionnaire: Questionnaire, language: str = "en") -> list[Heading]:
    """Group the dimensions under their categories, or under one heading with no name."""
    return [
        Heading(
            key=category.key if category else "",
            label=localise(category.label, language) if category else "",
            description=localise(category.description, language) if category else "",
            dimensions={d.key: localise(d.label, language) for d in dimensions},
        )
        for category, dimensions in questionnaire.grouped()
    ]
