"""Your own account: a new password, and signing out on every computer and phone."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from toolkit.services import account_sessions
from toolkit.services.accounts import set_password
from toolkit.services.passwords import password_matches
from toolkit.storage.db import db
from toolkit.storage.models import Account
from toolkit.web.access import current_account, login_required, sign_in, sign_out_everywhere
from toolkit.web.auth import hash_method, new_password_problem

blueprint = Blueprint("account", __name__)


def _signed_in() -> Account:
    account = current_account()
    assert account is not None, "login_required lets only signed-in people through"
    return account


def _page(errors: dict[str, str], status: int = 200) -> tuple[str, int]:
    account = _signed_in()
    page = render_template(
        "auth/account.html",
        account=account,
        sessions=account_sessions.count(account),
        errors=errors,
    )
    return page, status


@blueprint.get("/account")
@login_required
def show() -> tuple[str, int]:
    """Show who is signed in, with a form for a new password and a way out everywhere."""
    return _page({})


@blueprint.post("/account/password")
@login_required
def change_password() -> Response | tuple[str, int]:
    """Change the password, signing out every other browser signed in to the account."""
    account = _signed_in()
    password = request.form.get("password", "")
    errors = {}
    if not password_matches(account.password_hash, request.form.get("current", "")):
        errors["current"] = _("Your current password is not right. Type it again.")
    elif problem := new_password_problem(password, request.form.get("confirm", "")):
        errors["password"] = problem
    if errors:
        return _page(errors, 400)
    set_password(account, password, hash_method())
    sign_in(account)
    flash(
        _("Your new password is set. Everywhere else you were signed in has been signed out."),
        "success",
    )
    return redirect(url_for("account.show"))


@blueprint.post("/sign-out-everywhere")
@login_required
def everywhere() -> Response:
    """Sign out on every computer and phone, this one included."""
    sign_out_everywhere(_signed_in())
    db.session.commit()
    flash(_("You have signed out on every computer and phone."), "success")
    return redirect(url_for("auth.sign_in"))
