"""Chart labels broken into short lines, so long names fit a phone or a printed page."""

from __future__ import annotations

import textwrap


def wrapped(label: str, width: int, line_break: str = "\n") -> str:
    """Break a label into lines of at most ``width`` characters where it has spaces.

    plotly breaks lines at ``<br>``, matplotlib at a newline. A single word
    longer than ``width`` is kept whole: cutting it would hide what it says.
    """
    lines = textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False)
    return line_break.join(lines) or label
