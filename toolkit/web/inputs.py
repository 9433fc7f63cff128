"""What a request may carry: ids in addresses, text that fits its column, no control characters.

The numbers themselves are in ``toolkit/core/input_limits.py``. Each limit matches what
the database holds on PostgreSQL as well as SQLite, and each refusal is a message
that says what to change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Flask, Request, abort, request
from flask_babel import gettext as _
from sqlalchemy.orm import InstrumentedAttribute
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter, Map, ValidationError

from toolkit.core.input_limits import LARGEST_ID, is_control, without_controls


class IdConverter(IntegerConverter):
    """A database id in an address: a whole number from 1 to the largest an id column holds.

    Anything else does not name a record, so the address is a page not found (404),
    never a server error from the database.
    """

    regex = r"[0-9]{1,10}"

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = 1,
        max: int | None = LARGEST_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)

    def to_python(self, value: str) -> Any:
        if not value.isascii():
            raise ValidationError()
        return super().to_python(value)


class CleanParameters(ImmutableMultiDict[str, Any]):
    """Form fields and query values without invisible control characters.

    A NUL pasted into a name would make PostgreSQL refuse the whole form; the
    characters removed are ones nobody can see or mean to type.
    """

    def __init__(self, mapping: Any = None) -> None:
        if isinstance(mapping, Iterable) and not isinstance(mapping, Mapping | str | bytes):
            mapping = [
                (without_controls(k), without_controls(v) if isinstance(v, str) else v)
                for k, v in mapping
            ]
        super().__init__(mapping)


class ToolkitRequest(Request):
    parameter_storage_class = CleanParameters


def _refuse_control_characters_in_the_address() -> None:
    # A control character in an address is never one of our pages.
    if any(is_control(char) for char in request.path):
        abort(404)


def only_looking() -> bool:
    """Say whether a request only looks at a page rather than sending its form.

    Not just GET: Flask answers HEAD, which link checkers and prefetchers send, with
    the GET view, and CSRF protection leaves HEAD alone. A view that took everything
    but GET for a sent form would act on a HEAD: retire a version, decline an invitation.
    """
    return request.method != "POST"


def init_app(app: Flask) -> None:
    """Make every integer in an address an id, and clean what requests carry."""
    # Every <int:...> in this app's routes is a database id, so the bounded converter
    # replaces the built-in one for all blueprints, including ones added later.
    app.url_map.converters["int"] = IdConverter
    app.request_class = ToolkitRequest
    app.before_request(_refuse_control_characters_in_the_address)


def longest(column: InstrumentedAttribute[Any]) -> int:
    """Return how many characters a text column holds."""
    length = getattr(column.type, "length", None)
    assert length is not None, f"{column} has no length"
    return int(length)


def too_long(text: str, column: InstrumentedAttribute[Any], field: str) -> str | None:
    """Say what to do when text is longer than its column holds, or None when it fits."""
    limit = longest(column)
    if len(text) <= limit:
        return None
    return _(
        "Keep “%(field)s” to %(limit)d characters or fewer; it has %(count)d.",
        field=field,
        limit=limit,
        count=len(text),
    )


def line_too_long(text: str, column: InstrumentedAttribute[Any], field: str) -> str | None:
    """Say which line of a one-per-line list is longer than its column holds, if any."""
    limit = longest(column)
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line.strip()) > limit:
            return _(
                "Line %(line)d of “%(field)s” has %(count)d characters; "
                "keep each line to %(limit)d or fewer.",
                line=number,
                field=field,
                count=len(line.strip()),
                limit=limit,
            )
    return None
