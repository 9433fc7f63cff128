"""How large, long and deep input may be, in one place, with no Flask.

The web forms (``toolkit/web/inputs.py``) and the questionnaire loader both read
their limits from here, so each limit is stated once and matches what the
database holds on PostgreSQL as well as SQLite.
"""

from __future__ import annotations

import unicodedata

# The largest value of an INTEGER column on PostgreSQL; ids and counts stay within it.
LARGEST_ID = 2**31 - 1

# Line breaks and tabs belong in text; every other control character is invisible,
# often pasted by accident, and PostgreSQL refuses NUL outright.
KEPT_CONTROLS = frozenset("\t\n\r")

# A questionnaire file: a few dozen KB in practice.
YAML_MAX_BYTES = 256 * 1024
# A questionnaire is about seven levels deep (sections, items, text by language). Far
# deeper nesting is a mistake or an attack, and would exhaust the parser's recursion.
YAML_MAX_DEPTH = 20
# Scale values are small. Python refuses to read numbers past 4,300 digits at all, and
# no column holds more than 19.
YAML_MAX_NUMBER_DIGITS = 18


def is_control(char: str) -> bool:
    """Say whether a character is an invisible control character other than a line break or tab."""
    return unicodedata.category(char) == "Cc" and char not in KEPT_CONTROLS


def first_control(text: str) -> int | None:
    """Return where the first invisible control character is, or None."""
    return next((i for i, char in enumerate(text) if is_control(char)), None)


def without_controls(text: str) -> str:
    """Remove invisible control characters, keeping line breaks and tabs."""
    if first_control(text) is None:
        return text
    return "".join(char for char in text if not is_control(char))


def whole_number(text: str, highest: int = LARGEST_ID) -> int | None:
    """Read a typed whole number from 0 to ``highest``, or None when it is not one."""
    typed = text.strip()
    if not typed.isascii() or not typed.isdigit() or len(typed) > len(str(highest)):
        return None
    number = int(typed)
    return number if number <= highest else None
