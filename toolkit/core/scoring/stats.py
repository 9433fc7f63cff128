"""Summaries of a group's scores and answers: n, mean, median, quartiles, counts.

Quartiles use the "inclusive" method of ``statistics.quantiles`` (the lowest
score is the 0th percentile and the highest the 100th, with straight-line
interpolation between scores), the same as spreadsheets' QUARTILE.INC. It is
worked out here from one sorted list because a profile needs thousands of them.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from toolkit.core.scoring.data import AnswerValue

# Split opinion: at least this share of counted answers at each end of the scale.
SPLIT_SHARE = 0.3
LOW_END = 100 / 3
HIGH_END = 200 / 3
# Positions are computed in floating point; 1/3 of the way must not count as an end.
_EDGE = 1e-9


@dataclass(frozen=True, slots=True)
class Summary:
    """What a group's scores look like, on 0-100."""

    n: int
    mean: float
    median: float
    lower_quartile: float
    upper_quartile: float

    @property
    def spread(self) -> float:
        """Return the inter-quartile range: how far apart the middle half are."""
        return self.upper_quartile - self.lower_quartile


@dataclass(frozen=True, slots=True)
class AnswerCount:
    """How many people gave one answer; excluded answers like "dont-know" included."""

    answer: AnswerValue
    count: int
    excluded: bool


@dataclass(frozen=True, slots=True)
class Distribution:
    """How many people gave each answer to one item, in the scale's order."""

    n: int
    counts: tuple[AnswerCount, ...]


def summarise(scores: Iterable[float]) -> Summary | None:
    """Summarise scores, or return None when there are none."""
    return summarise_sorted(sorted(scores))


def summarise_sorted(ordered: Sequence[float]) -> Summary | None:
    """Summarise scores already sorted low to high, or return None when there are none."""
    n = len(ordered)
    if n == 0:
        return None
    lower, median, upper = quartiles(ordered)
    return Summary(n, sum(ordered) / n, median, lower, upper)


def quartiles(ordered: Sequence[float]) -> tuple[float, float, float]:
    """Return the inclusive-method quartiles of scores already sorted low to high."""
    last = len(ordered) - 1
    if last == 0:
        return ordered[0], ordered[0], ordered[0]
    cuts = []
    for quarter in (1, 2, 3):
        j, part = divmod(quarter * last, 4)
        cuts.append((ordered[j] * (4 - part) + ordered[j + 1] * part) / 4)
    return cuts[0], cuts[1], cuts[2]


def distribution(
    counts: Mapping[AnswerValue, int], excluded: Container[AnswerValue]
) -> Distribution:
    """Turn counts per answer, already in the scale's order, into a distribution."""
    return Distribution(
        n=sum(counts.values()),
        counts=tuple(
            map(_answer_count, counts.keys(), counts.values(), map(excluded.__contains__, counts))
        ),
    )


# A profile holds tens of thousands of answer counts, mostly repeats of a few
# hundred (answer, count) pairs; they are frozen, so one object serves them all.
# Typed, so that True is never mistaken for the answer 1.
_answer_count = lru_cache(maxsize=4096, typed=True)(AnswerCount)


def is_split(counted: Sequence[tuple[float, int]]) -> tuple[float, float] | None:
    """Return the shares at the low and high ends when opinion is split.

    ``counted`` pairs each answer's 0-100 position with how many gave it.
    Opinion is split when at least 30% of counted answers sit at the low end
    of the scale (below 33.3) and at least 30% at the high end (above 66.7).
    Excluded answers such as "dont-know" are not counted.
    """
    total = sum(count for _, count in counted)
    low = sum(count for p, count in counted if ends(p)[0])
    high = sum(count for p, count in counted if ends(p)[1])
    return split_shares(low, high, total)


def ends(position: float) -> tuple[bool, bool]:
    """Say whether a 0-100 position sits at the low end of a scale, and at the high end.

    The ends are the outer thirds without their inner edges. On a 4-point scale
    without a middle, 2 and 3 sit exactly a third of the way in: they lean one way
    but are not ends, or mild agreement and mild disagreement would read as split.
    """
    return position < LOW_END - _EDGE, position > HIGH_END + _EDGE


def split_shares(low: int, high: int, total: int) -> tuple[float, float] | None:
    """Return the shares at the low and high ends when opinion is split.

    ``low`` and ``high`` count the answers at the two ends, ``total`` every
    counted answer; see ``is_split``.
    """
    if not total:
        return None
    low_share, high_share = low / total, high / total
    if low_share >= SPLIT_SHARE and high_share >= SPLIT_SHARE:
        return low_share, high_share
    return None
