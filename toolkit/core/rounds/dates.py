"""Reading a date typed into the three boxes of a date field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from toolkit.core.rounds import RoundError, Term

# What a date left partly empty is missing, each said whole so it can be translated.
MISSING = {
    ("day",): Term("day"),
    ("month",): Term("month"),
    ("year",): Term("year"),
    ("day", "month"): Term("day and a month"),
    ("day", "year"): Term("day and a year"),
    ("month", "year"): Term("month and a year"),
}


@dataclass(frozen=True)
class DateParts:
    """A date as typed into the three boxes of a date field."""

    day: str = ""
    month: str = ""
    year: str = ""


def read_date(parts: DateParts, name: Term) -> date:
    """Turn three typed boxes into a date, or raise RoundError naming what is missing."""
    typed = {"day": parts.day.strip(), "month": parts.month.strip(), "year": parts.year.strip()}
    missing = tuple(box for box, value in typed.items() if not value)
    if len(missing) == 3:
        raise RoundError("Enter the %(name)s", name=name)
    if missing:
        raise RoundError(
            "The %(name)s must include a %(missing)s", name=name, missing=MISSING[missing]
        )
    if not all(v.isascii() and v.isdigit() for v in typed.values()) or len(typed["year"]) != 4:
        raise RoundError("The %(name)s must be a real date, for example 27 3 2027", name=name)
    try:
        return date(int(typed["year"]), int(typed["month"]), int(typed["day"]))
    except (ValueError, OverflowError):
        raise RoundError(
            "The %(name)s must be a real date, for example 27 3 2027", name=name
        ) from None
