"""Personal links: made in bulk, shown once, downloaded as CSV or printed with QR codes.

Personal tokens are stored only as hashes. The page that shows new links carries
them, signed, in a hidden field, so the CSV and the printable sheet are made from
what the facilitator's browser holds and never from the database: a sheet made from
the database would leave out the links already used, telling the facilitator who
has answered.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf import FlaskForm
from itsdangerous import BadData, URLSafeTimedSerializer
from markupsafe import Markup
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import BooleanField, StringField, TextAreaField

from toolkit.core.input_limits import whole_number
from toolkit.core.rounds import RoundError
from toolkit.core.rounds.links import MAX_LINKS, LinkRequest, plan_links, read_link_lines
from toolkit.opendata.rows import spreadsheet_cell
from toolkit.services import outbox, reminders
from toolkit.services.labels import current_language
from toolkit.services.personal_links import email_link, new_link
from toolkit.storage.db import db
from toolkit.storage.models import Invitation, Role, Round
from toolkit.web.access import login_required, round_before_closing, round_for
from toolkit.web.filenames import private_download
from toolkit.web.inputs import longest
from toolkit.web.qr import qr_svg
from toolkit.web.rounds import perspective_labels, respondent_url
from toolkit.web.said import said

blueprint = Blueprint("invitations", __name__)

# The CSV and the sheet can be made from the page that showed new links for this long.
LINKS_PAGE_KEPT_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Link:
    """A personal link as shown to the facilitator, the once it can be shown."""

    token: str
    url: str
    label: str
    perspective: str
    partner: str

    def qr_code(self) -> Markup:
        """Draw the link as an inline SVG QR code (no scripts, no other host)."""
        return qr_svg(self.url, title=self.label)


class LinksForm(FlaskForm):  # type: ignore[misc]
    count = StringField()
    lines = TextAreaField()
    send_email = BooleanField()


def _email_links(found: Round, sent: list[tuple[LinkRequest, Invitation, Link]]) -> None:
    """Email each link to the address on its line, keeping the address for reminders."""
    language = current_language()
    for wanted, invitation, link in sent:
        invitation.email = wanted.email
        invitation.language = language
        email_link(found, link.token, wanted.email, language, reminders.stop_url(invitation))
    db.session.commit()
    outbox.send_waiting()


def label_too_long(wanted: list[LinkRequest]) -> str | None:
    limit = longest(Invitation.label)
    for request_ in wanted:
        if len(request_.label) > limit:
            return _(
                "Line %(line)d: keep the label to %(limit)d characters or fewer; it has %(count)d.",
                line=request_.line,
                limit=limit,
                count=len(request_.label),
            )
    return None


def _links(found: Round, made: list[tuple[str, str, str | None, str | None]]) -> list[Link]:
    """Show links from (token, label, perspective key, partner key)."""
    perspectives = perspective_labels(found.group)
    partners = {p.key: p.name for p in found.group.partners}
    return [
        Link(
            token=token,
            url=respondent_url(token, personal=True),
            label=label,
            perspective=perspectives.get(perspective or "", ""),
            partner=partners.get(partner or "", ""),
        )
        for token, label, perspective, partner in made
    ]


def _made(token: str, invitation: Invitation) -> tuple[str, str, str | None, str | None]:
    return (token, invitation.label, invitation.perspective_key, invitation.partner_key)


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="personal links made")


@blueprint.route("/rounds/<int:round_id>/invitations/new", methods=["GET", "POST"])
@login_required
def new(round_id: int) -> str | WerkzeugResponse:
    """Make single-use personal links in bulk and show them, once."""
    found = round_before_closing(
        round_id, _("Links can only be made while a check is being set up or open.")
    )
    form = LinksForm()
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        count_text = (form.count.data or "").strip()
        count = whole_number(count_text, MAX_LINKS)
        if count_text and count is None:
            errors["count"] = (
                _("Make at most %(count)d links at a time", count=MAX_LINKS)
                if count_text.isascii() and count_text.isdigit()
                else _("Enter the number of links as a whole number, like 20")
            )
        try:
            lines = read_link_lines(
                form.lines.data or "",
                perspective_labels(found.group),
                {p.key: p.name for p in found.group.partners},
            )
            wanted = plan_links(count, lines)
        except RoundError as error:
            errors.setdefault("lines" if form.lines.data else "count", said(error))
        else:
            if problem := label_too_long(wanted):
                errors.setdefault("lines", problem)
        if not errors:
            pairs = [
                new_link(found, w.perspective_key, w.partner_key, label=w.label) for w in wanted
            ]
            db.session.flush()
            made = [_made(token, invitation) for token, invitation in pairs]
            links = _links(found, made)
            emailed = [
                (w, invitation, link)
                for w, (_token, invitation), link in zip(wanted, pairs, links, strict=True)
                if w.email
            ]
            if form.send_email.data and emailed and outbox.can_send():
                _email_links(found, emailed)
                flash(
                    ngettext(
                        "%(num)d link is on its way by email. If it cannot be sent now, it "
                        "is tried again later.",
                        "%(num)d links are on their way by email. Any that cannot be sent now "
                        "are tried again later.",
                        len(emailed),
                    ),
                    "success",
                )
            db.session.commit()
            return render_template(
                "invitations/made.html",
                round=found,
                links=links,
                signed=_signer().dumps({"round": found.id, "links": made}),
                form=FlaskForm(),
            )
    return render_template(
        "invitations/new.html",
        round=found,
        form=form,
        errors=errors,
        can_email=outbox.can_send(),
    )


def _posted_links(round_id: int) -> tuple[Round, list[Link]]:
    """Return the round and the links posted back from the page that showed them.

    Refuse a form without its CSRF token (400), and links from another round's page
    or from a page shown too long ago (410).
    """
    found = round_for(round_id, Role.FACILITATOR)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        posted = _signer().loads(request.form.get("links", ""), max_age=LINKS_PAGE_KEPT_SECONDS)
    except BadData:
        abort(410)
    if posted.get("round") != found.id:
        abort(410)
    return found, _links(found, [tuple(link) for link in posted["links"]])


@blueprint.post("/rounds/<int:round_id>/invitations/links.csv")
@login_required
def download(round_id: int) -> WerkzeugResponse:
    """Send the links just made as a CSV file, one row per link."""
    found, links = _posted_links(round_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Link"), _("Label"), _("Perspective"), _("Partner")])
    for link in links:
        writer.writerow(
            [link.url, *map(spreadsheet_cell, (link.label, link.perspective, link.partner))]
        )
    return private_download(buffer.getvalue(), "text/csv", f"round-{found.id}-personal-links.csv")


@blueprint.post("/rounds/<int:round_id>/invitations/sheet")
@login_required
def sheet(round_id: int) -> str:
    """Show the links just made as a sheet to print and cut up, with a QR code each."""
    found, links = _posted_links(round_id)
    return render_template("invitations/sheet.html", round=found, links=links)
