from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.storage.db import belongs_to, db


class AuditEvent(db.Model):  # type: ignore[name-defined,misc]
    """Something a facilitator or admin did, e.g. opened, closed or exported a round.

    The person's name is copied so the record still reads after their account goes.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = belongs_to("organisations")
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    who: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(300), default="")
    happened_at: Mapped[datetime] = mapped_column(server_default=func.now())


class AccountToken(db.Model):  # type: ignore[name-defined,misc]
    """A single-use link to set a password: a reset or an invitation to join.

    Only the token's hash is stored; the link itself is shown or sent once.
    """

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = belongs_to("accounts")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
