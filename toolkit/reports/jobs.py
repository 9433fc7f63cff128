"""Render reports in the web process, or on RQ workers when ``REDIS_URL`` is set.

Finished PDFs are kept in the database, keyed by the results model's
fingerprint (the releases shown, to whom, in which language, by which version
of the code), so any web host can serve them and asking twice for the same
report draws it once.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from toolkit.reports.subjects import NoResults, report_results, report_subject
from toolkit.services.readers import Audience, Reader, ReaderKind
from toolkit.services.results import Results
from toolkit.storage.db import db
from toolkit.storage.models import Group, Output, Round
from toolkit.storage.models.reports import ReportStatus, StoredReport

QUEUE = "reports"
# A render takes seconds; one still waiting after this lost its worker.
STALE_AFTER = timedelta(minutes=10)
JOB_TIMEOUT = 300


def render_report(group: Group, round_: Round | None, language: str, reader: Reader) -> bytes:
    """Draw a report now: a round report when ``round_`` is given, else the group over time."""
    return _draw(report_results(group, round_, language, reader))


def request_report(
    group: Group, round_: Round | None, language: str, reader: Reader
) -> StoredReport:
    """Return the stored report for these results, starting a render when there is none.

    Raises NoResults when the reader may see no results in it yet.
    """
    inputs = report_results(group, round_, language, reader).fingerprint
    stored = db.session.scalar(
        select(StoredReport)
        .where(StoredReport.inputs == inputs, StoredReport.status != ReportStatus.FAILED)
        .order_by(StoredReport.id.desc())
    )
    if stored is not None and not _stale(stored):
        return stored
    if stored is not None:
        stored.status = ReportStatus.FAILED
        stored.problem = "The worker drawing this report stopped before it finished."
    stored = StoredReport(
        group_id=group.id,
        round_id=round_.id if round_ else None,
        language=language,
        audience=str(reader.audience),
        inputs=inputs,
        filename=filename(group, round_, language),
        requested_at=datetime.now(),
    )
    db.session.add(stored)
    db.session.commit()
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        from redis import Redis
        from rq import Queue

        Queue(QUEUE, connection=Redis.from_url(redis_url)).enqueue(
            "toolkit.jobs.render_report", stored.id, job_timeout=JOB_TIMEOUT
        )
    else:
        try:
            render_stored(stored.id)
        except Exception:
            # Kept as failed, with the reason; the page says so and offers to try again.
            current_app.logger.exception("Could not draw report %s", stored.id)
    return stored


def render_stored(report_id: int) -> None:
    """Draw a stored report that is waiting (on a worker: ``toolkit.jobs.render_report``)."""
    stored = db.session.get(StoredReport, report_id)
    if stored is None or stored.status is not ReportStatus.WAITING:
        return
    group = db.session.get_one(Group, stored.group_id)
    round_ = db.session.get(Round, stored.round_id) if stored.round_id else None
    try:
        results = report_results(group, round_, stored.language, reader_of(stored.audience))
        if results.fingerprint != stored.inputs:
            raise NoResults("the results changed after the report was asked for; ask again")
        stored.pdf = _draw(results)
        stored.status = ReportStatus.READY
    except Exception as error:
        db.session.rollback()
        stored = db.session.get_one(StoredReport, report_id)
        stored.status = ReportStatus.FAILED
        stored.problem = f"{type(error).__name__}: {error}"[:2000]
        db.session.commit()
        raise
    db.session.commit()


def load_renderer() -> None:
    """Load WeasyPrint and matplotlib now, in a worker that forks for each job.

    Every job then shares them instead of importing them again. Web workers load
    them only when they first draw a report: about 60 MB that they never need
    when reports are drawn on RQ workers.
    """
    import toolkit.reports.render  # noqa: F401


def _draw(results: Results) -> bytes:
    """Draw the PDF, and log that these results left the toolkit in it."""
    from toolkit.reports.render import render_pdf  # see load_renderer

    pdf = render_pdf(report_subject(results))
    results.record(Output.PDF)
    return pdf


def reader_of(audience: str) -> Reader:
    """Read a stored report as a reader of its audience would."""
    kind = ReaderKind.FACILITATOR if audience == Audience.TEAM else ReaderKind.VIEWER
    return Reader(kind)


def filename(group: Group, round_: Round | None, language: str) -> str:
    """Name the file after the group and check, in plain lower-case words."""
    what = round_.title if round_ else "over time"
    return f"{_slug(group.name)}-{_slug(what)}-{language}.pdf"


def _stale(stored: StoredReport) -> bool:
    return stored.status is ReportStatus.WAITING and (
        datetime.now() - stored.requested_at > STALE_AFTER
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "report"
