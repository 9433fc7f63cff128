"""Who stands behind each figure of a round, now and in the releases already made of it.

While a release is being worked out, ``History`` collects the people behind
each figure (``people``), then hands every call to ``hide_cells`` what it
needs to solve this release together with the earlier ones: each cell's people
now, and each earlier release's cells, what it showed of them and their people
then. Without earlier releases and without tracking, it simply hides cells as
one release on its own would.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from toolkit.core.scoring.anonymity import Earlier, Line, Sizes, SuppressedBecause, hide_cells
from toolkit.core.scoring.figures import shown_figures
from toolkit.core.scoring.results import RoundProfile

People = frozenset[str]


@dataclass(frozen=True, slots=True)
class EarlierRelease:
    """A release of the round already made: what it showed, and who stood behind each figure."""

    profile: RoundProfile
    # Figure name -> the keys of the responses behind it.
    people: Mapping[str, People]


@dataclass
class History:
    """The people behind each figure as a release is worked out, and the releases before it."""

    earlier: Sequence[EarlierRelease] = ()
    # None when people are not tracked: a profile for reading, not a release.
    people: dict[str, People] | None = None
    _shown: list[frozenset[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.earlier and self.people is None:
            self.people = {}
        self._shown = [shown_figures(e.profile) for e in self.earlier]

    @property
    def tracking(self) -> bool:
        return self.people is not None

    def record(self, figure: str, keys: Sequence[str] | People) -> None:
        """Note who stands behind a figure in this release."""
        if self.people is not None:
            self.people[figure] = frozenset(keys)

    def hide(
        self,
        sizes: Mapping[Hashable, Sizes],
        k: int,
        lines: Sequence[Line[Hashable]],
        names: Callable[[Hashable], tuple[str, ...]],
    ) -> dict[Hashable, SuppressedBecause]:
        """Hide cells as ``hide_cells`` does, given each cell's figure names (one per measure)."""
        if self.people is None:
            return hide_cells(sizes, k, lines)
        now = {cell: self._people(self.people, names(cell)) for cell in sizes}
        earlier = [
            Earlier(
                shown=frozenset(cell for cell in sizes if names(cell)[0] in shown),
                people={cell: self._people(e.people, names(cell)) for cell in sizes},
                sizes={
                    cell: tuple(map(len, self._people(e.people, names(cell)))) for cell in sizes
                },
            )
            for e, shown in zip(self.earlier, self._shown, strict=True)
        ]
        return hide_cells(sizes, k, lines, now, earlier)

    @staticmethod
    def _people(found: Mapping[str, People], names: tuple[str, ...]) -> tuple[People, ...]:
        return tuple(found.get(n, frozenset()) for n in names)


def pack(people: Mapping[str, People]) -> dict[str, Any]:
    """Keep who stood behind each figure compactly: each response's key once, and per
    figure a bit mask of the responses behind it, in hexadecimal."""
    keys = sorted({key for found in people.values() for key in found})
    place = {key: i for i, key in enumerate(keys)}
    return {
        "responses": keys,
        "figures": {
            figure: format(sum(1 << place[key] for key in found), "x")
            for figure, found in people.items()
        },
    }


def unpack(stored: Mapping[str, Any]) -> dict[str, People]:
    """Read back what ``pack`` kept; an empty record (answers deleted) gives no figures."""
    keys: list[str] = list(stored.get("responses", ()))
    figures: Mapping[str, str] = stored.get("figures", {})
    found = {}
    for figure, mask in figures.items():
        bits = int(mask, 16)
        found[figure] = frozenset(key for i, key in enumerate(keys) if bits >> i & 1)
    return found
