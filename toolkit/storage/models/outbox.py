"""Emails waiting to go, sent, or given up on: the outbox."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.storage.db import belongs_to, db


class EmailStatus(StrEnum):
    WAITING = "waiting"  # to be sent at next_attempt_at, or retried then
    SENT = "sent"
    FAILED = "failed"  # every try failed; kept, with its reason, so nothing is lost


class EmailKind(StrEnum):
    ANSWER_LINK = "answer link"  # a personal link to answer a check
    REMINDER = "reminder"  # a personal link again, for someone who has not used it
    JOIN = "join"  # an invitation to join an organisation
    PASSWORD = "password"  # a link to choose a new password
    ROUND_CLOSED = "round closed"  # to facilitators: results are ready to look at and share
    NEXT_ROUND = "next round"  # to facilitators: a repeated check is ready as a draft


class Email(db.Model):  # type: ignore[name-defined,misc]
    """One email, kept from the moment it is asked for until it has gone.

    An email waiting to go holds its link and its address; once sent, both are
    wiped, so the outbox never keeps a usable link or joins an address to a link
    that may later stand for someone's answers.
    """

    __tablename__ = "emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EmailKind] = mapped_column(Enum(EmailKind, native_enum=False, length=20))
    # Whose email it is, so deleting an organisation or a round deletes its emails too.
    organisation_id: Mapped[int | None] = belongs_to("organisations")
    round_id: Mapped[int | None] = belongs_to("rounds")
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    status: Mapped[EmailStatus] = mapped_column(
        Enum(EmailStatus, native_enum=False, length=20), default=EmailStatus.WAITING, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    problem: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
