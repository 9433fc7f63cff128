"""What a team may record when it agrees, dimension by dimension, where it stands.

After a check the team talks through each dimension and records one status in the
questionnaire's own answer words for that dimension ("Often", "Dialogue", "Partly"),
never a grade, or that it did not reach agreement: disagreement is recorded, not
averaged away. Plain data in, plain data out; the words around them are the web's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from toolkit.core.questionnaire.schema import Dimension, Questionnaire, Scale, localise

NO_AGREEMENT = "no-agreement"


@dataclass(frozen=True, slots=True)
class Choice:
    """One status a team may record: a point of the scale, or that it did not agree."""

    value: str
    # The scale's own words for this point; None for a point the scale only numbers.
    label: str | None = None
    number: int | None = None

    @property
    def agreed(self) -> bool:
        return self.value != NO_AGREEMENT


def scale_of(questionnaire: Questionnaire, dimension: str) -> Scale | None:
    """Return the scale most of the dimension's scored statements use, None when none do.

    On a tie the first statement's scale wins, so the choice follows the questionnaire's order.
    """
    used = Counter(
        item.scale
        for item in questionnaire.scored_items
        if item.dimension == dimension and item.scale is not None
    )
    if not used:
        return None
    return questionnaire.scales[used.most_common(1)[0][0]]


def dimensions_to_agree(questionnaire: Questionnaire) -> list[Dimension]:
    """Return the dimensions a team can agree a status for, in the questionnaire's order."""
    return [d for d in questionnaire.dimensions if scale_of(questionnaire, d.key) is not None]


def choices(questionnaire: Questionnaire, dimension: str, language: str) -> list[Choice]:
    """List the statuses a team may record: the dimension's scale in order, then no agreement."""
    scale = scale_of(questionnaire, dimension)
    if scale is None:
        return []
    points = [
        Choice(
            str(option.value),
            localise(option.label, language) if option.label else None,
            option.value,
        )
        for option in scale.options
    ]
    return [*points, Choice(NO_AGREEMENT)]


def only_numbered(found: list[Choice]) -> bool:
    """Say whether some point of the scale has no words, so points are named by number."""
    return any(c.agreed and c.label is None for c in found)
