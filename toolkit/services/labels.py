"""Words shown for stored values, in the reader's language."""

from __future__ import annotations

from datetime import date

from babel.dates import format_interval
from flask import Flask
from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from toolkit.core.shapes import swatches
from toolkit.storage.models import GroupKind, RoundStatus

GROUP_KINDS = {
    GroupKind.ORGANISATION: _l("Organisation-wide"),
    GroupKind.TEAM: _l("Team"),
    GroupKind.PARTNERSHIP: _l("Partnership"),
}

ROUND_STATUSES = {
    RoundStatus.DRAFT: _l("Being set up"),
    RoundStatus.OPEN: _l("Open for answers"),
    RoundStatus.CLOSED: _l("Closed"),
    RoundStatus.SHARED: _l("Results shared"),
    RoundStatus.ARCHIVED: _l("Archived"),
}


def current_language() -> str:
    return str(get_locale() or "en")


def register_template_helpers(app: Flask) -> None:
    """Make the labels and language helpers available in every template."""
    app.jinja_env.globals.update(
        current_language=current_language,
        group_kind_label=lambda kind: GROUP_KINDS[kind],
        round_status_label=lambda status: ROUND_STATUSES[status],
        swatches=lambda scale: [Markup(drawn) for drawn in swatches(scale)],
    )
    app.jinja_env.filters["format_date"] = lambda day: format_date(day, "d MMMM yyyy")
    app.jinja_env.filters["date_range"] = date_range


def date_range(dates: tuple[date, date]) -> str:
    """Say two dates briefly, e.g. "25 Nov – 16 Dec 2026", to fit a table on a phone."""
    # British day-month order in English; Welsh has its own.
    locale = "en_GB" if current_language() == "en" else current_language()
    return format_interval(dates[0], dates[1], "yMMMd", locale=locale)
