"""Reading the pasted lines of people to make personal links for, and how many to make."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from toolkit.core.rounds import RoundError, Term

MAX_LINKS = 500


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
                "Line %(line)d: “%(email)s” is not an email address. "
                "Write it like name@example.org, or leave it out.",
                line=number,
                email=email,
            )
        if perspective and perspective.lower() not in by_name:
            raise RoundError(
                "Line %(line)d: “%(perspective)s” is not one of this group's perspectives. "
                "Use one of: %(choices)s",
                line=number,
                perspective=perspective,
                choices=", ".join(perspectives.values()),
            )
        if partner and partner.lower() not in partner_by_name:
            raise RoundError(
                "Line %(line)d: “%(partner)s” is not one of this group's partners. "
                "Use one of: %(choices)s",
                line=number,
                partner=partner,
                choices=", ".join(partners.values()) or Term("none: this group has no partners"),
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
            "You asked for %(count)d links but pasted %(lines)d lines. Leave the number "
            "empty to make one link per line, or make the two match.",
            count=count,
            lines=len(lines),
        )
    wanted = len(lines) or count or 0
    if wanted < 1:
        raise RoundError("Enter how many links to make, or paste one line per person")
    if wanted > MAX_LINKS:
        raise RoundError("Make at most %(count)d links at a time", count=MAX_LINKS)
    return lines or [LinkRequest() for _ in range(wanted)]
