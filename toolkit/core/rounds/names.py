"""Reading one name per line (perspectives, partners) into stable keys."""

from __future__ import annotations

import re
from collections.abc import Iterable

from toolkit.core.rounds import RoundError


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
            raise RoundError(
                "“%(name)s” is listed twice. Give each one a different name.", name=name
            )
        seen.add(key)
        pairs.append((key, name))
    return pairs
