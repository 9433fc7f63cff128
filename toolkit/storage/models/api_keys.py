"""Keys that let another system read an organisation's data through the JSON API."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toolkit.storage.db import belongs_to, db

if TYPE_CHECKING:
    from toolkit.storage.models.organisations import Organisation


class ApiKey(db.Model):  # type: ignore[name-defined,misc]
    """A read-only key for one organisation; the key itself is shown once, only its hash kept."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = belongs_to("organisations")
    # What the key is for, e.g. "Council dashboard", so an admin knows which to withdraw.
    name: Mapped[str] = mapped_column(String(200))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # To the day only: enough to spot a key nobody uses any more.
    last_used_on: Mapped[date | None]

    organisation: Mapped[Organisation] = relationship()
