"""Signing in and out, and setting a password through a single-use link."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from toolkit.services import letters, outbox
from toolkit.services.accounts import (
    account_by_email,
    account_for_link,
    issue_link,
    set_password_with_link,
)
from toolkit.services.labels import current_language
from toolkit.services.links import emailed_url
from toolkit.services.passwords import DEFAULT_METHOD, SHORTEST_PASSWORD, password_matches
from toolkit.storage.db import db
from toolkit.storage.models import EmailKind, SignInProvider
from toolkit.web.access import sign_in as start_session
from toolkit.web.access import sign_out as end_session
from toolkit.web.inputs import only_looking
from toolkit.web.redirects import is_local_path, safe_next

blueprint = Blueprint("auth", __name__)


def hash_method() -> str:
    return str(current_app.config.get("PASSWORD_HASH_METHOD", DEFAULT_METHOD))


def new_password_problem(password: str, confirm: str) -> str | None:
    """Say what is wrong with a new password typed twice, or None when it will do."""
    if len(password) < SHORTEST_PASSWORD:
        return _("Choose a password of at least %(n)d characters.", n=SHORTEST_PASSWORD)
    if password != confirm:
        return _("The two passwords are different. Type the same password twice.")
    return None


def sign_in_page(email: str = "", error: str | None = None, status: int = 200) -> tuple[str, int]:
    wanted = request.args.get("next")
    page = render_template(
        "auth/sign_in.html",
        email=email,
        error=error,
        next=wanted if is_local_path(wanted) else "",
        providers=db.session.scalars(select(SignInProvider).order_by(SignInProvider.label)),
    )
    return page, status


@blueprint.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Response | tuple[str, int]:
    """Check an email and password and start a fresh session."""
    if only_looking():
        return sign_in_page()
    email = request.form.get("email", "").strip()
    password = request.form.get("password", "")
    account = account_by_email(email) if email else None
    stored = account.password_hash if account is not None and account.is_active else None
    if not password_matches(stored, password) or account is None:
        error = _("The email address or password is not right. Check them and try again.")
        return sign_in_page(email, error, 200)
    # Emails to them later (a round has closed, say) come in the language they use.
    account.language = current_language()
    start_session(account)
    return redirect(safe_next(request.form.get("next")))


@blueprint.post("/sign-out")
def sign_out() -> Response:
    end_session()
    flash(_("You have signed out."), "success")
    return redirect(url_for("auth.sign_in"))


@blueprint.route("/reset-password", methods=["GET", "POST"])
def reset_password() -> Response | str:
    """Email a single-use link to choose a new password."""
    if only_looking():
        return render_template("auth/reset_password.html", sent=False, error=None, email="")
    email = request.form.get("email", "").strip()
    if not email:
        error = _("Enter the email address you sign in with.")
        return render_template("auth/reset_password.html", sent=False, error=error, email="")
    account = account_by_email(email)
    if outbox.can_send() and account is not None and account.is_active:
        token = issue_link(account)
        link = emailed_url("auth.choose_password", token=token)
        outbox.add(
            EmailKind.PASSWORD, account.email, current_language(), lambda: letters.password(link)
        )
        db.session.commit()
        outbox.send_waiting()
    # The same answer whether or not the account exists, so nobody can test addresses.
    return render_template(
        "auth/reset_password.html",
        sent=True,
        emailed=outbox.can_send(),
        error=None,
        email=email,
    )


@blueprint.route("/reset-password/<token>", methods=["GET", "POST"])
def choose_password(token: str) -> Response | tuple[str, int]:
    """Let the holder of a valid link choose a new password."""
    account = account_for_link(token)
    if account is None:
        return render_template("auth/link_expired.html"), 404
    if only_looking():
        return render_template("auth/choose_password.html", account=account, error=None), 200
    password = request.form.get("password", "")
    error = new_password_problem(password, request.form.get("confirm", ""))
    if error is None:
        set_password_with_link(token, password, hash_method())
        start_session(account)
        flash(_("Your new password is set and you are signed in."), "success")
        return redirect(url_for("home.index"))
    return render_template("auth/choose_password.html", account=account, error=error), 200
