"""PDF reports: ask for one, watch it being drawn, download it."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from toolkit.app import LANGUAGES
from toolkit.audit import record
from toolkit.extensions import db
from toolkit.models import Group, Round
from toolkit.models.reports import ReportStatus, StoredReport
from toolkit.reports.jobs import request_report
from toolkit.reports.subjects import NoResults
from toolkit.web.access import group_for, login_required, round_for
from toolkit.web.labels import current_language

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


@blueprint.get("/reports/<int:report_id>")
@login_required
def progress(report_id: int) -> str:
    """Show how the render is going; the page reloads itself until the file is ready."""
    stored = _stored(report_id)
    return render_template("reports/progress.html", report=stored, group=stored_group(stored))


@blueprint.get("/reports/<int:report_id>/file")
@login_required
def download(report_id: int) -> Response:
    stored = _stored(report_id)
    if stored.status is not ReportStatus.READY:
        return redirect(url_for("reports.progress", report_id=stored.id))  # type: ignore[return-value]
    return _file(stored)


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
        stored = request_report(group, round_, language)
    except NoResults:
        message = _(
            "There is nothing to report yet: a report can be drawn once a check has closed."
        )
        return render_template("reports/not_ready.html", group=group, message=message), 409
    if stored.status is ReportStatus.READY:
        return _file(stored)
    return redirect(url_for("reports.progress", report_id=stored.id))  # type: ignore[return-value]


def _file(stored: StoredReport) -> Response:
    record("downloaded report", stored.filename, stored_group(stored).organisation_id)
    db.session.commit()
    return Response(
        stored.pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{stored.filename}"',
            "Cache-Control": "private, no-store",
        },
    )


def _stored(report_id: int) -> StoredReport:
    stored = db.session.get(StoredReport, report_id)
    if stored is None:
        abort(404)
    # Loading the group through access checks keeps other organisations' reports out of reach.
    group_for(stored.group_id)
    return stored


def stored_group(stored: StoredReport) -> Group:
    return group_for(stored.group_id)
