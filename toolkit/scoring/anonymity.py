"""Keep every respondent's answers unrecognisable, in every view, export and PDF.

People with least power find it hardest to speak, so they must be able to trust
that nothing they say can be picked out. The rules, and why:

1. Nothing worked out from fewer than k responses is shown (k is the round's
   threshold, 5 unless the facilitator sets another, never below 3): no score,
   count of answers, change or comment. A hidden value is a ``Suppressed``
   object that never carries the hidden number, so a template cannot leak it.
   The k counts the answers behind that very value: a group of 6 in which only
   4 answered about Power has its Power score hidden.

2. Small perspectives are put together. Every perspective with fewer than k
   respondents joins one group, "all other perspectives". If that group is
   still smaller than k, the smallest named perspective joins it too (hiding
   that perspective instead would leave the same people in the gap left over,
   so joining them shows as much and loses nothing). When everyone would end
   up in one group, no breakdown is shown: it would only repeat the total.

3. No hidden value may be worked out by subtraction. Means come with their n,
   so a shown total and shown parts give the sum and n of whatever is hidden:
   total minus the parts shown. That left-over is safe only when it holds no
   answers, or the answers of at least k people. So when the hidden cells of a
   breakdown hold between 1 and k-1 people, or sit in a single cell, the
   smallest shown cell is hidden too (a lone hidden cell of k or more, hidden
   to protect another line, would otherwise give that other line away). This
   is checked for each score separately, because the n behind each
   differs (people skip items):
   - dimension scores and item scores, by perspective, against everyone's;
   - item answer counts by perspective, against everyone's counts (counts are
     sums too: one hidden person's answer could be read off otherwise);
   - the perception matrix, where a rater organisation's ratings of each
     partner add up to "how it sees others" (a row) and every rater group's
     ratings of one partner add up to "how it is seen" (a column). One person
     rates several partners, so a row's hidden cells may share people: there,
     any hidden cell with answers forces a second one of at least k people.
     Hiding one cell can expose another line, so this repeats until nothing
     changes.
   Medians and quartiles cannot be subtracted, so they need no more care.

4. Changes between rounds are differences of two shown means; when either is
   hidden, the change is hidden too, so a group present in only one round
   never shows up as a change.

5. Comments are shown only when the whole round reaches k responses and
   comments were collected. They never carry a perspective, and their order is
   shuffled, the same way on every page load for one round: first put in
   alphabetical order so the shuffle cannot be undone to recover the order
   people answered in, then shuffled with the round's key as the seed.

Known limits: this is k-anonymity on each value, not protection of every
attribute. If all of a group of k answer the same, the counts say so; and in
the perception matrix, hidden cells are protected from exact recovery but not
from the narrower bounds a determined person could get from the 0-100 range.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from toolkit.scoring.data import Comment

OTHER_PERSPECTIVES = "all other perspectives"

Cell = TypeVar("Cell", bound=Hashable)


class SuppressedBecause(StrEnum):
    TOO_FEW = "fewer than {k} responses"
    PROTECTS_ANOTHER = "hidden so that a smaller group's answers cannot be worked out"


@dataclass(frozen=True, slots=True)
class Suppressed:
    """A value that is not shown; it never holds the number it hides."""

    reason: SuppressedBecause
    n_below: int

    @property
    def message(self) -> str:
        """Say in plain words why the value is not shown."""
        return self.reason.value.format(k=self.n_below)


@dataclass(frozen=True, slots=True)
class Line(Generic[Cell]):
    """Cells whose values add up to a total that is shown."""

    cells: tuple[Cell, ...]
    # True when each person counts in one cell only, so hidden sizes simply add up.
    separate_people: bool = True


def group_perspectives(sizes: Mapping[str, int], k: int) -> dict[str, tuple[str, ...]]:
    """Decide which perspectives are shown, merging small ones; empty means none."""
    named = {p for p, n in sizes.items() if n >= k}
    small = set(sizes) - named
    if small and sum(sizes[p] for p in small) < k and named:
        smallest = min(named, key=lambda p: (sizes[p], p))
        named.remove(smallest)
        small.add(smallest)
    groups: dict[str, tuple[str, ...]] = {p: (p,) for p in sorted(named)}
    if small:
        groups[OTHER_PERSPECTIVES] = tuple(sorted(small))
    return groups if len(groups) > 1 else {}


def hide_cells(
    sizes: Mapping[Cell, int], k: int, lines: Sequence[Line[Cell]] = ()
) -> dict[Cell, SuppressedBecause]:
    """Decide which cells to hide, given how many people are behind each."""
    hidden = {c: SuppressedBecause.TOO_FEW for c, n in sizes.items() if n < k}
    if not hidden:
        # Nothing hidden leaves nothing to work out: every line is safe as it is.
        return hidden
    changed = True
    while changed:
        changed = False
        for line in lines:
            if _is_safe(line, sizes, hidden, k):
                continue
            shown = [c for c in line.cells if c not in hidden and sizes[c] > 0]
            if shown:
                hidden[min(shown, key=lambda c: (sizes[c], str(c)))] = (
                    SuppressedBecause.PROTECTS_ANOTHER
                )
                changed = True
    return hidden


def _is_safe(
    line: Line[Cell], sizes: Mapping[Cell, int], hidden: Mapping[Cell, object], k: int
) -> bool:
    left_over = [sizes[c] for c in line.cells if c in hidden and sizes[c] > 0]
    if not left_over:
        return True
    # A lone hidden cell is exposed whatever its size, and through it, its other lines.
    if len(left_over) == 1:
        return False
    if line.separate_people:
        return sum(left_over) >= k
    return max(left_over) >= k


def shown_comments(
    round_key: str, total: int, k: int, comments: Sequence[Comment]
) -> tuple[Comment, ...] | Suppressed:
    """Return the round's comments in a steady shuffled order, or hide them."""
    if total < k:
        return Suppressed(SuppressedBecause.TOO_FEW, k)
    ordered = sorted(comments, key=lambda c: (c.text, c.dimension or ""))
    random.Random(f"comments:{round_key}").shuffle(ordered)
    return tuple(ordered)
