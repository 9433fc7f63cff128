"""Running a round: checking a plan, moving it through its stages, counting progress.

Plain Python with no Flask, so every rule here is tested without a web client.
"""

from __future__ import annotations

import re
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from toolkit.core.scoring.data import LOWEST_THRESHOLD
from toolkit.core.statuses import RoundStatus

MAX_LINKS = 500


class RoundError(ValueError):
    """A change to a round that is not allowed, with a message saying why and what to do."""


@dataclass(frozen=True)
class Step:
    """One move between stages: where it may start from and where it leads."""

    starts_from: frozenset[RoundStatus]
    leads_to: RoundStatus
    refusal: str


STEPS = {
    "open": Step(
        frozenset({RoundStatus.DRAFT}),
        RoundStatus.OPEN,
        "Only a check that is being set up can be opened.",
    ),
    "close": Step(
        frozenset({RoundStatus.OPEN}),
        RoundStatus.CLOSED,
        "Only an open check can be closed.",
    ),
    "reopen": Step(
        frozenset({RoundStatus.CLOSED}),
        RoundStatus.OPEN,
        "Only a closed check can be reopened.",
    ),
    "share": Step(
        frozenset({RoundStatus.CLOSED}),
        RoundStatus.SHARED,
        "Close the check before sharing its results.",
    ),
    "archive": Step(
        frozenset({RoundStatus.CLOSED, RoundStatus.SHARED}),
        RoundStatus.ARCHIVED,
        "Close the check before archiving it.",
    ),
}


def next_status(current: RoundStatus, step: str) -> RoundStatus:
    """Return the stage a round moves to, or raise RoundError saying why it cannot."""
    if step not in STEPS:
        raise RoundError(f"“{step}” is not something a check can do.")
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


@dataclass(frozen=True)
class DateParts:
    """A date as typed into the three boxes of a date field."""

    day: str = ""
    month: str = ""
    year: str = ""


def read_date(parts: DateParts, name: str) -> date:
    """Turn three typed boxes into a date, or raise RoundError naming what is missing."""
    typed = {"day": parts.day.strip(), "month": parts.month.strip(), "year": parts.year.strip()}
    missing = [box for box, value in typed.items() if not value]
    if len(missing) == 3:
        raise RoundError(f"Enter the {name}")
    if missing:
        raise RoundError(f"The {name} must include a {' and a '.join(missing)}")
    if not all(v.isascii() and v.isdigit() for v in typed.values()) or len(typed["year"]) != 4:
        raise RoundError(f"The {name} must be a real date, for example 27 3 2027")
    try:
        return date(int(typed["year"]), int(typed["month"]), int(typed["day"]))
    except (ValueError, OverflowError):
        raise RoundError(f"The {name} must be a real date, for example 27 3 2027") from None


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
    problems: dict[str, str] = field(default_factory=dict)


def check_plan(plan: RoundPlan, group_perspectives: Iterable[str]) -> CheckedPlan:
    """Check a round plan against the rules, collecting a message for every field."""
    checked = CheckedPlan()
    if not plan.title.strip():
        checked.problems["title"] = "Enter a name for the check, for example “Spring 2027”"
    if plan.threshold is None:
        checked.problems["threshold"] = "Enter the smallest number of answers to show results"
    elif plan.threshold < LOWEST_THRESHOLD:
        checked.problems["threshold"] = (
            f"The threshold must be {LOWEST_THRESHOLD} or more, so that nobody's answers "
            "can be picked out"
        )
    known = set(group_perspectives)
    if known and not plan.perspective_keys:
        checked.problems["perspectives"] = "Choose at least one perspective to ask"
    elif unknown := [key for key in plan.perspective_keys if key not in known]:
        checked.problems["perspectives"] = f"“{unknown[0]}” is not one of this group's perspectives"
    for name, parts, label in (
        ("opens", plan.opens, "opening date"),
        ("closes", plan.closes, "closing date"),
    ):
        try:
            setattr(checked, f"{name}_on", read_date(parts, label))
        except RoundError as error:
            checked.problems[name] = str(error)
    if checked.opens_on and checked.closes_on and checked.closes_on < checked.opens_on:
        checked.problems["closes"] = (
            "The closing date must be the same as or after the opening date"
        )
    return checked


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


@dataclass(frozen=True)
class LinkRequest:
    """One personal link to make: who it is for, as the facilitator pasted it."""

    label: str = ""
    perspective_key: str | None = None
    partner_key: str | None = None
    # Used once to send the link, when email is set up; never stored.
    email: str = ""
    # The pasted line it came from, to name in a message.
    line: int = field(default=0, compare=False)


def read_link_lines(
    text: str, perspectives: dict[str, str], partners: dict[str, str]
) -> list[LinkRequest]:
    """Read pasted lines of "label, perspective, partner, email" (tabs or commas) into links.

    Perspectives and partners may be given by key or by name, in any case.
    Raises RoundError naming the first line that cannot be read.
    """
    by_name = {
        **{k.lower(): k for k in perspectives},
        **{v.lower(): k for k, v in perspectives.items()},
    }
    partner_by_name = {
        **{k.lower(): k for k in partners},
        **{v.lower(): k for k, v in partners.items()},
    }
    requests = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("\t" if "\t" in line else ",")]
        cells += [""] * (4 - len(cells))
        label, perspective, partner, email = cells[:4]
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            raise RoundError(
                f"Line {number}: “{email}” is not an email address. "
                "Write it like name@example.org, or leave it out."
            )
        if perspective and perspective.lower() not in by_name:
            choices = ", ".join(perspectives.values())
            raise RoundError(
                f"Line {number}: “{perspective}” is not one of this group's perspectives. "
                f"Use one of: {choices}"
            )
        if partner and partner.lower() not in partner_by_name:
            choices = ", ".join(partners.values()) or "this group has no partners"
            raise RoundError(
                f"Line {number}: “{partner}” is not one of this group's partners. "
                f"Use one of: {choices}"
            )
        requests.append(
            LinkRequest(
                label=label,
                perspective_key=by_name.get(perspective.lower()) if perspective else None,
                partner_key=partner_by_name.get(partner.lower()) if partner else None,
                email=email,
                line=number,
            )
        )
    return requests


def plan_links(count: int | None, lines: list[LinkRequest]) -> list[LinkRequest]:
    """Decide which links to make from a number and pasted lines, or raise RoundError."""
    if lines and count and count != len(lines):
        raise RoundError(
            f"You asked for {count} links but pasted {len(lines)} lines. Leave the number "
            "empty to make one link per line, or make the two match."
        )
    wanted = len(lines) or count or 0
    if wanted < 1:
        raise RoundError("Enter how many links to make, or paste one line per person")
    if wanted > MAX_LINKS:
        raise RoundError(f"Make at most {MAX_LINKS} links at a time")
    return lines or [LinkRequest() for _ in range(wanted)]


def key_for(name: str) -> str:
    """Make a stable key from a name: "Front-line staff" becomes "front-line-staff"."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    return "-".join(words)[:64] or "unnamed"


def read_names(text: str, taken: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Read one name per line into (key, name) pairs, or raise RoundError on a repeat."""
    seen = set(taken)
    pairs = []
    for line in text.splitlines():
        name = line.strip()[:200]
        if not name:
            continue
        key = key_for(name)
        if key in seen:
            raise RoundError(f"“{name}” is listed twice. Give each one a different name.")
        seen.add(key)
        pairs.append((key, name))
    return pairs


# No 0/O, 1/I/L: the code is read off a screen across a room.
CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def room_code() -> str:
    """Make a short code people can type from the shared screen."""
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def answered_in_room(submitted_now: int, submitted_before: int) -> int:
    """Count the answers sent since the session began."""
    return max(0, submitted_now - submitted_before)


def ready_to_reveal(answered: int, expected: int) -> bool:
    """Say whether everyone expected in the room has answered."""
    return expected > 0 and answered >= expected
