"""Saying the domain core's messages in the reader's language."""

from __future__ import annotations

from flask_babel import gettext

from toolkit.core.rounds import RoundError, Term


def said(error: RoundError) -> str:
    """Return the message of a round rule that refused something, translated."""
    values = {k: gettext(v) if isinstance(v, Term) else v for k, v in error.values.items()}
    return gettext(error.text, **values)  # type: ignore[arg-type]
