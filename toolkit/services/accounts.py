"""Accounts and the single-use links that set their passwords."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from toolkit.core.tokens import hash_token, new_token
from toolkit.services import account_sessions
from toolkit.services.passwords import DEFAULT_METHOD, hash_password
from toolkit.storage.db import db
from toolkit.storage.models import (
    Account,
    AccountToken,
    Membership,
    MembershipInvitation,
    Organisation,
    Role,
)

RESET_LIFETIME = timedelta(hours=1)
# Someone invited may not see the email or message for a few days.
INVITATION_LIFETIME = timedelta(days=7)


def now() -> datetime:
    """Return the time in UTC, without a zone, as the database stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def looks_like_email(email: str) -> bool:
    return re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email) is not None


def account_by_email(email: str) -> Account | None:
    return db.session.scalar(
        select(Account).where(func.lower(Account.email) == normalise_email(email))
    )


def slug_for(name: str) -> str:
    """Make a unique web-safe name for an organisation."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:70] or "organisation"
    slug, n = base, 1
    while db.session.scalar(select(Organisation.id).where(Organisation.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_admin(
    email: str, name: str, organisation_name: str, password: str, method: str = DEFAULT_METHOD
) -> Account:
    """Create (or reuse) an organisation and make this person its admin."""
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.name == organisation_name)
    )
    if organisation is None:
        organisation = Organisation(name=organisation_name, slug=slug_for(organisation_name))
        db.session.add(organisation)
    account = account_by_email(email)
    if account is None:
        account = Account(email=normalise_email(email), name=name, password_hash="")
        db.session.add(account)
    set_password(account, password, method)
    account.is_active = True
    db.session.flush()
    add_member(organisation, account, Role.ADMIN)
    db.session.commit()
    return account


def add_member(organisation: Organisation, account: Account, role: Role) -> Membership:
    """Give an account a role in an organisation, changing it if it has one."""
    membership = db.session.scalar(
        select(Membership).where(
            Membership.account_id == account.id, Membership.organisation_id == organisation.id
        )
    )
    if membership is None:
        membership = Membership(account=account, organisation=organisation, role=role)
        db.session.add(membership)
    membership.role = role
    return membership


def invite(
    organisation: Organisation, email: str, name: str, role: Role, invited_by: Account | None
) -> str:
    """Invite an email address to join with a role, and return the token of its link.

    Nobody is added and nothing is looked up about the address: whether or not it has
    an account, the inviter gets the same link, and the person decides when they open it.
    Inviting the same address again replaces the earlier link.
    """
    token = new_token()
    address = normalise_email(email)
    invitation = db.session.scalar(
        select(MembershipInvitation).where(
            MembershipInvitation.organisation_id == organisation.id,
            MembershipInvitation.email == address,
        )
    )
    if invitation is None:
        invitation = MembershipInvitation(organisation_id=organisation.id, email=address)
        db.session.add(invitation)
    invitation.name = name.strip() or address
    invitation.role = role
    invitation.token_hash = hash_token(token)
    invitation.invited_by_id = invited_by.id if invited_by else None
    invitation.created_at = now()
    invitation.expires_at = now() + INVITATION_LIFETIME
    return token


def invitation_for(token: str) -> MembershipInvitation | None:
    """Return the invitation a link is for, if it has not expired or been answered."""
    found = db.session.scalar(
        select(MembershipInvitation).where(MembershipInvitation.token_hash == hash_token(token))
    )
    return found if found is not None and found.expires_at >= now() else None


def is_for(invitation: MembershipInvitation, account: Account) -> bool:
    """Say whether an invitation was made to this account's email address."""
    return normalise_email(account.email) == invitation.email


def accept(invitation: MembershipInvitation, account: Account) -> Membership:
    """Add the invited account to the organisation, using the invitation up."""
    assert is_for(invitation, account), "only the invited address can accept"
    membership = add_member(invitation.organisation, account, invitation.role)
    db.session.delete(invitation)
    return membership


def join_as_new_account(
    invitation: MembershipInvitation, name: str, password: str, method: str = DEFAULT_METHOD
) -> Account | None:
    """Create the account the invitation is for and add it; None if the address has one."""
    if account_by_email(invitation.email) is not None:
        return None
    account = Account(email=invitation.email, name=name, password_hash="")
    set_password(account, password, method)
    db.session.add(account)
    db.session.flush()
    accept(invitation, account)
    return account


def pending_invitations(organisation: Organisation) -> list[MembershipInvitation]:
    """Return the organisation's invitations not yet answered, newest first."""
    return list(
        db.session.scalars(
            select(MembershipInvitation)
            .where(MembershipInvitation.organisation_id == organisation.id)
            .order_by(MembershipInvitation.created_at.desc(), MembershipInvitation.id.desc())
        )
    )


def issue_link(account: Account, lifetime: timedelta = RESET_LIFETIME) -> str:
    """Make a single-use password link for an account and return its token."""
    token = new_token()
    db.session.add(
        AccountToken(
            account_id=account.id, token_hash=hash_token(token), expires_at=now() + lifetime
        )
    )
    return token


def account_for_link(token: str) -> Account | None:
    """Return the account a link is for, if the link is unused and unexpired."""
    found = db.session.scalar(
        select(AccountToken).where(AccountToken.token_hash == hash_token(token))
    )
    if found is None or found.used_at is not None or found.expires_at < now():
        return None
    return db.session.get(Account, found.account_id)


def set_password(account: Account, password: str, method: str = DEFAULT_METHOD) -> None:
    """Store a new password and sign the account out everywhere it was signed in.

    Whoever knew the old password, or held a copy of a cookie, is locked out; the web
    layer signs the person who changed it straight back in.
    """
    account.password_hash = hash_password(password, method)
    if account.id is not None:
        account_sessions.end_all(account)


def set_password_with_link(
    token: str, password: str, method: str = DEFAULT_METHOD
) -> Account | None:
    """Set a new password through a link, using up every open link for that account."""
    account = account_for_link(token)
    if account is None:
        return None
    set_password(account, password, method)
    db.session.execute(
        update(AccountToken)
        .where(AccountToken.account_id == account.id, AccountToken.used_at.is_(None))
        .values(used_at=now())
    )
    db.session.commit()
    return account
