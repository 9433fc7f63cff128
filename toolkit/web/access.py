"""Who is signed in, and what they may see.

Every facilitator view loads its organisation, group or round through the
functions here, so a record from another organisation is a 404, never data.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from toolkit.services import account_sessions
from toolkit.services.accounts import now
from toolkit.services.readers import Audience, Reader, may_see_results
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    Group,
    Membership,
    Organisation,
    Role,
    Round,
    RoundStatus,
)

P = ParamSpec("P")
R = TypeVar("R")

# Higher roles can do everything lower ones can.
RANK = {Role.VIEWER: 0, Role.FACILITATOR: 1, Role.ADMIN: 2}


# The cookie's key for the signed-in session's token; the rest of the cookie (the
# language, a check being answered) is left alone when a session ends.
SESSION_KEY = "signed_in"


def session_limits() -> account_sessions.Limits:
    return account_sessions.Limits(
        idle=timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"]),
        lifetime=current_app.permanent_session_lifetime,
    )


def load_account() -> None:
    """Find who is signed in, afresh for each request, ending a session that has lapsed."""
    g.pop("account", None)
    # Stylesheets and scripts need nobody; a page that uses them has just checked.
    if request.endpoint != "static":
        current_account()


def current_account() -> Account | None:
    """Return the signed-in account, loaded once per request."""
    if "account" not in g:
        g.account = _signed_in()
    return g.account  # type: ignore[no-any-return]


def _signed_in() -> Account | None:
    token = session.get(SESSION_KEY)
    if not isinstance(token, str):
        return None
    found = account_sessions.check(token, session_limits(), now())
    # Nothing else is pending this early in a request, so the commit is the session's own.
    db.session.commit()
    if isinstance(found, account_sessions.Ended):
        session.pop(SESSION_KEY, None)
        flash(ENDED[found], "info")
        return None
    return found.account if found.account.is_active else None


ENDED = {
    account_sessions.Ended.IDLE: _l(
        "You were signed out after a while without using the toolkit, to keep answers safe "
        "on shared computers. Sign in again to carry on."
    ),
    account_sessions.Ended.EXPIRED: _l(
        "You were signed out because you signed in many hours ago. Sign in again to carry on."
    ),
    account_sessions.Ended.SIGNED_OUT: _l("You were signed out. Sign in again to carry on."),
}


def sign_in(account: Account) -> None:
    """Start a fresh session for the account (a new session defeats fixation)."""
    language = session.get("language")
    session.clear()
    account_sessions.forget_lapsed(session_limits(), now())
    session[SESSION_KEY] = account_sessions.start(account, now())
    db.session.commit()
    if language:
        session["language"] = language
    session.permanent = True
    g.account = account


def sign_out() -> None:
    """End this browser's session on the server too, so a copy of its cookie is useless."""
    token = session.get(SESSION_KEY)
    if isinstance(token, str):
        account_sessions.end(token)
        db.session.commit()
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language
    g.account = None


def sign_out_everywhere(account: Account) -> None:
    """End every session of the account, this browser's included."""
    account_sessions.end_all(account)
    db.session.commit()
    sign_out()


def sign_out_elsewhere(account: Account) -> None:
    """End every session of the account but this browser's, as a new password should."""
    token = session.get(SESSION_KEY)
    account_sessions.end_all(account, keep=token if isinstance(token, str) else None)
    db.session.commit()


def login_required(view: Callable[P, R]) -> Callable[P, R]:
    """Send people who are not signed in to the sign-in page."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        if current_account() is None:
            return redirect(url_for("auth.sign_in", next=request.full_path))  # type: ignore[return-value]
        return view(*args, **kwargs)

    return wrapped


def role_in(organisation_id: int) -> Role | None:
    """Return the signed-in account's role in an organisation, if any."""
    account = current_account()
    if account is None:
        return None
    return db.session.scalar(
        select(Membership.role).where(
            Membership.account_id == account.id,
            Membership.organisation_id == organisation_id,
        )
    )


def _allowed(organisation_id: int, needed: Role) -> bool:
    role = role_in(organisation_id)
    return role is not None and RANK[role] >= RANK[needed]


def may_facilitate(organisation_id: int) -> bool:
    """Say whether the signed-in account runs rounds here, to offer links only they can use."""
    return _allowed(organisation_id, Role.FACILITATOR)


def visible_organisations() -> list[Organisation]:
    """Return the organisations the signed-in account belongs to."""
    account = current_account()
    if account is None:
        return []
    return list(
        db.session.scalars(
            select(Organisation)
            .join(Membership)
            .where(Membership.account_id == account.id)
            .order_by(Organisation.name)
        )
    )


def organisation_for(organisation_id: int, needed: Role = Role.VIEWER) -> Organisation:
    """Load an organisation the account may act on with this role, or 404."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not _allowed(organisation.id, needed):
        abort(404)
    return organisation


def group_for(group_id: int, needed: Role = Role.VIEWER) -> Group:
    """Load a group the account may act on with this role, or 404."""
    group = db.session.get(Group, group_id)
    if group is None or not _allowed(group.organisation_id, needed):
        abort(404)
    return group


def round_for(round_id: int, needed: Role = Role.VIEWER) -> Round:
    """Load a round the account may act on with this role, or 404.

    Viewers see only rounds whose results have been shared.
    """
    found = db.session.get(Round, round_id)
    if found is None or not _allowed(found.group.organisation_id, needed):
        abort(404)
    if not may_see(found):
        abort(404)
    return found


def round_before_closing(round_id: int, refusal: str) -> Round:
    """Load a round a facilitator is preparing, or go back to it saying why it is too late.

    Personal links and reminders are for people still to answer, so they are made
    only while the round is being set up or open.
    """
    found = round_for(round_id, Role.FACILITATOR)
    if found.status not in (RoundStatus.DRAFT, RoundStatus.OPEN):
        flash(refusal)
        abort(redirect(url_for("rounds.show", round_id=found.id)))
    return found


def may_see(round_: Round) -> bool:
    """Say whether the signed-in account may see this round at all.

    Viewers see a round only once its results are theirs to see.
    """
    reader = reader_in(round_.group.organisation_id)
    if reader is None:
        return False
    return reader.audience is Audience.TEAM or may_see_results(round_, reader)


def reader_in(organisation_id: int) -> Reader | None:
    """Return the signed-in account as a reader of this organisation's results, if it is one."""
    role = role_in(organisation_id)
    account = current_account()
    if role is None or account is None:
        return None
    return Reader.with_role(role, account.id)


def reader_for(organisation_id: int) -> Reader:
    """Return the signed-in reader of an organisation already loaded through the checks here."""
    reader = reader_in(organisation_id)
    if reader is None:
        abort(404)
    return reader


def visible_rounds(group: Group) -> list[Round]:
    """Return the group's rounds the signed-in account may see, oldest first."""
    return [round_ for round_ in group.rounds if may_see(round_)]
