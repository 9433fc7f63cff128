"""Render reports in the web process, or on RQ workers when ``REDIS_URL`` is set.

Finished PDFs are kept in the database, keyed by a fingerprint of everything
they are made from, so any web host can serve them and asking twice for the
same report draws it once.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import func, select

from toolkit.extensions import db
from toolkit.models import AgreedAction, Group, Response, ResponseStatus, Round
from toolkit.models.reports import ReportStatus, StoredReport
from toolkit.paths import shipped
from toolkit.reports.render import render_pdf
from toolkit.reports.subjects import report_subject, reported_rounds

QUEUE = "reports"
# A render takes seconds; one still waiting after this lost its worker.
STALE_AFTER = timedelta(minutes=10)
JOB_TIMEOUT = 300


def render_report(group: Group, round_: Round | None, language: str) -> bytes:
    """Draw a report now: a round report when ``round_`` is given, else the group over time."""
    return render_pdf(report_subject(group, round_, language))


def request_report(group: Group, round_: Round | None, language: str) -> StoredReport:
    """Return the stored report for these inputs, starting a render when there is none.

    Raises NoResults when no check in it has closed.
    """
    inputs = fingerprint(group, round_, language)
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
            render_stored, stored.id, job_timeout=JOB_TIMEOUT
        )
    else:
        try:
            _render_stored(stored.id)
        except Exception:
            # Kept as failed, with the reason; the page says so and offers to try again.
            current_app.logger.exception("Could not draw report %s", stored.id)
    return stored


def render_stored(report_id: int) -> None:
    """Draw a stored report that is waiting: the job RQ workers run."""
    if has_app_context():
        _render_stored(report_id)
        return
    from toolkit.app import create_app

    with create_app().app_context():
        _render_stored(report_id)


def _render_stored(report_id: int) -> None:
    stored = db.session.get(StoredReport, report_id)
    if stored is None or stored.status is not ReportStatus.WAITING:
        return
    group = db.session.get_one(Group, stored.group_id)
    round_ = db.session.get(Round, stored.round_id) if stored.round_id else None
    try:
        stored.pdf = render_report(group, round_, stored.language)
        stored.status = ReportStatus.READY
    except Exception as error:
        db.session.rollback()
        stored = db.session.get_one(StoredReport, report_id)
        stored.status = ReportStatus.FAILED
        stored.problem = f"{type(error).__name__}: {error}"[:2000]
        db.session.commit()
        raise
    db.session.commit()


def fingerprint(group: Group, round_: Round | None, language: str) -> str:
    """Sum up everything a report is made from, so a change means a fresh render."""
    rounds = reported_rounds(group, round_)
    ids = [r.id for r in rounds]
    answered = db.session.execute(
        select(
            Response.round_id, func.count(), func.max(Response.id), func.max(Response.submitted_on)
        )
        .where(Response.round_id.in_(ids), Response.status == ResponseStatus.SUBMITTED)
        .group_by(Response.round_id)
        .order_by(Response.round_id)
    ).all()
    actions = db.session.execute(
        select(
            AgreedAction.id,
            AgreedAction.round_id,
            AgreedAction.dimension_key,
            AgreedAction.text,
            AgreedAction.owner,
            AgreedAction.what_happened,
        )
        .where(AgreedAction.group_id == group.id)
        .order_by(AgreedAction.id)
    ).all()
    facts = {
        "language": language,
        "round": round_.id if round_ else None,
        "group": [group.id, group.name, str(group.kind), group.organisation.name],
        "perspectives": [[p.key, p.label, p.label_cy] for p in group.perspectives],
        "rounds": [
            [
                r.id,
                r.title,
                str(r.status),
                r.threshold,
                r.collect_comments,
                str(r.closes_on),
                r.questionnaire_version_id,
            ]
            for r in rounds
        ],
        "answered": [[str(v) for v in row] for row in answered],
        "actions": [list(map(str, row)) for row in actions],
        "templates": _templates_hash(),
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def filename(group: Group, round_: Round | None, language: str) -> str:
    """Name the file after the group and check, in plain lower-case words."""
    what = round_.title if round_ else "over time"
    return f"{_slug(group.name)}-{_slug(what)}-{language}.pdf"


def _templates_hash() -> str:
    # A new version of the toolkit draws reports differently: do not serve old files.
    digest = hashlib.sha256()
    for path in sorted((shipped("templates") / "reports").glob("*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _stale(stored: StoredReport) -> bool:
    return stored.status is ReportStatus.WAITING and (
        datetime.now() - stored.requested_at > STALE_AFTER
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "report"
