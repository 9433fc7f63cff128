"""Moving a round through its stages, and the dates that go with each move."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from toolkit.core.rounds import RoundError, Term
from toolkit.core.statuses import RoundStatus


@dataclass(frozen=True)
class Step:
    """One move between stages: where it may start from and where it leads."""

    starts_from: frozenset[RoundStatus]
    leads_to: RoundStatus
    refusal: Term


STEPS = {
    "open": Step(
        frozenset({RoundStatus.DRAFT}),
        RoundStatus.OPEN,
        Term("Only a check that is being set up can be opened."),
    ),
    "close": Step(
        frozenset({RoundStatus.OPEN}),
        RoundStatus.CLOSED,
        Term("Only an open check can be closed."),
    ),
    "reopen": Step(
        frozenset({RoundStatus.CLOSED}),
        RoundStatus.OPEN,
        Term("Only a closed check can be reopened."),
    ),
    "share": Step(
        frozenset({RoundStatus.CLOSED}),
        RoundStatus.SHARED,
        Term("Close the check before sharing its results."),
    ),
    "archive": Step(
        frozenset({RoundStatus.CLOSED, RoundStatus.SHARED}),
        RoundStatus.ARCHIVED,
        Term("Close the check before archiving it."),
    ),
}


def next_status(current: RoundStatus, step: str) -> RoundStatus:
    """Return the stage a round moves to, or raise RoundError saying why it cannot."""
    if step not in STEPS:
        raise RoundError("“%(step)s” is not something a check can do.", step=step)
    if step == "reopen" and current in (RoundStatus.SHARED, RoundStatus.ARCHIVED):
        # People have seen results from these answers; more answers would change them.
        raise RoundError(
            "This check's results have already been shared, so it cannot be reopened. "
            "Start a new check to hear from more people."
        )
    rule = STEPS[step]
    if current not in rule.starts_from:
        raise RoundError(rule.refusal)
    return rule.leads_to


def dates_after(step: str, opens_on: date, closes_on: date, today: date) -> tuple[date, date]:
    """Return a round's opening and closing dates once a step is taken on ``today``.

    Opening or closing early moves the date to the day it really happened, so the
    cover of a report and the list of rounds say when answers were really taken.
    Reopening after the closing date keeps the round open until the end of today.
    """
    if step == "open":
        opens_on = min(opens_on, today)
    elif step == "close":
        closes_on = max(min(closes_on, today), opens_on)
    elif step == "reopen":
        closes_on = max(closes_on, today)
    return opens_on, closes_on
