"""Checking what a facilitator asked for when setting a round up, before it is saved."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from toolkit.core.rounds import RoundError, Term
from toolkit.core.rounds.dates import DateParts, read_date
from toolkit.core.scoring.data import LOWEST_THRESHOLD


@dataclass(frozen=True)
class RoundPlan:
    """What a facilitator asked for when setting up a round, before it is saved."""

    title: str
    opens: DateParts
    closes: DateParts
    threshold: int | None
    perspective_keys: tuple[str, ...]
    collect_comments: bool = True


@dataclass
class CheckedPlan:
    """A plan's dates, read, and any problems found, keyed by the field they belong to."""

    opens_on: date | None = None
    closes_on: date | None = None
    problems: dict[str, RoundError] = field(default_factory=dict)


def check_plan(plan: RoundPlan, group_perspectives: Iterable[str]) -> CheckedPlan:
    """Check a round plan against the rules, collecting a message for every field."""
    checked = CheckedPlan()
    if not plan.title.strip():
        checked.problems["title"] = RoundError(
            "Enter a name for the check, for example “Spring 2027”"
        )
    if plan.threshold is None:
        checked.problems["threshold"] = RoundError(
            "Enter the smallest number of answers to show results"
        )
    elif plan.threshold < LOWEST_THRESHOLD:
        checked.problems["threshold"] = RoundError(
            "The threshold must be %(lowest)d or more, so that nobody's answers can be picked out",
            lowest=LOWEST_THRESHOLD,
        )
    known = set(group_perspectives)
    if known and not plan.perspective_keys:
        checked.problems["perspectives"] = RoundError("Choose at least one perspective to ask")
    elif unknown := [key for key in plan.perspective_keys if key not in known]:
        checked.problems["perspectives"] = RoundError(
            "“%(perspective)s” is not one of this group's perspectives", perspective=unknown[0]
        )
    for name, parts, label in (
        ("opens", plan.opens, Term("opening date")),
        ("closes", plan.closes, Term("closing date")),
    ):
        try:
            setattr(checked, f"{name}_on", read_date(parts, label))
        except RoundError as error:
            checked.problems[name] = error
    if checked.opens_on and checked.closes_on and checked.closes_on < checked.opens_on:
        checked.problems["closes"] = RoundError(
            "The closing date must be the same as or after the opening date"
        )
    return checked
