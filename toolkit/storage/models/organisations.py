from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toolkit.storage.db import db

if TYPE_CHECKING:
    from toolkit.storage.models.accounts import Membership
    from toolkit.storage.models.groups import Group


class Organisation(db.Model):  # type: ignore[name-defined,misc]
    """A charity, council, NHS body, funder or community group using the toolkit."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    groups: Mapped[list[Group]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="Group.name"
    )
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )
