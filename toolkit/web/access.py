"""Who is signed in, and what they may see.

Every facilitator view loads its organisation, group or round through the
functions here, so a record from another organisation is a 404, never data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort, g, redirect, request, session, url_for
from sqlalchemy import select

from toolkit.extensions import db
from toolkit.models import Account, Group, Membership, Organisation, Role, Round, RoundStatus

P = ParamSpec("P")
R = TypeVar("R")

# Viewers see results once they are shared with everyone who took part.
SHARED_WITH_VIEWERS = frozenset({RoundStatus.SHARED})

# Higher roles can do everything lower ones can.
RANK = {Role.VIEWER: 0, Role.FACILITATOR: 1, Role.ADMIN: 2}


def current_account() -> Account | None:
    """Return the signed-in account, loaded once per request."""
    if "account" not in g:
        account_id = session.get("account_id")
        account = db.session.get(Account, account_id) if account_id else None
        g.account = account if account is not None and account.is_active else None
    return g.account  # type: ignore[no-any-return]


def forget_account() -> None:
    """Look the account up afresh for each request: ``g`` can outlive one request."""
    g.pop("account", None)


def sign_in(account: Account) -> None:
    """Start a fresh session for the account (a new session defeats fixation)."""
    language = session.get("language")
    session.clear()
    session["account_id"] = account.id
    if language:
        session["language"] = language
    session.permanent = True


def sign_out() -> None:
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language


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


def may_see(round_: Round) -> bool:
    """Say whether the signed-in account may see this round at all."""
    role = role_in(round_.group.organisation_id)
    if role is None:
        return False
    return role != Role.VIEWER or round_.status in SHARED_WITH_VIEWERS


def visible_rounds(group: Group) -> list[Round]:
    """Return the group's rounds the signed-in account may see, oldest first."""
    return [round_ for round_ in group.rounds if may_see(round_)]
