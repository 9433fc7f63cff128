"""PDF reports: ask for one, watch it being drawn, download it."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from toolkit.core.questionnaire.schema import LANGUAGES
from toolkit.reports.jobs import request_report
from toolkit.reports.subjects import NoResults
from toolkit.services.audit import record
from toolkit.services.labels import current_language
from toolkit.storage.db import db
from toolkit.storage.models import Group, Round
from toolkit.storage.models.reports import ReportStatus, StoredReport
from toolkit.web.access import group_for, login_required, reader_for, round_for
from toolkit.web.filenames import private_download

blueprint = Blueprint("reports", __name__)


@blueprint.get("/groups/<int:group_id>/report.pdf")
@login_required
def group_report(group_id: int) -> Response | str | tuple[str, int]:
    """Start (or serve) the group's report over time."""
    group = group_for(group_id)
    return _start(group, None)


@blueprint.get("/rounds/<int:round_id>/report.pdf")
@login_required
def round_report(round_id: int) -> Response | str | tuple[str, int]:
    """Start (or serve) the report of one check."""
    round_ = round_for(round_id)
    return _start(round_.group, round_)


@blueprint.get("/groups/<int:group_id>/reports/<inputs>")
@login_required
def progress(group_id: int, inputs: str) -> str:
    """Show how the render is going; the page reloads itself until the file is ready."""
    group = group_for(group_id)
    return render_template("reports/progress.html", report=_stored(group, inputs), group=group)


@blueprint.get("/groups/<int:group_id>/reports/<inputs>/file")
@login_required
def download(group_id: int, inputs: str) -> Response:
    group = group_for(group_id)
    stored = _stored(group, inputs)
    if stored.status is not ReportStatus.READY:
        return redirect(_progress_url(stored))  # type: ignore[return-value]
    return _file(group, stored)


def _start(group: Group, round_: Round | None) -> Response | str | tuple[str, int]:
    language = request.args.get("lang") or current_language()
    if language not in LANGUAGES:
        message = _(
            "There is no report in the language “%(lang)s”: use lang=en for English or "
            "lang=cy for Welsh.",
            lang=language,
        )
        return render_template("reports/not_ready.html", group=group, message=message), 400
    try:
        stored = request_report(group, round_, language, reader_for(group.organisation_id))
    except NoResults:
        message = _(
            "There is nothing to report yet: a report can be drawn once a check has results "
            "you can see."
        )
        return render_template("reports/not_ready.html", group=group, message=message), 409
    if stored.status is ReportStatus.READY:
        return _file(group, stored)
    return redirect(_progress_url(stored))  # type: ignore[return-value]


def _file(group: Group, stored: StoredReport) -> Response:
    record("downloaded report", stored.filename, group.organisation_id)
    db.session.commit()
    return private_download(stored.pdf or b"", "application/pdf", stored.filename)


def _stored(group: Group, inputs: str) -> StoredReport:
    """Find a report of this group drawn for readers like this one, or 404.

    A viewer may not fetch a report drawn for facilitators, even knowing its address.
    """
    audience = str(reader_for(group.organisation_id).audience)
    stored = db.session.scalar(
        select(StoredReport)
        .where(
            StoredReport.group_id == group.id,
            StoredReport.inputs == inputs,
            StoredReport.audience == audience,
        )
        .order_by(StoredReport.id.desc())
    )
    if stored is None:
        abort(404)
    return stored


def _progress_url(stored: StoredReport) -> str:
    # Addressed by group and fingerprint, so access is checked on the group like every page.
    return url_for("reports.progress", group_id=stored.group_id, inputs=stored.inputs)
