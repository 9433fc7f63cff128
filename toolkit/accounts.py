"""Accounts and the single-use links that set their passwords."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from toolkit.extensions import db
from toolkit.models import Account, AccountToken, Membership, Organisation, Role
from toolkit.security.passwords import DEFAULT_METHOD, hash_password
from toolkit.tokens import hash_token, new_token

RESET_LIFETIME = timedelta(hours=1)
# Someone invited may not see the email for a few days.
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
    account.password_hash = hash_password(password, method)
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
    organisation: Organisation, email: str, name: str, role: Role
) -> tuple[Account, str | None]:
    """Add a person by email; return a link token when they must still choose a password."""
    account = account_by_email(email)
    if account is None:
        account = Account(email=normalise_email(email), name=name or email, password_hash="")
        db.session.add(account)
        db.session.flush()
    add_member(organisation, account, role)
    token = None if account.password_hash else issue_link(account, INVITATION_LIFETIME)
    return account, token


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


def set_password_with_link(
    token: str, password: str, method: str = DEFAULT_METHOD
) -> Account | None:
    """Set a new password through a link, using up every open link for that account."""
    account = account_for_link(token)
    if account is None:
        return None
    account.password_hash = hash_password(password, method)
    db.session.execute(
        update(AccountToken)
        .where(AccountToken.account_id == account.id, AccountToken.used_at.is_(None))
        .values(used_at=now())
    )
    db.session.commit()
    return account
