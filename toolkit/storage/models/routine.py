"""Reminders a facilitator plans for a round."""

from __future__ import annotations

from datetime import date

from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.storage.db import belongs_to, db


class Reminder(db.Model):  # type: ignore[name-defined,misc]
    """A day on which everyone with an unused personal link is reminded, once."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("round_id", "send_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = belongs_to("rounds")
    send_on: Mapped[date]
    sent_on: Mapped[date | None]
    # How many reminders went: shown to the facilitator only when k or more.
    sent_to: Mapped[int | None]
