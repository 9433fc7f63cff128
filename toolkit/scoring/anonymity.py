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
     When a line has no shown cell left to hide, its total is hidden instead
     (a group that rated one partner only has a row equal to its one cell).
   Lines are also checked together, as equations: each shown total is a sum
   whose unknowns are its hidden cells with answers, and a hidden cell, or a
   hidden total, is given away when some combination of shown totals adds up
   to exactly it (rows less columns can leave one cell joining two blocks of
   hidden cells). Then one more cell, or total, of a line it is in is hidden.
   Hiding one value can expose another line, so this repeats until nothing
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
A row averages each person's own average, so it is a sum of its cells only
when everyone rated as many partners; treating it as one is the careful side.
Each score is checked on its own: the overall partner score and the item
scores are not checked against each other.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
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
    # The total's own key among the sizes when it may be hidden too; None: always shown.
    total: Cell | None = None


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
    """Decide which cells and totals to hide, given how many people are behind each."""
    hidden = {c: SuppressedBecause.TOO_FEW for c, n in sizes.items() if n < k}
    while (more := _one_more_to_hide(sizes, k, lines, hidden)) is not None:
        hidden[more] = SuppressedBecause.PROTECTS_ANOTHER
    return hidden


def _one_more_to_hide(
    sizes: Mapping[Cell, int],
    k: int,
    lines: Sequence[Line[Cell]],
    hidden: Mapping[Cell, object],
) -> Cell | None:
    """Pick the next cell or total to hide, or None once nothing can be worked out."""
    shown_lines = [line for line in lines if line.total is None or line.total not in hidden]
    for line in shown_lines:
        if not _is_safe(line, sizes, hidden, k):
            more = _next_in(line, sizes, hidden)
            if more is not None:
                return more
    # Each line is safe on its own; lines taken together may still give a value away.
    for secret in _worked_out(lines, shown_lines, sizes, hidden):
        for line in shown_lines:
            more = _next_in(line, sizes, hidden) if secret.intersection(line.cells) else None
            if more is not None:
                return more
    return None


def _next_in(
    line: Line[Cell], sizes: Mapping[Cell, int], hidden: Mapping[Cell, object]
) -> Cell | None:
    """Hide the smallest shown cell with answers, or else the total itself."""
    shown = [c for c in line.cells if c not in hidden and sizes[c] > 0]
    if shown:
        return min(shown, key=lambda c: (sizes[c], str(c)))
    return line.total


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


def _worked_out(
    lines: Sequence[Line[Cell]],
    shown_lines: Sequence[Line[Cell]],
    sizes: Mapping[Cell, int],
    hidden: Mapping[Cell, object],
) -> list[frozenset[Cell]]:
    """Return the hidden values that sums of shown lines give away, as the cells they add.

    Each shown total is an equation whose unknowns are its hidden cells with answers; a
    hidden cell, or a hidden total's hidden cells together, is given away when some
    combination of those equations adds up to exactly it.
    """
    unknown = {c for line in lines for c in line.cells if c in hidden and sizes[c] > 0}
    if not unknown:
        return []
    basis = _echelon([frozenset(unknown.intersection(line.cells)) for line in shown_lines])
    secrets = [frozenset({c}) for line in shown_lines for c in line.cells if c in unknown]
    secrets += [
        frozenset(unknown.intersection(line.cells))
        for line in lines
        if line.total is not None and line.total in hidden and sizes[line.total] > 0
    ]
    return [
        s for s in dict.fromkeys(secrets) if s and not _reduce(dict.fromkeys(s, Fraction(1)), basis)
    ]


def _echelon(equations: Sequence[frozenset[Cell]]) -> list[tuple[Cell, dict[Cell, Fraction]]]:
    """Reduce equations, each a sum of unknowns, to a basis with one leading unknown each."""
    basis: list[tuple[Cell, dict[Cell, Fraction]]] = []
    for equation in equations:
        row = _reduce(dict.fromkeys(equation, Fraction(1)), basis)
        if row:
            lead = min(row, key=str)
            basis.append((lead, {c: v / row[lead] for c, v in row.items()}))
    return basis


def _reduce(
    row: dict[Cell, Fraction], basis: Sequence[tuple[Cell, dict[Cell, Fraction]]]
) -> dict[Cell, Fraction]:
    """Subtract basis rows until no leading unknown is left; empty means in their span."""
    for lead, base in basis:
        factor = row.get(lead)
        if factor:
            for c, v in base.items():
                row[c] = row.get(c, Fraction(0)) - factor * v
                if not row[c]:
                    del row[c]
    return row


def shown_comments(
    round_key: str, total: int, k: int, comments: Sequence[Comment]
) -> tuple[Comment, ...] | Suppressed:
    """Return the round's comments in a steady shuffled order, or hide them."""
    if total < k:
        return Suppressed(SuppressedBecause.TOO_FEW, k)
    ordered = sorted(comments, key=lambda c: (c.text, c.dimension or ""))
    random.Random(f"comments:{round_key}").shuffle(ordered)
    return tuple(ordered)
