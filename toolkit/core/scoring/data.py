"""The plain data that scoring takes in; the web layer builds it from stored answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from toolkit.core.questionnaire.schema import Questionnaire

if TYPE_CHECKING:
    from toolkit.core.scoring.history import EarlierRelease
    from toolkit.core.scoring.results import RoundProfile

DEFAULT_THRESHOLD = 5
# Below three, a respondent who knows one other answer could work out the last one.
LOWEST_THRESHOLD = 3

# What someone answered, as scoring reads it: an option's value, or the key of an excluded
# answer such as "dont-know". (A stored answer is `storage.models.Answer`.)
AnswerValue = int | str


@dataclass(frozen=True, slots=True)
class Comment:
    """A free-text story answer, kept with the dimension it speaks to, if any."""

    dimension: str | None
    text: str


@dataclass(frozen=True, slots=True)
class ResponseData:
    """One person's answers to one round."""

    perspective: str
    answers: Mapping[str, AnswerValue]
    about_partners: Mapping[str, Mapping[str, AnswerValue]] = field(default_factory=dict)
    member: str | None = None
    comments: Sequence[Comment] = ()
    # Which response this is, the same in every release of the round (its id when stored).
    key: str = ""


@dataclass(frozen=True, slots=True)
class RoundData:
    """One round of a questionnaire and everything people answered in it."""

    key: str
    label: str
    questionnaire: Questionnaire
    responses: Sequence[ResponseData]
    closed_on: date | None = None
    threshold: int = DEFAULT_THRESHOLD
    collect_comments: bool = True
    # The round's results as published, taken as they stand instead of scoring
    # responses: all that is left once its answers are deleted (toolkit.services.retention).
    published: RoundProfile | None = None
    # How perspectives were grouped when the round's results were first released;
    # None until then (see ``anonymity.group_perspectives``).
    grouping: Mapping[str, tuple[str, ...]] | None = None
    # Releases of this round already made, oldest first: a new one is solved with them.
    earlier: Sequence[EarlierRelease] = ()

    def __post_init__(self) -> None:
        if self.threshold < LOWEST_THRESHOLD:
            raise ValueError(
                f"Unexpected anonymity threshold {self.threshold} for round "
                f"{self.key!r}, use {LOWEST_THRESHOLD} or more"
            )
