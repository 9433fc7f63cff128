"""A group's page, setting up a group, and naming the perspectives it compares."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import StringField, TextAreaField

from toolkit.core.rounds import RoundError
from toolkit.core.rounds.names import read_names
from toolkit.services.retention import people_answered
from toolkit.storage.db import db
from toolkit.storage.models import Group, GroupKind, Partner, Perspective, Role
from toolkit.web.access import group_for, login_required, may_facilitate, organisation_for
from toolkit.web.inputs import line_too_long, too_long
from toolkit.web.said import said

blueprint = Blueprint("groups", __name__)


@blueprint.get("/groups/<int:group_id>")
@login_required
def show(group_id: int) -> str:
    """Show a group's rounds, with their stage and number of answers, and its agreed actions."""
    group = group_for(group_id, Role.VIEWER)
    return render_template(
        "groups/show.html",
        group=group,
        submitted=people_answered(group.rounds),
        facilitating=may_facilitate(group.organisation_id),
        rounds={r.id: r for r in group.rounds},
    )


class GroupForm(FlaskForm):  # type: ignore[misc]
    name = StringField()
    kind = StringField()
    description = TextAreaField()
    perspectives = TextAreaField()
    partners = TextAreaField()


@blueprint.route("/organisations/<int:organisation_id>/groups/new", methods=["GET", "POST"])
@login_required
def create(organisation_id: int) -> str | WerkzeugResponse:
    """Set up a group: its name, kind, perspectives and partner organisations."""
    organisation = organisation_for(organisation_id, Role.FACILITATOR)
    form = GroupForm()
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        if not (form.name.data or "").strip():
            errors["name"] = _("Enter the group's name")
        elif problem := too_long(form.name.data.strip(), Group.name, _("Name of the group")):
            errors["name"] = problem
        if form.kind.data not in {kind.value for kind in GroupKind}:
            errors["kind"] = _("Choose what kind of group this is")
        named: dict[str, list[tuple[str, str]]] = {}
        for field, column, label in (
            (form.perspectives, Perspective.label, _("Perspectives to compare")),
            (form.partners, Partner.name, _("Partner organisations (partnerships only)")),
        ):
            if problem := line_too_long(field.data or "", column, label):
                errors[field.name] = problem
                continue
            try:
                named[field.name] = read_names(field.data or "")
            except RoundError as error:
                errors[field.name] = said(error)
        if not errors:
            group = Group(
                organisation=organisation,
                name=form.name.data.strip(),
                kind=GroupKind(form.kind.data),
                description=(form.description.data or "").strip(),
                perspectives=[
                    Perspective(key=key, label=label, position=i)
                    for i, (key, label) in enumerate(named["perspectives"])
                ],
                partners=[Partner(key=key, name=name) for key, name in named["partners"]],
            )
            db.session.add(group)
            db.session.commit()
            flash(_("%(group)s is set up.", group=group.name), "success")
            return redirect(url_for("groups.show", group_id=group.id))
    return render_template("groups/new.html", organisation=organisation, form=form, errors=errors)


@blueprint.route("/groups/<int:group_id>/perspectives", methods=["GET", "POST"])
@login_required
def perspectives(group_id: int) -> str | WerkzeugResponse:
    """Rename the group's perspectives, in English and Welsh, and add new ones.

    Keys never change, so earlier rounds keep pointing at the same perspective.
    """
    group = group_for(group_id, Role.FACILITATOR)
    form = FlaskForm()
    errors: dict[str, str] = {}
    typed = {
        p.key: (
            request.form.get(f"label-{p.key}", p.label).strip(),
            request.form.get(f"label_cy-{p.key}", p.label_cy or "").strip(),
        )
        for p in group.perspectives
    }
    added = request.form.get("added", "")
    if form.validate_on_submit():
        for key, (label, welsh) in typed.items():
            if not label:
                errors[f"label-{key}"] = _("Enter a name for this perspective")
            elif problem := too_long(label, Perspective.label, _("Name in English")):
                errors[f"label-{key}"] = problem
            elif problem := too_long(welsh, Perspective.label_cy, _("Name in Welsh (optional)")):
                errors[f"label_cy-{key}"] = problem
        try:
            new = read_names(added, taken=typed)
        except RoundError as error:
            errors["added"] = said(error)
        if problem := line_too_long(added, Perspective.label, _("Add perspectives")):
            errors["added"] = problem
        if not errors:
            for perspective in group.perspectives:
                perspective.label, welsh = typed[perspective.key]
                perspective.label_cy = welsh or None
            start = len(group.perspectives)
            for i, (key, label) in enumerate(new):
                group.perspectives.append(Perspective(key=key, label=label, position=start + i))
            db.session.commit()
            flash(_("The perspectives are saved."), "success")
            return redirect(url_for("groups.show", group_id=group.id))
    return render_template(
        "groups/perspectives.html", group=group, form=form, errors=errors, typed=typed, added=added
    )
