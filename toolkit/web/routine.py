"""Pages for a check's routine: reminder days, repeating a check, and stopping reminders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField, TextAreaField

from toolkit.core.input_limits import whole_number
from toolkit.core.rounds import RoundError, Term
from toolkit.core.rounds.dates import DateParts, read_date
from toolkit.core.rounds.links import LinkRequest
from toolkit.services import outbox, reminders, standing_invitations
from toolkit.services.audit import record
from toolkit.services.labels import current_language
from toolkit.storage.db import db
from toolkit.storage.models import Group, Reminder, Role
from toolkit.web.access import group_for, login_required, round_before_closing, round_for
from toolkit.web.invitations import label_too_long
from toolkit.web.rounds import perspective_labels
from toolkit.web.said import said

blueprint = Blueprint("routine", __name__)

# Up to two years apart; a check repeated less often is better set up afresh each time.
LONGEST_REPEAT = 24

PROBLEMS = {
    reminders.Problem.TOO_MANY: _l(
        "A check can have up to %(most)d reminders. Remove one to choose another day.",
        most=reminders.MOST_REMINDERS,
    ),
    reminders.Problem.SAME_DAY: _l("A reminder is already planned for that day. Choose another."),
    reminders.Problem.PAST: _l("Choose a day after today for the reminder."),
    reminders.Problem.OUTSIDE: _l(
        "Choose a day after the check opens and no later than the day it closes."
    ),
}


class DayForm(FlaskForm):  # type: ignore[misc]
    day_day = StringField()
    day_month = StringField()
    day_year = StringField()


class RepeatForm(FlaskForm):  # type: ignore[misc]
    months = StringField()
    people = TextAreaField()


@blueprint.route("/rounds/<int:round_id>/reminders", methods=["GET", "POST"])
@login_required
def plan(round_id: int) -> Response | tuple[str, int]:
    """Choose the days on which unused personal links are reminded."""
    found = round_before_closing(
        round_id, _("Reminders can only be planned while a check is being set up or open.")
    )
    form = DayForm()
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        typed = DateParts(
            form.day_day.data or "", form.day_month.data or "", form.day_year.data or ""
        )
        try:
            day = read_date(typed, Term("reminder day"))
        except RoundError:
            errors["day_day"] = _(
                "Enter the reminder day as a day, month and year, for example 27 3 2027."
            )
        else:
            planned = [reminder.send_on for reminder in found.reminders]
            problem = reminders.day_problem(
                day, date.today(), found.opens_on, found.closes_on, planned
            )
            if problem is None:
                db.session.add(Reminder(round_id=found.id, send_on=day))
                record("planned a reminder", f"{found.title}: {day}", found.group.organisation_id)
                db.session.commit()
                flash(_("A reminder is planned for that day."), "success")
                return redirect(url_for("routine.plan", round_id=found.id))
            errors["day_day"] = str(PROBLEMS[problem])
    status = 400 if errors else 200
    page = render_template(
        "routine/reminders.html",
        round=found,
        form=form,
        errors=errors,
        most=reminders.MOST_REMINDERS,
        can_email=outbox.can_send(),
    )
    return page, status


@blueprint.post("/rounds/<int:round_id>/reminders/<int:reminder_id>/remove")
@login_required
def remove(round_id: int, reminder_id: int) -> Response:
    """Take a reminder day that has not come yet off the plan."""
    found = round_for(round_id, Role.FACILITATOR)
    if not FlaskForm().validate_on_submit():
        abort(400)
    reminder = db.session.get(Reminder, reminder_id)
    if reminder is None or reminder.round_id != found.id or reminder.sent_on is not None:
        abort(404)
    db.session.delete(reminder)
    record("removed a reminder", f"{found.title}: {reminder.send_on}", found.group.organisation_id)
    db.session.commit()
    flash(_("That reminder will not be sent."), "success")
    return redirect(url_for("routine.plan", round_id=found.id))


@blueprint.route("/groups/<int:group_id>/repeat", methods=["GET", "POST"])
@login_required
def repeat(group_id: int) -> Response | tuple[str, int]:
    """Say how often the group repeats its check, and whom each new check invites."""
    group = group_for(group_id, Role.FACILITATOR)
    form = RepeatForm()
    errors: dict[str, str] = {}
    if not form.is_submitted():
        form.months.data = str(group.repeat_months or "")
        form.people.data = standing_invitations.as_lines(group)
    elif form.validate_on_submit():
        typed = (form.months.data or "").strip()
        months = whole_number(typed, LONGEST_REPEAT) if typed else None
        if typed and not months:
            errors["months"] = _(
                "Enter how many months apart, as a whole number from 1 to %(most)d, like 3; "
                "or leave it empty not to repeat.",
                most=LONGEST_REPEAT,
            )
        # Without a mail server the list is not on the page, and must not be lost by a save.
        listed = outbox.can_send()
        people = _people(group, form.people.data or "", errors) if listed else []
        if people and not months and not errors:
            errors["months"] = _(
                "Enter how many months apart the check repeats: the list of people is kept "
                "only for a check that repeats. Or empty the list not to repeat."
            )
        if not errors:
            group.repeat_months = months
            record("set how often the check repeats", f"{months or 0}", group.organisation_id)
            # Nobody's address is kept for a check that no longer repeats.
            if listed or not months:
                standing_invitations.keep_list(group, people, current_language())
                record("kept the list of people to invite", f"{len(people)}", group.organisation_id)
            db.session.commit()
            flash(
                _("When a check closes, the next one is made as a draft.")
                if months
                else _("Checks are no longer repeated by themselves."),
                "success",
            )
            return redirect(url_for("groups.show", group_id=group.id))
    page = render_template(
        "routine/repeat.html", group=group, form=form, errors=errors, can_email=outbox.can_send()
    )
    return page, 400 if errors else 200


def _people(group: Group, text: str, errors: dict[str, str]) -> list[LinkRequest]:
    """Read the list of people to invite, or note on the field why it cannot be kept."""
    try:
        people = standing_invitations.read_list(
            text,
            perspective_labels(group),
            {partner.key: partner.name for partner in group.partners},
        )
    except RoundError as error:
        errors["people"] = said(error)
        return []
    if problem := label_too_long(people):
        errors["people"] = problem
        return []
    return people


@blueprint.route("/reminders/stop/<token>", methods=["GET", "POST"])
def stop_reminders(token: str) -> tuple[str, int]:
    """Stop reminders to whoever holds this link: their address is forgotten."""
    invitation_id = reminders.invitation_of(token)
    if invitation_id is None:
        return _ask_then_stop(None, listed=False)
    return _ask_then_stop(partial(reminders.stop, invitation_id), listed=False)


@blueprint.route("/invitations/stop/<token>", methods=["GET", "POST"])
def stop_invitations(token: str) -> tuple[str, int]:
    """Take someone off a repeating check's list, and stop this check's reminders to them."""
    found = standing_invitations.read_stop(token)
    if found is None:
        return _ask_then_stop(None, listed=True)
    return _ask_then_stop(partial(standing_invitations.stop, *found), listed=True)


def _ask_then_stop(stop: Callable[[], None] | None, listed: bool) -> tuple[str, int]:
    form = FlaskForm()
    if stop is None:
        return render_template("routine/stop.html", form=form, state="unknown"), 404
    # Asked first: mail scanners open links in emails, and must not stop anything.
    if not form.validate_on_submit():
        return render_template("routine/stop.html", form=form, state="ask", listed=listed), 200
    stop()
    return render_template("routine/stop.html", form=form, state="stopped", listed=listed), 200
