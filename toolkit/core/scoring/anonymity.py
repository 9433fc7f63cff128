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
   Once a round's results have been released, its grouping stays as it was
   (``frozen``): regrouping would give two overlapping groups whose difference
   is a few people. Perspectives new since then join "all other perspectives".

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
     sums too: one hidden person's answer could be read off otherwise). A
     statement's counts and its score are one cell, hidden together: counts
     give the score, so showing counts where the score is hidden would show
     the score. Such a cell has two sizes, the people whose answers count
     towards the score and everyone who answered (a "don't know" too), and
     each is checked;
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

5. Releases are checked against each other (``earlier``). Figures that have
   left the toolkit stay known for ever, so a new release of a round is
   solved together with every earlier one. Each value's unknown is its cell
   with the very people behind it: a cell whose people are the same as in an
   earlier release is the same unknown, and is known when that release showed
   it; one whose people changed is a new unknown (``toolkit.core.scoring.releases``
   makes sure that they changed by k or more). Earlier releases' shown totals
   are equations too, so a cell hidden now cannot be worked out from a total
   shown before, and cells hidden before, in their earlier form, are secrets
   too.

6. Comments are shown only when the whole round reaches k responses and
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

from toolkit.core.scoring.data import Comment

OTHER_PERSPECTIVES = "all other perspectives"

Cell = TypeVar("Cell", bound=Hashable)
# How many people stand behind a cell: one count, or one per measure of it
# (a statement's cell counts those whose answers score and everyone who answered).
Sizes = int | tuple[int, ...]
# A cell with the very people behind it, in one release or another.
Unknown = tuple[Hashable, Hashable]


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


@dataclass(frozen=True, slots=True)
class Earlier(Generic[Cell]):
    """An earlier release of the same cells: what it showed, and who stood behind each."""

    shown: frozenset[Cell]
    # Each cell's people then, as anything that is equal exactly when they are the same.
    people: Mapping[Cell, Hashable]
    sizes: Mapping[Cell, Sizes]


def group_perspectives(
    sizes: Mapping[str, int], k: int, frozen: Mapping[str, Sequence[str]] | None = None
) -> dict[str, tuple[str, ...]]:
    """Decide which perspectives are shown, merging small ones; empty means none.

    ``frozen`` is the grouping of the round's first release, kept from then on.
    """
    if frozen is not None:
        return _kept(sizes, frozen)
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


def _kept(
    sizes: Mapping[str, int], frozen: Mapping[str, Sequence[str]]
) -> dict[str, tuple[str, ...]]:
    """Keep a released grouping; perspectives new since then join all other perspectives."""
    groups = {g: tuple(members) for g, members in frozen.items()}
    if not groups:
        return {}
    placed = {p for members in groups.values() for p in members}
    new = sorted(p for p in sizes if p not in placed)
    if new:
        groups[OTHER_PERSPECTIVES] = tuple(sorted({*groups.get(OTHER_PERSPECTIVES, ()), *new}))
    return groups


def hide_cells(
    sizes: Mapping[Cell, Sizes],
    k: int,
    lines: Sequence[Line[Cell]] = (),
    people: Mapping[Cell, Hashable] | None = None,
    earlier: Sequence[Earlier[Cell]] = (),
) -> dict[Cell, SuppressedBecause]:
    """Decide which cells and totals to hide, given how many people are behind each.

    ``people`` names who stands behind each cell now, so that ``earlier``
    releases of the same cells can be solved together with this one.
    """
    problem = _Problem({c: _measures(n) for c, n in sizes.items()}, k, lines, people or {}, earlier)
    hidden = {
        c: SuppressedBecause.TOO_FEW
        for c, n in problem.sizes.items()
        if _too_few(n, k) and c not in problem.public
    }
    while (more := problem.one_more_to_hide(hidden)) is not None:
        hidden[more] = SuppressedBecause.PROTECTS_ANOTHER
    return hidden


def _too_few(measures: tuple[int, ...], k: int) -> bool:
    """Say whether a cell comes from too few people: on any measure that holds anyone at all,
    or on its widest, which holds everyone behind it."""
    return max(measures) < k or any(0 < n < k for n in measures)


def _measures(n: Sizes) -> tuple[int, ...]:
    return n if isinstance(n, tuple) else (n,)


@dataclass
class _Problem(Generic[Cell]):
    """The cells, lines and earlier releases that decide what one release may show."""

    sizes: Mapping[Cell, tuple[int, ...]]
    k: int
    lines: Sequence[Line[Cell]]
    people: Mapping[Cell, Hashable]
    earlier: Sequence[Earlier[Cell]]

    def __post_init__(self) -> None:
        self.released: set[Unknown] = {(c, self._then(e, c)) for e in self.earlier for c in e.shown}
        # Cells shown before with the very same people: their values are out already.
        self.public = {c for c in self.sizes if (c, self._now(c)) in self.released}

    def _now(self, cell: Cell) -> Hashable:
        return self.people.get(cell, _NOW)

    def _then(self, release: Earlier[Cell], cell: Cell) -> Hashable:
        return release.people.get(cell, (_THEN, id(release)))

    def one_more_to_hide(self, hidden: Mapping[Cell, object]) -> Cell | None:
        """Pick the next cell or total to hide, or None once nothing can be worked out."""
        shown_lines = [
            line for line in self.lines if line.total is None or line.total not in hidden
        ]
        for line in shown_lines:
            if not self._is_safe(line, hidden):
                more = self._next_in(line, hidden)
                if more is not None:
                    return more
        # Each line is safe on its own; lines together, now and before, may still give one away.
        for secret in self._worked_out(hidden, shown_lines):
            touching = [
                line
                for line in shown_lines
                if secret.intersection((c, self._now(c)) for c in line.cells)
            ]
            # A secret of an earlier release is given away by this release's lines as a whole.
            for line in touching or shown_lines:
                more = self._next_in(line, hidden)
                if more is not None:
                    return more
        return None

    def _next_in(self, line: Line[Cell], hidden: Mapping[Cell, object]) -> Cell | None:
        """Hide the smallest shown cell with answers, or else the total itself."""
        shown = [
            c
            for c in line.cells
            if c not in hidden and c not in self.public and max(self.sizes[c]) > 0
        ]
        if shown:
            return min(shown, key=lambda c: (self.sizes[c], str(c)))
        if line.total is None or line.total in self.public:
            return None
        return line.total

    def _is_safe(self, line: Line[Cell], hidden: Mapping[Cell, object]) -> bool:
        for measure in range(len(next(iter(self.sizes.values()), (0,)))):
            left_over = [
                self.sizes[c][measure]
                for c in line.cells
                if c in hidden and self.sizes[c][measure] > 0
            ]
            if not left_over:
                continue
            # A lone hidden cell is exposed whatever its size, and through it, its other lines.
            if len(left_over) == 1:
                return False
            if (sum(left_over) if line.separate_people else max(left_over)) < self.k:
                return False
        return True

    def _worked_out(
        self, hidden: Mapping[Cell, object], shown_lines: Sequence[Line[Cell]]
    ) -> list[frozenset[Unknown]]:
        """Return the hidden values that sums of shown lines give away, as the unknowns they add.

        Each shown total, now or in an earlier release, is an equation whose
        unknowns are its hidden cells with answers, each with its people then; a
        hidden value is given away when some combination of them adds up to it.
        """
        known = self.released | {(c, self._now(c)) for c in self.sizes if c not in hidden}
        equations: list[frozenset[Unknown]] = []
        secrets: list[frozenset[Unknown]] = []
        for line in shown_lines:
            equations.append(
                frozenset(
                    (c, self._now(c))
                    for c in line.cells
                    if c in hidden and max(self.sizes[c]) > 0 and (c, self._now(c)) not in known
                )
            )
        for line in self.lines:
            unknown_now = [
                (c, self._now(c)) for c in line.cells if c in hidden and max(self.sizes[c]) > 0
            ]
            secrets += [frozenset({u}) for u in unknown_now if u not in known]
            if line.total is not None and line.total in hidden and max(self.sizes[line.total]):
                secrets.append(frozenset(u for u in unknown_now if u not in known))
        for release in self.earlier:
            for line in self.lines:
                if line.total is not None and line.total not in release.shown:
                    continue
                then = [
                    (c, self._then(release, c))
                    for c in line.cells
                    if c not in release.shown and max(_measures(release.sizes.get(c, 0))) > 0
                ]
                then = [u for u in then if u not in known]
                equations.append(frozenset(then))
                secrets += [frozenset({u}) for u in then]
        if not any(equations):
            return []
        numbered = _Numbering()
        basis = _echelon([numbered.row(e) for e in equations])
        return [s for s in dict.fromkeys(secrets) if s and not _reduce(numbered.row(s), basis)]


class _Marker:
    """A stand-in for people not named: every cell is then its own unknown."""


_NOW, _THEN = _Marker(), _Marker()


class _Numbering:
    """Number unknowns in the order they are first met, so results never depend on hashing."""

    def __init__(self) -> None:
        self.numbers: dict[Unknown, int] = {}

    def row(self, unknowns: frozenset[Unknown]) -> dict[int, Fraction]:
        ordered = sorted(unknowns, key=lambda u: self.numbers.setdefault(u, len(self.numbers)))
        return {self.numbers[u]: Fraction(1) for u in ordered}


def _echelon(equations: Sequence[dict[int, Fraction]]) -> list[tuple[int, dict[int, Fraction]]]:
    """Reduce equations, each a sum of unknowns, to a basis with one leading unknown each."""
    basis: list[tuple[int, dict[int, Fraction]]] = []
    for equation in equations:
        row = _reduce(dict(equation), basis)
        if row:
            lead = min(row)
            basis.append((lead, {c: v / row[lead] for c, v in row.items()}))
    return basis


def _reduce(
    row: dict[int, Fraction], basis: Sequence[tuple[int, dict[int, Fraction]]]
) -> dict[int, Fraction]:
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
