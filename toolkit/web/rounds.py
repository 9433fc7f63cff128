"""Setting up a round, following its progress, and moving it through its stages."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import BooleanField, SelectMultipleField, StringField

from toolkit.core.input_limits import whole_number
from toolkit.core.rounds import RoundError
from toolkit.core.rounds.dates import DateParts
from toolkit.core.rounds.plans import RoundPlan, check_plan
from toolkit.core.rounds.progress import SinceRelease, progress
from toolkit.core.rounds.stages import STEPS, dates_after, next_status
from toolkit.core.scoring.data import DEFAULT_THRESHOLD, LOWEST_THRESHOLD
from toolkit.core.statuses import RoundStatus
from toolkit.core.tokens import hash_token, new_token
from toolkit.services import outbox, routine, standing_invitations
from toolkit.services.audit import record
from toolkit.services.links import external_url
from toolkit.services.opening import open_rounds_due
from toolkit.services.releases import released_responses
from toolkit.services.retention import answers_deleted, people_answered
from toolkit.storage.db import db
from toolkit.storage.models import Group, Invitation, Response, ResponseStatus, Role, Round
from toolkit.storage.questionnaire_store import pin, questionnaire_of
from toolkit.web.access import group_for, login_required, round_for
from toolkit.web.inputs import only_looking, too_long
from toolkit.web.qr import qr_svg
from toolkit.web.questionnaires import offered_versions
from toolkit.web.said import said

blueprint = Blueprint("rounds", __name__)

# Far above any group that answers together, well within an integer column.
HIGHEST_THRESHOLD = 1000
# Steps that cannot be undone, or change what people see, are confirmed on a page first.
CONFIRMED_STEPS = ("close", "share", "archive")


def respondent_url(token: str, personal: bool = False) -> str:
    """Return the full address of a shared link, or of a personal one."""
    endpoint = "respond.invitation_link" if personal else "respond.shared_link"
    return external_url(endpoint, token=token)


def perspective_labels(group: Group) -> dict[str, str]:
    return {p.key: p.label for p in group.perspectives}


class RoundForm(FlaskForm):  # type: ignore[misc]
    title = StringField()
    questionnaire = StringField()
    perspectives = SelectMultipleField(choices=[], validate_choice=False)
    threshold = StringField(default=str(DEFAULT_THRESHOLD))
    opens_day = StringField()
    opens_month = StringField()
    opens_year = StringField()
    closes_day = StringField()
    closes_month = StringField()
    closes_year = StringField()
    collect_comments = BooleanField(default=True)


def _plan_from(form: RoundForm) -> RoundPlan:
    threshold = whole_number(form.threshold.data or "", HIGHEST_THRESHOLD)
    return RoundPlan(
        title=form.title.data or "",
        opens=DateParts(
            form.opens_day.data or "", form.opens_month.data or "", form.opens_year.data or ""
        ),
        closes=DateParts(
            form.closes_day.data or "", form.closes_month.data or "", form.closes_year.data or ""
        ),
        threshold=threshold,
        perspective_keys=tuple(form.perspectives.data or ()),
        collect_comments=bool(form.collect_comments.data),
    )


# The areas whose pages show a round's stage or take answers to it.
SHOWING_ROUNDS = frozenset({"home", "groups", "rounds", "respond", "results", "room"})
# Pages of answers already begun: their round was open (or, on paper, closed) when
# they began, so nothing these pages show can wait on a round opening. Skipping the
# look for rounds due saves a query on every page someone answers.
ANSWERS_BEGUN = frozenset(
    {"respond.about_you", "respond.page", "respond.review", "respond.sent", "respond.later"}
)


@blueprint.before_app_request
def open_rounds_on_their_date() -> None:
    """Open any round whose day has come before a page that shows rounds reads it."""
    if request.blueprint in SHOWING_ROUNDS and request.endpoint not in ANSWERS_BEGUN:
        open_rounds_due(date.today())


@blueprint.route("/groups/<int:group_id>/rounds/new", methods=["GET", "POST"])
@login_required
def create(group_id: int) -> str | WerkzeugResponse:
    """Set up a round: questionnaire, perspectives, threshold, dates and comments."""
    group = group_for(group_id, Role.FACILITATOR)
    offers = {offer.content_hash: offer for offer in offered_versions(group.organisation_id)}
    form = RoundForm()
    if only_looking():
        form.perspectives.data = [p.key for p in group.perspectives]
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        offer = offers.get(form.questionnaire.data or "")
        plan = _plan_from(form)
        checked = check_plan(plan, [p.key for p in group.perspectives])
        problems = {
            f"{k}_day" if k in ("opens", "closes") else k: said(v)
            for k, v in checked.problems.items()
        }
        if offer is None:
            problems["questionnaire"] = _("Choose the questionnaire to use")
        if form.threshold.data and plan.threshold is None:
            problems["threshold"] = _(
                "The threshold must be a whole number from %(lowest)d to %(highest)d, like 5",
                lowest=LOWEST_THRESHOLD,
                highest=HIGHEST_THRESHOLD,
            )
        title = (form.title.data or "").strip()
        if problem := too_long(title, Round.title, _("Name of the check")):
            problems["title"] = problem
        order = ["title", "questionnaire", "perspectives", "threshold", "opens_day", "closes_day"]
        errors = {name: problems[name] for name in order if name in problems}
        threshold = plan.threshold
        if not errors and offer and checked.opens_on and checked.closes_on and threshold:
            token = new_token()
            found = Round(
                group=group,
                questionnaire_version=pin(offer.questionnaire, offer.source, offer.owner),
                title=title,
                opens_on=checked.opens_on,
                closes_on=checked.closes_on,
                threshold=threshold,
                collect_comments=bool(form.collect_comments.data),
                perspective_keys=",".join(form.perspectives.data or ()),
                shared_token=token,
                shared_token_hash=hash_token(token),
            )
            db.session.add(found)
            db.session.commit()
            open_rounds_due(date.today())
            if found.status is RoundStatus.OPEN:
                flash(_("The check is set up and open for answers now."), "success")
            else:
                day = format_date(found.opens_on, "d MMMM yyyy")
                flash(_("The check is set up. It opens by itself on %(day)s.", day=day), "success")
            return redirect(url_for("rounds.show", round_id=found.id))
    elif form.errors:
        errors = {"title": _("The form had expired. Check your answers and send it again.")}
    return render_template(
        "rounds/new.html",
        group=group,
        form=form,
        errors=errors,
        offers=list(offers.values()),
        perspective_items=list(perspective_labels(group).items()),
    )


@blueprint.get("/rounds/<int:round_id>")
@login_required
def show(round_id: int) -> str:
    """Show a round: its link, its progress by perspective, and what can happen next."""
    found = round_for(round_id, Role.FACILITATOR)
    invited = db.session.scalars(
        select(Invitation.perspective_key).where(Invitation.round_id == found.id)
    ).all()
    answered = db.session.execute(
        select(Response.id, Response.perspective_key, Response.status).where(
            Response.round_id == found.id
        )
    ).all()
    released = released_responses(found)
    since = None
    if released is not None:
        # Once results are out, live counts by perspective would say which perspective a
        # late answer or a withdrawal came from: count those behind the release instead.
        sent = {str(i) for i, _, status in answered if status == ResponseStatus.SUBMITTED}
        since = SinceRelease(
            added=len(sent - released),
            withdrawn=len(released - sent),
            started=sum(status != ResponseStatus.SUBMITTED for _, _, status in answered),
        )
        answered = [row for row in answered if str(row[0]) in released]
    rows = progress(
        found.perspectives_asked,
        invited,
        [(key, status == ResponseStatus.SUBMITTED) for _, key, status in answered],
    )
    steps = [step for step, rule in STEPS.items() if found.status in rule.starts_from]
    deleted = answers_deleted(found, sum(row.submitted for row in rows))
    shared_url = respondent_url(found.shared_token) if found.shared_token else None
    return render_template(
        "rounds/show.html",
        round=found,
        questionnaire=questionnaire_of(found.questionnaire_version),
        rows=rows,
        labels=perspective_labels(found.group),
        steps=steps,
        confirmed_steps=CONFIRMED_STEPS,
        shared_url=shared_url,
        shared_qr=qr_svg(shared_url, title=_("QR code for the shared link")) if shared_url else "",
        personal_links=len(invited),
        answered_before_deletion=people_answered([found])[found.id] if deleted else None,
        since_release=since,
    )


@blueprint.get("/rounds/<int:round_id>/poster")
@login_required
def poster(round_id: int) -> str:
    """Show the shared link and its QR code as a poster to print and put up."""
    found = round_for(round_id, Role.FACILITATOR)
    if not found.shared_token:
        abort(404)
    url = respondent_url(found.shared_token)
    return render_template(
        "rounds/poster.html",
        round=found,
        shared_url=url,
        qr=qr_svg(url, title=_("QR code for the shared link")),
        questionnaire=questionnaire_of(found.questionnaire_version),
    )


STEP_WORDS = {
    "open": (_l("Open the check"), _l("The check is open for answers.")),
    "close": (_l("Close the check"), _l("The check is closed. No more answers can be given.")),
    "reopen": (_l("Reopen the check"), _l("The check is open for answers again.")),
    "share": (_l("Share the results"), _l("The results are shared with everyone who took part.")),
    "archive": (_l("Archive the check"), _l("The check is archived.")),
}


@blueprint.route("/rounds/<int:round_id>/stage/<step>", methods=["GET", "POST"])
@login_required
def move(round_id: int, step: str) -> str | WerkzeugResponse:
    """Move a round to its next stage; steps that cannot be undone are confirmed first."""
    if step not in STEPS:
        abort(404)
    found = round_for(round_id, Role.FACILITATOR)
    form = FlaskForm()
    if only_looking():
        return render_template(
            "rounds/confirm.html", round=found, step=step, words=STEP_WORDS[step], form=form
        )
    if not form.validate_on_submit():
        abort(400)
    try:
        found.status = next_status(found.status, step)
        found.opens_on, found.closes_on = dates_after(
            step, found.opens_on, found.closes_on, date.today()
        )
    except RoundError as error:
        flash(said(error))
        return redirect(url_for("rounds.show", round_id=found.id))
    record(f"{step} round", found.title, found.group.organisation_id)
    if step == "close":
        routine.close(found)
    elif step == "open":
        standing_invitations.invite(found)
    db.session.commit()
    outbox.send_waiting()
    flash(str(STEP_WORDS[step][1]), "success")
    return redirect(url_for("rounds.show", round_id=found.id))
