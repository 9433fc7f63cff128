from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toolkit.storage.db import belongs_to, db

if TYPE_CHECKING:
    from toolkit.storage.models.organisations import Organisation


class Role(StrEnum):
    ADMIN = "admin"  # manages people and settings
    FACILITATOR = "facilitator"  # runs rounds and sees results
    VIEWER = "viewer"  # sees shared results only


class Account(db.Model):  # type: ignore[name-defined,misc]
    """A person who signs in: an admin, facilitator or viewer."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    is_active: Mapped[bool] = mapped_column(default=True)
    # The language they last signed in with: emails to them come in it.
    language: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="account", cascade="all, delete-orphan"
    )


class Membership(db.Model):  # type: ignore[name-defined,misc]
    """An account's role in one organisation."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("account_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = belongs_to("organisations")
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))

    account: Mapped[Account] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")


class AccountSession(db.Model):  # type: ignore[name-defined,misc]
    """A browser signed in to an account; deleting the row signs that browser out.

    The cookie holds a random token and only its hash is stored here, so a copied
    cookie stops working the moment its row goes: at sign-out, "sign out everywhere",
    a new password, or after the idle and absolute limits.
    """

    __tablename__ = "account_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = belongs_to("accounts")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]

    account: Mapped[Account] = relationship()


class MembershipInvitation(db.Model):  # type: ignore[name-defined,misc]
    """An invitation to join an organisation, waiting for its link to be accepted.

    Nobody is added to the organisation until the holder of the email address opens
    the link and accepts it: signed in to the account with that address, or by
    choosing a password when no account has it yet. Only the token's hash is kept.
    """

    __tablename__ = "membership_invitations"
    __table_args__ = (UniqueConstraint("organisation_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = belongs_to("organisations")
    email: Mapped[str] = mapped_column(String(254))
    # The name the admin typed: offered to someone new when they choose a password.
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]

    organisation: Mapped[Organisation] = relationship()
