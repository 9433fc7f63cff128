"""Decide whether a round's results may change once they have left the toolkit.

Every time figures leave the toolkit (a page, a PDF, a download, the API, a
room's screen) they come from a release: a snapshot of the round's results and
of who stood behind each figure. When answers arrive later (a reopened round,
a late paper entry, the room still answering) or are withdrawn, a new release
is worked out, solved together with the earlier ones (``anonymity``), and
compared with each of them, figure by figure. It may stand only when every
figure it changes has changed by at least k people, answers added and
withdrawn together; otherwise subtracting the two would show those few
people's answers, so the last release stands and says why.

Row-level downloads show each person's answers, so for them additions and
withdrawals are counted apart, per group of rows: three withdrawn and two added
differ by five, yet the rows that vanished are three people's and the new ones
two people's.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from toolkit.core.scoring import figures
from toolkit.core.scoring.data import RoundData
from toolkit.core.scoring.history import EarlierRelease, People
from toolkit.core.scoring.profile import Release, score_release

RowGroup = TypeVar("RowGroup", bound=Hashable)

# Rows are shown in these groups: a perspective shown, or the partner answered about.
ROW_GROUPS = (figures.TOOK_PART, figures.RATED)


@dataclass(frozen=True, slots=True)
class Changes:
    """How the answers now differ from a release already made."""

    added: int
    withdrawn: int
    # True when some figure changed by fewer than k people, so the release stands.
    held_back: bool

    @property
    def any(self) -> bool:
        return bool(self.added or self.withdrawn)


@dataclass(frozen=True, slots=True)
class Proposal:
    """A new release of a round's results, or why the latest release stands."""

    changes: Changes
    release: Release | None


def propose(round_: RoundData, earlier: Sequence[EarlierRelease]) -> Proposal:
    """Work out the round's results from its answers now, and say whether they may be released.

    ``earlier`` holds the releases already made, oldest first; the first
    release's grouping of perspectives is kept by every later one.
    """
    grouping = dict(earlier[-1].profile.perspectives) if earlier else None
    candidate = score_release(replace(round_, earlier=tuple(earlier), grouping=grouping))
    changes = compare(candidate.people, [e.people for e in earlier], round_.threshold)
    may_release = not earlier or (changes.any and not changes.held_back)
    return Proposal(changes, candidate if may_release else None)


def compare(now: Mapping[str, People], earlier: Sequence[Mapping[str, People]], k: int) -> Changes:
    """Compare the people behind each figure now with every earlier release's.

    ``earlier`` is oldest first; the counts of answers added and withdrawn are
    since the latest.
    """
    latest = earlier[-1] if earlier else {}
    everyone_now = now.get(figures.RESPONSES, frozenset())
    everyone_then = latest.get(figures.RESPONSES, frozenset())
    return Changes(
        added=len(everyone_now - everyone_then),
        withdrawn=len(everyone_then - everyone_now),
        held_back=any(_moved_by_too_few(now, then, k) for then in earlier),
    )


def _moved_by_too_few(now: Mapping[str, People], then: Mapping[str, People], k: int) -> bool:
    empty: People = frozenset()
    return any(
        0 < len(now.get(figure, empty) ^ then.get(figure, empty)) < k
        for figure in now.keys() | then.keys()
    )


def rows_may_follow(
    now: Mapping[RowGroup, People], earlier: Iterable[Mapping[RowGroup, People]], k: int
) -> bool:
    """Say whether rows may go out grouped as ``now``, after rows that went out before.

    In every group of rows, the rows added and the rows gone since each earlier
    download must each be none, or come from k people or more.
    """
    empty: People = frozenset()
    for then in earlier:
        for group in now.keys() | then.keys():
            added = now.get(group, empty) - then.get(group, empty)
            gone = then.get(group, empty) - now.get(group, empty)
            if 0 < len(added) < k or 0 < len(gone) < k:
                return False
    return True
