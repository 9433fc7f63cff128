"""What a group profile holds: plain values, ready for pages, exports and reports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from toolkit.core.scoring.anonymity import Suppressed
from toolkit.core.scoring.data import Comment
from toolkit.core.scoring.stats import Distribution, Summary

QUESTIONNAIRE_CHANGED = "the questionnaire changed between these rounds, so they are not compared"
MIX_CHANGED = "a different mix of perspectives made up this group, so it is not compared"
# A gap of a third of the 0-100 scale is worth pausing on together.
GAP_TO_FLAG = 33.3

Shown = Summary | Suppressed


@dataclass(frozen=True, slots=True)
class NotComparable:
    """Two rounds whose scores are not set side by side, and why."""

    reason: str = QUESTIONNAIRE_CHANGED


@dataclass(frozen=True, slots=True)
class Change:
    """How far a mean score moved, in points on the 0-100 scale."""

    points: float
    n_then: int
    n_now: int


@dataclass(frozen=True, slots=True)
class ChangeSince:
    """The change since one earlier round."""

    round_key: str
    round_label: str
    closed_on: date | None
    change: Change | Suppressed | NotComparable


@dataclass(frozen=True, slots=True)
class GroupScore:
    """One group's scores on one dimension, and how they moved."""

    summary: Shown
    changes: tuple[ChangeSince, ...]


@dataclass(frozen=True, slots=True)
class DimensionResult:
    dimension: str
    everyone: GroupScore
    by_perspective: Mapping[str, GroupScore]


@dataclass(frozen=True, slots=True)
class ItemResult:
    """Scores (after reversal, so higher is stronger) and answer counts for one item."""

    item: str
    dimension: str | None
    everyone: Shown
    answers: Distribution | Suppressed
    by_perspective: Mapping[str, Shown]
    answers_by_perspective: Mapping[str, Distribution | Suppressed]


@dataclass(frozen=True, slots=True)
class ChoiceResult:
    """How many gave each answer to a question that feeds no score: counts, never a score."""

    item: str
    # The dimension it speaks to, if any: shown beside that dimension's result, not on it.
    dimension: str | None
    answers: Distribution | Suppressed
    answers_by_perspective: Mapping[str, Distribution | Suppressed]


@dataclass(frozen=True, slots=True)
class PerceptionGap:
    """The widest difference between two perspectives on a dimension or item."""

    dimension: str | None
    item: str | None
    higher: str
    higher_mean: float
    higher_n: int
    lower: str
    lower_mean: float
    lower_n: int

    @property
    def points(self) -> float:
        return self.higher_mean - self.lower_mean

    @property
    def flagged(self) -> bool:
        """Say whether the gap is a third of the scale or more."""
        return self.points >= GAP_TO_FLAG


@dataclass(frozen=True, slots=True)
class SplitOpinion:
    """An item where answers gather at both ends; ``group`` None means everyone."""

    item: str
    group: str | None
    n: int
    low_share: float
    high_share: float


@dataclass(frozen=True, slots=True)
class PartnerScores:
    """What one set of raters said about a partner: overall and per item."""

    overall: Shown
    items: Mapping[str, Shown]


@dataclass(frozen=True, slots=True)
class PerceptionMatrix:
    """How member organisations see each other, from about-each-partner items.

    ``cells`` is keyed by (rater member, rated partner); a rater of None is
    people who belong to no member organisation.
    """

    raters: tuple[str | None, ...]
    partners: tuple[str, ...]
    cells: Mapping[tuple[str | None, str], PartnerScores]
    how_it_is_seen: Mapping[str, PartnerScores]
    how_it_sees_others: Mapping[str, PartnerScores]


@dataclass(frozen=True, slots=True)
class RoundProfile:
    key: str
    label: str
    closed_on: date | None
    threshold: int
    responses: int
    # Shown perspective group -> the perspectives in it.
    perspectives: Mapping[str, tuple[str, ...]]
    # Shown perspective group -> how many people answered in it (each at least k).
    took_part: Mapping[str, int]
    dimensions: tuple[DimensionResult, ...]
    items: tuple[ItemResult, ...]
    gaps: tuple[PerceptionGap, ...]
    split_opinions: tuple[SplitOpinion, ...]
    comments: tuple[Comment, ...] | Suppressed
    partners: PerceptionMatrix | None
    # Answers to questions that feed no score, in the questionnaire's order.
    choices: tuple[ChoiceResult, ...] = ()


@dataclass(frozen=True, slots=True)
class GroupProfile:
    """Every round of a group, oldest first."""

    rounds: tuple[RoundProfile, ...]
