"""The rules for running a round, as plain Python tested without a web client.

- ``stages``: moving a round through its stages, and the dates that go with them;
- ``dates``: reading a date typed into three boxes;
- ``plans``: checking what a facilitator asked for when setting a round up;
- ``progress``: counting answers per perspective, never who;
- ``links``: reading the pasted lines of people to make personal links for;
- ``names``: reading one name per line into keys;
- ``room``: room codes and when to reveal a room's answers.

Every message for people is written once, in English, with its values apart, so
the web layer can say it in the reader's language (``RoundError.text`` is the
msgid; ``Term`` values are translated too).
"""

from __future__ import annotations


class Term(str):
    """Words marked for translation: a phrase that goes into a message, or a message kept
    for later."""


class RoundError(ValueError):
    """A change to a round that is not allowed, with a message saying why and what to do."""

    def __init__(self, text: str, **values: object) -> None:
        super().__init__(text % values if values else text)
        self.text = text
        self.values = values
