from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import uuid4

from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toolkit.core.scoring.data import DEFAULT_THRESHOLD, LOWEST_THRESHOLD
from toolkit.core.statuses import RoundStatus
from toolkit.storage.db import belongs_to, db

if TYPE_CHECKING:
    from toolkit.storage.models.groups import Group
    from toolkit.storage.models.questionnaires import QuestionnaireVersion
    from toolkit.storage.models.responses import Response
    from toolkit.storage.models.routine import Reminder


class Round(db.Model):  # type: ignore[name-defined,misc]
    """One check: a group answering one questionnaire version between two dates."""

    __tablename__ = "rounds"
    __table_args__ = (
        CheckConstraint(f"threshold >= {LOWEST_THRESHOLD}", name="threshold_floor"),
        CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable across installs, so importing an archive twice adds nothing new.
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid4()))
    group_id: Mapped[int] = belongs_to("groups")
    questionnaire_version_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_versions.id", ondelete="RESTRICT")
    )
    title: Mapped[str] = mapped_column(String(200))
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    status: Mapped[RoundStatus] = mapped_column(
        Enum(RoundStatus, native_enum=False, length=20), default=RoundStatus.DRAFT
    )
    threshold: Mapped[int] = mapped_column(default=DEFAULT_THRESHOLD)
    collect_comments: Mapped[bool] = mapped_column(default=True)
    anonymous: Mapped[bool] = mapped_column(default=True)
    # Perspectives asked in this round, as keys of the group's perspectives.
    perspective_keys: Mapped[str] = mapped_column(Text, default="")
    # The shared link is meant to be handed out widely (posters, slides, QR codes), so
    # its token is kept to show again; lookups still go through the hash.
    shared_token: Mapped[str | None] = mapped_column(String(64))
    shared_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    retention_days: Mapped[int | None]
    # The round this one repeats, when the toolkit made it as the group's next check.
    repeats_round_id: Mapped[int | None] = mapped_column(
        ForeignKey("rounds.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    group: Mapped[Group] = relationship(back_populates="rounds")
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="round", cascade="all, delete-orphan"
    )
    responses: Mapped[list[Response]] = relationship(
        back_populates="round", cascade="all, delete-orphan"
    )
    reminders: Mapped[list[Reminder]] = relationship(
        cascade="all, delete-orphan", order_by="Reminder.send_on"
    )

    @property
    def perspectives_asked(self) -> list[str]:
        return [key for key in self.perspective_keys.split(",") if key]


class Invitation(db.Model):  # type: ignore[name-defined,misc]
    """A single-use personal link to answer one round.

    Once used, the invitation forgets its link (``token_hash`` becomes None) and the
    response keeps it instead, so that nothing joins a label such as "Alice Smith"
    to what Alice answered.
    """

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = belongs_to("rounds")
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    perspective_key: Mapped[str | None] = mapped_column(String(64))
    partner_key: Mapped[str | None] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200), default="")
    # Kept only while the link is unused and reminders are wanted: forgotten when the
    # link is first used, when its holder stops reminders, and when the round closes.
    email: Mapped[str | None] = mapped_column(String(254))
    # The language the link was emailed in, so reminders come in the same one.
    language: Mapped[str | None] = mapped_column(String(5))

    round: Mapped[Round] = relationship(back_populates="invitations")


class AgreedAction(db.Model):  # type: ignore[name-defined,misc]
    """Something the group agreed to try after a round."""

    __tablename__ = "agreed_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable across installs, so importing an archive twice adds nothing new.
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid4()))
    group_id: Mapped[int] = belongs_to("groups")
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="SET NULL"))
    dimension_key: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    what_happened: Mapped[str] = mapped_column(Text, default="")
    agreed_on: Mapped[date]

    group: Mapped[Group] = relationship(back_populates="actions")
    round: Mapped[Round | None] = relationship()
