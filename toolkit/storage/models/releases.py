from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Enum, ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from toolkit.storage.db import belongs_to, db

if TYPE_CHECKING:
    from toolkit.storage.models.rounds import Round


class Release(db.Model):  # type: ignore[name-defined,misc]
    """A round's results as they left the toolkit: every output shows one of these.

    ``profile`` is the results as shown (``toolkit.core.scoring.snapshot``); ``people``
    says which responses stood behind each figure (``toolkit.core.scoring.history.pack``),
    never what they answered, so that a later release can be checked against it.
    """

    __tablename__ = "releases"
    __table_args__ = (UniqueConstraint("round_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = belongs_to("rounds")
    # 1 for a round's first release, then 2, 3...
    number: Mapped[int]
    made_at: Mapped[datetime] = mapped_column(server_default=func.now())
    profile: Mapped[dict[str, Any]] = deferred(mapped_column(JSON, nullable=False))
    # Emptied once the round's answers are deleted: no later release can follow then.
    people: Mapped[dict[str, Any]] = deferred(mapped_column(JSON, nullable=False))

    round: Mapped[Round] = relationship()


class Output(StrEnum):
    """Where figures went when they left the toolkit."""

    PAGE = "page"
    PDF = "pdf"
    DOWNLOAD = "download"
    ROWS = "rows"  # a download of each person's answers, as rows
    API = "api"
    ROOM = "room"


class Disclosure(db.Model):  # type: ignore[name-defined,misc]
    """One time a release's figures left the toolkit: when, how, and to what kind of reader."""

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = belongs_to("releases")
    output: Mapped[Output] = mapped_column(Enum(Output, native_enum=False, length=20))
    # A role, "respondent" or "api key": never who, beyond the account below.
    reader: Mapped[str] = mapped_column(String(20))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(server_default=func.now())
