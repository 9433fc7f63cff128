"""Agreed actions: what a group will try after a round, and later what happened."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import StringField, TextAreaField

from toolkit.core.questionnaire.schema import localise
from toolkit.services.labels import current_language
from toolkit.storage.db import db
from toolkit.storage.models import AgreedAction, Group, Role, Round, RoundStatus
from toolkit.storage.questionnaire_store import questionnaire_of
from toolkit.web.access import group_for, login_required
from toolkit.web.inputs import only_looking, too_long

blueprint = Blueprint("actions", __name__)


class ActionForm(FlaskForm):  # type: ignore[misc]
    text = TextAreaField()
    owner = StringField()
    round = StringField()
    dimension = StringField()
    what_happened = TextAreaField()


def _finished_rounds(group: Group) -> list[Round]:
    return [r for r in reversed(group.rounds) if r.status is not RoundStatus.DRAFT]


def _dimension_choices(group: Group) -> dict[str, list[tuple[str, str]]]:
    """Each round's dimensions, as (key, label), keyed by round id."""
    return {
        str(r.id): [
            (d.key, localise(d.label, current_language()))
            for d in questionnaire_of(r.questionnaire_version).dimensions
        ]
        for r in _finished_rounds(group)
    }


def _save(form: ActionForm, group: Group, action: AgreedAction) -> dict[str, str]:
    """Copy the form onto the action, returning a message for each field that is wrong."""
    errors: dict[str, str] = {}
    rounds = {str(r.id): r for r in _finished_rounds(group)}
    dimensions = _dimension_choices(group)
    if not (form.text.data or "").strip():
        errors["text"] = _("Describe what the group agreed to try")
    owner = (form.owner.data or "").strip()
    if problem := too_long(owner, AgreedAction.owner, _("Who will make it happen? (optional)")):
        errors["owner"] = problem
    chosen = rounds.get(form.round.data or "")
    if form.round.data and chosen is None:
        errors["round"] = _("Choose one of this group's checks")
    allowed = dict(dimensions.get(form.round.data or "", []))
    if form.dimension.data and chosen and form.dimension.data not in allowed:
        names = ", ".join(allowed.values())
        errors["dimension"] = _(
            "That theme is not in the questionnaire %(round)s used. Choose one of: %(names)s",
            round=chosen.title,
            names=names,
        )
    if form.dimension.data and not chosen:
        errors["dimension"] = _("Choose the check the theme belongs to")
    if not errors:
        action.text = form.text.data.strip()
        action.owner = owner
        action.round = chosen
        action.dimension_key = form.dimension.data or None
        action.what_happened = (form.what_happened.data or "").strip()
    return errors


def _render(
    group: Group, form: ActionForm, errors: dict[str, str], action: AgreedAction | None
) -> str:
    return render_template(
        "actions/form.html",
        group=group,
        form=form,
        errors=errors,
        action=action,
        rounds=_finished_rounds(group),
        dimensions=_dimension_choices(group),
    )


@blueprint.route("/groups/<int:group_id>/actions/new", methods=["GET", "POST"])
@login_required
def new(group_id: int) -> str | WerkzeugResponse:
    """Record something the group agreed to try."""
    group = group_for(group_id, Role.FACILITATOR)
    form = ActionForm()
    if only_looking():
        form.round.data = request.args.get("round", "")
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        action = AgreedAction(agreed_on=date.today())
        errors = _save(form, group, action)
        if not errors:
            group.actions.append(action)
            db.session.commit()
            flash(_("The agreed action is recorded."), "success")
            return redirect(url_for("groups.show", group_id=group.id))
    return _render(group, form, errors, None)


def _action_of(group_id: int, action_id: int) -> tuple[Group, AgreedAction]:
    """Load a group the account facilitates and one of its agreed actions, or 404."""
    group = group_for(group_id, Role.FACILITATOR)
    action = db.session.get(AgreedAction, action_id)
    if action is None or action.group_id != group.id:
        abort(404)
    return group, action


@blueprint.route("/groups/<int:group_id>/actions/<int:action_id>/edit", methods=["GET", "POST"])
@login_required
def edit(group_id: int, action_id: int) -> str | WerkzeugResponse:
    """Change an agreed action, or add what happened."""
    group, action = _action_of(group_id, action_id)
    form = ActionForm()
    if only_looking():
        form.text.data, form.owner.data = action.text, action.owner
        form.round.data = str(action.round_id or "")
        form.dimension.data = action.dimension_key or ""
        form.what_happened.data = action.what_happened
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        errors = _save(form, group, action)
        if not errors:
            db.session.commit()
            flash(_("The agreed action is saved."), "success")
            return redirect(url_for("groups.show", group_id=group.id))
    return _render(group, form, errors, action)


@blueprint.route("/groups/<int:group_id>/actions/<int:action_id>/delete", methods=["GET", "POST"])
@login_required
def delete(group_id: int, action_id: int) -> str | WerkzeugResponse:
    """Remove an agreed action, after asking."""
    group, action = _action_of(group_id, action_id)
    form = FlaskForm()
    if form.validate_on_submit():
        db.session.delete(action)
        db.session.commit()
        flash(_("The agreed action is removed."), "success")
        return redirect(url_for("groups.show", group_id=group.id))
    return render_template("actions/delete.html", group=group, action=action, form=form)
