from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import uuid4

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toolkit.core.statuses import GroupKind
from toolkit.storage.db import belongs_to, db

if TYPE_CHECKING:
    from toolkit.storage.models.organisations import Organisation
    from toolkit.storage.models.rounds import AgreedAction, Round


class Group(db.Model):  # type: ignore[name-defined,misc]
    """The people who run checks together and compare their views."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable across installs, so importing an archive twice adds nothing new.
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid4()))
    organisation_id: Mapped[int] = belongs_to("organisations")
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[GroupKind] = mapped_column(Enum(GroupKind, native_enum=False, length=20))
    description: Mapped[str] = mapped_column(Text, default="")
    # "Repeat every N months": closing a round makes the next one, as a draft.
    repeat_months: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    organisation: Mapped[Organisation] = relationship(back_populates="groups")
    perspectives: Mapped[list[Perspective]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="Perspective.position"
    )
    partners: Mapped[list[Partner]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="Partner.name"
    )
    rounds: Mapped[list[Round]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="Round.opens_on"
    )
    actions: Mapped[list[AgreedAction]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )
    standing_invitations: Mapped[list[StandingInvitation]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="StandingInvitation.id"
    )


class Perspective(db.Model):  # type: ignore[name-defined,misc]
    """A kind of member whose view the group wants compared, e.g. commissioners."""

    __tablename__ = "perspectives"
    __table_args__ = (UniqueConstraint("group_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))
    label_cy: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)

    group: Mapped[Group] = relationship(back_populates="perspectives")


class Partner(db.Model):  # type: ignore[name-defined,misc]
    """A member organisation of a partnership, which others may be asked about."""

    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("group_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))

    group: Mapped[Group] = relationship(back_populates="partners")


class StandingInvitation(db.Model):  # type: ignore[name-defined,misc]
    """Someone a repeating check invites by email each time a new round opens.

    The list is the group's own, kept apart from every link and response: a round
    made from it gets fresh personal links that know only the address, and forget
    it as any personal link does. It lasts while the check repeats.
    """

    __tablename__ = "standing_invitations"
    __table_args__ = (UniqueConstraint("group_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = belongs_to("groups")
    email: Mapped[str] = mapped_column(String(254))
    # For the facilitator's own use when reading the list; never put on a link.
    label: Mapped[str] = mapped_column(String(200), default="")
    perspective_key: Mapped[str | None] = mapped_column(String(64))
    partner_key: Mapped[str | None] = mapped_column(String(64))
    # The language the facilitator wrote the list in, so invitations come in it.
    language: Mapped[str] = mapped_column(String(5), default="en")

    group: Mapped[Group] = relationship(back_populates="standing_invitations")
