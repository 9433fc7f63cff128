from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import uuid4

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toolkit.core.statuses import Collection, ResponseStatus
from toolkit.storage.db import belongs_to, db

if TYPE_CHECKING:
    from toolkit.storage.models.rounds import Round


class Response(db.Model):  # type: ignore[name-defined,misc]
    """One person's answers to one round.

    Dates are kept to the day and no address or browser is stored, so an
    anonymous response cannot be matched to a visit in a server log.
    """

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable across installs, so importing an archive twice adds nothing new.
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid4()))
    round_id: Mapped[int] = belongs_to("rounds")
    # The hash of the personal link it was started from, so the link carries on this
    # response and no other. Nothing links it to the invitation (and its label): the
    # invitation forgets its link as this is stored.
    link_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The personal link said which perspective (and organisation): they are not asked.
    perspective_given: Mapped[bool] = mapped_column(default=False)
    resume_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[ResponseStatus] = mapped_column(
        Enum(ResponseStatus, native_enum=False, length=20), default=ResponseStatus.DRAFT
    )
    # Recorded when answering: the same person may answer other rounds from elsewhere.
    perspective_key: Mapped[str | None] = mapped_column(String(64))
    partner_key: Mapped[str | None] = mapped_column(String(64))
    collected: Mapped[Collection] = mapped_column(
        Enum(Collection, native_enum=False, length=20), default=Collection.ONLINE
    )
    language: Mapped[str] = mapped_column(String(8), default="en")
    started_on: Mapped[date]
    submitted_on: Mapped[date | None]

    round: Mapped[Round] = relationship(back_populates="responses")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )
    comments: Mapped[list[Comment]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class Answer(db.Model):  # type: ignore[name-defined,misc]
    """One answer on a scale: a number, or an excluded answer such as "dont-know"."""

    __tablename__ = "answers"

    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    item_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The partner organisation the item was asked about; "" for ordinary items.
    partner_key: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    value: Mapped[int | None]
    excluded: Mapped[str | None] = mapped_column(String(64))

    response: Mapped[Response] = relationship(back_populates="answers")

    @property
    def answer(self) -> int | str | None:
        return self.value if self.value is not None else self.excluded


class Comment(db.Model):  # type: ignore[name-defined,misc]
    """A free-text story answer."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = belongs_to("responses")
    item_key: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="comments")
