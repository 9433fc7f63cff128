"""The jobs RQ workers run: each opens the toolkit's app, then does one piece of work.

The layers below name these by their import path (``toolkit.jobs.tick``) when they
queue them, so nothing below the app has to import it.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import has_app_context

from toolkit.app import create_app
from toolkit.reports.jobs import render_stored
from toolkit.services.outbox import deliver_due
from toolkit.services.routine import tick_and_again


def render_report(report_id: int) -> None:
    """Draw a stored report that is waiting."""
    _in_app(lambda: render_stored(report_id))


def deliver_emails() -> None:
    """Send the emails that are due."""
    _in_app(deliver_due)


def tick() -> None:
    """Run the routine tick, then schedule the next one."""
    _in_app(tick_and_again)


def _in_app(work: Callable[[], object]) -> None:
    # A worker started with `rq worker` has no app yet; tests and `toolkit` commands do.
    if has_app_context():
        work()
        return
    with create_app().app_context():
        work()
