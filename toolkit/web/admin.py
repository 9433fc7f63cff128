"""An organisation's admin pages: people and roles, activity, export and deletion."""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from toolkit.opendata.organisation_data import delete_everything, export_everything
from toolkit.services import letters, outbox
from toolkit.services.accounts import invite, looks_like_email, normalise_email, pending_invitations
from toolkit.services.audit import latest_events, record
from toolkit.services.labels import current_language
from toolkit.services.links import emailed_url, external_url
from toolkit.storage.db import count_rows, db
from toolkit.storage.models import (
    Account,
    EmailKind,
    Membership,
    MembershipInvitation,
    Organisation,
    Role,
)
from toolkit.web.access import current_account, login_required, organisation_for, sign_out
from toolkit.web.filenames import private_download
from toolkit.web.inputs import longest, only_looking, too_long

blueprint = Blueprint("admin", __name__, url_prefix="/organisations/<int:organisation_id>")

ROLES = {
    Role.ADMIN: _l("Admin: manages people and settings, and runs checks"),
    Role.FACILITATOR: _l("Facilitator: runs checks and sees their results"),
    Role.VIEWER: _l("Viewer: sees results once they are shared"),
}


def _members(organisation: Organisation) -> list[Membership]:
    return sorted(organisation.memberships, key=lambda m: m.account.name.lower())


def _membership(organisation: Organisation, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organisation_id != organisation.id:
        abort(404)
    return membership


def _is_only_admin(membership: Membership) -> bool:
    """Say whether this is the organisation's only admin, whom it cannot do without."""
    if membership.role != Role.ADMIN:
        return False
    admins = count_rows(
        Membership,
        Membership.organisation_id == membership.organisation_id,
        Membership.role == Role.ADMIN,
    )
    return admins == 1


def _keep_an_admin(organisation: Organisation) -> tuple[str, int]:
    error = _("Make someone else an admin first: an organisation needs at least one.")
    return _people_page(organisation, errors={"role": error}), 400


def _people_page(organisation: Organisation, **extra: object) -> str:
    values: dict[str, object] = {"errors": {}, "form": {}, "new_link": None, **extra}
    return render_template(
        "admin/people.html",
        organisation=organisation,
        members=_members(organisation),
        invitations=pending_invitations(organisation),
        roles=ROLES,
        me=current_account(),
        **values,
    )


def _done(organisation: Organisation, action: str, target: str, message: str) -> Response:
    """Note what was done in the activity log, say so, and go back to the people page."""
    record(action, target, organisation.id)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("admin.people", organisation_id=organisation.id))


@blueprint.get("/people")
@login_required
def people(organisation_id: int) -> str:
    """List the organisation's people and their roles."""
    return _people_page(organisation_for(organisation_id, Role.ADMIN))


@blueprint.post("/people")
@login_required
def invite_person(organisation_id: int) -> Response | tuple[str, int]:
    """Invite someone to join with a role: they join only once they accept the link."""
    organisation = organisation_for(organisation_id, Role.ADMIN)
    form = {key: request.form.get(key, "").strip() for key in ("email", "name", "role")}
    errors = {}
    if problem := too_long(form["name"], Account.name, _("Name")):
        errors["name"] = problem
    if not looks_like_email(form["email"]) or len(form["email"]) > longest(Account.email):
        errors["email"] = _("Enter an email address like name@example.org.")
    if form["role"] not in set(Role):
        errors["role"] = _("Choose what this person can do.")
    if errors:
        return _people_page(organisation, errors=errors, form=form), 400
    email = normalise_email(form["email"])
    if any(normalise_email(m.account.email) == email for m in organisation.memberships):
        # Admins see every member's address on this page already: this reveals nothing.
        flash(_("%(email)s is already in %(org)s.", email=email, org=organisation.name), "info")
        return redirect(url_for("admin.people", organisation_id=organisation.id))
    token = invite(organisation, email, form["name"], Role(form["role"]), current_account())
    record("invited a person", f"{email} ({form['role']})", organisation.id)
    db.session.commit()
    if _email_invitation(organisation, email, Role(form["role"]), token):
        flash(
            _(
                "We have emailed %(email)s an invitation. They join %(org)s once they accept it.",
                email=email,
                org=organisation.name,
            ),
            "success",
        )
        return redirect(url_for("admin.people", organisation_id=organisation.id))
    link = external_url("joining.invited", token=token)
    return _people_page(organisation, new_link=link, invited=email), 200


def _email_invitation(organisation: Organisation, email: str, role: Role, token: str) -> bool:
    """Email the invitation's link when a mail server is set up; say whether it will go."""
    if not outbox.can_send():
        return False
    link = emailed_url("joining.invited", token=token)
    outbox.add(
        EmailKind.JOIN,
        email,
        current_language(),
        lambda: letters.join(organisation.name, role.value, link),
        organisation_id=organisation.id,
    )
    db.session.commit()
    outbox.send_waiting()
    return True


@blueprint.post("/invitations/<int:membership_invitation_id>/withdraw")
@login_required
def withdraw_invitation(
    organisation_id: int, membership_invitation_id: int
) -> Response | tuple[str, int]:
    """Withdraw an invitation nobody has accepted yet: its link stops working."""
    organisation = organisation_for(organisation_id, Role.ADMIN)
    invitation = db.session.get(MembershipInvitation, membership_invitation_id)
    if invitation is None or invitation.organisation_id != organisation.id:
        abort(404)
    db.session.delete(invitation)
    message = _("The invitation to %(email)s is withdrawn.", email=invitation.email)
    return _done(organisation, "withdrew an invitation", invitation.email, message)


@blueprint.post("/people/<int:membership_id>/role")
@login_required
def change_role(organisation_id: int, membership_id: int) -> Response | tuple[str, int]:
    """Change what someone can do in the organisation."""
    organisation = organisation_for(organisation_id, Role.ADMIN)
    membership = _membership(organisation, membership_id)
    role = request.form.get("role", "")
    if role not in set(Role):
        return _people_page(
            organisation, errors={"role": _("Choose what this person can do.")}
        ), 400
    if role != Role.ADMIN and _is_only_admin(membership):
        return _keep_an_admin(organisation)
    membership.role = Role(role)
    name = membership.account.name
    message = _("%(name)s's role is changed.", name=name)
    return _done(organisation, "changed a role", f"{name} ({role})", message)


@blueprint.post("/people/<int:membership_id>/remove")
@login_required
def remove_person(organisation_id: int, membership_id: int) -> Response | tuple[str, int]:
    """Take someone out of the organisation; their account stays for other organisations."""
    organisation = organisation_for(organisation_id, Role.ADMIN)
    membership = _membership(organisation, membership_id)
    if _is_only_admin(membership):
        return _keep_an_admin(organisation)
    name = membership.account.name
    db.session.delete(membership)
    message = _("%(name)s is no longer in %(org)s.", name=name, org=organisation.name)
    return _done(organisation, "removed a person", name, message)


@blueprint.get("/activity")
@login_required
def activity(organisation_id: int) -> str:
    """Show who did what recently."""
    organisation = organisation_for(organisation_id, Role.ADMIN)
    return render_template(
        "admin/activity.html", organisation=organisation, events=latest_events(organisation.id)
    )


@blueprint.get("/export")
@login_required
def export(organisation_id: int) -> Response:
    """Download everything the organisation holds as one JSON file."""
    organisation = organisation_for(organisation_id, Role.ADMIN)
    record("exported everything", organisation.name, organisation.id)
    db.session.commit()
    body = json.dumps(export_everything(organisation), indent=2, ensure_ascii=False)
    return private_download(body, "application/json", f"{organisation.slug}.json")


@blueprint.route("/delete", methods=["GET", "POST"])
@login_required
def delete(organisation_id: int) -> Response | tuple[str, int]:
    """Delete the organisation and everything in it, once its name is typed to confirm."""
    organisation = organisation_for(organisation_id, Role.ADMIN)
    if only_looking():
        return render_template("admin/delete.html", organisation=organisation, error=None), 200
    if request.form.get("confirm", "").strip() != organisation.name:
        error = _("Type the organisation's name exactly as shown to confirm.")
        return render_template("admin/delete.html", organisation=organisation, error=error), 400
    me = current_account()
    my_id = me.id if me is not None else None
    if my_id in delete_everything(organisation):
        sign_out()
    flash(_("The organisation and everything in it are deleted."), "success")
    return redirect(url_for("home.index"))
