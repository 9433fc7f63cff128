"""Counting answers per perspective against those invited: only counts, never who."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProgressRow:
    """How many people of one perspective have answered, against those invited."""

    perspective_key: str | None
    invited: int
    submitted: int
    in_progress: int


@dataclass(frozen=True)
class SinceRelease:
    """How many answers came, went or began since a round's results were released."""

    added: int
    withdrawn: int
    started: int


def progress(
    asked: Iterable[str],
    invited: Iterable[str | None],
    responses: Iterable[tuple[str | None, bool]],
) -> list[ProgressRow]:
    """Count answers per perspective: the asked ones in order, then any left unassigned.

    ``invited`` holds the perspective of each personal invitation; ``responses``
    holds (perspective, submitted) pairs. Only counts come out, never who.
    """
    invited_counts = Counter(invited)
    submitted = Counter(key for key, done in responses if done)
    started = Counter(key for key, done in responses if not done)
    order = list(dict.fromkeys(asked))
    extra = (set(invited_counts) | set(submitted) | set(started)) - set(order)
    if extra:
        order.extend(sorted(k for k in extra if k is not None))
        if None in extra:
            order.append(None)  # type: ignore[arg-type]
    return [ProgressRow(key, invited_counts[key], submitted[key], started[key]) for key in order]
