"""Answering an invitation to join an organisation, through the link that was sent.

The link alone adds nobody. Someone with an account signs in as the address the
invitation was made to and accepts it; someone new chooses a password. So an admin
who once made an account for an address, and kept its password, cannot use it to
join another organisation: that organisation's link went to the real person.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from toolkit.services.accounts import accept, invitation_for, is_for, join_as_new_account
from toolkit.services.audit import record
from toolkit.storage.db import db
from toolkit.storage.models import MembershipInvitation
from toolkit.web.access import current_account, sign_in
from toolkit.web.auth import hash_method, new_password_problem
from toolkit.web.inputs import only_looking, too_long

blueprint = Blueprint("joining", __name__)


def _page(
    invitation: MembershipInvitation,
    token: str,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
) -> str:
    return render_template(
        "auth/invited.html",
        invitation=invitation,
        token=token,
        account=current_account(),
        errors=errors or {},
        form=form or {"name": invitation.name},
    )


@blueprint.route("/invited/<token>", methods=["GET", "POST"])
def invited(token: str) -> Response | str | tuple[str, int]:
    """Show an invitation to join, and accept, decline or join with a new password."""
    invitation = invitation_for(token)
    if invitation is None:
        return render_template("auth/link_expired.html"), 404
    if only_looking():
        return _page(invitation, token)
    account = current_account()
    answer = request.form.get("answer", "")
    if account is None and answer == "join":
        return _join(invitation, token)
    if account is None or not is_for(invitation, account):
        # The page asks them to sign in as the invited address first.
        return _page(invitation, token), 403
    organisation = invitation.organisation
    if answer == "accept":
        membership = accept(invitation, account)
        record("joined", f"{account.name} ({membership.role.value})", organisation.id)
        db.session.commit()
        flash(_("You are now in %(org)s.", org=organisation.name), "success")
    else:
        db.session.delete(invitation)
        record("declined an invitation", account.name, organisation.id)
        db.session.commit()
        flash(_("You declined the invitation to %(org)s.", org=organisation.name), "success")
    return redirect(url_for("home.index"))


def _join(invitation: MembershipInvitation, token: str) -> Response | tuple[str, int]:
    """Join as someone new: choose a name and a password for the invited address."""
    form = {"name": request.form.get("name", "").strip()}
    password = request.form.get("password", "")
    errors = {}
    if not form["name"]:
        errors["name"] = _("Enter your name, as others in the organisation will see it.")
    elif problem := too_long(form["name"], MembershipInvitation.name, _("Your name")):
        errors["name"] = problem
    if problem := new_password_problem(password, request.form.get("confirm", "")):
        errors["password"] = problem
    if errors:
        return _page(invitation, token, errors=errors, form=form), 400
    organisation = invitation.organisation
    account = join_as_new_account(invitation, form["name"], password, hash_method())
    if account is None:
        # Only the holder of the link learns this, never the admin who invited them.
        errors["name"] = _(
            "%(email)s already has an account. Sign in with it to accept, or ask for a new "
            "password if you have forgotten it.",
            email=invitation.email,
        )
        return _page(invitation, token, errors=errors, form=form), 400
    record("joined", f"{account.name} ({invitation.role.value})", organisation.id, account)
    db.session.commit()
    sign_in(account)
    flash(_("Welcome. You are now in %(org)s.", org=organisation.name), "success")
    return redirect(url_for("home.index"))
